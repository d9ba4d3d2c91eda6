"""What the projector holds back while the class answers, however the question opened (Ask,
Next, the teacher's other device, a second vote, a reload), and the teacher's controls
that follow the room. Through AppTest: the page as the projector's session draws it; the
browser suite reads the projector's frames as they arrive (test_browser.py)."""

import re

import pytest

from cnn_viz import article, ops
from cnn_viz.app.classroom import projector, results
from cnn_viz.lesson_plan import Ask, Plan, Step
from cnn_viz.live import questions, store
from tests.apptest import PAGE, all_text, open_page, present, press

HIDDEN = "Hidden until Reveal: the class is answering this."
OUTPUT_LINE = "**Output** ="


def start_class(page=PAGE["conv"], **query):
    teacher = open_page(page, presenter=1, **query)
    teacher.button(key="live_start").click().run()
    code = re.search(r"Room (\w{6})", all_text(teacher)).group(1)
    return teacher, code


def ask(teacher, kind):
    teacher.selectbox(key="live_kind_pick").set_value(kind).run()
    teacher.button(key="live_ask").click().run()
    assert not teacher.exception


def status(teacher):
    """The toolbar's status line while a question is open ("" when none is)."""
    found = [m.value for m in teacher.markdown if m.value.startswith("📊")]
    return found[0] if found else ""


def test_next_asks_nothing_unless_the_teacher_said_so():
    teacher, _ = start_class()
    ask(teacher, "conv_value")
    teacher.button(key="live_reveal").click().run()
    for _ in range(3):  # the first Next brings step 1 into view, the next two move on
        teacher.button(key="lesson_next").click().run()
        assert not status(teacher) and HIDDEN not in all_text(teacher), "Next asked a question"
        assert OUTPUT_LINE in all_text(teacher)


def test_a_question_asked_from_the_teachers_other_device_is_hidden_on_the_projector():
    teacher, code = start_class()
    assert OUTPUT_LINE in all_text(teacher)
    token = teacher.session_state["_live_teacher"][1]
    trace = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
    store().ask(code, token, questions.conv_value(trace, 0, {"step": 0}))  # the phone's Ask
    teacher.run()  # the projector's next run (in a browser, its fragment reruns the page)
    text = all_text(teacher)
    assert HIDDEN in text and OUTPUT_LINE not in text
    assert teacher.button(key="live_reveal").proto.type == "primary"
    assert teacher.button(key="live_ask").proto.type == "secondary", "Ask would replace the open question"


@pytest.mark.slow  # several AppTest sessions: the full run has it
def test_a_second_vote_keeps_its_questions_number_on_the_projector_the_phones_and_the_csv():
    teacher, code = start_class()
    ask(teacher, "conv_value")
    phone = open_page(PAGE["live"], room=code)
    assert "Question 1:" in [h.value for h in phone.subheader]
    teacher.button(key="live_again").click().run()
    assert status(teacher).startswith("📊 **Question 1:**")
    assert HIDDEN in all_text(teacher), "the second vote holds the answer back as the first did"
    phone.run()
    assert "Question 1:" in [h.value for h in phone.subheader]
    teacher.button(key="live_reveal").click().run()
    ask(teacher, "conv_size")
    assert status(teacher).startswith("📊 **Question 2:**")
    rows = results.summary(store().results(code, teacher.session_state["_live_teacher"][1]))
    assert [row[0] for row in rows] == [1, 1, 2]


