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
would have.
"""

import threading

import streamlit as st
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.session_state import Serialized

REPLAY_KEY = "_replay_clicks"
_MAX_REMEMBERED = 100_000  # session ids: about 10 MB at most, then the oldest are forgotten
_ran = {}  # ids of the sessions the frame has run, oldest first
_lock = threading.Lock()
_installed = False


def install():
    """Let a fragment's click from a session that has never run rerun the whole page."""
    global _installed
    if _installed:
        return
    request_rerun = AppSession.request_rerun

    def rerun_whole_page_if_new(self, client_state):
        fragment_id = client_state.fragment_id if client_state else ""
        if fragment_id and not self.has_fragment(fragment_id) and self.id not in _ran:
            client_state.fragment_id = ""
        return request_rerun(self, client_state)

    AppSession.request_rerun = rerun_whole_page_if_new
    _installed = True


def note_run():
    """Remember that this session has run (the frame calls it on every run)."""
    ctx = get_script_run_ctx()
    if ctx is None or ctx.session_id in _ran:
        return
    with _lock:
        _ran[ctx.session_id] = True
        while len(_ran) > _MAX_REMEMBERED:
            del _ran[next(iter(_ran))]


def _widget_states():
    return get_script_run_ctx().session_state._state._new_widget_state


def unanswered_clicks():
    """Buttons the browser says were clicked but that this session has not drawn yet."""
    states = _widget_states()
    return [
        widget_id
        for widget_id, stored in states.states.items()
        if isinstance(stored, Serialized)
        and stored.value.WhichOneof("value") == "trigger_value"
        and stored.value.trigger_value
        and widget_id not in states.widget_metadata
    ]


def replay():
    """Call the callbacks of the clicks noted on the previous run, now that their buttons exist."""
    for widget_id in st.session_state.pop(REPLAY_KEY, ()):
        if widget_id in _widget_states().widget_metadata:
            _widget_states().call_callback(widget_id)
