"""cnn_viz.ops against TensorFlow: the lesson's numpy code must compute what Keras computes."""

import numpy as np
import pytest

from cnn_viz import article, ops


def rng(*case):
    """A generator of its own for each test case: inputs do not depend on which tests ran before."""
    return np.random.default_rng([7, *case])


def tf_conv(image, kernel, bias, stride, padding):
    import tensorflow as tf  # the oracle, imported by the tests that use it: 8 s

    pad = [[0, 0], [padding, padding], [padding, padding], [0, 0]]
    out = tf.nn.conv2d(image[None].astype(np.float32), kernel.astype(np.float32), stride, pad)
    return (out[0] + bias).numpy()


@pytest.mark.parametrize("trial", range(40))
def test_conv2d_matches_tf_on_random_shapes(trial):
    gen = rng(1, trial)
    h, w = gen.integers(1, 13, 2)
    c, f = gen.integers(1, 5), gen.integers(1, 6)
    padding = int(gen.integers(0, 3))
    kh = int(gen.integers(1, min(h, w) + 2 * padding + 1))
    kw = int(gen.integers(1, min(h, w) + 2 * padding + 1))
    stride = int(gen.integers(1, 4))
    image = gen.normal(size=(h, w, c))
    kernel = gen.normal(size=(kh, kw, c, f))
    bias = gen.normal(size=f)
    ours = ops.conv2d(image, kernel, bias, stride, padding)
    np.testing.assert_allclose(ours, tf_conv(image, kernel, bias, stride, padding), rtol=1e-4, atol=1e-4)


def test_conv2d_single_filter_gives_a_matrix():
    gen = rng(2)
    kernel = gen.normal(size=(3, 3, 2))
    image = gen.normal(size=(6, 5, 2))
    ours = ops.conv2d(image, kernel, 0.5)
    assert ours.shape == (4, 3)
    np.testing.assert_allclose(ours, tf_conv(image, kernel[..., None], 0.5, 1, 0)[..., 0], atol=1e-5)


@pytest.mark.parametrize("mode,layer", [("max", "MaxPooling2D"), ("average", "AveragePooling2D")])
@pytest.mark.parametrize("trial", range(15))
def test_pool2d_matches_keras(mode, layer, trial):
    gen = rng(3, trial)
    h, w, c = gen.integers(2, 14), gen.integers(2, 14), gen.integers(1, 5)
    size = int(gen.integers(1, min(h, w) + 1))
    stride = int(gen.integers(1, 4))
    x = gen.normal(size=(h, w, c)).astype(np.float32)
    import keras

    pooling = getattr(keras.layers, layer)(pool_size=size, strides=stride, padding="valid")
    expected = np.asarray(pooling(x[None]))[0]
    np.testing.assert_allclose(ops.pool2d(x, size, stride, mode), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    "shape,kernel_shape,stride,padding",
    [
        ((5, 7, 2), (2, 2, 2, 3), 2, 1),  # an even kernel: the lesson's padding is symmetric, Keras's "same" is not
        ((6, 9, 1), (3, 2, 1, 2), 3, 2),  # a kernel wider than high, strides past the padding
        ((4, 4, 3), (4, 4, 3, 1), 2, 1),
    ],
)
def test_conv2d_with_strides_and_padding_on_non_square_inputs(shape, kernel_shape, stride, padding):
    gen = rng(4, *shape)
    image, kernel, bias = gen.normal(size=shape), gen.normal(size=kernel_shape), gen.normal(size=kernel_shape[3])
    ours = ops.conv2d(image, kernel, bias, stride, padding)
    np.testing.assert_allclose(ours, tf_conv(image, kernel, bias, stride, padding), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("mode,layer", [("max", "MaxPooling2D"), ("average", "AveragePooling2D")])
@pytest.mark.parametrize("shape,size,stride", [((5, 8, 2), 3, 1), ((7, 5, 1), 2, 2), ((9, 6, 3), 3, 2)])
def test_pool2d_overlapping_and_cropping_windows_match_keras(mode, layer, shape, size, stride):
    """Overlapping windows (stride below the size) and tiles that leave a last row or column
    out take two different paths in the engine: both must be Keras's."""
    x = rng(5, *shape).normal(size=shape).astype(np.float32)
    import keras

    pooling = getattr(keras.layers, layer)(pool_size=size, strides=stride, padding="valid")
    np.testing.assert_allclose(ops.pool2d(x, size, stride, mode), np.asarray(pooling(x[None]))[0], rtol=1e-6)


def test_the_lessons_float64_numbers_stay_exact():
    """The engine serves the network in float32; the lesson's toy numbers must not be rounded to it."""
    image = rng(6).normal(size=(5, 5, 2))
    kernel = rng(7).normal(size=(3, 3, 2))
    out = ops.conv2d(image, kernel, 0.25, stride=2, padding=1)
    padded = ops.pad(image, 1)
    by_hand = [[(padded[r : r + 3, c : c + 3] * kernel).sum() + 0.25 for c in (0, 2, 4)] for r in (0, 2, 4)]
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, by_hand, rtol=1e-13)
    assert ops.pool2d(image, 3, 1, "average").dtype == np.float64
    np.testing.assert_allclose(ops.pool2d(image, 3, 1, "average")[1, 2], image[1:4, 2:5].mean(axis=(0, 1)), rtol=1e-13)


