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
from cnn_viz.keras_file import ModelFileError
from tests import keras_tutorials, malformed_models


def saved(net, tmp_path, name="net.keras"):
    """The bytes of `net` saved as Keras saves it."""
    path = tmp_path / name
    net.save(path)
    return path.read_bytes()


def chain(net):
    """The Keras layers of a model whose layers form one chain, in order, a nested Sequential's
    one by one (TensorFlow's tutorial nests its augmentation layers so)."""
    import keras

    found = []
    for layer in net.layers:
        if isinstance(layer, keras.Sequential):
            found += chain(layer)
        elif not isinstance(layer, keras.layers.InputLayer):
            found.append(layer)
    return found


def keras_layers_out(net, x):
    """Every layer's output in Keras when the model predicts (training=False: the augmentation
    layers then do nothing), by the layer's name."""
    outs = {}
    for layer in chain(net):
        x = outs[layer.name] = layer(x, training=False)
    return {name: np.asarray(out) for name, out in outs.items()}


def build(layers, shape=(16, 16, 3), seed=0, functional=False):
    """A Sequential model with random weights (BatchNormalization's statistics too), or the
    same layers as a Functional chain."""
    import keras

    keras.utils.set_random_seed(seed)
    if functional:
        inputs = x = keras.Input(shape)
        for layer in layers:
            x = layer(x)
        net = keras.Model(inputs, x)
    else:
        net = keras.Sequential([keras.Input(shape), *layers])
    return keras_tutorials.with_statistics(net, seed)


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
        "dilated and grouped": lambda: [
            L.Conv2D(6, 3, dilation_rate=2, padding="same", activation="relu"),
            L.Conv2D(4, 3, groups=2, dilation_rate=(1, 2), activation="sigmoid"),
            L.Conv2D(6, (3, 2), groups=2, strides=2, padding="same", activation="tanh"),
            L.Conv2D(4, (2, 3), groups=2, dilation_rate=(2, 1), padding="same", activation="leaky_relu"),
            L.Flatten(),
            L.Dense(5, activation="tanh"),
            L.Dense(4),
        ],
        "depthwise and separable": lambda: [
            L.ZeroPadding2D(((1, 0), (2, 1))),
            L.DepthwiseConv2D(3, depth_multiplier=2, strides=2, activation="relu"),
            L.BatchNormalization(),
            L.SeparableConv2D(5, 3, padding="same", dilation_rate=2, activation="leaky_relu"),
            L.DepthwiseConv2D((2, 3), padding="same", use_bias=False),
            L.BatchNormalization(),
            L.LeakyReLU(negative_slope=0.1),
            L.SeparableConv2D(4, 3, strides=2, depth_multiplier=2, use_bias=False),
            L.BatchNormalization(),
            L.ReLU(negative_slope=0.05),
            L.GlobalAveragePooling2D(),
            L.Dense(3),
        ],
        "augmentation, zero padding, global max pooling": lambda: [
            L.RandomFlip("horizontal"),
            L.RandomRotation(0.1),
            L.RandomZoom(0.1),
            L.RandomTranslation(0.1, 0.1),
            L.RandomContrast(0.2),
            L.RandomBrightness(0.2),
            L.Rescaling(1 / 255),
            L.ZeroPadding2D(2),
            L.Conv2D(4, 3, activation="leaky_relu"),
            L.Activation("tanh"),
            L.ZeroPadding2D((1, 2)),
            L.MaxPooling2D(),
            L.GlobalMaxPooling2D(),
            L.Dense(5, activation="sigmoid"),
            L.Dense(3, activation="softmax"),
        ],
    }


SHAPES = {"grey, odd sizes": (15, 13, 1), "dilated and grouped": (14, 17, 3)}
FUNCTIONAL = {"depthwise and separable"}  # built as a Functional chain: it opens as a Sequential would
NEW = ["dilated and grouped", "depthwise and separable", "augmentation, zero padding, global max pooling"]


def opened(case, tmp_path):
    """(the Keras model of a case, ours read from its file, its input shape)."""
    shape = SHAPES.get(case, (16, 16, 3))
    net = build(cases()[case](), shape, functional=case in FUNCTIONAL)
    return net, keras_file.read(saved(net, tmp_path)), shape


