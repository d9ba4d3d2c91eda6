"""What serve.py puts in front of Streamlit's own HTTP routes (an ASGI middleware).

1. No such page. Streamlit answers every path it does not know with its app page, whose
   scripts are linked relatively: at /Convolution/extra the browser asks for
   /Convolution/static/js/..., gets that page again instead of code, and stays blank
   forever. Here a GET for a path that is neither a page nor one of Streamlit's own routes
   gets a small 404 page, in the visitor's language, with the menu; so does a GET under
   /_stcore/ that is none of Streamlit's own endpoints there.
2. Parked uploads. The upload endpoint takes files for a session whether or not a widget
   ever reads them, and keeps them until the session ends (minutes after its socket
   closes): 40 x 10 MB from one forged client. The app reads one picture at a time and
   releases it once decoded (picture.py), so after each upload a session keeps its newest
   uploads.PARKED_FILES files (PARKED_BYTES together) and the older ones are dropped.
3. /healthz: whether the live class's room store answers (200, or 503 with a sentence). The
   replicas' probes keep Streamlit's /_stcore/health: a lesson runs without the store.
4. Framing. Every response says which sites may show the app in a frame
   (Content-Security-Policy: frame-ancestors): its own origin and Streamlit Community
   Cloud's, which frames the apps it hosts; CNN_VIZ_FRAME_ANCESTORS replaces the list.
   Another site cannot dress the app in its own page.

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

# Streamlit's own routes begin with these path segments (streamlit/web/server/starlette).
STREAMLIT_ROUTES = {"_stcore", "static", "media", "component", "app", "auth", "oauth2callback"}
# Under /_stcore/ a GET reaches these (the websocket, /_stcore/stream, is not an HTTP GET);
# anything else there got the app's page, blank, from Streamlit's catch-all.
STCORE_GETS = {"health", "script-health-check", "metrics", "host-config", "upload_file", "bidi-components", "agent"}
PAGE_PATHS = {p.url_path for p in PAGES}


def _static_files():
    """The files at the frontend's root: index.html, favicon.png, manifest.json."""
    from streamlit import file_util

    return set(os.listdir(file_util.get_static_dir()))


# Without them (Streamlit moved its folder) only the page paths and Streamlit's routes pass.
_STATIC_FILES = softly("the guard's list of frontend files", _static_files) or set()
_UPLOAD = re.compile(r"^_stcore/upload_file/([^/]+)/[^/]+$")


def _relative(path):
    """The path below server.baseUrlPath, without slashes at either end."""
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    path = unquote(path).strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path


def is_known(path):
    """True for a page's path and for what Streamlit serves itself."""
    path = _relative(path)
    first, _, rest = path.partition("/")
    if first == "_stcore":
        return rest.split("/", 1)[0] in STCORE_GETS
    if first in STREAMLIT_ROUTES:
        return True
    return "/" not in path and (path in PAGE_PATHS or path in _STATIC_FILES)


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
    """The Content-Security-Policy every response carries (see 3. above)."""
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
        policy = frame_policy()

        async def framed(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"content-security-policy"]
                message = {**message, "headers": [*headers, (b"content-security-policy", policy)]}
            await send(message)

        method, path = scope["method"], scope["path"]
        if method in ("GET", "HEAD") and _relative(path) == "healthz":
            return await self._health(scope, receive, framed)
        if method in ("GET", "HEAD") and not is_known(path):
            return await self._not_found(scope, receive, framed)
        await self.app(scope, receive, framed)
        upload = _UPLOAD.match(_relative(path))
        if method == "PUT" and upload:
            uploads.drop_parked(upload.group(1))

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
