"""The page "Your own model": a visitor's .keras file, opened in the app (AppTest)."""

import sys
from pathlib import Path

import numpy as np
import pytest

from tests.apptest import PAGE, all_text, drawn, new_app, open_page, read_number, switch
from tests.test_keras_file import with_class_names


@pytest.fixture(scope="module")
def own_file(tmp_path_factory):
    """A small model of one's own: grey 20 x 20 pictures, a batch normalization to fold, three
    named classes (in the file's metadata), saved by Keras."""
    import keras

    keras.utils.set_random_seed(0)
    L = keras.layers
    net = keras.Sequential(
        [
            keras.Input((20, 20, 1)),
            L.Conv2D(6, 3, name="edges"),
            L.BatchNormalization(name="norm"),
            L.ReLU(name="re_lu"),  # named: Keras numbers unnamed layers per process
            L.MaxPooling2D(name="shrink"),
            L.Flatten(),
            L.Dense(3, activation="softmax", name="scores"),
        ]
    )
    path = tmp_path_factory.mktemp("own") / "shapes.keras"
    net.save(path)
    return with_class_names(path.read_bytes(), ["circle", "square", "star"]), net


def open_own(at, name, data):
    at.file_uploader(key="own_file").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_model_of_ones_own_shows_its_layers_answer_and_maps(own_file):
    data, net = own_file
    at = open_page(PAGE["own"], sample="cat-1")
    assert "No model of your own yet" in all_text(at)
    open_own(at, "shapes.keras", data)
    text = all_text(at)
    assert "your model: shapes" in text
    table = next(m.value for m in at.markdown if "| edges |" in m.value)
    assert "| edges | convolution (with norm folded in) | 18 x 18 x 6 | 60 |" in table
    assert "| shrink | max pooling | 9 x 9 x 6 | 0 |" in table and "| scores | dense | 3 | 1,461 |" in table
    assert "20 x 20 pictures in grey" in text and "divided by 255" in text
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == ["circle", "square", "star"]
    assert sum(read_number(p) for p in bars.values()) == pytest.approx(100, abs=0.2)
    # The page's numbers are Keras's: the fitted picture through the model, in Keras.
    from cnn_viz import gallery, images

    rgb = images.decode((gallery.GALLERY_DIR / "cat-1.png").read_bytes())
    x = images.fit_input(rgb, 20, 20, 1).astype(np.float32)[None] / 255
    assert sorted(bars.values()) == sorted(f"{p:.1%}" for p in np.asarray(net(x))[0]), "Keras's, as written"
    at.segmented_control(key="own_layer").set_value("shrink").run()
    [grid] = [f for f in drawn(at) if f.kind == "tiles"]
    assert sorted(grid.cells) == [(i, 0) for i in range(6)], "six maps of the pooling layer"
    assert "now show your model" in at.caption[-1].value
    assert "kept in this browser tab until you reload or close it" in text, "a reload starts a new session"


def keras_outputs(net, x):
    """Every layer's output of a Keras model on x, by layer name."""
    import keras

    probe = keras.Model(net.inputs, [layer.output for layer in net.layers])
    return {layer.name: np.asarray(out) for layer, out in zip(net.layers, probe(x))}


