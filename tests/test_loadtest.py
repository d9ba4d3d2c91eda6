"""The classroom load test's parts, on a small scale: the script itself is run by hand
(python -m tools.loadtest), so these keep its clients and watcher from rotting unseen."""

import asyncio
import time

import numpy as np
import pytest

from cnn_viz import gallery, images
from cnn_viz.app.pages import PAGES
from tests.browser import require_chromium, streamlit_server
from tools import loadtest, st_client

pytestmark = pytest.mark.slow  # each module starts a real server


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as (url, proc):
        yield url, proc


def test_websocket_sessions_each_get_their_page(server):
    url, _ = server
    results = loadtest.burst(url, 4)
    assert [r.ok for r in results] == [True] * 4, [r.error for r in results]
    # A whole page arrived: the prediction page with its pictures and charts is tens of KB.
    assert all(r.received > 20_000 and r.seconds > 0 for r in results)


def test_a_session_on_a_missing_page_counts_as_failed(server):
    url, _ = server
    [result] = loadtest.burst(url, 1, page="No_such_page")
    assert not result.ok and result.error == "page not found"


def test_the_watcher_sees_the_server_memory_and_health(server):
    url, proc = server
    watch = loadtest.Watch(url, proc.pid)
    try:
        deadline = time.monotonic() + 30
        while watch.health_checks < 2 and time.monotonic() < deadline:
            time.sleep(0.05)  # polls the condition; the watcher asks four times a second
    finally:
        watch.stop()
    assert watch.health_checks >= 2 and watch.health_failures == 0
    assert 50 < watch.peak_mb < 2000


def test_health_answers_while_every_page_works(server):
    """A proxy or Community Cloud restarts a server whose /_stcore/health stops answering: it
    must answer while all seven pages run, twice over, each run holding the single run slot."""
    url, proc = server
    watch = loadtest.Watch(url, proc.pid)
    try:
        specs = [(p.url_path, "") for p in PAGES] * 2
        results = asyncio.run(st_client.open_sessions(url, specs))
    finally:
        watch.stop()
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    assert watch.health_checks >= 2 and watch.health_failures == 0


@pytest.mark.browser
def test_a_chromium_visitor_sees_the_answer_and_its_upload_answered(server, tmp_path):
    require_chromium()
    url, _ = server
    photo = tmp_path / "photo.png"
    photo.write_bytes(images.encode_png(np.asarray(gallery.samples()[7].rgb(), np.uint8).repeat(8, 0).repeat(8, 1)))
    [(shown, uploaded)] = asyncio.run(loadtest.browser_visits(url, 1, photo))
    assert shown.ok and uploaded.ok, (shown.error, uploaded.error)
