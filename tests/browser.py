"""Helpers for the browser tests: a real `streamlit run` server and Debian's Chromium via Playwright."""

import functools
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cnn_viz import ROOT
from cnn_viz.app.pages import PAGES
from tools import st_client
from tools.loadtest import CHROMIUM_ARGS  # noqa: F401 - one list of flags for tests and load test

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Server logs go next to the screenshots, for reading after a failed CI run.
streamlit_server = functools.partial(st_client.streamlit_server, log_dir=ARTIFACTS)
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGE_URLS = {p.script: p.url_path for p in PAGES}
# A browser's first visit loads each kind of widget's code on demand (a grey placeholder until
# then), which takes seconds on 2 busy cores: assertions wait for what they expect that long.
expect.set_options(timeout=30_000)


def uploader(key):
    """The file input of the app's uploader `key` (cnn_viz/app/uploader.py), for set_input_files."""
    return f".st-key-_upload_{key} input[type=file]"


# A phone's answer controls (cnn_viz/app/classroom/answer_pad.py): its number box, its Send,
# its choices and its "how sure" buttons, in the component's shadow root.
NUMBER_BOX = ".st-key-live_pad input"
SEND = ".st-key-live_pad .send"
CHOICES = ".st-key-live_pad .choices"
SURE = ".st-key-live_pad .sure"


def require_chromium():
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must have Chromium at {CHROMIUM} (apt-get install -y chromium)")
    pytest.skip(f"no Chromium at {CHROMIUM}")


def settle(page, timeout=60_000):
    """Wait until the script has finished its run, then check that no exception is shown.

    Call it after waiting for what the action shows (a text, a heading): that proves the
    rerun the action caused has started, so "not running" means it has finished.
    """
    page.wait_for_selector(READY, timeout=timeout)
    # Widgets and charts whose code the browser has not loaded yet show as skeletons.
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


def wait_for_charts(page, timeout=30_000):
    """Plotly charts load their library lazily: wait until every chart has drawn."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                   .every(c => c.querySelector('.main-svg'))""",
        timeout=timeout,
    )


def shoot(page, name, height=2600):
    """Save a screenshot of the whole page. Streamlit scrolls inside its own container, so a
    full-page shot would stop at the window: make the window tall for the shot instead."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    wait_for_charts(page)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)


SIZES = {  # the three ways the app is used: a student's laptop, a phone, a projector
    "student": dict(viewport={"width": 1366, "height": 768}),
    "phone": dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True),
    "presenter": dict(viewport={"width": 1280, "height": 720}),
}


def go(page, name, heading):
    """Change page as a visitor does, through the menu (a new address would start a new session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.get_by_role("heading", name=heading).wait_for()
    settle(page)


FIRST_QUESTION = "What is the output value at row 0, column 0?"  # Convolution's first step, asked live


def walk_next(page):
    """The presenter's Next, then wait until the browser's queue of presses is empty and the
    run it started has finished."""
    page.locator(".st-key-lesson_next button").click()
    page.wait_for_function("() => window.cnnvizWalk && !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending")
    settle(page)


def teacher_context(browser, n, **options):
    """A projector's browser context that the server counts as its own address, 192.0.2.n
    (TEST-NET-1, only ever a header: the app trusts X-Forwarded-For from loopback, as from its
    proxy): one address opens at most 5 rooms an hour, and the tests of a module share a server."""
    return browser.new_context(**SIZES["presenter"], extra_http_headers={"X-Forwarded-For": f"192.0.2.{n}"}, **options)


def options(page):
    """Open the live-class panel's ⚙️ Options: the time to answer, how sure, Next asks at every step."""
    page.locator(".st-key-live_options button").first.click()
    page.locator(".st-key-live_timer").wait_for()


def close_options(page):
    """Close it as a teacher does, with a click beside it (Escape needs the focus inside it,
    which a toggle's rerun may have moved). A click that lands while a rerun redraws the menu
    is lost, as a teacher's would be: then the teacher clicks again (once CI's busy cores lost
    one, and the menu stayed open)."""
    menu = page.locator(".st-key-live_timer")
    for _ in range(5):
        settle(page)
        page.mouse.click(8, 400)
        try:
            expect(menu).to_have_count(0, timeout=5_000)
            return
        except AssertionError:
            continue
    expect(menu).to_have_count(0)


def start_class(page, timeout=30_000):
    """On a projector in presenter mode: Start a live class; the room's code, once its panel shows."""
    page.get_by_role("button", name="Start a live class").click()
    page.get_by_text("Room ", exact=False).first.wait_for(timeout=timeout)
    settle(page)
    return page.locator(".st-key-live_panel").inner_text().split("Room ")[1][:6]


def start_class_and_ask(page):
    """On a projector showing Convolution's first step in presenter mode: Start a live class,
    Ask the question the page offers first, and return the room's code."""
    page.get_by_text("Convolution · 1 / 9", exact=True).wait_for(timeout=60_000)
    settle(page)
    walk_next(page)  # the page opened at its top: the first Next brings step 1 into view
    code = start_class(page)
    page.get_by_role("button", name="Ask", exact=True).click()
    page.get_by_text(FIRST_QUESTION).first.wait_for()
    return code


# Every frame the projector draws while a question is open (its status line in the toolbar),
# from the document's start: a question must never stand on screen beside its answer.
RECORD_JS = """
(() => {
  window.cnnvizFrames = [];
  const take = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    if (main && document.querySelector('.st-key-live_status')) window.cnnvizFrames.push(main.innerText);
  };
  new MutationObserver(take).observe(document, {subtree: true, childList: true, characterData: true});
})();
"""


def present_plan(page, server, plan, press=lambda button: button.click()):
    """A projector opens a lesson plan's link and presents it (`press`: how the button is pressed,
    a click or the keyboard); returns once the walk's first step has drawn."""
    from cnn_viz import lesson_plan

    page.goto(f"{server}/Lesson_plan?plan={lesson_plan.encode(plan)}&lang=en")
    button = page.locator(".st-key-plan_present button")
    button.wait_for(timeout=60_000)
    settle(page)
    press(button)
    page.locator(".cnnviz-walk-n").wait_for(state="attached")  # the walk's toolbar (its count is hidden)
    settle(page)
