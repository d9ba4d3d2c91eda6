"""Every page through Streamlit's AppTest: it runs, it reacts, bad input costs nothing."""

import subprocess
import sys

import numpy as np
import pytest

from cnn_viz import ROOT, images, model, numbers
from cnn_viz.app import frame
from cnn_viz.app.pages import PAGES as REGISTRY
from cnn_viz.app.picture import IMAGE_KEY
from tests import corpus
from tests.apptest import HOSTILE_NAME, PAGES, TITLES, all_text, drawn, open_page, read_number, switch, upload


@pytest.mark.parametrize("page", PAGES)
def test_page_opens_without_exception(page):
    at = open_page(page)
    assert at.title[0].value == TITLES[page]
    assert not at.error
    assert frame.ADMISSION.busy() == 0, "the frame gave admission back"


def test_the_page_set_is_complete():
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")) == sorted(PAGES)
    assert [p.script for p in REGISTRY] == PAGES, "the tests know the pages the app knows"


def test_bad_upload_is_refused_in_one_sentence_and_the_picture_stays():
    at = open_page("pages/1_Image_as_numbers.py")
    before = at.session_state[IMAGE_KEY]
    upload(at, HOSTILE_NAME, b"<html>not a picture</html>")
    assert len(at.sidebar.error) == 1
    assert "not a picture" in at.sidebar.error[0].value
    after = at.session_state[IMAGE_KEY]
    assert after.source == "sample" and np.array_equal(after.rgb, before.rgb)
    assert "onerror" not in all_text(at), "a file name is never shown as markdown"


def test_good_upload_becomes_the_current_image_on_every_page():
    at = open_page("pages/1_Image_as_numbers.py")
    png = corpus.save(corpus.gradient(90, 60), "PNG")
    upload(at, HOSTILE_NAME, png)
    image = at.session_state[IMAGE_KEY]
    assert image.source == "upload" and image.rgb.shape == (60, 90, 3)
    assert not at.sidebar.error
    switch(at, "pages/7_Prediction.py")
    assert at.title[0].value == "What does the network say?"
    assert at.session_state[IMAGE_KEY].source == "upload"


def test_channel_values_switch_between_0_255_and_0_1():
    at = open_page("pages/1_Image_as_numbers.py")
    before = drawn(at)[0:6:2]  # each channel, then its 8 x 8 zoom
    assert [fig.values().shape for fig in before] == [(32, 32)] * 3 and max(f.values().max() for f in before) > 1
    at.main.radio[0].set_value(at.main.radio[0].options[1]).run()
    after = drawn(at)[0:6:2]
    for old, new in zip(before, after):  # the same picture in 0-1: the same colours, each value / 255
        np.testing.assert_allclose(new.values(), old.values() / 255, atol=6e-4)
        assert [c[2] for c in new.cells.values()] == [c[2] for c in old.cells.values()]


def test_convolution_steps_forward_and_back():
    at = open_page("pages/2_Convolution.py")
    assert "= 3" in at.latex[0].value
    at.button(key="conv_step_next").click().run()
    assert at.session_state["conv_step"] == 1
    assert "row 0, column 1" in all_text(at)
    at.button(key="conv_step_next").click().run()
    at.button(key="conv_step_back").click().run()
    assert at.session_state["conv_step"] == 1 and not at.exception


def test_convolution_impossible_settings_are_explained_not_crashed():
    at = open_page("pages/2_Convolution.py")
    at.selectbox(key="conv_preset").set_value("blur").run()
    at.number_input(key="conv_k").set_value(5).run()
    assert not at.exception
    assert at.error and "does not fit" in at.error[0].value
    at.number_input(key="conv_p").set_value(1).run()
    assert not at.error and "= 2" in at.latex[0].value


def test_convolution_reset_returns_to_the_article():
    at = open_page("pages/2_Convolution.py")
    at.number_input(key="conv_s").set_value(2).run()
    assert "= 2" in at.latex[0].value
    next(b for b in at.button if b.label == "Reset to the article").click().run()
    assert "= 3" in at.latex[0].value and at.session_state["conv_s"] == 1


def test_pooling_switches_between_max_and_average():
    at = open_page("pages/3_Pooling.py")
    assert {s.value for s in at.subheader} == {"Max pooling", "Average pooling"}
    at.segmented_control(key="pool_show").set_value("Average").run()
    assert [s.value for s in at.subheader] == ["Average pooling"]
    at.button(key="pool_step_next").click().run()
    assert at.session_state["pool_step"] == 1 and not at.exception


