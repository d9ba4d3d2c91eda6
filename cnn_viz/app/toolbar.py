"""The top row of every page: the presenter's Back / Next, the language, presenter mode.

In presenter mode one Next walks the whole lesson: every step of a page's stepper (the
page's `lesson` setting, see pages.py), then the next page's first step; Back walks back
to the previous page's last step. A page tells the toolbar its steps with `lesson(values)`.
While the presenter walks a lesson plan (planning.py), Next and Back go to the plan's next
and previous step instead, wherever it is.

Every press lands exactly one step, in order, and shows it:
- A new page opens at its top (its title and introduction); on a page with a stepper the
  first Next then brings step 1 into view without moving, and each Next after it moves one
  step and brings it into view.
- A presentation clicker (PageDown / PageUp, or the arrow keys) and the mouse go through one
  queue in the browser (WALK_JS): a press waits for the run the previous one started to
  finish, so ten presses in a second are ten steps. Streamlit would otherwise merge presses
  that arrive during a run into one.
"""

import streamlit as st

from .. import i18n
from . import browser, planning, settings, stepper
from .pages import BY_ID, LESSON
from .text import lang, t

_STEPS = "_lesson_values"  # the steps the page on screen declared in this run
_GOTO = "_goto"  # (page id, "start" | "end"): where Next / Back said to go
_COUNT_SECRET = "_lesson_count_secret"  # the page holds its number of steps back (see lesson)
_AT_TOP = "_walk_at_top"  # the page the walk just opened, at its top: Next shows its step 1 first
_WALK_READY = "_walk_js"  # this session's browser has the queue
_PRESSES = "_walk_presses"  # presses of Back / Next handled in this session
WALK_HELD = "_walk_held"  # a live question is open: Next and Back wait for its Reveal

# Presses of the presenter's Back / Next, by mouse or key, queued and sent one per script run.
# Keys in a text field or a number are theirs, not the walk's (and arrows in a slider, and in a
# figure whose cells the keyboard moves over).
WALK_JS = """
(() => {
  if (window.cnnvizWalk) return;
  // loading: the page that installed the queue has not drawn its buttons yet; a press then waits for them.
  const walk = window.cnnvizWalk = {
    pending: 0, waiting: false, sawRun: false, own: false, at: 0, quiet: 0, loading: true,
  };
  const app = () => document.querySelector('[data-testid="stApp"]');
  const running = () => app()?.getAttribute('data-test-script-state') === 'running';
  const button = (d) => document.querySelector(d > 0 ? '.st-key-lesson_next button' : '.st-key-lesson_back button');
  // How many presses the server has handled: the toolbar writes it in every run (PRESSES).
  const handled = () => Number(document.querySelector('.cnnviz-walk-n')?.dataset.n ?? -1);
  function pump() {
    const now = Date.now();
    if (running()) { walk.sawRun = true; walk.quiet = 0; return; }
    walk.quiet = walk.quiet || now;
    if (walk.waiting) {
      // Wait until the server has handled the last press (a page change runs twice; a press
      // sent between the runs reached the page that was leaving), or 4 s have passed.
      if (handled() < walk.expect && now - walk.at < 4000) return;
      if (now - walk.quiet < 100) return;
      walk.waiting = false;
    }
    if (walk.pending === 0) return;
    const d = Math.sign(walk.pending), b = button(d);
    if (b) walk.loading = false;
    if (!b) {  // a page still drawing: try on the next tick; presenter mode turned off: forget
      if (!walk.loading && now - walk.quiet > 1500) walk.pending = 0;
      return;
    }
    if (b.disabled) { walk.pending = 0; return; }
    walk.pending -= d;
    Object.assign(walk, {waiting: true, sawRun: false, at: now, quiet: 0, own: true, expect: handled() + 1});
    b.click();
    walk.own = false;
  }
  // Keys belong to a text field (and arrows to a slider, or to a row of choices: the language,
  // a segmented control, whose other choices a keyboard reaches only by arrows); after any other
  // control (a toggle, a button) the clicker steps the lesson. Page keys always step it.
  function typing(el, key) {
    if (!el?.closest) return false;
    if (el.closest('[data-keys]')) return true;  // a figure's cursor (widgets.chart): its arrows are its own
    if (el.closest('textarea, [contenteditable="true"]')) return true;
    if (el.matches('input[role="combobox"]')) return el.getAttribute('aria-expanded') === 'true';
    if (el.matches('input')) return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(el.type);
    return Boolean(el.closest('[role="slider"], [role="radiogroup"]')) && !key.startsWith('Page');
  }
  const watched = {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']};
  new MutationObserver(pump).observe(document.body, watched);
  setInterval(pump, 100);
  document.addEventListener('click', (e) => {
    const b = e.target.closest?.('.st-key-lesson_next button, .st-key-lesson_back button');
    if (!b || walk.own) return;
    e.preventDefault(); e.stopImmediatePropagation();
    walk.pending += b.closest('.st-key-lesson_next') ? 1 : -1;
    pump();
  }, true);
  document.addEventListener('keydown', (e) => {
    const d = {PageDown: 1, ArrowRight: 1, PageUp: -1, ArrowLeft: -1}[e.key];
    if (!d || e.altKey || e.ctrlKey || e.metaKey) return;
    if (typing(e.composedPath()[0], e.key)) return;  // the element itself, inside a component's shadow root too
    if (!walk.loading && !button(1) && !button(-1)) return;  // not in presenter mode
    e.preventDefault(); e.stopImmediatePropagation();
    walk.pending += d;
    pump();
  }, true);
})();
"""
TOP_JS = "document.querySelector('[data-testid=\"stMain\"]')?.scrollTo(0, 0); window.scrollTo(0, 0);"


