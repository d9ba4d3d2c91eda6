"""Why this class?: numpy backpropagation against tf.GradientTape, Grad-CAM against a Keras
Grad-CAM, occlusion against single forward passes, FGSM, look-alikes and the notice; the
page through AppTest."""

import os
import subprocess
import sys

import numpy as np
import pytest

from cnn_viz import ROOT, explain, figures, gallery, images, lookalikes, model, numbers, oddities, ops
from cnn_viz.data import CLASSES
from tests.apptest import all_text, drawn, open_page

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
WHY = "pages/8_Why_this_class.py"


def picture(sample_id):
    return images.to_model_input(gallery.by_id(sample_id).rgb())


def tape_gradients(keras_model, x, class_index):
    """{"input" and every layer but the last: the gradient of the class' logit}, by TensorFlow."""
    import tensorflow as tf

    xt = tf.constant(x[None])
    with tf.GradientTape() as tape:
        tape.watch(xt)
        outputs, h = [], xt
        for layer in keras_model.layers:
            h = layer(h)
            outputs.append(h)
        logit = outputs[-1][0, class_index]
    grads = tape.gradient(logit, [xt, *outputs[:-1]])
    names = ["input"] + [layer.name for layer in keras_model.layers[:-1]]
    return {name: g.numpy()[0] for name, g in zip(names, grads)}, [o.numpy()[0] for o in outputs]


@pytest.mark.parametrize("sample_id, classes", [("cat-1", (3, 5, 0)), ("truck-2", (9, 1, 6))])
def test_every_gradient_matches_tensorflow(net, keras_model, sample_id, classes):
    x = picture(sample_id)
    for k in classes:
        expected, _ = tape_gradients(keras_model, x, k)
        for name, grad in expected.items():
            ours = explain.gradient(net, x, k, name)
            assert ours.shape == grad.shape
            np.testing.assert_allclose(ours, grad, atol=1e-4, err_msg=f"{name}, class {k}")
            assert np.abs(grad).max() > 1e-3, "a gradient of zeros would prove nothing"


@pytest.mark.parametrize("layer", ["conv3", "conv2"])
def test_grad_cam_matches_a_keras_grad_cam(net, keras_model, layer):
    """Grad-CAM as the papers write it: the gradient of the class' logit over the layer's maps,
    averaged per map, weighting the maps; ReLU of the sum."""
    names = [lay.name for lay in keras_model.layers]
    for sample_id, k in (("dog-0", 5), ("dog-0", 3), ("ship-3", 8)):
        x = picture(sample_id)
        grads, outputs = tape_gradients(keras_model, x, k)
        maps = outputs[names.index(layer)]
        expected = np.maximum((maps * grads[layer].mean(axis=(0, 1))).sum(axis=2), 0)
        np.testing.assert_allclose(explain.grad_cam_cells(net, x, k, layer), expected, atol=1e-4)
        heat = explain.grad_cam(net, x, k, layer)
        assert heat.shape == (32, 32) and heat.min() >= 0 and heat.max() == pytest.approx(1.0)


def test_grad_cam_is_not_shifted_when_spread_over_the_picture(net):
    """A map rising by 1 a row puts each row's value at its receptive field's centre: between
    the outermost centres every pixel row is the straight line through them (a stretch of the
    grid to 32 x 32 would put conv3's rows 4 pixels off)."""
    for layer, size in (("conv3", 4), ("conv2", 13)):
        cells = np.repeat(np.arange(size, dtype=float)[:, None], size, axis=1)
        pixels = explain.to_pixels(net, cells, layer)
        first, _, _, _ = explain.receptive_field(net, layer, 0, 0)
        centre0 = (first + explain.receptive_field(net, layer, 0, 0)[2]) / 2
        jump = explain.receptive_field(net, layer, 1, 0)[0] - first
        for p in range(32):
            if centre0 <= p <= centre0 + jump * (size - 1):
                np.testing.assert_allclose(pixels[p], (p - centre0) / jump, err_msg=f"{layer}, pixel row {p}")
        np.testing.assert_allclose(explain.to_pixels(net, cells.T, layer), pixels.T)


def test_switching_the_class_changes_the_maps(net):
    x = picture("cat-1")
    cat, dog = explain.grad_cam(net, x, 3), explain.grad_cam(net, x, 5)
    assert np.abs(cat - dog).max() > 0.1
    assert np.abs(explain.saliency(net, x, 3) - explain.saliency(net, x, 5)).max() > 0.1


def test_occlusion_matches_one_forward_pass_per_position(net):
    x = picture("horse-0")
    for patch, stride in ((4, 2), (6, 5)):
        drops = explain.occlusion(net, x, 7, patch, stride)
        n = (32 - patch) // stride + 1
        assert drops.shape == (n, n)
        base = net.forward(x)["logits"][7]
        for i in range(n):
            for j in range(n):
                hidden = x.copy()
                hidden[i * stride : i * stride + patch, j * stride : j * stride + patch] = 0.5
                assert drops[i, j] == pytest.approx(base - net.forward(hidden)["logits"][7], abs=1e-4)
    spread = explain.occlusion_pixels(drops, 6, 5)
    assert np.isnan(spread[31, 31]) and not np.isnan(spread[:31, :31]).any(), "(32 - 6) // 5 leaves the edge bare"


