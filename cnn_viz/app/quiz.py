"""Holding a lesson's value back: in quiz mode until the learner has answered it, and on the
projector while the class answers a live question about it (`shown`)."""

import hashlib

import streamlit as st

from ..numbers import exact, matches
from . import classroom
from .text import t


def quiz_id(*parts):
    """A short stable id for one question (its inputs decide it, so new numbers ask again)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _check_answer(qid):
    """Check button: keep the answer (a callback, so the rerun that follows shows the result)."""
    state = st.session_state
    answer = state.get(f"quiz_in_{qid}")
    if answer is None:
        state["_quiz_missing"] = qid
    else:
        state.setdefault("_quiz", {})[qid] = float(answer)


def quiz_ui(qid, question, truth):
    """Ask for a number before revealing it. Returns True once answered (then the page reveals)."""
    answers = st.session_state.setdefault("_quiz", {})
    if qid in answers:
        answer, right = answers[qid], matches(answers[qid], truth)
        shown = dict(value=exact(truth), answer=exact(answer, fractions=False))
        (st.success if right else st.error)(t("quiz.right" if right else "quiz.wrong", **shown))
        return True
    # A form: the typed answer travels with Check in one message (Enter checks too), so a
    # click straight after typing cannot lose it to the rerun the input's blur would start.
    with st.form(f"quiz_{qid}"):
        st.markdown(f"**{question}**")
        cols = st.columns([2, 1], vertical_alignment="bottom")
        cols[0].number_input(t("quiz.answer"), value=None, step=1.0, format="%g", key=f"quiz_in_{qid}")
        cols[1].form_submit_button(
            t("quiz.check"), key=f"quiz_check_{qid}", on_click=_check_answer, args=(qid,), width="stretch"
        )
        if st.session_state.get("_quiz_missing") == qid:
            st.warning(t("quiz.no_answer"))
    return False


def shown(quiz, live_kind, qid, question, truth):
    """Whether the page may show this value now. Not while the class answers a live question
    of `live_kind` (a note says it is hidden until Reveal); in quiz mode, once the learner has
    answered (quiz_ui asks)."""
    if classroom.hiding(live_kind):
        classroom.hidden_note()
        return False
    return not quiz or quiz_ui(qid, question, truth)
