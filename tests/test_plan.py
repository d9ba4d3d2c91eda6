"""A teacher's lesson plan: its link (cnn_viz/lesson_plan.py), the plan page that makes it, the
presenter's walk of it with its questions, and its worksheet's numbers against the questions
the class is asked. Through AppTest; the printed worksheet and a planned class with phones are
in tests/test_plan_browser.py."""

import base64
import html
import json
import re
import zlib

import pytest

from cnn_viz import lesson_plan
from cnn_viz.app import picture, plan_view, planning, worksheet
from cnn_viz.app.classroom import common
from cnn_viz.lesson_plan import Ask, Plan, Step
from cnn_viz.live import store
from tests.apptest import PAGE, all_text, open_page, present, press

EXAMPLE = plan_view.EXAMPLE


def status(at):
    found = [m.value for m in at.markdown if m.value.startswith("📊")]
    return found[0] if found else ""


def where(at):
    """The toolbar's "Plan 3 / 10 · Convolution · step 2"."""
    found = [m.value.split("<")[0].strip("*") for m in at.markdown if "cnnviz-walk-n" in m.value]
    return found[0] if found else ""


# ------------------------------------------------------------------------------- the link


def test_a_plan_round_trips_through_its_link_and_its_file():
    plan = Plan("cat-1", (*EXAMPLE.steps, Step("maps", {"layer": "conv2", "map": "5"}, Ask("excites_natural", 90))))
    assert lesson_plan.decode(lesson_plan.encode(plan), planning.known) == plan
    assert lesson_plan.from_json(lesson_plan.to_json(plan), planning.known) == plan
    assert re.fullmatch(r"[A-Za-z0-9_-]+", lesson_plan.encode(plan)), "a link's text needs no escaping"


def test_a_plan_keeps_only_what_the_app_can_show():
    data = {
        "v": 1,
        "p": "cat-1",
        "s": [
            [
                "conv",
                {"step": "3", "k": "9", "nonsense": "1"},
                ["conv_value", 45, 1, 0],
            ],  # k out of range, 45 s unknown
            ["live", {"room": "ABCDEF"}],  # a student's page is not part of a walk
            ["nowhere", {}],
            ["pool", {}, ["predict", 30, 0, 0]],  # pooling never asks which class
            "not a step",
            ["why", {"method": "occlusion"}, ["look", 30, 0, 1]],
        ],
    }
    plan = lesson_plan.parse(data, planning.known)
    assert plan.steps == (
        Step("conv", {"step": "3"}, Ask("conv_value", 0, True, False)),
        Step("pool", {}, None),
        Step("why", {"method": "occlusion"}, Ask("look", 30, False, True)),
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a plan",
        lesson_plan.encode(EXAMPLE)[:-12],  # cut short in a chat message
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2, 3]")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b" " * 5_000_000)).decode(),  # unpacks to 5 MB: refused at 64 KB
    ],
)
def test_text_that_is_no_plan_is_refused(text):
    with pytest.raises(lesson_plan.BadPlan):
        lesson_plan.decode(text, planning.known)


def test_the_longest_plan_fits_a_link():
    """A plan of MAX_STEPS steps, every one with a question and its options, still fits a link
    (what `python -m tools.plan_link` measures of plans of every length)."""
    kinds = [(s.page, s.ask.kind) for s in EXAMPLE.steps if s.ask]
    steps = [Step(page, {"step": str(i % 9)} if page in ("conv", "pool") else {}, Ask(kind, 90, True, True))
             for i, (page, kind) in zip(range(lesson_plan.MAX_STEPS), kinds * 20)]  # fmt: skip
    assert len(lesson_plan.encode(Plan("airplane-5", tuple(steps)))) <= lesson_plan.MAX_LINK


# ------------------------------------------------------------------------------- the page