def test_every_model_page_works_on_ones_own_model_with_keras_numbers(own_file):
    """Feature maps, Inside a cell, Prediction and Why this class? on the visitor's network:
    its badge on each, its numbers Keras's, and the way back to the article's network."""
    from cnn_viz import gallery, images

    data, net = own_file
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "shapes.keras", data)
    rgb = images.decode((gallery.GALLERY_DIR / "cat-1.png").read_bytes())
    x = images.fit_input(rgb, 20, 20, 1).astype(np.float32)[None] / 255
    theirs = keras_outputs(net, x)

    switch(at, PAGE["maps"])
    assert "your model: shapes" in all_text(at) and "| edges | convolution (with norm folded in)" in all_text(at)
    at.pills(key="fm_layer").set_value("edges").run()
    one = next(f for f in drawn(at) if "edges, map 0" in f.title)
    keras = np.vectorize(lambda v: f"{v:.4g}")(theirs["re_lu"][0, :, :, 0])
    assert (one.written() == keras).mean() > 0.99, "BN and ReLU folded in: Keras's values, as each tooltip says"

    switch(at, PAGE["cell"])
    text = all_text(at)
    assert "your model: shapes" in text and "3 x 3 window on each of the 1 channels" in text
    m, r, c = (at.session_state[k] for k in ("cell_map", "cell_row", "cell_col"))
    value = theirs["re_lu"][0, r, c, m]
    assert value == theirs["re_lu"][0, :, :, m].max() > 0, "it opens the brightest cell"
    assert f"edges, map {m}, row {r}, column {c}** = **" in text
    at.pills(key="cell_layer").set_value("shrink").run()
    assert "keeps the largest value of its 2 x 2 window on edges map" in all_text(at)
    scores = next(m.value for m in at.markdown if "(biases) =" in m.value)
    assert "Flatten lays shrink's maps out as 486 numbers" in all_text(at)

    switch(at, PAGE["predict"])
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == ["circle", "square", "star"]
    assert sorted(bars.values()) == sorted(f"{p:.1%}" for p in theirs["scores"][0]), "Keras's, as written"
    assert "cannot say how often it is right" in all_text(at) and "j=1}^{3}" in all_text(at)

    switch(at, PAGE["why"])
    text = all_text(at)
    assert "your model: shapes" in text and "not available for your model" in text
    assert at.segmented_control(key="why_method").options == [
        "Grad-CAM, edges",
        "Occlusion",
        "Input gradient",
        "Integrated Gradients",
        "SmoothGrad",
    ]
    assert "Each method ranks the 400 pixels" in text and scores

    next(b for b in at.button if b.label == "Back to the article's network").click().run()
    assert "your model" not in all_text(at) and "What a gradient tells" in all_text(at)
    switch(at, PAGE["maps"])
    assert at.pills(key="fm_layer").value == "conv1"


def test_a_file_it_cannot_open_is_one_sentence_and_the_model_before_stays(own_file):
    data, _ = own_file
    at = open_own(open_page(PAGE["own"]), "shapes.keras", data)
    open_own(at, "notes.keras", b"these are my notes")
    assert [e.value for e in at.error] == [
        "This is not a Keras 3 model file (.keras, saved with model.save), or it is damaged."
    ]
    assert "your model: shapes" in all_text(at), "the model before stays"
    at.text_input(key="own_names").set_value("round, boxy").run()
    assert at.warning[0].value == "The model has 3 classes: give 3 names, separated by commas."
    at.text_input(key="own_names").set_value("round, boxy, <b>pointy</b>").run()
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == ["boxy", "bpointyb", "round"], "names typed, as plain text"
    back = next(b for b in at.button if b.label == "Back to the article's network")
    back.click().run()
    assert "No model of your own yet" in all_text(at)


def test_in_chinese(own_file):
    """(The upload is the English test's: AppTest re-sends the sidebar's choice in the language
    it was drawn in. Here the model the upload leaves in the session, and the refusal.)"""
    from cnn_viz import keras_file
    from cnn_viz.keras_file import ModelFileError

    data, _ = own_file
    at = new_app()  # the session holds the model from its first run (AppTest reruns a Chinese sidebar badly)
    at.switch_page(PAGE["own"])
    at.query_params["lang"] = "zh"
    at.session_state["_own_model"] = keras_file.read(data, "shapes")
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "你的模型：shapes" in text and "（已并入 norm）" in text and "灰度" in text
    assert ModelFileError("own.not_keras").message("zh").startswith("这不是 Keras 3 模型文件")


