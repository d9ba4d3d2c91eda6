"""One layer of a small sequential CNN in numpy: forward, its output's shape, and backward.

A layer is a plain dict (a "spec"): {"name", "kind", ...}. The kinds and their keys:

- "conv":    filters, size (kh, kw), strides (sh, sw), padding "valid"/"same", activation
- "maxpool", "avgpool": size, strides, padding
- "flatten"; "dense": units, activation
- "rescale": scale, offset (Keras's Rescaling); "scale": a per-channel scale and shift (a
  BatchNormalization with nothing before it to fold into)
- "activation": activation only

The shipped network's specs come from `architecture.SPECS`; a visitor's `.keras` file's from
`keras_file`. Both run through these functions, so every page computes the same way on either.
Keras's rules are followed exactly ("same" padding puts the odd pixel after; average pooling
with "same" counts only real values; max pooling's gradient goes to the first of equal values
in reading order, as TensorFlow's), and the tests compare with Keras and tf.GradientTape.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

SPATIAL_KINDS = ("conv", "maxpool", "avgpool")


def same_pads(n, k, s):
    """(before, after) padding of Keras's "same": the output has ceil(n / s) places, and the
    odd pixel of padding goes after."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pads(layer, shape):
    """((top, bottom), (left, right)) the layer adds around an input of `shape`."""
    if layer.get("padding") != "same":
        return (0, 0), (0, 0)
    (kh, kw), (sh, sw) = layer["size"], layer["strides"]
    return same_pads(shape[0], kh, sh), same_pads(shape[1], kw, sw)


def _pad(x, layer, fill=0.0):
    (top, bottom), (left, right) = pads(layer, x.shape[1:3])
    if not (top or bottom or left or right):
        return x
    return np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)], constant_values=fill)


def _windows(x, layer):
    """(N, H', W', C, kh, kw) windows of an already padded x at the layer's strides (a view)."""
    (kh, kw), (sh, sw) = layer["size"], layer["strides"]
    return sliding_window_view(x, (kh, kw), axis=(1, 2))[:, ::sh, ::sw]


def _tiles(layer):
    """Whether pooling windows tile the input without overlap or padding (the article's case):
    then a reshape does it, with no copy."""
    return layer["size"] == layer["strides"] and layer.get("padding") != "same"


def relu(x):
    return np.maximum(x, 0)


def softmax(logits):
    """Probabilities from logits along the last axis (shifted by the max, so no overflow)."""
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def activate(x, activation):
    if activation == "relu":
        return relu(x)
    if activation == "softmax":
        return softmax(x)
    return x


def linear(layer, weights, x):
    """The layer on a batch, before its activation."""
    kind = layer["kind"]
    if kind == "conv":
        kernel, bias = weights
        win = _windows(_pad(x, layer), layer)
        n, oh, ow, c, kh, kw = win.shape
        cols = win.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
        return (cols @ kernel.reshape(kh * kw * c, -1)).reshape(n, oh, ow, -1) + bias
    if kind in ("maxpool", "avgpool") and _tiles(layer):
        (s, t), (oh, ow, _) = layer["size"], output_shape(layer, x.shape[1:])
        tiles = x[:, : oh * s, : ow * t].reshape(len(x), oh, s, ow, t, x.shape[3])
        return tiles.max(axis=(2, 4)) if kind == "maxpool" else tiles.mean(axis=(2, 4))
    if kind == "maxpool":
        return _windows(_pad(x, layer, -np.inf), layer).max(axis=(-2, -1))
    if kind == "avgpool":  # "same": the mean of the real values only, as Keras
        return _windows(_pad(x, layer), layer).sum(axis=(-2, -1)) / _counts(layer, x.shape)
    if kind == "flatten":
        return x.reshape(len(x), -1)  # row-major (H, W, C), as Keras' Flatten
    if kind == "dense":
        kernel, bias = weights
        return x @ kernel + bias
    if kind == "rescale":
        return x * layer["scale"] + layer["offset"]
    if kind == "scale":
        scale, shift = weights
        return x * scale + shift
    return x


def _counts(layer, shape):
    """(H', W', 1): how many real (unpadded) cells each pooling window holds."""
    ones = np.ones((1, shape[1], shape[2], 1), dtype=np.float32)
    return _windows(_pad(ones, layer), layer).sum(axis=(-2, -1))[0]


def apply(layer, weights, x):
    """One layer on a batch (N, ...), its activation included, in float32."""
    return activate(linear(layer, weights, x), layer.get("activation")).astype(np.float32)


