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


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_figure_kind_says_what_it_draws_to_a_screen_reader(browser, server, lang):
    """Read from Chromium's accessibility tree, each kind of figure against the values the page
    draws, computed here by the engine: a small matrix as a table (its rows, with headers); a
    map and a heat map as their size, range and strongest region; curves as a table of their
    values; a layer's units as their range and largest."""
    import numpy as np

    from cnn_viz import article, faithfulness, gallery, i18n, images, model, numbers
    from cnn_viz.figures import described

    words, net = i18n.figure_words(lang), model.load()
    inputs = images.to_model_input(gallery.by_id("cat-1").rgb())
    outputs = net.forward(inputs)
    page = browser.new_context(**SIZES["student"]).new_page()

    def tree(path):
        page.goto(f"{server}/{path}&lang={lang}")
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
        settle(page)
        wait_for_charts(page)
        return page.locator('[data-testid="stMain"]').aria_snapshot()

    # A small matrix: the picture's red channel on Convolution, every row with its header.
    found = tree("Convolution?step=0")
    red = article.TOY_IMAGE[:, :, 0]
    for r, row in enumerate(red):
        written = " ".join(numbers.exact(v) for v in row)
        assert f'row "{words["row"]} {r} {written}"' in found, (r, written)
    # Maps: every map of conv1 on Feature maps, each its own sentence.
    found = tree("Feature_maps?sample=cat-1&layer=conv1")
    maps = outputs["conv1"]
    for i in range(maps.shape[2]):
        said = described.summary(maps[:, :, i], words, f"{words['map']} {i}")
        assert said in found, said
    top = described.strongest(maps[:, :, 0])
    assert top[4] in described.PLACES and 0 < top[3] <= 1
    # A heat map: Grad-CAM on conv3, as Why this class? draws it for the class the network gives.
    found = tree("Why_this_class?sample=cat-1")
    heat = faithfulness.quick_maps(net, inputs, int(np.argmax(outputs["probabilities"])))["gradcam_last"]
    assert described.summary(heat, words) in found
    # Curves: the Model report's accuracy over the epochs, every epoch a row of the table.
    found = tree("Model_report?sample=cat-1")
    history = model.load_metrics()["history"]
    first = f"{numbers.exact(history['epoch'][0])} {numbers.exact(history['train_accuracy'][0])}"
    assert f'row "{first} {numbers.exact(history["test_accuracy"][0])}"' in found
    assert found.count(f'columnheader "{words["epoch"]}"') >= 2, "the accuracy and the loss curves, each a table"
    page.context.close()
