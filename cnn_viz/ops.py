"""The lessons' convolution and pooling, plus the step-by-step traces the lesson pages draw.

The arithmetic is the engine's (`cnn_viz.layers`), the code that also serves the trained
network (`cnn_viz.model`): `conv2d` and `pool2d` only check their arguments in the lesson's
words, pad symmetrically as the lesson does (`pad`, then a "valid" layer, since Keras's "same"
puts an even kernel's extra zero after), and call it. They keep the lesson's numbers: a float64
input stays float64 (the network runs in float32). What is the lesson's own is written here:
the output-size formula, the traces and their exact numbers. The tests compare both functions
with `tf.nn.conv2d` and Keras' pooling layers.
"""

from dataclasses import dataclass

import numpy as np

from . import layers
from .layers import relu, softmax  # noqa: F401  (the lessons' names for the engine's activations)

POOL_MODES = ("max", "average")


# ---------------------------------------------------------------- checks


def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name.capitalize()} must be a whole number (got {value!r}).")
    if value < low:
        if name == "padding":
            raise ValueError(f"Padding cannot be negative (got {value}).")
        raise ValueError(f"{name.capitalize()} must be at least {low} (got {value}).")
    return int(value)


def output_size(n, k, stride=1, padding=0):
    """Output length along one axis: floor((n + 2p - k) / s) + 1.

    Raises ValueError when the window (k) is larger than the padded input.
    """
    stride = _check_int("stride", stride, 1)
    padding = _check_int("padding", padding, 0)
    k = _check_int("kernel size", k, 1)
    if k > n + 2 * padding:
        raise ValueError(
            f"A window of {k} does not fit in an input of {n} with padding {padding}: "
            f"the padded input ({n + 2 * padding}) must be at least as large as the window."
        )
    return (n + 2 * padding - k) // stride + 1


def positions(n, k, stride=1, padding=0):
    """How many places a k x k window takes on an n x n input (the output's cells); 0 if it does not fit."""
    try:
        return output_size(n, k, stride, padding) ** 2
    except ValueError:
        return 0


def _as_hwc(x, what):
    x = np.asarray(x)
    if x.ndim == 2:
        return x[:, :, None], True
    if x.ndim == 3:
        return x, False
    raise ValueError(
        f"The {what} must be a matrix (H, W) or a stack of matrices (H, W, C), not an array of shape {x.shape}."
    )


def _as_kernel(kernel, channels):
    kernel = np.asarray(kernel)
    if kernel.ndim == 2:  # one channel, one filter
        kernel = kernel[:, :, None]
    if kernel.ndim not in (3, 4):
        raise ValueError(f"A kernel must have shape (kh, kw, C) or (kh, kw, C, F), not {kernel.shape}.")
    if kernel.shape[2] != channels:
        raise ValueError(f"The kernel has {kernel.shape[2]} channel(s) but the image has {channels}: they must match.")
    return kernel


# ---------------------------------------------------------------- batched primitives


def pad(x, padding):
    """Zero-pad the two spatial axes of (H, W, C) or (N, H, W, C) by `padding` on every side."""
    padding = _check_int("padding", padding, 0)
    if padding == 0:
        return x
    spatial = x.ndim - 3  # index of H
    widths = [(0, 0)] * x.ndim
    widths[spatial] = widths[spatial + 1] = (padding, padding)
    return np.pad(x, widths)


def _spec(kind, kh, kw, stride, **more):
    """The engine's spec (cnn_viz.layers) of one lesson layer: no padding of its own, since the
    lesson's is symmetric and is added by `pad` first."""
    return {"name": "lesson", "kind": kind, "size": (kh, kw), "strides": (stride, stride), "padding": "valid", **more}


def conv2d_batch(x, kernel, bias, stride=1, padding=0):
    """x (N, H, W, C), kernel (kh, kw, C, F), bias (F,) -> (N, H', W', F), in x's precision:
    the engine's convolution of x padded by `padding` zeros on every side."""
    kh, kw, _, f = kernel.shape
    output_size(x.shape[1], kh, stride, padding)  # validates, in the lesson's words
    output_size(x.shape[2], kw, stride, padding)
    # linear, not apply: apply returns float32, and the lesson's float64 numbers must stay exact
    return layers.linear(_spec("conv", kh, kw, stride, filters=f), (kernel, bias), pad(x, padding))


def pool2d_batch(x, size=2, stride=2, mode="max"):
    """x (N, H, W, C) -> (N, H', W', C), max or mean over each size x size window: the engine's
    pooling (a reshape, with no copy, where the windows tile the input)."""
    if mode not in POOL_MODES:
        raise ValueError(f"Pooling mode must be 'max' or 'average' (got {mode!r}).")
    output_size(x.shape[1], size, stride, 0)  # validates, in the lesson's words
    output_size(x.shape[2], size, stride, 0)
    kind = "maxpool" if mode == "max" else "avgpool"
    return layers.linear(_spec(kind, size, size, stride), None, x)


# ---------------------------------------------------------------- the lesson's functions


