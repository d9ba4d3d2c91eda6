"""Fixtures shared by the test modules: the data, the network, servers and the browser.

Helpers that are not fixtures live in modules of their own: tests/apptest.py (pages through
AppTest), tests/browser.py (a real server and Chromium), tests/corpus.py (odd pictures).
"""

import os
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cnn_viz import ROOT, model
from cnn_viz.data import CLASSES

CIFAR10 = Path(os.environ.get("CIFAR10_DIR", ROOT.parent / "shared" / "cifar10"))
ON_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def fresh_limits(monkeypatch):
    """Every AppTest session comes from one address (loopback): each test starts with that
    address's live-class limits (rooms opened, codes tried, students joined) at zero."""
    from cnn_viz.live import limits

    monkeypatch.setattr(limits, "LIMITS", limits.Limits())


@pytest.fixture(scope="session")
def cifar10():
    """The CIFAR-10 JPEG folder; on CI it must be there, elsewhere a test skips without it."""
    if (CIFAR10 / "test").is_dir():
        return CIFAR10
    if ON_CI:
        pytest.fail(f"CI must have the CIFAR-10 folder at {CIFAR10} (or set CIFAR10_DIR)")
    pytest.skip(f"no CIFAR-10 folder at {CIFAR10}")


@pytest.fixture
def tiny_dataset(tmp_path, monkeypatch):
    """train/ and test/ with a few generated 32x32 pictures per class; the decode cache in tmp."""
    monkeypatch.setenv("CNN_VIZ_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(1)
    for split, n in (("train", 4), ("test", 2)):
        for label, name in enumerate(CLASSES):
            folder = tmp_path / "data" / split / name
            folder.mkdir(parents=True)
            for i in range(n):
                pixels = rng.integers(0, 60, (32, 32, 3)) + label * 19  # classes differ in brightness
                Image.fromarray(pixels.astype(np.uint8)).save(folder / f"{i:04d}.png")
    return tmp_path / "data"


@pytest.fixture(scope="session")
def net():
    """The shipped network, served by the numpy engine."""
    return model.load()


@pytest.fixture(scope="session")
def keras_model():
    """The same network in Keras: the oracle the numpy engine is checked against."""
    import keras

    return keras.models.load_model(model.KERAS_PATH, compile=False)


@pytest.fixture(autouse=True, scope="session")
def full_streamlit_errors():
    """The app hides error details from visitors; tests want to read them."""
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")


@pytest.fixture(autouse=True, scope="session")
def no_keras_clearing_after_each_run():
    """After every script run Streamlit calls keras.backend.clear_session() when Keras is
    imported: a full garbage collection over TensorFlow's objects, about 0.4 s. The app never
    imports Keras; a test process does (the tests compare with it), and every page test after
    that paid it on every run (a 0.6 s test took 17 s). So in tests Streamlit's clean-up runs
    with Keras out of its sight; matplotlib's part of it still runs."""
    from streamlit.runtime.scriptrunner import script_runner

    honest = script_runner._clean_problem_modules

    def without_keras():
        keras = sys.modules.pop("keras", None)
        try:
            honest()
        finally:
            if keras is not None:
                sys.modules["keras"] = keras

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(script_runner, "_clean_problem_modules", without_keras)
        yield


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A redis-server of the test run's own on a loopback port (CI installs it from Debian)."""
    from tools import cluster, st_client

    if shutil.which("redis-server") is None:
        pytest.fail("the Redis room store's tests need redis-server (apt-get install redis-server)")
    port = st_client.free_port()
    with open(tmp_path_factory.mktemp("redis") / "redis.log", "w") as log:
        proc = cluster.start_redis(port, log)
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            st_client.stop(proc)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, require_chromium

    executable = require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    """One `streamlit run serve.py` for the tests of a module that do not need a cold one."""
    from tests.browser import streamlit_server

    with streamlit_server() as (url, _):
        yield url


@pytest.fixture
def page(browser):
    """A fresh browser context (nothing cached, no cookies) at a laptop's size."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-US")
    yield context.new_page()
    context.close()