def test_a_plan_made_on_the_page_opens_from_its_link_in_chinese():
    at = open_page(PAGE["plan"])
    assert "No steps yet" in all_text(at)
    at.selectbox(key="plan_picture").set_value("dog-2").run()
    at.selectbox(key="plan_new_page_en").set_value("conv").run()
    at.number_input(key="plan_new_step_conv").set_value(4).run()
    at.selectbox(key="plan_new_ask_en").set_value("conv_value").run()
    at.segmented_control(key="plan_new_timer").set_value(60).run()
    at.toggle(key="plan_new_sure").set_value(True).run()
    at.button(key="plan_add").click().run()
    assert at.session_state["plan_new_step_conv"] == 5, "ready for the next step"
    assert at.selectbox(key="plan_new_ask_en").value == "", "the next step asks nothing until told"
    assert "plan_new_sure" not in [w.key for w in at.toggle], "a question's options show only with a question"
    at.selectbox(key="plan_new_page_en").set_value("maps").run()
    at.selectbox(key="plan_new_layer").set_value("conv3").run()
    at.button(key="plan_add").click().run()
    at.selectbox(key="plan_new_page_en").set_value("predict").run()
    at.selectbox(key="plan_new_ask_en").set_value("predict").run()
    at.button(key="plan_add").click().run()
    at.button(key="plan_up_2").click().run()  # Prediction before the maps
    text = all_text(at)
    assert "**1. Convolution · step 4** — asks: the output value at this step · 60 s · how sure" in text
    assert text.index("2. Prediction") < text.index("3. Feature maps · layer conv3")
    link = at.query_params["plan"][0] if isinstance(at.query_params["plan"], list) else at.query_params["plan"]
    assert f"Lesson_plan?plan={link}" in " ".join(c.value for c in at.code)

    opened = open_page(PAGE["plan"], plan=link, lang="zh")
    text = all_text(opened)
    assert "**1. 卷积 · 第 4 步** — 提问：这一步的输出值 · 60 秒 · 有多确定" in text, text[:800]
    assert "**2. 预测** — 提问：网络会把这张图片分成哪一类" in text, "its options reset after the step before"
    assert "2. 预测** — 提问：网络会把这张图片分成哪一类 ·" not in text and "3. 特征图 · conv3 层" in text
    assert opened.session_state["plan_picture"] == "dog-2"
    assert opened.selectbox(key="plan_new_page_zh").value == "home", "the form's boxes drawn in Chinese"
    opened.button(key="plan_drop_0").click().run()
    assert "卷积" not in " ".join(m.value for m in opened.markdown if m.value.startswith("**"))


def test_a_broken_link_or_file_says_so_in_one_sentence_and_keeps_the_plan():
    at = open_page(PAGE["plan"], plan="eNoLSS0uUUhKzSvJzEvXUchMy0nMS1dIzkgtyiwuyc9TBADT3Qw")
    assert "This link holds no lesson plan that can be read" in all_text(at) and not at.exception
    at.button(key="plan_example").click().run()
    at.file_uploader(key="plan_file").set_value(("plan.json", b'{"v": 1}', "application/json")).run()
    assert "This file is not a lesson plan" in all_text(at)
    assert "10. Why this class?" in all_text(at), "the plan on the screen stays"


# ------------------------------------------------------------------------------- the walk


def test_presenting_a_plan_walks_exactly_its_steps_and_opens_each_question_once_where_it_says():
    teacher = present(EXAMPLE)
    assert where(teacher) == "Plan 1 / 10 · Image as numbers"
    assert teacher.session_state["current_image"].sample_id == "cat-1", "the plan's picture"
    teacher.button(key="live_start").click().run()
    code, token = teacher.session_state["_live_teacher"]
    phone = open_page(PAGE["live"], room=code)
    _, key = worksheet.sheet(EXAMPLE, picture.linked("cat-1"))
    asked = {n: question for n, question, _ in key}
    seen, numbers = [], []
    for n in range(2, 11):
        if teacher.button(key="lesson_next").disabled:  # a question is open: Next waits for Reveal
            teacher.button(key="live_reveal").click().run()
        press(teacher, "lesson_next")
        seen.append(where(teacher))
        question = store().view(code).question
        if n in asked:  # the plan's question, opened as the walk arrived, held back from its first frame
            assert status(teacher).startswith(f"📊 **Question {len(numbers) + 1}:**"), (n, status(teacher))
            assert common.base_id(question) == asked[n]["id"], "the worksheet's question is the one asked"
            assert question.get("closes_at") and question["timer"] == EXAMPLE.steps[n - 1].ask.timer
            assert bool(question.get("confidence")) == EXAMPLE.steps[n - 1].ask.sure
            assert teacher.button(key="lesson_next").disabled or n == 10
            numbers.append(n)
        else:
            assert not status(teacher), (n, "a step without a question asks nothing")
    assert seen == [f"Plan {n} / 10 · {planning_title}" for n, planning_title in zip(range(2, 11), TITLES[1:])]
    assert numbers == sorted(asked)
    phone.run()
    assert "Where did the network look" in all_text(phone)

    teacher.button(key="live_reveal").click().run()
    for _ in range(3):  # Back, then Next again: a question opens once
        press(teacher, "lesson_back")
    for _ in range(3):
        press(teacher, "lesson_next")
    assert not status(teacher) and store().view(code).number == len(asked)
    assert teacher.button(key="lesson_next").disabled, "the plan's last step"


