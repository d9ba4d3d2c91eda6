"""Uploads kept no longer than the app needs them.

Streamlit keeps every file sent to its upload endpoint until the session ends, minutes after
its socket closes. The app needs only the small decoded picture, so:
- `release(file_id)`: once a run has read an upload, its bytes (up to 10 MB) are dropped, as
  Streamlit's own chat input drops its files;
- `drop_parked(session_id)`: after each upload a session keeps its newest PARKED_LIMIT files
  (http_guard.py calls it): one forged client had parked 40 x 10 MB;
- `keep_in_memory()`: an upload is parsed in memory, never spooled to the temp directory: a
  full /tmp gave the visitor "AxiosError ... 500". Streamlit reads the whole file into memory
  right after, so the disk saved nothing.
The first two reach into Streamlit's upload manager (see server/__init__.py) and fail soft.
"""

from . import softly

PARKED_LIMIT = 2  # the file a run is reading, and the next one the visitor chose meanwhile


def release(file_id):
    """Drop an upload's bytes once this run has read them."""

    def remove():
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        if ctx is not None and isinstance(ctx.uploaded_file_mgr, MemoryUploadedFileManager):
            ctx.uploaded_file_mgr.remove_file(session_id=ctx.session_id, file_id=file_id)

    softly("releasing uploads", remove)


def drop_parked(session_id, keep=PARKED_LIMIT):
    """Keep only the newest `keep` uploads of this session in Streamlit's upload manager."""

    def drop():
        from streamlit.runtime import Runtime

        manager = Runtime.instance().uploaded_file_mgr
        storage = manager.file_storage.get(session_id, {})
        for file_id in list(storage)[:-keep]:  # dicts keep insertion order: oldest first
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
