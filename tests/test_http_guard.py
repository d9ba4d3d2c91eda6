"""serve.py's guard in front of Streamlit's HTTP routes: no blank page for a path no page has,
and no uploads parked by a session that never reads them, nor kept once read."""

import asyncio
from types import SimpleNamespace

import numpy as np
import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from cnn_viz.app.pages import PAGES
from cnn_viz.app.server import http_guard, uploads

pytestmark = pytest.mark.streamlit_internals  # each test holds a place that reaches inside Streamlit


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/Convolution",
        "/Model_report",
        "/_stcore/health",
        "/_stcore/host-config",
        "/_stcore/bidi-components/some.component/index.js",
        "/_stcore/agent/openapi.json",
        "/media/abc.png",
        "/component/x/index.html",
        "/favicon.png",
        "/manifest.json",
        "/auth/login",
    ],
)
def test_pages_and_streamlits_own_routes_pass(path):
    assert http_guard.is_known(path)


def a_frontend_script():
    """The path of one of Streamlit's frontend scripts (their names carry a hash)."""
    import os

    from streamlit import file_util

    folder = os.path.join(file_util.get_static_dir(), "static", "js")
    return "/static/js/" + next(name for name in os.listdir(folder) if name.endswith(".js"))


def test_the_frontends_own_files_pass_and_others_below_static_do_not():
    assert http_guard.is_known(a_frontend_script())
    assert not http_guard.is_known("/static/js/nosuch.js") and not http_guard.is_known("/static/../index.html")


@pytest.mark.parametrize(
    "path",
    [
        "/Convolution/extra",
        "/pages/2_Convolution.py",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/convolution",
        "/nosuch",
        "/a/b/c",
        "/_stcore/anything",
        "/_stcore/stream",  # the websocket is not an HTTP GET: as one it got the app's page, blank
        "/_stcore",
        "/_stcore/upload_file/x/y",  # PUT and DELETE only: a GET got the app's page, blank
        "/_stcore/bidi-components",
        "/_stcore/health/x",
        "/_stcore/metrics",  # public, and nothing reads it (hardening.md)
        "/app/static/anything.png",  # the app serves no static files
        "/static",
        "/media",
        "/auth/x",
    ],
)
def test_paths_no_page_has_are_refused(path):
    assert not http_guard.is_known(path)


