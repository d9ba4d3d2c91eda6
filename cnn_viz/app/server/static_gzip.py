"""Streamlit's frontend files, gzipped once and served compressed (an ASGI middleware).

Streamlit sends its frontend uncompressed, on purpose: it leaves /static/ to a proxy or a
CDN. Without one (`streamlit run serve.py`, or a single instance in a classroom) a first
visit downloads several megabytes, most of it Plotly's library (`python -m tools.first_visit`
measures it; docs/performance.md). Its files are named by their
content's hash and never change while the process runs, so each is compressed once, at
level 9 in a worker thread, kept in memory, and sent with `Content-Encoding: gzip` to every
browser that accepts it.
HAProxy's own gzip (deploy/haproxy.cfg) leaves an encoded answer alone, and its cache keeps
it (Vary: Accept-Encoding), so behind the proxy the replicas still compress each file once.

Anything else (another path, a client without gzip, a file that does not shrink) goes to
Streamlit untouched.
"""

import asyncio
import gzip
import mimetypes
from pathlib import Path

from . import softly

COMPRESSIBLE = {".js", ".css", ".svg", ".json", ".txt", ".map", ".ttf"}  # woff2 and png are compressed already
IMMUTABLE = b"public, max-age=31536000, immutable"


class GzipStatic:
    def __init__(self, app, root=None):
        self.app = app
        # Streamlit's static folder holds index.html and a `static` folder with the hashed files;
        # without it (Streamlit moved it) every request goes to Streamlit, uncompressed.
        root = root or softly("gzipped frontend files", _static_dir)
        self.files = (Path(root) / "static").resolve() if root else None
        self._gzipped = {}  # path -> gzipped bytes, or None when gzip does not make it smaller
        self._locks = {}

    async def __call__(self, scope, receive, send):
        path = self._file(scope)
        if path is None:
            return await self.app(scope, receive, send)
        body = await self._compressed(path)
        if body is None:
            return await self.app(scope, receive, send)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers = [
            (
                b"content-type",
                kind.encode() + (b"; charset=utf-8" if kind.startswith(("text/", "application/j")) else b""),
            ),
            (b"content-encoding", b"gzip"),
            (b"content-length", str(len(body)).encode()),
            (b"vary", b"Accept-Encoding"),
            (b"cache-control", IMMUTABLE),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def _file(self, scope):
        """The frontend file this request asks for in gzip, or None to let Streamlit answer."""
        if self.files is None or scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        url = scope["path"]
        if not url.startswith("/static/") or Path(url).suffix not in COMPRESSIBLE:
            return None
        accepted = dict(scope["headers"]).get(b"accept-encoding", b"")
        if b"gzip" not in accepted.lower():
            return None
        path = (self.files / url.removeprefix("/static/")).resolve()
        if not path.is_relative_to(self.files) or not path.is_file():
            return None  # Streamlit says 404 in its own way
        return path

    async def _compressed(self, path):
        if path not in self._gzipped:
            lock = self._locks.setdefault(path, asyncio.Lock())
            async with lock:  # 60 first visits at once compress Plotly's bundle once, not 60 times
                if path not in self._gzipped:
                    self._gzipped[path] = await asyncio.to_thread(_gzip, path)
        return self._gzipped[path]


def _static_dir():
    from streamlit import file_util

    return file_util.get_static_dir()


def _gzip(path):
    raw = path.read_bytes()
    packed = gzip.compress(raw, compresslevel=9, mtime=0)
    return packed if len(packed) < len(raw) else None