def test_the_lessons_convolution_is_the_networks(net):
    """The Feature maps page says its maps come from the lessons' convolution: conv1's filters
    through ops.conv2d give the network's own conv1, before its ReLU."""
    from cnn_viz import gallery

    x = gallery.samples()[0].rgb().astype(np.float32) / 255.0
    kernel, bias = net.weights["conv1"]
    lesson = ops.conv2d(x, kernel, bias)
    np.testing.assert_allclose(lesson, net.pre_activation(net.forward(x), "conv1"), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ops.pool2d(ops.relu(lesson)), net.forward(x)["pool1"], rtol=1e-6, atol=1e-6)


def test_the_articles_dense_step_is_what_keras_computes():
    """The fully connected toy: the pooled 2 x 2 (13, 18 / 17, 12) flattened row by row, as
    Keras's Flatten does, through a Dense layer with the made-up weights, then softmax."""
    import keras

    inputs, scores, probs = article.toy_dense()
    pooled = article.toy_pooled()
    np.testing.assert_array_equal(pooled, [[13, 18], [17, 12]])
    flat = np.asarray(keras.layers.Flatten()(pooled[None, :, :, None].astype(np.float32)))[0]
    np.testing.assert_array_equal(inputs, flat)
    dense = keras.layers.Dense(2, activation="softmax")
    dense.build((None, 4))
    dense.set_weights([article.TOY_DENSE_WEIGHTS.astype(np.float32), article.TOY_DENSE_BIAS.astype(np.float32)])
    np.testing.assert_allclose(probs, np.asarray(dense(flat[None]))[0], rtol=1e-6)
    np.testing.assert_allclose(scores, [2.4, 0.6], atol=1e-12)  # what the page writes, exactly


def test_pool2d_on_a_matrix_keeps_two_axes():
    x = np.arange(16.0).reshape(4, 4)
    np.testing.assert_array_equal(ops.pool2d(x), [[5, 7], [13, 15]])
    np.testing.assert_array_equal(ops.pool2d(x, mode="average"), [[2.5, 4.5], [10.5, 12.5]])


def test_article_shapes_4x4x3_to_3x3_to_2x2():
    conv = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
    assert article.TOY_IMAGE.shape == (4, 4, 3) and article.TOY_KERNEL.shape == (2, 2, 3)
    assert conv.shape == (3, 3)
    np.testing.assert_allclose(conv, tf_conv(article.TOY_IMAGE, article.TOY_KERNEL[..., None], 0, 1, 0)[..., 0])
    pooled = ops.pool2d(conv, article.TOY_POOL_SIZE, article.TOY_POOL_STRIDE, "max")
    assert pooled.shape == (2, 2)
    assert len(np.unique(conv)) == 9, "the toy output should have no ties, so max pooling has one winner"
    # Keras' default stride (= window) would give 1x1: the page says so.
    assert ops.pool2d(conv, 2, 2).shape == (1, 1)