def before_rescaling(ours):
    """Names of the layers that get 0-255 in Keras and 0-1 here (those before a first Rescaling
    that takes 0-255: augmentation layers)."""
    if not ours.takes_0_255:
        return set()
    first = next(i for i, layer in enumerate(ours.layers) if layer["kind"] == "rescale")
    return {layer["name"] for layer in ours.layers[:first]}


def theirs_for(net, ours, x):
    """Keras's output for each of our layers (a folded one's, the last Keras layer's it stands
    for), on x in 0-1; the depthwise half of a SeparableConv2D, computed by Keras's own
    depthwise convolution from that layer's depthwise kernel."""
    import keras

    given = x * 255 if ours.takes_0_255 else x  # such a model is given 0-255
    outs = keras_layers_out(net, given)
    keras_names = ["input", *outs]
    outs["input"] = given
    theirs = {}
    for layer in ours.layers:
        if "half_of" in layer:
            sep = next(found for found in chain(net) if found.name == layer["half_of"])
            below = outs[keras_names[keras_names.index(sep.name) - 1]]
            kernel, s, d = sep.depthwise_kernel, sep.strides, sep.dilation_rate
            found = keras.ops.depthwise_conv(below, kernel, strides=s, padding=sep.padding, dilation_rate=d)
        else:
            found = outs[layer["ends_at"]]
        theirs[layer["name"]] = np.asarray(found) / (255 if layer["name"] in before_rescaling(ours) else 1)
    return theirs


@pytest.mark.parametrize("case", ["the article's", "same and strides", "grey, odd sizes",
                                  "rescaling, batch norm, dropout, activations", *NEW])  # fmt: skip
def test_every_layer_equals_keras(case, tmp_path):
    net, ours, shape = opened(case, tmp_path)
    x = np.random.default_rng(1).random((4, *shape), dtype=np.float32)
    theirs, mine = theirs_for(net, ours, x), ours.forward(x)
    for layer in ours.layers:  # each of our layers gives a Keras layer's output (a folded one, the last's)
        name = layer["name"]
        np.testing.assert_allclose(mine[name], theirs[name], atol=1e-4, rtol=1e-4, err_msg=name)
    np.testing.assert_allclose(mine["probabilities"].sum(axis=1), 1, atol=1e-5)
    assert ours.parameters() <= net.count_params()  # folding removes BatchNormalization's own


def test_the_new_layers_become_the_engines_kinds(tmp_path):
    """What each new Keras layer is here: a DepthwiseConv2D a grouped convolution of one
    channel a group, a SeparableConv2D its depthwise half then a 1 x 1 convolution, dilation
    and groups kept, a LeakyReLU's slope merged into the layer before, augmentation layers shown
    as doing nothing."""
    _, ours, _ = opened("depthwise and separable", tmp_path)
    kinds = [(layer["kind"], layer.get("groups", 1), layer.get("dilation", (1, 1))) for layer in ours.layers]
    assert kinds == [
        ("zeropad", 1, (1, 1)),
        ("conv", 3, (1, 1)),  # 3 channels, 2 maps each: 6 filters in 3 groups
        ("scale", 1, (1, 1)),  # the convolution before it has its ReLU: not folded
        ("conv", 6, (2, 2)),  # the separable's depthwise half, dilated
        ("conv", 1, (1, 1)),  # its 1 x 1 half, with the activation
        ("conv", 5, (1, 1)),  # a depthwise convolution, its batch normalization folded in
        ("conv", 5, (1, 1)),  # a separable's depthwise half again
        ("conv", 1, (1, 1)),
        ("globalavg", 1, (1, 1)),
        ("dense", 1, (1, 1)),
    ]
    slopes = [(layer["name"], layer.get("negative_slope")) for layer in ours.layers if layer.get("activation")]
    assert [s for _, s in slopes] == [None, 0.2, 0.1, 0.05] and ours.layers[1]["filters"] == 6
    _, augmented, _ = opened("augmentation, zero padding, global max pooling", tmp_path)
    keras_names = [layer.get("keras") for layer in augmented.layers if layer["kind"] == "identity"]
    assert keras_names == list(identity_classes())
    assert augmented.takes_0_255, "the Rescaling after the augmentation layers takes 0-255"


