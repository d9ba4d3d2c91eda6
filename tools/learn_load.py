"""What live training costs, printed (run by hand: `python -m tools.learn_load`).

1. On one core, in this process: a training step of the article's network on 32 pictures, an
   epoch of the 3,000 shipped training pictures, and the test accuracy after 60 s of live
   training as the app gives it (one slice, at most trainer.BUDGET of CPU, a second).
2. On a server (`streamlit run serve.py`): a burst of 30 sessions on Prediction with 0, 1 and
   3 live trainings running in Chromium pages (Model report, Start training), p50 / p95 / max
   of the time until each session's script finished.
"""

import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from cnn_viz import learn, lookalikes, replay, trainer

from . import st_client
from .loadtest import burst, niced_chromium, report


def one_core():
    train, (x_test, y_test) = lookalikes.load(), replay.test_subset()
    run = trainer.Run(train.pictures, train.labels.astype(np.int64), x_test, y_test)
    x, y = train.pictures[: trainer.BATCH].astype(np.float32) / 255.0, train.labels[: trainer.BATCH].astype(np.int64)
    took = []
    for _ in range(10):
        started = time.thread_time()
        learn.train_step(run.specs, run.weights, learn.Adam(), x, y)
        took.append(time.thread_time() - started)
    step = statistics.median(took)
    print(f"a step of {trainer.BATCH} pictures: {step * 1000:.0f} ms; an epoch of {len(train.labels):,}: "
          f"{step * len(train.labels) / trainer.BATCH:.1f} s")  # fmt: skip
    slices = []
    for _ in range(60):  # the app's 60 seconds: one slice a second
        started = time.thread_time()
        run.advance()
        slices.append(time.thread_time() - started)
    share, seen = run.accuracy
    print(f"60 s of live training: {run.step} steps ({run.epoch:.2f} epochs), test accuracy {share:.1%} "
          f"(the last {seen} test pictures measured, {trainer.EACH_SLICE} a second); "
          f"slices p50 {np.median(slices) * 1000:.0f} ms, max {max(slices) * 1000:.0f} ms")  # fmt: skip


def _trainers(browser, url, n):
    pages = []
    for _ in range(n):
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        page.goto(f"{url}/Model_report?sample=cat-1")
        page.get_by_role("button", name="Start training").click(timeout=90_000)
        page.get_by_text("pictures seen", exact=False).first.wait_for(timeout=60_000)
        pages.append(page)
    return pages


def bursts():
    from playwright.sync_api import sync_playwright

    with st_client.streamlit_server() as (url, _), sync_playwright() as p:
        with ThreadPoolExecutor(1) as other:
            other.submit(burst, url, 5).result()  # warm-up
        browser = p.chromium.launch(executable_path=niced_chromium())
        for n in (0, 1, 3):
            pages = _trainers(browser, url, n)
            time.sleep(5)  # the trainings under way
            with ThreadPoolExecutor(1) as other:  # Playwright's own event loop runs in this thread
                results = other.submit(burst, url, 30).result()
            report(f"burst of 30 with {n} live trainings", results)
            for page in pages:
                page.context.close()
            time.sleep(trainer.ACTIVE + 1)
        browser.close()


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    one_core()
    bursts()
