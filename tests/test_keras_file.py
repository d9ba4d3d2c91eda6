"""A visitor's .keras file, read without TensorFlow: every layer's output equals Keras's, and
what cannot be read here is refused in one sentence that names the layer."""

import io
import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from cnn_viz import keras_file, model
from cnn_viz.keras_file import KerasFileError
from tests import malformed_models


def saved(net, tmp_path, name="net.keras"):
    """The bytes of `net` saved as Keras saves it."""
    path = tmp_path / name
    net.save(path)
    return path.read_bytes()


def keras_layers_out(net, x):
    """Every layer's output in Keras, by the layer's name."""
    import keras

    probe = keras.Model(net.inputs, [layer.output for layer in net.layers])
    return {layer.name: np.asarray(out) for layer, out in zip(net.layers, probe(x))}


def build(layers, shape=(16, 16, 3), seed=0):
    """A Sequential model with random weights (BatchNormalization's statistics too)."""
    import keras

    keras.utils.set_random_seed(seed)
    net = keras.Sequential([keras.Input(shape), *layers])
    rng = np.random.default_rng(seed)
    for layer in net.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights(
                [
                    rng.normal(1, 0.2, gamma.shape),
                    rng.normal(0, 0.2, beta.shape),
                    rng.normal(0, 0.3, mean.shape),
                    rng.uniform(0.5, 2, var.shape),
                ]
            )
    return net


def cases():
    import keras

    L = keras.layers
    return {
        "the article's": lambda: [L.Conv2D(8, 3, activation="relu"), L.MaxPooling2D(), L.Flatten(), L.Dense(10)],
        "same and strides": lambda: [
            L.Conv2D(6, (3, 5), strides=2, padding="same", activation="relu"),
            L.AveragePooling2D(3, strides=2, padding="same"),
            L.Conv2D(4, 2, padding="same"),
            L.MaxPooling2D(3, strides=1, padding="same"),
            L.Flatten(),
            L.Dense(5, activation="softmax"),
        ],
        "grey, odd sizes": lambda: [
            L.Conv2D(3, 4, strides=(2, 1), activation="relu"),
            L.MaxPooling2D((3, 2), strides=(1, 2)),
            L.Conv2D(4, 3, padding="same", activation="relu"),
            L.Flatten(),
            L.Dense(6, activation="relu"),
            L.Dense(4),
        ],
        "rescaling, batch norm, dropout, activations": lambda: [
            L.Rescaling(1 / 255, offset=-0.5),
            L.Conv2D(5, 3, use_bias=False),
            L.BatchNormalization(),
            L.ReLU(),
            L.MaxPooling2D(2),
            L.BatchNormalization(),
            L.Dropout(0.5),
            L.Flatten(),
            L.Dense(7),
            L.BatchNormalization(),
            L.Activation("relu"),
            L.Dense(3),
            L.Activation("softmax"),
        ],
    }


SHAPES = {"grey, odd sizes": (15, 13, 1)}


@pytest.mark.parametrize(
    "case", ["the article's", "same and strides", "grey, odd sizes", "rescaling, batch norm, dropout, activations"]
)
def test_every_layer_equals_keras(case, tmp_path):
    shape = SHAPES.get(case, (16, 16, 3))
    net = build(cases()[case](), shape)
    ours = keras_file.read(saved(net, tmp_path))
    x = np.random.default_rng(1).random((4, *shape), dtype=np.float32)
    theirs = keras_layers_out(net, x * 255 if ours.takes_0_255 else x)  # such a model is given 0-255
    mine = ours.forward(x)
    for layer in ours.layers:  # each of our layers gives a Keras layer's output (a folded one, the last's)
        name = layer["name"]
        np.testing.assert_allclose(mine[name], theirs[layer["ends_at"]], atol=1e-4, rtol=1e-4, err_msg=name)
    np.testing.assert_allclose(mine["probabilities"].sum(axis=1), 1, atol=1e-5)
    assert ours.parameters() <= net.count_params()  # folding removes BatchNormalization's own


