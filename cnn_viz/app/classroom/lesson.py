"""What a lesson page calls while a class runs: the questions it offers (`offer`,
`offer_prediction`), and what it holds back while the class answers (`before_page`, decided once
a run from the room's state, then `hiding(kind)` and `hidden_note`)."""

import numpy as np
import streamlit as st

from ... import explain
from ...live import questions, rooms, store
from .. import planning, stepper, toolbar
from ..text import t
from . import common

OFFER = "_live_offer"  # the questions the page on screen offers, in this run
PENDING = "_live_pending"  # the kind the lesson plan's step asks as the walk arrives: hidden already
HIDE = "_live_hide"  # the kind of question the page on screen holds back in this run
DRAWN = "_live_drawn"  # the room's moment (see moment()) the page on screen was drawn in
OPEN = "_live_open"  # the question the class is answering, as the page was drawn (or None)
_SEEN = "_live_seen"  # the moment the last run's page was drawn in (what changed since decides the scroll)


def before_page():
    """Before the page draws, once a run: what it holds back, decided from the room's state
    however the question opened (Ask, Next, the teacher's other device, a second vote, a
    reload, a restart). The page asks `hiding(kind)`; the projector's fragment reruns the
    page as soon as the room moves on from the moment it was drawn in (see projector._follow)."""
    state = st.session_state
    state[HIDE], state[DRAWN], state[PENDING], state[toolbar.WALK_HELD], state[OPEN] = (), None, None, False, None
    if common.TEACHER not in state:
        planning.take_ask()  # no class to ask: a plan's question is not asked later by surprise
        return
    try:
        view = store().view(state[common.TEACHER][0])
    except rooms.Unavailable:
        view = None
    if view is None or view.ended:  # no class to ask any more (ended, gone, unreachable): nothing held
        planning.take_ask()
        state[DRAWN] = moment(view)
        return
    state[PENDING] = planning.pending_kind()  # the panel asks it after the page: hidden from the first frame
    state[DRAWN] = moment(view)
    state[OPEN] = view.question if is_open(view) else None
    state[HIDE] = tuple({state[PENDING], view.question["kind"] if is_open(view) else None, unasked(view)} - {None})
    # Next and Back wait for Reveal: a step further on (the pooling input is the convolution's
    # output) would show the open question's answer.
    # (A question the plan opens in this run holds them from its first frame.)
    state[toolbar.WALK_HELD] = is_open(view) or state[PENDING] is not None
    _scroll_to_what_changed(view)


def _scroll_to_what_changed(view):
    """A question that opens brings the step the class works from into view (under the
    toolbar, which holds Reveal); a reveal brings the panel's answers to the top."""
    state = st.session_state
    last, state[_SEEN] = state.get(_SEEN), moment(view)
    if last == state[_SEEN]:
        return
    if is_open(view):
        state[stepper.SCROLL_KEY] = True
    elif last is not None and view and view.revealed:
        toolbar.scroll_to_top()


def hiding(kind):
    """True while this session's class answers a question of this kind (asked, not yet
    revealed), or Next is about to ask one: the page on the projector then holds back all
    that would give the answer away, as the quiz holds a value back until it is answered.
    A kind that is not a question's (questions.KINDS) is an error: a typo would hold nothing back."""
    if kind not in questions.KINDS:
        raise ValueError(f"No question is of the kind {kind!r}: one of {', '.join(questions.KINDS)}.")
    return kind in st.session_state.get(HIDE, ())


def held_question(kinds, offered):
    """The question of one of `kinds` the page holds back for: the open one (even if the page
    has moved since it was asked), else the offered one Next is about to ask; None if neither."""
    state = st.session_state
    question = state.get(OPEN)
    if question and question["kind"] in kinds and hiding(question["kind"]):
        return question
    return next((q for q in offered if q["kind"] in kinds and hiding(q["kind"])), None)


def is_open(view):
    """A question the class is answering now (asked, not revealed, the class not ended)."""
    return bool(view and view.question and not view.revealed and not view.ended)


def moment(view):
    """What the page was drawn with: the open question (or the revealed one), and the end."""
    if view is None:
        return None
    return (view.question or {}).get("id"), view.revealed, view.ended


def unasked(view):
    """The kind of the question the lesson plan asks at the walk's step, while the class has not
    been asked it yet (a class started on that step asks it with Ask): held back already, so
    the step does not answer it before it is asked."""
    planned = planning.here()
    return planned.kind if planned and view and not view.ended and not is_open(view) else None


def hidden_note(where=st):
    """What stands where the answer would be: held back while the class answers, or until the
    plan's question for this step is asked."""
    key = "live.hidden" if st.session_state.get(OPEN) or st.session_state.get(PENDING) else "live.hidden_planned"
    where.info(t(key), icon="🙈")


def teaching():
    """Whether this session runs a class (a question it offers may be asked): a page makes the
    questions that cost more than a line only then."""
    return common.TEACHER in st.session_state


def offer(found):
    """Called by a page: the questions its current view can ask."""
    st.session_state[OFFER] = list(found)


def offer_prediction(seen, extra=()):
    """On a page about the current picture: "which class will the network give it?" and, while
    a class runs, "where did the network look?" (its Grad-CAM is computed only then), with the
    page's own `extra` questions. `seen`: the page's resources.ModelView."""
    image, probabilities = seen.picture, seen.probabilities
    linkable = image.linkable
    query = {"sample": linkable} if linkable else {}
    found = [questions.predict(probabilities, linkable, query)]
    if teaching():
        found.append(look_question(seen.net, image.pixels, image.x, int(np.argmax(probabilities)), linkable, query))
    offer([*found, *extra])


@st.cache_data(max_entries=64, show_spinner=False)
def look_question(_net, pixels, x, top, linkable, query):
    """ "Where did the network look?" about a picture: its Grad-CAM and the PNGs it carries are
    made once per picture, not on every run of a page the teacher steps through (each Next is
    a run). `_net` is the shipped network, the only one this question is asked about."""
    return questions.look(pixels, explain.grad_cam(_net, x, top), top, linkable, "why", query)


def forget_offer():
    st.session_state.pop(OFFER, None)
