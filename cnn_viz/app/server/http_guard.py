"""What serve.py puts in front of Streamlit's own HTTP routes (an ASGI middleware).

1. No such page. Streamlit answers every path it does not know with its app page, whose
   scripts are linked relatively: at /Convolution/extra the browser asks for
   /Convolution/static/js/..., gets that page again instead of code, and stays blank
   forever. Here a GET for a path that is neither a page nor one of Streamlit's own routes
   gets a small 404 page, in the visitor's language, with the menu: so do a GET of the
   upload endpoint (it takes PUT and DELETE only), a frontend file that is not there
   (/static/js/nosuch.js, /app/static/x while the app serves no static files), and
   /_stcore/metrics (see `_EXACT_GETS`).
2. Parked uploads. The upload endpoint takes files for a session whether or not a widget
   ever reads them, and keeps them until the session ends (minutes after its socket
   closes): 40 x 10 MB from one forged client. A picture is decoded as it arrives and its
   bytes let go (uploads.arrived); of what is left unread (model files, say) a session keeps
   its newest uploads.PARKED_FILES files (PARKED_BYTES together) and the older ones are dropped.
3. /healthz: whether the live class's room store answers (200, or 503 with a sentence). The
   replicas' probes keep Streamlit's /_stcore/health: a lesson runs without the store.
4. Framing. Every response says which sites may show the app in a frame
   (Content-Security-Policy: frame-ancestors): its own origin and Streamlit Community
   Cloud's, which frames the apps it hosts; CNN_VIZ_FRAME_ANCESTORS replaces the list.
   Another site cannot dress the app in its own page. And every response says its
   content type is the one it names (X-Content-Type-Options: nosniff): a browser does not
   guess that an upload's bytes or a text answer are a script or a page.

No Streamlit script runs here: this code serves HTTP requests on the event loop.
"""

import html
import os
import re
from urllib.parse import unquote

from streamlit import config

from ... import i18n
from ..pages import PAGES
from . import softly, uploads

# What a GET reaches among Streamlit's own routes (streamlit/web/server/starlette/
# starlette_app.py, create_streamlit_routes); anything else under them got the app's page,
# blank, from Streamlit's catch-all. Paths below the server's base path, without slashes.
# Not /_stcore/metrics: nothing of the app, its deployments or tools reads it, it told anyone
# how many sessions and how much memory the server holds, and its memory family walks every
# session's state (once per 5 s). Not /_stcore/upload_file (PUT and DELETE only), nor
# /_stcore/stream (a websocket, not an HTTP GET).
_EXACT_GETS = {"_stcore/health", "_stcore/host-config", "auth/login", "auth/logout", "oauth2callback"}
_FILE_ROUTES = ("_stcore/bidi-components/", "_stcore/agent/", "media/", "component/")  # Streamlit 404s a missing one
PAGE_PATHS = {p.url_path for p in PAGES}


def _static_dir():
    from streamlit import file_util

    return file_util.get_static_dir()


def _static_files():
    """The files at the frontend's root: index.html, favicon.png, manifest.json."""
    folder = _static_dir()
    return {name for name in os.listdir(folder) if os.path.isfile(os.path.join(folder, name))}


# Without them (Streamlit moved its folder) only the page paths and Streamlit's routes pass.
_STATIC_FILES = softly("the guard's list of frontend files", _static_files) or set()
_STATIC_DIR = softly("the guard's list of frontend files", _static_dir)
_UPLOAD = re.compile(r"^_stcore/upload_file/([^/]+)/([^/]+)$")


def _relative(path):
    """The path below server.baseUrlPath, without slashes at either end."""
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    path = unquote(path).strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path


def is_known(path):
    """True for a page's path and for what Streamlit answers a GET of itself."""
    path = _relative(path)
    if path in _EXACT_GETS:
        return True
    if path == "_stcore/script-health-check":  # when the server is set to answer it
        return bool(config.get_option("server.scriptHealthCheckEnabled"))
    if path.startswith(_FILE_ROUTES):
        return True
    if path.startswith("app/static/"):  # the app's own static files, when it serves them
        return bool(config.get_option("server.enableStaticServing"))
    if path.startswith("static/"):
        return _is_frontend_file(path)
    return "/" not in path and (path in PAGE_PATHS or path in _STATIC_FILES)


