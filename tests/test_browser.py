"""The app in a real browser (Debian's Chromium through Playwright), as visitors and teachers meet it.

Screenshots land in test-artifacts/: every page in English and Chinese, normal and in
presenter mode, plus the journeys' key moments.
"""

import csv
import io
import re
import time
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import expect

from cnn_viz import article, lesson_plan, ops
from cnn_viz.data import CLASSES
from cnn_viz.lesson_plan import Ask, Plan, Step
from cnn_viz.live import rooms
from tests import corpus
from tests.apptest import HOME, TITLES
from tests.browser import (
    CHOICES,
    FIRST_QUESTION,
    NUMBER_BOX,
    PAGE_URLS,
    RECORD_JS,
    SEND,
    SIZES,
    SURE,
    close_options,
    go,
    options,
    settle,
    shoot,
    start_class,
    start_class_and_ask,
    streamlit_server,
    teacher_context,
    uploader,
    wait_for_charts,
    walk_next,
)
from tools import legibility, st_client

pytestmark = pytest.mark.browser


DEEP_LINK = "Convolution?step=4&preset=blur&k=3&p=1&lang=zh&presenter=1"


def check_deep_link_view(page):
    """The view the issue's link names, with its frame: Chinese, presenter mode, the menu."""
    page.get_by_role("heading", name="卷积：滤波器在图片上滑动").wait_for(timeout=60_000)
    page.get_by_text("输出位置 第 1 行，第 0 列").wait_for()
    settle(page)
    expect(page.locator(".st-key-conv_k input")).to_have_value("3")
    expect(page.locator(".st-key-lesson_next button")).to_have_text("下一步 ▶")
    menu = page.locator('[data-testid="stSidebarNav"]')  # folded in presenter mode: there, out of the Tab order
    expect(menu.locator("a")).to_have_count(len(PAGE_URLS))
    expect(menu.locator("a").filter(has_text="池化")).to_have_count(1)
    expect(menu).to_be_hidden()
    assert "lang=zh" in page.url and "presenter=1" in page.url and "step=4" in page.url


def test_a_deep_link_gets_its_frame_on_a_cold_server_and_after_the_router_ran(browser):
    """Before any visitor has run app.py, Streamlit runs pages/2_Convolution.py directly; the
    page hands itself to the router. Afterwards the router runs it: both give the same view."""
    with streamlit_server() as (url, _):
        for _ in ("cold", "warm after the router ran"):
            context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
            page = context.new_page()
            page.goto(f"{url}/{DEEP_LINK}")
            check_deep_link_view(page)
            context.close()


@pytest.mark.parametrize("script", list(PAGE_URLS))
def test_every_page_opens_by_direct_url_on_a_cold_server(page, script):
    """The first visitor of a server that has just started arrives straight on this page."""
    with streamlit_server() as (url, _):
        page.goto(f"{url}/{PAGE_URLS[script]}")
        page.get_by_role("heading", name=TITLES[script]).wait_for(timeout=60_000)
        settle(page)
        wait_for_charts(page)


@pytest.mark.parametrize("path", ["Convolution/extra", "pages/2_Convolution.py", "%2e%2e/%2e%2e/etc/passwd"])
def test_a_path_no_page_has_says_so_and_offers_the_menu(page, server, path):
    """Streamlit answers such paths with its app page, whose relative scripts then fail to load:
    the visitor saw a blank page forever. serve.py's guard answers with the menu instead."""
    response = page.goto(f"{server}/{path}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="No such page")).to_be_visible()
    page.get_by_role("link", name="Convolution").click()
    page.get_by_role("heading", name=TITLES["pages/2_Convolution.py"]).wait_for()
    settle(page)


@pytest.mark.streamlit_internals  # reconnect.py
def test_a_click_right_after_the_server_restarted_is_kept(page):
    """A redeploy, or Community Cloud waking up: the browser keeps its page and reconnects to a
    new session. Its first click (Next, inside the stepper's fragment) was dropped."""
    port = st_client.free_port()
    with streamlit_server(port=port) as (url, _):
        page.goto(f"{url}/Convolution?step=2")
        page.get_by_text("Output position row 0, column 2").wait_for(timeout=60_000)
        settle(page)
    # Meanwhile the visitor reads our sentence, not Streamlit's "streamlit run yourscript.py".
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("The connection to the server is lost", timeout=60_000)
    expect(dialog).to_contain_text("reconnects by itself")
    expect(dialog).not_to_contain_text("streamlit")
    with streamlit_server(port=port):
        page.locator(".st-key-conv_step_next button").click()
        expect(page.get_by_text("Output position row 1, column 0")).to_be_visible()
        page.wait_for_url("**step=3**")
        settle(page)
        page.locator(".st-key-conv_step_next button").click()
        expect(page.get_by_text("Output position row 1, column 1")).to_be_visible()


@pytest.mark.parametrize("path,result", [("Convolution", ".st-key-out"), ("Pooling", ".st-key-out_max")])
def test_the_presenters_next_keeps_the_step_and_its_result_on_the_projector(browser, server, path, result):
    """At 1280x720 the step area scrolls under the teacher's toolbar, which stays on screen: after
    every Next the output grid (with the new cell outlined) is in view, and so is Next. The page
    opens at its top, so the first Next shows step 1."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/{path}?presenter=1")
    settle(page)
    toolbar = page.locator(".st-key-toolbar")
    for step in (1, 2, 3, 4):
        page.locator(".st-key-lesson_next button").click()
        expect(toolbar).to_contain_text(f"{step} / ")
        page.wait_for_function("() => !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending")
        settle(page)
        wait_for_charts(page)
        grid, bar = page.locator(result).bounding_box(), toolbar.bounding_box()
        assert bar["y"] >= 0 and grid["y"] >= bar["y"] + bar["height"] - 1, (grid, bar)
        assert grid["y"] + grid["height"] <= 720, grid
    context.close()


def test_the_data_page_by_cold_deep_link_in_chinese(page):
    with streamlit_server() as (url, _):
        page.goto(f"{url}/Data?lang=zh")
        page.get_by_role("heading", name="网络从哪里学：CIFAR-10").wait_for(timeout=60_000)
        settle(page)
        expect(page.get_by_role("img", name="卡车")).to_have_count(1 + 3)  # the first training one, 3 test ones
        assert "lang=zh" in page.url


def test_on_a_phone_the_steps_result_is_right_under_next(browser, server):
    """On a phone the columns stack: the sum and the output grid come before the three
    channels' working, within one screen of the stepper's Next."""
    page = browser.new_context(**SIZES["phone"]).new_page()
    page.goto(f"{server}/Convolution?lang=en&step=3")
    page.get_by_text("Output position row 1, column 0").wait_for(timeout=60_000)
    settle(page)
    wait_for_charts(page)
    below = page.locator(".st-key-out").bounding_box()
    above = page.locator(".st-key-conv_step_next button").bounding_box()
    assert below["y"] + below["height"] - above["y"] <= 844, (above, below)
    page.context.close()


def test_on_a_phone_the_sidebar_folds_once_a_picture_is_chosen(browser, server):
    """The sidebar covers a phone's screen: after choosing a sample it folds, so the answer shows."""
    context = browser.new_context(**SIZES["phone"])
    page = context.new_page()
    page.goto(f"{server}/Prediction?sample=cat-1")
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    box = sidebar.locator('[data-testid="stSelectbox"] input')  # a long, virtualised list: type to find
    box.click()
    box.fill("dog #0")
    page.get_by_role("option", name="dog #0").click()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_text("The true class is dog")).to_be_visible()
    settle(page)
    context.close()


def draw_on_canvas(page):
    canvas = page.locator('[data-testid="stSidebar"] canvas.upper-canvas')
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 40)
    page.mouse.down()
    for i in range(1, 15):
        page.mouse.move(box["x"] + 40 + i * 10, box["y"] + 40 + i * 8)
    page.mouse.up()


def use_drawing(page, sidebar, timeout=30):
    """Draw, then press "Use drawing". The canvas sends its strokes when it is ready, which the
    page cannot show: until the app has them it says the canvas is empty, so draw and press again."""
    deadline = time.monotonic() + timeout
    while True:
        draw_on_canvas(page)
        sidebar.get_by_role("button", name="Use drawing").click()
        try:
            sidebar.get_by_text("your drawing", exact=True).wait_for(timeout=3000)
            return
        except Exception:
            if time.monotonic() > deadline:
                raise