TITLES = [
    "Image as numbers",
    "Convolution · step 1",
    "Convolution · step 2",
    "Convolution · step 5",
    "Convolution · step 6",
    "Pooling · step 1",
    "Pooling · step 4",
    "Feature maps · layer conv1",
    "Prediction",
    "Why this class?",
]


def test_a_planned_question_on_the_step_a_class_starts_on_is_what_ask_offers_first():
    """No class was running when the walk arrived (the plan's first step): the panel's Ask
    about holds the plan's question, and Ask asks it with the plan's options."""
    plan = Plan("", (Step("conv", {"step": "2"}, Ask("conv_value", 30, again=True)), Step("pool")))
    teacher = present(plan)
    assert "Hidden:" not in all_text(teacher), "no class: nothing to hold back"
    teacher.button(key="live_start").click().run()
    assert not status(teacher) and teacher.selectbox(key="live_kind_pick").value == "conv_value"
    assert teacher.session_state["live_timer"] == 30, "the options show the plan's, which the teacher may change"
    assert "Hidden: the lesson plan asks about this here." in all_text(teacher), "its answer held until asked"
    assert "**Output** =" not in all_text(teacher)
    teacher.button(key="live_ask").click().run()
    question = store().view(teacher.session_state["_live_teacher"][0]).question
    assert question["params"] == {"row": 0, "col": 2} and question["timer"] == 30
    assert teacher.button(key="live_again").proto.type == "primary", "the plan votes again before Reveal"
    assert teacher.button(key="live_reveal").proto.type == "secondary"
    teacher.button(key="live_again").click().run()
    assert teacher.button(key="live_reveal").proto.type == "primary", "the second vote: Reveal next"
    assert store().view(teacher.session_state["_live_teacher"][0]).question["timer"] == 30, "as long as the first"
    teacher.button(key="live_reveal").click().run()
    press(teacher, "lesson_next")
    press(teacher, "lesson_back")
    assert not status(teacher), "asked once"


def test_a_reloaded_projector_goes_on_where_its_walk_was():
    teacher = present(EXAMPLE)
    for _ in range(3):
        press(teacher, "lesson_next")
    assert where(teacher) == "Plan 4 / 10 · Convolution · step 5"
    query = dict(teacher.query_params)
    assert query["at"] in ("4", ["4"])
    reloaded = open_page(PAGE["conv"], **{k: v[0] if isinstance(v, list) else v for k, v in query.items()})
    assert where(reloaded) == "Plan 4 / 10 · Convolution · step 5"
    press(reloaded, "lesson_next")
    assert where(reloaded) == "Plan 5 / 10 · Convolution · step 6" and reloaded.session_state["conv_step"] == 5


def test_without_a_plan_next_never_asks():
    teacher = open_page(PAGE["conv"], presenter=1)
    teacher.button(key="live_start").click().run()
    assert "live_every_step" not in [t.key for t in teacher.toggle], "the old 'Next asks at every step' is gone"
    for _ in range(4):
        press(teacher, "lesson_next")
        assert not status(teacher)


# ------------------------------------------------------------------------------- worksheet


