"""The frame: what every page shares, done once around the page script.

app.py calls `run()`: it picks the visitor's language, registers the pages with
st.navigation (translated titles, today's URL paths), and then, holding admission for
this one run, sets the page up (settings from the URL, presenter mode, the first
picture), runs the page, draws the toolbar above it and writes the view into the URL.

The trap: with a pages/ folder beside app.py, a server that has just started treats the
app as a folder of pages until some run calls st.navigation, so the first visitor of
/Convolution runs pages/2_Convolution.py directly, without app.py. Every page therefore
opens with `frame.ensure()`: when the router is already running the page it does
nothing; when it is not, it runs the router (which runs this same page inside the frame)
and ends the outer run. Either way the page runs exactly once, framed.
"""

import gc
import threading
from contextlib import contextmanager

import streamlit as st
from streamlit import config

from .. import i18n
from .. import live as live_store
from . import browser, classroom, connection, picture, planning, settings, stepper, toolbar
from .pages import LESSON, PAGES
from .server import memory, reconnect, softly, uploads, widget_guard
from .server.admission import ADMISSION
from .text import t

CSS = """
<style>
.block-container { padding-top: 4rem; }  /* clear of Streamlit's header, which takes clicks */
[class*="_step_area"] { scroll-margin-top: 3.8rem; }  /* a presenter's Next scrolls here, clear of it too */
/* A wide table scrolls in its box on a phone, not the page. */
.cnnviz-wide { overflow-x: auto; }  /* a wide table (widgets.wide_table) */
/* and so does a formula; its padding holds KaTeX's last pixel, which else made it scroll (a
   scroll box a keyboard cannot reach: axe's scrollable-region-focusable) */
.stMain .katex-display { overflow-x: auto; overflow-y: hidden; padding: 0 0.3em; }
.stMain code { font-size: max(0.88em, 14px); }  /* Streamlit's 0.75em read 13.8 px on a projector */
/* The home page's network scrolls sideways on a phone: shadows at the edges that have more,
   and a line under it that says so (hidden where the whole figure fits). */
.cnnviz-pipeline {
  background:
    linear-gradient(to right, #fff 30%, rgba(255,255,255,0)) left / 40px 100% no-repeat local,
    linear-gradient(to left, #fff 30%, rgba(255,255,255,0)) right / 40px 100% no-repeat local,
    radial-gradient(farthest-side at 0 50%, rgba(0,0,0,.25), transparent) left / 16px 100% no-repeat scroll,
    radial-gradient(farthest-side at 100% 50%, rgba(0,0,0,.25), transparent) right / 16px 100% no-repeat scroll;
}
.cnnviz-swipe { display: none; text-align: center; font-size: 0.95rem; color: #222; }
/* A visitor who asks for less motion gets none: Streamlit's spinners, skeletons, toasts and
   expanders, and any scroll, change at once (WCAG 2.3.3; the steps move only on Next, or on Play
   when asked for). */
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important; scroll-behavior: auto !important;
  }
}
/* WCAG 2.4.7: a link reached by the keyboard is ringed as the app's buttons are (Streamlit marks
   the menu's links with a background one shade darker, hard to see on a projector). */
a:focus-visible { outline: 3px solid #c2185b !important; outline-offset: 2px; }
[data-testid="stSidebarNav"] a:focus-visible { outline-offset: -3px !important; }
/* ... and so are a toggle or a checkbox (Streamlit: a pale background) and a text, number or
   select box (a 1 px border's colour). */
[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 3px solid #c2185b; outline-offset: 2px; border-radius: .25rem;
}
[role="group"]:has(> input:focus-visible), [data-baseweb="input"]:has(input:focus-visible),
[data-testid="stNumberInputContainer"]:has(input:focus-visible) { outline: 3px solid #c2185b; outline-offset: 1px; }
/* A folded sidebar is off screen: its links and controls leave the Tab order with it. */
[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
/* WCAG 1.4.12: with a reader's wider letter, word and line spacing, a button's or a control's
   label and a number in a metric wrap rather than end in "…" (Streamlit cuts them to one line). */
.stMain button [data-testid="stMarkdownContainer"], .stMain button [data-testid="stMarkdownContainer"] p,
.stMain label [data-testid="stMarkdownContainer"], .stMain label [data-testid="stMarkdownContainer"] p,
.stMain [data-testid="stMetricValue"], .stMain [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
.stMain [data-testid="stButtonGroup"] button { height: auto !important; min-height: 2.5rem; }
/* The language choice wraps in a narrow toolbar column (a presenter at 200 %) rather than
   hide a language past the column's edge. */
.st-key-_w_lang [role="radiogroup"] { flex-wrap: wrap; }
/* On a phone a step's result comes right under its controls, its working after it. */
@media (max-width: 640px) {
  .cnnviz-swipe { display: block; }
  [class*="_result_first"] > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] {
    flex-direction: column-reverse;
  }
}
</style>
"""
PRESENTER_CSS = """
<style>
html { font-size: 21px; }                       /* Streamlit sizes in rem: everything grows */
.block-container { padding-top: 3.2rem; max-width: 100%; }
.st-key-lesson_next button, .st-key-lesson_back button { font-size: 1.5rem; min-height: 3.2rem; }
.st-key-lesson_next button p, .st-key-lesson_back button p { font-size: 1.5rem; }
/* The teacher's Next stays on screen while the lesson scrolls under it. */
div:has(> .st-key-toolbar) { position: sticky; top: 3.75rem; z-index: 990; background: #ffffff; }
/* On a short screen (a laptop at 200 %) a pinned toolbar would leave a third of it to the lesson. */
@media (max-height: 500px) { div:has(> .st-key-toolbar) { position: static; } }
[class*="_step_area"] { scroll-margin-top: 8rem; }
.stMain .katex { font-size: 1.3em; }  /* a formula's subscripts at 18 px or more */
.stMain code { font-size: max(0.88em, 18px); }
/* A live class's status line and Reveal make the toolbar a row taller. */
.stApp:has(.st-key-live_status) [class*="_step_area"] { scroll-margin-top: 12.5rem; }
</style>
"""


