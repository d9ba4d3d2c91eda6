"""Accessibility in a real browser (issue #41, first step): axe-core's WCAG 2.x A and AA rules
find nothing on any page's first view, in both languages, on a student's laptop, a phone and
a projector; a wide table or figure that scrolls sideways takes the keyboard's focus."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cnn_viz.app.pages import PAGES
from tests.browser import NUMBER_BOX, SEND, SIZES, settle, wait_for_charts

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
            if page.evaluate("document.documentElement.lang") != lang:  # read in its own language
                found.append((entry.id, lang, "html-lang", page.evaluate("document.documentElement.lang")))
            if entry.id == "predict":  # the softmax table: still a table, in a box the keyboard reaches
                box = page.locator(".st-key-softmax_table .cnnviz-wide")
                assert box.get_attribute("tabindex") == "0" and box.locator("table tr").count() == 11
            if size == "student":  # WCAG 1.4.12, on the same visit (test_every_page_keeps_its_text_whole_...)
                page.add_style_tag(content=TEXT_SPACING)
                seen = page.evaluate(CUT_TEXT_JS)
                if seen["cut"] or seen["sideways"] > 0:
                    found.append((entry.id, lang, "text spacing", seen))
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
    answer = phone.locator(NUMBER_BOX)
    answer.wait_for(timeout=60_000)
    scan(phone, "phone answering")
    answer.fill("-5")
    phone.locator(SEND).click()
    phone.locator(".st-key-live_pad .sent").filter(has_text="-5").wait_for()
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


# Every pointer event a page receives, counted from the document's start: a keyboard-only journey has none.
POINTERS_JS = """
(() => {
  window.cnnvizPointers = 0;
  for (const kind of ["pointerdown", "mousedown", "touchstart"])
    window.addEventListener(kind, () => { window.cnnvizPointers += 1; }, true);
})();
"""


def press_on(page, locator, key="Enter"):
    """The keyboard's focus on a control (what Tab reaches), then a key: no pointer event."""
    locator.focus()
    page.keyboard.press(key)


@pytest.mark.browser
def test_a_keyboard_only_class_walks_a_plan_and_answers_a_number_a_choice_and_a_tap(browser, server):
    """The presenter walks a lesson plan with a clicker's PageDown and starts the class from the
    keyboard; a phone answers a number, a choice and a tap question with keys alone (the tap:
    arrow keys over the picture's grid, each place announced, and Enter); the projector counts
    each. Neither page receives a pointer event."""
    from cnn_viz.lesson_plan import Ask, Plan, Step
    from tests.browser import present_plan, teacher_context

    plan = Plan(
        "cat-1",
        (Step("image"), Step("conv", {"step": "0"}, Ask("conv_value")), Step("predict", {}, Ask("predict")),
         Step("why", {}, Ask("look"))),
    )  # fmt: skip
    projector = teacher_context(browser, 41)
    projector.add_init_script(POINTERS_JS)
    teacher = projector.new_page()
    present_plan(teacher, server, plan, lambda button: press_on(teacher, button))
    teacher.get_by_text("Plan 1 / 4 · Image as numbers", exact=True).wait_for()
    press_on(teacher, teacher.locator(".st-key-live_start button").first)
    code = teacher.locator(".cnnviz-room-code")
    code.wait_for()
    phone_context = browser.new_context(**SIZES["phone"])
    phone_context.add_init_script(POINTERS_JS)
    phone = phone_context.new_page()
    phone.goto(f"{server}/Live_class?room={code.inner_text().strip()}&lang=en")
    phone.get_by_text("You are in.").wait_for(timeout=60_000)
    teacher.get_by_text("1 joined").first.wait_for()
    status = teacher.locator(".st-key-live_status")

    def said(pattern):  # what the phone's polite live region says now
        phone.wait_for_function("p => new RegExp(p).test(window.cnnvizSaid || '')", arg=pattern)

    def next_question(prompt):
        settle(teacher)
        teacher.locator("body").press("PageDown")  # a presentation clicker
        status.get_by_text("0 of 1 answered").wait_for()
        phone.get_by_text(prompt).wait_for()
        settle(phone)
        said(re.escape(prompt))  # said to a screen reader as it opens

    def reveal(answer=None):
        status.get_by_text("1 of 1 answered").wait_for()
        press_on(teacher, teacher.locator(".st-key-live_reveal button"))
        expect(status).to_have_count(0)
        if answer:
            said(rf"^Question \d revealed: the answer is {answer}\.$")

    next_question("What is the output value at row 0, column 0?")
    press_on(phone, phone.locator(NUMBER_BOX), "1")
    phone.keyboard.press("3")
    phone.keyboard.press("Enter")
    phone.get_by_text("Your answer: 13.").wait_for()
    reveal("13")
    next_question("Which class will the network give this picture?")
    press_on(phone, phone.get_by_role("button", name="cat", exact=True))
    phone.get_by_text("Your answer: cat.").wait_for()
    reveal("cat")
    next_question("Where did the network look")
    grid = phone.locator("[data-keys]")
    grid.focus()
    announced = phone.locator('[aria-live="polite"]').filter(has_text="row")
    expect(announced).to_have_text("row 16, column 16")  # the cursor starts in the middle
    for key in ["ArrowUp", "ArrowUp", "ArrowLeft"]:
        phone.keyboard.press(key)
    expect(announced).to_have_text("row 14, column 15")
    phone.keyboard.press("Enter")
    phone.get_by_text("Your tap: row 14, column 15.").wait_for()
    reveal()
    assert teacher.evaluate("window.cnnvizPointers") == 0 and phone.evaluate("window.cnnvizPointers") == 0
    projector.close()
    phone_context.close()


