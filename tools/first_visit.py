"""A browser's first visit, page by page, run by hand (not part of the test suite):

    python -m tools.first_visit [--repeat 3]

Starts a hello-world Streamlit app (one title, the same Streamlit), CNN Viz directly, and
CNN Viz through the proxy (tools.cluster, one replica: HAProxy with deploy/haproxy.cfg,
gzip on). For each page, a fresh Chromium context (nothing cached) opens the page's address
and waits until the script has finished and every element has drawn (charts included). It
prints the median time from the request to that moment, the bytes that came over the wire
(HTTP bodies as sent, so gzipped through the proxy, plus the websocket's messages), the
ratio to hello-world's time, and the largest files fetched. A second table says where a
direct visit's time went: the span of the websocket's messages (the server's script run,
streamed), the browser's main thread running scripts and laying out (Chromium's own
Performance metrics), how many Plotly charts the page draws, "figure": when its first figure
(a picture, an HTML figure or a chart) was in the page, from the request, and "run>fig": from
the server's first message to that figure (the script's work before it, sent and drawn).

    python -m tools.first_visit --fresh [--repeat 2] [--app-dir DIR]

What a class meets when the app has just started (a Community Cloud app woken, a restart):
for each page and each repeat, a fresh hello-world server visited by a fresh Chromium, then a
fresh `streamlit run serve.py` (from DIR: another checkout, to measure an older version)
visited by a fresh Chromium. It prints each page's median time and the median of its ratios
to the hello-world visit just before it. With `--compare DIR`, each repeat also visits a
fresh server of DIR (an older checkout) between the two, so before and after share the hour.

    python -m tools.first_visit --elements [--repeat 7]

What one element costs a first visit, apart from the app: hello-world beside the same page with
one more Streamlit element of each kind (the first of its kind loads its own code), then with
seven kinds together. Each visit in a fresh Chromium; hello-world's server serves them all.

    python -m tools.first_visit --server-runs [--app-dir DIR]

The server's side alone (no browser): for each page a fresh `streamlit run serve.py`, its first
session's script run and a second one (tools/st_client), in seconds.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from cnn_viz.app.pages import PAGES
from tools import st_client
from tools.cluster import Cluster
from tools.loadtest import CHROMIUM_ARGS

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
DRAWN = """() => !document.querySelector('[data-testid="stSkeleton"]')
  && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'))"""
HELLO = 'import streamlit as st\n\nst.title("Hello, world")\n'
# The moment the page's first figure (a picture, an HTML figure, a component, a chart) is in the
# document, in ms from the navigation's start: what a visitor first sees besides text.
FIRST_FIGURE = """
new MutationObserver((_, observer) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const found = main && main.querySelector(
    'img, .cnnviz-figure, [data-testid="stBidiComponent"], [data-testid="stPlotlyChart"], svg[role="img"]');
  if (found) { window.__firstFigure = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
// ...and the first message from the server (the script's run has begun), on the same clock.
const Socket = window.WebSocket;
window.WebSocket = class extends Socket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => { window.__firstMessage ??= performance.now(); });
  }
};
"""


# Hello-world and one element more, chosen by ?kind= (every kind the app's toolbar or Home draws).
ELEMENTS = {
    "selectbox": 'st.selectbox("Language", ["English", "中文"])',
    "segmented_control": 'st.segmented_control("Language", ["English", "中文"], default="English")',
    "toggle": 'st.toggle("Presenter mode", help="Larger type")',
    "number_input": 'st.number_input("Width", 1, 100, 32)',
    "metric": 'st.metric("Weights", "3,072", help="width x height x channels")',
    "page_link": 'st.page_link("https://example.com", label="Convolution", icon="➡️")',
    "button": 'st.button("Next")',
    "slider": 'st.slider("Stride", 1, 5, 2)',
    "html": 'st.html("<div><b>A figure</b></div>")',
    "markdown, 20": '[st.markdown(f"Some **text**, line {i}.") for i in range(20)]',
}
TOGETHER = ("selectbox", "toggle", "number_input", "metric", "page_link", "button", "html")
ELEMENTS_APP = (
    HELLO
    + "kind = st.query_params.get('kind', '')\n"
    + "".join(
        f"if kind in {(name, 'together') if name in TOGETHER else (name,)!r}:\n    {code}\n"
        for name, code in ELEMENTS.items()
    )
)


