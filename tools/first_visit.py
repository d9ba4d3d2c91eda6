"""A browser's first visit, page by page, run by hand (not part of the test suite):

    python -m tools.first_visit [--repeat 3]

Starts a hello-world Streamlit app (one title, the same Streamlit), CNN Viz directly, and
CNN Viz through the proxy (tools.cluster, one replica: HAProxy with deploy/haproxy.cfg,
gzip on). For each page, a fresh Chromium context (nothing cached) opens the page's address
and waits until the script has finished and every element has drawn (charts included). It
prints the median time from the request to that moment, the bytes that came over the wire
(HTTP bodies as sent, so gzipped through the proxy, plus the websocket's messages), the
ratio to hello-world's time, and the largest files fetched.
"""

import argparse
import statistics
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


def visit(browser, url):
    """(seconds, bytes, {file: bytes}) of one first visit to `url` in a fresh context."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    page = context.new_page()
    files, socket = {}, [0]

    def finished(request):
        sizes = request.sizes()
        files[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: socket.__setitem__(0, socket[0] + len(frame))))
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    page.wait_for_function(DRAWN, timeout=120_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds, sum(files.values()) + socket[0], files


def measure(browser, base, paths, repeat):
    rows = {}
    for path in paths:
        runs = [visit(browser, f"{base}/{path}") for _ in range(repeat)]
        seconds = statistics.median(r[0] for r in runs)
        rows[path] = (seconds, runs[-1][1], runs[-1][2])
        print(f"  {base}/{path}: {seconds:.2f} s, {runs[-1][1] / 1e6:.2f} MB", file=sys.stderr, flush=True)
    return rows


def biggest(files, n=3):
    top = sorted(files.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{url.rsplit('/', 1)[-1][:28]} {size / 1e6:.2f} MB" for url, size in top)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="visits per page; the median time is shown")
    parser.add_argument("--pages", nargs="+", help="URL paths to visit (Home is ''); default: every page")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    paths = (
        [p.url_path for p in PAGES] if args.pages is None else [p if p.lower() != "home" else "" for p in args.pages]
    )
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
        Path(folder, "hello.py").write_text(HELLO)
        port = st_client.free_port()
        hello = st_client.start_streamlit(port, cwd=folder, script="hello.py")
        try:
            st_client.wait_healthy(f"http://127.0.0.1:{port}", hello, 60)
            base_s, base_bytes, _ = measure(browser, f"http://127.0.0.1:{port}", [""], args.repeat)[""]
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
            (ds, db, files), (ps, pb, _) = direct[path], proxied[path]
            print(
                f"{path or 'Home':18} {ds:7.2f}s {ds / base_s:7.2f}x {db / 1e6:6.2f} | "
                f"{ps:7.2f}s {ps / base_s:7.2f}x {pb / 1e6:6.2f} | {biggest(files)}"
            )
        browser.close()


if __name__ == "__main__":
    main()