def test_the_smallest_fgsm_step_fools_the_network(net):
    for sample_id in ("cat-1", "airplane-0", "frog-2"):
        x = picture(sample_id)
        fooled = explain.fgsm(net, x)
        assert fooled.step is not None
        before = int(np.argmax(net.predict(x)))
        assert fooled.original_class == before != fooled.new_class == int(np.argmax(net.predict(fooled.picture)))
        pixels = fooled.picture * 255
        np.testing.assert_allclose(pixels, np.round(pixels), atol=1e-3, err_msg="whole 0-255 values")
        assert np.abs(np.round(pixels) - np.round(x * 255)).max() == fooled.step, "within its step, and at it"
        if fooled.step > 1:
            assert explain.fgsm(net, x, max_step=fooled.step - 1).step is None, "no smaller step works"


def test_a_targeted_fgsm_reaches_its_class(net):
    x = picture("cat-1")
    fooled = explain.fgsm(net, x, CLASSES.index("dog"), max_step=64)
    assert fooled.new_class == CLASSES.index("dog") == int(np.argmax(net.predict(fooled.picture)))


@pytest.mark.parametrize("space", lookalikes.SPACES)
def test_look_alikes_are_the_nearest_by_brute_force(net, space):
    asset = lookalikes.load()
    x = picture("deer-3")
    query = net.forward(x)["dense"] if space == "network" else x.reshape(-1)
    table = asset.features if space == "network" else asset.pixels
    brute = np.sqrt(((table.astype(np.float64) - query) ** 2).sum(axis=1))
    found = explain.neighbours(net, x, 6, space)
    assert [n.index for n in found] == list(np.argsort(brute)[:6])
    assert [n.distance for n in found] == pytest.approx(list(np.sort(brute)[:6]), abs=1e-3)
    assert found[0].label == CLASSES[asset.labels[found[0].index]]


def test_the_look_alike_asset_and_its_notice():
    assert lookalikes.PATH.stat().st_size <= 5e6
    asset = lookalikes.load()
    assert asset.pictures.shape == (3000, 32, 32, 3) and asset.features.shape == (3000, 64)
    assert np.bincount(asset.labels).tolist() == [300] * 10
    rates = asset.meta["rates"]
    assert 0.02 <= rates["test"] <= 0.06, "chosen on the test split to fire on about 1 in 20"
    assert rates["noise"] >= 0.9, "noise is the easy case"


def test_the_notice_fires_on_noise_and_not_on_most_samples(net):
    assert lookalikes.looks_unfamiliar(net, images.to_model_input(oddities.noise(123)))[0]
    quiet = [not lookalikes.looks_unfamiliar(net, images.to_model_input(s.rgb()))[0] for s in gallery.samples()]
    assert sum(quiet) >= 0.85 * len(quiet)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda net, x: explain.gradient(net, x, 3, "conv9"), "no layer called 'conv9'"),
        (lambda net, x: explain.gradient(net, x, 10, "input"), "whole number from 0 to 9"),
        (lambda net, x: explain.gradient(net, x[:16], 3), r"shape \(32, 32, 3\)"),
        (lambda net, x: explain.grad_cam(net, x, 3, "pool2"), "convolution layer"),
        (lambda net, x: explain.occlusion(net, x, 3, patch=0), "patch must be a whole number"),
        (lambda net, x: explain.occlusion(net, x, 3, stride=2.5), "stride must be a whole number"),
        (lambda net, x: explain.neighbours(net, x, 6, "colour"), "'network' or 'pixels'"),
        (lambda net, x: explain.neighbours(net, x, 0), "k must be a whole number"),
        (lambda net, x: explain.fgsm(net, x, -1), "whole number from 0 to 9"),
    ],
)
def test_bad_arguments_say_what_is_wrong(call, message, net):
    with pytest.raises(ValueError, match=message):
        call(net, picture("cat-0"))