def test_visitor_journey(page, server, tmp_path):
    photo = tmp_path / "photo.png"
    photo.write_bytes(corpus.save(corpus.gradient(90, 60), "PNG"))
    junk = tmp_path / "notes.png"
    junk.write_bytes(b"this is text, not a picture")
    url = server
    page.goto(url)
    page.get_by_role("heading", name=TITLES[HOME]).wait_for(timeout=60_000)
    settle(page)
    page.get_by_role("link", name="1 · Image as numbers").click()  # the card, titled as in the menu
    page.get_by_role("heading", name=TITLES["pages/1_Image_as_numbers.py"]).wait_for()
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')

    # choose a sample from the gallery (the list is long and virtualised: type to find it)
    box = sidebar.locator('[data-testid="stSelectbox"] input')
    box.click()
    box.fill("ship #1")
    page.get_by_role("option", name="ship #1").click()
    sidebar.get_by_text("sample ship #1 (a CIFAR-10 test picture)").wait_for()
    settle(page)

    # upload a photo, then a file that is no picture: refused in one sentence, the photo stays
    sidebar.get_by_text("Upload", exact=True).click()
    settle(page)
    sidebar.locator(uploader("uploader")).set_input_files(str(photo))
    page.get_by_text("Your picture: 90 x 60 pixels").wait_for()
    settle(page)
    sidebar.locator(uploader("uploader")).set_input_files(str(junk))
    sidebar.get_by_text("not a picture CNN Viz can read").wait_for()
    settle(page)
    assert page.get_by_text("Your picture: 90 x 60 pixels").is_visible()
    shoot(page, "journey-upload-refused")
    huge = photo.with_name("huge.png")  # a 30 MB photo: over the uploader's 10 MB, said in a sentence
    huge.write_bytes(photo.read_bytes() + b"\x00" * 30_000_000)
    sidebar.locator(uploader("uploader")).set_input_files(str(huge))
    sidebar.get_by_text("This picture is larger than 10 MB").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_text("Your picture: 90 x 60 pixels").is_visible()

    # draw on the canvas and use the drawing
    sidebar.get_by_text("Draw", exact=True).click()
    settle(page)
    sidebar.locator("canvas.upper-canvas").wait_for()
    use_drawing(page, sidebar)
    settle(page)
    page.get_by_text("Your picture: 224 x 224 pixels").wait_for()
    shoot(page, "journey-drawing")

    # the convolution: edit the picture (red, row 0, column 0: 0 -> 9), then forward and back
    go(page, "Convolution", TITLES["pages/2_Convolution.py"])
    page.get_by_text("Edit the picture and the filter").click()
    editor = page.locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    grid = editor.bounding_box()
    page.mouse.click(grid["x"] + 40, grid["y"] + grid["height"] / 2)  # a cell in column 0 ...
    for _ in range(4):
        page.keyboard.press("ArrowUp")  # ... then up to row 0
    page.keyboard.type("9")  # typing opens the cell's editor
    expect(page.locator("input.gdg-input")).to_have_value("9")
    page.keyboard.press("Enter")
    page.get_by_text("Output = 9 + 4 + 9 + bias 0 = 22").wait_for()
    settle(page)
    page.get_by_text("Edit the picture and the filter").click()  # closed: the grids go, the edit stays
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    settle(page)
    page.get_by_text("Output = 9 + 4 + 9 + bias 0 = 22").wait_for()
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Output position row 0, column 1").wait_for()
    settle(page)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Output position row 0, column 2").wait_for()
    settle(page)
    page.get_by_role("button", name="◀ Back").click()
    page.get_by_text("Output position row 0, column 1").wait_for()
    settle(page)
    assert "step=1" in page.url, "the address bar follows the step"
    shoot(page, "journey-convolution")

    # max and average pooling
    go(page, "Pooling", "Max pooling")
    page.locator('[data-testid="stButtonGroup"]').get_by_text("Average", exact=True).click()
    page.get_by_role("heading", name="Max pooling").wait_for(state="detached")
    settle(page)
    assert page.get_by_role("heading", name="Average pooling").is_visible()

    # the drawing through the network (the picture crosses pages within the session)
    go(page, "Feature maps", TITLES["pages/5_Feature_maps.py"])
    wait_for_charts(page)
    expect(page.locator('.st-key-grid [data-cell="31,0"] img')).to_be_visible()  # conv1's 32 maps, to click
    expect(page.locator('.st-key-one [data-cell="29,29"]')).to_have_count(1)  # one map up close, to click
    assert page.locator(".cnnviz-figure").count() >= 4, "and ReLU's before and after, drawn as HTML"
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0, "no chart library on the first view"
    assert page.locator('[data-testid="stSidebar"]').get_by_text("your drawing", exact=True).is_visible()
    go(page, "Prediction", TITLES["pages/7_Prediction.py"])
    page.get_by_text("Its answer").wait_for()
    wait_for_charts(page)
    shoot(page, "journey-prediction")


def lesson_next(page, where):
    """The presenter's Next, then wait until the toolbar says where the lesson is now."""
    page.locator(".st-key-lesson_next button").click()
    page.get_by_text(where, exact=True).wait_for()
    settle(page)


def test_teacher_journey(page, server):
    """A bookmarked lesson, then presenter mode in Chinese, walked with Next across four pages."""
    page.goto(f"{server}/Convolution?step=4&preset=blur&k=3&p=1&lang=en&sample=dog-2")
    page.get_by_text("Output position row 1, column 0").wait_for(timeout=60_000)
    settle(page)
    expect(page.locator(".st-key-conv_k input")).to_have_value("3")
    assert "= 4" in page.locator(".katex").first.inner_text().replace("\n", " ")

    page.get_by_text("Presenter mode").click()
    page.get_by_text("Convolution · 5 / 16", exact=True).wait_for()
    settle(page)
    page.locator(".st-key-_w_lang").get_by_role("radio", name="中文").click()
    page.get_by_role("heading", name="卷积：滤波器在图片上滑动").wait_for()
    settle(page)
    assert "lang=zh" in page.url and "presenter=1" in page.url
    shoot(page, "teacher-presenter-zh")
    lesson_next(page, "卷积 · 5 / 16")  # a new session in Chinese opens at the top: Next shows the step

    for step in range(6, 17):  # the rest of the 16 convolution cells ...
        lesson_next(page, f"卷积 · {step} / 16")
    lesson_next(page, "池化 · 1 / 4")  # ... then pooling, at its top ...
    page.get_by_role("heading", name="池化：留下重要的，让它变小").wait_for()
    lesson_next(page, "池化 · 1 / 4")  # ... its step 1 in view ...
    for step in range(2, 5):
        lesson_next(page, f"池化 · {step} / 4")
    page.locator(".st-key-lesson_next button").click()  # ... then the data ...
    page.get_by_role("heading", name="网络从哪里学：CIFAR-10").wait_for()
    settle(page)
    lesson_next(page, "特征图 · 1 / 8")  # ... then the layers
    page.get_by_role("heading", name="你的图片穿过每一层").wait_for()
    lesson_next(page, "特征图 · 1 / 8")
    lesson_next(page, "特征图 · 2 / 8")
    page.get_by_text("pool1：32 张 15 x 15 的特征图，每张下方有编号。悬停可查看最小值和最大值。").wait_for()
    wait_for_charts(page)
    shoot(page, "teacher-feature-maps-zh")


def step_in_view(page, key):
    """The stepper's area (its controls, then the step's numbers) starts below the sticky
    toolbar and inside the 720 px window."""
    toolbar = page.locator(".st-key-toolbar").bounding_box()
    area = page.locator(f".st-key-{key}_area").bounding_box()
    return area is not None and toolbar["y"] + toolbar["height"] - 1 <= area["y"] < 720 - 200


# Ten PageDown presses at once, sent in the page so that the pace is not the test driver's
# (a clicker's burst at its harshest: all ten before the page can answer the first).
BURST_JS = """() => {
  for (let i = 0; i < 10; i++)
    document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'PageDown', bubbles: true, cancelable: true}));
  return window.cnnvizWalk.pending + (window.cnnvizWalk.waiting ? 1 : 0);
}"""