def install_walk(where, page):
    """Before the page runs, so that a clicker pressed while the first page draws is queued
    rather than lost: the browser's queue of Back / Next presses, once per session."""
    state = st.session_state
    if state.presenter and page in LESSON and not state.get(_WALK_READY):
        state[_WALK_READY] = True
        browser.run_script(WALK_JS, where)


def lesson(values, count_secret=False):
    """Called by a page with steps: the values its lesson setting takes, in order.
    count_secret: the number of steps would answer the class's question (how big is the
    output?), so the toolbar says which step, not of how many."""
    st.session_state[_STEPS] = list(values)
    st.session_state[_COUNT_SECRET] = count_secret


def forget_lesson():
    st.session_state.pop(_STEPS, None)
    st.session_state.pop(_COUNT_SECRET, None)


def draw(where, page):
    """Draw the toolbar into `where` (a container at the top of the page, filled after the page ran)."""
    state = st.session_state
    presenter = state.presenter
    cols = where.columns([1.6, 1.6, 1.8, 1.8, 2.0] if presenter else [5, 1.6, 2.3], vertical_alignment="center")
    if presenter and page in LESSON and planning.walking() is not None:
        _plan_ui(cols[0], cols[1], cols[2])
    elif presenter and page in LESSON:
        _lesson_ui(page, state.get(_STEPS), cols[0], cols[1], cols[2])
    # Widgets keep their own copies (_w_*): widget state does not survive a page change.
    state["_w_lang"], state["_w_presenter"] = lang(), presenter
    cols[-2].segmented_control(
        t("ui.language"),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key="_w_lang",
        on_change=_switch_language,
        label_visibility="collapsed",
        required=True,
    )
    if page.walk:  # a student's phone has no use for presenter mode
        cols[-1].toggle(
            t("ui.presenter"), key="_w_presenter", on_change=_copy_to, args=("presenter",), help=t("ui.presenter_help")
        )


def _copy_to(key):
    st.session_state[key] = st.session_state[f"_w_{key}"]


# The choices drawn with labels in the visitor's language, besides the settings' own (by the
# start of their keys): the picture's source and sample (picture.py names their widgets by the
# choice they start at), a live class's question kind, timer and how sure, a plan's picture and timer.
_LABELLED = ("_src_", "_sample_", "live_kind_pick", "live_timer", "live_conf_", "plan_picture", "plan_new_timer")


def _switch_language():
    """The visitor chose a language. Streamlit knows a selectbox's, a radio's or a segmented
    control's choice by the label it showed, and the browser sends that label back: after a
    switch, one the new language does not have. A choice then came back as the old label
    (Convolution failed with "Unknown kernel preset" on a second switch) or showed as none
    chosen. Each such choice is set again here from its value (read with the labels it was
    drawn with), so its widget is drawn anew with the new language's label."""
    state = st.session_state
    if state["_w_lang"] not in i18n.LANGUAGES:  # a forged message (nothing, or another kind): no switch
        return
    _copy_to("lang")
    for key in list(state.keys()):
        setting = settings.BY_KEY.get(key)
        if (setting is not None and setting.options and key != "lang") or key.startswith(_LABELLED):
            state[key] = state[key]


def _index(page, values):
    """Where this page's lesson is among its steps (the first, if its value is not one of them)."""
    value = st.session_state.get(page.lesson)
    return values.index(value) if values and value in values else 0


def _lesson_ui(page, values, back_col, next_col, where_col):
    index = _index(page, values)
    title = t(page.title_key)
    if values:  # "3 / 9", or only "3" where the count would answer the class's question
        step = f"{index + 1}" if st.session_state.get(_COUNT_SECRET) else f"{index + 1} / {len(values)}"
        title = t("ui.lesson_where", page=title, step=step)
    first, last = page is LESSON[0] and index == 0, page is LESSON[-1]
    _walk_ui((back_col, next_col, where_col), _lesson_move, (page, values), first, last, title)


def _plan_ui(back_col, next_col, where_col):
    """Walking a lesson plan: Back and Next go to the plan's previous and next step."""
    at, steps = planning.walking(), planning.current().steps
    title = t("plan.where", n=at + 1, of=len(steps), step=planning.step_title(steps[at]))
    _walk_ui((back_col, next_col, where_col), _plan_move, (), at == 0, at == len(steps) - 1, title)


