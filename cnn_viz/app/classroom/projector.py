"""What the projector shows of a room: the answers as they arrive (a fragment, redrawn when
the room has news, or every 1.5 s where the server has none to wait on),
the reveal with its lessons, the status line in the toolbar; and following the room when it
moves on elsewhere (the teacher's phone), by rerunning the page."""

import html
import time

import numpy as np
import streamlit as st

from ... import figures
from ...live import questions, rooms, scoring, store
from .. import picture, settings, widgets
from ..text import class_name, t
from . import actions, common, lesson, two_choice, waiting


def projector(code, token):
    """The answers as they arrive, without rerunning the page: redrawn when an answer arrives
    or a student joins (waiting.py), or, where the server has no news to wait on, every
    REFRESH seconds. Each look tells the store the teacher is here (the room is kept, the
    phones are told)."""
    _PROJECTOR(code, token)


def _projector(code, token):
    """Draw the answers so far; returns the room's view."""
    view = store().view(code, teacher=token)
    _follow(view)
    if view is None or view.ended or view.revealed:  # a revealed question is drawn by the panel
        return view
    if view.question is None:
        st.markdown(t("live.joined", n=view.joined))
        return view
    question = view.question
    st.markdown(f"**{t('live.question_n', n=view.number)}** {common.prompt(question)}")
    answered = t("live.answered", n=len(view.answers), joined=view.joined)
    st.markdown(f"{t('live.joined', n=view.joined)} · {answered}")
    common.countdown(question)
    if question["kind"] == "look":
        _look_projector(question, view)
    else:
        answers(view)
    return view


def answers(view, height=170):
    """The answers: as bars, the first vote frozen beside a second (the options either named),
    the right answer's bar green after Reveal; for a look question, after Reveal, its pictures."""
    question = view.question
    if question["kind"] == "look":
        if view.revealed:
            _look_pictures(view)
        return
    correct = common.answer_label(question, question["answer"]) if view.revealed else None
    if rooms.first_of(question):
        before = [a for a, _ in view.first]
        named = {questions.split(v)[0] for v in (*before, *view.answers)} | {question["answer"]}
        first, second = st.columns(2)
        with first:
            _histogram(question, before, correct, t("live.first_vote"), "live_histogram_first", named, height)
        with second:
            _histogram(question, view.answers, correct, t("live.second_vote"), "live_histogram", named, height)
    else:
        _histogram(question, view.answers, correct, None, "live_histogram", height=height)


def revealed_lessons(view):
    """After Reveal, on the projector: the question and what the class learns from its answers."""
    question = view.question
    st.markdown(f"**{t('live.question_n', n=view.number)}** {common.prompt(question)}")
    if question["kind"] == "look":
        _look_projector(question, view)
    elif questions.condition_of(question):
        two_choice.revealed(question, view)
    else:
        _revealed_projector(question, view, common.answer_label(question, question["answer"]))


def _histogram(question, values, correct, title, key, named=None, height=170):
    """One vote's answers as bars (split by how sure, when asked); `named`: only these options."""
    if title:
        st.caption(f"**{title}**")
    if not values:
        return
    if named is not None and question["options"]:
        question = {**question, "options": [o for o in question["options"] if o in named]}
    if question.get("confidence"):
        labels, sure, unsure = common.tally_by_confidence(question, values)
        names = {c: t(f"live.{c}") for c in questions.CONFIDENCE}
        counts = [
            (f"{label} ({names['sure']} {s}, {names['unsure']} {u})", s + u)
            for label, s, u in zip(labels, sure, unsure)
        ]
        widgets.chart(figures.answers_by_confidence(labels, sure, unsure, names, correct, height=height + 30), key=key)
    else:
        counts = common.tally(question, values)
        widgets.chart(figures.answers(counts, correct, height=height), key=key)
    # The bars are a chart: a screen reader reads the same counts as a list.
    items = "".join(f"<li>{html.escape(str(label))}: {n}</li>" for label, n in counts)
    st.html(figures.described.hidden(f"<ul>{items}</ul>"))


def _revealed_projector(question, view, correct):
    """After Reveal: who got it, and what the class can learn from its own answers: how the
    second vote moved, how sure the right and the wrong answers were, how sure the network was."""
    right, share = scoring.score(question, view.answers)
    if view.answers:
        st.success(t("live.revealed", answer=correct, right=right, n=len(view.answers), share=share))
    else:
        st.success(t("live.revealed_none", answer=correct))
    if rooms.first_of(question):
        _, first_share = scoring.score(question, [a for a, _ in view.first])
        to_right, away, kept, other = scoring.changes(question, view.first)
        words = dict(first=first_share, second=share, to_right=to_right, away=away, kept=kept, other=other)
        st.markdown(t("live.changes", **words))
    if question.get("confidence"):
        found = scoring.calibration(question, view.answers)
        parts = {}
        for c, (r, n) in found.items():
            parts[c] = t("live.calibration_part", right=r, n=n, share=f"{r / n:.0%}" if n else "—")
        st.markdown(t("live.calibration", sure=parts["sure"], unsure=parts["unsure"]))
    if question["kind"] == "predict":
        st.caption(network_verdict(question))


