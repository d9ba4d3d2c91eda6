"""A visitor whose server restarted (a redeploy, Community Cloud waking up) keeps their click.

The browser keeps the page it shows and reconnects to a new session that has never run,
so two of Streamlit's rules drop what the visitor does next:
- a click inside a fragment (the lessons' steppers) asks to rerun a fragment this session
  does not hold, which Streamlit ignores: every such click, until something reruns the page;
- any other click reruns the page, but Streamlit calls a button's callback only for buttons
  this session has drawn, so the click does nothing.
`install()` turns a fragment rerun from a session that has never run into a whole-page run,
which draws the view the address bar holds. The frame then replays the clicks that arrived
before the buttons existed: it notes them on the session's first run (`unanswered_clicks`)
and calls their callbacks at the start of the next one (`replay`), where Streamlit itself
would have. Both reach into Streamlit's internals (see server/__init__.py): without them
the app runs as Streamlit alone would, and a reconnected visitor's first click may be lost.
"""

import threading

import streamlit as st

from . import softly

REPLAY_KEY = "_replay_clicks"
_MAX_REMEMBERED = 100_000  # session ids: about 10 MB at most, then the oldest are forgotten
_ran = {}  # ids of the sessions the frame has run, oldest first
_lock = threading.Lock()
_installed = False


def install():
    """Let a fragment's click from a session that has never run rerun the whole page."""
    global _installed
    if not _installed:
        _installed = True  # tried once per process
        softly("keeping a reconnected visitor's click", _patch)


def _patch():
    from streamlit.runtime.app_session import AppSession

    request_rerun = AppSession.request_rerun

    def rerun_whole_page_if_new(self, client_state):
        fragment_id = client_state.fragment_id if client_state else ""
        if fragment_id and not self.has_fragment(fragment_id) and self.id not in _ran:
            client_state.fragment_id = ""
        return request_rerun(self, client_state)

    AppSession.request_rerun = rerun_whole_page_if_new


def _ctx():
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return get_script_run_ctx()


def note_run():
    """Remember that this session has run (the frame calls it on every run)."""
    ctx = softly("keeping a reconnected visitor's click", _ctx)
    if ctx is None or ctx.session_id in _ran:
        return
    with _lock:
        _ran[ctx.session_id] = True
        while len(_ran) > _MAX_REMEMBERED:
            del _ran[next(iter(_ran))]


def _widget_states():
    return _ctx().session_state._state._new_widget_state


def unanswered_clicks():
    """Buttons the browser says were clicked but that this session has not drawn yet."""

    def find():
        from streamlit.runtime.state.session_state import Serialized

        states = _widget_states()
        return [
            widget_id
            for widget_id, stored in states.states.items()
            if isinstance(stored, Serialized)
            and stored.value.WhichOneof("value") == "trigger_value"
            and stored.value.trigger_value
            and widget_id not in states.widget_metadata
        ]

    return softly("keeping a reconnected visitor's click", find) or []


def replay():
    """Call the callbacks of the clicks noted on the previous run, now that their buttons exist."""

    def call(clicks):
        states = _widget_states()
        for widget_id in clicks:
            if widget_id in states.widget_metadata:
                states.call_callback(widget_id)

    clicks = st.session_state.pop(REPLAY_KEY, ())
    if clicks:
        softly("keeping a reconnected visitor's click", lambda: call(clicks))
