"""What a plain install runs: every page and a visitor's .keras and .onnx models, from requirements.txt alone.

    python -m tools.plain_install               the check (.ci/run runs it in a fresh venv)
    python -m tools.plain_install --make-model  rebuild tests/files/tiny.keras (needs Keras:
                                                requirements-dev.txt)

Streamlit Community Cloud installs requirements.txt and nothing else; the tests run with
requirements-dev.txt, whose TensorFlow brings more (h5py among them). A library the app
imports that only the dev requirements install passes every test and fails every visitor:
issue 34's "Your own model" raised ModuleNotFoundError on every valid file. So .ci/run makes
a venv from requirements.txt alone and runs this in it, which checks, in order:

  1. every third-party module the app's code names, imports inside functions included (h5py
     is imported only when a model is read), is installed here; the training code alone may
     name TensorFlow and Keras (DEV_ONLY);
  2. every module of cnn_viz imports;
  3. every page opens through Streamlit's AppTest without an exception;
  4. Your own model opens tests/files/tiny.keras and a PyTorch-exported .onnx file
     (tests/files/onnx/) as a visitor's uploads, with no error on the page;
  5. the command line reads them: `python -m cnn_viz info --model tests/files/tiny.keras`, and
     `predict --model` on every exported .onnx file (onnx's protobuf, no torch, no onnxruntime).

It prints each step and its time, and exits 1 with one line per failure. It imports neither
pytest nor TensorFlow, so it runs where only requirements.txt is installed.
"""

import argparse
import ast
import importlib
import importlib.util
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from tools import imports

ROOT = imports.ROOT
TINY = ROOT / "tests" / "files" / "tiny.keras"  # made by `--make-model`: Keras saved it, as a visitor's would be
EXPORTED = sorted((ROOT / "tests" / "files" / "onnx").glob("*_*.onnx"))  # torch.onnx.export's, by make.py
EXPORTED = [path for path in EXPORTED if "external" not in path.name]  # that one is refused, rightly
PICTURE = ROOT / "models" / "samples"
# Named only by code that trains, which needs requirements-dev.txt: {module: where it may be named}.
DEV_ONLY = {
    "tensorflow": {"cnn_viz.train"},
    "keras": {"cnn_viz.train", "cnn_viz.data"},  # cnn_viz.data: the CIFAR-10 download, for training
}
TRAINING = {"cnn_viz.train"}  # imports TensorFlow at its top: `python -m cnn_viz train` only
NOT_IMPORTED = {"cnn_viz.__main__"}  # the command line: step 5 runs it as a program


def app_modules():
    """{module: path} of the app's own code: cnn_viz, app.py, serve.py and the page scripts."""
    return {name: path for name, path in imports.modules().items() if not name.startswith("tools")}


