"""Widget values a browser could never send, refused before they break a session.

A client speaking Streamlit's protocol can send any value for any widget: infinity for a
whole-number input, say. Streamlit converts it (`int(inf)`) while it prepares the run,
before any line of the app runs, so the session gets a traceback instead of its page, on
every run until it reloads. `install()` wraps that one conversion: a value that cannot be
converted is replaced by the widget's default, and the page
says so in one sentence (`refused_here()`). Pages may say more of what a widget sends:
`fixed_grid()` for an editable matrix, `expect()` for a component's state or a multiselect's
count. It patches a Streamlit internal (see server/__init__.py): if that is not there, the
app runs without the guard.
"""

import json
import threading

from . import session_id, softly

_refused = set()  # ids of sessions that sent a value they were refused since their last run
_lock = threading.Lock()
_installed = False
_defaults = {}
_grids = {}  # an editable matrix's key -> (rows, columns): what an edit of it may touch
_checks = {}  # a widget's key -> what the value it sends must pass (see expect)
MOST_STATE_CHARS = 2_000_000  # a component's state as JSON: a drawing with its PNG is a few hundred kB


def fixed_grid(key, rows, cols):
    """Declare that the data editor `key` edits a rows x cols matrix in place: a message that
    adds or deletes rows, or edits a cell outside it, is refused before Streamlit applies it
    (50,000 forged added rows kept a server busy for a minute)."""
    with _lock:
        _grids[key] = (rows, cols)
        while len(_grids) > 10_000:  # keys carry a version: bounded, oldest first
            _grids.pop(next(iter(_grids)))


def expect(key, check):
    """Declare what widget `key` may send: `check(sent)` is False for a value no browser sends,
    refused before Streamlit converts it (a forged drawing raised inside the canvas library;
    1,000 choices for a multiselect of at most 3 raised inside Streamlit). `sent` is a
    component's state parsed from its JSON (refused unread past MOST_STATE_CHARS), or the
    list a multiselect sends."""
    with _lock:
        _checks[key] = check
        while len(_checks) > 10_000:  # keys may carry a version: bounded, oldest first
            _checks.pop(next(iter(_checks)))


def _unexpected(user_key, sent, kind):
    """True when the value sent for a declared widget fails its check."""
    check = _checks.get(user_key)
    if check is None or kind is None:
        return False
    value = getattr(sent, kind)
    if kind == "json_value":
        if len(value) > MOST_STATE_CHARS:
            return True
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return True
    elif kind.endswith("array_value"):
        value = list(value.data)
    return not check(value)


def refuse():
    """A page found a value no browser sends (an upload the server never stored): the same
    sentence as for a value refused here."""
    softly("the widget guard", _note_refusal)


def _outside_grid(user_key, raw):
    """True when a data editor's raw message reaches outside its declared grid."""
    shape = _grids.get(user_key)
    if shape is None or not isinstance(raw, str):
        return False
    if len(raw) > 200 * shape[0] * shape[1] + 200:  # far more than every cell edited: refused unread
        return True
    try:
        edits = json.loads(raw)
    except ValueError:
        return True
    if not isinstance(edits, dict) or edits.get("added_rows") or edits.get("deleted_rows"):
        return True
    rows, cols = shape
    edited = edits.get("edited_rows") or {}
    if not isinstance(edited, dict):
        return True
    for row, cells in edited.items():
        if not (str(row).isdigit() and int(row) < rows and isinstance(cells, dict)):
            return True
        if any(not (str(c).isdigit() and int(c) < cols) for c in cells):
            return True
    return False


def install(defaults):
    """Wrap Streamlit's widget-value conversion (once per process). `defaults` maps a widget's
    key to the value it falls back to; widgets not in it fall back to their own default."""
    global _installed, _defaults
    _defaults = defaults
    if not _installed:
        _installed = True  # tried once per process: off stays off, with one line in the log
        softly("the widget guard", _patch)


def _patch():
    from streamlit.errors import StreamlitAPIException
    from streamlit.runtime.state.session_state import Serialized, Value, WStates

    convert = WStates.__getitem__

    def guarded(self, key):
        stored, metadata = self.states.get(key), self.widget_metadata.get(key)
        if isinstance(stored, Serialized) and metadata is not None:
            kind = stored.value.WhichOneof("value")  # None: the visitor cleared the widget
            # None: Streamlit holds no type for it at this moment (seen for a page's number input
            # while a fragment beside it reruns every 1.5 s): nothing to compare the value with.
            known = metadata.value_type
            if kind is not None and known is not None and _family(kind) != _family(known):
                return _refuse(self, key, metadata, Value)  # a number for a choice, a list for a number...
            if kind == "string_value" and _outside_grid(_user_key(metadata), stored.value.string_value):
                return _refuse(self, key, metadata, Value)  # rows added to, or cells beyond, a fixed matrix
            if _unexpected(_user_key(metadata), stored.value, kind):
                return _refuse(self, key, metadata, Value)  # a drawing's state of the wrong shape, ...
        try:
            value = convert(self, key)
        # int(inf), int(nan), ...; Streamlit's own refusal of an upload whose name has another
        # extension than its uploader takes (a .txt for the model's .keras)
        except (ValueError, OverflowError, TypeError, IndexError, StreamlitAPIException):
            return _refuse(self, key, metadata, Value)
        if value is None and metadata is not None and isinstance(_defaults.get(_user_key(metadata)), str):
            return _refuse(self, key, metadata, Value)  # a choice its control never lets empty: []
        return value

    WStates.__getitem__ = guarded


# Kinds a browser sends interchangeably: a whole-number input sends int_value, though it is
# registered as double_value.
_FAMILIES = {
    "int_value": "number",
    "double_value": "number",
    "int_array_value": "numbers",
    "double_array_value": "numbers",
}


def _family(kind):
    return _FAMILIES.get(kind, kind)


def _refuse(states, key, metadata, value_class):
    """Give the widget its own default, as if the browser had sent nothing for it."""
    _note_refusal()
    # Replaced, not deleted: Streamlit may be iterating over these states right now.
    user_key = _user_key(metadata)
    value = _defaults[user_key] if user_key in _defaults else metadata.deserializer(None)
    states.states[key] = value_class(value)
    return states.states[key].value


def _user_key(metadata):
    return metadata.id.split("-", 2)[-1]  # Streamlit's ids end with the widget's key


def _note_refusal():
    session = session_id()
    if session is not None:
        with _lock:
            _refused.add(session)


def refused_here():
    """True once after this session sent a value that was refused."""
    session = softly("the widget guard", session_id) if _installed else None
    if session is None:
        return False
    with _lock:
        if session in _refused:
            _refused.discard(session)
            return True
    return False