def elements(p, repeat):
    """Per kind, the median first visit in a fresh Chromium and its median ratio to hello-world's
    visit in the same repeat."""
    from urllib.parse import quote

    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "elements.py").write_text(ELEMENTS_APP)
        port = st_client.free_port()
        server = st_client.start_streamlit(port, cwd=folder, script="elements.py")
        try:
            base = f"http://127.0.0.1:{port}"
            st_client.wait_healthy(base, server, 60)
            kinds = ["", *ELEMENTS, "together"]
            times = {kind: [] for kind in kinds}
            for _ in range(repeat):
                for kind in kinds:
                    browser = _chromium(p)
                    url = f"{base}/" + (f"?kind={quote(kind)}" if kind else "")
                    try:
                        times[kind].append(visit(browser, url)["seconds"])
                    finally:
                        browser.close()
            print(f"{'hello-world and':22} {'first render':>12} {'x hello':>8}")
            for kind in kinds:
                ratio = _median([a / b for a, b in zip(times[kind], times[""])])
                print(f"{('+ ' + kind) if kind else 'nothing more':22} {_median(times[kind]):11.2f}s {ratio:7.2f}x")
            print(f"together: {', '.join(TOGETHER)}", flush=True)
        finally:
            st_client.stop(server)


def visit(browser, url):
    """One first visit to `url` in a fresh context: {"seconds", "bytes", "files" {url: bytes},
    "socket" (first to last websocket message, s), "script" and "layout" (the browser's main
    thread, s), "charts"}."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    context.add_init_script(FIRST_FIGURE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    files, socket, frames = {}, [0], []

    def finished(request):
        sizes = request.sizes()
        files[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def received(frame):
        socket[0] += len(frame)
        frames.append(time.perf_counter())

    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", received))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_function(DRAWN, timeout=120_000)
    seconds = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    first, message = page.evaluate("[window.__firstFigure || null, window.__firstMessage || null]")
    context.close()
    return {
        "seconds": seconds,
        "bytes": sum(files.values()) + socket[0],
        "files": files,
        "socket": frames[-1] - frames[0] if frames else 0.0,
        "script": metrics.get("ScriptDuration", 0.0),
        "layout": metrics.get("LayoutDuration", 0.0) + metrics.get("RecalcStyleDuration", 0.0),
        "charts": charts,
        "first": first / 1000 if first is not None else None,
        # from the server's first message to the first figure: the run's work before it, sent and drawn
        "to_figure": (first - message) / 1000 if first is not None and message is not None else None,
    }


def fresh_visit(p, cwd, script, path):
    """A fresh server of `script` in `cwd`, ready (serve.py answers its health check once
    warm), visited once by a fresh Chromium at `path`; the visit's time in seconds."""
    port = st_client.free_port()
    server = st_client.start_streamlit(port, cwd=cwd, script=script)
    try:
        st_client.wait_healthy(f"http://127.0.0.1:{port}", server, 120)
        browser = _chromium(p)
        try:
            return visit(browser, f"http://127.0.0.1:{port}/{path}")["seconds"]
        finally:
            browser.close()
    finally:
        st_client.stop(server)


def _chromium(p):
    """A fresh Chromium: nothing cached, nothing compiled."""
    return p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)


def _median(xs):
    return sorted(xs)[(len(xs) - 1) // 2]


def fresh(p, paths, repeat, app_dir, compare=None):
    """The fresh-server table: per page, the median time and the median ratio to hello-world's
    (and the same for `compare`, another checkout, visited in the same repeats)."""
    apps = ([compare] if compare else []) + [app_dir]
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "hello.py").write_text(HELLO)
        head = "".join(f" | {'before' if compare and i == 0 else 'page':>8} {'x hello':>8}" for i in range(len(apps)))
        print(f"{'page':18} {'hello-world':>11}{head}")
        for path in paths:
            rows = []  # per repeat: (hello, each app's time)
            for _ in range(repeat):
                hello = fresh_visit(p, folder, "hello.py", "")
                rows.append((hello, [fresh_visit(p, app, "serve.py", path) for app in apps]))
            cells = ""
            for i in range(len(apps)):
                seconds = _median([times[i] for _, times in rows])
                ratio = _median([times[i] / hello for hello, times in rows])
                cells += f" | {seconds:7.2f}s {ratio:7.2f}x"
            print(f"{path or 'Home':18} {_median([h for h, _ in rows]):10.2f}s{cells}", flush=True)


