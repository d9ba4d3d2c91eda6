"""What a unit wants to see (cnn_viz.visualise): the objective's gradient is TensorFlow's, the
climb beats every shipped sample, and a seed gives the same picture."""

import numpy as np
import pytest

from cnn_viz import gallery, keras_file, model, numbers, visualise
from tests.test_keras_file import build, saved


def keras_objective(keras_net, x, layer, unit):
    """The same objective in TensorFlow: the layer's output before its activation (its input
    through its kernel and bias), a map's mean over its cells, and its gradient by GradientTape."""
    import keras
    import tensorflow as tf

    target = keras_net.get_layer(layer)
    below = keras.Model(keras_net.inputs, target.input)
    x = tf.constant(x, dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = below(x)
        kernel, bias = target.kernel, target.bias
        if len(kernel.shape) == 4:
            z = tf.nn.convolution(z, kernel, strides=target.strides, padding=target.padding.upper()) + bias
            value = tf.reduce_mean(z[..., unit], axis=(1, 2))
        else:
            value = (tf.matmul(z, kernel) + bias)[:, unit]
    return value.numpy(), tape.gradient(value, x).numpy()


def samples():
    return np.stack([s.rgb().astype(np.float32) / 255 for s in gallery.samples()])


@pytest.mark.parametrize("layer, unit", [("conv1", 3), ("conv2", 5), ("conv3", 60), ("dense", 4), ("logits", 3)])
def test_the_objective_and_its_gradient_are_tensorflows_on_the_shipped_network(net, keras_model, layer, unit):
    x = samples()[:4]
    ours, grad = visualise.objective(net, x, layer, unit)
    theirs, their_grad = keras_objective(keras_model, x, layer, unit)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
    scale = np.abs(their_grad).max()
    np.testing.assert_allclose(grad / scale, their_grad / scale, atol=1e-4)


def test_the_gradient_is_tensorflows_on_a_visitors_network(tmp_path):
    """Strides, "same" padding, average pooling and a global pool, read from a .keras file."""
    import keras

    L = keras.layers
    keras_net = build(
        [
            L.Conv2D(6, 3, strides=2, padding="same", activation="relu", name="first"),
            L.AveragePooling2D(2, name="pool"),
            L.Conv2D(5, 2, name="second"),
            L.GlobalAveragePooling2D(),
            L.Dense(3, name="scores"),
        ],
        shape=(16, 16, 3),
    )
    net = keras_file.read(saved(keras_net, tmp_path))
    x = np.random.default_rng(1).random((3, 16, 16, 3), dtype=np.float32)
    for layer, unit in (("first", 2), ("second", 4), ("scores", 1)):
        ours, grad = visualise.objective(net, x, layer, unit)
        theirs, their_grad = keras_objective(keras_net, x, layer, unit)
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-5)
        scale = np.abs(their_grad).max()
        np.testing.assert_allclose(grad / scale, their_grad / scale, atol=1e-4)


@pytest.mark.parametrize("layer, unit", [("conv1", 3), ("conv2", 5), ("conv3", 7), ("dense", 4), ("logits", 3)])
def test_the_climb_beats_every_shipped_sample(net, layer, unit):
    """A maximiser must beat the data it is compared with: the unit's activation on its picture
    is above its activation on every one of the 60 shipped test samples, and it rose."""
    found = visualise.maximise(net, layer, unit, steps=128)
    best_sample = visualise.objective(net, samples(), layer, unit)[0].max()
    assert found.objective[-1] > best_sample
    assert found.objective[-1] > found.objective[0]
    assert found.picture.shape == (32, 32, 3) and found.picture.min() >= 0 and found.picture.max() <= 1


def test_a_seed_gives_the_same_picture_and_another_seed_another(net):
    a, b = (visualise.maximise(net, "conv2", 9, steps=24, seed=5) for _ in range(2))
    assert np.array_equal(a.picture, b.picture) and np.array_equal(a.objective, b.objective)
    other = visualise.maximise(net, "conv2", 9, steps=24, seed=6)
    assert not np.array_equal(a.picture, other.picture)