def test_the_worksheet_shows_the_numbers_and_its_key_the_answers():
    at = open_page(PAGE["plan"], plan=lesson_plan.encode(EXAMPLE))
    at.button(key="plan_show_sheet").click().run()
    sheet = next(h.proto.body for h in at.get("html") if "cnnviz-sheet" in h.proto.body)
    questions_part, key_part = sheet.split('class="ws-key"')
    # Step 2 asks the output at row 0, column 0: its window (the picture's top-left 2 x 2 of each
    # channel) outlined, the filter and the bias printed; its answer only in the key.
    assert questions_part.count('class="ws-in"') >= 2 * 2 * 3
    assert "What is the output value at row 0, column 0?" in questions_part
    # The pooling steps' input is the convolution's output: its cells that steps 2 and 4 ask
    # about stand as the student's own answers, not as the answers.
    pooling = questions_part.split("6. Pooling")[1]
    assert "(your step 2)" in pooling and "(your step 4)" in pooling
    assert not re.search(r">1[23]</td>", pooling), "13 and 12, the answers, are not printed"
    assert "cat" not in questions_part.split("ws-step", 1)[0], "the picture is not named: it would answer step 9"
    assert "to say cat" not in questions_part and "Shade the squares" in questions_part
    _, key = worksheet.sheet(EXAMPLE, picture.linked("cat-1"))
    for n, _, answer in key:
        assert f"Step {n}:" in key_part
        if answer is not None:
            assert f"<b>{answer}</b>" in key_part
    assert "<b>" not in questions_part.split("ws-step", 1)[1].replace("<b>Question:</b>", "")
    at.button(key="plan_hide_sheet").click().run()
    # A pooling step before the convolution question still shows the student's own answer there
    # (the sheet is handed out whole); with the output size asked, a pooling step shows its window only.
    swapped = Plan(
        "cat-1", (Step("pool", {"step": "0"}, Ask("pool_max")), Step("conv", {"step": "0"}, Ask("conv_value")))
    )
    body, _ = worksheet.sheet(swapped, picture.linked("cat-1"))
    assert "(your step 2)" in body.split("2. Convolution")[0]
    sized = Plan("", (Step("conv", {}, Ask("conv_size")), Step("pool", {"step": "3"}, Ask("pool_average"))))
    body, _ = worksheet.sheet(sized, picture.linked("cat-1"))
    pooling = body.split("2. Pooling")[1].split('class="ws-key"')[0]
    assert pooling.count("<tr>") == 2 and html.escape("The window's values") in pooling, (
        "2 x 2: the 3 x 3 input would answer step 1"
    )
    assert at.button(key="plan_present")


# ---------------------------------------------------------------------------- class report


def test_the_class_report_names_each_questions_step_votes_sureness_and_common_wrong_answers():
    from cnn_viz.app.classroom import report

    plan = Plan(
        "",
        (
            Step("image"),
            Step("conv", {"step": "4"}, Ask("conv_value", 0, sure=True, again=True)),
            Step("pool", {"step": "0"}, Ask("pool_max")),
        ),
    )
    teacher = present(plan)
    teacher.button(key="live_start").click().run()
    code, token = teacher.session_state["_live_teacher"]
    phones = [open_page(PAGE["live"], room=code) for _ in range(4)]
    press(teacher, "lesson_next")  # step 2: the output at row 1, column 1 (12), how sure
    for phone, (answer, sure) in zip(phones, [(12, "sure"), (7, "sure"), (7, "unsure"), (9, "unsure")]):
        phone.run()
        key = next(c.key for c in phone.segmented_control if c.key.startswith("live_conf_"))
        phone.segmented_control(key=key).set_value(sure).run()
        phone.number_input[0].set_value(float(answer))
        phone.button(key="live_send_button").click().run()
    teacher.button(key="live_again").click().run()  # the plan's second vote
    for phone, answer in zip(phones, (12, 12, 7, 12)):
        phone.run()
        key = next(c.key for c in phone.segmented_control if c.key.startswith("live_conf_"))
        phone.segmented_control(key=key).set_value("sure").run()
        phone.number_input[0].set_value(float(answer))
        phone.button(key="live_send_button").click().run()
    teacher.button(key="live_reveal").click().run()
    press(teacher, "lesson_next")  # step 3: max pooling, nobody answers
    teacher.button(key="live_reveal").click().run()
    found = report.rows(store().results(code, token))
    assert [row["step"] for row in found] == ["Plan step 2 · Convolution · step 5", "Plan step 3 · Pooling · step 1"]
    first, second = found[0]["votes"]
    assert first["right"] == (1, "25%") and second["right"] == (3, "75%") and second["answered"] == 4
    assert first["wrong"] == [("7", 2), ("9", 1)] and second["wrong"] == [("7", 1)], "each vote's own wrong answers"
    assert first["sure"] == {"sure": (1, 2), "unsure": (0, 2)} and second["sure"] == {"sure": (3, 4), "unsure": (0, 0)}
    assert found[1]["votes"][0]["answered"] == 0 and found[1]["votes"][0]["right"] == (0, "—")
    page = report.page(found, code, today="2026-12-07")
    assert "2026-12-07: 2 questions, 3 votes" in page
    assert "Plan step 2 · Convolution · step 5" in page and "7 × 2" in page and "75% (3 / 4)" in page