@pytest.mark.browser
def test_a_map_opens_from_the_keyboard_and_arrows_stay_in_the_figure_in_presenter_mode(browser, server):
    """Feature maps' grid takes the focus; the arrow keys move over its maps, each announced by
    its own description; Enter opens the map, as a click does. In presenter mode the arrows stay
    the figure's: the lesson does not move."""
    page = browser.new_context(**SIZES["presenter"]).new_page()
    page.goto(f"{server}/Feature_maps?layer=conv1&sample=cat-1&lang=en&presenter=1")
    page.get_by_text("Feature maps · 1 /", exact=False).first.wait_for(timeout=60_000)
    settle(page)
    grid = page.locator(".st-key-grid [data-keys]")
    grid.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator('.st-key-grid [aria-live="polite"]')).to_have_text(re.compile(r"^map 3: "))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"map=3"))
    settle(page)
    assert "layer=conv1" in page.url, "the arrows moved the cursor, not the lesson"
    page.context.close()


# Views past a page's first one: a later step, the quiz, another layer or method, a map or cell
# opened, a replayed moment, the lesson plan with steps and its worksheet.
LATER_VIEWS = [
    "Convolution?step=5&quiz=1",
    "Pooling?step=3&mode=max",
    "Feature_maps?sample=cat-1&layer=conv2&map=5",
    "Inside_a_cell?sample=cat-1&layer=conv2&row=3&col=4&step=2",
    "Prediction?sample=dog-2&idea=3",
    "Why_this_class?sample=cat-1&method=occlusion",
    "Model_report?at=3",
    "Lesson_plan?plan={plan}",
]


@pytest.mark.browser
@pytest.mark.parametrize("size", ["student", "phone"])
def test_axe_finds_nothing_past_the_first_views(browser, server, size):
    from cnn_viz import lesson_plan
    from cnn_viz.app import plan_view

    axe, found = Axe(), []
    page = browser.new_context(**SIZES[size]).new_page()

    def scan(view):
        settle(page)
        wait_for_charts(page)
        for rule in axe.run(page, options=RULES).response["violations"]:
            found.extend((view, rule["id"], node["target"]) for node in rule["nodes"])

    for lang in ("en", "zh"):
        for view in LATER_VIEWS:
            page.goto(f"{server}/{view.format(plan=lesson_plan.encode(plan_view.EXAMPLE))}&lang={lang}")
            page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
            scan(f"{view} {lang}")
        page.locator(".st-key-plan_show_sheet button").click()  # the plan's worksheet
        page.locator(".cnnviz-sheet .ws-key").wait_for()
        scan(f"worksheet {lang}")
    page.context.close()
    assert not found, found