def test_a_unit_the_layer_does_not_have_is_refused_in_words(net):
    with pytest.raises(ValueError, match="conv1 has 32 units: there is no unit 32"):
        visualise.objective(net, samples()[:1], "conv1", 32)


def test_the_visualise_command_writes_the_shipped_set_each_unit_its_own_climb(net, tmp_path, capsys):
    from cnn_viz.__main__ import main

    out = tmp_path / "vis.npz"
    assert main(["visualise", "--steps", "3", "--layers", "conv1", "logits", "--out", str(out)]) == 0
    found = visualise.load(out)
    assert found["conv1"].shape == (32, 32, 32, 3) and found["logits"].shape == (10, 32, 32, 3)
    again = visualise.maximise(net, "logits", 7, steps=3, seed=0)
    assert np.array_equal(found["logits"][7], (again.picture * 255).round().astype(np.uint8))
    assert found["logits/reached"][7] == pytest.approx(again.objective[-1], rel=1e-6)
    best = visualise.objective(net, samples(), "conv1", 5)[0].max()
    assert found["conv1/best_sample"][5] == pytest.approx(best, rel=1e-5)
    printed = capsys.readouterr().out
    assert "conv1: 32 units in" in printed and f"wrote {out}" in printed and "against the best sample's" in printed


def _component_markup(at, key):
    """The markup of an HTML figure drawn through the click component (widgets.chart with on_click)."""
    import json

    found = [json.loads(e.proto.json)["markup"] for e in at.get("bidi_component") if key in e.proto.id]
    assert found, f"no figure {key!r} on the page"
    return found[0]


def test_feature_maps_shows_the_map_up_close_and_every_map_of_its_layer():
    """The picture from the asset, with its numbers as the asset has them, beside the grid of
    all the layer's pictures, the map up close framed in it."""
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["maps"], sample="cat-1", layer="pool2", map=5)
    text = all_text(at)
    picture, reached, best, steps = visualise.shipped("conv2", 5)  # pool2's maps come from conv2's
    assert "What conv2 map 5 wants to see" in text
    said = f"That mean is {numbers.exact(reached)} on this idealised picture; on the best of the 60 shipped test "
    said += "pictures, "
    assert said + f"{numbers.exact(best)}." in text
    assert f"{steps} small steps" in text and "shifted by up to 2 pixels" in text
    assert 'alt="conv2 map 5: the picture it responds to most"' in text and reached > best
    grid = _component_markup(at, "wants_grid")
    assert grid.count("<img") == 64 and grid.count("outline:3px") == 1
    framed = grid[: grid.index("outline:3px")]
    assert framed.rindex('data-cell="5,0"') > framed.rindex('data-cell="4,0"'), "map 5 is the one framed"
    assert "Every map of conv2 (64)" in text
    assert "pool2 keeps the largest values of conv2's maps, one for one: its map 5 is conv2's map 5 pooled" in text


def test_a_start_and_the_plain_climb_are_bookmarked_and_climbed_when_asked():
    from tests.apptest import PAGE, all_text, open_page

    net = model.load()
    at = open_page(PAGE["maps"], sample="cat-1", layer="conv1", map=3, seed=2, plain="1")
    assert not at.exception, [e.value for e in at.exception]
    found = visualise.maximise(net, "conv1", 3, seed=2, regularise=False)
    text = all_text(at)
    assert "Without the regularisers: starting from grey (start 2)" in text
    assert f"That mean is {numbers.exact(found.objective[-1])} on this idealised picture" in text
    assert at.query_params["seed"] == "2" and at.query_params["plain"] in ("1", "true", "True")
    at.toggle(key="fv_plain").set_value(False).run()
    again = visualise.maximise(net, "conv1", 3, seed=2)
    assert f"That mean is {numbers.exact(again.objective[-1])} on this idealised picture" in all_text(at)


def test_without_regularisers_the_picture_is_rougher():
    """What the toggle teaches: the plain climb's neighbouring pixels differ more."""
    net = model.load()
    rough = lambda p: np.abs(np.diff(p, axis=0)).mean() + np.abs(np.diff(p, axis=1)).mean()
    plain = visualise.maximise(net, "conv2", 5, steps=64, regularise=False)
    readable = visualise.maximise(net, "conv2", 5, steps=64)
    assert rough(plain.picture) > 1.5 * rough(readable.picture)


