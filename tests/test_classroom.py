"""Classroom features through AppTest: bookmarkable views, presenter mode and its lesson walk, quizzes."""

import pytest

from cnn_viz.app.picture import IMAGE_KEY
from tests.apptest import HOME, open_page


def params(at):
    return dict(at.query_params)


def test_a_bookmarked_convolution_view_is_reproduced():
    at = open_page("pages/2_Convolution.py", step=4, preset="blur", k=3, s=1, p=1, lang="en", sample="dog-2")
    state = at.session_state
    assert (state["conv_step"], state["conv_preset"], state["conv_k"], state["conv_p"]) == (4, "blur", 3, 1)
    assert "= 4" in at.latex[0].value  # (4 + 2 - 3) / 1 + 1
    assert "row 1, column 0" in " ".join(m.value for m in at.markdown)  # 4 x 4 output, 5th cell
    assert state[IMAGE_KEY].sample_id == "dog-2"
    q = params(at)
    assert q["step"] == "4" and q["preset"] == "blur" and q["k"] == "3" and q["sample"] == "dog-2"


def test_changing_the_view_updates_the_url():
    at = open_page("pages/2_Convolution.py")
    at.button(key="conv_step_next").click().run()
    assert params(at)["step"] == "1"
    at.number_input(key="conv_s").set_value(2).run()
    assert params(at)["s"] == "2"
    at = open_page("pages/3_Pooling.py")
    at.segmented_control(key="pool_show").set_value("average").run()
    assert params(at)["mode"] == "average"
    at = open_page("pages/5_Feature_maps.py")
    at.pills(key="fm_layer").set_value("conv2").run()
    at.slider(key="fm_map").set_value(17).run()
    assert params(at)["layer"] == "conv2" and params(at)["map"] == "17"


@pytest.mark.parametrize(
    "page,query",
    [
        ("pages/2_Convolution.py", dict(step="-3", k="99", preset="<script>", s="x", p="1.5", quiz="maybe")),
        ("pages/3_Pooling.py", dict(mode="min", window="0", stride="9", step="1e9")),
        ("pages/5_Feature_maps.py", dict(layer="conv9", map="-1", shared="2", relu="")),
        ("pages/1_Image_as_numbers.py", dict(scale="7", row="100", col="abc")),
        (HOME, dict(lang="xx", presenter="sometimes", sample="../../etc/passwd", unknown="1")),
    ],
)
def test_malformed_parameters_fall_back_to_defaults(page, query):
    at = open_page(page, **query)
    assert not at.exception and not at.error
    assert at.session_state[IMAGE_KEY].sample_id == "airplane-0"
    assert at.session_state["lang"] == "en" and at.session_state["presenter"] is False


def test_language_and_presenter_come_from_the_url():
    at = open_page("pages/3_Pooling.py", lang="zh", presenter="1")
    assert at.title[0].value == "池化：留下重要的，让它变小"
    assert at.session_state["presenter"] is True
    assert at.button(key="lesson_next").label == "下一步 ▶"


def test_switching_language_on_the_page():
    at = open_page("pages/7_Prediction.py")
    at.segmented_control(key="_w_lang").set_value("zh").run()
    assert at.title[0].value == "网络怎么说？"
    assert params(at)["lang"] == "zh"


def follow(at, page):
    """AppTest shows a page that the script switched to, but runs its configured page next:
    point it at the page the visitor is now on."""
    at.switch_page(page)
    return at


def test_presenter_next_walks_convolution_then_pooling_then_the_data_then_the_layers():
    at = open_page("pages/2_Convolution.py", presenter="1")
    assert not [b for b in at.button if b.key == "conv_step_next"], "one Next for the presenter: the toolbar's"
    at.button(key="lesson_next").click().run()  # the page opened at its top: the first Next shows step 1
    assert at.session_state["conv_step"] == 0
    for expected in range(1, 9):
        at.button(key="lesson_next").click().run()
        assert at.session_state["conv_step"] == expected
    at.button(key="lesson_next").click().run()  # past the last of 9 cells: on to pooling, at its top
    assert at.title[0].value.startswith("Pooling") and at.session_state["pool_step"] == 0
    follow(at, "pages/3_Pooling.py")
    at.button(key="lesson_next").click().run()  # the first Next brings step 1 into view
    assert at.session_state["pool_step"] == 0
    for expected in range(1, 4):
        at.button(key="lesson_next").click().run()
        assert at.session_state["pool_step"] == expected
    at.button(key="lesson_next").click().run()
    assert at.title[0].value == "What the network learned from: CIFAR-10"
    follow(at, "pages/4_Data.py")
    at.button(key="lesson_next").click().run()
    assert at.title[0].value == "Your picture through every layer"
    assert at.session_state["fm_layer"] == "conv1"
    follow(at, "pages/5_Feature_maps.py")
    at.button(key="lesson_next").click().run()
    assert at.session_state["fm_layer"] == "conv1", "first the page's top, then its first step"
    at.button(key="lesson_next").click().run()
    assert at.session_state["fm_layer"] == "pool1"
    at.button(key="lesson_back").click().run()
    at.button(key="lesson_back").click().run()  # before conv1: back to the data page
    follow(at, "pages/4_Data.py")
    at.button(key="lesson_back").click().run()  # and to pooling's last window
    assert at.title[0].value.startswith("Pooling") and at.session_state["pool_step"] == 3


