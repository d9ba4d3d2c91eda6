"""Can you trust an explanation? Integrated Gradients and SmoothGrad against TensorFlow's
gradients on the shipped .keras model, completeness, the deletion and insertion curves against
single forward passes, and the randomisation check's network copies."""

import re

import numpy as np
import pytest

from cnn_viz import explain, gallery, images


def picture(sample_id):
    return images.to_model_input(gallery.by_id(sample_id).rgb())


def tf_input_gradients(keras_model, batch, class_index):
    """d logit / d input for each picture of a batch, by tf.GradientTape."""
    import tensorflow as tf

    xt = tf.constant(batch)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        logits = keras_model(xt, training=False)[:, class_index]
    return tape.gradient(logits, xt).numpy()


@pytest.mark.parametrize("sample_id, k, base", [("cat-1", 3, "black"), ("ship-3", 8, "grey"), ("dog-0", 5, "blur")])
def test_integrated_gradients_is_tensorflows_riemann_sum(net, keras_model, sample_id, k, base):
    x, steps = picture(sample_id), 16
    start = explain.baseline(x, base)
    alphas = (np.arange(steps) + 0.5) / steps
    path = (start[None] + alphas[:, None, None, None] * (x - start)[None]).astype(np.float32)
    expected = (x - start) * tf_input_gradients(keras_model, path, k).mean(axis=0)
    ours = explain.integrated_gradients(net, x, k, base, steps)
    assert ours.shape == (32, 32, 3) and np.abs(expected).max() > 1e-3
    np.testing.assert_allclose(ours, expected, atol=1e-4)


@pytest.mark.parametrize("sample_id", ["cat-1", "truck-2", "frog-4", "airplane-0"])
def test_integrated_gradients_add_up_to_the_change_of_the_score(net, sample_id):
    """Completeness: within 5% at 128 steps (a Riemann sum along a path where the ReLUs and max
    pools switch: cat-1's is off by 3.3% with the shipped weights), and closer than with few."""
    x = picture(sample_id)
    k = int(net.forward(x)["logits"].argmax())
    change = float(net.forward(x)["logits"][k] - net.forward(explain.baseline(x, "black"))["logits"][k])
    error = {n: abs(explain.integrated_gradients(net, x, k, "black", n).sum() - change) for n in (4, 128)}
    assert error[128] <= 0.05 * abs(change)
    assert error[128] < error[4]


def test_smoothgrad_is_the_mean_of_tensorflows_gradients_on_the_same_noise(net, keras_model):
    x, k, samples, noise, seed = picture("horse-2"), 7, 8, 0.2, 4
    sigma = noise * float(x.max() - x.min())
    copies = x[None] + np.random.default_rng(seed).normal(0, sigma, (samples, 32, 32, 3)).astype(np.float32)
    expected = tf_input_gradients(keras_model, copies, k).mean(axis=0)
    np.testing.assert_allclose(explain.smoothgrad(net, x, k, samples, noise, seed), expected, atol=1e-4)
    plain = explain.gradient(net, x, k, "input")
    np.testing.assert_allclose(explain.smoothgrad(net, x, k, 3, 0.0), plain, atol=1e-5), "no noise: the gradient"


@pytest.mark.parametrize("curve", ["deletion", "insertion"])
def test_the_curves_are_single_forward_passes(net, curve):
    x, k = picture("deer-1"), 4
    heat = explain.grad_cam(net, x, k)
    fractions, probs = getattr(explain, f"{curve}_curve")(net, x, k, heat, steps=8, fill=0.5)
    assert fractions[0] == 0 and fractions[-1] == 1 and len(probs) == 9
    order = np.argsort(-heat.ravel(), kind="stable")
    for i in (0, 3, 8):
        n = round(fractions[i] * 1024)
        one = (np.full_like(x, 0.5) if curve == "insertion" else x.copy()).reshape(-1, 3)
        one[order[:n]] = (x if curve == "insertion" else np.full_like(x, 0.5)).reshape(-1, 3)[order[:n]]
        assert probs[i] == pytest.approx(float(net.forward(one.reshape(32, 32, 3))["probabilities"][k]), abs=1e-6)
    grey = float(net.forward(np.full_like(x, 0.5))["probabilities"][k])
    whole = float(net.forward(x)["probabilities"][k])
    ends = (whole, grey) if curve == "deletion" else (grey, whole)
    assert (probs[0], probs[-1]) == pytest.approx(ends, abs=1e-6)


def test_the_area_under_a_curve():
    assert explain.auc([0, 0.5, 1], [1, 1, 1]) == pytest.approx(1.0)
    assert explain.auc([0, 1], [1, 0]) == pytest.approx(0.5)
    assert explain.auc(np.linspace(0, 1, 101), np.linspace(0, 1, 101) ** 2) == pytest.approx(1 / 3, abs=1e-4)


