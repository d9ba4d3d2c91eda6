"""The shipped model: its architecture, its metrics file, and the numpy engine against Keras."""

import json

import numpy as np
import pytest

from cnn_viz import architecture, data, gallery, metrics, model, numbers


def test_keras_model_is_the_articles_network(keras_model, net):
    kinds = [type(layer).__name__ for layer in keras_model.layers]
    assert kinds == ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "Flatten", "Dense", "Dense"]
    assert keras_model.input_shape == (None, 32, 32, 3)
    assert [layer.output.shape[1:] for layer in keras_model.layers] == [
        (30, 30, 32),
        (15, 15, 32),
        (13, 13, 64),
        (6, 6, 64),
        (4, 4, 64),
        (1024,),
        (64,),
        (10,),
    ]
    assert keras_model.count_params() == net.parameters() == 122_570
    assert [r["parameters"] for r in net.summary() if r["parameters"]] == [896, 18_496, 36_928, 65_600, 650]
    assert [r["output_shape"] for r in net.summary()] == [layer.output.shape[1:] for layer in keras_model.layers]
    assert keras_model.layers[-1].get_config()["activation"] == "linear", "the last layer gives logits"


def test_keras_builds_the_shipped_network_from_the_engines_specs(keras_model):
    """Training builds its Keras model from architecture.SPECS: with the shipped weights it
    computes what the shipped model computes (so every stride and padding was read right)."""
    from cnn_viz import train

    built = train.build_model()
    built.set_weights(keras_model.get_weights())
    x = np.random.default_rng(1).random((3, 32, 32, 3), dtype=np.float32)
    np.testing.assert_allclose(built(x), keras_model(x), atol=1e-6)
    assert [layer.name for layer in built.layers] == [spec["name"] for spec in architecture.SPECS]


def _saved_weights():
    with np.load(model.WEIGHTS_PATH, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


@pytest.mark.parametrize(
    "change,words",
    [
        (
            lambda w: w.update({"conv2/kernel": w["conv2/kernel"][..., :32]}),
            r"conv2's kernel has shape \(3, 3, 32, 32\)",
        ),
        # PyTorch's layout holds as many numbers: only the shape tells it from Keras's
        (lambda w: w.update({"conv1/kernel": w["conv1/kernel"].transpose(3, 2, 0, 1)}), r"expects \(3, 3, 3, 32\)"),
        (lambda w: w.pop("logits/bias"), "logits/bias"),
    ],
)
def test_weights_of_another_network_are_refused_at_load(tmp_path, change, words):
    weights = _saved_weights()
    change(weights)
    np.savez(tmp_path / "other.npz", **weights)
    with pytest.raises(model.ModelUnavailable, match=words):
        model.load(tmp_path / "other.npz")


def test_weights_file_is_plain_numpy():
    with np.load(model.WEIGHTS_PATH, allow_pickle=False) as weights:
        assert sorted(weights.files) == sorted(
            f"{n}/{p}" for n in ("conv1", "conv2", "conv3", "dense", "logits") for p in ("kernel", "bias")
        )


def _inputs(cifar10):
    """100 CIFAR-10 test pictures (10 per class) and 20 random inputs."""
    x, y = data.load_split_cached(cifar10 / "test")
    real = np.concatenate([x[y == label][:10] for label in range(10)]).astype(np.float32) / 255.0
    noise = np.random.default_rng(0).random((20, 32, 32, 3), dtype=np.float32)
    return np.concatenate([real, noise])


@pytest.mark.slow
def test_numpy_engine_equals_keras_on_every_layer(keras_model, net, cifar10):
    x = _inputs(cifar10)
    import keras

    probe = keras.Model(keras_model.inputs, [layer.output for layer in keras_model.layers])
    expected = dict(zip([layer.name for layer in keras_model.layers], probe(x, training=False)))
    ours = net.forward(x)
    for name, value in expected.items():
        np.testing.assert_allclose(ours[name], np.asarray(value), atol=1e-4, rtol=1e-4, err_msg=name)
    np.testing.assert_allclose(ours["probabilities"].sum(axis=1), 1.0, rtol=1e-5)


def test_single_image_forward_matches_batch(net):
    x = np.stack([s.rgb() for s in gallery.samples()[:3]]).astype(np.float32) / 255.0
    batch = net.forward(x)
    one = net.forward(x[1])
    # float32 sums of 288 products: BLAS may block a batch and a single picture differently
    # (it depends on its thread count), so the last bits may differ; 1e-6 absolute is far below
    # any digit the app shows.
    np.testing.assert_allclose(one["conv2"], batch["conv2"][1], rtol=1e-5, atol=1e-6)
    assert one["probabilities"].shape == (10,)


def test_metrics_file_is_complete_and_consistent():
    m = json.loads(model.METRICS_PATH.read_text())
    assert 0 < m["test_accuracy"] <= 1
    matrix = np.array(m["confusion_matrix"])
    assert matrix.shape == (10, 10)
    assert matrix.trace() / matrix.sum() == pytest.approx(m["test_accuracy"])
    assert list(m["per_class_accuracy"]) == list(data.CLASSES)
    assert m["parameters"] == 122_570
    epochs = m["recipe"]["epochs"]
    assert all(len(m["history"][k]) == epochs for k in ("train_loss", "train_accuracy", "test_loss", "test_accuracy"))
    assert m["data_source"] and m["test_data"] and m["versions"]["tensorflow"]


@pytest.mark.slow
def test_shipped_model_reaches_72_percent_on_the_test_folder(net, cifar10):
    """Measured here again, not read from the file: the number the app shows must be true."""
    x, y = data.load_split_cached(cifar10 / "test")
    result = metrics.evaluate(net, x, y)
    recorded = json.loads(model.METRICS_PATH.read_text())
    assert result["n_images"] == 10_000
    assert result["accuracy"] == pytest.approx(recorded["test_accuracy"], abs=1e-4)
    assert recorded["data_source"] == data.SOURCE_FOLDER
    assert result["accuracy"] >= 0.72


def test_the_shipped_networks_shapes_run_from_the_input_to_the_logits(net):
    shapes = net.shapes()
    assert shapes["input"] == (32, 32, 3) and shapes["conv3"] == (4, 4, 64) and shapes["logits"] == (10,)
    assert [r["parameters"] for r in net.summary()] == [896, 0, 18_496, 0, 36_928, 0, 65_600, 650]
    assert net.parameters() == 122_570
    assert numbers.shape_text((4, 4, 64)) == "4 x 4 x 64"


def test_the_samples_predictions_are_the_networks(net):
    found = gallery.predictions(net)
    assert [p.sample for p in found] == list(gallery.samples())
    for p in found[::7]:
        probs = net.forward(p.sample.rgb().astype(np.float32) / 255.0)["probabilities"]
        assert p.predicted == data.CLASSES[int(probs.argmax())]
        assert p.probability == pytest.approx(probs.max(), rel=1e-5)
        assert p.right == (p.predicted == p.sample.label)
