"""The article's worked examples and numbers, in one place.

The toy matrices use small whole numbers instead of 0-255 so that every
product on the convolution page can be checked in one's head. The shapes are
the article's: a 4x4x3 image, one 2x2 filter per colour channel, stride 1,
giving 3x3; then 2x2 pooling with stride 1, giving 2x2.
"""

import numpy as np

from . import ops

CHANNELS = ("red", "green", "blue")

# A 3x3 RGB picture: the article's first example of "an image is three matrices".
RGB_3x3 = np.array(
    [
        [[255, 0, 0], [0, 255, 0], [0, 0, 255]],
        [[255, 255, 0], [255, 255, 255], [0, 255, 255]],
        [[128, 128, 128], [255, 0, 255], [0, 0, 0]],
    ],
    dtype=np.uint8,
)

# The convolution example: a 4x4 image with three channels (H, W, C) ...
# (values chosen so that the nine outputs differ: no ties when max pooling)
TOY_IMAGE = np.stack(
    [
        [[0, 4, 4, 3], [0, 0, 1, 4], [5, 0, 4, 1], [0, 3, 1, 2]],  # red
        [[0, 3, 1, 4], [1, 0, 4, 1], [4, 1, 5, 0], [4, 3, 3, 3]],  # green
        [[4, 0, 2, 4], [3, 5, 2, 4], [4, 0, 0, 3], [0, 0, 1, 1]],  # blue
    ],
    axis=-1,
).astype(float)

# ... and one 2x2 filter per colour channel (kh, kw, C).
TOY_KERNEL = np.stack(
    [
        [[1, 0], [0, 1]],  # red
        [[0, 1], [1, 0]],  # green
        [[1, -1], [0, 1]],  # blue
    ],
    axis=-1,
).astype(float)
TOY_BIAS = 0.0

# Pooling in the article: 2x2 windows moved one cell at a time (3x3 -> 2x2).
# Keras' MaxPooling2D defaults to stride = window = 2, which would give 1x1 here.
TOY_POOL_SIZE = 2
TOY_POOL_STRIDE = 1

# The article's fully connected step: the 2x2 pooled matrix, laid out as four numbers, feeds
# two neurons, "dog" and "not dog". The article gives no weights: these are made up, small and
# round, so that every sum can be done by hand (a trained network learns its own).
TOY_DENSE_CLASSES = ("dog", "not_dog")
TOY_DENSE_WEIGHTS = np.array([[0.1, 0.0], [-0.1, 0.1], [0.1, -0.1], [0.1, 0.0]])  # (inputs, neurons), as Keras
TOY_DENSE_BIAS = np.array([0.0, 0.5])


def toy_pooled():
    """The article's 3x3 convolution output, max pooled with its 2x2 window and stride 1: 2x2."""
    conv = ops.conv2d(TOY_IMAGE, TOY_KERNEL, TOY_BIAS)
    return ops.pool2d(conv, TOY_POOL_SIZE, TOY_POOL_STRIDE, "max")


def toy_dense():
    """(inputs, scores, probabilities) of the fully connected step: the pooled 2x2 flattened
    row by row, each neuron's sum of products plus its bias, and their softmax."""
    inputs = toy_pooled().reshape(-1)
    scores = inputs @ TOY_DENSE_WEIGHTS + TOY_DENSE_BIAS
    return inputs, scores, ops.softmax(scores)


# Why not a fully connected network on raw pixels (the article's example).
DENSE_EXAMPLE = {"width": 200, "height": 200, "channels": 3}


def dense_weights_per_neuron(width, height, channels):
    """Each neuron of a dense layer on raw pixels has one weight per input value."""
    return width * height * channels


def kernel_preset(name, size, channels=3):
    """A (size, size, channels) kernel for a named preset; the same matrix on every channel."""
    k = size
    if name == "vertical-edge":
        centre = (k - 1) / 2  # left of centre +1, right of it -1, the centre column 0
        m = np.tile(np.sign(centre - np.arange(k)), (k, 1))
    elif name == "horizontal-edge":
        return kernel_preset("vertical-edge", size, channels).transpose(1, 0, 2).copy()
    elif name == "blur":
        m = np.full((k, k), 1.0 / (k * k))
    elif name == "sharpen":
        m = np.full((k, k), -1.0)
        m[(k - 1) // 2, (k - 1) // 2] = k * k
    elif name == "identity":
        m = np.zeros((k, k))
        m[(k - 1) // 2, (k - 1) // 2] = 1.0
    elif name == "article":
        return resized(TOY_KERNEL, size)
    else:
        raise ValueError(f"Unknown kernel preset {name!r}.")
    return np.repeat(m[:, :, None], channels, axis=2)


def resized(kernel, size):
    """The kernel made size x size: values kept where they fit, zeros where it grew."""
    out = np.zeros((size, size, kernel.shape[2]))
    n = min(size, kernel.shape[0])
    out[:n, :n] = kernel[:n, :n]
    return out


PRESETS = ("article", "vertical-edge", "horizontal-edge", "blur", "sharpen", "identity")