def tape_gradients(net, x, k):
    """(the class score's gradient for x and for every Keras layer's output, by name) with
    tf.GradientTape; the score is taken before a last softmax, as ours is."""
    import keras
    import tensorflow as tf

    with tf.GradientTape(persistent=True) as tape:
        h = tf.constant(x)
        tape.watch(h)
        outs = {"input": h}
        for layer in net.layers:
            h = layer(h, training=False)
            outs[layer.name] = h
        last, before = net.layers[-1], list(outs.values())[-2]
        if isinstance(last, keras.layers.Activation):
            logits = before
        elif getattr(last, "activation", None) is keras.activations.softmax:
            logits = tf.matmul(before, last.kernel) + last.bias
        else:
            logits = h
        score = logits[0, k]
    found = {name: tape.gradient(score, out) for name, out in outs.items()}
    return {name: np.asarray(g)[0] for name, g in found.items() if g is not None}  # not the probabilities


@pytest.mark.parametrize("case", ["same and strides", "grey, odd sizes", "rescaling, batch norm, dropout, activations"])
def test_gradients_and_grad_cam_equal_tensorflows(case, tmp_path):
    """Backpropagation through strides, "same" padding, average and overlapping max pooling,
    folded batch normalization and rescaling, against tf.GradientTape: the input's and every
    layer's gradient, and Grad-CAM on every convolution."""
    from cnn_viz import explain, gradients

    shape = SHAPES.get(case, (16, 16, 3))
    net = build(cases()[case](), shape)
    ours = keras_file.read(saved(net, tmp_path))
    x = np.random.default_rng(2).random(shape, dtype=np.float32)
    k = 1
    theirs = tape_gradients(net, (x * 255 if ours.takes_0_255 else x)[None], k)
    outputs, grads = gradients.class_gradients(ours, x, k)
    scale = 255 if ours.takes_0_255 else 1  # ours is given 0-1, Keras's model 0-255
    close = lambda a, b, what: np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-5 * np.abs(b).max(), err_msg=what)
    close(grads["input"], theirs["input"] * scale, "input")
    for layer in ours.layers[:-1]:
        close(grads[layer["name"]], theirs[layer["ends_at"]], layer["name"])
    for conv in explain.cam_layers(ours):
        alpha = grads[conv].mean(axis=(0, 1))
        cells = explain.grad_cam_cells(ours, x, k, conv)
        their_alpha = theirs[ours.layer(conv)["ends_at"]].mean(axis=(0, 1))
        want = np.maximum((outputs[conv] * their_alpha).sum(axis=2), 0)
        np.testing.assert_allclose(cells, want, rtol=1e-3, atol=1e-5)
        assert alpha.shape == (outputs[conv].shape[2],)
        assert explain.grad_cam(ours, x, k, conv).shape == shape[:2]


def test_batch_normalization_is_folded_into_the_layer_before_and_said_to_be(tmp_path):
    import keras

    L = keras.layers
    net = build([L.Conv2D(5, 3), L.BatchNormalization(), L.Flatten(), L.Dense(2)])
    ours = keras_file.read(saved(net, tmp_path))
    assert [layer["kind"] for layer in ours.layers] == ["conv", "flatten", "dense"]
    assert ours.layers[0]["folded"] == net.layers[1].name


def test_the_shipped_network_read_from_its_keras_file_is_the_served_one():
    ours = keras_file.read(model.KERAS_PATH.read_bytes(), "cifar10_cnn")
    served = model.load()
    x = np.random.default_rng(2).random((3, 32, 32, 3), dtype=np.float32)
    theirs, mine = served.forward(x), ours.forward(x)
    for layer in ours.layers:
        np.testing.assert_allclose(mine[layer["name"]], theirs[layer["name"]], atol=1e-5, err_msg=layer["name"])
    assert ours.parameters() == 122_570 and ours.classes == tuple(f"class {i}" for i in range(10))


def test_class_names_come_from_the_files_metadata(tmp_path):
    import keras

    net = build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(8, 8, 1))
    data = with_class_names(saved(net, tmp_path), ["mascot", "pencil case"])
    assert keras_file.read(data).classes == ("mascot", "pencil case")


def with_class_names(data, names):
    """The .keras bytes with these class names in its metadata, as a training script may write them."""
    return rewritten(data, "metadata.json", lambda meta: {**meta, "class_names": names})