class Unavailable(Exception):
    """Raised by a page that cannot be shown (the model is missing, say): the frame shows the
    message, one sentence in the visitor's language, and everything else keeps working."""


_framing = threading.local()  # set while this thread runs a page inside the frame
_started = False


def run():
    """The router: run the page the visitor asked for, inside the frame."""
    _start_serving_once()
    widget_guard.install(settings.DEFAULTS)  # before any widget exists: a session's first run registers them
    reconnect.install()
    state = st.session_state
    clicks = reconnect.unanswered_clicks()  # only a reconnected browser sends clicks on a first run
    reconnect.note_run()
    if "lang" not in state:
        state.lang = i18n.pick_language(st.query_params.get("lang"), st.context.locale)
    entries = _entries(state.lang)
    chosen = st.navigation(entries, expanded=True)  # every page in view, not "View 3 more"
    page = next(p for p, entry in zip(PAGES, entries) if entry is chosen)
    toolbar.go_where_the_lesson_said()
    toolbar.arrive(page)
    with ADMISSION, _framed():
        _set_up(page)
        reconnect.replay()
        top = st.container(key="toolbar")
        toolbar.install_walk(top, page)
        class_box = st.container()  # the teacher's live-class panel, under the toolbar
        toolbar.forget_lesson()
        classroom.forget_offer()
        classroom.resume()  # a reloaded projector takes its room back first
        classroom.before_page()  # what the page holds back while the class answers, before it draws
        try:
            chosen.run()
        except Unavailable as why:
            st.error(str(why))
        _next_lesson_link(page)
        toolbar.draw(top, page)
        toolbar.scroll_to_top_if_asked(top)
        connection.install(top)
        if state.presenter and page.walk:
            classroom.teacher_panel(class_box)
            classroom.status_line(top)
        settings.sync_url()
        classroom.retry_when_back()
        state.pop(stepper.SCROLL_KEY, None)  # a page without a stepper had nothing to scroll to
    if clicks:
        state[reconnect.REPLAY_KEY] = clicks
        st.rerun()  # now that the buttons exist, their callbacks can run


def _entries(lang):
    """Every page's st.Page in the visitor's language, made once a session: each resolves its
    script's path on disk, an eighth of a short run (a phone's, 1,000 of them when a lecture
    hall's question opens). Not shared between sessions: navigation marks the one it runs."""
    key = f"_pages_{lang}"
    if key not in st.session_state:
        st.session_state[key] = [
            st.Page(p.script, title=t(p.title_key), icon=p.icon, url_path=p.url_path or None, default=not p.url_path)
            for p in PAGES
        ]
    return st.session_state[key]


def ensure():
    """The first line of every page script (see the module's docstring)."""
    if getattr(_framing, "active", False):
        return
    run()
    st.stop()  # the router has run this page already


@contextmanager
def _framed():
    _framing.active = True
    try:
        yield
    finally:
        _framing.active = False


def _next_lesson_link(page):
    """At the foot of every page but the last, the way on (the presenter has Next instead)."""
    if st.session_state.presenter or page not in LESSON or page is LESSON[-1]:
        return
    following = LESSON[LESSON.index(page) + 1]
    st.divider()
    st.page_link(following.script, label=t("ui.next_lesson", title=t(following.title_key)), icon="➡️")


def _set_up(page):
    settings.enter(page.id)
    planning.load_from_address()  # a plan's link (and a presenter's place in its walk)
    planning.address_extra(page.id)
    planning.notices()
    presenter = st.session_state.presenter
    st.set_page_config(
        page_title=f"{t(page.title_key)} · CNN Viz",
        layout="wide",
        page_icon=page.icon,
        initial_sidebar_state="collapsed" if presenter else "auto",
    )
    st.html(CSS + (PRESENTER_CSS if presenter else ""))
    browser.document_language(st.session_state.lang)
    if widget_guard.refused_here():
        st.warning(t("ui.refused_value"))
    picture.ensure()


def _start_serving_once():
    """What the first served run does for the whole process: memory that comes back after
    visitors leave (see server/memory.py), and the libraries frozen (below)."""
    global _started
    if _started or softly("telling a test from a server", lambda: config.get_option("global.appTest")):
        return
    _started = True
    memory.tune_allocator()
    uploads.keep_in_memory()
    live_store.check_configuration()  # under `streamlit run app.py` too (serve.py does it at start)
    _freeze_libraries()


def _freeze_libraries():
    """Take the imported libraries' objects out of the garbage collector's sight.

    About 120,000 objects, nearly all from the imported libraries, live as long as the
    server. Every full collection (Python's own, now that .streamlit/config.toml turns off
    Streamlit's after-every-run one) would walk all of them while holding the interpreter
    lock, which a burst of visitors pays for in wait; frozen, a collection walks only what
    the visitors left. `python -m tools.scale` measures bursts. Done on the first run, when
    serving has begun and the libraries are imported, and not under AppTest, which is a
    test, not a server.
    """
    from .. import model  # noqa: F401 - the one library module the frame itself has not imported

    gc.freeze()
