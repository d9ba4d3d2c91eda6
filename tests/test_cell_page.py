"""The Inside a cell page, the Feature maps page's way into it, and the Convolution lesson's
filter on the visitor's picture, through AppTest: what the learner reads is the forward pass."""

import html

import numpy as np

from cnn_viz import article, exemplars, explain, gallery, images, model, numbers, ops
from cnn_viz.data import CLASSES
from tests.apptest import all_text, drawn, open_page

CELL = "pages/6_Inside_a_cell.py"
NET = model.load()


def model_input(sample_id):
    return images.to_model_input(gallery.by_id(sample_id).rgb())


def walk_to_the_end(at):
    while not at.button(key="cell_step_next").disabled:
        at.button(key="cell_step_next").click().run()
        assert not at.exception
    return at


def test_a_conv_cell_is_explained_with_the_forward_pass_numbers():
    at = open_page(CELL, layer="conv2", map=27, row=5, col=2, sample="airplane-0")
    x = model_input("airplane-0")
    outputs = NET.forward(x)
    value = numbers.exact(float(outputs["conv2"][5, 2, 27]))
    text = all_text(at)
    assert f"**conv2, map 27, row 5, column 2** = **{value}**" in text
    assert "rows 10-17 and columns 4-11 of the picture: a square of 8 x 8 pixels" in text
    assert "**pool1**: rows 5-7, columns 2-4 (3 x 3)" in text
    _, top, left, bottom, right = explain.window_chain(NET, "conv2", 5, 2)[-1]  # what the outline draws
    said = f"the cell's receptive field: rows {top} to {bottom}, columns {left} to {right}"
    assert any(html.escape(said) in m.value for m in at.markdown), "the picture's alt says the field in words"
    assert "Of the 32 channels, the 6 that move the total most" in text
    cell = explain.cell_contributions(NET, x, "conv2", 27, 5, 2)
    first = cell.strongest()[0]
    assert f"pool1 map {first}:" in text and numbers.exact(cell.channel_sums[first]) in text
    text = all_text(walk_to_the_end(at))
    total = numbers.exact(cell.total)
    assert f"= **{total}**" in text and f"ReLU: max(0, {total}) = **{value}**, the value on the map." in text
    assert "(the other 26 channels)" in text
    assert at.session_state["cell_step"] == 6 and at.query_params["step"] == "6"


def test_conv1_shows_its_three_colour_channels_in_order():
    at = open_page(CELL, layer="conv1", map=9, row=12, col=20, sample="cat-2")
    assert "**Channel 1 of 3 shown: red**" in all_text(at)
    at.button(key="cell_step_next").click().run()
    assert "**Channel 2 of 3 shown: green**" in all_text(at)
    text = all_text(walk_to_the_end(at))
    cell = explain.cell_contributions(NET, model_input("cat-2"), "conv1", 9, 12, 20)
    assert f"Total** = {numbers.factor(cell.channel_sums[0])} (red)" in text


def test_a_first_visit_without_a_cell_opens_the_brightest_one():
    at = open_page(CELL, sample="dog-1")
    conv2 = NET.forward(model_input("dog-1"))["conv2"]
    r, c, m = np.unravel_index(np.argmax(conv2), conv2.shape)
    assert (at.query_params["layer"], at.query_params["map"]) == ("conv2", str(m))
    assert (at.query_params["row"], at.query_params["col"]) == (str(r), str(c))
    at.pills(key="cell_layer").set_value("conv3").run()  # a new layer: its brightest cell, same map
    conv3 = NET.forward(model_input("dog-1"))["conv3"][:, :, m]
    r3, c3 = np.unravel_index(np.argmax(conv3), conv3.shape)
    assert (at.session_state["cell_map"], at.session_state["cell_row"], at.session_state["cell_col"]) == (m, r3, c3)


def test_a_pool_cell_shows_its_window_and_the_winner():
    at = open_page(CELL, layer="pool2", map=3, row=2, col=4, sample="ship-0")
    cell = explain.pool_window(NET, model_input("ship-0"), "pool2", 3, 2, 4)
    text = all_text(at)
    values = ", ".join(numbers.exact(v) for v in cell.window.ravel())
    assert f"max({values}) = **{numbers.exact(cell.value)}**" in text
    assert "conv2 map 3 (rows 4-5, columns 8-9" in text
    assert "A pooling map only keeps the largest values of its convolution's map" in text


def test_a_link_to_a_cell_outside_the_map_lands_on_the_map():
    at = open_page(CELL, layer="conv3", map=60, row=29, col=29)
    assert (at.session_state["cell_row"], at.session_state["cell_col"]) == (3, 3)
    assert at.query_params["row"] == "3"


def test_the_class_score_is_taken_apart_for_any_class():
    at = open_page(CELL, layer="conv3", map=0, row=0, col=0, sample="cat-0")
    at.selectbox(key="cell_class").set_value("dog").run()
    logit = NET.forward(model_input("cat-0"))["logits"][CLASSES.index("dog")]
    text = all_text(at)
    assert f"= **{numbers.exact(float(logit))}**, the dog score (logit)" in text
    assert at.query_params["class"] == "dog"
    [by_position] = [f for f in drawn(at) if "conv3 position adds to dog" in f.title]
    dense = explain.dense_contributions(NET, model_input("cat-0"), CLASSES.index("dog"))
    assert (by_position.written() == np.vectorize(numbers.exact)(dense.by_position)).all()


def test_the_presenter_walks_into_the_cell_and_on():
    at = open_page(CELL, layer="conv1", map=0, row=0, col=0, presenter=1)
    at.button(key="lesson_next").click().run()  # the page opened at its top: its first step, in view
    assert at.session_state["cell_step"] == 0
    for step in (1, 2, 3):
        at.button(key="lesson_next").click().run()
        assert at.session_state["cell_step"] == step
    at.button(key="lesson_next").click().run()
    assert "What does the network say?" in all_text(at)


def test_the_chinese_page_names_the_same_numbers():
    at = open_page(CELL, layer="conv2", map=27, row=5, col=2, sample="airplane-0", lang="zh")
    value = numbers.exact(float(NET.forward(model_input("airplane-0"))["conv2"][5, 2, 27]))
    text = all_text(at)
    assert f"**conv2，第 27 张图，第 5 行第 2 列** = **{value}**" in text
    assert "一个 8 x 8 的方块" in text


def test_feature_maps_shows_what_the_map_responds_to():
    at = open_page("pages/5_Feature_maps.py", layer="pool1", map=4)
    text = all_text(at)
    assert "**What conv1 map 4 responds to:**" in text
    top = exemplars.for_map("conv1", 4)[0][1]
    assert numbers.exact(top) in text
    assert "Click a cell to open it" in text


def test_the_lessons_filter_runs_over_the_visitors_picture():
    at = open_page("pages/2_Convolution.py", preset="vertical-edge", k=3, sample="horse-1")
    assert "4 · The same filter on your picture" in all_text(at)
    assert "Vertical edge: left of centre counts +1" in all_text(at)
    [yours] = [f for f in drawn(at) if "your picture through the filter, 30 x 30" in f.title]
    rgb = (model_input("horse-1") * 255).round()
    expected = ops.conv2d(rgb, article.kernel_preset("vertical-edge", 3), 0.0)
    assert (yours.written() == np.vectorize(lambda v: f"{v:.4g}")(expected)).all(), "each cell's tooltip"
    at.number_input(key="conv_s").set_value(2).run()
    assert any("15 x 15" in f.title for f in drawn(at)), "the map follows the stride"
