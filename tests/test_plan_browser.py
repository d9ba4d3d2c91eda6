"""A lesson plan in a real browser: its worksheet printed by Chromium (read back from the PDF),
and a planned class with two phones, whose questions open where the plan says."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cnn_viz import i18n, lesson_plan
from cnn_viz.app import picture, worksheet
from cnn_viz.lesson_plan import Ask, Plan, Step
from tests.browser import (
    ARTIFACTS,
    NUMBER_BOX,
    RECORD_JS,
    SIZES,
    present_plan,
    settle,
    shoot,
    teacher_context,
    walk_next,
)

PRINTED = Plan(
    "cat-1",
    (
        Step("conv", {"step": "0"}, Ask("conv_value", 60)),
        Step("conv", {"step": "4"}, Ask("conv_value", 0, sure=True)),
        Step("pool", {"step": "3"}, Ask("pool_average", 30)),
        Step("predict", {}, Ask("predict")),
        Step("why", {}, Ask("look")),
    ),
)
KEY_TITLE = {"en": "Answer key (for the teacher)", "zh": "答案（教师用）"}


def flat(text):
    """A PDF's text without its line breaks and spacing, which depend on the paper's width."""
    return re.sub(r"\s+", "", text)


def answers_of(plan, lang):
    """[(prompt, answer)] as the worksheet's key writes them, in `lang`."""
    import streamlit as st

    st.session_state["lang"] = lang  # outside a run: the text functions read the language here
    try:
        _, key = worksheet.sheet(plan, picture.linked(plan.picture))
        from cnn_viz.app.classroom import common

        return [(common.prompt(q), answer) for _, q, answer in key]
    finally:
        del st.session_state["lang"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_printed_worksheet_has_the_numbers_and_only_its_key_has_the_answers(browser, server, lang):
    context = browser.new_context(**SIZES["student"])
    page = context.new_page()
    page.goto(f"{server}/Lesson_plan?plan={lesson_plan.encode(PRINTED)}&lang={lang}")
    page.locator(".st-key-plan_show_sheet button").wait_for(timeout=60_000)
    settle(page)
    page.locator(".st-key-plan_show_sheet button").click()
    page.locator(".cnnviz-sheet .ws-key").wait_for()
    settle(page)
    shoot(page, f"plan-worksheet-{lang}", height=3600)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        (ARTIFACTS / f"plan-worksheet-{lang}-{paper}.pdf").write_bytes(pdf)
        pages = [flat(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
        at_key = next(i for i, text in enumerate(pages) if flat(KEY_TITLE[lang]) in text)
        assert pages[at_key].startswith(flat(KEY_TITLE[lang])), "the key starts a page of its own"
        sheet, key = "".join(pages[:at_key]), "".join(pages[at_key:])
        assert "Back to the plan" not in sheet and "回到计划" not in sheet, "the app's controls stay off the paper"
        assert "0443" in sheet and "0014" in sheet, "the red channel's rows, as the lesson shows them"
        # The pooling input's first row, its first cell step 1's answer: the student's own stands there.
        assert flat(i18n.text(lang, "plan.sheet_your_answer", n=1)) + "618" in sheet
        for prompt, answer in answers_of(PRINTED, lang):
            if answer is None or not answer.replace(".", "").isdigit():
                continue  # a number's question: its box must be empty, its answer in the key
            after = sheet.split(flat(prompt), 1)[1]
            box = re.split(r"\d+\.(?:Convolution|Pooling|Prediction|Why|卷积|池化|预测|为什么)", after)[0]
            assert answer not in box, (prompt, "its answer is only in the key")
            assert flat(prompt) + answer in key, (prompt, answer)
    context.close()


@pytest.mark.browser
def test_a_planned_class_with_two_phones_meets_each_question_where_the_plan_put_it(browser, server):
    """The teacher opens the plan's link in presenter mode, presents it and starts a class; two
    phones join. Next walks the plan's steps: a step without a question asks nothing, the
    planned questions open as Next arrives (held back on the projector from the first frame),
    the phones answer, Reveal tells them; Back and Next again do not ask twice. After End
    class, its report prints with the plan's step."""
    plan = Plan(
        "cat-1",
        (Step("conv", {"step": "0"}), Step("conv", {"step": "4"}, Ask("conv_value", 60)), Step("pool", {"step": "1"})),
    )
    projector = teacher_context(browser, 31)
    projector.add_init_script(RECORD_JS)
    teacher = projector.new_page()
    present_plan(teacher, server, plan)
    teacher.get_by_text("Plan 1 / 3 · Convolution · step 1", exact=True).wait_for()
    teacher.get_by_role("button", name="Start a live class").click()
    code = teacher.locator(".cnnviz-room-code").inner_text().strip()
    phones = [browser.new_context(**SIZES["phone"]).new_page() for _ in range(2)]
    for phone in phones:
        phone.goto(f"{server}/Live_class?room={code}")
        phone.get_by_text("You are in. The first question appears here").wait_for(timeout=60_000)
    teacher.get_by_text("2 joined").first.wait_for()
    teacher.evaluate("() => { window.cnnvizFrames = []; }")
    walk_next(teacher)
    teacher.get_by_text("Plan 2 / 3 · Convolution · step 5", exact=True).wait_for()
    status = teacher.locator(".st-key-live_status")
    status.get_by_text("Question 1:").wait_for()
    settle(teacher)
    frames = teacher.evaluate("() => window.cnnvizFrames")
    assert frames and not [f for f in frames if "Output =" in f], "held back from the first frame"
    expect(teacher.get_by_role("button", name="Next ▶")).to_be_disabled()
    shoot(teacher, "plan-walk-asked", height=720)
    for phone, answer in zip(phones, ("12", "7")):
        phone.get_by_text("What is the output value at row 1, column 1?").wait_for()
        phone.locator(NUMBER_BOX).fill(answer)
        phone.get_by_role("button", name="Send", exact=True).click()
        phone.get_by_text(f"Your answer: {answer}.").wait_for()
    status.get_by_text("2 of 2 answered").wait_for()
    shoot(phones[0], "plan-walk-phone", height=844)
    teacher.locator(".st-key-live_reveal button").click()
    for phone in phones:
        phone.get_by_text("50% of the class got it (1 of 2).").wait_for()
    settle(teacher)
    walk_next(teacher)
    teacher.get_by_text("Plan 3 / 3 · Pooling · step 2", exact=True).wait_for()
    settle(teacher)
    expect(status).to_have_count(0)
    expect(teacher.get_by_role("button", name="Next ▶")).to_be_disabled()
    walk_next_back = teacher.locator(".st-key-lesson_back button")
    walk_next_back.click()
    teacher.get_by_text("Plan 2 / 3 · Convolution · step 5", exact=True).wait_for()
    settle(teacher)
    expect(status).to_have_count(0)  # Back: nothing opens

    teacher.locator(".st-key-live_end button").click()  # End class: the results, and their report to print
    printed = teacher.get_by_role("button", name="🖨 Class report (to print)")
    printed.wait_for()
    settle(teacher)
    with teacher.expect_download() as download:
        printed.click()
    report = teacher.context.new_page()
    report.goto(f"file://{download.value.path()}")
    text = flat(PdfReader(io.BytesIO(report.pdf(format="A4"))).pages[0].extract_text())
    assert flat("Plan step 2 · Convolution · step 5") in text and flat("50% (1 / 2)") in text and flat("7 × 1") in text
    projector.close()
    for phone in phones:
        phone.context.close()
