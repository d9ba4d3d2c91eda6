"""The students' side, on the Live class page: join by the link or the code, give a
nickname, answer (a choice, a number, a tap on the picture), see the reveal."""

import functools
import re

import numpy as np
import streamlit as st

from ... import figures
from ...live import limits, questions, rooms, scoring, store
from .. import browser, picture, remote, widgets
from ..text import class_name, t
from . import common

BIG = """
<style>
.st-key-live_choices button, .st-key-live_send button { min-height: 3.4rem; }
.st-key-live_choices button p, .st-key-live_send button p { font-size: 1.3rem; }
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
"""


# ---------------------------------------------------------------- the students


@common.guarded
def student_page():
    st.markdown(BIG, unsafe_allow_html=True)
    state = st.session_state
    st.title(t("live.title"))
    if remote.wanted():  # the teacher's phone, from the projector's 📱 Another device
        claimed = remote.phone_page(state.live_room, common.client_address())
        if claimed:  # the projector allowed it: this phone runs the class too
            common.take_room(*claimed)
            st.rerun()  # to the lesson page take_room opens
        return
    code = state.get("live_room", "")
    if code:
        known, ticket = _known_student(code), None
        if known is None:
            ticket = limits.LIMITS.may_join(common.client_address(), code)
            if ticket is None:
                st.error(t("live.too_many_joins"))
                state.live_room = ""
                _code_form()
                return
        token = store().join(code, known)
        if ticket is not None and token not in (None, rooms.FULL):
            limits.LIMITS.joined(common.client_address(), code, ticket, token)
        if token is None or token == rooms.FULL:
            found = store().view(code)
            why = "live.full_room" if token == rooms.FULL else "live.ended_room" if found else "live.no_room"
            st.error(t(why, code=code))
            state.live_room, state.live_me = "", ""
        elif token != state.get("live_me"):
            state.live_me = token
            _remember_student(code, token)
    if not state.get("live_room"):
        _code_form()
        return
    st.caption(t("live.in_room", code=state.live_room))
    view = store().view(state.live_room, state.live_me)
    if answering(view):
        question_page(state.live_room, state.live_me, view)
    else:
        student_view(state.live_room, state.live_me)


def answering(view):
    """Whether the phone shows an open question to answer (drawn in the page, not polled)."""
    named = not (view and view.named and view.my_name is None)
    return bool(view and named and not view.ended and view.question and not view.revealed)


def question_page(code, token, view):
    """An open question and its answer controls, drawn once in the page: the fragment that
    looks for news every 1.5 s (_watch) sends a line, not the question, its picture and its
    buttons again, and reruns the page when the question moves on, is revealed or runs out."""
    question = view.question
    _question_head(question, view, first=True)
    if st.session_state.pop("_live_refused", False):
        st.warning(t("live.too_late"))
    closed = rooms.closed(question)
    _watch(code, token, question["id"], closed)
    if closed:  # time is up: the answer stands as sent
        if view.mine is not None:
            st.success(t("live.sent_closed", answer=common.answer_label(question, view.mine, sure=True)))
        return
    if question["kind"] == "look":
        _tap_ui(code, token, question, view.mine)
    else:
        _answer_ui(code, token, question, view.mine)


@st.fragment(run_every=common.REFRESH)
@common.guarded
def _watch(code, token, question_id, closed):
    """Rerun the page once the room has news for this phone: another question, the reveal,
    the end, or the countdown run out; say when the teacher's screen is away."""
    limits.LIMITS.seen(common.client_address(), code, token)
    view = store().view(code, token)
    if view is None or view.ended or view.question is None or view.revealed:
        st.rerun()
    if view.question["id"] != question_id or rooms.closed(view.question) != closed:
        st.rerun()
    if view.teacher_away:
        st.warning(t("live.teacher_away"), icon="⏸")
    common.countdown(view.question)


# "CODE.TOKEN:CODE.TOKEN...", the latest room first: the phone that reopens a room's link, even
# after another room's, is the same student there.
STUDENT_COOKIE = "cnnviz_student"
STUDENT_ROOMS = 5  # rooms a phone's cookie remembers
_TOKENS = "_live_tokens"  # {room: this browser's student token}, latest first


def _known_student(code):
    """This browser's student token for the room (from this session, its cookie, or an old
    link's `me=`, honoured, never written again), when the room issued it. Any other (made
    up, another room's, forgotten) is None: a new join, which limits.may_join counts."""
    old = st.query_params.get("me")
    for token in (_student_tokens().get(code), old if isinstance(old, str) and 8 <= len(old) <= 40 else None):
        if token and store().is_student(code, token):
            return token
    return None