def identity_classes():
    from cnn_viz import keras_kinds

    return keras_kinds.IDENTITY


def nothing_classes():
    """The layers shown as doing nothing, and those left out as doing nothing (Dropout's kin)."""
    from cnn_viz import keras_kinds

    return keras_kinds.IDENTITY + keras_kinds.DROPPED


ARGUMENTS = {
    "RandomFlip": (),
    "RandomRotation": (0.3,),
    "RandomZoom": (0.3,),
    "RandomTranslation": (0.3, 0.3),
    "RandomContrast": (0.5,),
    "RandomBrightness": (0.5,),
    "Dropout": (0.5,),
    "SpatialDropout2D": (0.5,),
    "GaussianDropout": (0.5,),
    "GaussianNoise": (0.5,),
}


@pytest.mark.parametrize("cls", nothing_classes())
def test_each_layer_read_as_doing_nothing_does_nothing_in_keras_when_predicting(cls):
    import keras

    layer = getattr(keras.layers, cls)(*ARGUMENTS[cls])
    x = np.random.default_rng(0).random((2, 12, 12, 3), dtype=np.float32) * 255
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)
    assert not np.array_equal(np.asarray(layer(x, training=True)), x), "it does something when training"


@pytest.mark.parametrize("tutorial", list(keras_tutorials.TUTORIALS))
def test_the_tutorials_models_open_and_equal_keras(tutorial, tmp_path):
    """The models a learner trains first (TensorFlow's image classification and CIFAR-10
    tutorials, Keras's MNIST convnet, a MobileNet-style Functional chain at 224 x 224) open,
    within the memory bound, and give Keras's numbers at every layer and for the input's gradient
    (the image classification model at 160 x 160: at its 180 it is refused, below)."""
    from cnn_viz import cost, gradients

    net = keras_tutorials.built(tutorial)
    ours = keras_file.read(saved(net, tmp_path))
    shape = keras_tutorials.TUTORIALS[tutorial][0]
    assert ours.input_shape == shape and cost.of(ours).fits()
    x = np.random.default_rng(3).random((2, *shape), dtype=np.float32)
    theirs, mine = theirs_for(net, ours, x), ours.forward(x)
    for layer in ours.layers:
        np.testing.assert_allclose(
            mine[layer["name"]], theirs[layer["name"]], atol=1e-4, rtol=1e-4, err_msg=layer["name"]
        )
    _, grads = gradients.class_gradients(ours, x[0], 1)
    want = tape_gradients(net, (x[:1] * 255 if ours.takes_0_255 else x[:1]), 1)["input"]
    want = want * (255 if ours.takes_0_255 else 1)
    np.testing.assert_allclose(grads["input"], want, rtol=1e-3, atol=1e-5 * np.abs(want).max())


def test_the_image_classification_tutorials_model_at_its_180_pixels_is_refused_as_too_costly(tmp_path):
    """Its gradient on one picture (Why this class?) needs about 75 MiB, over cnn_viz.cost.BUDGET
    (64 MiB): refused from its config, naming its widest layer, the first convolution's
    180 x 180 x 16 numbers."""
    net = keras_tutorials.built(keras_tutorials.image_classification)
    found = refusal(saved(net, tmp_path))
    assert found.key == "own.too_costly" and found.values["numbers"] == "518,400", str(found)
    assert found.values["layer"] == net.layers[2].name and found.values["limit"] == 64