def test_a_faithful_map_brings_the_class_back_faster_than_a_random_order(net):
    """Inserting occlusion's most important pixels first restores the class sooner than chance
    does, on every one of these pictures. (Deletion is no such rule picture by picture: greying
    pixels scattered at random wrecks a picture fast too.)"""
    for sample_id in ("cat-1", "ship-3", "truck-2", "horse-2", "airplane-0"):
        x = picture(sample_id)
        k = int(net.forward(x)["logits"].argmax())
        heat = explain.occlusion_pixels(explain.occlusion(net, x, k, 4, 2), 4, 2)
        chance = np.random.default_rng(0).random((32, 32))
        faithful = explain.auc(*explain.insertion_curve(net, x, k, heat))
        assert faithful > explain.auc(*explain.insertion_curve(net, x, k, chance)) + 0.1, sample_id


def test_randomised_changes_exactly_the_named_layers_and_leaves_the_original(net):
    before = {name: tuple(t.copy() for t in tensors) for name, tensors in net.weights.items()}
    noisy = explain.randomised(net, ["logits", "dense"], seed=1)
    for name, tensors in net.weights.items():
        for t, kept in zip(tensors, before[name]):
            np.testing.assert_array_equal(t, kept)
        changed = [not np.array_equal(a, b) for a, b in zip(noisy.weights[name], tensors)]
        assert all(changed) if name in ("logits", "dense") else not any(changed), name
        assert [t.shape for t in noisy.weights[name]] == [t.shape for t in tensors]
    again = explain.randomised(net, ["logits", "dense"], seed=1)
    np.testing.assert_array_equal(again.weights["dense"][0], noisy.weights["dense"][0]), "the seed decides"


def test_the_randomisation_check_tells_grad_cam_from_the_input_gradient(net):
    """Grad-CAM follows the model: with every layer random its map is another map. The input
    gradient's size stays closer to the picture's own edges (docs say so on the page)."""
    x = picture("cat-1")
    k = int(net.forward(x)["logits"].argmax())
    noisy = explain.randomised(net, explain.CASCADE, seed=0)
    cam = explain.rank_correlation(explain.grad_cam(net, x, k), explain.grad_cam(noisy, x, k))
    assert cam < 0.5
    same = explain.rank_correlation(explain.grad_cam(net, x, k), explain.grad_cam(net, x, k))
    assert same == pytest.approx(1.0)


def test_rank_correlation_is_spearmans():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert explain.rank_correlation(a, a * 10 + 3) == pytest.approx(1.0)
    assert explain.rank_correlation(a, -a) == pytest.approx(-1.0)
    ties = np.array([0.0, 0.0, 1.0, 2.0])
    np.testing.assert_allclose(explain._ranks(ties), [1.5, 1.5, 3, 4])
    assert explain.rank_correlation(np.zeros(4), ties) == 0.0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda net, x: explain.integrated_gradients(net, x, 3, "white"), "baseline must be one of"),
        (lambda net, x: explain.integrated_gradients(net, x, 3, steps=0), "number of steps"),
        (lambda net, x: explain.smoothgrad(net, x, 3, samples=1000), "number of samples"),
        (lambda net, x: explain.smoothgrad(net, x, 3, noise=2), "noise level"),
        (lambda net, x: explain.deletion_curve(net, x, 3, np.zeros((8, 8))), "one number per pixel"),
        (lambda net, x: explain.insertion_curve(net, x, 3, np.zeros((32, 32)), fill=3), "fill value"),
        (lambda net, x: explain.randomised(net, ["conv9"]), "no weights called 'conv9'"),
        (lambda net, x: explain.integrated_gradients(net, x[:8], 3), "shape"),
    ],
)
def test_bad_arguments_say_what_is_wrong(net, call, message):
    with pytest.raises(ValueError, match=message):
        call(net, picture("cat-1"))


# ---------------------------------------------------------------- the page


def test_the_page_writes_integrated_gradients_sum_with_the_pictures_numbers(net):
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["why"], sample="cat-1", baseline="grey", steps="64")
    x = picture("cat-1")
    ig = explain.integrated_gradients(net, x, 3, "grey", 64)
    logit = float(net.forward(x)["logits"][3])
    start = float(net.forward(explain.baseline(x, "grey"))["logits"][3])
    text = all_text(at)
    from cnn_viz import numbers

    assert f"The attributions add up to **{numbers.exact(float(ig.sum()))}**" in text
    assert f"is {numbers.exact(logit)} − ({numbers.exact(start)}) = **{numbers.exact(logit - start)}**" in text
    assert "a sum over 64 steps" in text
    at.select_slider(key="why_steps").set_value("8").run()
    assert "a sum over 8 steps" in all_text(at) and at.query_params["steps"] == "8"


