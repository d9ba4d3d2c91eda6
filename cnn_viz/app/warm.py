"""Before the first visitor: what a page's first run would pay, paid while the server starts.

A fresh server's first visitor used to wait for every module the pages import (Plotly,
pandas, the app's own), the shipped network and its predictions to load, and Plotly to build
its first figure: on 2 cores, Home's first run took 0.47 s against 0.05 s for the next
visitor's, Why this class? 1.19 s against 0.08 s (`python -m tools.first_visit --fresh`).
serve.py calls `warm()` before it builds the app, so the server listens, and its health check
answers, only once this is done: a probe that waits for it (deploy/) sends no visitor to a
cold replica. `streamlit run app.py` skips it (its first visitor pays, as before).
"""

import importlib
import logging
import pkgutil
import time

log = logging.getLogger("cnn_viz.app")
SKIP = ("cnn_viz.train", "cnn_viz.__main__")  # TensorFlow (training only); the command line


def warm():
    """Import every module of the app, load what its pages cache for every visitor (the
    network, its predictions of the samples, the shipped assets: lookalikes.npz alone is
    about 40 MB once read, which Prediction needs on every visit), and build one chart. Any
    failure is logged and left to the first visitor's page, which says it."""
    started = time.perf_counter()
    import cnn_viz

    for found in pkgutil.walk_packages(cnn_viz.__path__, "cnn_viz."):
        if not found.name.startswith(SKIP):
            try:
                importlib.import_module(found.name)
            except Exception:  # a page says what is wrong when it runs; warming only speeds it up
                log.exception("Warming up: %s did not import", found.name)
    try:
        from cnn_viz.app import resources

        resources.network()
        resources.sample_predictions()
        _first_chart()
        _streamlit_once()
        for name in ("exemplars", "faithfulness", "lookalikes", "visualise"):  # the shipped assets, read once
            importlib.import_module(f"cnn_viz.{name}").load()
        from cnn_viz import replay

        replay.measured(0)  # the Model report's first moment, measured on the test pictures (0.7 s)
    except Exception:
        log.exception("Warming up: the shipped network or an asset did not load")
    log.info("Warmed up in %.1f s", time.perf_counter() - started)


def _streamlit_once():
    """What Streamlit itself does once per process, on the first script run that needs it
    (py-spy on a warmed server's first Home run: 0.24 s against 0.05 s for the next):
    - the first st.Page with an emoji icon loads Streamlit's table of every emoji and compiles
      its pattern (about 50 ms);
    - the first element checks whether Streamlit runs in a Python shell, to warn a user who
      did not `streamlit run`: it reads the source of every frame of the script's thread
      (inspect.stack, about 45 ms). serve.py runs only under `streamlit run`, so there is
      nothing to warn of; the check is marked done (a flag a later Streamlit may rename:
      then it is only paid once again)."""
    from streamlit import delta_generator, string_util

    string_util.is_emoji("🏠")
    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def _first_chart():
    """Plotly loads its validators when it builds its first figure (the live class's answer
    bars, the curves): a tenth of a second or more."""
    import plotly.graph_objects as go

    go.Figure(go.Bar(x=["a"], y=[1])).to_json()