def test_what_the_engine_cannot_run_as_keras_does_is_refused_by_name(tmp_path):
    """keepdims=True (maps of one pixel, not a vector), RandomCrop (it crops or resizes, it is
    no identity), a capped ReLU (ReLU6) and an activation not run here: one sentence each."""
    import keras

    L = keras.layers
    keep = build([L.GlobalAveragePooling2D(keepdims=True, name="gap"), L.Flatten(), L.Dense(2)])
    assert str(refusal(saved(keep, tmp_path, "k.keras"))) == "The layer gap cannot run with keepdims = True."
    crop = build([L.RandomCrop(12, 12, name="crop"), L.Flatten(), L.Dense(2)])
    assert refusal(saved(crop, tmp_path, "c.keras")).values == {"layer": "crop", "kind": "RandomCrop"}
    six = build([L.Conv2D(2, 3), L.ReLU(6.0, name="six"), L.Flatten(), L.Dense(2)])
    assert str(refusal(saved(six, tmp_path, "6.keras"))) == "The layer six cannot run with max_value = 6.0."
    gelu = build([L.Conv2D(2, 3, activation="gelu", name="c"), L.Flatten(), L.Dense(2)])
    assert str(refusal(saved(gelu, tmp_path, "g.keras"))) == (
        "The layer c uses the activation gelu; this app runs relu, leaky_relu, sigmoid, tanh, softmax and linear."
    )


def tape_gradients(net, x, k):
    """(the class score's gradient for x and for every Keras layer's output, by name) with
    tf.GradientTape; the score is taken before a last softmax, as ours is."""
    import keras
    import tensorflow as tf

    with tf.GradientTape(persistent=True) as tape:
        h = tf.constant(x)
        tape.watch(h)
        outs = {"input": h}
        for layer in chain(net):
            h = outs[layer.name] = layer(h, training=False)
        last, before = chain(net)[-1], list(outs.values())[-2]
        if isinstance(last, keras.layers.Activation):
            logits = before
        elif getattr(last, "activation", None) is keras.activations.softmax:
            logits = tf.matmul(before, last.kernel) + last.bias
        else:
            logits = h
        score = logits[0, k]
    found = {name: tape.gradient(score, out) for name, out in outs.items()}
    return {name: np.asarray(g)[0] for name, g in found.items() if g is not None}  # not the probabilities


@pytest.mark.parametrize("case", ["same and strides", "grey, odd sizes", "rescaling, batch norm, dropout, activations",
                                  *NEW])  # fmt: skip
def test_gradients_and_grad_cam_equal_tensorflows(case, tmp_path):
    """Backpropagation through strides, "same" padding, average and overlapping max pooling,
    folded batch normalization and rescaling, dilated, grouped, depthwise and separable
    convolutions, zero padding, global pooling, leaky ReLU, sigmoid and tanh, against
    tf.GradientTape: the input's and every layer's gradient, and Grad-CAM on every convolution."""
    from cnn_viz import explain, gradients

    net, ours, shape = opened(case, tmp_path)
    x = np.random.default_rng(2).random(shape, dtype=np.float32)
    k = 1
    theirs = tape_gradients(net, (x * 255 if ours.takes_0_255 else x)[None], k)
    outputs, grads = gradients.class_gradients(ours, x, k)
    scale = 255 if ours.takes_0_255 else 1  # ours is given 0-1, Keras's model 0-255
    close = lambda a, b, what: np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-5 * np.abs(b).max(), err_msg=what)
    close(grads["input"], theirs["input"] * scale, "input")
    early = before_rescaling(ours)
    for layer in ours.layers[:-1]:
        if "half_of" not in layer:  # a SeparableConv2D's depthwise half has no Keras output of its own
            their = theirs[layer["ends_at"]] * (scale if layer["name"] in early else 1)
            close(grads[layer["name"]], their, layer["name"])
    for conv in explain.cam_layers(ours):
        alpha = grads[conv].mean(axis=(0, 1))
        cells = explain.grad_cam_cells(ours, x, k, conv)
        if "half_of" not in ours.layer(conv):
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
    with pytest.raises(ModelFileError) as refused:
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


