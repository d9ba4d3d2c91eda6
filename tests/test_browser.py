"""The app in a real browser (Debian's Chromium through Playwright), as a visitor meets it."""

import pytest

from tests import corpus
from tests.browser import (CHROMIUM_ARGS, PAGE_URLS, require_chromium, settle, shoot,
                           streamlit_server)

TITLES = {"app.py": "How a convolutional network sees a picture",
          "pages/1_Image_as_numbers.py": "A picture is three matrices",
          "pages/2_Convolution.py": "Convolution: a filter slides over the picture",
          "pages/3_Pooling.py": "Pooling: keep what matters, make it smaller",
          "pages/4_Feature_maps.py": "Your picture through every layer",
          "pages/5_Prediction.py": "What does the network say?",
          "pages/6_Model_report.py": "How good is the network?"}


@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("script", list(PAGE_URLS))
def test_every_page_opens_by_direct_url_on_a_cold_server(page, script):
    """The first visitor of a server that has just started arrives straight on this page."""
    with streamlit_server() as (url, _):
        page.goto(f"{url}/{PAGE_URLS[script]}")
        page.get_by_role("heading", name=TITLES[script]).wait_for(timeout=60_000)
        settle(page)
        shoot(page, f"page-{PAGE_URLS[script] or 'home'}")


def test_visitor_journey(page, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(corpus.save(corpus.gradient(90, 60), "PNG"))
    junk = tmp_path / "notes.png"
    junk.write_bytes(b"this is text, not a picture")
    with streamlit_server() as (url, _):
        page.goto(f"{url}/Image_as_numbers")
        settle(page)

        # choose a sample from the gallery
        sidebar = page.locator('[data-testid="stSidebar"]')
        box = sidebar.locator('[data-testid="stSelectbox"] input')
        box.click()
        box.fill("ship #1")  # the list is long and virtualised: type to find the option
        page.get_by_role("option", name="ship #1").click()
        sidebar.get_by_text("sample ship-1 · true class: ship").wait_for()
        settle(page)

        # upload a photo, then a file that is no picture: refused, the photo stays
        sidebar.get_by_text("Upload", exact=True).click()
        settle(page)
        sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(photo))
        page.get_by_text("Your picture: 90 x 60 pixels").wait_for()
        settle(page)
        sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(junk))
        sidebar.get_by_text("not a picture CNN Viz can read").wait_for()
        settle(page)
        assert page.get_by_text("Your picture: 90 x 60 pixels").is_visible()
        shoot(page, "journey-upload-refused")

        # the convolution, forward and back
        page.goto(f"{url}/Convolution")
        settle(page)
        page.get_by_text("row 0, column 0").first.wait_for()
        page.get_by_role("button", name="Next ▶").click()
        page.get_by_text("Output position row 0, column 1").wait_for()
        settle(page)
        page.get_by_role("button", name="Next ▶").click()
        page.get_by_text("Output position row 0, column 2").wait_for()
        page.get_by_role("button", name="◀ Back").click()
        page.get_by_text("Output position row 0, column 1").wait_for()
        settle(page)
        shoot(page, "journey-convolution")

        # max and average pooling
        page.goto(f"{url}/Pooling")
        settle(page)
        assert page.get_by_role("heading", name="Max pooling").is_visible()
        page.locator("[data-testid=\"stButtonGroup\"]").get_by_text("Average", exact=True).click()
        page.get_by_role("heading", name="Max pooling").wait_for(state="detached")
        settle(page)
        assert page.get_by_role("heading", name="Average pooling").is_visible()

        # the uploaded photo through the network (state crosses pages in one session)
        page.goto(f"{url}/Feature_maps")
        settle(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
        assert page.locator('[data-testid="stPlotlyChart"]').count() >= 3
        page.goto(f"{url}/Prediction")
        settle(page)
        page.get_by_text("Its answer").wait_for()
        shoot(page, "journey-prediction")
