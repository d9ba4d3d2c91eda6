"""What the teacher does to a room, as the buttons' callbacks: start (with the deployment's
passcode), ask, discuss and vote again, reveal, end. The panel (teacher.py) and the status line
in the toolbar (projector.py) both press them."""

import os
import time

import streamlit as st

from ...live import limits, questions, rooms, store
from .. import planning
from . import common, lesson


def passcode():
    """The deployment's teacher passcode (CNN_VIZ_TEACHER_PASSCODE, or teacher_passcode in
    st.secrets), or "" for none. With one, only who knows it starts a class: a school whose
    students share the teacher's address (one NAT) cannot have its rooms taken by one of them."""
    found = os.environ.get("CNN_VIZ_TEACHER_PASSCODE", "")
    if not found:
        try:
            found = str(st.secrets.get("teacher_passcode", ""))
        except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no passcode
            found = ""
    return found.strip()


@common.guarded
def open_room():
    state, needed = st.session_state, passcode()
    if needed:  # the passcode replaces the per-address limit; wrong tries slow the address down
        address = common.client_address()
        limits.LIMITS.hold_try(address)  # never refused: the right passcode always opens
        if not rooms.same_secret(str(state.get("live_passcode") or "").strip(), needed):
            limits.LIMITS.wrong_try(address)
            state["_live_start_refused"] = "live.bad_passcode"
            return
    elif not limits.LIMITS.may_open(common.client_address()):
        state["_live_start_refused"] = "live.too_many_rooms"
        return
    opened = store().open(named=bool(state.get("live_named")))
    if opened is None:
        st.session_state["_live_start_refused"] = "live.full"
    else:
        st.session_state[common.TEACHER] = opened
        st.session_state[common.COOKIE_TODO] = "set"


@common.guarded
def close_room():
    """End class: the room takes no more answers; its results stay in the store, and on
    this screen (the cookie stays, so a reload shows them again), until the room expires."""
    store().close(*st.session_state[common.TEACHER])


def timed(question, seconds=None):
    """The question with a countdown (`seconds`, else the teacher's choice), if one is set:
    answers close at zero (the store refuses later ones)."""
    seconds = (st.session_state.get("live_timer") or 0) if seconds is None else seconds
    return {**question, "closes_at": time.time() + seconds, "timer": seconds} if seconds else question


@common.guarded
def ask(question, timer=None, sure=None, again=False, plan_step=None):
    """Ask the class `question`, with the teacher's options (the time to answer, "how sure")
    unless the lesson plan gives its own; `again`: the plan has a second vote after discussion,
    so the status line offers it first; `plan_step`: the plan's step it is asked at (the class
    report names it)."""
    state = st.session_state
    code, token = state[common.TEACHER]
    sure = state.get("live_confidence") if sure is None else sure
    if again:
        question = {**question, "vote_again": True}
    if plan_step is not None:  # where the plan asked it: the report names the step as the plan did
        step = planning.current().steps[plan_step - 1]
        question = {**question, "plan_step": plan_step, "plan_where": [step.page, dict(step.values)]}
    if sure and question["kind"] != "look":
        question = {**question, "confidence": True, "id": f"{question['id']}-c", "base": common.base_id(question)}
    view = store().view(code)
    if view and view.question and common.base_id(view.question) == common.base_id(question):  # the same question
        if lesson.is_open(view):
            state["_live_notice"] = "live.already_open"
            return
        # asked again after its reveal (or its time ran out): a fresh question, with no answers yet
        question = {**question, "id": f"{question['id']}-{view.number + 1}", "base": common.base_id(question)}
    if store().ask(code, token, timed(question, timer)):
        planning.asked(question["kind"])


def ask_chosen():
    """Ask what "Ask about" says now: the choice a press sends with it, not the one the button
    was drawn with (a teacher who picks and presses at once got the question before)."""
    offered = {q["kind"]: q for q in st.session_state.get(lesson.OFFER, [])}
    question = offered.get(st.session_state.get("live_kind_pick"))
    planned = planning.here()
    if question is not None and planned and planned.kind == question["kind"]:
        # The plan's question: its options stand in the controls (teacher.py), which the teacher may change.
        ask(question, again=planned.again, plan_step=planning.walking() + 1)
    elif question is not None:
        ask(question)


@common.guarded
def vote_again():
    """Discuss, then vote again: the same question as a second vote; the first stays on the
    projector beside it."""
    code, token = st.session_state[common.TEACHER]
    view = store().view(code, teacher=token)
    if view and view.question and not rooms.first_of(view.question) and not view.revealed:
        first = view.question.get("timer")  # as long as the first vote had (a plan's time, or the teacher's)
        question = timed(questions.again(view.question), first if first in common.TIMERS else None)
        store().ask(code, token, {**question, "base": common.base_id(view.question)})


@common.guarded
def reveal():
    code, token = st.session_state[common.TEACHER]
    store().reveal(code, token)