def _walk_ui(cols, move, args, first, last, title):
    """Back and Next (`move(*args, -1 or 1)`), off at the walk's ends and while a question is
    open, and where the walk is."""
    back_col, next_col, where_col = cols
    held = bool(st.session_state.get(WALK_HELD))
    help_text = t("ui.reveal_first") if held else None
    back_col.button(t("ui.lesson_back"), key="lesson_back", on_click=move, args=(*args, -1),
                    disabled=first or held, help=help_text, width="stretch")  # fmt: skip
    next_col.button(t("ui.lesson_next"), key="lesson_next", on_click=move, args=(*args, 1),
                    disabled=last or held, help=help_text, type="primary", width="stretch")  # fmt: skip
    # With it, how many presses the server has handled: the browser's queue waits for it.
    handled = f'<span class="cnnviz-walk-n" data-n="{int(st.session_state.get(_PRESSES, 0))}" hidden></span>'
    where_col.markdown(f"**{title}**{handled}", unsafe_allow_html=True)


def _plan_move(delta):
    state = st.session_state
    state[_PRESSES] = state.get(_PRESSES, 0) + 1  # the browser's queue sends the next press after this
    at = planning.walking()
    if at is not None and 0 <= at + delta < len(planning.current().steps):
        go_to_plan_step(at + delta, asks=delta > 0)


def go_to_plan_step(index, asks=True):
    """From a callback: open the plan's step `index` (its page, with its settings), its step in
    view; a question the step asks opens when the walk arrives by Next (see planning.arrive)."""
    state = st.session_state
    page_id, values = planning.arrive(index, asks)
    state[stepper.SCROLL_KEY] = bool(BY_ID[page_id].lesson)  # the step's area; else the page's top
    if state.get(settings.PAGE_KEY) == page_id:
        state.update(values)
        if not BY_ID[page_id].lesson:
            scroll_to_top()
    else:
        open_page(page_id, **values) if values else open_page(page_id, at="keep")


def _lesson_move(page, values, delta):
    """Next / Back: a step inside this page while there is one, else the next page's start
    (or the previous page's end)."""
    state = st.session_state
    state[_PRESSES] = state.get(_PRESSES, 0) + 1  # the browser's queue sends the next press after this
    if values and page.lesson:
        if delta > 0 and state.pop(_AT_TOP, None) == page.id:  # the page's top was on screen: show step 1
            state[stepper.SCROLL_KEY] = True
            return
        index = _index(page, values) + delta
        if 0 <= index < len(values):
            state[page.lesson] = values[index]
            state[stepper.SCROLL_KEY] = True
            return
    target = LESSON[min(max(LESSON.index(page) + delta, 0), len(LESSON) - 1)]
    state[_GOTO] = (target.id, "start" if delta > 0 else "end")


def open_page(page_id, at="start", **values):
    """From a callback: go to that page before the next run, with these of its settings (see
    settings.open_with), else at its lesson's first step (`at` "keep": where it was)."""
    if values:
        settings.open_with(page_id, **values)
    st.session_state[_GOTO] = (page_id, "keep" if values else at)


def go_where_the_lesson_said():
    """Before a page runs: if Next / Back asked for another page, go there, at its lesson's
    first step (or last, going back; the page's stepper clamps it to the real last); a page
    opened with its settings keeps them."""
    state = st.session_state
    goto = state.pop(_GOTO, None)
    if goto:
        target, end = BY_ID[goto[0]], goto[1]
        if target.lesson and end != "keep":
            setting = settings.get(target.lesson)
            state[target.lesson] = setting.first if end == "start" else setting.last
        if end == "end":  # walking back: the last step, in view (so Next moves on at once)
            state[stepper.SCROLL_KEY], state[_ON_PAGE] = True, target.id
        elif not state.get(stepper.SCROLL_KEY):  # walking on: the page's top, then its step 1
            state[_SCROLL_TOP] = True  # (a plan's step on a page with steps: that step, in view)
        st.switch_page(target.script)


def arrive(page):
    """Before a page runs: a page the session was not on a moment ago opens at its top, so its
    first Next shows step 1 before moving."""
    state = st.session_state
    if state.get(_ON_PAGE) != page.id:
        state[_ON_PAGE], state[_AT_TOP] = page.id, page.id


_SCROLL_TOP = "_walk_scroll_top"
_ON_PAGE = "_walk_page"  # the page the last run showed


def scroll_to_top():
    """This run ends with the page at its top."""
    st.session_state[_SCROLL_TOP] = True


def scroll_to_top_if_asked(where):
    """After a page change the walk made: the new page from its top (Streamlit keeps the
    scroll of the page before)."""
    if st.session_state.pop(_SCROLL_TOP, False):
        browser.run_script(TOP_JS, where)
