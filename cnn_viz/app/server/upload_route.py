"""The app's own upload route: POST /_upload/<ticket>, which the app's uploader (uploader.py)
sends a file to.

Why not Streamlit's uploader: its texts ("Upload", "200MB per file", "Drag and drop a file
here", "File must be 10.0MB or smaller") are English on a Chinese page, and Streamlit has no
option for them (streamlit/streamlit#13500). The app's uploader is a small component of its
own that says them in the visitor's language; this route is where it sends the file.

A file lands where Streamlit's own uploads land: in Streamlit's upload manager, under the
visitor's session, followed by uploads.arrived. So every bound that holds Streamlit's
uploads holds these (a picture decoded on arrival and its bytes let go, a session's unread
files bounded, all of them dropped when the session ends), and the pages read them as they
read Streamlit's (uploads.picture, uploads.read).

Bounds of the route itself:
- a ticket names the session, the uploader and what it takes (its size limit and file types);
  the page's run mints it (`ticket`), and an unknown ticket, or one whose session has ended, is
  refused (404). At most MAX_TICKETS are kept, the oldest forgotten first (their page's next
  run mints a new one);
- a body over the ticket's limit is refused as soon as it is over (413), whatever its
  Content-Length said; a type the uploader does not take, likewise (415);
- at most IN_FLIGHT_BYTES are being received at once (the lengths the uploads under way said,
  or their uploaders' limits), a bound on what they hold in memory before they are stored; a
  request past it is told to come back (503), which the uploader does, for about 40 s.

`streamlit run app.py` has no middleware: INSTALLED stays False, and the app's uploader is
Streamlit's (uploader.py), as under AppTest.
"""

import asyncio
import collections
import secrets
import threading
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

from . import softly, uploads
from .http_guard import _relative

PATH = "_upload"
MAX_TICKETS = 20_000  # a few per session: a lecture hall's sessions, each with every uploader
IN_FLIGHT_BYTES = 200_000_000  # what this replica receives at once, before any is stored
MAX_LISTED = 100  # files one uploader lists: a taught class takes 20
INSTALLED = False  # set by serve.py, whose middleware answers PATH


@dataclass(frozen=True)
class Ticket:
    session_id: str
    key: str
    limit: int  # bytes
    types: tuple  # lower-case suffixes without the dot; () takes any


_tickets = collections.OrderedDict()  # ticket -> Ticket, oldest first
_minted = {}  # Ticket -> ticket: a page's run finds its uploader's own without a scan
_lock = threading.Lock()


def ticket(session_id, key, limit, types=()):
    """A ticket for this session's uploader `key`: the same one for as long as it is kept."""
    wanted = Ticket(session_id, key, int(limit), tuple(s.lower().lstrip(".") for s in types or ()))
    with _lock:
        token = _minted.get(wanted)
        if token is not None:
            _tickets.move_to_end(token)
            return token
        token = _minted[wanted] = secrets.token_urlsafe(18)
        _tickets[token] = wanted
        while len(_tickets) > MAX_TICKETS:
            del _minted[_tickets.popitem(last=False)[1]]
    return token


def usable():
    """Whether this process can take the app's uploads: serve.py's middleware answers PATH, and
    Streamlit's upload manager is where they are stored (an internal, see server/__init__.py)."""

    def check():
        from streamlit.runtime import Runtime
        from streamlit.runtime.uploaded_file_manager import UploadedFileRec

        return bool(UploadedFileRec._fields) and hasattr(Runtime.instance().uploaded_file_mgr, "add_file")

    return INSTALLED and bool(softly("the app's own uploader", check))


def _allowed(name, types):
    return not types or name.lower().rsplit(".", 1)[-1] in types and "." in name


def _alive(session_id):
    from streamlit.runtime import Runtime

    return Runtime.instance().is_active_session(session_id)


def _store(session_id, name, kind, data):
    """Keep the file where Streamlit keeps its uploads, then bound them: its file id."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    file_id = uuid.uuid4().hex
    Runtime.instance().uploaded_file_mgr.add_file(session_id, UploadedFileRec(file_id, name, kind, data))
    uploads.arrived(session_id, file_id)  # a picture decoded, its bytes let go; unread files bounded
    return file_id


class UploadRoute:
    """ASGI middleware: answers POST /_upload/<ticket> (under server.baseUrlPath), the file's
    bytes as the body and its name, quoted, in X-File-Name; passes everything else on."""

    def __init__(self, app, store=None, alive=None):
        self.app = app
        self.store, self.alive = store or _store, alive or _alive  # tests give their own
        self.receiving = 0  # bytes the uploads under way may still bring

    async def __call__(self, scope, receive, send):
        path = _relative(scope["path"]) if scope["type"] == "http" else ""
        if scope["type"] != "http" or scope["method"] != "POST" or path.split("/")[0] != PATH:
            return await self.app(scope, receive, send)
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        async def answer(status, **body):
            await JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})(scope, receive, send)

        request = Request(scope, receive)
        with _lock:
            held = _tickets.get(path[len(PATH) + 1 :])  # "" for the route alone
        if held is None or not await asyncio.to_thread(self.alive, held.session_id):
            return await answer(404, error="gone")
        name = unquote(request.headers.get("x-file-name", ""))[:255] or "file"
        if not _allowed(name, held.types):
            return await answer(415, error="type")
        said = request.headers.get("content-length", "")
        if said.isdigit() and int(said) > held.limit:
            return await answer(413, error="big")
        most = int(said) if said.isdigit() else held.limit  # a browser says a file's length
        if self.receiving + most > IN_FLIGHT_BYTES:
            return await answer(503, error="busy")
        self.receiving += most
        try:
            data = await self._body(request, most)
        finally:
            self.receiving -= most
        if data is None:
            return await answer(413, error="big")
        kind = request.headers.get("content-type", "application/octet-stream")[:100]
        file_id = await asyncio.to_thread(self.store, held.session_id, name, kind, data)
        await answer(200, id=file_id, name=name, size=len(data))

    @staticmethod
    async def _body(request, limit):
        """The body, or None once it is over `limit` bytes (no more of it is read)."""
        parts, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                return None
            parts.append(chunk)
        return b"".join(parts)
