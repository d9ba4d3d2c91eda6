"""The classroom load test's parts, on a small scale: the script itself is run by hand
(python -m cnn_viz.loadtest), so these keep its clients and watcher from rotting unseen."""

import asyncio
import subprocess
import sys
import time

import numpy as np
import pytest

from cnn_viz import gallery, images, loadtest
from tests.browser import ROOT, require_chromium, streamlit_server


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
        time.sleep(1.0)
    finally:
        watch.stop()
    assert watch.health_checks >= 2 and watch.health_failures == 0
    assert 50 < watch.peak_mb < 2000


def test_a_chromium_visitor_sees_the_answer_and_its_upload_answered(server, tmp_path):
    require_chromium()
    url, _ = server
    photo = tmp_path / "photo.png"
    photo.write_bytes(images.encode_png(np.asarray(gallery.samples()[7].rgb(), np.uint8).repeat(8, 0).repeat(8, 1)))
    [(shown, uploaded)] = asyncio.run(loadtest.browser_visits(url, 1, photo))
    assert shown.ok and uploaded.ok, (shown.error, uploaded.error)


def test_the_imported_libraries_are_out_of_the_collectors_sight():
    """Streamlit runs a full garbage collection after every script run; with the libraries'
    objects frozen it walks only what visitors left (see the end of cnn_viz/ui.py)."""
    code = "import gc; from cnn_viz import ui; print(gc.get_freeze_count(), len(gc.get_objects()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    frozen, tracked = map(int, out.stdout.split())
    assert frozen > 50_000 and tracked < frozen / 20