@pytest.mark.slow  # several AppTest sessions: the full run has it
def test_a_reloaded_projector_keeps_the_teachers_choices_and_holds_the_answer_back():
    teacher, code = start_class(PAGE["pool"])
    teacher.selectbox(key="live_kind_pick").set_value("trap_pool_stride").run()
    teacher.toggle(key="live_confidence").set_value(True).run()
    teacher.segmented_control(key="live_timer").set_value(60).run()
    teacher.button(key="live_ask").click().run()
    assert "Why stride 1" not in all_text(teacher) and HIDDEN not in all_text(teacher)
    reloaded = open_page(PAGE["pool"], presenter=1)  # a new session: its cookie gives the room back
    reloaded.session_state["_live_teacher"] = teacher.session_state["_live_teacher"]
    reloaded.run()
    state = reloaded.session_state
    assert (state["live_kind_pick"], state["live_confidence"], state["live_timer"]) == ("trap_pool_stride", True, 60)
    assert "Why stride 1" not in all_text(reloaded), "the box that answers the trap stays hidden"
    assert reloaded.button(key="live_ask").proto.type == "secondary"


def test_the_output_size_question_hides_how_many_steps_there_are():
    teacher, _ = start_class()
    assert any("1 / 9" in m.value for m in teacher.markdown) and teacher.slider(key="conv_step")
    ask(teacher, "conv_size")
    assert not any("1 / 9" in m.value for m in teacher.markdown), "the toolbar's count gives the size away"
    assert "conv_step" not in [s.key for s in teacher.slider], "and so does the slider's range"
    teacher.button(key="live_reveal").click().run()
    assert any("1 / 9" in m.value for m in teacher.markdown)


# Every kind of question, with what on its page would answer it.
KINDS = {
    "conv_value": (PAGE["conv"], {}, "**Output** ="),
    "conv_size": (PAGE["conv"], {}, "give a **3 x 3** output"),
    "trap_bias": (PAGE["conv"], {}, "**Output** ="),
    "trap_same_filter": (PAGE["conv"], {}, "**red:**"),  # a channel's working, drawn beside its own filter
    "pool_max": (PAGE["pool"], {}, "max("),
    "pool_average": (PAGE["pool"], {}, ") / 4 ="),
    "trap_pool_stride": (PAGE["pool"], {}, "Why stride 1"),
    "predict": (PAGE["predict"], {"sample": "cat-1"}, "| cat |"),
    "look": (PAGE["why"], {"sample": "cat-1"}, "The network says"),
    "field_size": (PAGE["cell"], {"sample": "cat-1", "layer": "conv2", "row": 3, "col": 4}, "This cell depends on"),
    "zero_maps": (PAGE["maps"], {"sample": "cat-1", "layer": "conv3"}, "maps are all 0 for this picture"),
    "epoch_accuracy": (PAGE["report"], {"sample": "cat-1", "at": 3}, "**after epoch 1**"),  # snapshot 3: epoch 1
    "excites_none": (PAGE["maps"], {"sample": "cat-1", "layer": "conv2", "map": 5}, "That mean is"),
    "excites_natural": (PAGE["maps"], {"sample": "cat-1", "layer": "pool2", "map": 5}, "Every map of conv2"),
}


def planned(kind):
    """A projector walking a plan of two views of the kind's page, the second asking `kind`,
    after Next has arrived there."""
    page, query, _ = KINDS[kind]
    page_id = next(p for p, script in PAGE.items() if script == page)
    values = {k: str(v) for k, v in query.items() if k != "sample"}
    plan = Plan(query.get("sample", ""), (Step(page_id, values), Step(page_id, values, Ask(kind))))
    teacher = present(plan)
    teacher.button(key="live_start").click().run()
    return press(teacher, "lesson_next")


def open_by(way, kind):
    """The projector's session after a question of `kind` opened in that `way`."""
    if way == "next":  # a lesson plan's step asks it as the walk arrives
        teacher = planned(kind)
        assert status(teacher).startswith("📊 **Question 1:**"), status(teacher)
        return teacher
    page, query, _ = KINDS[kind]
    teacher, code = start_class(page, **query)
    token = teacher.session_state["_live_teacher"][1]
    if way == "ask":
        ask(teacher, kind)
    elif way == "device":  # the teacher's phone asks: the projector's next run must hold it back
        offered = {q["kind"]: q for q in teacher.session_state["_live_offer"]}
        store().ask(code, token, offered[kind])
        teacher.run()
    elif way == "again":
        ask(teacher, kind)
        teacher.button(key="live_again").click().run()
    elif way == "reload":
        ask(teacher, kind)
        teacher = open_page(page, presenter=1, **query)
        teacher.session_state["_live_teacher"] = (code, token)
        teacher.run()
    assert not teacher.exception
    return teacher