def _student_tokens():
    """{room: token} this browser holds, read from its cookie once a session."""
    state = st.session_state
    if _TOKENS not in state:
        found = {}
        for pair in str(st.context.cookies.get(STUDENT_COOKIE) or "").split(":")[:STUDENT_ROOMS]:
            code, _, token = pair.partition(".")
            if rooms.normal_code(code) == code and _url_safe(token):
                found.setdefault(code, token)
        state[_TOKENS] = found
    return state[_TOKENS]


def _remember_student(code, token):
    """Keep the room's token first in the cookie, with the latest few other rooms'."""
    kept = {code: token, **{c: t for c, t in _student_tokens().items() if c != code}}
    kept = dict(list(kept.items())[:STUDENT_ROOMS])
    st.session_state[_TOKENS] = kept
    pairs = ":".join(f"{c}.{t}" for c, t in kept.items() if rooms.normal_code(c) == c and _url_safe(t))
    browser.run_script(
        f'document.cookie = "{STUDENT_COOKIE}={pairs}; path=/; max-age={common.COOKIE_AGE}; samesite=strict";'
    )


def _url_safe(token):
    """A token as secrets.token_urlsafe makes them: nothing else reaches a cookie's script."""
    return isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", token) is not None


def _join():
    state = st.session_state
    code = rooms.normal_code(state.get("live_code_typed"))
    if not code:
        state["_live_bad_code"] = True
        return
    state.live_room, state.live_me = code, ""


def _code_form():
    st.write(t("live.enter_code"))
    with st.form("live_join", border=False):
        st.text_input(t("live.code"), key="live_code_typed", max_chars=8, placeholder="ABC123")
        st.form_submit_button(t("live.join"), on_click=_join, type="primary", width="stretch")
    if st.session_state.pop("_live_bad_code", False):
        st.error(t("live.bad_code"))
    st.caption(t("live.teacher_hint"))


@common.guarded
def _send(code, token, question_id, value):
    if value is not None and value == value and not store().answer(code, token, question_id, value):
        st.session_state["_live_refused"] = True


def _sure(question):
    """How sure the student said they are, for a question that asks ("sure", "unsure"), else
    None; for one that asks and has no answer yet, "missing"."""
    if not question.get("confidence"):
        return None
    return st.session_state.get(f"live_conf_{question['id']}") or "missing"


def _send_choice(code, token, question, value):
    sure = _sure(question)
    if sure == "missing":
        st.session_state["_live_need_sure"] = True
        return
    _send(code, token, question["id"], questions.with_confidence(value, sure))


def _send_number(code, token, question, key):
    value = st.session_state.get(key)
    if value is not None and np.isfinite(value):
        _send_choice(code, token, question, questions.clean_number(value))


def _resend(code, token, question, mine):
    """A student who changes how sure they are after answering: the same answer, re-sent. A
    tap on the chosen one again keeps it (a segmented control would clear it: the student
    would then be told to say how sure they are, having said it)."""
    state, key = st.session_state, f"live_conf_{question['id']}"
    if state.get(key) is None:
        state[key] = state.get(f"_was_{key}")
        return
    state[f"_was_{key}"] = state[key]
    if mine is not None:
        _send_choice(code, token, question, questions.split(mine)[0])


def _send_tap(code, token, question):
    cell = widgets.clicked_cell("live_tap")
    value = questions.tap_value(*cell) if cell else None  # off the grid, or forged: nothing sent
    if value is not None:
        _send(code, token, question["id"], value)


@st.fragment(run_every=common.REFRESH)
@common.guarded
def student_view(code, token):
    """Between questions: the wait, the reveal, the end; a new open question reruns the page,
    which draws it (question_page)."""
    limits.LIMITS.seen(common.client_address(), code, token)
    view = store().view(code, token)
    if view is None or view.ended:
        st.info(t("live.ended"))
        return
    if view.teacher_away:
        st.warning(t("live.teacher_away"), icon="⏸")
    if view.named and view.my_name is None:
        _name_form(code, token)
        return
    if view.question is None:
        st.info(t("live.wait_first"))
        return
    if answering(view):
        st.rerun()
    question = view.question
    _question_head(question, view)
    _revealed(question, view)


def _question_head(question, view, first=False):
    """The question's number, its words and, for "which class?", the picture. first: while
    the second vote is open, the phone's own first answer under it."""
    st.subheader(t("live.question_n", n=view.number))
    st.markdown(f"### {common.prompt(question)}")
    if first and rooms.first_of(question) and view.mine_first is not None:
        st.info(t("live.your_first", answer=common.answer_label(question, view.mine_first, sure=True)), icon="💬")
    shown = picture.linked_pixels(question["params"].get("picture", "")) if question["kind"] == "predict" else None
    if shown is not None:
        picture.show(shown, 160)