def rewritten(data, member, change):
    """The .keras bytes with one JSON member changed."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            raw = source.read(info.filename)
            if info.filename == member:
                raw = json.dumps(change(json.loads(raw))).encode()
            target.writestr(info.filename, raw)
    return out.getvalue()


def refusal(data):
    with pytest.raises(KerasFileError) as refused:
        keras_file.read(data)
    return refused.value


def test_a_layer_it_cannot_run_is_refused_by_name(tmp_path):
    import keras

    L = keras.layers
    lam = build([L.Lambda(lambda x: x * 2, name="doubler"), L.Flatten(), L.Dense(2)])
    lam_bytes = saved(lam, tmp_path, "lambda.keras")
    found = refusal(lam_bytes)
    assert found.key == "own.layer_refused" and found.values["layer"] == "doubler"
    upsample = build([L.UpSampling2D(name="bigger"), L.Flatten(), L.Dense(2)])
    assert refusal(saved(upsample, tmp_path, "up.keras")).values == {"layer": "bigger", "kind": "UpSampling2D"}
    leaky = build([L.Conv2D(2, 3, activation="gelu", name="c"), L.Flatten(), L.Dense(2)])
    assert refusal(saved(leaky, tmp_path, "gelu.keras")).key == "own.activation"


def test_a_functional_model_and_a_custom_class_are_refused(tmp_path):
    import keras

    inputs = keras.Input((16, 16, 3))
    a, b = keras.layers.Conv2D(2, 3)(inputs), keras.layers.Conv2D(2, 3)(inputs)
    out = keras.layers.Dense(2)(keras.layers.Flatten()(keras.layers.Add()([a, b])))
    branched = saved(keras.Model(inputs, out), tmp_path)
    assert refusal(branched).key == "own.not_sequential"
    net = build([keras.layers.Flatten(), keras.layers.Dense(2)])
    custom = rewritten(saved(net, tmp_path, "c.keras"), "config.json", with_custom_layer)
    assert refusal(custom).key == "own.layer_refused"


def with_custom_layer(config):
    config["config"]["layers"][1]["module"] = "my_project.layers"
    config["config"]["layers"][1]["registered_name"] = "MyProject>Flatten"
    return config


def test_bounds_before_anything_is_inflated(tmp_path):
    assert refusal(b"not a zip").key == "own.not_keras"
    too_big = refusal(b"x" * (keras_file.MAX_FILE_BYTES + 1))
    assert str(too_big) == "This file is 20.1 MB; a model here can be at most 20 MB.", "not 20.0 MB, at most 20"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", "{}")
        z.writestr("model.weights.h5", b"\0" * 30_000_000)  # 30 MB of zeros: about 30 KB packed
    assert refusal(bomb.getvalue()).key == "own.bomb"
    import keras

    wide = build([keras.layers.Flatten(), keras.layers.Dense(7000)], shape=(32, 32, 3))  # 21.5 M parameters
    path = tmp_path / "wide.keras"
    wide.save(path)
    data = path.read_bytes()
    assert refusal(data).key in ("own.file_too_big", "own.bomb", "own.too_many")


def test_an_input_it_cannot_show_is_refused(tmp_path):
    import keras

    tall = build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(100, 100, 3))
    assert refusal(saved(tall, tmp_path)).key == "own.input_shape"
    four = build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(16, 16, 4))
    assert refusal(saved(four, tmp_path, "four.keras")).key == "own.input_shape"


def test_weights_that_are_not_finite_are_refused(tmp_path):
    import keras

    net = build([keras.layers.Flatten(), keras.layers.Dense(2, name="out")])
    kernel, bias = net.layers[-1].get_weights()
    kernel[0, 0] = np.nan
    net.layers[-1].set_weights([kernel, bias])
    found = refusal(saved(net, tmp_path))
    assert found.key == "own.not_finite" and found.values["layer"] == "out"


def test_a_picture_is_fitted_to_the_models_own_input(tmp_path):
    """A grey 24 x 16 model gets the picture's centre at its proportions, as luminance, 0-1;
    one that begins with Rescaling divides 0-255 itself: its first layer gives what Keras's
    does on 0-255 (the app folds the 255 into that layer, so every network is given 0-1)."""
    import keras

    from cnn_viz import images

    grey = keras_file.read(saved(build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(24, 16, 1)), tmp_path))
    rgb = np.zeros((300, 300, 3), np.uint8)
    rgb[:, 100:200] = (255, 0, 0)  # a red band down the middle: the 2:3 crop is mostly red
    x = grey.input_from(rgb)
    assert x.shape == (24, 16, 1) and x.dtype == np.float32 and x.min() >= 0 and x.max() <= 1
    np.testing.assert_allclose(x[12, 8, 0], 0.299, atol=0.01)  # red's luminance, ITU-R 601
    scaled = build([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(2)])
    own = keras_file.read(saved(scaled, tmp_path, "scaled.keras"))
    x = own.input_from(rgb)
    assert own.takes_0_255 and x.max() == 1
    rescaled = own.forward(x)[own.layers[0]["name"]]
    np.testing.assert_allclose(rescaled, np.asarray(scaled.layers[0](x[None] * 255))[0], rtol=1e-6)
    np.testing.assert_array_equal(images.fit_input(rgb, 32, 32, 3), images.model_input_steps(rgb)["resized"])


def with_weights(data, build_h5):
    """The .keras bytes with model.weights.h5 replaced by what build_h5(h5py.File) writes."""
    import h5py

    raw = io.BytesIO()
    with h5py.File(raw, "w") as f:
        build_h5(f)
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = raw.getvalue() if info.filename == "model.weights.h5" else source.read(info.filename)
            target.writestr(info.filename, member)
    return out.getvalue()


def test_weights_that_point_elsewhere_or_unpack_into_gigabytes_are_refused_unread(tmp_path):
    """HDF5 can store an array in another file (external storage, external or soft links, a
    virtual dataset) and compress a huge array of zeros into a few kilobytes: none is read."""
    import keras

    data = saved(build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(8, 8, 1)), tmp_path)
    secret = tmp_path / "secret.bin"
    secret.write_bytes(np.arange(128, dtype=np.float32).tobytes())

    def kernel_elsewhere(f):
        f.create_dataset("layers/dense/vars/0", shape=(64, 2), dtype="f4", external=[(str(secret), 0, 512)])
        f.create_dataset("layers/dense/vars/1", data=np.zeros(2, np.float32))

    def linked_elsewhere(f):
        f["layers/dense/vars/0"] = h5py_external(str(secret))
        f.create_dataset("layers/dense/vars/1", data=np.zeros(2, np.float32))

    def bomb(f):
        f.create_dataset(
            "layers/dense/vars/0", shape=(40_000, 40_000), dtype="f4", chunks=(1000, 1000), compression="gzip"
        )  # 6.4 GB of zeros, a few kilobytes on disk
        f.create_dataset("layers/dense/vars/1", data=np.zeros(2, np.float32))

    for build_h5 in (kernel_elsewhere, linked_elsewhere):
        assert refusal(with_weights(data, build_h5)).key == "own.not_keras", build_h5.__name__
    crafted = with_weights(data, bomb)
    assert len(crafted) < 1_000_000 and refusal(crafted).key == "own.too_many"


def h5py_external(path):
    import h5py

    return h5py.ExternalLink(path, "/data")


# ------------------------------------------------------------- malformed files (issue 35, item 7)


@pytest.mark.parametrize("what", list(malformed_models.CORPUS))
def test_every_malformed_model_is_one_sentence(what):
    """Settings of the wrong type or range, a broken structure, numbers that are not finite
    (in the config, or on the way through the layers), weights that do not match their layer,
    a config too large as objects: each is the sentence meant for it, in both languages."""
    key, make = malformed_models.CORPUS[what]
    found = refusal(make())
    assert found.key == key, str(found)
    for lang, end in (("en", "."), ("zh", "。")):
        sentence = found.message(lang)
        assert sentence.endswith(end) and "\n" not in sentence and "{" not in sentence, sentence


def test_the_sentences_name_the_layer_the_setting_and_the_counts():
    corpus = malformed_models.CORPUS
    strides = refusal(corpus["strides [0, 0]"][1]())
    assert str(strides) == "The layer edges cannot run with strides = (0, 0)."
    assert refusal(corpus["a bias of the wrong length"][1]()).values == {"layer": "edges"}
    assert refusal(corpus["a negative variance"][1]()).values == {"layer": "norm"}
    assert refusal(corpus["rescaling scale 1e308"][1]()).values == {"layer": "rs"}, "the first layer that overflows"
    assert str(refusal(corpus["201 layers"][1]())) == "This model has 201 layers; this app opens models of at most 200."


def test_a_model_of_as_many_layers_as_allowed_in_kerass_own_form_opens():
    """MAX_LAYERS layers written as Keras writes them (every initializer and dtype policy) fit
    the JSON's bounds with room to spare, and open."""
    config, arrays, metadata = malformed_models.tiny()
    entries = config["config"]["layers"]
    conv = entries[malformed_models.CONV]
    for i in range(1, keras_file.MAX_LAYERS - 3):
        entries.insert(1 + i, json.loads(json.dumps(conv)) | {"name": f"conv_{i}"})
        entries[1 + i]["config"].update(name=f"conv_{i}", padding="same")
        arrays[f"layers/conv2d_{i}/vars/0"] = np.full((3, 3, 2, 2), 0.05, np.float32)
        arrays[f"layers/conv2d_{i}/vars/1"] = np.zeros(2, np.float32)
    raw = json.dumps(config).encode()
    assert len(raw) < keras_file.MAX_JSON_BYTES["config.json"] / 3
    net = keras_file.read(malformed_models.keras_bytes(config, arrays, metadata))
    assert len(net.layers) == keras_file.MAX_LAYERS and net.classes == ("dark", "light")