@pytest.mark.browser
def test_the_uploader_speaks_the_pages_language_and_takes_a_file_from_the_keyboard(browser, server, tmp_path):
    """The app's own uploader on a Chinese page: its group, button and limits in Chinese (no
    English word but the file types); a file over the limit refused in the page's sentence; a
    model chosen from the keyboard opens; its removal named for it; axe finds nothing."""
    from pathlib import Path

    onnx = Path(__file__).parent / "files" / "onnx" / "cifar_dynamo.onnx"
    big = tmp_path / "big.onnx"
    big.write_bytes(bytes(21_000_000))
    page = browser.new_context(**SIZES["phone"]).new_page()
    # File choosers intercepted from the start: enabled only by expect_file_chooser, the first
    # one raced the dialog, which then opened unseen (about one run in three on a phone's context).
    page.on("filechooser", lambda chooser: None)
    page.goto(f"{server}/Own_model?lang=zh")
    box = page.locator(".st-key-_upload_own_file")
    choose = box.get_by_role("button", name="选择文件")
    expect(box.get_by_role("group", name="你的模型（.keras 或 .onnx）")).to_be_visible(timeout=60_000)
    expect(choose).to_have_accessible_description("或拖到这里 · 每个文件不超过 20 MB · .keras、.onnx")
    settle(page)
    words = re.sub(r"\.(keras|onnx)|MB", "", box.inner_text())
    assert not re.search(r"[A-Za-z]{2,}", words), words

    def choose_by_keyboard(path):
        choose.focus()
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Enter")
        chooser.value.set_files(str(path))

    choose_by_keyboard(big)
    expect(box.get_by_role("alert")).to_have_text("这个文件超过 20 MB，这里的模型最多这么大，所以浏览器没有发送它。")
    choose_by_keyboard(onnx)
    expect(page.get_by_text("你的模型：cifar_dynamo").first).to_be_visible(timeout=60_000)
    settle(page)
    expect(box.get_by_role("alert")).to_have_text("")
    expect(box.locator(".status")).to_have_text("已发送：cifar_dynamo.onnx。")
    expect(choose).to_be_focused()  # through the upload and the page's run, for the next Tab
    expect(box.locator("li .name")).to_have_text([re.compile(r"^cifar_dynamo\.onnx · \d+ kB$")])
    found = [(r["id"], n["target"]) for r in Axe().run(page, options=RULES).response["violations"] for n in r["nodes"]]
    assert not found, found
    box.get_by_role("button", name="移除 cifar_dynamo.onnx").press("Enter")
    expect(box.locator(".status")).to_have_text("已移除：cifar_dynamo.onnx。")
    expect(choose).to_be_focused()
    page.context.close()


@pytest.mark.browser
@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_a_visitor_who_asks_for_less_motion_gets_none(browser, server, motion):
    """Every animation and transition on the page (Streamlit's own included) is cut to nothing
    when the browser asks for reduced motion, and left alone when it does not."""
    context = browser.new_context(**SIZES["student"], reduced_motion=motion)
    page = context.new_page()
    page.goto(f"{server}/Convolution")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)
    timing = page.evaluate(
        """() => {
          const probe = document.createElement("div");
          probe.style.cssText = "transition: opacity 2s; animation: cnnviz-probe 3s infinite";
          document.querySelector('[data-testid="stMain"]').appendChild(probe);
          const style = getComputedStyle(probe);
          return [style.animationDuration, style.transitionDuration, style.animationIterationCount];
        }"""
    )
    assert timing == (["1e-05s", "1e-05s", "1"] if motion == "reduce" else ["3s", "2s", "infinite"]), timing
    # Streamlit's script-driven animations (an expander's height) end as they start, too.
    scripted = page.evaluate(
        "() => document.body.animate([{opacity: 0}, {opacity: 1}], 3000).effect.getTiming().duration"
    )
    assert scripted == (0 if motion == "reduce" else 3000), scripted
    context.close()


