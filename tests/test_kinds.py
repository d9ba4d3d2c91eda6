"""The engine's table of layer kinds (cnn_viz.layers.KINDS): each kind, each variant of
convolution and each activation against its Keras layer, forward and backward (the backward
chained as explain's gradients are, against tf.GradientTape), and an unknown kind refused by
name wherever it is read."""

import numpy as np
import pytest

from cnn_viz import cost, explain, layers, model


def conv_weights(layer):
    """(kernel, bias) of a Keras convolution in the engine's layout: a DepthwiseConv2D's
    (kh, kw, C, m) kernel becomes a grouped one, (kh, kw, 1, C * m)."""
    kernel, bias = layer.get_weights()
    if type(layer).__name__ == "DepthwiseConv2D":
        kh, kw, c, m = kernel.shape
        kernel = kernel.reshape(kh, kw, 1, c * m)
    return kernel, bias


def case(name):
    """(Keras layer, our spec, input shape) for each kind or variant tested here."""
    import keras

    L = keras.layers
    conv = dict(kind="conv", strides=(1, 1), padding="valid")
    cases = {
        "dilated conv": (
            L.Conv2D(4, 3, dilation_rate=2, activation="relu"),
            dict(conv, filters=4, size=(3, 3), dilation=(2, 2), activation="relu"),
            (11, 12, 3),
        ),
        "dilated conv, same": (
            L.Conv2D(5, (3, 2), dilation_rate=(2, 3), padding="same"),
            dict(conv, filters=5, size=(3, 2), dilation=(2, 3), padding="same"),
            (10, 9, 3),
        ),
        "grouped conv, strides, same": (
            L.Conv2D(6, 3, groups=3, strides=2, padding="same", activation="tanh"),
            dict(conv, filters=6, size=(3, 3), groups=3, strides=(2, 2), padding="same", activation="tanh"),
            (9, 8, 6),
        ),
        "depthwise conv, multiplier 2": (
            L.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
            dict(conv, filters=8, size=(3, 3), groups=4, padding="same"),
            (7, 9, 4),
        ),
        "depthwise conv, dilated": (
            L.DepthwiseConv2D((2, 3), depth_multiplier=2, dilation_rate=(2, 2)),
            dict(conv, filters=6, size=(2, 3), groups=3, dilation=(2, 2)),
            (9, 10, 3),
        ),
        "conv, strides": (
            L.Conv2D(5, (3, 4), strides=(2, 3), activation="sigmoid"),
            dict(conv, filters=5, size=(3, 4), strides=(2, 3), activation="sigmoid"),
            (13, 14, 3),
        ),
        "global average pooling": (L.GlobalAveragePooling2D(), dict(kind="globalavg"), (5, 6, 4)),
        "global max pooling": (L.GlobalMaxPooling2D(), dict(kind="globalmax"), (5, 6, 4)),
        "zero padding": (L.ZeroPadding2D(((1, 2), (3, 0))), dict(kind="zeropad", pads=((1, 2), (3, 0))), (5, 4, 2)),
        "identity (RandomFlip)": (L.RandomFlip("horizontal"), dict(kind="identity", keras="RandomFlip"), (6, 6, 3)),
        "sigmoid": (L.Activation("sigmoid"), dict(kind="activation", activation="sigmoid"), (6, 5, 3)),
        "tanh": (L.Activation("tanh"), dict(kind="activation", activation="tanh"), (6, 5, 3)),
        "leaky ReLU layer": (
            L.LeakyReLU(negative_slope=0.15),
            dict(kind="activation", activation="leaky_relu", negative_slope=0.15),
            (6, 5, 3),
        ),
        "dense, leaky ReLU by name": (
            L.Dense(7, activation="leaky_relu"),
            dict(kind="dense", units=7, activation="leaky_relu"),  # the function's default slope, 0.2
            (12,),
        ),
    }
    layer, spec, shape = cases[name]
    return layer, dict(spec, name=name), shape