def call(app, method, path, headers=(), query=b""):
    """One HTTP request through an ASGI app; returns (status, body)."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": list(headers),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body.decode()


async def streamlit(scope, receive, send):
    """Stands in for Streamlit: a PUT to the upload endpoint stores the file, as Streamlit does."""
    if scope["method"] == "PUT":
        _, _, _, session_id, file_id = scope["path"].split("/")
        MANAGER.add_file(session_id, UploadedFileRec(file_id, "x.png", "image/png", b"x" * 1000))
    await send({"type": "http.response.start", "status": 204 if scope["method"] == "PUT" else 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


MANAGER = MemoryUploadedFileManager("/_stcore/upload_file")


def test_a_path_no_page_has_gets_one_sentence_and_the_menu_in_the_visitors_language():
    guard = http_guard.HttpGuard(streamlit)
    status, body = call(guard, "GET", "/Convolution/extra")
    assert status == 404 and "No such page" in body and "/Convolution/extra" in body
    assert all(f'href="/{p.url_path}?lang=en"' in body for p in PAGES)
    status, body = call(guard, "GET", "/a/b", headers=[(b"accept-language", b"zh-CN,zh;q=0.9")])
    assert status == 404 and "没有这个页面" in body and 'href="/Convolution?lang=zh"' in body
    status, body = call(guard, "GET", "/x/<script>", query=b"lang=zh")
    assert "<script>" not in body and "没有这个页面" in body
    assert call(guard, "GET", "/Convolution")[0] == 200


def test_a_session_keeps_only_its_newest_uploads(monkeypatch):
    """A forged client once parked 40 x 10 MB that no widget ever read: a session keeps its
    newest 20 files (a class's pictures arrive together), 40 MB at most."""
    monkeypatch.setattr("streamlit.runtime.Runtime.instance", lambda: SimpleNamespace(uploaded_file_mgr=MANAGER))
    guard = http_guard.HttpGuard(streamlit)
    for n in range(25):
        assert call(guard, "PUT", f"/_stcore/upload_file/s1/file{n}")[0] == 204
    call(guard, "PUT", "/_stcore/upload_file/s2/other")
    kept = [rec.file_id for rec in MANAGER.get_files("s1", [f"file{n}" for n in range(25)])]
    assert kept == [f"file{n}" for n in range(5, 25)] and len(MANAGER.get_files("s2", ["other"])) == 1
    monkeypatch.setattr(uploads, "PARKED_BYTES", 3500)  # each file here is 1,000 bytes
    call(guard, "PUT", "/_stcore/upload_file/s1/file25")
    kept = [rec.file_id for rec in MANAGER.get_files("s1", [f"file{n}" for n in range(26)])]
    assert kept == ["file23", "file24", "file25"]


def test_an_upload_is_released_once_read(monkeypatch):
    """Streamlit would keep an upload's bytes for the whole session: the picture picker drops
    them from Streamlit's upload manager once it has read them."""
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    manager.add_file("session", UploadedFileRec("file-1", "photo.png", "image/png", b"x" * 1000))
    assert manager.get_files("session", ["file-1"])
    ctx = SimpleNamespace(uploaded_file_mgr=manager, session_id="session")
    monkeypatch.setattr("streamlit.runtime.scriptrunner.get_script_run_ctx", lambda: ctx)
    uploads.release("file-1")
    assert manager.get_files("session", ["file-1"]) == []


def _parse_upload(data):
    """Starlette's parse of an upload as Streamlit's upload endpoint does it: the file's bytes."""
    from starlette.requests import Request

    boundary = "cnnviz"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = [(b"content-type", f"multipart/form-data; boundary={boundary}".encode())]

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def parse():
        form = await Request({"type": "http", "method": "PUT", "headers": headers}, receive).form()
        return await form["file"].read()

    return asyncio.run(parse())


def test_an_upload_never_touches_a_full_temp_directory(monkeypatch):
    """Starlette spooled an upload past 1 MB to the temp directory: with it full, the visitor
    read "AxiosError ... 500". Parsed in memory up to the upload limit, it is served."""
    from tempfile import SpooledTemporaryFile

    from starlette.formparsers import MultiPartParser

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SpooledTemporaryFile, "rollover", full_disk)
    monkeypatch.setattr(MultiPartParser, "spool_max_size", MultiPartParser.spool_max_size)
    photo = bytes(range(256)) * (5 * 4096)  # 5 MB
    with pytest.raises(OSError):
        _parse_upload(photo)  # as Streamlit ships it
    uploads.keep_in_memory()
    assert MultiPartParser.spool_max_size > 40 * 1024 * 1024, "the whole 40 MB limit (config.toml)"
    assert _parse_upload(photo) == photo


def test_only_the_apps_own_origin_and_community_cloud_may_frame_it(monkeypatch):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    def policy(path):
        sent.clear()
        scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [], "root_path": ""}
        asyncio.run(http_guard.HttpGuard(streamlit)(scope, receive, send))
        start = next(m for m in sent if m["type"] == "http.response.start")
        return [v for k, v in start["headers"] if k == b"content-security-policy"]

    for path in ("/Convolution", "/no/such/page"):
        assert policy(path) == [b"frame-ancestors 'self' https://*.streamlit.app https://share.streamlit.io"]
    monkeypatch.setenv("CNN_VIZ_FRAME_ANCESTORS", "'self' https://school.example; script-src *")
    assert policy("/") == [b"frame-ancestors 'self' https://school.example script-src *"], "one directive only"