def test_a_library_missing_on_the_server_is_one_sentence_and_the_page_goes_on(monkeypatch):
    """A server installed without h5py (issue 34: only the dev requirements brought it) or any
    other failure of ours while reading: one sentence, the page and its menu as they were, and
    the same file opens once the server can read it."""
    from tools.plain_install import TINY

    monkeypatch.setitem(sys.modules, "h5py", None)  # `import h5py` raises ModuleNotFoundError
    at = open_own(open_page(PAGE["own"]), "tiny.keras", TINY.read_bytes())
    assert [e.value for e in at.error] == [
        "Something went wrong on the server while reading this model, so it was not opened: try again later, or "
        "tell whoever runs this site."
    ]
    assert "No model of your own yet" in all_text(at) and at.title[0].value == "Your own model, opened layer by layer"
    assert at.sidebar.radio[0].options == ["Sample gallery", "Upload", "Draw", "Camera"], "the sidebar still there"
    monkeypatch.delitem(sys.modules, "h5py")
    open_own(at, "tiny.keras", TINY.read_bytes())
    assert not at.error and "your model: tiny" in all_text(at)


def test_a_failure_while_reading_is_said_in_chinese(monkeypatch):
    """(The language is switched in the session, not the link: AppTest re-sends a sidebar drawn
    in Chinese badly, as test_in_chinese says.)"""
    from cnn_viz import keras_file
    from tools.plain_install import TINY

    def broken(data, name):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(keras_file, "read", broken)
    at = open_page(PAGE["own"])
    at.session_state["lang"] = "zh"
    open_own(at, "tiny.keras", TINY.read_bytes())
    assert [e.value for e in at.error] == [
        "服务器读取这个模型时出了问题，所以没有打开它：请稍后再试，或者告诉这个网站的管理者。"
    ]
    assert "还没有打开你自己的模型" in all_text(at)


def t_in(lang, key):
    from cnn_viz import i18n

    return i18n.TABLES[lang][key]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_uploader_takes_the_20_mb_the_page_says(lang):
    """Streamlit's uploader here (AppTest serves no /_upload): its limit is the page's, not the
    server's 40 MB. The app's own uploader says it, and refuses more, in the browser
    (tests/test_browser.py in English, tests/test_accessibility.py in Chinese)."""
    at = open_page(PAGE["own"], lang=lang)
    assert at.file_uploader(key="own_file").proto.max_upload_size_mb == 20, "not the server's 40"
    assert ("up to 20 MB" if lang == "en" else "文件最多 20 MB") in all_text(at)


def test_malformed_models_are_one_sentence_on_the_page_and_it_goes_on():
    """Issue 35's corpus on the page: each file its one sentence and no model taken; then a
    model whose layers are named like forward()'s own outputs opens, renamed, with its answer."""
    from cnn_viz import keras_file
    from tests.malformed_models import CORPUS, keras_bytes, tiny

    at = open_page(PAGE["own"])
    chosen = ("strides [0, 0]", "layers a dict", "a bias of the wrong length", "rescaling scale NaN", "8 M empty lists")
    for what in chosen:
        data = CORPUS[what][1]()
        with pytest.raises(keras_file.ModelFileError) as refused:
            keras_file.read(data)
        open_own(at, "bad.keras", data)
        assert [e.value for e in at.error] == [str(refused.value)], what
        assert "No model of your own yet" in all_text(at), what
    config, arrays, metadata = tiny()
    for entry, name in zip(config["config"]["layers"][1:], ("probabilities", "input", "flat", "logits")):
        entry["config"]["name"] = name
    open_own(at, "named.keras", keras_bytes(config, arrays, metadata))
    assert not at.error and "your model: named" in all_text(at)
    table = next(m.value for m in at.markdown if "| probabilities_1 |" in m.value)
    assert "| input_1 | max pooling | 3 x 3 x 2 | 0 |" in table and "| logits_1 | dense | 2 | 38 |" in table
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == ["dark", "light"]
    assert sum(read_number(p) for p in bars.values()) == pytest.approx(100, abs=0.2)
    at.segmented_control(key="own_layer").set_value("probabilities_1").run()
    assert not at.exception and [f.kind for f in drawn(at)].count("tiles") == 1


