"""The teacher's panel under the projector's toolbar: start a room (with the deployment's
passcode), ask, actions.reveal, a second vote, end, the results and their CSV; the teacher's cookies
(the room, through a reload; the choices, through a reload)."""

import functools

import streamlit as st

from ...live import limits, rooms, store
from .. import browser, picture, planning, remote
from ..text import t
from . import actions, common, lesson, projector, results

_RESUMED = "_live_resumed"  # this session looked for a teacher's cookie already
_LOST = "_live_lost"  # the code of the room this browser's cookie named, gone from the store


# The room's code while the class joins: read from the back row (84 px on a projector).
ROOM_CODE_CSS = """<style>
.cnnviz-room-code { font-size: 4rem; font-weight: 800; letter-spacing: 0.12em; line-height: 1.15; }
</style>"""


def resume():
    """Before a presenter's page runs: a browser that holds a room's teacher cookie (a reload,
    another tab, a restarted server, another replica) takes its room back, once a session."""
    state = st.session_state
    if common.TEACHER in state or state.get(_RESUMED) or not state.get("presenter"):
        return
    state[_RESUMED] = True
    code, _, token = str(st.context.cookies.get(common.COOKIE) or "").partition(".")
    if not (rooms.normal_code(code) == code and token):
        return
    try:
        if store().is_teacher(code, token):
            state[common.TEACHER] = (code, token)
            state["_live_resumed_now"] = True
        else:  # the room is gone (expired, or the store lost it): say so, and forget it
            state[common.COOKIE_TODO], state[_LOST] = "clear", code
    except rooms.Unavailable:
        state[_RESUMED] = False  # try again on the next run


def _set_cookie(name, code, token, where=st):
    """Keep "CODE.TOKEN" in a cookie of this browser; token None clears it. A constant script:
    the code must be one of our codes and the token URL-safe (secrets.token_urlsafe), so no
    visitor's input ever reaches it."""
    if token is None:
        browser.run_script(f'document.cookie = "{name}=; path=/; max-age=0; samesite=strict";', where)
    elif rooms.normal_code(code) == code and token.replace("-", "").replace("_", "").isalnum():
        value = f"{code}.{token}; path=/; max-age={common.COOKIE_AGE}; samesite=strict"
        browser.run_script(f'document.cookie = "{name}={value}";', where)


def _write_cookie(where):
    """Set or clear the teacher's cookie, as the last callback asked."""
    todo = st.session_state.pop(common.COOKIE_TODO, None)
    if todo == "set" and common.TEACHER in st.session_state:
        _set_cookie(common.COOKIE, *st.session_state[common.TEACHER], where)
    elif todo == "clear":
        _set_cookie(common.COOKIE, "", None, where)


@common.guarded
def teacher_panel(where):
    """In presenter mode: start a class, or run the one this browser started."""
    state = st.session_state
    _write_cookie(where)
    _write_prefs(where)
    if common.TEACHER not in state:
        if state.get(_LOST):
            where.warning(t("live.gone", code=state.pop(_LOST)))
        _start_ui(where)
        return
    code, token = state[common.TEACHER]
    view = store().view(code, teacher=token)
    if view is None:  # expired, or the store lost it
        state.pop(common.TEACHER)
        state[common.COOKIE_TODO] = "clear"
        where.info(t("live.gone", code=code))
        _start_ui(where)
        return
    if view.ended:
        results.show(where, code, token, view.named)
        _start_ui(where)
        return
    offered = state.get(lesson.OFFER, [])
    view = _ask_pending(code, token, view, offered)
    if _held_back(view) != set(state.get(lesson.HIDE, ())):
        st.rerun()  # Next's kind is not asked on this step after all: draw the page again, not hidden
    state[lesson.DRAWN] = lesson.moment(view)
    notice = state.pop("_live_notice", None)
    if notice:
        st.toast(t(notice), icon="📊")
    if state.pop("_live_resumed_now", False):
        st.toast(t("live.resumed", code=code), icon="📡")  # a toast: it pushes no control down
    with where:
        remote.device_prompt(code, token)  # a device asking to run this class, whatever the panel shows
    if lesson.is_open(view):  # compact: the class works from the step under it (Reveal is in the toolbar)
        _open_panel(where, code, token, offered, view)
        return
    with where.expander(t("live.panel", code=code), expanded=True), st.container(key="live_panel"):
        link = common.join_link(code)
        st.html(ROOM_CODE_CSS)
        if view.question is None:  # the class is joining: the code and QR code for the back row
            qr, about = st.columns([1, 2], vertical_alignment="top")
            picture.show(common.qr_picture(link, scale=8), 330, container=qr)
            qr.markdown(link)  # as a link of the page's own colour: a caption's faded link failed contrast (2.96:1)
            big, joined = about.columns([2.2, 1], vertical_alignment="center")
            big.markdown(f'<div class="cnnviz-room-code">{code}</div>', unsafe_allow_html=True)
            with joined:
                projector.projector(code, token)
            room, other = about.columns([2.2, 1], vertical_alignment="center")
            room.markdown(t("live.room", code=code))
            _other_device(other, code)
            _teacher_controls(about, offered, "joining")  # beside the QR code: all in view at 1280 x 720
        else:  # revealed: what the class learns on the left; the controls, then the bars, on the right
            lessons, controls = st.columns([2.6, 2.4], vertical_alignment="top")
            with lessons:
                projector.revealed_lessons(view)
            with controls:
                projector.projector(code, token)  # draws nothing now: it looks for the room's next move
            device = functools.partial(_other_device, code=code)  # the room's code is in the panel's title
            _teacher_controls(controls, offered, "revealed", view.question, view.revealed, device)
            with controls:  # under the controls: the busiest reveal (two votes, how sure) fits 720 rows
                projector.answers(view, height=105)


