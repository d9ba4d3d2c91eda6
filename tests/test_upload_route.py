"""The app's own upload route (cnn_viz/app/server/upload_route.py): a file goes to the session
its ticket names, and only a file the uploader takes; the browser's list of files is read as
far as it is one (cnn_viz/app/uploader.py)."""

import asyncio
import json

import pytest

from cnn_viz.app import uploader
from cnn_viz.app.server import upload_route


class Route:
    """The middleware with a store and sessions of the test's own."""

    def __init__(self, alive=("s1",)):
        self.stored, self.passed = [], []

        async def app(scope, receive, send):
            self.passed.append(scope["path"])

        def store(session_id, name, kind, data):
            self.stored.append((session_id, name, kind, data))
            return f"file{len(self.stored)}"

        self.route = upload_route.UploadRoute(app, store=store, alive=lambda sid: sid in alive)

    def post(self, path, chunks=(b"",), headers=()):
        """POST `path` with the body in `chunks`: (status, JSON body, chunks read)."""
        scope = {"type": "http", "method": "POST", "path": path, "query_string": b"", "root_path": "",
                 "headers": [(k.encode(), v.encode()) for k, v in headers], "client": ("10.0.0.9", 5000)}  # fmt: skip
        parts, read, sent = list(chunks), [0], []

        async def receive():
            read[0] += 1
            part = parts.pop(0) if parts else b""
            return {"type": "http.request", "body": part, "more_body": bool(parts)}

        async def send(message):
            sent.append(message)

        asyncio.run(self.route(scope, receive, send))
        if not sent:
            return None, None, read[0]
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return status, json.loads(body), read[0]


@pytest.fixture(autouse=True)
def no_tickets(monkeypatch):
    monkeypatch.setattr(upload_route, "_tickets", type(upload_route._tickets)())
    monkeypatch.setattr(upload_route, "_minted", {})


def test_a_file_goes_to_the_session_its_ticket_names():
    route = Route()
    ticket = upload_route.ticket("s1", "uploader", 1000)
    status, body, _ = route.post(
        f"/_upload/{ticket}", [b"ab", b"cd"], [("x-file-name", "caf%C3%A9%20photo.png"), ("content-type", "image/png")]
    )
    assert (status, body) == (200, {"id": "file1", "name": "café photo.png", "size": 4})
    assert route.stored == [("s1", "café photo.png", "image/png", b"abcd")]


def test_a_ticket_is_kept_per_session_and_uploader_and_the_oldest_forgotten(monkeypatch):
    first = upload_route.ticket("s1", "uploader", 1000)
    assert upload_route.ticket("s1", "uploader", 1000) == first
    assert upload_route.ticket("s2", "uploader", 1000) != first
    assert upload_route.ticket("s1", "own_file", 1000) != first
    assert upload_route.ticket("s1", "uploader", 2000) != first, "a ticket says what it takes"
    monkeypatch.setattr(upload_route, "MAX_TICKETS", 2)
    upload_route.ticket("s3", "uploader", 1000)
    assert len(upload_route._tickets) == len(upload_route._minted) == 2
    status, _, _ = Route(alive=("s1", "s3")).post(f"/_upload/{first}", [b"x"], [("x-file-name", "a.png")])
    assert status == 404


def test_an_unknown_ticket_or_an_ended_session_is_refused():
    route = Route(alive=())
    ticket = upload_route.ticket("s1", "uploader", 1000)
    for path in (f"/_upload/{ticket}", "/_upload/guessed", "/_upload/"):
        status, body, _ = route.post(path, [b"x"], [("x-file-name", "a.png")])
        assert (status, body) == (404, {"error": "gone"})
    assert route.stored == []


def test_a_file_over_the_limit_is_refused_as_soon_as_it_is_over():
    route = Route()
    ticket = upload_route.ticket("s1", "uploader", 10)
    status, body, read = route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", "a.png"), ("content-length", "11")])
    assert (status, body, read) == (413, {"error": "big"}, 0), "refused on its stated length, unread"
    chunks = [b"123456", b"123456", b"123456", b"123456"]
    status, body, read = route.post(f"/_upload/{ticket}", chunks, [("x-file-name", "a.png")])
    assert (status, body) == (413, {"error": "big"})
    assert read == 2, "no more is read once it is over"
    status, _, _ = route.post(f"/_upload/{ticket}", [b"12345", b"67890"], [("x-file-name", "a.png")])
    assert status == 200, "exactly the limit is taken"
    assert [len(s[3]) for s in route.stored] == [10]
    assert route.route.receiving == 0, "what was under way is counted off"


def test_only_the_types_the_uploader_takes():
    route = Route()
    ticket = upload_route.ticket("s1", "own_file", 1000, types=("keras", "onnx"))
    for name in ("model.h5", "keras", "model.keras.txt", ""):
        status, body, _ = route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", name)])
        assert (status, body) == (415, {"error": "type"}), name
    for name in ("model.keras", "NET.ONNX"):
        status, _, _ = route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", name)])
        assert status == 200, name


def test_a_busy_replica_asks_the_browser_to_come_back(monkeypatch):
    route = Route()
    ticket = upload_route.ticket("s1", "uploader", 1000)
    monkeypatch.setattr(upload_route, "IN_FLIGHT_BYTES", 1500)
    route.route.receiving = 600  # another upload of up to 600 bytes under way
    status, body, _ = route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", "a.png")])
    assert (status, body) == (503, {"error": "busy"}), "without a length, the uploader's limit is counted"
    assert route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", "a.png"), ("content-length", "1")])[0] == 200
    route.route.receiving = 500
    assert route.post(f"/_upload/{ticket}", [b"x"], [("x-file-name", "a.png")])[0] == 200
    lying = [("x-file-name", "a.png"), ("content-length", "2")]
    status, _, read = route.post(f"/_upload/{ticket}", [b"xy", b"z"], lying)
    assert (status, read) == (413, 2), "no more than it said is read"


def test_other_requests_pass_on():
    route = Route()
    assert route.post("/_stcore/upload_file/s1/f1")[0] is None
    assert route.post("/_uploads/x")[0] is None
    assert route.passed == ["/_stcore/upload_file/s1/f1", "/_uploads/x"]


def test_the_browsers_list_is_read_as_far_as_it_is_one():
    good = {"id": "f1", "name": "a.png", "size": 3}
    assert uploader._listed([good]) == [good]
    forged = [good, {"id": 1, "name": "b", "size": 2}, {"id": "f2"}, "f3", None, {**good, "size": "3"}]
    assert uploader._listed(forged) == [good]
    assert uploader._listed({"id": "f1"}) == []
    assert uploader._listed(None) == []
    assert len(uploader._listed([good] * 1000)) == upload_route.MAX_LISTED


def test_without_the_route_it_is_streamlits_uploader():
    """Under AppTest (and `streamlit run app.py`) the app's uploader is Streamlit's, which the
    page tests drive; serve.py installs the route."""
    from tests.apptest import PAGE, open_page

    at = open_page(PAGE["own"])
    assert [u.key for u in at.main.file_uploader] == ["own_file"]