WALK = {
    "en": dict(conv="Convolution · {} / 9", pool="Pooling · {} / 4", title="Convolution: a filter slides"),
    "zh": dict(conv="卷积 · {} / 9", pool="池化 · {} / 4", title="卷积：滤波器在图片上滑动"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_presenters_walk_lands_every_press_and_shows_it(browser, server, lang):
    """At 1280 x 720 with a clicker's keys: a page opens at its top, the first press shows
    step 1, each press after it one step, always below the toolbar; ten clicks within a second
    land ten steps, across a page change, with no exception; Back with the left arrow."""
    words = WALK[lang]
    page = browser.new_context(**SIZES["presenter"]).new_page()
    page.goto(f"{server}/Convolution?presenter=1&lang={lang}")
    # The clicker pressed while the page is still drawing: the press waits for the page.
    page.wait_for_function("() => window.cnnvizWalk", timeout=60_000)
    page.keyboard.press("PageDown")
    page.get_by_text(words["conv"].format(1), exact=True).wait_for(timeout=60_000)
    page.wait_for_function("() => !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending", timeout=60_000)
    settle(page)
    assert not page.locator(".st-key-conv_step_next").count(), "one Next for the presenter: the toolbar's"
    assert step_in_view(page, "conv_step"), "the first press brings step 1 into view"
    for step in range(2, 10):
        page.keyboard.press("PageDown" if step % 2 else "ArrowRight")
        page.get_by_text(words["conv"].format(step), exact=True).wait_for()
        settle(page)
        assert step_in_view(page, "conv_step"), step
    page.keyboard.press("PageDown")  # past the last cell: Pooling, at its top
    page.get_by_text(words["pool"].format(1), exact=True).wait_for()
    settle(page)
    heading = page.locator("h1").first.bounding_box()
    assert 0 <= heading["y"] < 720, "a new page opens at its top"
    page.keyboard.press("ArrowLeft")  # and back to Convolution's last cell, in view
    page.get_by_text(words["conv"].format(9), exact=True).wait_for()
    settle(page)
    assert step_in_view(page, "conv_step")
    for _ in range(6):
        page.keyboard.press("PageUp")
    page.get_by_text(words["conv"].format(3), exact=True).wait_for()
    settle(page)

    # A clicker's burst: ten presses at once, once the queue is idle (it waits a moment after
    # each run). 3/9 -> 9/9 is six, then Pooling's top, then its steps 1, 2, 3.
    page.wait_for_function("() => !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending")
    assert page.evaluate(BURST_JS) == 10, "all ten queued (one of them sent)"
    page.get_by_text(words["pool"].format(3), exact=True).wait_for(timeout=60_000)
    page.wait_for_function("() => !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending", timeout=60_000)
    settle(page)
    expect(page.get_by_text(words["pool"].format(3), exact=True)).to_be_visible()
    assert step_in_view(page, "pool_step")
    shoot(page, f"walk-burst-{lang}", height=720)
    page.context.close()


def test_every_choice_keeps_its_value_and_speaks_the_new_language_after_each_switch(browser, server):
    """Streamlit knows a selectbox's or a radio's choice by the label it showed, and the browser
    sends that label back: after a language switch, a label the new language does not have.
    Convolution failed on a second switch ("Unknown kernel preset", its toolbar gone) and the
    picture's source and Image as numbers' scale showed no choice. Three switches each way."""
    page = browser.new_context(**SIZES["student"]).new_page()
    main = page.locator('[data-testid="stMain"]')
    for path, chosen, shown in (
        (
            "Convolution?preset=vertical-edge&sample=cat-1",
            main.locator('[data-testid="stSelectbox"] input'),
            {"en": "vertical edge", "zh": "竖直边缘"},
        ),
        (
            "Image_as_numbers?scale=1&sample=cat-1",
            main.locator("label:has(input[type=radio]:checked)"),
            {"en": "0-1 (divided by 255, as the network gets them)", "zh": "0-1（除以 255，即网络得到的值）"},
        ),
    ):
        page.goto(f"{server}/{path}&lang=en")
        settle(page)
        for lang, name in (("zh", "中文"), ("en", "English"), ("zh", "中文")):
            page.locator(".st-key-_w_lang").get_by_role("radio", name=name).click()
            expect(page.locator("html")).to_have_attribute("lang", lang)
            settle(page)
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
            if chosen.first.evaluate("e => e.tagName") == "INPUT":
                expect(chosen).to_have_value(shown[lang])
            else:
                expect(chosen).to_have_text(shown[lang])
            source = page.locator('[data-testid="stSidebar"] label:has(input[type=radio]:checked)')
            expect(source).to_have_text({"en": "Sample gallery", "zh": "示例图库"}[lang])
        assert "sample=cat-1" in page.url


def test_the_clicker_steps_after_the_language_box_and_feature_maps_shows_each_layer(browser, server):
    """The language switched by the keyboard in presenter mode (an arrow moves to 中文 without
    stepping the lesson, Space chooses it), then the clicker from the language choice: PageDown
    steps, it does not scroll. On Feature maps each press brings the layer it chose into view,
    its maps under the toolbar, not the title and the shapes table again."""
    page = browser.new_context(**SIZES["presenter"]).new_page()
    page.goto(f"{server}/Convolution?presenter=1&lang=en&step=4")
    page.wait_for_function("() => window.cnnvizWalk", timeout=60_000)
    settle(page)
    walk_next(page)  # step 5 into view
    page.locator(".st-key-_w_lang").get_by_role("radio", name="English").focus()
    page.keyboard.press("ArrowRight")  # to 中文: a row of choices keeps its arrows, the lesson stays
    page.keyboard.press("Space")
    page.get_by_text(WALK["zh"]["conv"].format(5), exact=True).wait_for()
    settle(page)
    page.locator(".st-key-_w_lang").get_by_role("radio", name="中文").focus()  # as a keyboard leaves it
    page.keyboard.press("PageDown")
    page.get_by_text(WALK["zh"]["conv"].format(6), exact=True).wait_for()
    settle(page)
    assert step_in_view(page, "conv_step")

    page.goto(f"{server}/Feature_maps?presenter=1&lang=en&sample=cat-1")
    page.wait_for_function("() => window.cnnvizWalk", timeout=60_000)
    settle(page)
    for layer in ("conv1", "pool1", "conv2"):
        page.keyboard.press("PageDown")
        expect(
            page.locator(".st-key-fm_layer [aria-checked='true'], .st-key-fm_layer [aria-pressed='true']")
        ).to_have_text(layer)
        page.wait_for_function("() => !window.cnnvizWalk.waiting && !window.cnnvizWalk.pending", timeout=60_000)
        settle(page)
        assert step_in_view(page, "fm_step"), layer
    page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", list(SIZES))
def test_screenshots_of_every_page(browser, server, lang, size):
    """Every page in this language at this size, kept for a person to look at; on a phone,
    no page scrolls sideways (a formula or a table once did). Every text a learner reads
    (HTML and Plotly's SVG) is at least 18 px on the projector, 14 px elsewhere, and at
    least 4.5:1 against what is behind it (tools/legibility.py)."""
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    presenter = "1" if size == "presenter" else "0"
    for path in PAGE_URLS.values():
        page.goto(f"{server}/{path}?lang={lang}&presenter={presenter}&sample=cat-1")
        page.locator("h1").first.wait_for(timeout=60_000)
        settle(page)
        if size == "phone":
            main = page.locator('[data-testid="stMain"]')
            overflow = main.evaluate("m => m.scrollWidth - m.clientWidth")
            assert overflow <= 0, f"/{path} scrolls sideways by {overflow} px on a phone"
        if not path:  # the home page's network scrolls in its own box on a phone, and says so
            swipe = expect(page.locator(".cnnviz-swipe"))
            swipe.to_be_visible() if size == "phone" else swipe.to_be_hidden()
        wait_for_charts(page)
        small, faint = legibility.worst(legibility.measure(page))
        assert small[0]["px"] >= (18 if size == "presenter" else 14), (path, small)
        assert faint[0]["contrast"] >= 4.5, (path, faint)
        shoot(page, f"page-{path or 'home'}-{lang}-{size}")
    context.close()


def open_and_settle(page, url, heading):
    page.goto(url)
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    settle(page)


def test_quiz_autoplay_and_the_browsers_language(browser, server):
    """A Chinese browser gets Chinese; the quiz asks before it reveals; Play steps by itself."""
    conv = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
    pooled = ops.pool2d(conv, article.TOY_POOL_SIZE, article.TOY_POOL_STRIDE, "max")
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page = context.new_page()
    # no ?lang=: the browser's language decides
    open_and_settle(page, f"{server}/Convolution", "卷积：滤波器在图片上滑动")

    # the quiz: the output size first, then each cell, each hidden until answered
    open_and_settle(page, f"{server}/Convolution?lang=en&quiz=1", TITLES["pages/2_Convolution.py"])
    page.get_by_text("Your turn: how many rows (and columns) will the output have?").wait_for()
    answer(page, conv.shape[0])
    page.get_by_text(f"Right: it is {conv.shape[0]}.").wait_for()
    settle(page)
    page.get_by_text("Your turn: what value goes into output cell row 0, column 0?").wait_for()
    assert not page.get_by_text("Output = ").is_visible(), "the cell's sum stays hidden until answered"
    shoot(page, "quiz-asking")
    answer(page, 99, enter=True)
    page.get_by_text(f"Not quite: you said 99, it is {conv[0, 0]:g}.").wait_for()
    settle(page)
    page.get_by_text(f"Output = 0 + 4 + 9 + bias 0 = {conv[0, 0]:g}").wait_for()

    open_and_settle(page, f"{server}/Pooling?lang=en&quiz=1&mode=max", "Max pooling")
    page.get_by_text("Your turn: what does max pooling give for this window?").wait_for()
    answer(page, pooled[0, 0])
    page.get_by_text(f"Right: it is {pooled[0, 0]:g}.").wait_for()
    settle(page)

    # autoplay: Play walks the windows one by one, and stops where it is when switched off
    open_and_settle(page, f"{server}/Convolution?lang=en", TITLES["pages/2_Convolution.py"])
    play = page.locator(".st-key-conv_step_play")
    play.get_by_text("Play").click()
    page.get_by_text("Output position row 0, column 2").wait_for(timeout=15_000)
    play.get_by_text("Play").click()
    expect(play.locator("input")).not_to_be_checked()
    settle(page)
    where = page.get_by_text("Output position row").inner_text()
    # The one timed wait: proving that nothing happens takes watching for a while (two steps).
    page.wait_for_timeout(2500)
    assert page.get_by_text("Output position row").inner_text() == where
    assert "step=0" not in page.url and "step=" in page.url
    # played to the end, it stops there and switches itself off
    page.locator(".st-key-conv_step_speed").get_by_role("slider").press("Home")  # 0.5 s a step
    play.get_by_text("Play").click()
    page.get_by_text("Output position row 2, column 2").wait_for(timeout=15_000)
    expect(play.locator("input")).not_to_be_checked()
    settle(page)
    context.close()


def answer(page, value, enter=False):
    """Answer the first open question on the page (questions come in the page's order), with
    Check or with Enter in the box."""
    box = page.get_by_label("Your answer").first
    box.fill(f"{value:g}")
    if enter:
        box.press("Enter")
    else:
        page.get_by_role("button", name="Check").first.click()


def click_cell(page, chart_key, row, col):
    """Click a cell of a matrix drawn to be clicked (widgets.chart with on_click), as a visitor does."""
    cell = page.locator(f'.st-key-{chart_key} [data-cell="{row},{col}"]')
    cell.scroll_into_view_if_needed()
    cell.click()


def test_a_visitor_opens_a_bright_conv2_cell_by_clicking_it(page, server):
    """From the Feature maps page a click opens the cell; on the cell's page a click moves to
    another; the receptive field and the total are the forward pass's."""
    from cnn_viz import explain, gallery, images, model, numbers

    net = model.load()
    x = images.to_model_input(gallery.by_id("cat-1").rgb())
    conv2 = net.forward(x)["conv2"]
    r, c, m = (int(i) for i in np.unravel_index(np.argmax(conv2), conv2.shape))
    page.goto(f"{server}/Feature_maps?layer=conv2&map={m + 1}&sample=cat-1")
    page.get_by_role("heading", name="3 · One map up close").wait_for(timeout=60_000)
    settle(page)
    click_cell(page, "grid", m, 0)  # the map, clicked in the grid of all 64, opens up close below
    page.get_by_text(f"conv2, map {m}", exact=True).wait_for()
    settle(page)
    assert f"map={m}&" in page.url
    click_cell(page, "one", r, c)
    page.get_by_role("heading", name="Inside one cell of the real network").wait_for()
    value = numbers.exact(float(conv2[r, c, m]))
    page.get_by_text(f"conv2, map {m}, row {r}, column {c} = {value}").wait_for()
    settle(page)
    assert f"row={r}&col={c}" in page.url
    top, left, bottom, right = explain.receptive_field(net, "conv2", r, c)
    page.get_by_text(f"depends on rows {top}-{bottom} and columns {left}-{right} of the picture").wait_for()

    # the second brightest cell of the same map, clicked on the cell page's own map
    order = np.argsort(-conv2[:, :, m], axis=None)
    r2, c2 = (int(i) for i in np.unravel_index(order[1], (13, 13)))
    wait_for_charts(page)
    click_cell(page, "cell_pick", r2, c2)
    value = numbers.exact(float(conv2[r2, c2, m]))
    page.get_by_text(f"conv2, map {m}, row {r2}, column {c2} = {value}").wait_for()
    settle(page)
    for step in range(1, 7):  # six channels shown one by one, then the whole sum
        page.locator(".st-key-cell_step_next button").click()
        page.wait_for_url(f"**step={step}**")  # this Next's run has begun: settle then waits for its end
        settle(page)
    total = numbers.exact(explain.cell_contributions(net, x, "conv2", m, r2, c2).total)
    page.get_by_text(f"ReLU: max(0, {total}) = {value}, the value on the map.").wait_for()
    shoot(page, "cell-clicked-conv2")


def test_why_this_class_follows_the_class_and_flags_an_upload_of_noise(page, server, tmp_path):
    """Pick a sample, switch the class: the heat maps change; upload noise: the notice."""
    from PIL import Image

    from cnn_viz import oddities

    noise = tmp_path / "noise.png"
    Image.fromarray(oddities.noise(7)).save(noise)  # 32 x 32: the network gets these very pixels
    page.goto(f"{server}/Why_this_class?sample=cat-1")
    page.get_by_role("heading", name="Why this class?").wait_for(timeout=60_000)
    settle(page)
    cam = page.locator('img[alt^="Grad-CAM, conv3: 32 × 32"]').first
    before = cam.get_attribute("src")
    page.locator(".st-key-why_class [data-testid='stSelectbox']").click()
    page.get_by_role("option", name="dog", exact=True).click()
    page.wait_for_function(
        "before => document.querySelector('img[alt^=\"Grad-CAM, conv3: 32 × 32\"]').src !== before", arg=before
    )
    settle(page)
    assert "class=dog" in page.url
    page.get_by_text("The dog score (its logit, before softmax)").wait_for()
    shoot(page, "why-cat-as-dog")

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Upload", exact=True).click()
    settle(page)
    sidebar.locator(uploader("uploader")).set_input_files(str(noise))
    page.get_by_text("This does not look like CIFAR-10").wait_for()
    settle(page)
    shoot(page, "why-noise-notice")


def test_a_model_of_ones_own_opens_and_a_wrong_file_keeps_it(page, server, tmp_path):
    """A grey 28 x 28 model saved by Keras (rescaling, a folded batch normalization, strides):
    its badge, layers, answer and maps; a text file renamed .keras gets one sentence and the
    model stays."""
    import keras

    keras.utils.set_random_seed(0)
    L = keras.layers
    net = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            L.Rescaling(1 / 255),
            L.Conv2D(8, 3, padding="same", name="edges"),
            L.BatchNormalization(name="norm"),
            L.ReLU(),
            L.MaxPooling2D(name="shrink"),
            L.Conv2D(16, 3, strides=2, activation="relu", name="parts"),
            L.Flatten(),
            L.Dense(10, name="digits"),
        ]
    )
    net.save(tmp_path / "digits.keras")
    (tmp_path / "notes.keras").write_text("not a model")
    page.goto(f"{server}/Feature_maps?sample=cat-1&layer=pool2")  # where the way back returns to
    page.get_by_text("pool2: 64 maps of 6 x 6").wait_for(timeout=60_000)
    page.locator('[data-testid="stSidebarNav"] a[href$="/Own_model"]').click()
    page.get_by_role("heading", name="Your own model, opened layer by layer").wait_for(timeout=60_000)
    settle(page)
    box = page.locator(".st-key-_upload_own_file")
    expect(box.locator(".limits")).to_have_text("or drop it here · up to 20 MB per file · .keras, .onnx")
    model = page.locator(uploader("own_file"))
    model.set_input_files(str(tmp_path / "digits.keras"))
    page.get_by_text("your model: digits").wait_for()
    settle(page)
    expect(page.get_by_role("cell", name="convolution (with norm folded in)")).to_be_visible()
    expect(page.get_by_text("Your model takes 28 x 28 pictures in grey")).to_be_visible()
    expect(page.get_by_text("Your model's answer:")).to_be_visible()
    page.locator(".st-key-own_layer").get_by_text("shrink", exact=True).click()
    page.get_by_text("shrink: 8 maps of 14 x 14").wait_for()
    settle(page)
    wait_for_charts(page)
    shoot(page, "own-model")
    model.set_input_files(str(tmp_path / "notes.keras"))
    page.get_by_text("This is not a Keras 3 model file").wait_for()
    settle(page)
    expect(page.get_by_text("your model: digits")).to_be_visible()
    # Over the 20 MB the page and the uploader both say, the browser sends nothing: the page's
    # sentence says why; a type the uploader does not take, likewise; the model stays.
    (tmp_path / "big.keras").write_bytes(bytes(21 * 2**20))
    model.set_input_files(str(tmp_path / "big.keras"))
    alert = box.get_by_role("alert")
    expect(alert).to_have_text(
        "This file is larger than 20 MB, the most a model here can be, so your browser did not send it."
    )
    shoot(page, "own-model-too-big", height=1200)
    (tmp_path / "old.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(64))  # a type the uploader does not take
    model.set_input_files(str(tmp_path / "old.h5"))
    expect(alert).to_contain_text("This page opens a Keras 3 model saved as .keras")
    expect(alert).to_contain_text("an older .h5 file opens in Keras")
    expect(page.get_by_text("your model: digits")).to_be_visible()
    # The file held is listed, and the keyboard reaches its removal, named for it.
    expect(box.locator("li .name")).to_have_text(["notes.keras · 11 bytes"])
    box.get_by_role("button", name="Remove notes.keras").press("Enter")
    expect(box.get_by_role("listitem")).to_have_count(0)
    expect(box.locator(".status")).to_have_text("Removed: notes.keras.")
    # A picture over the sidebar's 10 MB: the uploader says 10MB, and a sentence says why.
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Upload", exact=True).click()
    expect(page.locator(".st-key-_upload_uploader .limits")).to_have_text("or drop it here · up to 10 MB per file")
    (tmp_path / "huge.png").write_bytes(bytes(11 * 2**20))
    sidebar.locator(uploader("uploader")).set_input_files(str(tmp_path / "huge.png"))
    expect(sidebar.get_by_role("alert").filter(has_text="This picture is larger than 10 MB")).to_be_visible()
    # The model pages open it too, within the session, until the visitor goes back.
    page.locator('[data-testid="stSidebarNav"] a[href$="/Why_this_class"]').click()
    page.get_by_role("heading", name="Why this class?").wait_for()
    expect(page.get_by_text("your model: digits")).to_be_visible()
    page.get_by_text("Grad-CAM, parts").first.wait_for()
    settle(page)
    wait_for_charts(page)
    shoot(page, "own-model-why")
    page.get_by_role("button", name="Back to the article's network").click()
    page.get_by_text("Grad-CAM, conv3").first.wait_for()
    expect(page.get_by_text("your model: digits")).to_have_count(0)
    # Feature maps is back on the layer the visitor left it on, and its button says so.
    page.locator('[data-testid="stSidebarNav"] a[href$="/Feature_maps"]').click()
    page.get_by_text("pool2: 64 maps of 6 x 6").wait_for()
    expect(page.locator(".st-key-fm_layer button[aria-checked=true]")).to_have_text("pool2")


def test_a_pytorch_model_exported_to_onnx_walks_every_model_page(page, server):
    """The dynamo exporter's CIFAR-shaped file (tests/files/onnx/make.py), uploaded in Chromium:
    what was read is said, then Feature maps, Inside a cell, Prediction and Why this class?
    each show it, its badge on every page."""
    exported = Path(__file__).parent / "files" / "onnx" / "cifar_dynamo.onnx"
    page.goto(f"{server}/Own_model?sample=cat-1")
    page.get_by_role("heading", name="Your own model, opened layer by layer").wait_for(timeout=60_000)
    settle(page)
    expect(page.locator(".st-key-_upload_own_file")).to_contain_text(".keras, .onnx")
    page.locator(uploader("own_file")).set_input_files(str(exported))
    page.get_by_text("your model: cifar_dynamo").first.wait_for()
    settle(page)
    expect(page.get_by_text("Read from a file written by pytorch 2.", exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="pool1_pad", exact=True)).to_be_visible()
    wait_for_charts(page)
    shoot(page, "own-model-onnx")
    for path, seen in (
        ("Feature_maps", "conv1: 16 maps of 32 x 32"),
        ("Inside_a_cell", "Every number on the Feature maps page was computed"),
        ("Prediction", "What does the network say?"),
        ("Why_this_class", "Grad-CAM"),
    ):
        page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').click()
        page.get_by_text(seen, exact=False).first.wait_for(timeout=60_000)
        settle(page)
        expect(page.get_by_text("your model: cifar_dynamo").first).to_be_visible()
        wait_for_charts(page)
        shoot(page, f"onnx-{path.lower()}")


def test_a_class_of_ones_own_is_taught_from_pictures_chosen_together(page, server, tmp_path):
    """Two classes of stripes, seven pictures each chosen at once (and a file that is not a
    picture): the new last layer trains, says how it measured itself, and answers."""
    from PIL import Image

    from tests.test_teach import stripes

    groups = []
    for vertical in (True, False):
        paths = [tmp_path / f"{'up' if vertical else 'side'}{i}.png" for i in range(7)]
        for i, path in enumerate(paths):
            Image.fromarray(stripes(i, vertical)).resize((96, 96), Image.NEAREST).save(path)
        groups.append([str(p) for p in paths])
    (tmp_path / "notes.png").write_text("not a picture")
    page.goto(f"{server}/Teach?sample=cat-1")
    page.get_by_role("heading", name="Teach the network a class of your own").wait_for(timeout=60_000)
    settle(page)
    page.locator(".st-key-teach_count button").last.click()  # "+": a second class
    page.locator(".st-key-_upload_teach_files_1").wait_for()
    settle(page)
    for index, paths in enumerate(groups):
        page.locator(uploader(f"teach_files_{index}")).set_input_files(
            paths + ([str(tmp_path / "notes.png")] if index else [])
        )
        expect(page.get_by_text("7 pictures (at most 20)", exact=True)).to_have_count(index + 1)
        settle(page)
    expect(page.get_by_text("notes.png: This file is not a picture")).to_be_visible()
    page.locator(".st-key-teach_train button").click()
    page.get_by_text("Leaving each picture out in turn").wait_for()
    settle(page)
    wait_for_charts(page)
    expect(page.get_by_text("The new last layer says:")).to_be_visible()
    shoot(page, "teach-stripes")


def test_the_randomisation_control_changes_the_maps_and_the_curves_draw(page, server):
    """Why this class?, section 6: both curves draw a line per method and one for chance, and
    replacing every layer with noise redraws Grad-CAM as another picture, with its correlation."""
    page.goto(f"{server}/Why_this_class?sample=cat-1")
    page.get_by_role("heading", name="Can you trust these maps?").wait_for(timeout=60_000)
    settle(page)
    assert "deletion" not in page.locator(".st-key-why_auc_table").all_inner_texts(), "not computed until opened"
    page.get_by_text("Draw the curves for this picture").click()
    for kind in ("deletion", "insertion"):
        lines = page.locator(f".st-key-why_{kind} polyline[data-line]")
        expect(lines).to_have_count(7)
        assert lines.first.bounding_box()["width"] > 200, "drawn across the column"
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0, "no chart library on the page"
    trained = page.locator('img[alt^="Grad-CAM, conv3: 32 × 32"]').first.get_attribute("src")
    page.locator(".st-key-why_random").get_by_role("slider").press("End")
    noisy = page.locator('img[alt^="Grad-CAM, conv3: "][alt*=" · "]').first
    noisy.wait_for()
    settle(page)
    assert "random=5" in page.url
    assert noisy.get_attribute("src") != trained, "a network of noise draws another Grad-CAM"
    shoot(page, "why-randomised")


def test_a_live_class_with_five_students_one_on_a_phone(browser, server):
    """The teacher projects Convolution and starts a class; five students join by the link (one
    on a phone) and answer; the projector counts all five (how soon: `tools.classroom` measures
    it, a test does not time it); Reveal reaches every phone; the presenter's Next moves
    everyone to the next step's question."""
    teacher_context = browser.new_context(**SIZES["presenter"])
    teacher = teacher_context.new_page()
    teacher.goto(f"{server}/Convolution?presenter=1&lang=en")
    code = start_class_and_ask(teacher)

    contexts = [browser.new_context(**SIZES["student"]) for _ in range(4)] + [browser.new_context(**SIZES["phone"])]
    students = [c.new_page() for c in contexts]
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    answers = [f"{truth:g}"] * 3 + ["0", "1"]
    for student in students:
        student.goto(f"{server}/Live_class?room={code}")
    for student, answer in zip(students, answers):
        student.get_by_text(FIRST_QUESTION).wait_for(timeout=60_000)
        typed = student.locator(NUMBER_BOX)
        typed.fill(answer)
        if student is students[-1]:
            typed.press("Enter")  # the phone keyboard's Go sends, as Send does
        else:
            student.get_by_role("button", name="Send", exact=True).click()
        student.get_by_text(f"Your answer: {answer}.").wait_for()
    teacher.get_by_text("5 of 5 answered").wait_for()
    expect(students[-1].locator('[data-testid="stExpandSidebarButton"]')).to_be_hidden()  # no sidebar on a phone
    shoot(teacher, "live-projector-answers", height=1400)
    shoot(students[-1], "live-phone-answered", height=1200)

    teacher.get_by_role("button", name="Reveal", exact=True).click()
    teacher.get_by_text("3 of 5 got it (60%)").wait_for()
    for student, answer in zip(students, answers):
        student.get_by_text("60% of the class got it (3 of 5).").wait_for()
        assert student.get_by_text("Right:").count() == (1 if answer == f"{truth:g}" else 0)
    shoot(students[-1], "live-phone-revealed", height=1200)

    teacher.locator(".st-key-lesson_next button").click()  # Next moves the lesson; Ask asks
    teacher.get_by_text("Convolution · 2 / 9", exact=True).wait_for()
    settle(teacher)
    teacher.get_by_role("button", name="Ask", exact=True).click()
    for student in students:
        student.get_by_text("What is the output value at row 0, column 1?").wait_for()
    for context in (teacher_context, *contexts):
        context.close()


# The phone's answers held back on their way, as on a slow network (`window.cnnvizDelays`, one
# per request, then `window.cnnvizDelay` ms each, and while `window.cnnvizHold`), and the next
# `window.cnnvizFail` of them lost.
SLOW_ANSWERS_JS = """
const sent = window.fetch;
window.fetch = (url, options) => {
  if (!String(url).includes("/_live/answer")) return sent(url, options);
  const lost = window.cnnvizFail > 0 && window.cnnvizFail--;  // a network blip, for this request
  const delay = (window.cnnvizDelays || []).shift() ?? window.cnnvizDelay ?? 0;
  const held = async () => {  // and held while `window.cnnvizHold` is true
    await new Promise((done) => setTimeout(done, delay));
    while (window.cnnvizHold) await new Promise((done) => setTimeout(done, 50));
  };
  window.cnnvizPending = (window.cnnvizPending || 0) + 1;  // answers not yet arrived, or lost
  return held().then(() => {
    if (lost) throw new TypeError("offline");
    return sent(url, options);
  }).finally(() => { window.cnnvizPending -= 1; });
};
"""


def test_a_phones_answer_is_taken_as_typed_kept_while_corrected_and_a_late_one_is_said(browser, server):
    """A phone's number box (answer_pad.py) on a slow network: a number typed on a Chinese
    keyboard (full-width digits) is taken; a correction typed while the first answer is on its
    way stays in the box and is the next one sent; answers pressed in a row reach the server in
    that order, one lost to the network replaced by the next, so the last is the one kept; an
    answer that reaches the server after the reveal is said to have come too late, at the
    screen's foot, and the reveal judges the answer the room had."""
    teacher = browser.new_context(**SIZES["presenter"]).new_page()
    teacher.goto(f"{server}/Convolution?presenter=1&lang=en")
    code = start_class_and_ask(teacher)
    context = browser.new_context(**SIZES["phone"])
    context.add_init_script(SLOW_ANSWERS_JS)
    phone = context.new_page()
    phone.goto(f"{server}/Live_class?room={code}")
    phone.get_by_text(FIRST_QUESTION).wait_for(timeout=60_000)
    box = phone.locator(NUMBER_BOX)
    box.fill("\uff11\uff13")  # １３
    phone.locator(SEND).click()
    sent = phone.get_by_text("Your answer: 13.")
    sent.wait_for()
    expect(sent).to_be_in_viewport()

    phone.evaluate("window.cnnvizHold = true")
    box.fill("21")
    phone.locator(SEND).click()
    phone.get_by_text("Sending your answer").wait_for()
    box.fill("22")  # corrected while 21 is on its way
    phone.evaluate("window.cnnvizHold = false")
    phone.get_by_text("Your answer: 21.").wait_for()
    expect(box).to_have_value("22")
    phone.locator(SEND).click()
    phone.get_by_text("Your answer: 22.").wait_for()
    teacher.get_by_text("1 of 1 answered").wait_for()

    # Three answers pressed in a row, the first lost to a network blip and the later ones faster
    # on the network: the last is the one kept (sent together, 31 would arrive after 32).
    phone.evaluate("window.cnnvizDelays = [3000, 2500, 100]; window.cnnvizFail = 1")
    for value in ("30", "31", "32"):
        box.fill(value)
        phone.locator(SEND).click()
    phone.get_by_text("Your answer: 32.").wait_for()
    phone.wait_for_function("() => window.cnnvizPending === 0")  # every answer arrived (or was lost)

    phone.evaluate("window.cnnvizDelay = 0; window.cnnvizHold = true")
    box.fill("5")
    phone.locator(SEND).click()
    phone.get_by_text("Sending your answer").wait_for()
    teacher.get_by_role("button", name="Reveal", exact=True).click()
    phone.get_by_text("(you said 32)", exact=False).wait_for()
    phone.evaluate("window.cnnvizHold = false")  # the 5 arrives after the reveal
    late = phone.get_by_role("alert").filter(has_text="came after the reveal")
    late.wait_for()
    expect(late).to_be_in_viewport()
    shoot(phone, "live-phone-too-late", height=844)
    late.get_by_role("button", name="OK").click()
    expect(late).to_have_count(0)
    teacher.context.close()
    context.close()


def test_phones_that_wait_a_minute_run_nothing_keep_their_places_and_then_answer(browser, server):
    """Three phones join and wait over a minute (the time a phone not seen loses its place)
    before the first question: they run no script meanwhile (each holds one request to the
    server's /_live/news), the projector still counts them, and when the teacher asks, each
    sees the question, answers, and is counted."""
    from tests.browser import start_class

    teacher_context = browser.new_context(**SIZES["presenter"])
    teacher = teacher_context.new_page()
    teacher.goto(f"{server}/Convolution?presenter=1&lang=en")
    teacher.get_by_text("Convolution · 1 / 9", exact=True).wait_for(timeout=60_000)
    settle(teacher)
    walk_next(teacher)
    code = start_class(teacher)
    contexts = [browser.new_context(**SIZES["phone"]) for _ in range(3)]
    phones = [c.new_page() for c in contexts]
    runs = """() => { window.runs = 0; new MutationObserver(() => {
        if (document.querySelector('[data-testid="stApp"]').dataset.testScriptState === "running") window.runs += 1;
      }).observe(document.querySelector('[data-testid="stApp"]'), {attributes: true}); }"""
    for phone in phones:
        phone.goto(f"{server}/Live_class?room={code}")
        phone.get_by_text("You are in. The first question appears here").wait_for(timeout=60_000)
        settle(phone)
        phone.evaluate(runs)
    teacher.get_by_text("3 joined").first.wait_for()
    # The minute itself is what is tested: a phone not seen for rooms.ACTIVE seconds loses its place.
    teacher.wait_for_timeout((rooms.ACTIVE + 5) * 1000)
    expect(teacher.get_by_text("3 joined").first).to_be_visible()
    assert [phone.evaluate("window.runs") for phone in phones] == [0, 0, 0], "waiting ran no script"
    teacher.get_by_role("button", name="Ask", exact=True).click()
    for i, phone in enumerate(phones):
        phone.get_by_text(FIRST_QUESTION).wait_for()
        settle(phone)
        phone.locator(NUMBER_BOX).fill(str(i))
        phone.get_by_role("button", name="Send", exact=True).click()
        phone.get_by_text(f"Your answer: {i}.").wait_for()
    teacher.get_by_text("3 of 3 answered").first.wait_for()
    for context in (teacher_context, *contexts):
        context.close()


def test_peer_instruction_and_where_the_network_looked(browser, server):
    """Prediction on the projector (1280 x 720): a "which class?" question with confidence,
    five students (one on a phone) vote, discuss, and three vote again (two keep their first
    vote); the reveal shows both votes, who changed and how sure the right answers were. Then
    "where did the network look?": a laptop and the phone tap the picture, the projector shows
    the taps, and Reveal lays Grad-CAM under them, in view."""
    from cnn_viz import gallery, images, model

    net = model.load()
    x = images.to_model_input(gallery.by_id("cat-1").rgb())
    truth = CLASSES[int(np.argmax(net.predict(x)))]
    wrong = next(c for c in CLASSES if c != truth)
    teacher_context = browser.new_context(**SIZES["presenter"])
    teacher = teacher_context.new_page()
    teacher.goto(f"{server}/Prediction?presenter=1&lang=en&sample=cat-1")
    code = start_class(teacher, timeout=60_000)
    options(teacher)
    teacher.locator(".st-key-live_confidence label").click()
    settle(teacher)
    close_options(teacher)
    teacher.get_by_role("button", name="Ask", exact=True).click()
    teacher.get_by_text("Which class will the network give this picture?").first.wait_for()

    contexts = [browser.new_context(**SIZES["student"]) for _ in range(4)] + [browser.new_context(**SIZES["phone"])]
    students = [c.new_page() for c in contexts]
    votes = [(truth, "sure")] * 3 + [(wrong, "sure"), (wrong, "not sure")]
    for student in students:
        student.goto(f"{server}/Live_class?room={code}")

    def vote(student, answer, sure, class_first=False):
        """How sure, then the answer, as a student taps them: each tap is posted by the phone's
        browser (answer_pad.py), so none is lost under another run; the answer must arrive.
        class_first: the class tapped first is asked how sure, and sent once it is said."""
        student.get_by_text("How sure are you?").wait_for(timeout=60_000)
        option = student.locator(SURE).get_by_role("button", name=sure, exact=True)
        if class_first:
            pressed = student.locator(CHOICES).get_by_role("button", name=answer, exact=True)
            pressed.click()
            student.get_by_text("Now say how sure you are").wait_for()
            expect(pressed).to_have_class(re.compile("waiting"))
        if option.get_attribute("aria-pressed") != "true":
            option.click()
            expect(option).to_have_attribute("aria-pressed", "true")
        if not class_first:
            student.locator(CHOICES).get_by_role("button", name=answer, exact=True).click()
        student.get_by_text(f"Your answer: {answer} ({sure}).").wait_for()

    for student, (answer, sure) in zip(students, votes):
        vote(student, answer, sure, class_first=student is students[-1])
    teacher.get_by_text("5 of 5 answered").wait_for()
    teacher.get_by_role("button", name="Discuss, vote again").click()
    expect(teacher.get_by_role("button", name="Discuss, vote again")).to_have_count(0)  # a second vote is open
    teacher.get_by_text("(second vote)", exact=False).first.wait_for()
    for student, (answer, sure) in list(zip(students, votes))[2:]:  # two who were right keep their vote
        student.get_by_text(f"Your first answer: {answer} ({sure})").wait_for()
        settle(student)  # until that run ends, the first vote's faded controls are still there too
        vote(student, truth, "sure")
    teacher.get_by_text("3 of 5 answered").wait_for()
    teacher.get_by_role("button", name="Reveal", exact=True).click()
    teacher.get_by_text("First vote 60% right, second vote 100%. 2 changed to the right answer").wait_for()
    teacher.get_by_text("Sure answers: 3 of 3 right (100%)").wait_for()
    settle(teacher)
    wait_for_charts(teacher)
    shoot(teacher, "live-peer-revealed", height=720)
    all_in_view(  # the busiest reveal: both votes, how sure, the network's verdict, on one 720-row screen
        teacher,
        teacher.get_by_text("First vote 60% right"),
        teacher.get_by_text("Sure answers: 3 of 3 right"),
        teacher.get_by_text("The network says"),
        teacher.locator(".st-key-live_panel .main-svg").nth(0),
        teacher.locator(".st-key-live_panel .main-svg").nth(1),
        teacher.locator(".st-key-live_ask button"),
    )

    pick = teacher.locator(".st-key-live_kind_pick")
    pick.click()
    teacher.get_by_role("option", name="where the network looked in this picture").click()
    settle(teacher)
    teacher.get_by_role("button", name="Ask", exact=True).click()
    teacher.get_by_text("Where did the network look to say").first.wait_for()
    for i, student in enumerate(students[3:]):  # a laptop and the phone
        student.get_by_text("Tap the picture where you think the network looked.").wait_for()
        settle(student)
        row, col = 8 + 9 * i, 20 - 6 * i
        click_cell(student, "live_tap", row, col)
        student.get_by_text(f"Your tap: row {row}, column {col}.").wait_for()
        dot = student.locator(f'.st-key-live_tap [data-outline="{row},{col},1,1"]')
        expect(dot).to_be_visible()
        box, pixel = dot.bounding_box(), student.locator(f'.st-key-live_tap [data-cell="{row},{col}"]').bounding_box()
        assert abs(box["x"] + box["width"] / 2 - pixel["x"] - pixel["width"] / 2) < 1, "the dot on the tapped pixel"
        shoot(student, f"live-tap-{'phone' if i else 'laptop'}", height=1000)
    assert students[-1].locator('[data-testid="stPlotlyChart"]').count() == 0, "no chart library on the phone"
    teacher.get_by_text("2 of 5 answered").wait_for()
    teacher.get_by_role("button", name="Reveal", exact=True).click()
    teacher.get_by_text("taps (", exact=False).first.wait_for()
    teacher.get_by_text("fell on the quarter of the picture Grad-CAM weighs most").wait_for()
    settle(teacher)
    shoot(teacher, "live-look-revealed", height=720)
    panel = teacher.locator(".st-key-live_panel")
    all_in_view(  # the sentence, the colour key, both pictures with their captions, Ask
        teacher,
        teacher.get_by_text("fell on the quarter of the picture Grad-CAM weighs most"),
        panel.get_by_text("colour key", exact=False),
        panel.get_by_role("img", name="the class's taps (2)", exact=False),
        panel.get_by_role("img", name="Grad-CAM for", exact=False),
        teacher.locator(".st-key-live_ask button"),
    )
    students[-1].get_by_text("Your tap is", exact=False).wait_for()
    shoot(students[-1], "live-look-phone", height=1200)
    for context in (teacher_context, *contexts):
        context.close()


def answer_on_phone(phone, value):
    phone.get_by_text(FIRST_QUESTION).wait_for(timeout=60_000)
    settle(phone)
    phone.locator(NUMBER_BOX).fill(value)
    phone.get_by_role("button", name="Send", exact=True).click()
    phone.get_by_text(f"Your answer: {value}.").wait_for()


def test_the_teacher_keeps_the_room_through_a_reload_and_a_server_restart(browser):
    """The projector reloads mid-question while four phones answer: it comes back to its room
    with control, every answer given across the reload counted. Then the server restarts
    (rooms are in its SQLite file): room, question and answers are all there, and Reveal
    reaches the phones. The teacher's secret is in a cookie, never in the address bar; a phone
    never gets it."""
    port = st_client.free_port()
    with streamlit_server(port=port) as (url, _):
        projector = browser.new_context(**SIZES["presenter"])
        teacher = projector.new_page()
        teacher.goto(f"{url}/Convolution?presenter=1&lang=en")
        code = start_class_and_ask(teacher)
        cookie = next(c for c in projector.cookies() if c["name"] == "cnnviz_teacher")
        assert cookie["value"].startswith(f"{code}.") and "cnnviz_teacher" not in teacher.url
        phones = [browser.new_context(**SIZES["phone"]).new_page() for _ in range(4)]
        for phone in phones:
            phone.goto(f"{url}/Live_class?room={code}")
        answer_on_phone(phones[0], "1")

        teacher.reload()
        answer_on_phone(phones[1], "2")  # while the projector was away
        answer_on_phone(phones[2], "3")
        teacher.get_by_text(f"Back in room {code}").wait_for(timeout=60_000)
        teacher.get_by_text("3 of 4 answered").wait_for()
        assert not [c for p in phones for c in p.context.cookies() if c["name"] == "cnnviz_teacher"]
        shoot(teacher, "live-teacher-reloaded", height=720)

    with streamlit_server(port=port):  # the same address, a new process: the browsers reconnect
        teacher.reload()
        teacher.get_by_text(f"Back in room {code}").wait_for(timeout=60_000)
        teacher.get_by_text("3 of 4 answered").wait_for()
        phones[3].reload()
        answer_on_phone(phones[3], "4")
        teacher.get_by_text("4 of 4 answered").wait_for()
        teacher.get_by_role("button", name="Reveal", exact=True).click()
        truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
        right = sum(f"{truth:g}" == v for v in ("1", "2", "3", "4"))
        teacher.get_by_text(f"{right} of 4 got it").wait_for()
        for phone in phones:
            phone.get_by_text("of the class got it").wait_for(timeout=30_000)
        projector.close()
        for phone in phones:
            phone.context.close()


def test_the_teachers_phone_asks_and_the_projector_allows_it(browser, server):
    """📱 Another device on the projector shows a link for the teacher's phone, and no secret.
    The phone opens it and asks; the projector shows the number the phone shows and the
    teacher allows it there; the phone then runs the class (it asks a question) while the
    projector keeps control (it reveals, and the phone follows)."""
    projector = teacher_context(browser, 14)
    teacher = projector.new_page()
    teacher.goto(f"{server}/Convolution?presenter=1&lang=en")
    teacher.get_by_text("Convolution · 1 / 9", exact=True).wait_for(timeout=60_000)
    settle(teacher)
    teacher.get_by_role("button", name="Start a live class").click()
    teacher.locator(".cnnviz-room-code").wait_for()
    settle(teacher)
    code = teacher.locator(".cnnviz-room-code").inner_text().strip()
    token = next(c for c in projector.cookies() if c["name"] == "cnnviz_teacher")["value"].split(".")[1]
    teacher.get_by_role("button", name="Another device").click()
    popover = teacher.locator('[data-testid="stPopoverBody"]')
    link = popover.get_by_text("device=teacher").inner_text().strip()
    assert link.endswith(f"/Live_class?room={code}&device=teacher"), link
    assert token not in popover.inner_text() and token not in teacher.locator("body").inner_text()
    shoot(teacher, "live-another-device", height=720)
    teacher.keyboard.press("Escape")

    phone = browser.new_context(**SIZES["phone"]).new_page()
    phone.goto(link)
    phone.get_by_role("button", name="Ask the projector").click()
    number = phone.locator(".cnnviz-device-number").inner_text().strip()
    assert len(number) == 3 and number.isdigit()
    phone.get_by_text("Waiting for the projector").wait_for()
    shoot(phone, "live-phone-asks", height=900)
    teacher.get_by_text(f"Allow it only if it shows {number}").wait_for()
    assert token not in teacher.locator("body").inner_text()
    shoot(teacher, "live-projector-allows", height=720)
    teacher.locator(".st-key-live_device_allow button").click()

    phone.locator(".st-key-live_ask button").wait_for(timeout=30_000)  # the phone runs the class now
    settle(phone)
    assert any(c["name"] == "cnnviz_teacher" for c in phone.context.cookies()), "the phone keeps the room too"
    phone.locator(".st-key-live_ask button").click()
    reveal = teacher.locator(".st-key-live_reveal button")  # the toolbar's, while a question is open
    reveal.wait_for()  # asked from the phone, open on the projector
    settle(teacher)
    reveal.click()
    phone.get_by_text("Nobody answered.", exact=False).first.wait_for()  # revealed from the projector, on the phone
    projector.close()
    phone.context.close()


def in_view(locator, height=720):
    """The element's whole box is inside a window `height` high (and under the top toolbar's line)."""
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height + 1


CUT_JS = """() => [...document.querySelectorAll(
    '.st-key-toolbar p, .st-key-toolbar span, .stMain [data-testid="stExpander"] p, .stMain button p')]
  .filter(e => e.offsetParent && e.innerText.trim() && e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def all_in_view(page, *locators):
    """Each element on screen, whole, and no label in the toolbar or the panel cut short."""
    for locator in locators:
        assert in_view(locator), locator
    assert page.evaluate(CUT_JS) == [], "labels cut short"


LIVE = {  # what the projector says, in each language
    "en": dict(answered="1 of 1 answered", got="1 of 1 got it", seconds="30 s", step="Convolution · 2 / 9"),
    "zh": dict(answered="1 人中已有 1 人作答", got="1 人中有 1 人答对", seconds="30 秒", step="卷积 · 2 / 9"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_projector_shows_the_class_without_scrolling(browser, server, lang):
    """At 1280 x 720, every state in view with no label cut: while the class joins, the code at
    display size (64 px or more), a QR code of 300 px or more, Ask and End; once asked, the
    question, the count and the timer in the toolbar beside Reveal, with the step the class
    works from under it (its answer held back); after Reveal, the sentence, the bars, Ask and
    End; Next with "at every step" asks about the next step. In English the class then ends,
    and the results and the CSV they offer have the answers given."""
    words = LIVE[lang]
    context = teacher_context(browser, {"en": 11, "zh": 12}[lang], accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server}/Convolution?presenter=1&lang={lang}")
    page.locator(".st-key-live_start button").first.wait_for(timeout=60_000)
    settle(page)
    walk_next(page)  # step 1 in view: the question is about it
    page.locator(".st-key-live_start button").first.click()
    code = page.locator(".cnnviz-room-code")
    code.wait_for()
    settle(page)
    assert float(code.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 64
    qr = page.locator(".st-key-live_panel img").first
    assert qr.bounding_box()["width"] >= 300
    ask, end = page.locator(".st-key-live_ask button"), page.locator(".st-key-live_end button")
    all_in_view(page, qr, code, ask, end, page.locator(".st-key-live_options button").first)
    shoot(page, f"live-room-code-{lang}", height=720)
    room = code.inner_text().strip()

    options(page)
    page.locator(".st-key-live_timer").get_by_text(words["seconds"], exact=True).click()
    settle(page)
    all_in_view(page, page.locator(".st-key-live_timer"), page.locator(".st-key-live_confidence"))
    close_options(page)
    ask.click()
    status = page.locator(".st-key-live_status")
    status.wait_for()
    settle(page)
    hidden = page.locator(".stMain [data-testid='stAlert']").filter(has_text="🙈").first
    reveal, again = page.locator(".st-key-live_reveal button"), page.locator(".st-key-live_again button").first
    all_in_view(page, status, reveal, again, hidden)
    shoot(page, f"live-projector-asked-{lang}", height=720)

    phone = browser.new_context(**SIZES["phone"]).new_page()
    phone.goto(f"{server}/Live_class?room={room}&lang={lang}")
    answer = phone.locator(NUMBER_BOX)
    answer.wait_for(timeout=60_000)
    settle(phone)
    ticking = phone.locator("p").filter(has_text="⏱").first  # the countdown, ticking in the phone's browser
    ticking.wait_for()
    assert "**" not in ticking.inner_text(), "its seconds in bold, as the page's Markdown means them"
    assert any(c.isdigit() for c in ticking.locator("strong").inner_text())
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    answer.fill(f"{truth:g}")
    phone.locator(SEND).click()
    status.get_by_text(words["answered"]).wait_for()
    all_in_view(page, status, reveal, hidden)
    shoot(page, f"live-projector-answered-{lang}", height=720)

    again.click()  # a second vote: the same number, the answer still held back
    expect(again).to_have_count(0)
    settle(page)
    all_in_view(page, status, reveal, hidden)
    phone.locator('[data-testid="stAlert"]').filter(has_text="💬").wait_for()  # its first answer, shown
    settle(phone)
    answer.fill(f"{truth:g}")
    phone.locator(SEND).click()
    status.get_by_text(words["answered"]).wait_for()
    shoot(page, f"live-projector-second-vote-{lang}", height=720)

    reveal.click()
    panel = page.locator(".st-key-live_panel")
    revealed = panel.get_by_text(words["got"])
    revealed.wait_for()
    settle(page)
    wait_for_charts(page)
    all_in_view(page, revealed, panel.locator(".main-svg").first, ask, end)
    shoot(page, f"live-projector-revealed-{lang}", height=720)

    page.locator(".st-key-lesson_next button").click()  # the next step, then its question
    page.get_by_text(words["step"], exact=True).wait_for()
    settle(page)
    ask.click()
    status.wait_for()
    settle(page)
    all_in_view(page, status, reveal, hidden)
    if lang == "en":
        page.locator(".st-key-live_more button").first.click()  # while a question is open, End is in ⚙️
        end.click()
        results = page.locator(".st-key-live_results")
        results.wait_for()
        settle(page)
        all_in_view(page, results)
        shoot(page, "live-projector-ended-en", height=720)
        with page.expect_download() as download:
            page.locator(".st-key-live_download button").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        assert rows[0] == ["#", "question", "answer", "answered", "right", "share right"]
        assert rows[1] == ["1", "What is the output value at row 0, column 0?", f"{truth:g}", "1", "1", "100%"]
        assert rows[2][0] == "1" and rows[2][1].endswith("(second vote)"), "a second vote keeps its number"
        assert rows[3][:2] == ["2", "What is the output value at row 0, column 1?"] and rows[3][3:] == ["0", "0", "—"]
    context.close()
    phone.context.close()


def forget_frames(page):
    """Before a question opens: the frames drawn so far (a revealed one's) are not its."""
    page.evaluate("() => { window.cnnvizFrames = []; }")


def open_frames(page, answer, status):
    """Wait until the projector's toolbar says `status`, then check every frame drawn while
    a question was open since the last call: none shows `answer`. Returns how many."""
    page.locator(".st-key-live_status").get_by_text(status).wait_for()
    settle(page)
    frames = page.evaluate("() => { const f = window.cnnvizFrames; window.cnnvizFrames = []; return f; }")
    shown = [f for f in frames if answer in f]
    assert frames and not shown, shown[:1]
    return len(frames)


def test_a_question_never_shows_beside_its_answer_however_it_opens(browser, server):
    """The projector's every frame while a question is open, recorded by the browser from
    the document's start, for a question opened by Ask, by Next (a lesson plan's), from the
    teacher's other device (which also opens another page there and votes again), after a
    reload of the projector; the other device's Reveal then shows the answer on the projector."""
    projector = teacher_context(browser, 13)
    projector.add_init_script(RECORD_JS)
    page = projector.new_page()
    plan = Plan("", (Step("conv", {"step": "0"}), Step("conv", {"step": "1"}, Ask("conv_value"))))
    page.goto(f"{server}/Convolution?presenter=1&lang=en&plan={lesson_plan.encode(plan)}&at=1")  # a walk's link
    page.locator(".st-key-live_start button").first.wait_for(timeout=60_000)
    settle(page)
    page.locator(".st-key-live_start button").first.click()
    page.locator(".cnnviz-room-code").wait_for()
    settle(page)
    forget_frames(page)
    page.locator(".st-key-live_ask button").click()  # Ask: the output value at step 1
    open_frames(page, "Output =", "Question 1:")
    page.locator(".st-key-live_reveal button").click()
    page.get_by_text("Output =").first.wait_for()
    settle(page)

    forget_frames(page)
    page.locator(".st-key-lesson_next button").click()  # the plan's Next asks about step 2
    open_frames(page, "Output =", "Question 2:")
    page.locator(".st-key-live_reveal button").click()
    page.get_by_text("Output =").first.wait_for()
    settle(page)

    other = browser.new_context(**SIZES["presenter"])  # the teacher's other device, the same teacher
    other.add_cookies([c for c in projector.cookies() if c["name"] == "cnnviz_teacher"])
    device = other.new_page()
    device.goto(f"{server}/Pooling?presenter=1&lang=en")
    device.locator(".st-key-live_kind_pick").wait_for(timeout=60_000)
    settle(device)
    device.locator(".st-key-live_kind_pick").click()
    device.get_by_role("option", name="the max-pooled value at this step").click()
    settle(device)
    forget_frames(page)
    device.locator(".st-key-live_ask button").click()
    page.get_by_role("heading", name="Pooling: keep what matters").wait_for()  # the projector follows
    open_frames(page, "max(", "Question 3:")
    device.locator(".st-key-live_again button").first.click()  # discuss, vote again, from the device
    device.get_by_text("(second vote)").first.wait_for()
    open_frames(page, "max(", "(second vote)")

    page.reload()  # the projector reloads: still held back, from its first frame
    open_frames(page, "max(", "(second vote)")
    device.locator(".st-key-live_reveal button").click()
    page.get_by_text("max(").first.wait_for()  # revealed there: the projector shows it
    expect(page.locator(".st-key-live_status")).to_have_count(0)
    settle(page)
    projector.close()
    other.close()


def test_what_a_map_wants_to_see_and_a_class_of_four_phones_testing_it(browser, server):
    """Feature maps at 1366: the map's picture up close beside every map of conv2, a click on
    one picks it. Then the projector asks "which picture makes conv2 map 5 respond more?" with
    its picture as the reference; four phones answer from A and B; Reveal counts them."""
    from cnn_viz import model
    from cnn_viz.app.classroom import two_choice

    visitor = browser.new_context(**SIZES["student"])
    page = visitor.new_page()
    page.goto(f"{server}/Feature_maps?layer=conv2&map=5&sample=cat-1&lang=en")
    page.get_by_text("What conv2 map 5 wants to see").wait_for(timeout=60_000)
    settle(page)
    expect(page.locator(".st-key-wants_grid img")).to_have_count(64)
    close_up = page.get_by_role("img", name="conv2 map 5: the picture it responds to most", exact=True).first
    expect(close_up).to_be_visible()
    shoot(page, "wants-grid")
    click_cell(page, "wants_grid", 9, 0)
    page.get_by_text("What conv2 map 9 wants to see").wait_for()
    settle(page)
    assert "map=9" in page.url
    visitor.close()

    right = two_choice.offers(model.load(), "conv2", 5, {"sample": "cat-1"})[1]["answer"]
    wrong = "B" if right == "A" else "A"
    projector_context = teacher_context(browser, 15)
    teacher = projector_context.new_page()
    teacher.goto(f"{server}/Feature_maps?presenter=1&lang=en&sample=cat-1&layer=conv2&map=5")
    code = start_class(teacher, timeout=60_000)
    teacher.locator(".st-key-live_kind_pick").click()
    teacher.get_by_role("option", name="which picture excites this map more, beside what it wants to see").click()
    settle(teacher)
    teacher.get_by_role("button", name="Ask", exact=True).click()
    teacher.get_by_text("Reference: what conv2 map 5 wants to see", exact=False).wait_for()
    settle(teacher)
    expect(teacher.get_by_text("A", exact=True)).to_be_visible()
    expect(teacher.get_by_text("B", exact=True)).to_be_visible()
    expect(teacher.get_by_text("Every map of conv2")).to_have_count(0)
    shoot(teacher, "live-excites-asked", height=720)

    phones = [browser.new_context(**SIZES["phone"]) for _ in range(4)]
    for context, choice in zip(phones, [right, right, right, wrong]):
        phone = context.new_page()
        phone.goto(f"{server}/Live_class?room={code}")
        phone.get_by_text("Which picture makes conv2 map 5 respond more").first.wait_for(timeout=60_000)
        settle(phone)
        expect(phone.get_by_role("img", name="A", exact=True)).to_be_visible()
        phone.locator(CHOICES).get_by_role("button", name=choice, exact=True).click()
        phone.get_by_text(f"Your answer: {choice}.").wait_for()
    shoot(phone, "live-excites-phone", height=1000)
    teacher.get_by_text("4 of 4 answered").wait_for()
    teacher.get_by_role("button", name="Reveal", exact=True).click()
    teacher.get_by_text("The class: 3 of 4 chose it (75%); guessing would give 50%.").wait_for()
    teacher.get_by_text("82% (Borowski et al., ICLR 2021, this task)", exact=False).wait_for()
    settle(teacher)
    shoot(teacher, "live-excites-revealed", height=720)
    phone.get_by_text(f"The answer: {right} (you said {wrong}).").wait_for()
    for context in (projector_context, *phones):
        context.close()


def test_the_replay_follows_the_scrubber_and_a_live_run_learns_on_screen(browser, server):
    """Model report: the scrubber moved to the last moment changes conv1's filters and the
    accuracy; a live run's test accuracy, measured first at its start, then rises on screen."""
    import re

    from cnn_viz import replay

    context = browser.new_context(**SIZES["student"])
    page = context.new_page()
    page.goto(f"{server}/Model_report?sample=cat-1&at=0&lang=en")
    page.get_by_text("Moment of the training").wait_for(timeout=60_000)
    settle(page)
    filters = page.get_by_role("img", name="conv1's filters at this moment", exact=False).first
    before = filters.get_attribute("src")
    first = replay.measured(0)["accuracy"]
    page.get_by_text(f"it is right on {first:.1%}", exact=False).wait_for()
    last = len(replay.load().snapshots) - 1
    page.get_by_role("slider").first.focus()
    page.keyboard.press("End")
    page.wait_for_url(f"**at={last}**")
    page.get_by_text(f"it is right on {replay.measured(last)['accuracy']:.1%}", exact=False).wait_for()
    settle(page)
    assert filters.get_attribute("src") != before, "another moment's filters"
    shoot(page, "replay-last")

    page.get_by_role("button", name="Start training").click()
    shown = page.get_by_text(re.compile(r"Right on \d+\.\d% of the"))
    shown.wait_for(timeout=60_000)
    start = float(re.search(r"Right on (\d+\.\d)%", shown.inner_text()).group(1))
    rises = "start => { const m = document.body.innerText.match(/Right on (\\d+\\.\\d)% of the last 500/);"
    rises += " return m && parseFloat(m[1]) > start; }"
    page.wait_for_function(rises, arg=start, timeout=120_000)  # a full lap of 500 after 20 s, then every second
    shoot(page, "live-training")
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("button", name="Continue").wait_for()
    context.close()
