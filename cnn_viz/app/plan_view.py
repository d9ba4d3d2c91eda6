"""The lesson plan page: the picture, the steps in their order with the questions they ask,
the plan's link (or its file), "Present this plan", and its worksheet.

Every change goes through a callback, so the address bar (planning.address_extra) holds the
plan as it is on the screen: copying the address shares it.
"""

import streamlit as st

from .. import gallery, lesson_plan, oddities
from ..lesson_plan import Ask, Plan, Step
from ..live import questions
from . import picture, planning, settings, toolbar, uploader, worksheet
from .classroom import common
from .pages import BY_ID, LESSON
from .text import lang, t

NO_QUESTION = ""
SHEET = "plan_sheet"  # the worksheet is on the screen (to print), instead of the editor
# The article's story in ten steps, for a teacher who starts from something: what convolution
# and pooling compute, then what the network makes of one picture.
EXAMPLE = Plan(
    "cat-1",
    (
        Step("image"),
        Step("conv", {"step": "0"}, Ask("conv_value", 60)),
        Step("conv", {"step": "1"}),
        Step("conv", {"step": "4"}, Ask("conv_value", 60, sure=True)),
        Step("conv", {"step": "5"}, Ask("trap_bias", 30, again=True)),
        Step("pool", {"step": "0"}, Ask("pool_max", 30)),
        Step("pool", {"step": "3"}, Ask("pool_average", 60)),
        Step("maps", {"layer": "conv1"}),
        Step("predict", {}, Ask("predict", 30, sure=True)),
        Step("why", {}, Ask("look", 30)),
    ),
)


def page():
    plan = planning.current()
    if st.session_state.get(SHEET) and plan.steps:
        _sheet(plan)
        return
    st.title(t("plan.title"))
    st.write(t("plan.intro"))
    _picture_ui(plan)
    _steps_ui(plan)
    _add_ui()
    _use_ui(plan)


# ------------------------------------------------------------------------------ the picture


def _picture_ui(plan):
    st.header(t("plan.h_picture"))
    ids = [lesson_plan.PICTURE_OWN, *(s.id for s in gallery.samples()), *oddities.available()]
    if plan.picture not in ids:
        ids.append(plan.picture)
    st.session_state["plan_picture"] = plan.picture
    # Each label made now, in this run's language: a format function that reads the session's
    # language later (AppTest calls it outside the run) would name another language's option.
    names = {i: _picture_name(i) for i in ids}
    st.selectbox(t("plan.picture"), ids, key="plan_picture", format_func=names.get, on_change=_set_picture)


def _picture_name(sample_id):
    if sample_id == lesson_plan.PICTURE_OWN:
        return t("plan.picture_own")
    return picture.option_label(sample_id) if sample_id in oddities.KINDS or "-" in sample_id else sample_id


def _set_picture():
    plan, chosen = planning.current(), st.session_state.get("plan_picture")
    if chosen == lesson_plan.PICTURE_OWN or picture.linked(str(chosen)) is not None:  # one the box offers
        planning.keep(Plan(chosen, plan.steps))


# -------------------------------------------------------------------------------- the steps


def _steps_ui(plan):
    st.header(t("plan.h_steps"))
    if not plan.steps:
        st.info(t("plan.empty"))
        st.button(t("plan.example"), key="plan_example", on_click=planning.keep, args=(EXAMPLE,))
        return
    last = len(plan.steps) - 1
    for i, step in enumerate(plan.steps):
        line = f"**{planning.step_title(step, i)}**"
        if step.ask:
            line += f" — {planning.ask_text(step.ask)}"
        # A row that stays a row on a phone (columns would stack the three buttons one per line).
        with st.container(key=f"plan_row_{i}", horizontal=True, vertical_alignment="center"):
            st.markdown(line, width="stretch")
            with st.container(horizontal=True, width="content", wrap=False, gap="small"):
                st.button("↑", key=f"plan_up_{i}", on_click=_swap, args=(i, i - 1), disabled=i == 0, help=t("plan.up"))
                down = dict(on_click=_swap, args=(i, i + 1), disabled=i == last, help=t("plan.down"))
                st.button("↓", key=f"plan_down_{i}", **down)
                st.button("✕", key=f"plan_drop_{i}", on_click=_drop, args=(i,), help=t("plan.drop"))
    with st.popover(t("plan.clear"), key="plan_clear_menu"):  # asked twice: nothing brings a plan back
        st.button(t("plan.clear_sure", n=len(plan.steps)), key="plan_clear", on_click=planning.keep,
                  args=(Plan(plan.picture),), type="primary")  # fmt: skip