def test_the_page_shows_every_methods_curves_and_areas(net):
    from tests.apptest import PAGE, all_text, charts, drawn, open_page

    at = open_page(PAGE["why"], sample="ship-3")
    assert "deletion area" not in all_text(at), "nothing computed nor drawn until opened"
    at.session_state["why_curves_open"] = True
    at.run()
    [curves] = [f for f in drawn(at) if f.title == "deletion: most important pixels greyed first"]
    assert len(curves.lines) == 7, "six methods and a random order"
    boxed = [m.value for m in at.markdown if "deletion area (lower is better)" in m.value][0]
    table = boxed.split("\n\n")[1]  # inside the box that scrolls sideways (widgets.wide_table)
    assert table.count("\n") == 8 and "| random order |" in table
    for name in curves.lines:  # each line named with its area, as the table writes it
        method, area = name.rsplit(" (", 1)
        assert f"| {method} | {area[:-1]} |" in table, name
    assert not charts(at), "no chart library on the page"
    x = picture("ship-3")
    maps = __import__("cnn_viz.faithfulness", fromlist=["maps"]).maps(net, x, 8)
    area = explain.auc(*explain.deletion_curve(net, x, 8, maps["gradcam_last"]))
    assert f"| Grad-CAM, conv3 | {area:.3f} |" in table
    assert "Integrated Gradients" in all_text(at)


def test_the_randomisation_control_redraws_the_maps_with_their_correlations():
    from tests.apptest import PAGE, all_text, open_page

    at = open_page(PAGE["why"], sample="cat-1")
    assert "Nothing is replaced yet" in all_text(at)
    at.select_slider(key="why_random").set_value(5).run()
    text = all_text(at)
    assert at.query_params["random"] == "5" and "Nothing is replaced yet" not in text
    captions = re.findall(r"<figcaption[^>]*>([^<]*)</figcaption>", text)
    verdicts = [c for c in captions if c.endswith(("it depends on the network", "more than the network"))]
    assert len(verdicts) == 6 and any(c.startswith("Grad-CAM, conv3: ") for c in verdicts), captions


def test_integrated_gradients_and_smoothgrad_join_the_methods():
    from tests.apptest import PAGE, all_text, drawn, open_page

    at = open_page(PAGE["why"], sample="cat-1", method="ig")
    assert "walks from a starting picture (the baseline, here a black picture)" in all_text(at)
    assert any("Integrated Gradients per pixel" in f.title for f in drawn(at))
    at.segmented_control(key="why_method").set_value("smoothgrad").run()
    assert at.number_input(key="why_samples").value == 25 and any("averaged gradient" in f.title for f in drawn(at))


# ---------------------------------------------------------------- the offline table


def test_the_shipped_table_covers_every_method_over_the_samples():
    from cnn_viz import faithfulness

    table = faithfulness.load()
    assert table["pictures"] == len(gallery.samples()) == 60
    assert set(table["areas"]) == {*faithfulness.METHODS, "random"}
    assert all(0 <= a[kind] <= 1 for a in table["areas"].values() for kind in ("deletion", "insertion"))
    assert all(len(c) == len(explain.CASCADE) for c in table["randomisation"].values())
    assert table["areas"]["occlusion"]["insertion"] > table["areas"]["random"]["insertion"]


def test_the_faithfulness_command_builds_the_table(net, tmp_path, capsys):
    from cnn_viz import faithfulness
    from cnn_viz.__main__ import main

    out = tmp_path / "faithfulness.json"
    assert main(["faithfulness", "--pictures", "2", "--out", str(out)]) == 0
    assert "deletion AUC" in capsys.readouterr().out
    table = faithfulness.load.__wrapped__(out)
    assert table["pictures"] == 2 and set(table["milliseconds"]) == set(faithfulness.METHODS)
    x = gallery.samples()[1].rgb().astype(np.float32) / 255.0
    k = int(net.forward(x)["logits"].argmax())
    first = gallery.samples()[0].rgb().astype(np.float32) / 255.0
    k0 = int(net.forward(first)["logits"].argmax())
    areas = [
        explain.auc(*explain.deletion_curve(net, p, c, explain.grad_cam(net, p, c))) for p, c in ((first, k0), (x, k))
    ]
    assert table["areas"]["gradcam_last"]["deletion"] == pytest.approx(np.mean(areas))


def test_the_page_names_the_methods_that_fail_the_check_over_the_samples():
    from cnn_viz import faithfulness
    from tests.apptest import PAGE, all_text, open_page

    table = faithfulness.load()
    r = table["randomisation"]["saliency"][-1]
    assert r > 0.5, "the input gradient still looks like its trained self with every layer noise"
    text = all_text(open_page(PAGE["why"], sample="cat-1"))
    assert f"Largely failing this check over the 60 test pictures: Input gradient ({r:+.2f})" in text
    assert "Grad-CAM, conv3 (" not in text.split("Largely failing")[1].split(".")[0]