def server_runs(paths, app_dir):
    """Per page, a fresh server's first and second session's script run, in seconds."""
    import asyncio

    print(f"{'page':18} {'first run':>9} {'second':>7}")
    for path in paths:
        port = st_client.free_port()
        server = st_client.start_streamlit(port, cwd=app_dir)
        try:
            url = f"http://127.0.0.1:{port}"
            st_client.wait_healthy(url, server, 120)
            first, second = (asyncio.run(st_client.open_session(url, path)) for _ in range(2))
            print(f"{path or 'Home':18} {first.seconds:8.3f}s {second.seconds:6.3f}s", flush=True)
        finally:
            st_client.stop(server)


def measure(browser, base, paths, repeat):
    """{path: the median visit of `repeat` (by its time)}."""
    rows = {}
    for path in paths:
        runs = sorted((visit(browser, f"{base}/{path}") for _ in range(repeat)), key=lambda r: r["seconds"])
        rows[path] = runs[(len(runs) - 1) // 2]
        found = rows[path]
        print(f"  {base}/{path}: {found['seconds']:.2f} s, {found['bytes'] / 1e6:.2f} MB", file=sys.stderr, flush=True)
    return rows


def biggest(files, n=3):
    top = sorted(files.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{url.rsplit('/', 1)[-1][:28]} {size / 1e6:.2f} MB" for url, size in top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="visits per page; the median time is shown")
    parser.add_argument("--pages", nargs="+", help="URL paths to visit (Home is ''); default: every page")
    parser.add_argument("--fresh", action="store_true", help="a fresh server and browser for every visit")
    parser.add_argument("--app-dir", default=str(st_client.ROOT), help="the checkout whose serve.py --fresh runs")
    parser.add_argument("--compare", help="with --fresh: another checkout, visited in the same repeats")
    parser.add_argument("--server-runs", action="store_true", help="a fresh server's first and second script run")
    parser.add_argument("--elements", action="store_true", help="hello-world with one element more, per kind")
    args = parser.parse_args(argv)
    paths = (
        [p.url_path for p in PAGES] if args.pages is None else [p if p.lower() != "home" else "" for p in args.pages]
    )
    if args.server_runs:
        server_runs(paths, args.app_dir)
        return
    from playwright.sync_api import sync_playwright

    if args.elements:
        with sync_playwright() as p:
            elements(p, args.repeat)
        return
    if args.fresh:
        with sync_playwright() as p:
            fresh(p, paths, args.repeat, args.app_dir, args.compare)
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = _chromium(p)
        Path(folder, "hello.py").write_text(HELLO)
        port = st_client.free_port()
        hello = st_client.start_streamlit(port, cwd=folder, script="hello.py")
        try:
            st_client.wait_healthy(f"http://127.0.0.1:{port}", hello, 60)
            hello_visit = measure(browser, f"http://127.0.0.1:{port}", [""], args.repeat)[""]
            base_s, base_bytes = hello_visit["seconds"], hello_visit["bytes"]
        finally:
            st_client.stop(hello)
        print(f"hello-world: {base_s:.2f} s, {base_bytes / 1e6:.2f} MB")
        with st_client.streamlit_server() as (url, _):
            direct = measure(browser, url, paths, args.repeat)
        with Cluster(replicas=1) as cluster:
            proxied = measure(browser, cluster.url, paths, args.repeat)
        print(
            f"{'page':18} {'direct':>8} {'x hello':>8} {'MB':>6} | {'proxy':>8} {'x hello':>8} {'MB':>6}"
            " | largest direct"
        )
        for path in paths:
            d, p_ = direct[path], proxied[path]
            ds, ps = d["seconds"], p_["seconds"]
            print(
                f"{path or 'Home':18} {ds:7.2f}s {ds / base_s:7.2f}x {d['bytes'] / 1e6:6.2f} | "
                f"{ps:7.2f}s {ps / base_s:7.2f}x {p_['bytes'] / 1e6:6.2f} | {biggest(d['files'])}"
            )
        print(f"\nwhere a direct visit's time went (hello-world: {base_s:.2f} s, script {hello_visit['script']:.2f} s)")
        head = f"{'page':18} {'total':>7} {'figure':>7} {'run>fig':>7} {'server':>7} {'script':>7} {'layout':>7}"
        print(head + f" {'charts':>6}")
        seconds = lambda v: f"{v:6.2f}s" if v is not None else "     - "  # noqa: E731
        for path in paths:
            d = direct[path]
            print(
                f"{path or 'Home':18} {d['seconds']:6.2f}s {seconds(d['first'])} {seconds(d['to_figure'])} "
                f"{d['socket']:6.2f}s {d['script']:6.2f}s {d['layout']:6.2f}s {d['charts']:6d}"
            )
        browser.close()


if __name__ == "__main__":
    main()