@pytest.mark.slow
def test_the_neighbours_command_builds_the_asset(tiny_dataset, tmp_path, net):
    def build(*extra):
        args = ["neighbours", "--data-dir", str(tiny_dataset), "--out", str(tmp_path / "l.npz"), *extra]
        return subprocess.run(
            [sys.executable, "-m", "cnn_viz", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
        )

    too_few = build()
    assert too_few.returncode == 2 and "the look-alikes take 300 per class" in too_few.stderr
    done = build("--per-class", "2")
    assert done.returncode == 0, done.stderr
    asset = lookalikes.load.__wrapped__(tmp_path / "l.npz")
    assert asset.pictures.shape == (20, 32, 32, 3) and asset.meta["per_class"] == 2
    np.testing.assert_allclose(asset.features, net.forward(asset.pictures / 255.0)["dense"], atol=1e-5)
    assert set(asset.meta["rates"]) == {"test", "noise", "blank", "text", "person"}


# ---------------------------------------------------------------- the page


def test_the_page_explains_the_predicted_class():
    at = open_page(WHY, sample="cat-1")
    x = picture("cat-1")
    probs = model.load().predict(x)
    text = all_text(at)
    assert f"The network says **cat** ({probs[3]:.1%})." in text
    logit = model.load().forward(x)["logits"][3]
    assert f"The cat score (its logit, before softmax) is {numbers.exact(float(logit))}." in text
    assert "does not look like CIFAR-10" not in text
    [cam] = [f for f in drawn(at) if "Grad-CAM on conv3's own grid" in f.title]
    cells = explain.grad_cam_cells(model.load(), x, 3, "conv3")
    assert (cam.written() == np.vectorize(numbers.exact)(cells)).all(), "every cell's number, as computed"
    assert "Every pixel value moved by at most" in text
    row = next(m.value for m in at.markdown if 'alt="Occlusion' in m.value)  # quick three first, then all six
    assert ": coming" not in row and row.count("<img") == 7, "every map drawn by the end of the run"


def test_the_quick_maps_are_the_full_computations_own():
    """What a first visit shows at once is exactly what the full computation gives."""
    from cnn_viz import faithfulness
    from cnn_viz.app import why_view

    x, net = picture("cat-1"), model.load()
    quick = why_view.quick_maps(net, x, 3)
    full = faithfulness.maps(net, x, 3)
    assert set(quick) == {"gradcam_last", "gradcam_before", "saliency"}
    for m in quick:
        np.testing.assert_array_equal(quick[m], full[m])


def test_switching_class_and_method_changes_what_is_shown():
    at = open_page(WHY, sample="cat-1")
    before = next(f for f in drawn(at) if "Grad-CAM on conv3" in f.title).values()
    at.selectbox(key="why_class").set_value("dog").run()
    after = next(f for f in drawn(at) if "Grad-CAM on conv3" in f.title).values()
    assert np.abs(before - after).max() > 0.01 and at.query_params["class"] == "dog"
    at.segmented_control(key="why_method").set_value("occlusion").run()
    assert "a grey square of 4 x 4 pixels" in all_text(at) and at.query_params["method"] == "occlusion"
    at.number_input(key="why_patch").set_value(8).run()
    assert any("score drop, 13 x 13 square positions" in f.title for f in drawn(at))


def test_noise_gets_the_notice_and_temperature_rescales():
    at = open_page(WHY, sample="noise")
    assert "This does not look like CIFAR-10" in all_text(at)
    at.select_slider(key="why_temp").set_value("4").run()
    logits = model.load().forward(images.to_model_input(oddities.noise()))["logits"]
    top = int(np.argmax(logits))
    scaled = ops.softmax(logits / 4.0)
    assert f"At temperature 4 the network is {scaled[top]:.1%} sure of {CLASSES[top]}" in all_text(at)
    assert at.query_params["t"] == "4" and at.query_params["sample"] == "noise"


def test_a_button_loads_a_picture_that_is_none_of_the_classes():
    at = open_page(WHY, sample="cat-1")
    at.button(key="odd_person").click().run()
    assert at.query_params["sample"] == "person"
    assert "a person (Grace Hopper, U.S. Navy photo)" in all_text(at)


def test_the_chinese_page():
    at = open_page(WHY, sample="cat-1", lang="zh")
    text = all_text(at)
    assert "网络说是**猫**" in text and "骗过它" in text


def test_every_heat_map_has_its_colour_key():
    """Grad-CAM's overlay had no key: dark to bright (a size) or blue-white-orange (a sign)."""
    from cnn_viz.figures import style

    strip = figures.heat_legend()
    assert strip.shape == (18, 320, 3)
    assert (
        strip[0, 0].tolist() == style.HEAT_STOPS[0].tolist() and strip[0, -1].tolist() == style.HEAT_STOPS[-1].tolist()
    )
    signed = figures.heat_legend(signed=True)
    assert (
        signed[0, 0].tolist() == style.SIGNED_STOPS[0].tolist()
        and signed[0, -1].tolist() == style.SIGNED_STOPS[-1].tolist()
    )
    at = open_page("pages/8_Why_this_class.py", sample="cat-1")
    assert "colour key: dark, no part in the score" in all_text(at)
    at = open_page("pages/8_Why_this_class.py", sample="cat-1", method="occlusion")
    assert "colour key: blue pushes the score down" in all_text(at)


def test_a_link_from_before_the_methods_were_renamed_opens_the_same_map():
    """Grad-CAM's methods were called gradcam3 and gradcam2 (conv3 and conv2 of the shipped
    network); on any network they are the last convolution and the one before. A bookmark that
    says the old name opens the same map, and the address bar says the new one."""
    at = open_page(WHY, sample="cat-1", method="gradcam2")
    assert at.session_state["why_method"] == "gradcam_before"
    assert at.query_params["method"] == "gradcam_before"
    assert any("Grad-CAM on conv2's own grid" in f.title for f in drawn(at))