def _answer_ui(code, token, question, mine_given):
    """How sure (when asked), then the options as big buttons, or a number and Send."""
    if question.get("confidence"):
        key = f"live_conf_{question['id']}"
        st.session_state.setdefault(key, questions.split(mine_given)[1] if mine_given else None)
        st.session_state.setdefault(f"_was_{key}", st.session_state[key])
        st.segmented_control(
            t("live.how_sure"),
            questions.CONFIDENCE,
            key=key,
            format_func=lambda c: t(f"live.{c}"),
            on_change=_resend,
            args=(code, token, question, mine_given),
            width="stretch",
        )
        if st.session_state.pop("_live_need_sure", False):
            st.warning(t("live.sure_first"))
    mine = questions.split(mine_given)[0] if mine_given is not None else None
    if question["options"]:
        with st.container(key="live_choices"):
            for option in question["options"]:
                st.button(
                    common.option_label(question, option),
                    key=f"live_opt_{option}",
                    on_click=_send_choice,
                    args=(code, token, question, option),
                    type="primary" if mine == option else "secondary",
                    width="stretch",
                )
    else:
        # A form: the typed number travels with the Send that sends it, in one message. Loose,
        # the input's blur would rerun the page first and the Send could be lost under that rerun
        # (1 phone in 5 in a test); in a form, Enter on the phone's keyboard sends too.
        key = f"live_number_{question['id']}"
        with st.form(f"live_answer_{question['id']}", border=False):
            st.number_input(t("live.your_number"), value=None, key=key, step=1.0, format="%g")
            with st.container(key="live_send"):
                st.form_submit_button(
                    t("live.send"),
                    key="live_send_button",
                    on_click=_send_number,
                    args=(code, token, question, key),
                    type="primary",
                    width="stretch",
                )
    if mine_given is not None:
        st.success(t("live.sent", answer=common.answer_label(question, mine_given, sure=True)))


def _tap_ui(code, token, question, mine):
    """The picture large: one tap says where the student thinks the network looked (they can
    tap again until the reveal); their tap shows as a dot. Drawn as HTML, so a phone loads no
    chart library for it; the browser marks a tap at once, the rerun then draws the dot."""
    tap = questions.parse_tap(mine) if mine else None
    st.caption(t("live.tap_here"))
    drawn = figures.tap_picture(questions.look_pixels(question["pixels"]), tap, alt=t("live.tap_here"))
    widgets.chart(drawn, key="live_tap", on_click=functools.partial(_send_tap, code, token, question))
    if tap:
        st.success(t("live.your_tap", row=tap[0], col=tap[1]))


def _name_form(code, token):
    """A named class: the student's nickname first (printable, at most MAX_NAME characters)."""
    with st.form("live_name", border=False):
        st.text_input(t("live.your_name"), key="live_name_typed", max_chars=rooms.MAX_NAME)
        st.form_submit_button(t("live.join"), on_click=_give_name, args=(code, token), type="primary", width="stretch")
    if st.session_state.pop("_live_bad_name", False):
        st.error(t("live.bad_name"))


@common.guarded
def _give_name(code, token):
    name = rooms.clean_name(st.session_state.get("live_name_typed"))
    if not name:
        st.session_state["_live_bad_name"] = True
    else:
        store().join(code, token, name)


def _revealed(question, view):
    if question["kind"] == "look":
        _look_revealed(question, view)
        return
    correct = common.answer_label(question, question["answer"])
    right, share = scoring.score(question, view.answers)
    if view.mine is None:
        st.info(t("live.you_missed", answer=correct))
    elif questions.is_right(question, view.mine):
        st.success(t("live.you_right", answer=correct))
    else:
        st.error(t("live.you_wrong", answer=correct, mine=common.answer_label(question, view.mine)))
    if rooms.first_of(question) and view.mine_first is not None:
        key = "live.first_right" if questions.is_right(question, view.mine_first) else "live.first_wrong"
        st.caption(t(key, answer=common.answer_label(question, view.mine_first)))
    if view.answers:
        st.markdown(t("live.class_share", share=share, right=right, n=len(view.answers)))
    else:
        st.markdown(t("live.nobody_answered"))
    link = common.lesson_link(question)
    if link:
        st.markdown(link, unsafe_allow_html=True)


def _look_revealed(question, view):
    """The student's tap on Grad-CAM's heat, and whether it fell where the network looked most."""
    pixels, heat, top = questions.look_pictures(question)
    tap = questions.parse_tap(view.mine) if view.mine else None
    cls = class_name(question["params"]["cls"])
    picture.show(figures.taps_picture(pixels, [tap] if tap else [], heat), 300, t("live.gradcam_mine", cls=cls))
    st.caption(t("why.legend"))
    if tap is None:
        st.info(t("live.tap_missed"))
    else:
        st.success(t("live.tap_on")) if top[tap] else st.error(t("live.tap_off"))
    right, share = scoring.score(question, view.answers)
    st.markdown(t("live.class_taps", share=share, right=right, n=len(view.answers), chance=f"{top.mean():.0%}"))
    link = common.lesson_link(question)
    if link:
        st.markdown(link, unsafe_allow_html=True)
