"""Uploads kept no longer than the app needs them.

Streamlit keeps every file sent to its upload endpoint until the session ends, minutes after
its socket closes. The app needs only the small decoded picture, so:
- `arrived(session_id, file_id)`: once Streamlit has stored an upload (http_guard.py calls it
  before the browser hears the upload is done), a picture is decoded and its bytes let go at
  once; the upload stays as an empty placeholder (type DECODED), so the uploader still lists
  it and Streamlit ends it with the session. A class's 20 phone photos (2.8 MB each) arrive
  together, before any run reads them: 56 MB unread used to lose 6 of them to the limit below.
- `picture(upload)`: what a page reads, the upload's `Decoded` picture: as it arrived, or
  decoded now from its bytes (under AppTest, or `streamlit run app.py` without the guard);
  either way its bytes are released, as Streamlit's own chat input drops its files; `read`,
  the same for a file that is no picture (a model): its bytes, once;
- parked uploads: after each upload (in `arrived`) a session keeps its newest files still
  unread (a model file, say), at most PARKED_FILES of them and PARKED_BYTES together: one
  forged client had parked 40 x 10 MB. Decoded pictures waiting for a run are their own bound,
  WAITING_PICTURES;
- `keep_in_memory()`: an upload is parsed in memory, never spooled to the temp directory: a
  full /tmp gave the visitor "AxiosError ... 500". Streamlit reads the whole file into memory
  right after, so the disk saved nothing.
All but the last reach into Streamlit's upload manager (see server/__init__.py) and fail soft.
"""

import dataclasses
import threading

import numpy as np

from ... import images
from . import memory, session_id, softly

PARKED_FILES = 20  # unread files a session keeps (a page reads them within a run)
PARKED_BYTES = 40_000_000  # what one session may hold unread
WAITING_PICTURES = 60  # decoded pictures a session's next run may take: Teach's 3 classes of 20
DECODED = "application/x-cnn-viz-decoded"  # a placeholder's type: its picture waits in _waiting


@dataclasses.dataclass(frozen=True)
class Decoded:
    """An uploaded picture as the pages use it, or the sentence that refused it."""

    pixels: np.ndarray | None = None  # uint8 (32, 32, 3), what the network sees: a taught class's picture
    rgb: np.ndarray | None = None  # uint8, at most images.MAX_SIDE: the sidebar's (the newest upload's only)
    file_size: tuple | None = None  # (width, height) of the file
    error: images.ImageError | None = None


def decode(data):
    """The Decoded picture of an upload's bytes."""
    try:
        rgb = images.decode(data)
    except images.ImageError as error:
        return Decoded(error=error)
    return Decoded(images.model_input_steps(rgb)["resized"], rgb, images.file_size(data))


_waiting = {}  # session id -> {file id: Decoded}, oldest first: pictures decoded on arrival, not yet read
_waiting_lock = threading.Lock()


def _manager():
    from streamlit.runtime import Runtime

    return Runtime.instance().uploaded_file_mgr


def arrived(session_id, file_id, manager=None):
    """Streamlit has stored this upload: a picture is decoded now and its bytes let go; then
    the session's unread files are bounded. `manager`: Streamlit's upload manager (tests)."""

    def decode_and_bound():
        files = manager or _manager()
        found = files.get_files(session_id, [file_id])
        if found and found[0].type != DECODED and images.is_picture(found[0].data):
            _wait(files, session_id, file_id, decode(found[0].data))  # before the placeholder a run may read
            files.add_file(session_id, found[0]._replace(type=DECODED, data=b""))
            memory.give_back()
        _drop(files, session_id)
        _forget_ended(files)

    softly("decoding uploads as they arrive", decode_and_bound)


def _wait(files, session_id, file_id, decoded):
    """Keep a decoded picture for the session's next run: the newest keeps its full picture
    (a sidebar upload), the others what the network sees; the oldest beyond
    WAITING_PICTURES are let go."""
    with _waiting_lock:
        waiting = _waiting.setdefault(session_id, {})
        for older in waiting:
            waiting[older] = dataclasses.replace(waiting[older], rgb=None)
        waiting[file_id] = decoded
        let_go = list(waiting)[:-WAITING_PICTURES]
        for gone in let_go:
            del waiting[gone]
    for gone in let_go:
        files.remove_file(session_id, gone)


def _forget_ended(files):
    """Streamlit drops a session's uploads when it ends: its waiting pictures go too."""
    with _waiting_lock:
        for ended in [s for s in _waiting if s not in files.file_storage]:
            del _waiting[ended]


def picture(upload):
    """The Decoded picture of a widget's upload, read once: as it arrived, or decoded now from
    its bytes, which are released. None when it was let go before a run read it."""
    if not hasattr(upload, "getvalue"):  # Streamlit's DeletedFile: dropped, or read already
        return None
    if upload.type == DECODED:
        with _waiting_lock:
            found = _waiting.get(session_id(), {}).pop(upload.file_id, None)
        release(upload.file_id)
        return found
    data = read(upload)
    decoded = decode(data)
    del data
    memory.give_back()
    return decoded


def read(upload):
    """A widget's upload, its bytes read once and released; None for a file the server no
    longer holds (Streamlit's DeletedFile: dropped, or an id it never stored)."""
    if not hasattr(upload, "getvalue"):
        return None
    data = upload.getvalue()
    release(upload.file_id)
    return data


def release(file_id):
    """Drop an upload's bytes once this run has read them."""

    def remove():
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
            ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)

    softly("releasing uploads", remove)


def _drop(files, session_id):
    """At most PARKED_FILES unread files, PARKED_BYTES together; the newest is always kept.
    Placeholders of decoded pictures hold no bytes and are bounded by _wait."""
    stored = list(files.file_storage.get(session_id, {}).values())  # insertion order: newest last
    size = 0
    for kept, rec in enumerate(reversed([rec for rec in stored if rec.type != DECODED]), start=1):
        size += len(rec.data)
        if kept > 1 and (kept > PARKED_FILES or size > PARKED_BYTES):
            files.remove_file(session_id, rec.file_id)


def keep_in_memory():
    """Parse uploads up to the server's upload limit in memory (Starlette spools a form's file
    to the temp directory past 1 MB)."""

    def raise_spool_size():
        from starlette.formparsers import MultiPartParser
        from streamlit import config

        limit = int(config.get_option("server.maxUploadSize")) * 1024 * 1024
        MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, limit + 1024 * 1024)

    softly("keeping uploads in memory", raise_spool_size)