def test_layers_named_like_the_outputs_forward_adds_or_like_each_other_are_renamed():
    """A layer called "probabilities", "input" or "logits" would overwrite what every page reads
    from forward(); two layers of one name would share weights. Such names get a suffix ("logits"
    stays where its output is the class scores: the shipped network's last layer is so named)."""
    config, arrays, metadata = malformed_models.tiny()
    entries = config["config"]["layers"]
    cases = {
        ("probabilities", "logits", "scores", "scores"): ["probabilities_1", "logits_1", "scores", "scores_1"],
        ("input", "scores", "flat", "logits"): ["input_1", "scores", "flat", "logits_1"],  # logits with a softmax
    }
    for names, want in cases.items():
        for entry, name in zip(entries[1:], names):
            entry["config"]["name"] = name
        net = keras_file.read(malformed_models.keras_bytes(config, arrays, metadata))
        assert [layer["name"] for layer in net.layers] == want
        outputs = net.forward(np.full((8, 8, 1), 0.5, np.float32))
        assert outputs["probabilities"].shape == (2,) and outputs["probabilities"].sum() == pytest.approx(1)
        assert outputs["input"].shape == (8, 8, 1) and outputs[want[0]].shape == (6, 6, 2)
        assert outputs[want[3]].sum() == pytest.approx(1), "the last layer's own softmax, not the scores"
    entries[-1]["config"]["activation"] = "linear"
    assert keras_file.read(malformed_models.keras_bytes(config, arrays, metadata)).layers[-1]["name"] == "logits"