def test_a_functional_model_that_branches_and_a_custom_class_are_refused(tmp_path):
    import keras

    L = keras.layers
    inputs = keras.Input((16, 16, 3), name="picture")
    a, b = L.Conv2D(2, 3, name="left")(inputs), L.Conv2D(2, 3, name="right")(inputs)
    out = L.Dense(2)(L.Flatten()(L.Add(name="sum")([a, b])))
    branched = refusal(saved(keras.Model(inputs, out), tmp_path))
    assert branched.key == "own.branches" and branched.values == {"layer": "picture"}, "its output goes two ways"
    x = L.Conv2D(2, 3, padding="same", name="c")(inputs)
    skip = L.Add(name="skip")([L.Conv2D(2, 3, padding="same", name="d")(x), x])
    residual = keras.Model(inputs, L.Dense(2)(L.Flatten()(skip)))
    assert str(refusal(saved(residual, tmp_path, "r.keras"))) == (
        "The layers of this model branch or merge at skip: this app follows one chain of layers, from the picture "
        "to the class scores, so it cannot open it."
    )
    second = keras.Input((16, 16, 3), name="second")
    both = L.Concatenate(name="both")([L.Conv2D(2, 3)(inputs), L.Conv2D(2, 3)(second)])
    two = keras.Model([inputs, second], L.Dense(2)(L.Flatten()(both)))
    assert refusal(saved(two, tmp_path, "two.keras")).key == "own.branches"
    two_outputs = keras.Model(inputs, [L.Dense(2, name="first")(L.Flatten()(x)), L.Dense(3)(L.Flatten()(x))])
    assert refusal(saved(two_outputs, tmp_path, "o.keras")).key == "own.branches"
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

    tall = build([keras.layers.Flatten(), keras.layers.Dense(2)], shape=(225, 100, 3))
    assert str(refusal(saved(tall, tmp_path))) == (
        "The model takes inputs of 225 x 100 x 3; this app shows pictures of 8 to 224 pixels a side with 1 or 3 "
        "channels."
    )
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


def test_a_chain_written_as_a_functional_model_or_a_depthwise_convolution_opens_as_its_twin():
    """tiny written as Keras writes the same chain as a Functional model, and with its
    convolution written as the DepthwiseConv2D it equals on one channel: the same numbers."""
    x = np.random.default_rng(0).random((3, 8, 8, 1), dtype=np.float32)
    want = keras_file.read(malformed_models.TINY.read_bytes()).forward(x)
    for make in (malformed_models.chained(), malformed_models.as_depthwise(2)):
        net = keras_file.read(make())
        got = net.forward(x)
        assert [layer["name"] for layer in net.layers] == ["edges", "shrink", "flatten", "scores"]
        for name in ("edges", "shrink", "scores"):
            np.testing.assert_allclose(got[name], want[name], rtol=1e-6, err_msg=name)
    assert keras_file.read(malformed_models.as_depthwise(2)()).layers[0]["groups"] == 1, "one channel: one group"


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
except keras_file.ModelFileError as error:
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


def test_the_parameter_count_is_kerass_for_layers_saved_without_a_bias(tmp_path):
    """The engine adds zeros where Keras saved no bias (use_bias=False, a separable layer's
    depthwise half): the layer table counts Keras's parameters, not those zeros; a bias a
    folded batch normalization gives is counted, as it is a real number now."""
    import keras

    L = keras.layers
    layers = [L.Conv2D(4, 3, use_bias=False), L.SeparableConv2D(6, 3), L.DepthwiseConv2D(3, use_bias=False)]
    net = build([*layers, L.Flatten(), L.Dense(3, use_bias=False)])
    ours = keras_file.read(saved(net, tmp_path))
    assert ours.parameters() == net.count_params()
    counted = {row["name"]: row["parameters"] for row in ours.summary()}
    assert sum(counted.values()) == net.count_params()
    folded = build([L.Conv2D(4, 3, use_bias=False), L.BatchNormalization(), L.Flatten(), L.Dense(2)])
    opened = keras_file.read(saved(folded, tmp_path, "folded.keras"))
    assert opened.summary()[0]["parameters"] == 3 * 3 * 3 * 4 + 4, "the folded shift is the convolution's bias"


@pytest.mark.parametrize("activation", ["sigmoid", "linear", "softmax"])
def test_a_model_of_one_output_is_refused_in_one_sentence(activation, tmp_path):
    """One output is a yes/no score or a number: as "a class", every picture would be 100% of it."""
    import keras

    L = keras.layers
    net = build([L.Conv2D(2, 3), L.Flatten(), L.Dense(1, activation=activation, name="yes")])
    found = refusal(saved(net, tmp_path))
    assert found.key == "own.one_class"
    assert "Dense(2" in str(found), "it says what would open"