def _ask_pending(code, token, view, offered):
    """The question the lesson plan asks at the step the walk has just arrived at, if the page
    offers its kind (with the plan's time, "how sure" and second vote); the room's view after it."""
    planned = planning.take_ask()
    following = next((q for q in offered if q["kind"] == planned.kind), None) if planned else None
    if following is None or (view and view.question and common.base_id(view.question) == following["id"]):
        return view  # nothing to ask, or this step's question is the room's (open or revealed) already
    step = planning.walking()
    actions.ask(following, timer=planned.timer, sure=planned.sure, again=planned.again, plan_step=step + 1)
    return store().view(code, teacher=token) or view


def _held_back(view):
    """The kinds a page drawn now would hold back for this view."""
    return ({view.question["kind"]} if lesson.is_open(view) else set()) | ({lesson.unasked(view)} - {None})


def _open_panel(where, code, token, offered, view):
    """While the class answers: one row, so the step it works from stays on the projector's
    screen. The room's code for latecomers; the answers so far and the other controls behind
    two buttons (the answers are not shown to the class unless the teacher opens them)."""
    with where.container(key="live_panel_open"):
        room, answers, more = st.columns([2.6, 1.6, 1.6], vertical_alignment="center")
        room.markdown(t("live.room_short", code=code))
        with answers.popover(t("live.answers_so_far"), icon="📊", width="stretch", key="live_answers"):
            projector.projector(code, token)
        with more.popover(t("live.more"), icon="⚙️", width="stretch", key="live_more"):
            _teacher_controls(st, offered, "stacked", view.question, view.revealed)


def _start_ui(where):
    if actions.passcode():  # a form: Start sends what the box holds, even when it was never left (Tab, the eye)
        with where.form("live_start_form", border=False, enter_to_submit=True):
            cols = st.columns([1.2, 1, 1.4], vertical_alignment="bottom")
            cols[0].text_input(t("live.passcode"), key="live_passcode", type="password", max_chars=64)
            cols[1].form_submit_button(
                t("live.start"), key="live_start", on_click=actions.open_room, help=t("live.start_help")
            )
            cols[2].toggle(t("live.named"), key="live_named", help=t("live.named_help"))
    else:
        cols = where.columns([1, 1.4], vertical_alignment="bottom")
        cols[0].button(t("live.start"), key="live_start", on_click=actions.open_room, help=t("live.start_help"))
        cols[1].toggle(t("live.named"), key="live_named", help=t("live.named_help"))
    refused = st.session_state.pop("_live_start_refused", None)
    if refused:
        where.warning(t(refused, n=limits.OPENS))


def _teacher_controls(where, offered, layout="stacked", question=None, revealed=False, device=None):
    """What to ask, then Ask and End, with the options (how sure, the time to answer):
    `layout` "joining" (beside the QR code) or "revealed"
    (beside the answers), the options behind a ⚙️ button so that each fits a projector's
    720 rows, or "stacked" (all in view, in the open question's ⚙️ menu). `device(where)` draws
    📱 Another device beside the options. While a
    question is open, Ask is not the primary button (Reveal is, in the toolbar): a press
    would replace the open question."""
    if not offered:
        where.caption(t("live.nothing_here"))
        where.button(t("live.end"), key="live_end", on_click=actions.close_room)
        return
    kinds = {q["kind"]: q for q in offered}
    _restore_choices(kinds, question)
    choice = where.selectbox(
        t("live.ask_about"),
        list(kinds),
        key="live_kind_pick",
        format_func=lambda k: t(f"live.kind.{k}"),
        on_change=_keep_choices,
        # beside a actions.reveal, the choice reads as what Ask will ask, and its label's row goes to the bars
        label_visibility="collapsed" if layout == "revealed" else "visible",
    )
    if layout == "stacked":
        _options(where, where)
        ask, end = where.columns(2)
    else:  # the options behind a button, so that every state fits a projector's 720 rows
        if layout == "joining":
            options, ask, end = where.columns([1.3, 1, 1], vertical_alignment="center")
        else:
            ask, end = where.columns(2)
            options, other = where.columns(2)
            if device is not None:  # 📱 Another device beside the options
                device(other)
        with options.popover(t("live.options"), icon="⚙️", width="stretch", key="live_options"):
            _options(st, st)
    open_now = bool(question) and not revealed
    label = t("live.ask_instead") if open_now and kinds.get(choice) else t("live.ask")
    kind = "secondary" if open_now else "primary"
    ask.button(label, key="live_ask", on_click=actions.ask_chosen, type=kind, width="stretch")
    end.button(t("live.end"), key="live_end", on_click=actions.close_room, width="stretch")