@pytest.mark.browser
def test_a_control_reached_by_the_keyboard_is_never_under_the_presenters_toolbar(browser, server):
    """WCAG 2.4.11 in presenter mode: going up the page with Shift+Tab, the browser brings each
    control to the screen's top edge, where the sticky toolbar would hide it; the page then
    scrolls it clear. Going down, it comes in at the bottom, clear already."""
    page = browser.new_context(**SIZES["presenter"]).new_page()
    page.goto(f"{server}/Pooling?presenter=1")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
    settle(page)
    wait_for_charts(page)
    clear = """() => {
      const bar = document.querySelector(".st-key-toolbar").parentElement;
      let el = document.activeElement;
      while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
      if (!el || el === document.body || bar.contains(el)) return "toolbar";
      if (el.closest('[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSkipToContent"]')) {
        return "beside";  // Streamlit's header, the menu, the skip link (drawn over everything)
      }
      const place = el.getBoundingClientRect(), box = bar.getBoundingClientRect();
      if (place.height > window.innerHeight / 2) return "region";
      return place.top >= box.bottom - 1 ? "clear" : null;
    }"""
    page.locator('[data-testid="stMain"]').evaluate("main => main.scrollTo(0, main.scrollHeight)")
    page.locator('[data-testid="stMain"] a, [data-testid="stMain"] button').last.focus()
    seen = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        seen.append(page.wait_for_function(clear, timeout=5_000).json_value())
    assert seen.count("clear") >= 20, seen  # most of the way up is the page, not the toolbar
    page.context.close()


