"""Training in numpy (cnn_viz.learn): every weight's gradient is TensorFlow's on random
Keras-built models, one Adam step from the same weights is Keras's, and the loop lowers the loss."""

import numpy as np
import pytest

from cnn_viz import architecture, keras_file, learn
from tests.test_keras_file import build, saved


def models():
    import keras

    L = keras.layers
    return {
        "strides and same padding": ([L.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
                                      L.MaxPooling2D(2), L.Flatten(), L.Dense(5, activation="tanh"), L.Dense(3)],
                                     (12, 12, 3)),
        "groups and dilation": ([L.Conv2D(4, 3, activation="relu"), L.Conv2D(6, 3, groups=2, activation="relu"),
                                 L.Conv2D(4, 3, dilation_rate=2), L.AveragePooling2D(2, padding="same"),
                                 L.GlobalAveragePooling2D(), L.Dense(4)],
                                (16, 16, 3)),
        "the article's shape": ([L.Conv2D(3, 3, activation="relu"), L.MaxPooling2D(2), L.Conv2D(4, 3),
                                 L.LeakyReLU(0.2), L.GlobalMaxPooling2D(), L.Dense(6, activation="sigmoid"),
                                 L.Dense(3, activation="softmax")],
                                (10, 10, 3)),
    }  # fmt: skip


def keras_gradients(keras_net, x, labels):
    import keras
    import tensorflow as tf

    loss_of = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    last = keras_net.layers[-1]
    with tf.GradientTape() as tape:
        below = keras.Model(keras_net.inputs, last.input)(x)
        scores = tf.matmul(below, last.kernel) + last.bias  # the last layer before its softmax
        loss = loss_of(labels, scores)
    found = tape.gradient(loss, keras_net.trainable_weights)
    return float(loss), {w.path: g.numpy() for w, g in zip(keras_net.trainable_weights, found)}


@pytest.mark.parametrize("name", list(models()))
def test_every_weight_gradient_is_tensorflows(name, tmp_path):
    layers, shape = models()[name]
    keras_net = build(layers, shape=shape, seed=3)
    net = keras_file.read(saved(keras_net, tmp_path))
    rng = np.random.default_rng(1)
    x, labels = rng.random((6, *shape)), rng.integers(0, 3, 6)
    weights = {k: tuple(np.asarray(w, dtype=np.float64) for w in v) for k, v in net.weights.items()}
    loss, grads, _ = learn.loss_and_gradients(net.layers, weights, x, labels)
    keras_loss, keras_grads = keras_gradients(keras_net, x.astype(np.float32), labels)
    assert loss == pytest.approx(keras_loss, rel=1e-4)
    checked = 0
    for layer in keras_net.layers:
        if not layer.trainable_weights:
            continue
        for ours, theirs in zip(grads[layer.name], (keras_grads[w.path] for w in layer.trainable_weights)):
            scale = np.abs(theirs).max()
            assert np.abs(ours - theirs).max() <= 1e-4 * scale + 1e-7, (layer.name, ours.shape)
            checked += 1
    assert checked == 2 * sum(bool(layer.trainable_weights) for layer in keras_net.layers)


def test_one_adam_step_is_keras(tmp_path):
    import keras

    layers, shape = models()["strides and same padding"]
    keras_net = build(layers, shape=shape, seed=4)
    net = keras_file.read(saved(keras_net, tmp_path))
    rng = np.random.default_rng(2)
    x, labels = rng.random((8, *shape)).astype(np.float32), rng.integers(0, 3, 8)
    keras_net.compile(optimizer=keras.optimizers.Adam(1e-3),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))  # fmt: skip
    keras_net.train_on_batch(x, labels)
    stepped, _ = learn.train_step(net.layers, net.weights, learn.Adam(1e-3), x, labels)
    for layer in keras_net.layers:
        for ours, theirs in zip(stepped.get(layer.name, ()), layer.get_weights()):
            assert np.abs(ours - theirs).max() <= 1e-5, layer.name


def test_keras_starts_weights_as_learn_does():
    """Glorot-uniform: within the limit, spread over it, and zero biases."""
    weights = learn.initial_weights(architecture.SPECS, architecture.INPUT_SHAPE, seed=0)
    kernel, bias = weights["conv2"]
    limit = np.sqrt(6 / (3 * 3 * 32 + 3 * 3 * 64))
    assert kernel.shape == (3, 3, 32, 64) and not bias.any()
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.95 * limit
    again = learn.initial_weights(architecture.SPECS, architecture.INPUT_SHAPE, seed=0)["conv2"][0]
    assert again.tobytes() == kernel.tobytes(), "a seed, the same weights"


def test_the_loop_lowers_the_loss_on_a_generated_set():
    """Bright pictures against dark ones: a few Adam steps of the article's layers learn it."""
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 64)
    x = (rng.random((64, 32, 32, 3)) * 0.3 + labels[:, None, None, None] * 0.6).astype(np.float32)
    specs = (*architecture.SPECS[:-1], {**architecture.SPECS[-1], "units": 2})
    weights, adam = learn.initial_weights(specs, (32, 32, 3), seed=0), learn.Adam(3e-3)
    losses = []
    for step in range(20):
        part = slice(16 * (step % 4), 16 * (step % 4 + 1))
        weights, loss = learn.train_step(specs, weights, adam, x[part], labels[part])
        losses.append(loss)
    assert np.mean(losses[-4:]) < 0.5 * np.mean(losses[:4])
    assert learn.accuracy(specs, weights, x, labels) >= 0.9