def _swap(i, j):
    steps = list(planning.current().steps)
    steps[i], steps[j] = steps[j], steps[i]
    planning.keep(planning.current().with_steps(steps))


def _drop(i):
    steps = list(planning.current().steps)
    del steps[i]
    planning.keep(planning.current().with_steps(steps))


def _add_ui():
    """A new step: the page, where on it, and the question it asks (with its options). The
    choices are kept apart from the widgets, whose keys name the language: a box drawn in one
    language is drawn anew in the other, its choice kept."""
    st.subheader(t("plan.h_add"))
    state, lang_key = st.session_state, lang()
    state.setdefault(_NEW, {"page": LESSON[0].id, "ask": NO_QUESTION, "timer": 0})
    new = state[_NEW]
    where, at, ask = st.columns([1.4, 1, 1.6], vertical_alignment="bottom")
    titles = {p.id: t(p.title_key) for p in LESSON}
    state[f"plan_new_page_{lang_key}"] = new["page"]
    where.selectbox(t("plan.page"), list(titles), key=f"plan_new_page_{lang_key}", format_func=titles.get,
                    on_change=_keep_new, args=("page", f"plan_new_page_{lang_key}"))  # fmt: skip
    page = BY_ID[new["page"]]
    count = planning.step_count(page.id, {})
    if page.lesson == "fm_layer":
        at.selectbox(t("plan.layer"), settings.LAYERS, key="plan_new_layer")
    elif count:
        at.number_input(t("plan.step_n", n=count), 1, count, key=f"plan_new_step_{page.id}", help=t("plan.step_help"))
    elif page.lesson:
        at.number_input(t("plan.step"), 1, 20, key=f"plan_new_step_{page.id}", help=t("plan.step_help"))
    kinds = [NO_QUESTION, *page.asks]
    names = {k: _kind_name(k) for k in kinds}
    state[f"plan_new_ask_{lang_key}"] = new["ask"] if new["ask"] in kinds else NO_QUESTION
    ask.selectbox(t("plan.ask"), kinds, key=f"plan_new_ask_{lang_key}", format_func=names.get,
                  on_change=_keep_new, args=("ask", f"plan_new_ask_{lang_key}"))  # fmt: skip
    if state[f"plan_new_ask_{lang_key}"] != NO_QUESTION:  # the question's options, only when there is one
        timer, sure, again = st.columns([1.6, 1, 1], vertical_alignment="bottom")
        name = lambda n: t("live.timer_off") if not n else t("live.timer_seconds", n=n)
        state.setdefault("plan_new_timer", 0)
        timer.segmented_control(t("live.timer"), common.TIMERS, key="plan_new_timer", format_func=name, required=True)
        sure.toggle(t("live.confidence"), key="plan_new_sure", help=t("live.confidence_help"))
        again.toggle(t("plan.again"), key="plan_new_again", help=t("plan.again_help"))
    full = len(planning.current().steps) >= lesson_plan.MAX_STEPS
    st.button(t("plan.add"), key="plan_add", on_click=_add, type="primary", disabled=full)
    if full:
        st.caption(t("plan.full", n=lesson_plan.MAX_STEPS))


_NEW = "_plan_new"  # the new step's page and question, kept apart from their widgets


def _keep_new(what, key):
    """Keep the box's choice, if it is one the box offers (a forged message can send anything)."""
    value = st.session_state.get(key)
    allowed = {p.id for p in LESSON} if what == "page" else {NO_QUESTION, *questions.KINDS}
    if value in allowed:
        st.session_state[_NEW][what] = value