MEASURE = """
import json, resource, sys, time
from cnn_viz import keras_file
data = open(sys.argv[1], "rb").read()
before, start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
try:
    keras_file.read(data)
    key = None
except keras_file.KerasFileError as error:
    key = error.key
seconds, peak = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps([key, seconds, (peak - before) / 1024]))
"""


@pytest.mark.parametrize("what", ["8 M empty lists", "200,000 empty lists", "nested 1,000 deep", "201 layers"])
def test_a_config_that_would_be_gigabytes_of_objects_is_refused_at_once_in_little_memory(what, tmp_path):
    """The sweep's 0.63 MB file of 8 M empty lists cost json.loads +583 MB of peak RSS and
    1.7 s here: now its size, or the scan of its bytes, refuses it first (each in a fresh
    process, whose peak RSS is its own)."""
    from cnn_viz import ROOT

    key, make = malformed_models.CORPUS[what]
    path = tmp_path / "m.keras"
    path.write_bytes(make())
    done = subprocess.run([sys.executable, "-c", MEASURE, path], cwd=ROOT, capture_output=True, text=True, timeout=120)
    refused, seconds, megabytes = json.loads(done.stdout.splitlines()[-1])
    assert refused == key and seconds < 1 and megabytes < 40, (refused, seconds, megabytes)
