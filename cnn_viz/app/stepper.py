"""Stepping through a computation: Back / Next, Play with a speed, and a slider."""

import time

import streamlit as st

from . import browser, settings
from .text import t

PLAY_SPEEDS = [0.5, 1.0, 1.5, 2.0, 3.0]  # seconds per step


SCROLL_KEY = "_scroll_to_step"  # set by a step move in presenter mode: bring the step into view
# The step area to the top of the projector's screen.
SCROLL_JS = "document.querySelector('.st-key-{key}_area')?.scrollIntoView({{block: 'start'}});"


def _move(key, delta, last):
    st.session_state[key] = int(min(max(st.session_state.get(key, 0) + delta, 0), last))
    if st.session_state.get("presenter"):
        st.session_state[SCROLL_KEY] = True


def stepper_ui(key, n_steps, label, quiz=False, count_secret=False):
    """Draw the stepper for session_state[key]; returns the step index in [0, n_steps).

    quiz: the page asks for each value before showing it, so Play (which would walk past
    the questions) is off. count_secret: the number of steps would answer a live class's
    question (the output's size), so no slider shows how far they go. Pages draw this inside
    a fragment, so a step redraws only the fragment; the address bar follows from here.
    """
    state = st.session_state
    last = n_steps - 1
    state[key] = int(min(max(state.get(key, 0), 0), last))
    if state[key] == last or quiz:
        state[f"{key}_play"] = False  # at the end, or quizzing: Play shows off (set before it is drawn)
    area = st.container(key=f"{key}_area")  # what a presenter's Next scrolls to
    if state.get("presenter"):  # one Next for the presenter: the toolbar's, which also crosses pages
        play, speed, slide = area.columns([1.5, 1.4, 5.6], vertical_alignment="center")
    else:
        back, fwd, play, speed, slide = area.columns([1, 1, 1.5, 1.4, 3.6], vertical_alignment="center")
        back.button(
            t("ui.back"),
            key=f"{key}_back",
            on_click=_move,
            args=(key, -1, last),
            disabled=state[key] == 0,
            width="stretch",
        )
        fwd.button(
            t("ui.next"),
            key=f"{key}_next",
            on_click=_move,
            args=(key, 1, last),
            disabled=state[key] == last,
            width="stretch",
        )
    playing = play.toggle(
        t("ui.play"),
        key=f"{key}_play",
        disabled=last == 0 or quiz,
        on_change=_play_from_now,
        args=(key,),
        help=t("ui.play_quiz") if quiz else None,
    )
    seconds = speed.select_slider(t("ui.speed"), PLAY_SPEEDS, value=1.0, key=f"{key}_speed")
    if playing and state[key] < last:
        _autoplay(key, last, seconds)
    if last > 0 and not count_secret:
        slide.slider(label, 0, last, key=key, format="%d")
    settings.sync_url()
    scroll_if_asked(key, area)
    return state[key]


def scroll_if_asked(key, area):
    """After a presenter's step (or a live question opening on it): `area`, a container keyed
    f"{key}_area", to the top of the screen, under the toolbar."""
    if st.session_state.pop(SCROLL_KEY, False):
        browser.run_script(SCROLL_JS.format(key=key), area)


def _play_from_now(key):
    st.session_state[f"{key}_due"] = time.monotonic() + st.session_state.get(f"{key}_speed", 1.0)


def _autoplay(key, last, seconds):
    """While Play is on, a timer fragment moves one step every `seconds`, then redraws the page.

    The fragment's body also runs each time the page draws it, not only on the timer; the
    time it is due decides whether this run moves. It is drawn before the slider, so the
    step can still change in the run that draws it; on the timer's own runs no widget is
    drawn at all.
    """
    due_key = f"{key}_due"

    @st.fragment(run_every=seconds)
    def tick():
        state = st.session_state
        now = time.monotonic()
        if now < state.get(due_key, 0.0) - seconds / 2 or state[key] >= last:
            return
        state[due_key] = now + seconds
        _move(key, 1, last)
        st.rerun(scope="app")

    tick()