CASES = [
    "dilated conv",
    "dilated conv, same",
    "grouped conv, strides, same",
    "depthwise conv, multiplier 2",
    "depthwise conv, dilated",
    "conv, strides",
    "global average pooling",
    "global max pooling",
    "zero padding",
    "identity (RandomFlip)",
    "sigmoid",
    "tanh",
    "leaky ReLU layer",
    "dense, leaky ReLU by name",
]


def keras_run(layer, x, weights_of_g):
    """(Keras's output, d sum(output * g) / d x) by tf.GradientTape, at inference."""
    import tensorflow as tf

    h = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(h)
        y = layer(h, training=False)
        score = tf.reduce_sum(y * weights_of_g)
    return np.asarray(y), np.asarray(tape.gradient(score, h))


def engine_run(spec, weights, x, g):
    """(our output, the gradient of sum(output * g) with respect to x): apply, then backward
    from the activated output, in float64 as one picture's gradient is (cnn_viz.gradients)."""
    out = layers.apply(spec, weights, x)
    return out, layers.backward(spec, weights, x, out, np.asarray(g, dtype=np.float64))


def close(ours, theirs, what):
    """Equal to 1e-4, relative where the values are large."""
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4 * max(1.0, np.abs(theirs).max()), err_msg=what)


@pytest.mark.parametrize("name", CASES)
def test_each_kind_runs_forward_and_backward_as_keras(name):
    import keras

    keras.utils.set_random_seed(0)
    layer, spec, shape = case(name)
    rng = np.random.default_rng(1)
    x = rng.normal(0, 1, (2, *shape)).astype(np.float32)
    layer.build((2, *shape))
    weights = None
    if layer.weights:
        weights = conv_weights(layer) if "conv" in spec["kind"] else tuple(layer.get_weights())
        weights = tuple(rng.normal(0, 0.5, w.shape).astype(np.float32) for w in weights)
        kernel = weights[0]
        if type(layer).__name__ == "DepthwiseConv2D":  # Keras's own layout
            kernel = kernel.reshape(*kernel.shape[:2], shape[2], -1)
        layer.set_weights([kernel, weights[1]])
    assert layers.output_shape(spec, shape) == tuple(layer.compute_output_shape((2, *shape))[1:])
    g = rng.normal(0, 1, (2, *layers.output_shape(spec, shape))).astype(np.float32)
    theirs, their_grad = keras_run(layer, x, g)
    ours, our_grad = engine_run(spec, weights, x, g)
    close(ours, theirs, f"{name}: forward")
    close(our_grad, their_grad, f"{name}: gradient")


def test_global_max_pooling_shares_a_tie_as_tensorflow_and_max_pooling_gives_it_to_the_first():
    """Equal largest values: GlobalMaxPooling2D's gradient (tf.reduce_max's) is shared equally
    among them, MaxPooling2D's goes to the first in reading order."""
    import keras

    x = np.zeros((1, 4, 4, 2), np.float32)
    x[0, 1, 2, 0] = x[0, 3, 0, 0] = x[0, 0, 3, 0] = 2.0  # three ties on map 0; map 1 all zeros
    g = np.array([[1.0, 3.0]], np.float32)
    _, theirs = keras_run(keras.layers.GlobalMaxPooling2D(), x, g)
    _, ours = engine_run(dict(name="gmax", kind="globalmax"), None, x, g)
    np.testing.assert_allclose(ours, theirs, atol=1e-7)
    assert ours[0, 1, 2, 0] == pytest.approx(1 / 3) and ours[0, 0, 0, 1] == pytest.approx(3 / 16)
    pool = dict(name="pool", kind="maxpool", size=(4, 4), strides=(4, 4), padding="valid")
    _, ours = engine_run(pool, None, x, g[:, None, None, :])
    _, theirs = keras_run(keras.layers.MaxPooling2D(4), x, g[:, None, None, :])
    np.testing.assert_array_equal(ours, theirs)
    assert ours[0, 0, 3, 0] == 1 and ours[0, 0, 0, 1] == 3 and ours.sum() == 4