def test_a_visitors_model_gets_its_maps_picture_when_asked(tmp_path):
    import keras

    from tests.apptest import PAGE, all_text, open_page, switch
    from tests.test_own_model import open_own

    L = keras.layers
    keras_net = build([L.Conv2D(4, 3, activation="relu", name="edges"), L.Flatten(), L.Dense(3)], shape=(12, 12, 1))
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "m.keras", saved(keras_net, tmp_path))
    switch(at, PAGE["maps"])
    assert "What edges map 0 wants to see" in all_text(at) and "That mean is" not in all_text(at)
    next(b for b in at.button if b.label == "Show what this map wants to see").click().run()
    assert not at.exception, [e.value for e in at.exception]
    net = keras_file.read(saved(keras_net, tmp_path))
    reached = visualise.maximise(net, "edges", 0).objective[-1]
    assert f"That mean is {numbers.exact(reached)} on this idealised picture." in all_text(at)
    next(b for b in at.button if b.label == "Show what all 4 maps want to see").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _component_markup(at, "wants_grid").count("<img") == 4


def test_prediction_shows_each_classs_picture_and_the_training_pictures_nearest_it():
    from cnn_viz import gallery, lookalikes
    from cnn_viz.data import CLASSES
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["predict"], sample="cat-1")
    row = _component_markup(at, "wants_classes")
    assert row.count("<img") == 10 and 'title="airplane"' in row and 'title="truck"' in row
    assert "what pushes the score up, not what the class looks like" in all_text(at)
    net = model.load()
    top = int(net.predict(gallery.by_id("cat-1").rgb().astype(np.float32) / 255.0).argmax())
    assert f"idea of {CLASSES[top]}" in all_text(at), "the network's answer, up close"
    pixels = visualise.shipped("logits", top)[0]
    near = lookalikes.nearest(net, pixels.astype(np.float32) / 255.0, 4)
    shown = next(m.value for m in at.markdown if f"{near[0].label} · distance {near[0].distance:.0f}" in m.value)
    assert shown.count("<img") == 4
    assert all(f"{n.label} · distance {n.distance:.0f}" in shown for n in near)
    at = open_page(PAGE["predict"], sample="cat-1", idea=8)  # a bookmark of the ship's picture
    assert "idea of ship" in all_text(at) and at.query_params["idea"] == "8"


def test_a_plain_colour_picture_says_so():
    """conv1 map 3's picture is black: the page says why, not nothing (it looks broken)."""
    from tests.apptest import PAGE, all_text, open_page

    found = [visualise.shipped("conv1", u) for u in range(32)]
    flat = [u for u, (p, reached, *_) in enumerate(found) if p.astype(float).std() < 10 and reached > 0]
    assert flat, "the shipped set has a plain picture in conv1"
    at = open_page(PAGE["maps"], sample="cat-1", layer="conv1", map=flat[0])
    assert "Almost one plain colour" in all_text(at)
    at = open_page(PAGE["maps"], sample="cat-1", layer="conv1", map=next(u for u in range(32) if u not in flat))
    assert "Almost one plain colour" not in all_text(at)


def test_inside_a_cell_shows_its_maps_picture():
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["cell"], sample="cat-1", layer="pool1", map=4, row=3, col=3)
    assert "What conv1 map 4 wants to see" in all_text(at), "a pool cell's map comes from conv1's"


def test_a_visitors_classes_get_their_pictures_when_asked(tmp_path):
    import keras

    from tests.apptest import PAGE, open_page, switch
    from tests.test_own_model import open_own

    L = keras.layers
    keras_net = build([L.Conv2D(2, 3, name="c"), L.Flatten(), L.Dense(3, name="scores")], shape=(10, 10, 3))
    at = open_own(open_page(PAGE["own"], sample="cat-1"), "m.keras", saved(keras_net, tmp_path))
    switch(at, PAGE["predict"])
    next(b for b in at.button if b.label == "Show your model's idea of each of its 3 classes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    row = _component_markup(at, "wants_classes")
    assert row.count("<img") == 3 and 'title="class 0"' in row