def _kind_name(kind):
    return t("plan.no_question") if kind == NO_QUESTION else t(f"live.kind.{kind}")


def _add():
    """Add the step the form describes; the form is then ready for the next one: the same page,
    its next step, no question."""
    state = st.session_state
    new = state[_NEW]
    page = BY_ID[new["page"]]
    key = f"plan_new_step_{page.id}"
    value = state.get("plan_new_layer") if page.lesson == "fm_layer" else state.get(key)
    asking = new["ask"] != NO_QUESTION
    options = (state.get("plan_new_timer") or 0, state.get("plan_new_sure"), state.get("plan_new_again"))
    step = planning.new_step(page.id, value, new["ask"], *(options if asking else (0, False, False)))
    planning.keep(planning.current().with_steps([*planning.current().steps, step]))
    new["ask"] = NO_QUESTION
    state["plan_new_timer"], state["plan_new_sure"], state["plan_new_again"] = 0, False, False
    count = planning.step_count(page.id, {})
    if isinstance(value, int) and count and value < count:
        state[key] = value + 1


# ---------------------------------------------------------------------------- using the plan


def _use_ui(plan):
    st.header(t("plan.h_use"))
    if not plan.steps:
        st.caption(t("plan.nothing_yet"))
    else:
        text = lesson_plan.encode(plan)
        if len(text) <= lesson_plan.MAX_LINK:
            st.write(t("plan.link_text"))
            st.code(_link(text), language=None, wrap_lines=True)
        else:
            st.warning(t("plan.too_long", n=len(text), most=lesson_plan.MAX_LINK))
        present, sheet, download = st.columns(3, vertical_alignment="bottom")
        present.button(t("plan.present"), key="plan_present", on_click=_present, type="primary", width="stretch")
        sheet.button(t("plan.worksheet"), key="plan_show_sheet", on_click=_show_sheet, args=(True,), width="stretch")
        download.download_button(
            t("plan.download"), lesson_plan.to_json(plan), "lesson-plan.json", "application/json",
            key="plan_download", width="stretch", on_click="ignore",
        )  # fmt: skip
    opened = uploader.file_uploader(
        t("plan.open_file"), "plan_file", lesson_plan.MAX_FILE, types=["json"],
        too_big=t("plan.file_too_large", kb=lesson_plan.MAX_FILE // 1000),
    )  # fmt: skip
    if opened is not None:
        _open_file(opened)


def _link(text):
    """The plan page's address with this plan: it opens in the reader's own language."""
    return f"{common.base_url()}/{BY_ID['plan'].url_path}?plan={text}"


def _open_file(opened):
    """A plan file: read once (its name and size say whether it is new), else one sentence."""
    state = st.session_state
    stamp = (opened.name, opened.size, getattr(opened, "file_id", ""))
    if state.get("_plan_file_read") == stamp:
        return
    state["_plan_file_read"] = stamp
    try:
        plan = planning.read_file(opened.getvalue()[: lesson_plan.MAX_FILE + 1])
    except lesson_plan.BadPlan as why:
        st.error(t("plan.file_too_large", kb=lesson_plan.MAX_FILE // 1000) if why.too_large else t("plan.bad_file"))
        return
    planning.keep(plan)
    planning.changed(plan)
    st.rerun()


def _present():
    planning.start()
    toolbar.go_to_plan_step(0)


def _show_sheet(shown):
    st.session_state[SHEET] = shown


# ------------------------------------------------------------------------------- worksheet


def _sheet(plan):
    """The worksheet, as it prints; its controls stay off the paper (worksheet.PRINT_CSS)."""
    with st.container(key="plan_controls"):
        st.title(t("plan.worksheet_title"))
        st.caption(t("plan.print_how"))
        back, _ = st.columns([1, 3])
        back.button(t("plan.back_to_plan"), key="plan_hide_sheet", on_click=_show_sheet, args=(False,))
    image = (picture.linked(plan.picture) if plan.picture else None) or picture.current()
    body, _ = worksheet.sheet(plan, image)
    st.html(body)