# WCAG 1.4.12's spacing, as its bookmarklet applies it.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
# Text that a box cuts short (overflow hidden or an ellipsis), and how far the page scrolls sideways.
CUT_TEXT_JS = """() => {
  const cut = [];
  const cuts = (box) => {
    const s = getComputedStyle(box), hides = ["hidden", "clip"];
    return (hides.includes(s.overflowX) || s.textOverflow === "ellipsis") && box.scrollWidth > box.clientWidth + 1
      || hides.includes(s.overflowY) && box.scrollHeight > box.clientHeight + 2;
  };
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!text || el.offsetParent === null || el.closest("[data-testid=stSkipToContent]")) continue;
      const boxes = [el, el.parentElement].filter(Boolean);
      if (boxes.some((b) => b.clientWidth <= 1 && b.clientHeight <= 1)) continue;  // for screen readers only
      if (boxes.some(cuts)) cut.push(el.textContent.trim().slice(0, 40));
    }
  };
  walk(document);
  // A button of fixed height cuts its label from further out (a segmented control's).
  for (const button of document.querySelectorAll(".stMain button")) {
    if (button.offsetParent !== null && cuts(button)) cut.push(button.textContent.trim().slice(0, 40));
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const sideways = Math.max(document.scrollingElement.scrollWidth - innerWidth, main.scrollWidth - main.clientWidth);
  return { cut, sideways };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("how", ["200% zoom"])
def test_every_page_keeps_its_text_whole_with_wider_spacing_or_at_200_percent(browser, server, how):
    """WCAG 1.4.4 / 1.4.10 (a laptop's 1366 x 768 at 200 %, 683 x 384 CSS pixels): on every page's
    first view, in both languages, no text is cut short and the page does not scroll sideways.
    1.4.12 (letter, word, line and paragraph spacing raised) is checked the same way on the
    first-view scan at 1366 x 768 (test_axe_finds_nothing_on_any_pages_first_view[student]),
    sparing 28 more visits."""
    page = browser.new_context(viewport={"width": 683, "height": 384}).new_page()
    found = []
    for lang in ("en", "zh"):
        for entry in PAGES:
            page.goto(f"{server}/{entry.url_path}?lang={lang}")
            page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
            settle(page)
            wait_for_charts(page)
            seen = page.evaluate(CUT_TEXT_JS)
            if seen["cut"] or seen["sideways"] > 0:
                found.append((entry.id, lang, seen))
    page.context.close()
    assert not found, found


# The focused element's look (outline, shadow, border, background, of it and three boxes around
# it, where Streamlit draws a field's ring), two frames after the key press; `window.cnnvizProbe`
# is the element to read, else the focused one (within shadow roots).
FOCUS_LOOK_JS = """async (which) => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));  // styles applied
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (which === "held") el = window.cnnvizProbe;
  else window.cnnvizProbe = el;
  if (!el || el === document.body) return null;
  const looks = [];
  const up = (box) => box.parentElement || box.getRootNode().host;
  for (let box = el, i = 0; box && box.nodeType === 1 && i < 4; i++, box = up(box)) {
    const s = getComputedStyle(box);
    looks.push([s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor, s.backgroundColor].join());
  }
  const name = el.getAttribute("aria-label") || el.textContent.trim().slice(0, 30) || el.tagName;
  return { name: `${el.tagName} ${name}`, look: looks.join(" | "), main: el.matches('[data-testid="stMain"]') };
}"""


@pytest.mark.browser
def test_every_control_the_keyboard_reaches_shows_that_it_has_the_focus(browser, server):
    """WCAG 2.4.7: Tab through the first 60 controls of pages with every kind of control
    (Streamlit's widgets, the figures, the app's uploader, the lesson's steps): each looks
    different while it has the focus (an outline, a ring, a border or a background)."""
    page = browser.new_context(**SIZES["student"]).new_page()
    unseen = []
    for path in ("Convolution", "Feature_maps", "Live_class", "Lesson_plan", "Own_model", "Prediction"):
        page.goto(f"{server}/{path}")
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=60_000)
        settle(page)
        wait_for_charts(page)
        for _ in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_LOOK_JS, "focused")
            page.keyboard.press("Tab")
            left = page.evaluate(FOCUS_LOOK_JS, "held")
            page.keyboard.press("Shift+Tab")  # back, to go on from it
            if focused and not focused["main"] and left["look"] == focused["look"]:
                unseen.append((path, focused["name"]))
    page.context.close()
    assert not unseen, unseen


@pytest.mark.browser
def test_the_uploader_follows_the_language_and_keeps_what_it_said(browser, server, tmp_path):
    """The plan page's uploader after the language box changes: every sentence in the new
    language, and its limit the page's own (64 kB, said once). On Teach, the first pictures
    redraw the uploader (the page grows above it): a refusal and the focus survive that, a
    picture already there is not sent twice, and past 20 the rest are said not sent."""
    from PIL import Image

    page = browser.new_context(**SIZES["student"]).new_page()
    page.on("filechooser", lambda chooser: None)  # intercepted from the start (see above)
    page.goto(f"{server}/Lesson_plan")
    box = page.locator(".st-key-_upload_plan_file")
    expect(box.locator(".limits")).to_have_text("or drop it here · up to 64 kB per file · .json", timeout=60_000)
    settle(page)
    page.locator(".st-key-_w_lang").get_by_role("radio", name="中文").click()
    expect(box.locator(".limits")).to_have_text("或拖到这里 · 每个文件不超过 64 kB · .json")
    settle(page)
    (tmp_path / "notes.txt").write_text("not a plan")
    (tmp_path / "big.json").write_text("[" + "0," * 40_000 + "0]")
    input_ = page.locator(".st-key-_upload_plan_file input[type=file]")
    input_.set_input_files(str(tmp_path / "notes.txt"))
    expect(box.get_by_role("alert")).to_have_text("这个框只接收 .json 文件，所以浏览器没有发送这个文件。")
    input_.set_input_files(str(tmp_path / "big.json"))
    expect(box.get_by_role("alert")).to_have_text(
        "这个文件比任何课程计划都大（最多 64 kB），没有打开。屏幕上的计划没有改变。"
    )

    page.goto(f"{server}/Teach")
    box = page.locator(".st-key-_upload_teach_files_0")
    choose = box.get_by_role("button", name="Choose files")
    choose.wait_for(timeout=60_000)
    settle(page)
    paths = []
    for i in range(22):
        paths.append(tmp_path / f"p{i}.png")
        Image.new("RGB", (40, 40), (10 * i, 200, 30)).save(paths[-1])
    (tmp_path / "big.png").write_bytes(bytes(11_000_000))
    choose.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files([str(paths[0]), str(tmp_path / "big.png"), str(paths[1])])
    page.get_by_text("2 pictures (at most 20)", exact=True).wait_for()
    settle(page)
    expect(box.get_by_role("alert")).to_have_text(
        "big.png: This picture is larger than 10 MB, the most a picture here can be, so your browser did not send it."
    )
    expect(box.locator(".status")).to_have_text("Sent: p0.png. Sent: p1.png.")
    expect(choose).to_be_focused()
    box.locator("input[type=file]").set_input_files([str(p) for p in paths])  # p0 and p1 again, and 20 more
    page.get_by_text("20 pictures (at most 20)", exact=True).wait_for()
    settle(page)
    expect(box.get_by_role("alert")).to_have_text(
        "This box holds at most 20 files, so these were not sent: p20.png, p21.png."
    )
    expect(box.locator(".status")).to_contain_text("p0.png is here already. p1.png is here already.")
    expect(box.locator("li .name")).to_have_count(20)
    page.context.close()