def test_changing_the_image_changes_feature_maps_and_prediction():
    at = open_page("pages/5_Feature_maps.py")
    first = drawn(at)[0].cells
    at.sidebar.selectbox[0].set_value("ship-1").run()
    assert not at.exception
    assert drawn(at)[0].cells != first, "other maps: other ranges in their tooltips"
    switch(at, "pages/7_Prediction.py")
    [bars] = [f for f in drawn(at) if f.kind == "probabilities"]
    assert sum(read_number(p) for p in bars.bars.values()) == pytest.approx(100, abs=0.6), "probabilities add up to 1"
    assert at.session_state[IMAGE_KEY].sample_id == "ship-1"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dense_step_shows_the_articles_dog_or_not_dog_first(lang):
    """Where the lesson reaches the dense layer: the pooled 2 x 2 from the Pooling page, its
    four numbers, both neurons' sums written out, softmax, and the parameter count beside the
    real layer's; then the real layer's 64 numbers. No other layer shows the toy."""
    at = open_page("pages/5_Feature_maps.py", lang=lang, layer="dense")
    text = all_text(at)
    dog, not_dog = ("dog", "not dog") if lang == "en" else ("狗", "不是狗")
    assert f"**{dog}**" in text and "13×0.1 + 18×(−0.1) + 17×0.1 + 12×0.1" in text and "= **2.4**" in text
    assert f"**{not_dog}**" in text and "13×0 + 18×0.1 + 17×(−0.1) + 12×0" in text and "= **0.6**" in text
    assert "85.8 %" in text and "e^{2.4}" in text, "softmax of 2.4 and 0.6: 1 / (1 + e^-1.8) = 0.858"
    assert "65,600" in text and "13, 18 / 17, 12" in text
    [svg] = [m.value for m in at.markdown if "<svg" in m.value]
    assert svg.count("<line") == 4 + 4 * 2, "four flatten links, then every input to both neurons"
    assert f">{not_dog}</text>" in svg
    [real] = [f for f in drawn(at) if f.kind == "vector"]
    assert real.title.startswith(("dense: 64", "dense：64")), "then the real layer"
    dense = model.load().forward(at.session_state[IMAGE_KEY].x)["dense"]
    assert [real.bars[str(i)] for i in range(64)] == [f"{i}: {numbers.exact(v)}" for i, v in enumerate(dense)]
    at = open_page("pages/5_Feature_maps.py", lang=lang, layer="flatten")
    assert "13×0.1" not in all_text(at)


def test_prediction_warns_when_unsure():
    at = open_page("pages/7_Prediction.py")
    flat = np.full((64, 64, 3), 128, np.uint8)  # a grey square is nothing the model knows
    upload(at, "grey.png", images.encode_png(flat))
    [bars] = [f for f in drawn(at) if f.kind == "probabilities"]
    probs = [read_number(p) for p in bars.bars.values()]
    if max(probs) < 50:
        assert any("unsure" in w.value for w in at.warning)
    else:
        assert not any("unsure" in w.value for w in at.warning)


TF_FREE = """
import sys
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
for page in {pages!r}:
    at = AppTest.from_file({root!r} + "/app.py", default_timeout=60)
    at.switch_page(page).run()
    assert not at.exception, (page, [e.value for e in at.exception])
print("tensorflow" in sys.modules, "keras" in sys.modules)
"""


@pytest.mark.slow
def test_no_page_loads_tensorflow():
    script = TF_FREE.format(root=str(ROOT), pages=PAGES)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["False", "False"]


# ---------------------------------------------------------------- shipped files that cannot be read


@pytest.fixture
def without(monkeypatch, tmp_path):
    """without(module): that module's shipped file is missing, for this test only."""
    touched = []

    def take_away(module):
        module.load.cache_clear()
        monkeypatch.setattr(module, "PATH", tmp_path / "missing.npz")
        touched.append(module)

    yield take_away
    monkeypatch.undo()
    for module in touched:
        module.load.cache_clear()


@pytest.mark.parametrize("page", ["pages/5_Feature_maps.py", "pages/6_Inside_a_cell.py"])
def test_without_the_exemplars_the_page_says_so_and_shows_the_rest(page, without):
    from cnn_viz import exemplars

    without(exemplars)
    at = open_page(page, layer="conv1", map=2)
    assert not at.exception, at.exception[0].message
    assert "This part needs the file missing.npz" in all_text(at) and at.title


def test_without_the_lookalikes_why_this_class_says_so_and_explains_the_rest(without):
    from cnn_viz import lookalikes

    without(lookalikes)
    at = open_page("pages/8_Why_this_class.py", sample="cat-1")
    assert not at.exception, at.exception[0].message
    text = all_text(at)
    assert "This part needs the file missing.npz" in text and "Grad-CAM" in text


def test_weights_that_are_not_finite_numbers_are_refused_at_load(tmp_path):
    from cnn_viz import model

    with np.load(model.WEIGHTS_PATH, allow_pickle=False) as data:
        weights = {key: data[key] for key in data.files}
    first = next(key for key in weights if key.endswith("/kernel"))
    weights[first] = weights[first].copy()
    weights[first].flat[7] = np.nan
    np.savez(tmp_path / "nan.npz", **weights)
    with pytest.raises(model.ModelUnavailable, match="not finite numbers"):
        model.load(tmp_path / "nan.npz")


def test_a_big_upload_is_named_by_its_own_size_and_the_size_kept():
    """A 1200 x 900 photo was captioned "Your picture: 512 x 384 pixels", the size it was
    shrunk to, which puzzled its owner."""
    at = upload(open_page("pages/1_Image_as_numbers.py"), "big.png", corpus.save(corpus.gradient(1200, 900), "PNG"))
    assert "Your picture: 1,200 x 900 pixels, kept here at 512 x 384" in all_text(at)
    small = upload(open_page("pages/1_Image_as_numbers.py"), "small.png", corpus.save(corpus.gradient(90, 60), "PNG"))
    assert "Your picture: 90 x 60 pixels" in all_text(small) and "kept here" not in all_text(small)
