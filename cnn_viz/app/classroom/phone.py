"""The students' side, on the Live class page: the page a phone opens, and what it shows
while the class waits, answers and sees the reveal. Coming into a room (the code, the cookie,
the nickname) is joining.py; the answer forms and the reveal, per way of answering, answers.py."""

import streamlit as st

from ...live import limits, questions, rooms, store
from .. import browser, picture, remote
from ..server.admission import ADMISSION
from ..text import t
from . import answer_pad, answers, common, joining, two_choice, waiting

BIG = """
<style>
.st-key-live_choices button, .st-key-live_send button { min-height: 3.4rem; }
.st-key-live_choices button p, .st-key-live_send button p { font-size: 1.3rem; }
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
"""


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
    if state.get("live_room", ""):
        joining.enter(state.live_room)
    if not state.get("live_room"):
        joining.code_form()
        return
    st.caption(t("live.in_room", code=state.live_room))
    if waiting.served():
        _room(state.live_room, state.live_me)
    else:
        _room_drawn(state.live_room, state.live_me)


@st.fragment
@common.guarded
def _room(code, token):
    """The room in a fragment, where the server has news to wait on: news reruns only this,
    not the frame and the page around it (a question opening to a lecture hall is 1,000 runs,
    and this is under half of a page's run); those runs take their turn as the page's do, one
    at a time (admission.py), while the projector's and the answers' small runs go between."""
    with ADMISSION:
        _room_drawn(code, token)


def _room_drawn(code, token):
    """The open question to answer, or the wait, the reveal, the end; said politely to a screen
    reader as it changes (a new question, time up, the answer, the end)."""
    view = store().view(code, token)
    if answering(view):
        question_page(code, token, view)
    else:
        student_view(code, token, view)
    said = news(view)
    if said:
        browser.announce(said)


def news(view):
    """The sentence a screen reader says of the room's moment: the open question (its number
    and words), time up, the revealed answer, the end; None while the class waits."""
    if view is None or view.ended:
        return t("live.ended")
    question = view.question
    if question is None:
        return None
    number = t("live.question_n", n=view.number)
    if not (view.revealed or rooms.closed(question)):
        return f"{number} {common.prompt(question)}"
    number = number.rstrip(":：")  # "Question 2 revealed", not "Question 2: revealed"
    if view.revealed:
        answer = common.answer_label(question, question["answer"]) if questions.answer_form(question) != "tap" else ""
        return (
            t("live.said_revealed", number=number, answer=answer)
            if answer
            else t("live.said_revealed_tap", number=number)
        )
    return t("live.said_time_up", number=number)


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
    if waiting.served():  # the page reruns when the room has news; nothing runs meanwhile
        if view.teacher_away:
            st.warning(t("live.teacher_away"), icon="⏸")
        waiting.wait(code, "live_news", student=token, question=question, view=view)
    else:
        _watch(code, token, question["id"], closed)
    if closed:  # time is up: the answer stands as sent
        if view.mine is not None:
            st.success(t("live.sent_closed", answer=common.answer_label(question, view.mine, sure=True)))
        return
    if answer_pad.takes(question):  # the browser posts the answer: no script run for it
        answer_pad.pad(code, token, question, view.mine)
    elif waiting.served():
        _answering(code, token, question, view.mine)
    else:
        answers.answer_form(code, token, question, view.mine)


@st.fragment
@common.guarded
def _answering(code, token, question, mine):
    """The answer controls, in a fragment: a press reruns only them, not the page (a lecture
    hall's 1,000 answers are then 1,000 small runs). The answer shown is the one this phone
    sent last (answers.sent), the page's until it sends one."""
    if st.session_state.pop("_live_refused", False):
        st.warning(t("live.too_late"))
    answers.answer_form(code, token, question, answers.sent(question, mine))


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


def student_view(code, token, view=None):
    """Between questions: the wait, the reveal, the end, drawn once and again when the room has
    news (waiting.py); where the server has no news to wait on, a fragment every REFRESH s."""
    if not waiting.served():
        _student_view_polled(code, token)
        return
    view = _student_view(code, token, view)
    if view is not None:
        waiting.wait(code, "live_news", student=token, view=view)


@st.fragment(run_every=common.REFRESH)
@common.guarded
def _student_view_polled(code, token):
    _student_view(code, token)


@common.guarded
def _student_view(code, token, view=None):
    """The wait, the reveal or the end; a new open question reruns the page, which draws it
    (question_page). The room's view while it may still have news (not ended, not gone),
    else None. `view`: the room as just read, else read here."""
    limits.LIMITS.seen(common.client_address(), code, token)
    view = view or store().view(code, token)
    if view is None or view.ended:
        st.info(t("live.ended"))
        return None
    if view.teacher_away:
        st.warning(t("live.teacher_away"), icon="⏸")
    if view.named and view.my_name is None:
        joining.name_form(code, token)
        return view
    if view.question is None:
        st.info(t("live.wait_first"))
        return view
    if answering(view):
        st.rerun()
    _question_head(view.question, view)
    answers.reveal(view.question, view)
    return view


def _question_head(question, view, first=False):
    """The question's number, its words and, for "which class?", the picture. first: while
    the second vote is open, the phone's own first answer under it."""
    st.subheader(t("live.question_n", n=view.number))
    st.markdown(f"### {common.prompt(question)}")
    if first and rooms.first_of(question) and view.mine_first is not None:
        st.info(t("live.your_first", answer=common.answer_label(question, view.mine_first, sure=True)), icon="💬")
    if questions.condition_of(question):  # which of two pictures excites a map more: A and B
        two_choice.phone_pictures(question)
        return
    shown = picture.linked_pixels(question["params"].get("picture", "")) if question["kind"] == "predict" else None
    if shown is not None:
        picture.show(shown, 160)
