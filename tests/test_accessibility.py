"""Accessibility in a real browser (issue #41, first step): axe-core's WCAG 2.x A and AA rules
find nothing on any page's first view, in both languages, on a student's laptop, a phone and
a projector; a wide table or figure that scrolls sideways takes the keyboard's focus."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cnn_viz.app.pages import PAGES
from tests.browser import SIZES, settle, wait_for_charts

RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@pytest.mark.browser
@pytest.mark.parametrize("size", ["student", "phone", "presenter"])
def test_axe_finds_nothing_on_any_pages_first_view(browser, server, size):
    axe, found = Axe(), []
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    for lang in ("en", "zh"):
        for entry in PAGES:
            presenter = "&presenter=1" if size == "presenter" else ""
            page.goto(f"{server}/{entry.url_path}?lang={lang}{presenter}")
            page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
            settle(page)
            wait_for_charts(page)
            for rule in axe.run(page, options=RULES).response["violations"]:
                found += [(entry.id, lang, rule["id"], node["target"]) for node in rule["nodes"]]
            if entry.id == "predict":  # the softmax table: still a table, in a box the keyboard reaches
                box = page.locator(".st-key-softmax_table .cnnviz-wide")
                assert box.get_attribute("tabindex") == "0" and box.locator("table tr").count() == 11
    context.close()
    assert not found, found


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_axe_finds_nothing_in_any_state_of_a_live_class(browser, server, lang):
    """The projector at 1280 x 720 and a phone at 390 x 844 through a class: joining, asked,
    answered, revealed, ended; each state scanned once it has drawn."""
    from cnn_viz import article, ops
    from cnn_viz.i18n import text

    axe, found = Axe(), []

    def scan(page, state):
        settle(page)
        for rule in axe.run(page, options=RULES).response["violations"]:
            found.extend((state, rule["id"], node["target"]) for node in rule["nodes"])

    projector = browser.new_context(**SIZES["presenter"]).new_page()
    projector.goto(f"{server}/Convolution?presenter=1&lang={lang}")
    projector.locator(".st-key-live_start button").first.click(timeout=60_000)
    code = projector.locator(".cnnviz-room-code")
    code.wait_for()
    scan(projector, "projector joining")
    phone = browser.new_context(**SIZES["phone"]).new_page()
    phone.goto(f"{server}/Live_class?room={code.inner_text().strip()}&lang={lang}")
    phone.get_by_text(text(lang, "live.wait_first")).wait_for(timeout=60_000)
    scan(phone, "phone joined")
    projector.locator(".st-key-live_ask button").click()
    projector.locator(".st-key-live_status").wait_for()
    scan(projector, "projector asked")
    answer = phone.locator('[data-testid="stNumberInput"] input')
    answer.wait_for(timeout=60_000)
    scan(phone, "phone answering")
    answer.fill("-5")
    phone.locator(".st-key-live_send button").click()
    phone.locator('[data-testid="stAlert"]').filter(has_text="-5").wait_for()
    scan(phone, "phone answered")
    projector.locator(".st-key-live_reveal button").click()
    projector.locator(".st-key-live_panel .main-svg").first.wait_for()
    scan(projector, "projector revealed")
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    phone.locator('[data-testid="stAlert"]').filter(has_text=f"{truth:g}").first.wait_for()
    scan(phone, "phone revealed")
    projector.locator(".st-key-live_end button").click()
    phone.get_by_text(text(lang, "live.ended")).wait_for(timeout=60_000)
    scan(phone, "phone ended")
    scan(projector, "projector ended")
    assert not found, found