def _options(time_box, sure):
    timer = lambda n: t("live.timer_off") if not n else t("live.timer_seconds", n=n)
    time_box.segmented_control(
        t("live.timer"), common.TIMERS, key="live_timer", format_func=timer, required=True, on_change=_keep_choices
    )
    sure.toggle(t("live.confidence"), key="live_confidence", help=t("live.confidence_help"), on_change=_keep_choices)


PREFS_COOKIE = "cnnviz_teacher_prefs"  # "kind~sure~timer": the teacher's choices survive a reload
_PREFS_TODO = "_live_prefs_todo"


CHOICES = ("live_kind_pick", "live_confidence", "live_timer")  # as the cookie keeps them
_CHOSEN = "_live_chosen"  # the choices, kept where no widget can drop them
_PLAN_OPTIONS = "_live_plan_options"  # the plan's step whose options the controls were last set to


def _keep_choices():
    """A control changed: kept in the session (a widget's own value goes when a page without
    the panel runs, or when the language changes its label) and, by the next run, in this
    browser's cookie."""
    state = st.session_state
    state[_CHOSEN] = {key: state.get(key) for key in CHOICES}
    state[_PREFS_TODO] = True


def _restore_choices(kinds, question):
    """The teacher's choices onto the controls, from the session's record of them (seeded
    once a session, after a reload or on another device, from this browser's cookie, else from
    the open question); "Ask about" then takes a kind this step offers: the lesson plan's, while
    the class has not been asked it (a class started on the plan's step)."""
    state = st.session_state
    if _CHOSEN not in state:
        state[_CHOSEN] = dict(zip(CHOICES, _read_prefs() or _prefs_of(question)))
    chosen = state[_CHOSEN]
    for key in CHOICES[1:]:
        state[key] = chosen[key]
    planned = planning.here()
    if planned and planned.kind in kinds:
        state["live_kind_pick"] = planned.kind
        if state.get(_PLAN_OPTIONS) != planning.walking():  # the plan's options, once a step: then the teacher's
            state[_PLAN_OPTIONS] = planning.walking()
            chosen.update(live_timer=planned.timer, live_confidence=planned.sure)
            state["live_timer"], state["live_confidence"] = planned.timer, planned.sure
    else:
        state["live_kind_pick"] = chosen["live_kind_pick"] if chosen["live_kind_pick"] in kinds else next(iter(kinds))


def _prefs_of(question):
    """(kind, how sure?, timer) as the open question was asked."""
    if not question:
        return None, False, 0
    timer = question.get("timer") if question.get("timer") in common.TIMERS else 0
    return question["kind"], bool(question.get("confidence")), timer


def _read_prefs():
    kind, sure, timer = (str(st.context.cookies.get(PREFS_COOKIE) or "").split("~") + ["", "", ""])[:3]
    if not (kind.replace("_", "").isalnum() and timer.isdigit() and int(timer) in common.TIMERS):
        return None
    return kind, sure == "1", int(timer)


def _write_prefs(where):
    """The choices as a cookie: a constant script, every value checked (a kind is letters and _)."""
    state = st.session_state
    if not state.pop(_PREFS_TODO, False):
        return
    kind, timer = str(state.get("live_kind_pick") or ""), state.get("live_timer") or 0
    if kind.replace("_", "").isalnum() and timer in common.TIMERS:
        sure = int(bool(state.get("live_confidence")))
        value = f"{kind}~{sure}~{timer}; path=/; max-age={common.COOKIE_AGE}; samesite=strict"
        browser.run_script(f'document.cookie = "{PREFS_COOKIE}={value}";', where)


def _other_device(where, code):
    """📱 Another device: a link for the teacher's phone, which asks and is allowed here (remote.py)."""
    link = remote.device_link(common.join_link(code))
    remote.other_device(where, link, common.qr_picture(link, scale=4))
