"""A lesson plan in the app: the plan this session holds, and the presenter walking it.

The plan page (pages/13_Lesson_plan.py, plan_view.py) edits `current()`; its link holds it
(`?plan=`, cnn_viz/lesson_plan.py). "Present this plan" turns presenter mode on and opens its
first step; from then on the toolbar's Next and Back go to the plan's next and previous
step (`move`), skipping every other one, and a step that asks a question opens it once, when
the walk arrives there (`take_ask`, which the live class reads before the page draws, so the
answer is held back from the first frame). A walk's place is in the address (`plan`, `at`),
so a reloaded projector goes on where it was.
"""

import streamlit as st

from .. import article, gallery, lesson_plan, oddities, ops
from ..lesson_plan import Ask, Plan, Step
from . import picture, settings
from .pages import BY_ID, LESSON
from .text import t

PLAN = "_plan"  # the plan this session holds (a lesson_plan.Plan)
AT = "_plan_at"  # the step the presenter's walk is on, or absent: not walking
ASKED = "_plan_asked"  # the steps whose question the class has been asked already
ASK_NOW = "_plan_ask_now"  # (step index, Ask) the walk has just arrived at: the class asks it
_LOADED = "_plan_loaded"  # this session read the address's plan once
URL_EXTRA = "_url_extra"  # what sync_url adds to the address (the walk's place)


def known(page_id, values, kind):
    """What a plan may hold of a step (lesson_plan.parse): a page of the walk, its settings
    that its link takes (as text), and whether that page asks questions of `kind`."""
    page = BY_ID.get(page_id)
    if page is None or page not in LESSON:
        return None
    kept = {}
    for setting in settings.BY_PAGE.get(page_id, ()):
        if setting.url and setting.parse(values.get(setting.url)) is not None:
            kept[setting.url] = str(values[setting.url])
    count = step_count(page_id, kept)  # a step past the lesson's last is not one (a link's "step 99")
    if count is not None and int(kept.get("step", 0)) >= count:
        del kept["step"]
    return kept, kind in page.asks


def step_count(page_id, values):
    """How many steps the convolution's or the pooling's lesson has with these settings (the
    link's, the others at their defaults), or None for another page."""
    found = {s.key: s.parse(values.get(s.url)) for s in settings.BY_PAGE.get(page_id, ()) if s.url}
    found = {key: value if value is not None else settings.get(key).default for key, value in found.items()}
    n = article.TOY_IMAGE.shape[0]
    if page_id == "conv":
        return ops.positions(n, found["conv_k"], found["conv_s"], found["conv_p"])
    if page_id == "pool":  # its input is the article's convolution
        return ops.positions(ops.output_size(n, article.TOY_KERNEL.shape[0]), found["pool_size"], found["pool_stride"])
    return None


def current():
    """The plan this session holds (an empty one to begin with)."""
    return st.session_state.get(PLAN) or Plan()


def keep(plan):
    st.session_state[PLAN] = plan


def has_picture(sample_id):
    """Whether a plan's picture is one of this app's (a gallery sample or an odd one)."""
    return gallery.by_id(sample_id) is not None or sample_id in oddities.available()


def read_file(raw):
    """The plan a file holds; lesson_plan.BadPlan when it holds none."""
    return lesson_plan.from_json(raw, known, has_picture)


def read(text):
    """The plan a link's text holds, or None (and the page says why) when it holds none."""
    try:
        return lesson_plan.decode(text, known, has_picture)
    except lesson_plan.BadPlan:
        return None


def load_from_address():
    """Once a session: the plan a link carries (?plan=), and the walk's place (?at=) if the
    link was the presenter's. A link that holds no plan leaves a note for the plan page."""
    state = st.session_state
    if state.get(_LOADED):
        return
    state[_LOADED] = True
    text = st.query_params.get("plan")
    if not text:
        return
    plan = read(text)
    if plan is None:
        state[_NOTICE] = t("plan.bad_link")
        return
    state[PLAN] = plan
    changed(plan)
    at = st.query_params.get("at", "")
    if state.get("presenter") and at.isdigit() and 0 < int(at) <= len(plan.steps):
        state[AT] = int(at) - 1


_NOTICE = "_plan_notice"  # what reading a plan left out, said once on the next page drawn


def changed(plan):
    """Say, on the next page drawn, what reading a plan (a link's, a file's) left out."""
    if plan.dropped or plan.cut or plan.lost_picture:
        parts = [t("plan.read_dropped", n=plan.dropped)] if plan.dropped else []
        parts += [t("plan.read_cut", n=plan.cut, most=lesson_plan.MAX_STEPS)] if plan.cut else []
        parts += [t("plan.read_picture", picture=plan.lost_picture)] if plan.lost_picture else []
        st.session_state[_NOTICE] = " ".join(parts)


