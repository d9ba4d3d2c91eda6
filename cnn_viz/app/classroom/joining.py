"""How a phone comes into a room: the code (typed, or the join link's), the student cookie
that makes a phone that comes back the same student, and the nickname a named class asks for."""

import re

import streamlit as st

from ...live import limits, rooms, store
from .. import browser
from ..text import t
from . import common

# "CODE.TOKEN:CODE.TOKEN...", the latest room first: the phone that reopens a room's link, even
# after another room's, is the same student there.
STUDENT_COOKIE = "cnnviz_student"
STUDENT_ROOMS = 5  # rooms a phone's cookie remembers
_TOKENS = "_live_tokens"  # {room: this browser's student token}, latest first
_ENTERED = "_live_entered"  # (room, token) this session joined


def enter(code):
    """Join the room (or come back to it): this session's student token in `live_me`, or, when
    the room is full, gone or this address joins too often, `live_room` emptied, said why.
    Once in, the session's later runs skip it: its view keeps its place (a question opening to
    1,000 phones is 1,000 page runs, and a join is a write), and tells it when the room is gone."""
    state = st.session_state
    if state.get(_ENTERED) == (code, state.get("live_me")):
        return
    known, ticket = _known_student(code), None
    if known is None:
        ticket = limits.LIMITS.may_join(common.client_address(), code)
        if ticket is None:
            st.error(t("live.too_many_joins"))
            state.live_room = ""
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
    if state.get("live_me") == token:
        state[_ENTERED] = (code, token)


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


def code_form():
    st.write(t("live.enter_code"))
    with st.form("live_join", border=False):
        st.text_input(t("live.code"), key="live_code_typed", max_chars=8, placeholder="ABC123")
        st.form_submit_button(t("live.join"), on_click=_join, type="primary", width="stretch")
    if st.session_state.pop("_live_bad_code", False):
        st.error(t("live.bad_code"))
    st.caption(t("live.teacher_hint"))


def name_form(code, token):
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
