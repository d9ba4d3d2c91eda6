"""Each place the app reaches inside Streamlit (listed in cnn_viz/app/server/__init__.py) fails
soft: with the internal gone, as after an upgrade that renamed it, the server logs one line
and the app runs without that hardening, never without the app.

Run these, and the other tests marked streamlit_internals, after every Streamlit upgrade:
`python -m pytest -m streamlit_internals`.
"""

import logging
from types import SimpleNamespace

import pytest

from cnn_viz.app import server
from cnn_viz.app.picture import IMAGE_KEY
from cnn_viz.app.server import http_guard, reconnect, static_gzip, upload_route, uploads, widget_guard
from tests import corpus
from tests.apptest import PAGE, open_page, upload

pytestmark = pytest.mark.streamlit_internals


@pytest.fixture
def fresh(monkeypatch, caplog):
    """No hardening installed yet and none noted as off, as in a process that just started;
    what the server logs is kept."""
    monkeypatch.setattr(server, "off", set())
    caplog.set_level(logging.WARNING, logger="cnn_viz.server")
    return caplog


def one_line(caplog, name):
    lines = [r.getMessage() for r in caplog.records if r.name == "cnn_viz.server"]
    assert len(lines) == 1 and lines[0].startswith(f"{name} is off: Streamlit's internals changed"), lines


def test_without_the_widget_value_class_the_app_runs_unguarded(monkeypatch, fresh):
    monkeypatch.delattr("streamlit.runtime.state.session_state.WStates")
    monkeypatch.setattr(widget_guard, "_installed", False)
    widget_guard.install({})
    widget_guard.install({})  # every run calls it: one line, not one per run
    one_line(fresh, "the widget guard")
    at = open_page(PAGE["conv"], step=2)
    at.button(key="conv_step_next").click().run()
    assert not at.exception and at.session_state["conv_step"] == 3
    assert "the widget guard" in server.off


def test_without_the_upload_record_the_app_takes_files_through_streamlits_uploader(monkeypatch, fresh):
    monkeypatch.delattr("streamlit.runtime.uploaded_file_manager.UploadedFileRec")
    monkeypatch.setattr(upload_route, "INSTALLED", True)
    assert not upload_route.usable()
    one_line(fresh, "the app's own uploader")


def test_without_the_app_session_a_reconnected_click_is_lost_but_the_page_runs(monkeypatch, fresh):
    monkeypatch.delattr("streamlit.runtime.app_session.AppSession")
    monkeypatch.setattr(reconnect, "_installed", False)
    reconnect.install()
    one_line(fresh, "keeping a reconnected visitor's click")
    assert not open_page(PAGE["pool"]).exception


def test_without_the_widget_states_no_click_is_replayed_and_the_page_runs(monkeypatch, fresh):
    def renamed():
        raise AttributeError("'SessionState' object has no attribute '_new_widget_state'")

    monkeypatch.setattr(reconnect, "_widget_states", renamed)
    at = open_page(PAGE["conv"])
    at.button(key="conv_step_next").click().run()
    assert not at.exception and at.session_state["conv_step"] == 1
    one_line(fresh, "keeping a reconnected visitor's click")


def test_without_the_upload_manager_an_upload_still_becomes_the_picture(monkeypatch, fresh):
    monkeypatch.delattr("streamlit.runtime.memory_uploaded_file_manager.MemoryUploadedFileManager")
    at = upload(open_page(PAGE["image"]), "photo.png", corpus.save(corpus.gradient(90, 60), "PNG"))
    assert at.session_state[IMAGE_KEY].source == "upload" and not at.sidebar.error
    one_line(fresh, "releasing uploads")


def test_without_the_runtime_an_arriving_picture_waits_for_the_page_to_decode_it(monkeypatch, fresh):
    with monkeypatch.context() as renamed:
        renamed.setattr("streamlit.runtime.Runtime.instance", lambda: SimpleNamespace())  # no upload manager
        uploads.arrived("session", "file")
    one_line(fresh, "decoding uploads as they arrive")
    at = upload(open_page(PAGE["image"]), "photo.png", corpus.save(corpus.gradient(90, 60), "PNG"))
    assert at.session_state[IMAGE_KEY].source == "upload" and not at.sidebar.error, "the page decodes it"


def test_without_the_frontends_folder_pages_still_pass_the_guard_and_go_out_plain(monkeypatch, fresh):
    monkeypatch.delattr("streamlit.file_util.get_static_dir")
    assert server.softly("the guard's list of frontend files", http_guard._static_files) is None
    assert http_guard.is_known("/Convolution") and http_guard.is_known("/_stcore/health")
    plain = static_gzip.GzipStatic(app=None)
    scope = {"type": "http", "method": "GET", "path": "/static/js/index.js", "headers": [(b"accept-encoding", b"gzip")]}
    assert plain.files is None and plain._file(scope) is None, "every request goes to Streamlit"
    assert len([r for r in fresh.records if r.name == "cnn_viz.server"]) == 2


def test_without_the_hidden_test_option_the_frame_treats_the_process_as_a_server(monkeypatch, fresh):
    from cnn_viz.app import frame

    def unknown(key):
        raise RuntimeError(f'Config key "{key}" not defined.')

    monkeypatch.setattr(frame, "config", SimpleNamespace(get_option=unknown))
    monkeypatch.setattr(frame, "_started", True)  # started already: nothing to freeze in a test process
    frame._start_serving_once()
    assert server.softly("telling a test from a server", lambda: frame.config.get_option("global.appTest")) is None
    one_line(fresh, "telling a test from a server")


def test_with_streamlit_as_pinned_every_hardening_is_on():
    """The other side: an upgrade that silently turned a guard off fails here, not in class."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.state.session_state import WStates

    assert not open_page(PAGE["conv"]).exception
    assert not server.off, server.off
    assert WStates.__getitem__.__name__ == "guarded"
    assert AppSession.request_rerun.__name__ == "rerun_whole_page_if_new"
    assert {"index.html"} <= http_guard._STATIC_FILES
    assert static_gzip.GzipStatic(app=None).files.is_dir()