def notices():
    """Before a page draws: what the last plan read left out, or that a link held none, in one
    warning, once (a presenter's link that lost its plan would otherwise walk the usual lesson
    unnoticed)."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.warning(notice, icon="🗒️")


def walking():
    """The step index the presenter's walk is on, or None."""
    state = st.session_state
    at = state.get(AT)
    if at is None or not state.get("presenter") or not (0 <= at < len(current().steps)):
        return None
    return at


def address_extra(page_id):
    """What the address holds besides the page's own settings (settings.sync_url writes it):
    on the plan page its plan, and while the presenter walks one, the plan and the place, so
    a reload goes on where it was. Nothing where the plan is too long for a link."""
    state, at, plan = st.session_state, walking(), current()
    text = lesson_plan.encode(plan) if plan.steps and (at is not None or page_id == "plan") else ""
    if not text or len(text) > lesson_plan.MAX_LINK:
        state.pop(URL_EXTRA, None)
    elif page_id == "plan" or BY_ID[page_id] not in LESSON:
        state[URL_EXTRA] = {"plan": text}
    else:
        state[URL_EXTRA] = {"plan": text, "at": str(at + 1)}


def start():
    """ "Present this plan": presenter mode, the plan's picture; returns the first step's
    (page id, settings), for the caller to open (toolbar.go_to_plan_step)."""
    state, plan = st.session_state, current()
    state["presenter"] = True
    state[ASKED] = set()
    if plan.picture:
        picture.set_linked(plan.picture)


def arrive(index, asks=True):
    """The walk is now at step `index`: its question, if it has one not yet opened (and
    `asks`: Next arrived, not Back), opens once. Returns (page id, settings) to open: every
    setting the step names and the page's others at their defaults, so the worksheet prints
    the numbers of exactly this view."""
    state = st.session_state
    step = current().steps[index]
    state[AT] = index
    if asks and step.ask and index not in state.setdefault(ASKED, set()):
        state[ASK_NOW] = (index, step.ask)
    else:
        state.pop(ASK_NOW, None)
    return step.page, step_settings(step)


def step_settings(step):
    """{session key: value} of the step's page: what the step names, every other setting at its
    default (the bias a link cannot name too), so the screen shows the worksheet's numbers."""
    found = settings.from_url(step.page, step.values)
    return {s.key: found.get(s.key, s.default) for s in settings.BY_PAGE.get(step.page, ())}


def take_ask():
    """The question the walk has just arrived at (an Ask), once; None if none. The class then
    asks it (asked()), or no class runs yet: then the panel offers it (here())."""
    found = st.session_state.pop(ASK_NOW, None)
    return found[1] if found else None


def here():
    """The question of the step the walk is on, if the class has not been asked it: what the
    panel's "Ask about" offers first (a class started on that step, or the plan's first step)."""
    at = walking()
    step = current().steps[at] if at is not None else None
    return step.ask if step and step.ask and at not in st.session_state.get(ASKED, set()) else None


def asked(kind):
    """The class has been asked a question of `kind`: if it is the step's, it opens no more."""
    at = walking()
    if at is not None and current().steps[at].ask and current().steps[at].ask.kind == kind:
        st.session_state.setdefault(ASKED, set()).add(at)


def pending_kind():
    """The kind of question the walk has just arrived at (still to be asked), or None."""
    found = st.session_state.get(ASK_NOW)
    return found[1].kind if found else None


def step_title(step, index=None):
    """ "Convolution · step 5" (the page's lesson step, counted from 1, or its layer)."""
    page = BY_ID[step.page]
    title = t(page.title_key)
    if page.lesson:
        value = step_settings(step)[page.lesson]
        shown = value + 1 if isinstance(value, int) else value
        title = t("plan.layer_of_page" if page.lesson == "fm_layer" else "plan.step_of_page", page=title, step=shown)
    return f"{index + 1}. {title}" if index is not None else title


def ask_text(ask):
    """ "asks: the output value · 30 s · how sure · vote again"."""
    parts = [t(f"live.kind.{ask.kind}")]
    if ask.timer:
        parts.append(t("live.timer_seconds", n=ask.timer))
    if ask.sure:
        parts.append(t("plan.sure_short"))
    if ask.again:
        parts.append(t("plan.again_short"))
    return t("plan.asks", what=" · ".join(parts))


def new_step(page_id, value, ask_kind, timer, sure, again):
    """A step from the plan page's form: the page's lesson setting at `value` (a number counted
    from 1, or a layer's name), the question if one is chosen."""
    page = BY_ID[page_id]
    values = {}
    if page.lesson and value is not None:
        setting = settings.get(page.lesson)
        try:  # what the form's box holds (a forged message may send anything): the setting's own check
            url_value = value if setting.options is not None else int(value) - 1
        except (TypeError, ValueError, OverflowError):
            url_value = None
        if setting.parse(str(url_value)) is not None:
            values[setting.url] = str(url_value)
    timer = timer if timer in lesson_plan.TIMERS else 0
    ask = Ask(ask_kind, timer, bool(sure), bool(again)) if ask_kind in page.asks else None
    return Step(page_id, values, ask)
