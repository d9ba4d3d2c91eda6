"""The top row of every page: the presenter's Back / Next, the language, presenter mode.

In presenter mode one Next walks the whole lesson: every step of a page's stepper (the
page's `lesson` setting, see pages.py), then the next page's first step; Back walks back
to the previous page's last step. A page tells the toolbar its steps with `lesson(values)`.
"""

import streamlit as st

from .. import i18n
from . import settings, stepper
from .pages import BY_ID, LESSON
from .text import lang, t

_STEPS = "_lesson_values"  # the steps the page on screen declared in this run
_GOTO = "_goto"  # (page id, "start" | "end"): where Next / Back said to go


def lesson(values):
    """Called by a page with steps: the values its lesson setting takes, in order."""
    st.session_state[_STEPS] = list(values)


def forget_lesson():
    st.session_state.pop(_STEPS, None)


def draw(where, page):
    """Draw the toolbar into `where` (a container at the top of the page, filled after the page ran)."""
    state = st.session_state
    presenter = state.presenter
    cols = where.columns([1.7, 1.7, 2, 1.3, 2.1] if presenter else [5, 1.6, 2.3], vertical_alignment="center")
    if presenter and page in LESSON:
        _lesson_ui(page, state.get(_STEPS), cols[0], cols[1], cols[2])
    # Widgets keep their own copies (_w_*): widget state does not survive a page change.
    state["_w_lang"], state["_w_presenter"] = lang(), presenter
    cols[-2].selectbox(
        t("ui.language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key="_w_lang",
        on_change=_copy_to,
        args=("lang",),
        label_visibility="collapsed",
    )
    if page.walk:  # a student's phone has no use for presenter mode
        cols[-1].toggle(
            t("ui.presenter"), key="_w_presenter", on_change=_copy_to, args=("presenter",), help=t("ui.presenter_help")
        )


def _copy_to(key):
    st.session_state[key] = st.session_state[f"_w_{key}"]


def _index(page, values):
    """Where this page's lesson is among its steps (the first, if its value is not one of them)."""
    value = st.session_state.get(page.lesson)
    return values.index(value) if values and value in values else 0


def _lesson_ui(page, values, back_col, next_col, where_col):
    index = _index(page, values)
    back_col.button(
        t("ui.lesson_back"),
        key="lesson_back",
        on_click=_lesson_move,
        args=(page, values, -1),
        disabled=page is LESSON[0] and index == 0,
        width="stretch",
    )
    next_col.button(
        t("ui.lesson_next"),
        key="lesson_next",
        on_click=_lesson_move,
        args=(page, values, 1),
        disabled=page is LESSON[-1],
        type="primary",
        width="stretch",
    )
    title = t(page.title_key)
    where = t("ui.lesson_where", page=title, step=f"{index + 1} / {len(values)}") if values else title
    where_col.markdown(f"**{where}**")


def _lesson_move(page, values, delta):
    """Next / Back: a step inside this page while there is one, else the next page's start
    (or the previous page's end)."""
    state = st.session_state
    if values and page.lesson:
        index = _index(page, values) + delta
        if 0 <= index < len(values):
            state[page.lesson] = values[index]
            state[stepper.SCROLL_KEY] = True
            return
    target = LESSON[min(max(LESSON.index(page) + delta, 0), len(LESSON) - 1)]
    state[_GOTO] = (target.id, "start" if delta > 0 else "end")


def open_page(page_id, **values):
    """From a callback: go to that page before the next run, with these of its settings (see
    settings.open_with), else at its lesson's first step."""
    if values:
        settings.open_with(page_id, **values)
    st.session_state[_GOTO] = (page_id, "keep" if values else "start")


def go_where_the_lesson_said():
    """Before a page runs: if Next / Back asked for another page, go there, at its lesson's
    first step (or last, going back; the page's stepper clamps it to the real last); a page
    opened with its settings keeps them."""
    goto = st.session_state.pop(_GOTO, None)
    if goto:
        target, end = BY_ID[goto[0]], goto[1]
        if target.lesson and end != "keep":
            setting = settings.get(target.lesson)
            st.session_state[target.lesson] = setting.first if end == "start" else setting.last
        st.switch_page(target.script)
