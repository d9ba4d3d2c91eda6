"""cnn_viz.explain and the exemplar asset: every number the Inside a cell page shows, checked
against the forward pass, and every receptive field against brute force."""

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from cnn_viz import ROOT, data, exemplars, explain, gallery, gradients, images, layers, model


@pytest.fixture(scope="module")
def pictures():
    """Eight real test pictures, as the model gets them."""
    return np.stack([images.to_model_input(s.rgb()) for s in gallery.samples()[::8]])


@pytest.fixture(scope="module")
def nan_masks(net):
    """For every input pixel, which cells of every layer it reaches: the pixel is set to NaN
    (all three channels) and NaN spreads through every multiply, add, ReLU and max, so the
    cells that become NaN are exactly the cells that depend on it. {layer: (1024, H, W)}."""
    x = np.full((1024, 32, 32, 3), 0.5, np.float32)
    x[np.arange(1024), np.arange(1024) // 32, np.arange(1024) % 32] = np.nan
    with np.errstate(invalid="ignore"):
        outputs = net.forward(x)
    return {layer: np.isnan(outputs[layer]).any(axis=3) for layer in explain.SPATIAL} | {
        "logits": np.isnan(outputs["logits"])
    }


@pytest.mark.parametrize("layer", explain.SPATIAL)
def test_receptive_fields_are_exactly_the_pixels_that_reach_a_cell(layer, net, nan_masks):
    masks = nan_masks[layer]  # (pixel, row, col)
    rows, cols, _ = explain.map_shape(net, layer)
    for r in range(rows):
        for c in range(cols):
            reached = masks[:, r, c].reshape(32, 32)
            top, left, bottom, right = explain.receptive_field(net, layer, r, c)
            expected = np.zeros((32, 32), bool)
            expected[top : bottom + 1, left : right + 1] = True
            assert (reached == expected).all(), (layer, r, c)


def test_receptive_field_sizes_follow_the_article(net):
    sizes = {layer: explain.receptive_field(net, layer, 0, 0)[2] + 1 for layer in explain.SPATIAL}
    assert sizes == {"conv1": 3, "pool1": 4, "conv2": 8, "pool2": 10, "conv3": 18}
    # the jump doubles at each pooling: 1, 2, 2, 4, 4 pixels between neighbouring cells
    jumps = [explain.receptive_field(net, layer, 0, 1)[1] for layer in explain.SPATIAL]
    assert jumps == [1, 2, 2, 4, 4]
    chain = explain.window_chain(net, "conv3", 3, 3)
    assert [name for name, *_ in chain] == ["conv3", "pool2", "conv2", "pool1", "conv1", "input"]
    assert chain[-1][1:] == explain.receptive_field(net, "conv3", 3, 3) == (12, 12, 29, 29)


def test_the_blind_border_reaches_no_class_score(net, pictures, nan_masks):
    assert explain.blind_rows(net) == (30, 31)
    blind = np.zeros((32, 32), bool)
    blind[30:, :] = blind[:, 30:] = True
    reaches_a_logit = nan_masks["logits"].any(axis=1).reshape(32, 32)
    assert (reaches_a_logit == ~blind).all()
    # and with real pictures: random pixels there change no logit, not even in the last bit
    changed = pictures.copy()
    noise = np.random.default_rng(30).random(changed.shape, dtype=np.float32)
    changed[:, blind] = noise[:, blind]
    assert not np.array_equal(changed, pictures)
    np.testing.assert_array_equal(net.forward(changed)["logits"], net.forward(pictures)["logits"])
    # conv2 still reads them: its last row and column are what pool2 drops
    assert nan_masks["conv2"][31 * 32 + 31, 12, 12] and not nan_masks["pool2"][31 * 32 + 31].any()


@pytest.mark.parametrize("layer", ["conv1", "conv2", "conv3"])
def test_cell_contributions_add_up_to_the_forward_pass(layer, net, pictures):
    rng = np.random.default_rng(sum(map(ord, layer)))
    rows, cols, maps = explain.map_shape(net, layer)
    for x in pictures:
        outputs = net.forward(x)
        before_relu = net.pre_activation(outputs, layer)
        for _ in range(6):
            m, r, c = int(rng.integers(maps)), int(rng.integers(rows)), int(rng.integers(cols))
            cell = explain.cell_contributions(net, x, layer, m, r, c)
            assert cell.total == pytest.approx(float(before_relu[r, c, m]), abs=1e-5)
            assert cell.value == pytest.approx(float(outputs[layer][r, c, m]), abs=1e-5)
            np.testing.assert_allclose(cell.products, cell.window * cell.kernel)
            assert cell.channel_sums.sum() + cell.bias == pytest.approx(cell.total)
            shown = cell.strongest()
            others, rest = cell.rest(shown)
            assert len(shown) == min(6, cell.window.shape[2]) and others == cell.window.shape[2] - len(shown)
            assert sum(cell.channel_sums[shown]) + rest + cell.bias == pytest.approx(cell.total)


def test_the_strongest_channels_are_the_ones_that_move_the_total_most(net, pictures):
    cell = explain.cell_contributions(net, pictures[0], "conv3", 5, 1, 2)
    shown = cell.strongest(6)
    sums = cell.channel_sums
    assert [sums[c] for c in shown] == sorted((sums[c] for c in shown), reverse=True)
    positives = [c for c in shown if sums[c] > 0]
    assert set(positives) == {int(c) for c in np.argsort(-sums)[: len(positives)]}
    assert explain.cell_contributions(net, pictures[0], "conv1", 0, 0, 0).strongest() == [0, 1, 2]


@pytest.mark.parametrize("layer", ["pool1", "pool2"])
def test_a_pool_cell_is_the_max_of_its_window(layer, net, pictures):
    outputs = net.forward(pictures[1])
    rows, cols, maps = explain.map_shape(net, layer)
    for m, r, c in [(0, 0, 0), (maps - 1, rows - 1, cols - 1), (7, rows // 2, 1)]:
        cell = explain.pool_window(net, pictures[1], layer, m, r, c)
        assert cell.value == float(outputs[layer][r, c, m])
        assert cell.window[cell.argmax] == cell.value
        below = outputs[net.below(layer)][cell.top : cell.top + 2, cell.left : cell.left + 2, m]
        np.testing.assert_array_equal(cell.window, below)


def test_dense_contributions_give_every_class_score(net, pictures):
    for x in pictures[:4]:
        outputs = net.forward(x)
        for k in range(10):
            dense = explain.dense_contributions(net, x, k)
            assert dense.logit == pytest.approx(float(outputs["logits"][k]), abs=1e-4)
            assert dense.contributions.sum() + dense.bias_term == pytest.approx(dense.logit)
            assert dense.by_position.sum() == pytest.approx(dense.contributions.sum())
            assert dense.by_map.sum() == pytest.approx(dense.contributions.sum())
    i = 4 * 64 * 2 + 64 * 3 + 17  # row 2, column 3, map 17
    assert dense.position(i) == (2, 3, 17)
    assert dense.inputs[i] == pytest.approx(float(outputs["conv3"][2, 3, 17]))
    ups, downs = dense.strongest(5)
    assert all(dense.contributions[i] > 0 for i in ups) and all(dense.contributions[i] < 0 for i in downs)
    assert dense.contributions[ups[0]] == dense.contributions.max()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda net, x: explain.receptive_field(net, "conv9", 0, 0), "no layer with cells called 'conv9'"),
        (lambda net, x: explain.receptive_field(net, "dense", 0, 0), "no layer with cells called 'dense'"),
        (lambda net, x: explain.receptive_field(net, "conv2", 13, 0), "Row 13 is outside conv2"),
        (lambda net, x: explain.receptive_field(net, "conv3", 0, -1), "Column -1 is outside conv3"),
        (lambda net, x: explain.receptive_field(net, "conv1", 1.5, 0), "row must be a whole number"),
        (lambda net, x: explain.cell_contributions(net, x, "conv1", 32, 0, 0), "Map 32 is outside conv1"),
        (lambda net, x: explain.cell_contributions(net, x, "pool1", 0, 0, 0), "not a convolution layer"),
        (lambda net, x: explain.pool_window(net, x, "conv2", 0, 0, 0), "not a pooling layer"),
        (lambda net, x: explain.dense_contributions(net, x, 10), "whole number from 0 to 9"),
    ],
)
def test_bad_arguments_say_what_is_wrong(call, message, net, pictures):
    with pytest.raises(ValueError, match=message):
        call(net, pictures[0])


