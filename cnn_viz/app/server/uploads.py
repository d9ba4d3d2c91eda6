"""Uploads kept no longer than the app needs them.

Streamlit keeps every file sent to its upload endpoint until the session ends, minutes after
its socket closes. The app needs only the small decoded picture, so:
- `release(file_id)`: once a run has read an upload, its bytes (up to 10 MB) are dropped, as
  Streamlit's own chat input drops its files;
- `drop_parked(session_id)`: after each upload a session keeps its newest files, at most
  PARKED_FILES of them and PARKED_BYTES together (http_guard.py calls it): one forged client
  had parked 40 x 10 MB; a teacher's 20 pictures for a class of their own arrive together;
- `keep_in_memory()`: an upload is parsed in memory, never spooled to the temp directory: a
  full /tmp gave the visitor "AxiosError ... 500". Streamlit reads the whole file into memory
  right after, so the disk saved nothing.
The first two reach into Streamlit's upload manager (see server/__init__.py) and fail soft.
"""

from . import softly

PARKED_FILES = 20  # the pictures of one class of one's own (new_classes.MAX_PICTURES), read together
PARKED_BYTES = 40_000_000  # what one session may hold unread: a page reads them within a run


def release(file_id):
    """Drop an upload's bytes once this run has read them."""

    def remove():
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
            ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)

    softly("releasing uploads", remove)


def drop_parked(session_id):
    """Keep only this session's newest uploads in Streamlit's upload manager: at most
    PARKED_FILES of them, and at most PARKED_BYTES together (the newest is always kept)."""

    def drop():
        from streamlit.runtime import Runtime

        manager = Runtime.instance().uploaded_file_mgr
        storage = manager.file_storage.get(session_id, {})
        size = 0
        for kept, file_id in enumerate(reversed(list(storage)), start=1):  # insertion order: newest last
            size += len(storage[file_id].data)
            if kept > 1 and (kept > PARKED_FILES or size > PARKED_BYTES):
                manager.remove_file(session_id, file_id)

    softly("dropping parked uploads", drop)


def keep_in_memory():
    """Parse uploads up to the server's upload limit in memory (Starlette spools a form's file
    to the temp directory past 1 MB)."""

    def raise_spool_size():
        from starlette.formparsers import MultiPartParser
        from streamlit import config

        limit = int(config.get_option("server.maxUploadSize")) * 1024 * 1024
        MultiPartParser.spool_max_size = max(MultiPartParser.spool_max_size, limit + 1024 * 1024)

    softly("keeping uploads in memory", raise_spool_size)