def conv2d(image, kernel, bias=0.0, stride=1, padding=0):
    """Cross-correlate an image with a kernel, as tf.nn.conv2d and Keras Conv2D do.

    image:  (H, W, C), or (H, W) for one channel.
    kernel: (kh, kw, C) for one filter -> output (H', W');
            (kh, kw, C, F) for F filters -> output (H', W', F).
    bias:   a number, or one per filter.
    padding: zeros added on every side; H' = floor((H + 2p - kh) / stride) + 1.
    """
    image, _ = _as_hwc(image, "image")
    kernel = _as_kernel(kernel, image.shape[2])
    single = kernel.ndim == 3
    if single:
        kernel = kernel[..., None]
    bias = np.broadcast_to(np.asarray(bias, dtype=np.result_type(image, kernel, float)), (kernel.shape[3],))
    out = conv2d_batch(image[None], kernel, bias, stride, padding)[0]
    return out[..., 0] if single else out


def pool2d(x, size=2, stride=2, mode="max"):
    """Max or average pooling of (H, W) or (H, W, C) over size x size windows at `stride`."""
    x, squeeze = _as_hwc(x, "input")
    size = _check_int("window size", size, 1)
    stride = _check_int("stride", stride, 1)
    out = pool2d_batch(x[None], size, stride, mode)[0]
    return out[..., 0] if squeeze else out


# ---------------------------------------------------------------- step traces for the pages


@dataclass(frozen=True)
class SoftmaxTrace:
    """Softmax written out, as the Prediction page works it through: shift by the largest
    logit, exponentiate, divide by the sum."""

    logits: np.ndarray  # (N,) z
    shifted: np.ndarray  # z - max(z): every exponent at most 0, so nothing overflows
    exps: np.ndarray  # e^(z - max z)
    denominator: float  # their sum
    probabilities: np.ndarray  # exps / denominator
    top: int  # the index of the largest probability


def softmax_trace(logits):
    z = np.asarray(logits, dtype=np.float64)
    shifted = z - z.max()
    exps = np.exp(shifted)
    total = float(exps.sum())
    probabilities = exps / total
    return SoftmaxTrace(z, shifted, exps, total, probabilities, int(np.argmax(probabilities)))


def filled_so_far(output, count):
    """The output grid with only its first `count` cells (reading order) known, NaN after:
    a stepper's grid while it fills."""
    so_far = np.full(np.shape(output), np.nan)
    so_far.reshape(-1)[:count] = np.asarray(output, dtype=float).reshape(-1)[:count]
    return so_far


@dataclass(frozen=True)
class ConvStep:
    """One output cell of a single-filter convolution, with every number that made it."""

    row: int  # output position
    col: int
    top: int  # window position in the padded image
    left: int
    patch: np.ndarray  # (kh, kw, C) values under the window
    products: np.ndarray  # patch * kernel, element by element
    channel_sums: np.ndarray  # (C,) sum of products per channel
    bias: float
    total: float  # sum of channel_sums + bias: the output value


@dataclass(frozen=True)
class ConvTrace:
    padded: np.ndarray  # (H + 2p, W + 2p, C)
    kernel: np.ndarray  # (kh, kw, C)
    stride: int
    padding: int
    output: np.ndarray  # (H', W')
    steps: tuple  # ConvStep, row by row


def conv_trace(image, kernel, bias=0.0, stride=1, padding=0):
    """Every step of conv2d for one filter, in reading order."""
    image, _ = _as_hwc(np.asarray(image, dtype=float), "image")
    kernel = _as_kernel(np.asarray(kernel, dtype=float), image.shape[2])
    if kernel.ndim != 3:
        raise ValueError("A step-by-step trace shows one filter: give a kernel of shape (kh, kw, C).")
    output = conv2d(image, kernel, bias, stride, padding)
    padded = pad(image, padding)
    kh, kw, _ = kernel.shape
    steps = []
    for r in range(output.shape[0]):
        for c in range(output.shape[1]):
            top, left = r * stride, c * stride
            patch = padded[top : top + kh, left : left + kw]
            products = patch * kernel
            sums = products.sum(axis=(0, 1))
            steps.append(ConvStep(r, c, top, left, patch, products, sums, float(bias), float(sums.sum() + bias)))
    return ConvTrace(padded, kernel, stride, padding, output, tuple(steps))


@dataclass(frozen=True)
class PoolStep:
    row: int
    col: int
    top: int
    left: int
    window: np.ndarray  # (size, size)
    value: float  # max or mean of window
    argmax: tuple  # (r, c) of the winning cell inside the window (first one on ties)


@dataclass(frozen=True)
class PoolTrace:
    input: np.ndarray
    size: int
    stride: int
    mode: str
    output: np.ndarray
    steps: tuple


def pool_trace(x, size=2, stride=2, mode="max"):
    """Every step of pool2d on one matrix (H, W), in reading order."""
    x = np.asarray(x, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"A step-by-step pooling trace works on one matrix (H, W), not shape {x.shape}.")
    output = pool2d(x, size, stride, mode)
    steps = []
    for r in range(output.shape[0]):
        for c in range(output.shape[1]):
            top, left = r * stride, c * stride
            window = x[top : top + size, left : left + size]
            argmax = tuple(int(i) for i in np.unravel_index(np.argmax(window), window.shape))
            steps.append(PoolStep(r, c, top, left, window, float(output[r, c]), argmax))
    return PoolTrace(x, size, stride, mode, output, tuple(steps))
