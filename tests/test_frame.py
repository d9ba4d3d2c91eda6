"""The frame around every page: admission always given back, the libraries frozen once when
serving starts, and pages that work whether the router or a cold server runs them."""

import subprocess
import sys

import pytest

from cnn_viz import ROOT
from cnn_viz.app import frame
from tests.apptest import HOME, new_app, open_page


def test_a_page_that_ends_early_gives_admission_back():
    at = open_page("pages/2_Convolution.py", k=5)  # the filter does not fit: the page says so and ends
    assert at.error
    assert frame.ADMISSION.busy() == 0


def test_a_page_runs_once_per_visit():
    """On the cold path the page script starts, hands over to the router, which runs it again
    inside the frame; the outer run stops there. Each element appears once."""
    at = open_page("pages/3_Pooling.py")
    assert len(at.title) == 1 and [s.value for s in at.subheader] == ["Max pooling", "Average pooling"]
    assert len([b for b in at.button if b.key == "pool_step_next"]) == 1


def test_the_router_is_the_entry_point():
    at = new_app().run()
    assert not at.exception and at.title[0].value.startswith("How a convolutional network")
    assert at.session_state["_page"] == "home"
    assert HOME.endswith("0_Home.py")


@pytest.mark.streamlit_internals  # the hidden option global.appTest
@pytest.mark.slow
def test_the_libraries_are_frozen_when_serving_starts_not_on_import():
    """Streamlit runs a full garbage collection after every script run; with the libraries'
    objects frozen it walks only what visitors left (see frame._freeze_libraries)."""
    code = (
        "import gc; from cnn_viz.app import frame; before = gc.get_freeze_count(); "
        "frame._start_serving_once(); print(before, gc.get_freeze_count(), len(gc.get_objects()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    before, frozen, tracked = map(int, out.stdout.split())
    assert before == 0, "importing the app freezes nothing"
    assert frozen > 50_000 and tracked < frozen / 20


def test_only_the_app_package_and_the_pages_import_streamlit():
    """The library computes; cnn_viz/app and pages/ show. The drawing canvas, which cannot be
    imported outside a running app, is imported inside page code only."""
    import ast

    offenders = []
    for path in ROOT.glob("cnn_viz/**/*.py"):
        if "app" in path.relative_to(ROOT / "cnn_viz").parts[:-1]:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in ("streamlit", "streamlit_drawable_canvas")
            ]
    assert not offenders, offenders


@pytest.mark.parametrize("damage", ["missing", "truncated", "not a zip"])
@pytest.mark.parametrize("page", ["pages/5_Feature_maps.py", "pages/7_Prediction.py", "pages/9_Model_report.py"])
def test_a_broken_model_file_gets_one_sentence_and_the_lessons_keep_working(page, damage, tmp_path, monkeypatch):
    from cnn_viz import model
    from cnn_viz.app import resources

    broken = tmp_path / "cifar10_cnn.npz"
    if damage == "truncated":
        broken.write_bytes(model.WEIGHTS_PATH.read_bytes()[:5000])
    elif damage == "not a zip":
        broken.write_text("not weights")
    monkeypatch.setattr(model, "WEIGHTS_PATH", broken)
    monkeypatch.setattr(model, "METRICS_PATH", tmp_path / "missing.json")
    resources._network.clear()
    resources._metrics.clear()
    try:
        at = open_page(page, lang="en")
        [error] = [e.value for e in at.error]
        named = "missing.json" if page == "pages/9_Model_report.py" else "cifar10_cnn.npz"  # what it reads first
        assert error.startswith(f"The trained model could not be loaded ({named} is missing or damaged)")
        assert error.endswith(
            "`python -m cnn_viz train --data-dir ../shared/cifar10 --epochs 40 --augment` rebuilds it."
        )
        assert at.toggle(key="_w_presenter"), "the frame is still there"
        switch_to = open_page("pages/2_Convolution.py")
        assert not switch_to.error
    finally:
        resources._network.clear()
        resources._metrics.clear()
