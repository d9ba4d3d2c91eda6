"""tools/plain_install.py, the CI step that runs the app from requirements.txt alone: what it
walks leaves nothing out, and what it looks for it finds. (.ci/run runs the step itself, in a
fresh venv; these run here, where the dev requirements are installed too.)"""

import importlib.util
import sys

from cnn_viz import ROOT, keras_file
from tools import plain_install


def test_it_imports_every_module_of_cnn_viz_and_opens_every_page():
    """A module in a folder without __init__.py, or a page missing from the registry, would
    escape the step: every file on disk is in what it walks."""
    on_disk = set()
    for path in (ROOT / "cnn_viz").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        on_disk.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    walked = set(plain_install.cnn_viz_modules()) | {"cnn_viz"}
    assert on_disk == walked
    assert walked >= plain_install.TRAINING | plain_install.NOT_IMPORTED, "what it leaves out exists"
    pages = {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")}
    assert pages == set(plain_install.page_scripts().values())


def test_it_finds_a_library_imported_inside_a_function():
    """h5py is imported only when a model is read: the step reads the code, not what imported."""
    named = plain_install.third_party()
    assert named["h5py"] == {"cnn_viz.keras_file"}
    assert {"streamlit", "numpy", "PIL", "segno", "streamlit_drawable_canvas"} <= set(named)
    assert {"pages.11_Own_model", "serve"} <= set().union(*named.values()), "pages and serve.py are read too"


def test_a_library_requirements_txt_lacks_is_a_failure(monkeypatch):
    assert plain_install.check_third_party() == []
    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "h5py" else found(name))
    assert plain_install.check_third_party() == [
        "h5py, imported by cnn_viz.keras_file, is not installed by requirements.txt"
    ]


def test_training_alone_may_use_tensorflow(monkeypatch):
    monkeypatch.setitem(plain_install.DEV_ONLY, "keras", {"cnn_viz.train"})
    [failure] = plain_install.check_third_party()
    assert failure.startswith("keras is named by cnn_viz.data, which the app runs")


def test_the_shipped_tiny_model_opens_and_a_missing_h5py_fails_the_step(monkeypatch):
    """The file the step uploads is a few kB and opens; without h5py the page's one sentence
    is a failure of the step, as the command line's traceback is."""
    tiny = keras_file.read(plain_install.TINY.read_bytes(), "tiny")
    assert tiny.classes == ("dark", "light") and tiny.input_shape == (8, 8, 1)
    assert plain_install.TINY.stat().st_size < 10_000
    assert plain_install.check_own_model() == []
    monkeypatch.setitem(sys.modules, "h5py", None)
    [failure] = plain_install.check_own_model()
    assert failure.startswith("pages/11_Own_model.py: tiny.keras: Something went wrong on the server")