# ---------------------------------------------------------------- the exemplar asset


def test_the_exemplar_asset_is_small_and_complete():
    assert exemplars.PATH.stat().st_size <= 1.5e6
    found = exemplars.load()
    for layer, maps, size in (("conv1", 32, 3), ("conv2", 64, 8), ("conv3", 64, 18)):
        assert found[layer]["crops"].shape == (maps, 9, size, size, 3)
        values = found[layer]["values"]
        assert (np.diff(values, axis=1) <= 0).all(), "best first"
        for m in range(maps):  # one patch per picture, so one photo cannot fill a map's row
            if values[m, 0] > 0:
                assert len(set(found[layer]["images"][m])) == 9


@pytest.mark.parametrize("layer, maps", [("conv1", (0, 9, 31)), ("conv2", (1, 27, 63)), ("conv3", (0, 40, 63))])
def test_an_exemplar_crop_gives_its_value_again(layer, maps, net):
    """The crop is the cell's whole receptive field, so the layers run on the crop alone give
    a 1 x 1 map whose value is the one stored."""
    for m in maps:
        for crop, value, _ in exemplars.for_map(layer, m)[:3]:
            out = net.run_until(crop[None].astype(np.float32) / 255.0, layer)
            assert out.shape[1:3] == (1, 1)
            assert float(out[0, 0, 0, m]) == pytest.approx(value, abs=1e-4)


