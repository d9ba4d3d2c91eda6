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