def third_party():
    """{top-level module: set of app modules that name it}, for every import outside the
    standard library and the project, wherever it stands in the file."""
    named = {}
    for module, path in app_modules().items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                tops = [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [node.module.split(".")[0]]
            else:
                continue
            for top in tops:
                if top not in sys.stdlib_module_names and top != "cnn_viz":
                    named.setdefault(top, set()).add(module)
    return named


def cnn_viz_modules():
    """Every module of the cnn_viz package, found as Python finds them (a folder without an
    __init__.py would be missed here: tests/test_plain_install.py compares with the files)."""
    import cnn_viz

    return sorted(m.name for m in pkgutil.walk_packages(cnn_viz.__path__, "cnn_viz."))


def page_scripts():
    """{page id: script} of every page, from the app's own registry (st.navigation reads it too)."""
    from cnn_viz.app.pages import BY_ID

    return {page_id: page.script for page_id, page in BY_ID.items()}


# --------------------------------------------------------------------- the five steps


def check_third_party():
    failures = []
    for top, where in sorted(third_party().items()):
        if top in DEV_ONLY:
            stray = where - DEV_ONLY[top]
            if stray:
                failures.append(
                    f"{top} is named by {', '.join(sorted(stray))}, which the app runs: it is not in "
                    f"requirements.txt (only training may use it)"
                )
            continue
        # Found, not imported: some (streamlit_drawable_canvas) import only inside a running app.
        if importlib.util.find_spec(top) is None:
            failures.append(f"{top}, imported by {', '.join(sorted(where))}, is not installed by requirements.txt")
    return failures


def check_cnn_viz():
    failures = []
    for name in cnn_viz_modules():
        if name in TRAINING | NOT_IMPORTED:
            continue
        try:
            importlib.import_module(name)
        except Exception as error:  # any failure is the finding
            failures.append(f"import {name}: {type(error).__name__}: {error}")
    return failures


def _app(page_id):
    """The page opened as a bookmarked link does (tests/apptest.py's open_page, without pytest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page_id != "home":
        at.switch_page(page_scripts()[page_id])
    return at.run()


def _problems(at):
    return [f"{e.value}" for e in at.exception]


def check_pages():
    failures = []
    for page_id, script in page_scripts().items():
        failures += [f"{script}: {problem}" for problem in _problems(_app(page_id))]
    return failures


def check_own_model():
    """The visitor's path: Your own model, each file uploaded; the model's badge, no error."""
    own, failures = page_scripts()["own"], []
    for path in (TINY, EXPORTED[0]):
        at = _app("own")
        at.file_uploader(key="own_file").set_value((path.name, path.read_bytes(), "application/octet-stream")).run()
        said = [e.value for e in at.error] + _problems(at)
        if said:
            failures.append(f"{own}: {path.name}: " + " / ".join(map(str, said)))
        elif not any(f"your model: {path.stem}" in str(m.value) for m in at.markdown):
            failures.append(f"{own}: {path.name} uploaded, but the page does not show the model")
    return failures


def check_cli():
    failures = _cli(["info", "--model", str(TINY)], "classes: dark, light")
    picture = str(next(PICTURE.glob("*.png")))
    for path in EXPORTED:  # every class name from the file's metadata, for a picture of the gallery
        failures += _cli(["predict", picture, "--model", str(path), "--top", "10"], "%")
    return failures


def _cli(arguments, expected):
    command = [sys.executable, "-m", "cnn_viz", *arguments]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or expected not in done.stdout:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        shown = " ".join(str(Path(a).relative_to(ROOT)) if a.startswith(str(ROOT)) else a for a in arguments)
        return [f"python -m cnn_viz {shown}: exit {done.returncode}: " + " | ".join(tail)]
    return []


STEPS = [
    ("third-party modules the app names are installed", check_third_party),
    ("every cnn_viz module imports", check_cnn_viz),
    ("every page opens (AppTest)", check_pages),
    ("Your own model opens tests/files/tiny.keras and a PyTorch-exported .onnx", check_own_model),
    ("the command line reads tests/files/tiny.keras and every exported .onnx", check_cli),
]


def check():
    # Live-class rooms in a file of this run's own, not the default under the home folder.
    os.environ.setdefault("CNN_VIZ_ROOMS", f"sqlite:///{tempfile.mkdtemp(prefix='cnn-viz-rooms-')}/rooms.sqlite3")
    from streamlit import config, logger

    config.set_option("client.showErrorDetails", "full")  # a failing page's own message, not "redacted"
    # Errors only: not "No runtime found" for every cached function nor "missing ScriptRunContext"
    # for every bare run.
    config.set_option("logger.level", "error")
    logger.set_log_level("error")
    sys.path.insert(0, str(ROOT))  # AppTest's pages import cnn_viz from the repository
    started, failures = time.perf_counter(), []
    for title, step in STEPS:
        t0 = time.perf_counter()
        try:
            found = step()
        except Exception as error:  # a step that cannot finish (a page without its uploader) is a finding too
            found = [f"{title}: {type(error).__name__}: {error}"]
        print(f"{'ok  ' if not found else 'FAIL'} {title} ({time.perf_counter() - t0:.1f} s)", flush=True)
        failures += found
    for line in failures:
        print(f"  - {line}")
    verdict = f"FAILED: {len(failures)} problem(s) with requirements.txt alone" if failures else "passed"
    print(f"plain install {verdict} ({time.perf_counter() - started:.0f} s)")
    return 1 if failures else 0


def make_model():
    """A tiny model saved by Keras, as a visitor's would be: grey 8 x 8 pictures, a convolution,
    max pooling, two named classes (a few kB)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras

    keras.utils.set_random_seed(0)
    L = keras.layers
    net = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            L.Conv2D(2, 3, activation="relu", name="edges"),
            L.MaxPooling2D(name="shrink"),
            L.Flatten(),
            L.Dense(2, activation="softmax", name="scores"),
        ]
    )
    with tempfile.TemporaryDirectory() as folder:
        saved = Path(folder) / "tiny.keras"
        net.save(saved)
        TINY.parent.mkdir(exist_ok=True)
        # The class names in its metadata, as a training script may write them (keras_file reads them).
        with zipfile.ZipFile(saved) as source, zipfile.ZipFile(TINY, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                raw = source.read(info.filename)
                if info.filename == "metadata.json":
                    raw = json.dumps({**json.loads(raw), "class_names": ["dark", "light"]}).encode()
                target.writestr(info.filename, raw)
    print(f"wrote {TINY.relative_to(ROOT)} ({TINY.stat().st_size:,} bytes)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--make-model", action="store_true", help="rebuild tests/files/tiny.keras with Keras")
    return make_model() if parser.parse_args().make_model else check()


if __name__ == "__main__":
    sys.exit(main())