def test_a_plan_too_long_for_a_link_is_a_file_that_opens_again(monkeypatch):
    """Every plan of the page's making fits a link (above); one that does not (a link's limit
    lowered here) says so, leaves the address without it, and its file opens it again."""
    monkeypatch.setattr(lesson_plan, "MAX_LINK", 50)
    at = open_page(PAGE["plan"])
    at.button(key="plan_example").click().run()
    assert "This plan is too long for a link" in all_text(at) and "plan" not in at.query_params
    fresh = open_page(PAGE["plan"])
    fresh.file_uploader(key="plan_file").set_value(
        ("plan.json", lesson_plan.to_json(EXAMPLE).encode(), "application/json")
    )
    fresh.run()
    assert "10. Why this class?" in all_text(fresh) and not fresh.exception


def test_what_reading_a_plan_left_out_is_said_once_on_the_page_it_opens():
    rows = [["conv", {"step": str(i % 9)}] for i in range(70)] + [["nowhere", {}]]
    rows[3] = ["conv", {"step": "999"}]  # no such step: the step opens at the page's first
    data = {"v": 1, "p": "", "s": rows}
    text = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).decode().rstrip("=")
    at = open_page(PAGE["plan"], plan=text)
    said = " ".join(w.value for w in at.warning)
    assert "1 step of this plan could not be read whole" in said
    assert "A plan holds at most 60 steps: the 11 after them were left out." in said
    at.run()
    assert not at.warning, "said once"
    # A presenter's link that lost its plan (cut short in a message) says so on the lesson page.
    walked = open_page(PAGE["conv"], presenter=1, at=3, plan=lesson_plan.encode(EXAMPLE)[:-30])
    assert "This link holds no lesson plan that can be read" in " ".join(w.value for w in walked.warning)
    # A file far larger than any plan is refused as such, not as "not a plan".
    page = open_page(PAGE["plan"])
    page.file_uploader(key="plan_file").set_value(("huge.json", b" " * 70_000, "application/json")).run()
    assert "This file is larger than any lesson plan (64 kB at most)" in all_text(page)


def test_after_end_class_the_walk_goes_on_and_holds_nothing_back():
    plan = Plan("", (Step("image"), Step("conv", {"step": "2"}, Ask("conv_value")), Step("pool")))
    teacher = present(plan)
    teacher.button(key="live_start").click().run()
    teacher.button(key="live_end").click().run()
    press(teacher, "lesson_next")  # arrives at the planned question, with no class to ask
    text = all_text(teacher)
    assert not status(teacher) and "Hidden" not in text and "**Output** =" in text
    assert not teacher.button(key="lesson_next").disabled and not teacher.button(key="lesson_back").disabled
    press(teacher, "lesson_next")
    assert where(teacher) == "Plan 3 / 3 · Pooling · step 1"


def test_a_plan_naming_a_picture_or_a_step_the_app_has_not_says_so_and_opens():
    data = {"v": 1, "p": "unicorn-9", "s": [["conv", {"step": "40"}], ["pool", {"step": "3"}]]}
    text = base64.urlsafe_b64encode(zlib.compress(json.dumps(data).encode())).decode().rstrip("=")
    at = open_page(PAGE["plan"], plan=text)
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "1 step of this plan could not be read whole" in said and "This app has no picture “unicorn-9”" in said
    assert at.session_state["plan_picture"] == "" and "**1. Convolution · step 1**" in all_text(at)
    deep = b"[" * 5000 + b"]" * 5000
    with pytest.raises(lesson_plan.BadPlan):
        lesson_plan.from_json(deep, planning.known)