def _is_frontend_file(path):
    """A file of Streamlit's frontend (its folder unknown: every path below static/ passes)."""
    if _STATIC_DIR is None:
        return True
    parts = path.split("/")
    return ".." not in parts and os.path.isfile(os.path.join(_STATIC_DIR, *parts))


def no_such_page(path, lang):
    """The 404 page: one sentence, and the menu (links from the site's root)."""
    root = "/" + ((config.get_option("server.baseUrlPath") or "").strip("/") + "/").lstrip("/")
    links = "".join(
        f'<li><a href="{root}{p.url_path}?lang={lang}">{p.icon} {html.escape(i18n.text(lang, p.title_key))}</a></li>'
        for p in PAGES
    )
    title = html.escape(i18n.text(lang, "http.no_such_page"))
    sentence = html.escape(i18n.text(lang, "http.no_such_page_text", path=path))
    return (
        f'<!doctype html><html lang="{lang}"><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} · CNN Viz</title>"
        '<body style="font: 18px/1.5 sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #111">'
        f"<h1>{title}</h1><p>{sentence}</p><ul>{links}</ul></body></html>"
    )


def _language(scope):
    query = scope.get("query_string", b"").decode("latin-1")
    asked = re.search(r"(?:^|&)lang=([^&]*)", query)
    headers = dict(scope.get("headers") or ())
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    return i18n.pick_language(asked and asked.group(1), accept.split(",", 1)[0])


FRAME_ANCESTORS = "'self' https://*.streamlit.app https://share.streamlit.io"


def frame_policy():
    """The Content-Security-Policy every response carries (see 4. above)."""
    allowed = os.environ.get("CNN_VIZ_FRAME_ANCESTORS", "").strip() or FRAME_ANCESTORS
    allowed = re.sub(r"[^\w\s'*.:/\-]", "", allowed)  # one directive: no ';' or newline from a typo
    return f"frame-ancestors {allowed}".encode("latin-1")


class HttpGuard:
    """ASGI middleware: `st.App("app.py", middleware=[Middleware(HttpGuard)])`."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        ours = [(b"content-security-policy", frame_policy()), (b"x-content-type-options", b"nosniff")]
        names = {name for name, _ in ours}

        async def framed(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names]
                message = {**message, "headers": [*headers, *ours]}
            await send(message)

        method, path = scope["method"], scope["path"]
        if method in ("GET", "HEAD") and _relative(path) == "healthz":
            return await self._health(scope, receive, framed)
        if method in ("GET", "HEAD") and not is_known(path):
            return await self._not_found(scope, receive, framed)
        upload = _UPLOAD.match(_relative(path)) if method == "PUT" else None
        if upload is None:
            return await self.app(scope, receive, framed)
        await self._upload(upload.groups(), scope, receive, framed)

    async def _upload(self, ids, scope, receive, send):
        """Streamlit stores the upload; its picture is decoded before the browser hears that it
        arrived (the browser sends the uploader's value once every upload is answered, so the
        page's run finds them all decoded)."""
        import asyncio

        held = []

        async def hold(message):
            held.append(message)

        await self.app(scope, receive, hold)
        await asyncio.to_thread(uploads.arrived, *ids)  # a decode takes tens of milliseconds: not on the loop
        for message in held:
            await send(message)

    async def _health(self, scope, receive, send):
        import asyncio

        from starlette.responses import JSONResponse

        from ... import live

        ok, sentence = await asyncio.to_thread(live.health)  # a store call may wait 0.5 s: not on the loop
        body = {"app": "ok", "rooms": "ok" if ok else "down", "detail": sentence}
        await JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-cache"})(
            scope, receive, send
        )

    async def _not_found(self, scope, receive, send):
        from starlette.responses import HTMLResponse

        lang = _language(scope)
        page = no_such_page(unquote(scope["path"]), lang)
        headers = {"Cache-Control": "no-cache"}
        await HTMLResponse(page, status_code=404, headers=headers)(scope, receive, send)