def output_shape(layer, shape):
    """The shape after `layer` for an input of `shape` (no batch axis). ValueError when a
    window is larger than its input."""
    kind = layer["kind"]
    if kind in SPATIAL_KINDS:
        h, w, c = shape
        (kh, kw), (sh, sw) = layer["size"], layer["strides"]
        if layer.get("padding") == "same":
            h, w = -(-h // sh), -(-w // sw)
        else:
            if h < kh or w < kw:
                raise ValueError(f"{layer['name']}'s window is larger than its input {h} x {w}")
            h, w = (h - kh) // sh + 1, (w - kw) // sw + 1
        return (h, w, layer["filters"] if kind == "conv" else c)
    if kind == "flatten":
        return (int(np.prod(shape)),)
    if kind == "dense":
        return (layer["units"],)
    return tuple(shape)


# --------------------------------------------------------------------------- backward


def backward(layer, weights, below, out, g, activated=True):
    """The gradient with respect to the layer's input `below`, from `g`, the gradient with
    respect to its output `out` (after the activation; before it when activated is False, as
    for the class scores, which are taken before the last softmax)."""
    if activated:
        g = _activation_back(layer.get("activation"), out, g)
    kind = layer["kind"]
    if kind == "dense":
        return times_transposed(g, weights[0])
    if kind == "flatten":
        return g.reshape(below.shape)
    if kind == "conv":
        return _conv_back(layer, g, weights[0], below.shape)
    if kind == "maxpool":
        return _maxpool_back(layer, g, below)
    if kind == "avgpool":
        return _avgpool_back(layer, g, below.shape)
    if kind == "rescale":
        return g * layer["scale"]
    if kind == "scale":
        return g * weights[0]
    return g


CAST_NUMBERS = 2**20  # the most kernel numbers a float64 gradient copies to float64 at once


def times_transposed(g, kernel):
    """g @ kernel.T. A float64 gradient (one picture's) would take a float64 copy of the whole
    float32 kernel (40 MB for 5 million numbers): it is multiplied a block of rows at a time."""
    if g.dtype == kernel.dtype or kernel.size <= CAST_NUMBERS:
        return g @ kernel.T
    rows = max(1, CAST_NUMBERS // kernel.shape[1])
    return np.concatenate([g @ kernel[a : a + rows].T for a in range(0, len(kernel), rows)], axis=-1)


def _activation_back(activation, out, g):
    if activation == "relu":
        return g * (out > 0)
    if activation == "softmax":  # the Jacobian of softmax times g, along the last axis
        return out * (g - (g * out).sum(axis=-1, keepdims=True))
    return g


def _scatter(layer, parts, shape, dtype):
    """Add parts[..., a, b] (N, H', W', C, kh, kw) back onto the padded input the windows were
    read from, then cut the padding away: (N, H, W, C)."""
    (kh, kw), (sh, sw) = layer["size"], layer["strides"]
    (top, bottom), (left, right) = pads(layer, shape[1:3])
    n, oh, ow = parts.shape[:3]
    grad = np.zeros((n, shape[1] + top + bottom, shape[2] + left + right, parts.shape[3]), dtype=dtype)
    for a in range(kh):
        for b in range(kw):
            grad[:, a : a + sh * (oh - 1) + 1 : sh, b : b + sw * (ow - 1) + 1 : sw] += parts[..., a, b]
    return grad[:, top : top + shape[1], left : left + shape[2]]


def _conv_back(layer, g, kernel, shape):
    """Each output cell hands its gradient to the kh x kw x C window it read, weighted by the filter."""
    kh, kw, c, f = kernel.shape
    n, oh, ow, _ = g.shape
    cols = times_transposed(g.reshape(-1, f), kernel.reshape(-1, f)).reshape(n, oh, ow, kh, kw, c)
    return _scatter(layer, cols.transpose(0, 1, 2, 5, 3, 4), shape, g.dtype)


def _maxpool_back(layer, g, below):
    """Each window's gradient goes to the cell that won it (the first of equal values in
    reading order, as TensorFlow's); 0 everywhere else."""
    (kh, kw) = layer["size"]
    win = _windows(_pad(below, layer, -np.inf), layer)
    n, oh, ow, c = win.shape[:4]
    winner = win.reshape(n, oh, ow, c, kh * kw).argmax(axis=4)
    routed = np.zeros((n, oh, ow, c, kh * kw), dtype=g.dtype)
    np.put_along_axis(routed, winner[..., None], g[..., None], axis=4)
    return _scatter(layer, routed.reshape(n, oh, ow, c, kh, kw), below.shape, g.dtype)


def _avgpool_back(layer, g, shape):
    """Each window's gradient shared equally by the real cells it averaged."""
    kh, kw = layer["size"]
    share = g / _counts(layer, shape)
    parts = np.broadcast_to(share[..., None, None], (*share.shape, kh, kw))
    return _scatter(layer, parts, shape, g.dtype)
