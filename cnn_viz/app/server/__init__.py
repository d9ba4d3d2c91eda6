"""What guards the server rather than draws a page: admission, HTTP, uploads, memory, and the
two places where the app reaches inside Streamlit.

- admission.py: one script run at a time, so a class arriving together is served in turn
- http_guard.py: serve.py's middleware: "no such page" for unknown paths, no parked uploads
- static_gzip.py: serve.py's other middleware: the frontend's files gzipped once per process
- uploads.py: a picture decoded as it arrives and its bytes let go; others released once read;
  a session's older unread uploads dropped
- upload_route.py: serve.py's route for the app's own uploader (cnn_viz/app/uploader.py)
- reconnect.py: a visitor whose server restarted keeps the click they make right after
- widget_guard.py: widget values no browser would send, reset with one sentence
- memory.py: glibc's allocator tuned, so memory freed after large uploads goes back

Every Streamlit internal the app touches, why, and what public API would replace it. Each is
used inside `softly()`: if an upgrade renames it, the server logs one line and runs without
that hardening, never without the app (tests/test_internals.py removes each in turn; run
`python -m pytest -m streamlit_internals` after every Streamlit upgrade).

internal (where): why; the public API that would replace it
- `WStates.__getitem__`, patched; `Serialized`, `Value` (widget_guard): convert a widget's
  value ourselves, so a forged one is refused instead of raising before the page runs; none
- `AppSession.request_rerun`, patched; `has_fragment` (reconnect): a fragment's click from a
  session that never ran reruns the whole page; none (fragments that survive a reconnect)
- `session_state._state._new_widget_state` (reconnect): the clicks a reconnected browser sent
  before its buttons existed; none
- `get_script_run_ctx()` (reconnect, widget_guard, uploads, own_models): the session a run
  belongs to; none (`st.context` has no session id)
- `Runtime.instance().is_active_session()` (own_models): whether a session that holds a
  visitor's model is still open, so a closed tab's model can make room; none
- `MemoryUploadedFileManager.remove_file`, `.file_storage`, `Runtime.instance()` (uploads):
  free an upload's bytes once read, drop parked ones; none (no `release()` on UploadedFile)
- `MemoryUploadedFileManager.get_files`, `.add_file`, `UploadedFileRec` (uploads.arrived):
  replace a picture's bytes by an empty placeholder once decoded on arrival; none (no hook
  on an upload's arrival)
- the same, with `UploadedFile`, `DeletedFile` and the `FileURLs` proto (upload_route,
  uploader): the app's own uploader keeps its files where Streamlit keeps uploads, and hands
  them to the pages as Streamlit's uploader does; none (no option for the uploader's texts,
  streamlit/streamlit#13500). Without them the app uses Streamlit's uploader
- `file_util.get_static_dir()` (http_guard, static_gzip): the frontend's files, to know its
  paths and gzip them; none
- hidden option `global.appTest` (frame): freeze the heap on a server, not under AppTest; none
- hidden option `runner.postScriptGC` (.streamlit/config.toml): no full collection after
  every run; none (an option Streamlit no longer knows only costs a warning)
"""

import logging

log = logging.getLogger("cnn_viz.server")
# What a renamed module, class, attribute, option or folder raises.
INTERNALS_CHANGED = (ImportError, AttributeError, TypeError, KeyError, OSError, RuntimeError)
off = set()  # the hardenings that are off in this process, by name


def softly(name, install):
    """Run `install()`, which reaches into Streamlit's internals. When they are not what it
    expects, log one line, note `name` as off, and return None: the app runs without it."""
    try:
        return install()
    except INTERNALS_CHANGED as error:
        if name not in off:
            off.add(name)
            log.warning("%s is off: Streamlit's internals changed (%s: %s).", name, type(error).__name__, error)
        return None


def route_path(path):
    """`path` (one of serve.py's routes) as the browser asks for it, under server.baseUrlPath."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"


def session_id():
    """The session the running script belongs to, or None outside a run: Streamlit's
    `get_script_run_ctx()`, an internal listed above, so callers reach it through softly() or
    inside a hardening that already does."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None