def network_verdict(question):
    """The network's own confidence for its answer beside the class's, and whether it was
    right (for a shipped sample, whose true class is known)."""
    from ... import gallery

    params = question["params"]
    sample = gallery.by_id(params.get("picture") or "")
    cls = class_name(question["answer"])
    if sample is None or not sample.label:
        return t("live.network_sure", cls=cls, sure=params["sure"])
    key = "live.network_right" if sample.label == question["answer"] else "live.network_wrong"
    return t(key, cls=cls, sure=params["sure"], true=class_name(sample.label))


def _look_projector(question, view):
    """The class's taps as dots on a smoothed heat of them; after Reveal, Grad-CAM under the
    same dots and how many fell on the quarter of the picture it weighs most."""
    pixels, _, top = questions.look_pictures(question)
    taps, cls = _taps(view), class_name(question["params"]["cls"])
    if not view.revealed:
        picture.show(figures.taps_picture(pixels, taps), 320, t("live.taps_caption", n=len(taps)))
        return
    on_top = sum(bool(top[tap]) for tap in taps)
    share = f"{on_top / len(taps):.0%}" if taps else "—"
    chance = f"{top.mean():.0%}"
    st.success(t("live.look_reveal", k=on_top, n=len(taps), share=share, cls=cls, chance=chance))
    st.caption(t("why.legend"))  # the heat's colours, for the pictures beside the controls


def _taps(view):
    """The class's taps on the open (or revealed) look question, as (row, col)."""
    return [tap for tap in (questions.parse_tap(questions.split(v)[0]) for v in view.answers) if tap]


def _look_pictures(view, size=180):
    """After Reveal: the class's taps on their own heat, and on Grad-CAM's."""
    question = view.question
    pixels, heat, _ = questions.look_pictures(question)
    taps, cls = _taps(view), class_name(question["params"]["cls"])
    left, right = st.columns(2)
    picture.show(figures.taps_picture(pixels, taps), size, t("live.taps_caption", n=len(taps)), left)
    picture.show(figures.taps_picture(pixels, taps, heat), size, t("live.gradcam_caption", cls=cls), right)


def status_line(where):
    """In the presenter's sticky toolbar, while a question is open: its number, how many have
    answered, the time left, and Reveal (with "Discuss, vote again" on a first vote): in view
    wherever the lesson scrolls (the step the class works from is under it)."""
    state = st.session_state
    if common.TEACHER not in state:
        return
    code, token = state[common.TEACHER]
    try:
        view = store().view(code)
    except rooms.Unavailable:
        return
    if not lesson.is_open(view):
        return
    line, buttons = where.columns([3, 2.2], vertical_alignment="center")
    with line:
        _status(code, token)
    question = view.question
    again, reveal = buttons.columns([1.3, 1]) if _may_vote_again(question) else (None, buttons)
    planned = again is not None and bool(question.get("vote_again"))  # the plan votes again before Reveal
    if again is not None:
        kind = "primary" if planned else "secondary"
        again.button(t("live.again"), key="live_again", on_click=actions.vote_again, help=t("live.again_help"),
                     type=kind, width="stretch")  # fmt: skip
    kind = "secondary" if planned else "primary"
    reveal.button(t("live.reveal"), key="live_reveal", on_click=actions.reveal, type=kind, width="stretch")


def _may_vote_again(question):
    """A first vote on a question with answers to choose or type (not a tap) may be voted again."""
    return not rooms.first_of(question) and question["kind"] != "look"


def _status(code, token):
    """The toolbar's line (the open question, how many answered): redrawn as the answers are."""
    _STATUS(code, token)


def _status_line(code, token):
    """Draw the toolbar's line; returns the room's view."""
    view = store().view(code)
    _follow(view)
    if not lesson.is_open(view):
        return view
    line = t(
        "live.status", number=view.number, n=len(view.answers), joined=view.joined, prompt=common.prompt(view.question)
    )
    closes = view.question.get("closes_at")
    if isinstance(closes, (int, float)):
        left = max(0, int(np.ceil(closes - time.time())))
        line += " · ⏱ " + (t("live.timer_seconds", n=left) if left else t("live.time_up_short"))
    st.container(key="live_status").markdown(line)
    return view


def _follow(view):
    """In a projector's fragment: once the room has moved on from the moment the page was
    drawn in (a question asked, revealed or voted again from the teacher's other device, a
    question that opened during a restart), the whole page is drawn again, holding back what
    the new question asks; a question asked elsewhere opens the lesson step it is about."""
    state = st.session_state
    if lesson.DRAWN not in state or lesson.moment(view) == state[lesson.DRAWN]:
        return
    state[lesson.DRAWN] = lesson.moment(view)  # once: the rerun below is the page's own
    question = view.question if lesson.is_open(view) else {}
    if question.get("page") != state.get(settings.PAGE_KEY) or question.get("query"):
        common.open_step(question)
    st.rerun(scope="app")


# Each a fragment redrawn when the room has news for the projector, or every REFRESH seconds.
_PROJECTOR = waiting.redrawn(_projector, "live_news_projector", as_teacher=True, every=waiting.CHART_EVERY)
_STATUS = waiting.redrawn(_status_line, "live_news_status")
