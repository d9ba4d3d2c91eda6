"""Benchmark: how fast and how small is serving the model? Prints numbers; asserts nothing.

    python -m tools.bench [--sessions 30]

1. the numpy engine: warm time per image for the prediction plus every feature map;
2. the same image through Keras, model(x, training=False), and the ratio;
3. images per second through the numpy engine for a batch of 1,000;
4. the peak resident memory of a `streamlit run` server while it serves the feature-map
   and prediction pages to N concurrent sessions, each with a different sample;
5. the cell inspector: the numpy work behind one cell (cnn_viz.explain), and the server
   time of one click on the Inside a cell page (a whole script run, through AppTest);
6. the server time of one visit to each page (a fresh session, a picture no cache has
   seen: a whole script run through AppTest), median over a few samples;
7. the heaviest page's work before its first figure (Why this class?, a new picture).
Targets (issue 3): at most 1 ms per image, at least 20x faster than Keras, server under 300 MB.
"""

import argparse
import os
import statistics
import time

import numpy as np

from cnn_viz import gallery, model

from . import st_client


def per_call(fn, repeat, warmup=5):
    """Median seconds of fn() over `repeat` calls, after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def engine_figures():
    network = model.load()
    x = gallery.samples()[0].rgb().astype(np.float32) / 255.0
    numpy_s = per_call(lambda: network.forward(x), 500)
    batch = np.random.default_rng(0).random((1000, 32, 32, 3), dtype=np.float32)
    batch_s = per_call(lambda: network.forward(batch), 3, warmup=1)

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    import keras

    keras_model = keras.models.load_model(model.KERAS_PATH, compile=False)
    x1 = x[None]
    keras_s = per_call(lambda: keras_model(x1, training=False), 100, warmup=10)
    return numpy_s, keras_s, 1000 / batch_s


def inspector_figures(clicks=20):
    """(ms of cnn_viz.explain per cell, median ms of a page run per click)."""
    from streamlit.testing.v1 import AppTest

    from cnn_viz import ROOT, explain

    network = model.load()
    x = gallery.samples()[0].rgb().astype(np.float32) / 255.0

    def explain_one_cell():
        outputs = network.forward(x)
        explain.cell_contributions(network, x, "conv3", 5, 2, 1, outputs=outputs)
        explain.dense_contributions(network, x, 3, outputs=outputs)
        explain.window_chain(network, "conv3", 2, 1)

    explain_s = per_call(explain_one_cell, 200)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/6_Inside_a_cell.py")
    at.query_params.update(layer="conv2", map="5", row="0", col="0")
    at.run()
    times = []
    for i in range(clicks):
        at.number_input(key="cell_row").set_value(i % 13)
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    return explain_s, statistics.median(times)


def page_visits(samples=5):
    """{page script: median seconds of a first visit's script run}, each visit a fresh session
    with its own sample (so the Why page's caches miss, as for a new picture)."""
    from streamlit.testing.v1 import AppTest

    from cnn_viz import ROOT
    from cnn_viz.app.pages import PAGES

    warm = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    warm.run()  # imports, the model, the assets: once per process, not per visit
    for page in PAGES[1:]:
        warm.switch_page(page.script).run()
    ids = [s.id for s in gallery.samples()]
    result = {}
    for i, page in enumerate(PAGES):
        times = []
        for j in range(samples):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            if page is not PAGES[0]:
                at.switch_page(page.script)
            at.query_params["sample"] = ids[(7 * i + 11 * j + 3) % len(ids)]
            started = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - started)
        result[page.url_path or "Home"] = statistics.median(times)
    return result


def why_before_first_figure(samples=5):
    """(quick, full): median seconds of the work Why this class? does for a new picture before
    its first figure (the forward pass and the three quick maps), and of every map (what the
    page waited for before it drew anything, until it showed first and computed after)."""
    from cnn_viz import explain, faithfulness, images

    net = model.load()
    quick, full = [], []
    for sample in gallery.samples()[:samples]:
        x = images.to_model_input(sample.rgb())
        started = time.perf_counter()
        k = int(net.predict(x).argmax())
        faithfulness.quick_maps(net, x, k)
        quick.append(time.perf_counter() - started)
        started = time.perf_counter()
        net.predict(x)
        drops = explain.occlusion_all(net, x, 4, 2)[:, :, k]
        faithfulness.maps(net, x, k, drops=drops, ig=explain.integrated_gradients(net, x, k, "black", 32))
        full.append(time.perf_counter() - started)
    return statistics.median(quick), statistics.median(full)


def server_peak_rss(sessions, pages=("Feature_maps", "Prediction")):
    """Peak and final RSS (MB) of a fresh server after `sessions` sessions opened each page."""
    from .loadtest import Watch, burst

    with st_client.streamlit_server() as (url, proc):
        watch = Watch(url, proc.pid)
        start_mb = watch.rss_mb()
        results = [r for page in pages for r in burst(url, sessions, hold=1.0, page=page)]
        end_mb, peak_mb = watch.rss_mb(), watch.peak_mb
        watch.stop()
    ok = sum(r.ok for r in results)
    return start_mb, peak_mb, end_mb, ok, len(results)


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sessions", type=int, default=30)
    args = p.parse_args(argv)

    numpy_s, keras_s, per_second = engine_figures()
    print(f"numpy engine, one image, prediction + all feature maps: {numpy_s * 1000:.3f} ms (target <= 1 ms)")
    print(f"keras model(x, training=False), one image:               {keras_s * 1000:.3f} ms")
    print(f"numpy engine is {keras_s / numpy_s:.1f}x faster than the Keras call (target >= 20x)")
    print(f"numpy engine, batch of 1,000 images:                     {per_second:,.0f} images/s")
    explain_s, click_s = inspector_figures()
    print(f"cell inspector, numpy (forward + conv3 cell + dense + receptive field): {explain_s * 1000:.2f} ms")
    print(f"cell inspector, one click = one run of the Inside a cell page:          {click_s * 1000:.0f} ms")
    for page, seconds in page_visits().items():
        print(f"first visit, server time of the script run: {page:<18}{seconds * 1000:6.0f} ms")
    quick, full = why_before_first_figure()
    print(
        f"Why this class?, a new picture's work before its first figure: {quick * 1000:.0f} ms "
        f"(every map, which it waited for before: {full * 1000:.0f} ms; target < 300 ms)"
    )
    start, peak, end, ok, total = server_peak_rss(args.sessions)
    print(
        f"streamlit server: {start:.0f} MB after start, peak {peak:.0f} MB, {end:.0f} MB at the end, "
        f"serving {args.sessions} sessions x feature maps + prediction ({ok}/{total} sessions ok; "
        f"target < 300 MB)"
    )


if __name__ == "__main__":
    main()