def test_presenter_mode_is_a_toggle_on_every_page():
    at = open_page(HOME)
    assert not [b for b in at.button if b.key == "lesson_next"]
    at.toggle(key="_w_presenter").set_value(True).run()
    assert at.session_state["presenter"] is True and params(at)["presenter"] == "1"
    assert [b for b in at.button if b.key == "lesson_next"]


def test_quiz_asks_before_revealing_a_convolution_cell():
    at = open_page("pages/2_Convolution.py", quiz="1")
    assert "= ?" in at.latex[0].value
    # answer the output size: 3
    size_key = next(n.key for n in at.number_input if n.key and n.key.startswith("quiz_in_"))
    at.number_input(key=size_key).set_value(3)
    at.button(key=size_key.replace("quiz_in_", "quiz_check_")).click().run()
    assert "= 3" in at.latex[0].value and any("Right" in s.value for s in at.success)
    # the first cell is 13: a wrong answer is corrected
    cell_key = next(n.key for n in at.number_input if n.key and n.key.startswith("quiz_in_"))
    at.number_input(key=cell_key).set_value(12)
    at.button(key=cell_key.replace("quiz_in_", "quiz_check_")).click().run()
    assert any("you said 12, it is 13" in e.value for e in at.error)


def test_quiz_on_pooling():
    at = open_page("pages/3_Pooling.py", quiz="1", mode="max")
    key = next(n.key for n in at.number_input if n.key and n.key.startswith("quiz_in_"))
    at.number_input(key=key).set_value(13)
    at.button(key=key.replace("quiz_in_", "quiz_check_")).click().run()
    assert any("Right: it is 13" in s.value for s in at.success)


@pytest.mark.parametrize(
    "page,key,quiz",
    [("pages/2_Convolution.py", "conv_step", "conv_quiz"), ("pages/3_Pooling.py", "pool_step", "pool_quiz")],
)
def test_play_draws_its_timer_without_error_and_quiz_mode_turns_it_off(page, key, quiz):
    """The timer's body also runs when the page draws it (the browser test watches it tick)."""
    at = open_page(page)
    at.toggle(key=f"{key}_play").set_value(True).run()
    assert not at.exception and at.toggle(key=f"{key}_play").value is True
    assert at.session_state[key] == 0, "switching Play on does not jump a step by itself"
    at.toggle(key=quiz).set_value(True).run()
    assert not at.exception
    assert at.toggle(key=f"{key}_play").value is False and at.toggle(key=f"{key}_play").disabled


@pytest.mark.parametrize("key,forged", [("conv_bias", float("nan")), ("conv_bias", float("inf")), ("conv_p", 10**6)])
def test_a_forged_number_never_reaches_the_lesson(key, forged):
    """A websocket client can send any number for a widget (a padding of a million would make a
    2,000,004-pixel-wide picture): Streamlit keeps it within the widget's range, and the page
    works on that, without an error."""
    at = open_page("pages/2_Convolution.py")
    at.number_input(key=key).set_value(forged).run()
    assert not at.exception and not at.error
    setting = {"conv_bias": (-100.0, 100.0), "conv_p": (0, 2)}[key]
    assert setting[0] <= at.session_state[key] <= setting[1]


def test_a_page_opens_another_only_through_that_pages_declared_settings():
    """Feature maps opens Inside a cell with the cell's layer, map, row and column; a key the
    cell page does not declare is refused, not written into the session."""
    from cnn_viz.app import settings

    with pytest.raises(ValueError, match="not settings of the page 'cell'"):
        settings.open_with("cell", fm_layer="conv1")
