"""One layer of a small sequential CNN in numpy: what each kind of layer is, and the forward
pass, output shape and backward pass of any layer.

A layer is a plain dict (a "spec"): {"name", "kind", ...}. KINDS below is the one place a kind
is interpreted: every consumer (the network, its cost, the explanations, the figures) asks
`kind(spec)`, and an unknown kind raises there, naming the layer. The kinds and their keys:

- "conv":    filters, size (kh, kw), strides (sh, sw), padding "valid"/"same"/((top, bottom),
             (left, right)) (the last: an ONNX file's explicit pads), dilation (dh, dw)
             (default (1, 1)), groups (default 1; a Keras DepthwiseConv2D is groups = C), activation
- "maxpool", "avgpool": size, strides, padding; "globalmax", "globalavg": one number per map
- "zeropad": pads ((top, bottom), (left, right)); "identity": keras, the Keras class it stands
  for (RandomFlip and the other augmentation layers do nothing at inference)
- "flatten"; "dense": units, activation
- "rescale": scale, offset (Keras's Rescaling); "scale": a per-channel scale and shift (a
  BatchNormalization with nothing before it to fold into)
- "activation": activation only

Activations (any kind's "activation"): None, "relu", "relu6", "softmax", "sigmoid", "tanh" and
"leaky_relu" (with negative_slope, default 0.2 as Keras's function). The shipped network's specs
come from `architecture.SPECS`; a visitor's `.keras` file's from `keras_file`. The windowed
arithmetic (convolution, pooling, padding) is cnn_viz.windows; the tests compare every kind with
Keras and tf.GradientTape.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import windows
from .windows import CAST_NUMBERS, Memory, times_transposed

# --------------------------------------------------------------------------- activations

LEAKY_SLOPE = 0.2  # keras.activations.leaky_relu's default; a LeakyReLU layer's spec says its own


def relu(x):
    return np.maximum(x, 0)


def softmax(logits):
    """Probabilities from logits along the last axis (shifted by the max, so no overflow)."""
    z = np.asarray(logits, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(z):
    # exp of -|z| only: no overflow warning for a large negative z
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@dataclass(frozen=True)
class Activation:
    """forward(z, slope) -> out; backward(out, g, slope) -> the gradient before it, from out
    alone. gate(out, slope): out / z for an activation that is linear on each side of 0 (the
    factor a unit passes its input on with, which takes a class score apart exactly); None
    for a curved one."""

    forward: Callable
    backward: Callable
    gate: Callable | None


def _leaky_relu(z, slope):
    return np.where(z > 0, z, z * slope)


def _leaky_gate(out, slope):
    """1 where the unit is on, its slope where it is off (out has z's sign: the slope is not negative)."""
    return np.where(out > 0, 1.0, slope)


ACTIVATIONS = {
    None: Activation(lambda z, s: z, lambda out, g, s: g, lambda out, s: 1.0),
    "relu": Activation(lambda z, s: relu(z), lambda out, g, s: g * (out > 0), lambda out, s: out > 0),
    "leaky_relu": Activation(_leaky_relu, lambda out, g, s: g * _leaky_gate(out, s), _leaky_gate),
    "sigmoid": Activation(lambda z, s: _sigmoid(z), lambda out, g, s: g * out * (1 - out), None),
    # ReLU6 (PyTorch's, MobileNet's; an ONNX Clip(0, 6)): its ceiling makes it no linear gate
    "relu6": Activation(lambda z, s: np.clip(z, 0, 6), lambda out, g, s: g * ((out > 0) & (out < 6)), None),
    "tanh": Activation(lambda z, s: np.tanh(z), lambda out, g, s: g * (1 - out * out), None),
    # the Jacobian of softmax times g, along the last axis
    "softmax": Activation(
        lambda z, s: softmax(z), lambda out, g, s: out * (g - (g * out).sum(axis=-1, keepdims=True)), None
    ),
}


def activation(layer):
    """The layer's Activation (ValueError naming the layer for one the engine does not know)."""
    try:
        return ACTIVATIONS[layer.get("activation")]
    except KeyError:
        name = layer.get("activation")
        raise ValueError(f"{layer['name']} has the activation {name!r}, which the engine does not know.") from None


def activated(layer, z):
    """The layer's activation on z, its output before the activation (a leaky ReLU's slope its own)."""
    return activation(layer).forward(z, slope(layer))


def activate(x, activation=None, negative_slope=LEAKY_SLOPE):
    """An activation by its name on x (the lessons' and the scores': no layer of their own)."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"The engine does not know the activation {activation!r}.")
    return ACTIVATIONS[activation].forward(x, negative_slope)


def slope(layer):
    return layer.get("negative_slope", LEAKY_SLOPE)


# --------------------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class Kind:
    """What the engine knows of one kind of layer: its arithmetic, then what it is."""

    shape: Callable  # (spec, input shape) -> output shape
    forward: Callable  # (spec, weights, x) -> its output before the activation
    backward: Callable  # (spec, weights, below, g) -> the gradient for its input, g the one for that output
    box: Callable | None  # (spec, input shape, box) -> the input box its cells in box read; None: no maps in
    memory: Callable  # (spec, input shape, output shape) -> windows.Memory, what cnn_viz.cost adds up
    label: str  # the i18n key of its name in the layer table
    weights: bool = False  # it has (kernel, bias), or (scale, shift)
    spatial: bool = False  # its output is maps whose cells each read a window of its input
    cell: str | None = None  # what a page explains of a cell: "conv" (window x filter), "pool" (window's max/mean)
    reduce: str | None = None  # a pool's "max" or "mean"
    flattens: bool = False  # maps in, one vector out: what the dense layers after it read
    stage: str | None = None  # its block in the home page's figure (None: it joins the block before)
    weights_back: Callable | None = None  # (spec, weights, below, g) -> each weight's gradient, as weights


def _same_shape(layer, shape):
    return tuple(shape)


def _same_box(layer, shape, box):
    return box


def _through(layer, weights, x):
    return x


def _through_back(layer, weights, below, g):
    return g


def _memory(layer, shape, out):
    """Its input, the output, then the activation and the float32 copy; backward: the gradient
    arriving, its activation's product and the one leaving."""
    n_in, n_out = windows.numbers(shape), windows.numbers(out)
    return Memory(n_in + 4 * n_out, 3 * n_out + 2 * n_in)


def _dense_memory(layer, shape, out):
    cast = min(shape[0] * layer["units"], max(CAST_NUMBERS, layer["units"]))
    return _memory(layer, shape, out)._replace(cast=cast)


def _flatten_shape(layer, shape):
    return (windows.numbers(shape),)


def _flatten(layer, weights, x):
    return x.reshape(len(x), -1)  # row-major (H, W, C), as Keras' Flatten


def _flatten_back(layer, weights, below, g):
    return g.reshape(below.shape)


def _dense_shape(layer, shape):
    return (layer["units"],)


def _dense(layer, weights, x):
    kernel, bias = weights
    return x @ kernel + bias


def _dense_back(layer, weights, below, g):
    return times_transposed(g, weights[0])


def _dense_weights_back(layer, weights, below, g):
    return below.T @ g, g.sum(axis=0)


def _scale_weights_back(layer, weights, below, g):
    axes = tuple(range(g.ndim - 1))  # per channel: summed over the pictures and the cells
    return (g * below).sum(axis=axes), g.sum(axis=axes)


def _rescale(layer, weights, x):
    return x * layer["scale"] + layer["offset"]


def _rescale_back(layer, weights, below, g):
    return g * layer["scale"]


def _scale(layer, weights, x):
    scale, shift = weights
    return x * scale + shift


def _scale_back(layer, weights, below, g):
    return g * weights[0]


def _elementwise(label, forward=_through, backward=_through_back, weights_back=None):
    """A kind that keeps its input's shape and each cell where it is."""
    return Kind(_same_shape, forward, backward, _same_box, _memory, label, weights=bool(weights_back),
                weights_back=weights_back)  # fmt: skip


# fmt: off
KINDS = {
    # maps in, maps out, a cell reading a window of its input
    "conv": Kind(
        windows.conv_shape, windows.conv, windows.conv_back, windows.window_box, windows.conv_memory,
        "own.kind.conv", weights=True, spatial=True, cell="conv", stage="conv", weights_back=windows.conv_weights_back),
    "maxpool": Kind(
        windows.pool_shape, windows.maxpool, windows.maxpool_back, windows.window_box, windows.maxpool_memory,
        "own.kind.maxpool", spatial=True, cell="pool", reduce="max", stage="pool"),
    "avgpool": Kind(
        windows.pool_shape, windows.avgpool, windows.avgpool_back, windows.window_box, windows.avgpool_memory,
        "own.kind.avgpool", spatial=True, cell="pool", reduce="mean", stage="pool"),
    "zeropad": Kind(
        windows.zeropad_shape, windows.zeropad, windows.zeropad_back, windows.zeropad_box, _memory,
        "own.kind.zeropad"),
    # maps in, one vector out
    "globalmax": Kind(
        windows.global_shape, windows.globalmax, windows.globalmax_back, windows.whole_box, _memory,
        "own.kind.globalmax", cell="pool", reduce="max", flattens=True, stage="pool"),
    "globalavg": Kind(
        windows.global_shape, windows.globalavg, windows.globalavg_back, windows.whole_box, _memory,
        "own.kind.globalavg", cell="pool", reduce="mean", flattens=True, stage="pool"),
    "flatten": Kind(
        _flatten_shape, _flatten, _flatten_back, windows.whole_box, _memory,
        "own.kind.flatten", flattens=True, stage="flatten"),
    # a vector in, a vector out (its input is no maps: no box)
    "dense": Kind(
        _dense_shape, _dense, _dense_back, None, _dense_memory,
        "own.kind.dense", weights=True, stage="dense", weights_back=_dense_weights_back),
    # any shape, kept: each number on its own
    "rescale": _elementwise("own.kind.rescale", _rescale, _rescale_back),
    "scale": _elementwise("own.kind.scale", _scale, _scale_back, _scale_weights_back),
    "activation": _elementwise("own.kind.activation"),
    "identity": _elementwise("own.kind.identity"),
}
# fmt: on

SPATIAL_KINDS = tuple(name for name, found in KINDS.items() if found.spatial)


class UnknownKind(ValueError):
    """A layer of a kind KINDS does not have."""


def kind(layer):
    """The Kind of a spec. UnknownKind (a ValueError) naming the layer and its kind otherwise."""
    try:
        return KINDS[layer.get("kind")]
    except KeyError:
        name, known = layer.get("name", "?"), ", ".join(KINDS)
        raise UnknownKind(
            f"{name} is of the kind {layer.get('kind')!r}, which the engine does not know ({known})."
        ) from None


# --------------------------------------------------------------------------- a layer's passes


def linear(layer, weights, x):
    """The layer on a batch, before its activation (in x's precision)."""
    return kind(layer).forward(layer, weights, x)


def apply(layer, weights, x):
    """One layer on a batch (N, ...), its activation included, in float32."""
    return activated(layer, kind(layer).forward(layer, weights, x)).astype(np.float32)


def output_shape(layer, shape):
    """The shape after `layer` for an input of `shape` (no batch axis). ValueError when a
    window is larger than its input."""
    return tuple(kind(layer).shape(layer, tuple(shape)))


def backward(layer, weights, below, out, g, activated=True, learn=False):
    """The gradient with respect to the layer's input `below`, from `g`, the gradient with
    respect to its output `out` (after the activation; before it when activated is False, as
    for the class scores, which are taken before the last softmax). learn=True: (that
    gradient, its weights' gradients as its weights are laid out, or None without weights)."""
    found = kind(layer)
    if activated:
        g = activation(layer).backward(out, g, slope(layer))
    below_g = found.backward(layer, weights, below, g)
    if not learn:
        return below_g
    return below_g, found.weights_back(layer, weights, below, g) if found.weights_back else None