def test_a_layer_of_four_groups_is_four_convolutions_side_by_side():
    """The grouped convolution is each group's own convolution on its channels, stacked: the
    engine's groups=1 path, which Keras checks everywhere else, computes the reference."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 8, 8, 8)).astype(np.float32)
    kernel = rng.normal(size=(3, 3, 2, 12)).astype(np.float32)
    bias = rng.normal(size=12).astype(np.float32)
    spec = dict(name="g", kind="conv", filters=12, size=(3, 3), strides=(1, 1), padding="same", groups=4)
    one = dict(spec, filters=3, groups=1)
    parts = [
        layers.linear(one, (kernel[..., 3 * i : 3 * i + 3], bias[3 * i : 3 * i + 3]), x[..., 2 * i : 2 * i + 2])
        for i in range(4)
    ]
    np.testing.assert_allclose(layers.linear(spec, (kernel, bias), x), np.concatenate(parts, axis=3), atol=1e-5)


def test_the_table_says_what_each_kind_is():
    spatial = {name for name, found in layers.KINDS.items() if found.spatial}
    assert set(layers.SPATIAL_KINDS) == spatial == {"conv", "maxpool", "avgpool"}
    assert {name for name, found in layers.KINDS.items() if found.cell == "pool"} == {
        "maxpool",
        "avgpool",
        "globalmax",
        "globalavg",
    }
    assert {name for name, found in layers.KINDS.items() if found.weights} == {"conv", "dense", "scale"}
    from cnn_viz import i18n

    for name, found in layers.KINDS.items():  # the layer table names every kind, in both languages
        assert i18n.text("en", found.label) != found.label and i18n.text("zh", found.label) != found.label, name


# ------------------------------------------------------------------ an unknown kind


ODD = {"name": "capsules", "kind": "capsule"}


def odd_network():
    conv = dict(name="conv", kind="conv", filters=2, size=(3, 3), strides=(1, 1), padding="valid")
    rng = np.random.default_rng(0)
    weights = {"conv": (rng.normal(size=(3, 3, 1, 2)).astype(np.float32), np.zeros(2, np.float32))}
    specs = (conv, ODD, dict(name="flatten", kind="flatten"), dict(name="logits", kind="dense", units=2))
    return model.Network(weights, specs, (8, 8, 1), ("a", "b"), "odd", shipped=False)


@pytest.mark.parametrize(
    "call",
    [
        lambda: layers.kind(ODD),
        lambda: layers.output_shape(ODD, (4, 4, 2)),
        lambda: layers.apply(ODD, None, np.zeros((1, 4, 4, 2), np.float32)),
        lambda: layers.backward(ODD, None, np.zeros((1, 4, 4, 2)), np.zeros((1, 4, 4, 2)), np.ones((1, 4, 4, 2))),
        lambda: cost.Cost.of((8, 8, 1), odd_network().layers),
        lambda: explain.spatial(odd_network()),
        lambda: explain.cam_layers(odd_network()),
        lambda: explain.cell_layers(odd_network()),
        lambda: explain.flatten_layer(odd_network()),
    ],
    ids=["kind", "output_shape", "apply", "backward", "cost", "spatial", "cam_layers", "cell_layers", "flatten_layer"],
)
def test_an_unknown_kind_is_refused_where_it_is_read_naming_the_layer_and_its_kind(call):
    with pytest.raises(ValueError, match="capsules is of the kind 'capsule'"):
        call()


def test_an_unknown_activation_is_refused_naming_the_layer():
    spec = dict(name="odd", kind="activation", activation="swish")
    with pytest.raises(ValueError, match="odd has the activation 'swish'"):
        layers.apply(spec, None, np.zeros((1, 3), np.float32))