def test_positions_counts_window_places():
    assert ops.positions(4, 2) == 9 and ops.positions(3, 2, stride=2) == 1
    assert ops.positions(4, 5) == 0 and ops.positions(4, 5, padding=1) == 4


def test_output_size_formula():
    assert ops.output_size(4, 2) == 3
    assert ops.output_size(32, 3) == 30
    assert ops.output_size(5, 3, stride=2, padding=1) == 3
    assert ops.output_size(7, 2, stride=3) == 2


@pytest.mark.parametrize(
    "call,words",
    [
        (lambda: ops.conv2d(np.ones((4, 4, 3)), np.ones((2, 2, 3)), stride=0), "at least 1"),
        (lambda: ops.conv2d(np.ones((4, 4, 3)), np.ones((2, 2, 3)), padding=-1), "cannot be negative"),
        (lambda: ops.conv2d(np.ones((4, 4, 3)), np.ones((5, 5, 3))), "does not fit"),
        (lambda: ops.conv2d(np.ones((4, 4, 3)), np.ones((2, 2, 2))), "must match"),
        (lambda: ops.pool2d(np.ones((4, 4)), mode="min"), "'max' or 'average'"),
        (lambda: ops.pool2d(np.ones((2, 2)), size=3), "does not fit"),
        (lambda: ops.conv2d(np.ones((4, 4, 3)), np.ones((2, 2, 3)), stride=1.5), "whole number"),
        (lambda: ops.conv2d(np.ones(4), np.ones((2, 2, 3))), "matrix"),
    ],
)
def test_bad_arguments_raise_a_readable_value_error(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_conv_trace_walks_every_output_cell():
    trace = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, 1.0, stride=1, padding=1)
    assert trace.padded.shape == (6, 6, 3)
    assert len(trace.steps) == trace.output.size == 25
    for step in trace.steps:
        np.testing.assert_allclose(step.products, step.patch * article.TOY_KERNEL)
        assert step.total == pytest.approx(step.channel_sums.sum() + 1.0)
        assert step.total == pytest.approx(trace.output[step.row, step.col])


def test_pool_trace_names_the_winner():
    x = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL)
    trace = ops.pool_trace(x, 2, 1, "max")
    for step in trace.steps:
        r, c = step.argmax
        assert step.window[r, c] == step.value == trace.output[step.row, step.col]
    average = ops.pool_trace(x, 2, 1, "average")
    assert [s.value for s in average.steps] == pytest.approx(average.output.ravel())


def test_softmax_is_stable_and_sums_to_one():
    p = ops.softmax(np.array([1000.0, 1001.0, 999.0]))
    assert p.sum() == pytest.approx(1.0) and np.all(np.isfinite(p))
    import tensorflow as tf

    np.testing.assert_allclose(p, tf.nn.softmax([1000.0, 1001.0, 999.0]).numpy(), rtol=1e-5)


def test_the_softmax_trace_is_softmax_written_out():
    logits = np.array([2.0, -1.0, 0.5, 7.25])
    trace = ops.softmax_trace(logits)
    np.testing.assert_allclose(trace.probabilities, ops.softmax(logits))
    assert trace.shifted.max() == 0 and trace.top == 3
    np.testing.assert_allclose(trace.exps / trace.denominator, trace.probabilities)
    assert trace.denominator == pytest.approx(np.exp(logits - 7.25).sum())


def test_the_output_so_far_fills_in_reading_order():
    out = np.arange(6.0).reshape(2, 3)
    so_far = ops.filled_so_far(out, 4)
    np.testing.assert_array_equal(so_far.ravel()[:4], [0, 1, 2, 3])
    assert np.isnan(so_far.ravel()[4:]).all() and np.isnan(ops.filled_so_far(out, 0)).all()
    np.testing.assert_array_equal(ops.filled_so_far(out, 6), out)
