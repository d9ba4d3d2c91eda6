"""Streamlit's frontend files go out gzipped, compressed once; everything else is Streamlit's."""

import asyncio
import gzip

import pytest

from cnn_viz.app.server.static_gzip import GzipStatic

pytestmark = pytest.mark.streamlit_internals  # each test holds a place that reaches inside Streamlit


async def streamlit(scope, receive, send):
    """Stands in for Streamlit: answers 'streamlit' so a test sees who answered."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"streamlit"})


def call(app, path, method="GET", encoding=b"gzip, deflate, br"):
    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    headers = [(b"accept-encoding", encoding)] if encoding else []
    asyncio.run(app({"type": "http", "method": method, "path": path, "headers": headers}, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return dict(start["headers"]), body


def test_a_frontend_file_goes_out_gzipped_and_is_compressed_once(tmp_path, monkeypatch):
    (tmp_path / "static" / "js").mkdir(parents=True)
    code = b"function plot() { return 'the same line again'; }\n" * 2000
    (tmp_path / "static" / "js" / "Plotly.abc123.js").write_bytes(code)
    app = GzipStatic(streamlit, root=tmp_path)
    headers, body = call(app, "/static/js/Plotly.abc123.js")
    assert headers[b"content-encoding"] == b"gzip" and gzip.decompress(body) == code
    assert int(headers[b"content-length"]) == len(body) < len(code) / 10
    assert headers[b"vary"] == b"Accept-Encoding" and b"immutable" in headers[b"cache-control"]
    assert headers[b"content-type"].startswith(b"text/javascript") or headers[b"content-type"].startswith(
        b"application/javascript"
    )
    compressions = []
    monkeypatch.setattr("cnn_viz.app.server.static_gzip._gzip", lambda path: compressions.append(path))
    assert call(app, "/static/js/Plotly.abc123.js")[1] == body and not compressions, "kept, not compressed again"
    assert call(app, "/static/js/Plotly.abc123.js", method="HEAD")[1] == b""


def test_everything_else_is_streamlits(tmp_path):
    (tmp_path / "static" / "media").mkdir(parents=True)
    (tmp_path / "static" / "js").mkdir()
    (tmp_path / "static" / "js" / "a.js").write_text("x = 1;\n" * 100)
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(b"\x00" * 1000)
    (tmp_path / "secret.js").write_text("x = 1;\n" * 100)
    app = GzipStatic(streamlit, root=tmp_path)
    assert call(app, "/static/js/a.js", encoding=None)[1] == b"streamlit", "a client without gzip"
    assert call(app, "/static/media/font.woff2")[1] == b"streamlit", "compressed already"
    assert call(app, "/static/js/missing.js")[1] == b"streamlit", "Streamlit says 404"
    assert call(app, "/static/../secret.js")[1] == b"streamlit", "nothing outside the folder"
    assert call(app, "/static/js/a.js", method="POST")[1] == b"streamlit"
    assert call(app, "/Convolution")[1] == b"streamlit"
    (tmp_path / "static" / "js" / "tiny.js").write_text("x")
    assert call(app, "/static/js/tiny.js")[1] == b"streamlit", "gzip would make it larger"


def test_the_real_plotly_bundle_shrinks_to_under_a_third():
    from pathlib import Path

    from streamlit import file_util

    bundle = next(Path(file_util.get_static_dir(), "static", "js").glob("PlotlyChart.*.js"))
    headers, body = call(GzipStatic(streamlit), f"/static/js/{bundle.name}")
    assert gzip.decompress(body) == bundle.read_bytes() and len(body) < bundle.stat().st_size / 3