def test_healthz_says_whether_the_room_store_answers(monkeypatch):
    import json

    from cnn_viz import live
    from cnn_viz.live.redis_rooms import RedisRooms
    from tools import st_client

    guard = http_guard.HttpGuard(streamlit)
    status, body = call(guard, "GET", "/healthz")
    assert status == 200 and json.loads(body)["rooms"] == "ok"
    monkeypatch.setattr(live, "_store", RedisRooms(f"redis://127.0.0.1:{st_client.free_port()}/0"))
    status, body = call(guard, "GET", "/healthz")
    assert status == 503 and json.loads(body) == {
        "app": "ok",
        "rooms": "down",
        "detail": "The live-class room store does not answer: Unavailable.",
    }
    monkeypatch.setattr(live, "_store", None)


def fetch(url):
    """(status, headers, body) of a GET, whatever the status."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.slow  # starts a server
def test_through_a_server_unknown_paths_are_404_and_every_answer_says_nosniff(server):
    """Streamlit answered /_stcore/upload_file/x/y, /_stcore/bidi-components and a missing
    /app/static/ file with its app page (200, blank), and no answer said nosniff."""
    for path in ("/", "/Convolution", "/_stcore/health", "/_stcore/host-config", "/favicon.png", a_frontend_script()):
        status, headers, _ = fetch(server + path)
        assert (status, headers["X-Content-Type-Options"]) == (200, "nosniff"), path
    for path in (
        "/_stcore/upload_file/x/y",
        "/_stcore/bidi-components",
        "/app/static/anything.png",
        "/static/js/nosuch.js",
        "/_stcore/metrics",
        "/Convolution/extra",
    ):
        status, headers, body = fetch(server + path)
        assert (status, headers["X-Content-Type-Options"]) == (404, "nosniff"), path
        assert b"No such page" in body, path
    status, headers, _ = fetch(server + "/media/nosuch.png")  # Streamlit's own 404
    assert (status, headers["X-Content-Type-Options"]) == (404, "nosniff")


@pytest.mark.slow  # starts a server
def test_through_a_server_twenty_phone_photos_chosen_at_once_all_count(server):
    """20 photos of 2.8 MB, sent as a browser sends them (all uploads, then the uploader's
    value): 56 MB unread kept 14 under the 40 MB a session may park. Each is decoded as it
    arrives now, and all 20 count."""
    from tools.teach_uploads import phone_photo, teach_session

    photos = [phone_photo(seed) for seed in range(4)] * 5
    counted, said, exceptions = asyncio.run(teach_session(server, photos))
    assert (counted, exceptions) == (20, 0), said
    assert not [s for s in said if "let go" in s], said


def test_a_picture_is_decoded_as_it_arrives_and_its_bytes_let_go(monkeypatch):
    """The guard answers an upload once its picture is decoded: the session then holds a
    placeholder and the 32 x 32 picture (plus the newest one's 512-pixel one), not the file;
    a file that is not a picture (a model) stays as it came."""
    from cnn_viz import images

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    monkeypatch.setattr("streamlit.runtime.Runtime.instance", lambda: SimpleNamespace(uploaded_file_mgr=manager))
    photo = images.encode_png(np.random.default_rng(0).integers(0, 256, (600, 800, 3), dtype=np.uint8))
    sent = {"a": photo, "b": photo, "model": b"PK\x03\x04 a zip"}

    async def storing(scope, receive, send):
        session_id, file_id = scope["path"].split("/")[-2:]
        manager.add_file(session_id, UploadedFileRec(file_id, f"{file_id}.png", "image/png", sent[file_id]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    guard = http_guard.HttpGuard(storing)
    for file_id in sent:
        assert call(guard, "PUT", f"/_stcore/upload_file/s/{file_id}")[0] == 204
    a, b, model = manager.get_files("s", list(sent))
    assert (a.data, a.type, b.data, model.data) == (b"", uploads.DECODED, b"", sent["model"])
    waiting = uploads._waiting["s"]
    assert waiting["a"].rgb is None and waiting["b"].rgb.shape == (384, 512, 3), "only the newest keeps it"
    expected = images.model_input_steps(images.decode(photo))["resized"]
    np.testing.assert_array_equal(waiting["a"].pixels, expected)
    manager.remove_session_files("s")
    call(guard, "PUT", "/_stcore/upload_file/s2/model")  # a session that ended is forgotten at the next arrival
    assert "s" not in uploads._waiting
