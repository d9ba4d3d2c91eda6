"""cnn_viz.explain and the exemplar asset: every number the Inside a cell page shows, checked
against the forward pass, and every receptive field against brute force."""

import subprocess
import sys

import numpy as np
import pytest

from cnn_viz import ROOT, data, exemplars, explain, gallery, images, model


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