@pytest.mark.slow
def test_the_exemplar_command_builds_the_asset(tiny_dataset, tmp_path):
    out = tmp_path / "exemplars.npz"
    done = subprocess.run(
        [sys.executable, "-m", "cnn_viz", "exemplars", "--data-dir", str(tiny_dataset), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout
    built = exemplars.load.__wrapped__(out)
    assert built["conv2"]["crops"].shape == (64, 9, 8, 8, 3)
    # the best patch of conv1 map 0 is the best cell over the 40 training pictures, recomputed
    x, _ = data.load_split(tiny_dataset / "train")
    maps = model.load().forward(x.astype(np.float32) / 255.0)["conv1"][..., 0]
    assert built["conv1"]["values"][0, 0] == pytest.approx(float(maps.max()), abs=1e-5)


@pytest.mark.parametrize("layer", explain.SPATIAL)
def test_the_brightest_cell_is_the_largest_value(net, pictures, layer):
    outputs = net.forward(pictures[3])
    out = outputs[layer]
    m, r, c = explain.brightest(net, outputs, layer)
    assert out[r, c, m] == out.max()
    m, r, c = explain.brightest(net, outputs, layer, map_index=5)
    assert m == 5 and out[r, c, 5] == out[:, :, 5].max()
    with pytest.raises(ValueError, match="map"):
        explain.brightest(net, outputs, layer, map_index=out.shape[2])


# ---------------------------------------------------------------- a network of the new kinds


@pytest.fixture(scope="module")
def new_kinds():
    """(Keras model, our Network of the same weights): zero padding, a dilated convolution of two
    groups with "same" padding, a strided depthwise one (two filters a channel), one of four
    groups, global average pooling, then two dense layers. The specs are written here, in the
    engine's vocabulary, so that this tests the engine and not the file reader."""
    import keras

    L = keras.layers
    keras.utils.set_random_seed(5)
    shape = (13, 12, 4)
    keras_net = keras.Sequential(
        [
            keras.Input(shape),
            L.ZeroPadding2D(((1, 0), (2, 1)), name="pad"),
            L.Conv2D(6, 3, dilation_rate=2, groups=2, padding="same", activation="relu", name="dilated"),
            L.DepthwiseConv2D(3, strides=2, depth_multiplier=2, activation="relu", name="depthwise"),
            L.Conv2D(8, 2, groups=4, activation="relu", name="grouped"),
            L.GlobalAveragePooling2D(name="gap"),
            L.Dense(6, activation="relu", name="dense"),
            L.Dense(3, name="logits"),
        ]
    )
    conv = dict(kind="conv", strides=(1, 1), padding="valid", activation="relu")
    specs = (
        dict(name="pad", kind="zeropad", pads=((1, 0), (2, 1))),
        dict(conv, name="dilated", filters=6, size=(3, 3), padding="same", dilation=(2, 2), groups=2),
        dict(conv, name="depthwise", filters=12, size=(3, 3), strides=(2, 2), groups=6),
        dict(conv, name="grouped", filters=8, size=(2, 2), groups=4),
        dict(name="gap", kind="globalavg"),
        dict(name="dense", kind="dense", units=6, activation="relu"),
        dict(name="logits", kind="dense", units=3, activation=None),
    )
    rng, weights = np.random.default_rng(5), {}
    for layer in keras_net.layers:
        if layer.weights:
            found = [rng.normal(0, 0.4, w.shape).astype(np.float32) for w in layer.get_weights()]
            layer.set_weights(found)
            kernel, bias = found
            if layer.name == "depthwise":  # Keras's (kh, kw, C, m) as the engine's grouped (kh, kw, 1, C * m)
                kernel = kernel.reshape(3, 3, 1, 12)
            weights[layer.name] = (kernel, bias)
    return keras_net, model.Network(weights, specs, shape, ("a", "b", "c"), "new kinds", shipped=False)


def test_a_network_of_the_new_kinds_gives_kerass_numbers_gradients_and_grad_cam(new_kinds):
    import tensorflow as tf

    keras_net, ours = new_kinds
    x = np.random.default_rng(6).random((1, *ours.input_shape), dtype=np.float32)
    k = 2
    with tf.GradientTape(persistent=True) as tape:
        h = tf.constant(x)
        tape.watch(h)
        theirs = {"input": h}
        for layer in keras_net.layers:
            h = theirs[layer.name] = layer(h)
        score = h[0, k]
    outputs, grads = gradients.class_gradients(ours, x[0], k)
    for name, out in theirs.items():
        np.testing.assert_allclose(outputs[name], np.asarray(out)[0], rtol=1e-4, atol=1e-5, err_msg=name)
        grad = np.asarray(tape.gradient(score, out))[0]
        np.testing.assert_allclose(grads[name], grad, rtol=1e-4, atol=1e-6 * np.abs(grad).max(), err_msg=name)
    for conv in ("dilated", "depthwise", "grouped"):  # Grad-CAM's weights are TensorFlow's mean gradients
        alpha = np.asarray(tape.gradient(score, theirs[conv]))[0].mean(axis=(0, 1))
        want = np.maximum((outputs[conv] * alpha).sum(axis=2), 0)
        np.testing.assert_allclose(explain.grad_cam_cells(ours, x[0], k, conv), want, rtol=1e-4, atol=1e-6)
    assert explain.cam_layers(ours) == ("dilated", "depthwise", "grouped")
    assert explain.spatial(ours) == ("dilated", "depthwise", "grouped")
    assert explain.cell_layers(ours) == ("dilated", "depthwise", "grouped", "gap")


def test_the_class_score_of_a_global_pooling_network_adds_up_over_the_pooled_numbers(new_kinds):
    _, net = new_kinds
    x = np.random.default_rng(7).random(net.input_shape, dtype=np.float32)
    outputs = net.forward(x)
    assert explain.flatten_layer(net) == "gap"
    for k in range(3):
        dense = explain.dense_contributions(net, x, k)
        assert dense.exact and dense.grid == (1, 1, 8)
        assert dense.logit == pytest.approx(float(outputs["logits"][k]), abs=1e-5)
        assert dense.contributions.sum() + dense.bias_term == pytest.approx(dense.logit)
        np.testing.assert_allclose(dense.inputs, outputs["gap"], rtol=1e-6)
        np.testing.assert_allclose(dense.by_map, dense.contributions)
        assert dense.position(5) == (0, 0, 5)
    # a curved activation after the pool: the weights are the score's slope, the rest is the bias term
    curved = dataclasses.replace(
        net, layers=(*net.layers[:-2], dict(net.layers[-2], activation="tanh"), net.layers[-1])
    )
    dense = explain.dense_contributions(curved, x, 1)
    assert not dense.exact and dense.logit == pytest.approx(float(curved.forward(x)["logits"][1]), abs=1e-6)


def reached(source_shape, run):
    """Brute force: {(row, col, channel) of the source: the cells of `layer` (R, C, maps) that
    become NaN when that one source cell is NaN}, every source cell tried at once as a batch."""
    n = int(np.prod(source_shape))
    probe = np.full((n, *source_shape), 0.5, np.float32)
    probe.reshape(n, -1)[np.arange(n), np.arange(n)] = np.nan
    with np.errstate(invalid="ignore"):
        out = run(probe)
    return np.isnan(out).reshape(*source_shape, *out.shape[1:])


@pytest.mark.parametrize(
    "layer, cells", [("dilated", [(0, 0, 0), (4, 7, 5), (13, 14, 3)]), ("depthwise", [(0, 0, 7), (5, 6, 4)])]
)
def test_a_dilated_or_grouped_cells_window_is_the_cells_its_kernel_reads(new_kinds, layer, cells):
    """Inside a cell: the window names the input cells the kernel really reads (a dilated
    kernel's taps two apart, only its group's channels), found again by setting each cell of
    the layer below to NaN in turn and seeing which reach the cell."""
    _, net = new_kinds
    x = np.random.default_rng(8).random(net.input_shape, dtype=np.float32)
    outputs = net.forward(x)
    spec, source = net.layer(layer), net.below(layer)
    hits = reached(outputs[source].shape, lambda b: layers.apply(spec, net.weights[layer], b))
    for row, col, m in cells:
        cell = explain.cell_contributions(net, x, layer, m, row, col, outputs=outputs)
        brute = {tuple(int(i) for i in where) for where in np.argwhere(hits[..., row, col, m])}
        named = {(r, c, int(ch)) for r, c in cell.cells() for ch in cell.channels}
        assert named == brute, (layer, row, col, m)
        for a, r in enumerate(cell.rows):
            for b, c in enumerate(cell.cols):
                inside = 0 <= r < outputs[source].shape[0] and 0 <= c < outputs[source].shape[1]
                expected = outputs[source][r, c, cell.channels] if inside else 0.0
                np.testing.assert_allclose(cell.window[a, b], expected)
        assert cell.total == pytest.approx(float(net.pre_activation(outputs, layer)[row, col, m]), abs=1e-5)
    assert list(explain.cell_contributions(net, x, "dilated", 5, 4, 7).rows) == [2, 4, 6]  # 4 - 2 + 2 * (0, 1, 2)
    assert list(explain.cell_contributions(net, x, "dilated", 5, 4, 7).channels) == [2, 3]  # filter 5: group 1


def test_receptive_fields_go_through_zero_padding_strides_groups_and_global_pooling(new_kinds):
    """The box of input pixels that reach each cell (NaN brute force) is its receptive field;
    under the dilated layer, whose kernel skips cells, the field is the box around the taps."""
    _, net = new_kinds
    masks = reached(net.input_shape, lambda b: np.concatenate(
        [net.forward(b)[name].reshape(len(b), -1) for name in explain.cell_layers(net)], axis=1))  # fmt: skip
    offset = 0
    for layer in explain.cell_layers(net):
        rows, cols, maps = explain.cell_grid(net, layer)
        here = masks[..., offset : offset + rows * cols * maps].reshape(*net.input_shape, rows, cols, maps)
        offset += rows * cols * maps
        for r in range(rows):
            for c in range(cols):
                hit = np.argwhere(here[..., r, c, :].any(axis=(2, 3)))
                top, left, bottom, right = explain.receptive_field(net, layer, r, c)
                found = (*hit.min(axis=0), *hit.max(axis=0)) if len(hit) else (0, 0, -1, -1)
                if layer == "dilated":  # every reached pixel inside the box, its corners within one gap
                    assert top <= found[0] <= top + 1 and bottom - 1 <= found[2] <= bottom, (layer, r, c)
                    assert left <= found[1] <= left + 1 and right - 1 <= found[3] <= right, (layer, r, c)
                else:
                    assert (found[0], found[1], found[2], found[3]) == (top, left, bottom, right), (layer, r, c)
    assert explain.receptive_field(net, "gap", 0, 0) == (0, 0, 12, 11)
    assert explain.window_chain(net, "dilated", 0, 0)[1:] == [("pad", 0, 0, 2, 2), ("input", 0, 0, 1, 0)]


def test_a_global_pools_cell_is_its_whole_map(new_kinds):
    _, net = new_kinds
    x = np.random.default_rng(9).random(net.input_shape, dtype=np.float32)
    outputs = net.forward(x)
    cell = explain.pool_window(net, x, "gap", 3, 0, 0)
    np.testing.assert_allclose(cell.window, outputs["grouped"][:, :, 3])
    assert cell.reduce == "mean" and cell.value == pytest.approx(float(outputs["gap"][3]), rel=1e-6)
    with pytest.raises(ValueError, match="Row 1 is outside gap"):
        explain.pool_window(net, x, "gap", 3, 1, 0)