def test_back_to_the_articles_network_finds_its_pages_as_the_visitor_left_them(own_file):
    """A visitor's network uses the same settings, clamped to its own layers; going back, the
    shipped pages open where they were (layer, map, class), not at their defaults."""
    data, _ = own_file
    at = open_page(PAGE["maps"], sample="cat-1", layer="pool2", map=5)
    switch(at, PAGE["why"])
    at.selectbox(key="why_class").set_value("dog").run()
    switch(at, PAGE["own"])
    open_own(at, "shapes.keras", data)
    switch(at, PAGE["maps"])
    assert at.session_state["fm_layer"] == "edges", "its own first layer"
    next(b for b in at.button if b.label == "Back to the article's network").click().run()
    assert at.session_state["fm_layer"] == "pool2" and at.session_state["fm_map"] == 5
    switch(at, PAGE["why"])
    assert at.session_state["why_class"] == "dog"


def test_the_model_report_says_its_numbers_are_the_articles_network(own_file):
    data, _ = own_file
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "shapes.keras", data)
    switch(at, PAGE["report"])
    assert "its numbers are not those of your model, shapes" in all_text(at)
    switch(at, PAGE["maps"])
    next(b for b in at.button if b.label == "Back to the article's network").click().run()
    switch(at, PAGE["report"])
    assert "not those of your model" not in all_text(at)


def test_a_pytorch_model_exported_to_onnx_walks_every_model_page_with_onnxruntimes_numbers():
    """The dynamo exporter's CIFAR-shaped file (tests/files/onnx/make.py) uploaded like a .keras
    one: what was read is said, and Feature maps, Inside a cell, Prediction and Why this class?
    show it, its probabilities onnxruntime's."""
    import onnxruntime

    from cnn_viz import gallery, images

    path = Path(__file__).parent / "files" / "onnx" / "cifar_dynamo.onnx"
    at = open_own(open_page(PAGE["own"], sample="cat-1"), path.name, path.read_bytes())
    text = all_text(at)
    assert "your model: cifar_dynamo" in text and "Read from a file written by pytorch 2." in text
    table = next(m.value for m in at.markdown if "| conv1 |" in m.value)
    assert (
        "| pool1_pad | zero padding (its zeros count in pool1's means: count_include_pad) | 34 x 34 x 16 | 0 |" in table
        and "| fc1 | dense | 40 | 15,400 |" in table
    )
    rgb = images.decode((gallery.GALLERY_DIR / "cat-1.png").read_bytes())
    x = images.fit_input(rgb, 32, 32, 3).astype(np.float32)[None] / 255
    [logits] = onnxruntime.InferenceSession(path.read_bytes()).run(None, {"input": x.transpose(0, 3, 1, 2)})
    theirs = np.exp(logits[0] - logits[0].max())
    theirs /= theirs.sum()
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == sorted(
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
    )
    assert sorted(bars.values()) == sorted(f"{p:.1%}" for p in theirs), "onnxruntime's, as written"

    switch(at, PAGE["maps"])
    assert "your model: cifar_dynamo" in all_text(at)
    at.pills(key="fm_layer").set_value("conv2").run()
    assert any("conv2, map 0" in f.title for f in drawn(at))
    switch(at, PAGE["cell"])
    text = all_text(at)
    assert "your model: cifar_dynamo" in text
    assert "3 x 3 window on each of the 4 channels of conv1" in text, "conv2 is grouped: 4 of conv1's 16 channels"
    switch(at, PAGE["predict"])
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars.values()) == sorted(f"{p:.1%}" for p in theirs)
    switch(at, PAGE["why"])
    assert "your model: cifar_dynamo" in all_text(at) and not at.exception
    assert at.segmented_control(key="why_method").options[0] == "Grad-CAM, conv3"
