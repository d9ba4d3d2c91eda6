"""The model pages on a visitor's model made of the layers Keras tutorials use beyond the
article's: augmentation layers, zero padding, dilated, grouped, depthwise and separable
convolutions, leaky ReLU, global pooling, written as a Functional chain (AppTest)."""

import numpy as np
import pytest

from tests.apptest import PAGE, all_text, drawn, open_page, switch
from tests.test_own_model import open_own


@pytest.fixture(scope="module")
def layered_file(tmp_path_factory):
    """(the .keras bytes, the Keras model): 24 x 24 colour pictures, three classes."""
    import keras

    from tests import keras_tutorials

    keras.utils.set_random_seed(1)
    L = keras.layers
    inputs = keras.Input((24, 24, 3), name="picture")
    x = L.RandomFlip("horizontal", name="flip")(inputs)
    x = L.Rescaling(1 / 255, name="scaled")(x)
    x = L.ZeroPadding2D(1, name="padded")(x)
    x = L.Conv2D(6, 3, dilation_rate=2, activation="relu", name="dilated")(x)
    x = L.Conv2D(6, 3, groups=3, padding="same", activation="leaky_relu", name="grouped")(x)
    x = L.DepthwiseConv2D(3, padding="same", use_bias=False, name="depthwise")(x)
    x = L.ReLU(name="re_lu")(L.BatchNormalization(name="norm")(x))
    x = L.SeparableConv2D(8, 3, padding="same", activation="relu", name="separable")(x)
    x = L.MaxPooling2D(name="pool")(x)
    x = L.GlobalAveragePooling2D(name="gap")(x)
    net = keras_tutorials.with_statistics(keras.Model(inputs, L.Dense(3, activation="softmax", name="scores")(x)))
    path = tmp_path_factory.mktemp("own") / "layers.keras"
    net.save(path)
    return path.read_bytes(), net


def keras_outputs(net, x):
    """Every layer's output of a Keras chain on x (0-255) when it predicts, by layer name."""
    import keras

    outs = {}
    for layer in net.layers:
        if not isinstance(layer, keras.layers.InputLayer):
            x = outs[layer.name] = layer(x, training=False)
    return {name: np.asarray(out) for name, out in outs.items()}


def test_every_model_page_walks_a_model_of_the_tutorials_layers(layered_file):
    """Its layer table says what each new layer is; Feature maps, Inside a cell (a dilated cell
    and a grouped one, each with its real window) and Why this class? (every method) show it
    with Keras's numbers and no exception."""
    from cnn_viz import faithfulness, gallery, images

    data, net = layered_file
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "layers.keras", data)
    table = next(m.value for m in at.markdown if "| flip |" in m.value)
    assert "| flip | augmentation: does nothing when the model predicts | 24 x 24 x 3 | 0 |" in table
    assert (
        "| padded | zero padding | 26 x 26 x 3 | 0 |" in table and "| gap | global average pooling | 8 | 0 |" in table
    )
    rgb = images.decode((gallery.GALLERY_DIR / "cat-1.png").read_bytes())
    theirs = keras_outputs(net, images.fit_input(rgb, 24, 24, 3).astype(np.float32)[None])  # it rescales 0-255 itself
    shown = lambda values: np.vectorize(lambda v: f"{v:.4g}")(values)

    switch(at, PAGE["maps"])
    at.pills(key="fm_layer").set_value("grouped").run()
    one = next(f for f in drawn(at) if "grouped, map 0" in f.title)
    assert (one.written() == shown(theirs["grouped"][0, :, :, 0])).mean() > 0.99, "Keras's values, as each tooltip says"

    switch(at, PAGE["cell"])
    at.pills(key="cell_layer").set_value("dilated").run()
    m, r, c = (at.session_state[k] for k in ("cell_map", "cell_row", "cell_col"))
    text = all_text(at)
    assert f"**dilated, map {m}, row {r}, column {c}** = **{theirs['dilated'][0, r, c, m]:.3f}**" in text
    assert f"**padded**: rows {r}-{r + 4}, columns {c}-{c + 4} (5 x 5)" in text, "3 x 3 taps 2 apart span 5 x 5"
    assert "The filter's weights are 2 cells apart" in text
    at.pills(key="cell_layer").set_value("grouped").run()
    m, r, c = (at.session_state[k] for k in ("cell_map", "cell_row", "cell_col"))
    text = all_text(at)
    assert f"**grouped, map {m}, row {r}, column {c}** = **{theirs['grouped'][0, r, c, m]:.3f}**" in text
    assert "a 3 x 3 window on each of the 2 channels of dilated" in text, "its group's 2 of dilated's 6 maps"
    assert "This filter reads 2 of the 6 maps below" in text
    assert f"Channel 1 of 2 shown: dilated map {m // 2 * 2}**" in text, "filter m reads its group's maps"
    edge = theirs["grouped"].shape[1] - 1
    assert ("outside the map below" in text) == bool({r, c} & {0, edge}), "same padding's zeros, said where they are"
    at.number_input(key="cell_row").set_value(0).run()
    assert "Part of this window lies outside the map below" in all_text(at), "a corner cell reads padding"

    text = all_text(at)
    assert "gap turns each of pool's maps into one number, 8 in all" in text, "a global pool, not a Flatten"
    assert "Flatten lays pool's maps" not in text

    switch(at, PAGE["why"])
    text = all_text(at)
    assert "gives your model's 3 scores" in text and "none of its 3 classes" in text
    assert "ten" not in text.split("Grad-CAM")[0], "nothing about the shipped ten classes"
    methods = at.segmented_control(key="why_method").options
    assert methods == ["Grad-CAM, separable", "Grad-CAM, separable_depthwise", "Occlusion", "Input gradient",
                       "Integrated Gradients", "SmoothGrad"]  # fmt: skip
    for method in faithfulness.METHODS:  # the options' values
        at.segmented_control(key="why_method").set_value(method).run()
        assert not at.exception, (method, [e.value for e in at.exception])
    # The randomisation check on its own layers, top down: the dense layer first, every weighted layer by the end.
    slider = at.select_slider(key="why_random")
    assert slider.options[:3] == ["none", "scores", "+ separable"] and slider.options[-1].endswith("(all)")
    slider.set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]
    row = next(m.value for m in at.markdown if 'alt="Grad-CAM, separable: ' in m.value and " · " in m.value)
    assert row.count("<img") == 6, "each method's map from the network with its top layer noise"


def test_a_model_of_dense_layers_only_has_no_cells_and_no_grad_cam(tmp_path):
    """No convolution: Inside a cell says there is no cell to open, Why this class? offers the
    methods that need none (Grad-CAM needs a convolution's maps), and every page runs."""
    import keras

    L = keras.layers
    keras.utils.set_random_seed(0)
    net = keras.Sequential([keras.Input((12, 12, 3)), L.Flatten(), L.Dense(8, activation="relu"), L.Dense(3)])
    net.save(tmp_path / "flat.keras")
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "flat.keras", (tmp_path / "flat.keras").read_bytes())
    switch(at, PAGE["cell"])
    assert "has no convolution or pooling layer" in all_text(at)
    switch(at, PAGE["why"])
    assert not at.exception, [e.value for e in at.exception]
    assert at.segmented_control(key="why_method").options == [
        "Occlusion",
        "Input gradient",
        "Integrated Gradients",
        "SmoothGrad",
    ]
    switch(at, PAGE["maps"])
    assert "What the first layer looks for" not in all_text(at)