@pytest.mark.slow  # about 100 s of AppTest runs: the full run has it; the inner loop keeps Ask and the device
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_question_is_held_back_however_it_opened(kind):
    answer = KINDS[kind][2]
    ways = ["ask", "device", "reload"] + ([] if kind == "look" else ["again"])
    ways += ["next"]
    for way in ways:
        teacher = open_by(way, kind)
        assert answer not in all_text(teacher), way
        assert status(teacher), (way, "the toolbar says a question is open")
        assert teacher.button(key="live_reveal").proto.type == "primary", way
        if kind == "predict":
            assert not teacher.metric, way


@pytest.mark.slow  # several AppTest sessions: the full run has it
def test_asking_the_open_question_again_says_so_and_after_its_reveal_asks_a_fresh_one():
    teacher, code = start_class()
    ask(teacher, "conv_value")
    phone = open_page(PAGE["live"], room=code)
    phone.number_input[0].set_value(13.0)
    phone.button(key="live_send_button").click().run()
    teacher.button(key="live_ask").click().run()  # the same question, still open
    assert "That question is open already" in [t.proto.body for t in teacher.toast][0]
    assert status(teacher).startswith("📊 **Question 1:**") and "1 of 1 answered" in status(teacher)
    teacher.button(key="live_reveal").click().run()
    teacher.button(key="live_ask").click().run()  # asked again after its reveal: a fresh question
    assert status(teacher).startswith("📊 **Question 2:**") and "0 of 1 answered" in status(teacher)


@pytest.mark.slow  # several AppTest sessions: the full run has it
def test_the_teachers_choices_survive_a_page_without_the_panel_and_a_language_switch():
    teacher, _ = start_class()
    teacher.toggle(key="live_confidence").set_value(True).run()
    teacher.segmented_control(key="live_timer").set_value(60).run()
    teacher.switch_page(PAGE["data"]).run()  # the walk passes the data page, which has no panel
    teacher.switch_page(PAGE["pool"]).run()
    teacher.segmented_control(key="_w_lang").set_value("zh").run()
    state = teacher.session_state
    assert (state["live_confidence"], state["live_timer"]) == (True, 60)


def test_a_phones_how_sure_stays_chosen_when_tapped_again():
    teacher, code = start_class()
    teacher.toggle(key="live_confidence").set_value(True).run()
    teacher.button(key="live_ask").click().run()
    phone = open_page(PAGE["live"], room=code)
    key = next(k for k in phone.session_state if k.startswith("live_conf_"))
    phone.segmented_control(key=key).set_value("unsure").run()
    phone.segmented_control(key=key).set_value(None).run()  # the chosen one tapped again
    assert phone.segmented_control(key=key).value == "unsure"
    phone.number_input[0].set_value(3.0)
    phone.button(key="live_send_button").click().run()
    assert "Your answer: **3 (not sure)**" in all_text(phone) and "Say how sure" not in all_text(phone)


def test_the_networks_verdict_names_the_true_class_in_both_languages(monkeypatch):
    from cnn_viz.app import text

    question = {"answer": "cat", "params": {"picture": "cat-1", "sure": "98.0%"}}
    assert projector.network_verdict(question).endswith("and it is right: the picture's true class is cat.")
    monkeypatch.setattr(text, "lang", lambda: "zh")
    assert projector.network_verdict(question).endswith("这张图片的真实类别是猫。")


def test_a_phones_address_names_no_picture():
    """A sample's id is its class ("airplane-0"): on a phone answering "which class?" the
    address bar would say it."""
    phone = open_page(PAGE["live"], sample="airplane-0")
    assert "sample" not in phone.query_params
