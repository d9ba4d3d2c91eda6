"""The layers whose cells read a window of their input, in numpy: convolution (any size, stride,
dilation, groups and "same" or explicit padding), max and average pooling, global pooling and zero padding.
Forward, backward, the window a cell reads, and the memory each step holds.

These are the arithmetic behind cnn_viz.layers' table of kinds, which is the only place a kind
is named; nothing here reads a spec's "kind". Arrays are batches (N, H, W, C), channels last.
Keras's rules are followed exactly: "same" padding puts the odd pixel after and counts a dilated
kernel's whole span; average pooling with "same" counts only real values; max pooling's gradient
goes to the first of equal values in reading order, global max pooling's is shared equally
by them (each as TensorFlow's).

A box is (top, left, bottom, right), inclusive, of cells of one layer; (0, 0, -1, -1) is no cell.
"""

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

EMPTY = (0, 0, -1, -1)
CAST_NUMBERS = 2**20  # the most kernel numbers a float64 gradient copies to float64 at once


class Memory(NamedTuple):
    """What one layer's step holds besides the outputs the forward pass keeps, per picture:
    numbers (float32; a float64 gradient doubles them) while it runs forward, while its gradient
    is taken, int64 numbers while its gradient is taken, and kernel numbers a float64 gradient
    copies (times_transposed). cnn_viz.cost adds them up; tests/test_cost.py measures them."""

    forward: int
    backward: int
    indices: int = 0
    cast: int = 0


# --------------------------------------------------------------------------- geometry


def dilation(layer):
    return layer.get("dilation", (1, 1))


def span(layer):
    """(rows, columns) a window covers on its input: a dilated kernel's taps and the gaps between them."""
    (kh, kw), (dh, dw) = layer["size"], dilation(layer)
    return (kh - 1) * dh + 1, (kw - 1) * dw + 1


def same_pads(n, k, s):
    """(before, after) padding of Keras's "same": the output has ceil(n / s) places, and the
    odd pixel of padding goes after."""
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pads(layer, shape):
    """((top, bottom), (left, right)) a window layer's padding adds around an input of `shape`:
    Keras's "same", none for "valid", or given as such (an ONNX file's explicit pads)."""
    padding = layer.get("padding", "valid")
    if padding == "valid":
        return (0, 0), (0, 0)
    if padding != "same":
        (top, bottom), (left, right) = padding
        return (top, bottom), (left, right)
    (kh, kw), (sh, sw) = span(layer), layer["strides"]
    return same_pads(shape[0], kh, sh), same_pads(shape[1], kw, sw)


def window_shape(layer, shape, channels):
    """(H', W', channels) after a window layer. ValueError when a window is larger than its input."""
    (kh, kw), (sh, sw) = span(layer), layer["strides"]
    if layer.get("padding") == "same":
        return -(-shape[0] // sh), -(-shape[1] // sw), channels
    (top, bottom), (left, right) = pads(layer, shape)
    h, w = shape[0] + top + bottom, shape[1] + left + right
    if h < kh or w < kw:
        raise ValueError(f"{layer['name']}'s window is larger than its input {h} x {w}")
    return (h - kh) // sh + 1, (w - kw) // sw + 1, channels


def window_box(layer, shape, box):
    """The input box that the output cells of `box` read ("same" padding's cells left out:
    they are not in the input)."""
    top, left, bottom, right = box
    (pt, _), (pl, _) = pads(layer, shape)
    (kh, kw), (sh, sw) = span(layer), layer["strides"]
    return _clip((top * sh - pt, left * sw - pl, bottom * sh - pt + kh - 1, right * sw - pl + kw - 1), shape)


def _clip(box, shape):
    top, left, bottom, right = max(box[0], 0), max(box[1], 0), min(box[2], shape[0] - 1), min(box[3], shape[1] - 1)
    return (top, left, bottom, right) if top <= bottom and left <= right else EMPTY


def whole_box(layer, shape, box):
    """Every cell of the input (a global pool's one cell, a flatten's numbers)."""
    return _clip((0, 0, shape[0] - 1, shape[1] - 1), shape)


def _pad(x, layer, fill=0.0):
    (top, bottom), (left, right) = pads(layer, x.shape[1:3])
    if not (top or bottom or left or right):
        return x
    return np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)], constant_values=fill)


def _windows(x, layer):
    """(N, H', W', C, kh, kw) windows of an already padded x at the layer's strides and
    dilation (a view: nothing is copied)."""
    (kh, kw), (sh, sw), (dh, dw) = layer["size"], layer["strides"], dilation(layer)
    span = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
    return sliding_window_view(x, span, axis=(1, 2))[:, ::sh, ::sw, :, ::dh, ::dw]


def _scatter(layer, parts, shape, dtype):
    """Add parts[..., a, b] (N, H', W', C, kh, kw) back onto the padded input the windows were
    read from, then cut the padding away: (N, H, W, C)."""
    (kh, kw), (sh, sw), (dh, dw) = layer["size"], layer["strides"], dilation(layer)
    (top, bottom), (left, right) = pads(layer, shape[1:3])
    n, oh, ow = parts.shape[:3]
    grad = np.zeros((n, shape[1] + top + bottom, shape[2] + left + right, parts.shape[3]), dtype=dtype)
    for a in range(kh):
        for b in range(kw):
            r, c = a * dh, b * dw
            grad[:, r : r + sh * (oh - 1) + 1 : sh, c : c + sw * (ow - 1) + 1 : sw] += parts[..., a, b]
    return grad[:, top : top + shape[1], left : left + shape[2]]


def _padded(layer, shape):
    (top, bottom), (left, right) = pads(layer, shape[:2])
    return (shape[0] + top + bottom) * (shape[1] + left + right) * shape[2]


def numbers(shape):
    """How many numbers an array of `shape` holds."""
    return int(np.prod(shape, dtype=np.int64))


# --------------------------------------------------------------------------- convolution
# The kernel is (kh, kw, C / groups, filters), as Keras's Conv2D: filter f reads the channels of
# group f // (filters / groups). A DepthwiseConv2D is groups = C, its (kh, kw, C, m) kernel
# reshaped to (kh, kw, 1, C * m): its filter c * m + j is channel c's j-th, the order Keras gives.


def conv_shape(layer, shape):
    groups = layer.get("groups", 1)
    if shape[2] % groups or layer["filters"] % groups:
        what = f"{shape[2]} input channels and {layer['filters']} filters"
        raise ValueError(f"{layer['name']}'s {groups} groups do not divide its {what} evenly.")
    return window_shape(layer, shape, layer["filters"])


def _rows(layer, x):
    """((N, H', W'), every window of x as a row, kh x kw x C numbers in the kernel's order): one
    matrix (cells, kh kw C), or one per group, each holding only its group's channels
    (groups, cells, kh kw C / groups). The layout the forward pass multiplies by the kernel,
    and the weights' gradient by the output's."""
    win = _windows(_pad(x, layer), layer)
    n, oh, ow, c, kh, kw = win.shape
    groups = layer.get("groups", 1)
    if groups == 1:
        return (n, oh, ow), win.transpose(0, 1, 2, 4, 5, 3).reshape(n * oh * ow, kh * kw * c)
    by_group = win.reshape(n, oh, ow, groups, c // groups, kh, kw).transpose(3, 0, 1, 2, 5, 6, 4)
    return (n, oh, ow), by_group.reshape(groups, n * oh * ow, kh * kw * c // groups)


def conv(layer, weights, x):
    """Every window laid out as a row, times the kernel: one matrix product (im2col), or one
    per group, each group's rows holding only its own channels."""
    kernel, bias = weights
    cells, cols = _rows(layer, x)
    groups = layer.get("groups", 1)
    if groups == 1:
        return (cols @ kernel.reshape(cols.shape[1], -1)).reshape(*cells, -1) + bias
    kernels = kernel.reshape(cols.shape[2], groups, kernel.shape[3] // groups).transpose(1, 0, 2)
    return (cols @ kernels).transpose(1, 0, 2).reshape(*cells, -1) + bias


def conv_back(layer, weights, below, g):
    """Each output cell hands its gradient to the window it read, weighted by the filter
    (a grouped filter's, on its group's channels only)."""
    kernel = weights[0]
    kh, kw, cg, f = kernel.shape
    n, oh, ow, _ = g.shape
    groups = layer.get("groups", 1)
    if groups == 1:
        cols = times_transposed(g.reshape(-1, f), kernel.reshape(-1, f))
    else:
        cols = _grouped_rows(g.reshape(-1, f), kernel, groups)
    cols = cols.reshape(n, oh, ow, kh, kw, groups * cg)
    return _scatter(layer, cols.transpose(0, 1, 2, 5, 3, 4), below.shape, g.dtype)


def conv_weights_back(layer, weights, below, g):
    """(kernel gradient, bias gradient): each filter's gradient is every window it read times
    the gradient its output cell got, summed over the cells (a grouped filter's, over its
    group's channels only), the layout of the forward pass's rows read the other way."""
    kernel = weights[0]
    f = kernel.shape[3]
    groups, rows = layer.get("groups", 1), g.reshape(-1, f)
    _, cols = _rows(layer, below)
    if groups == 1:
        return (cols.T @ rows).reshape(kernel.shape), rows.sum(axis=0)
    per = f // groups
    parts = [cols[i].T @ rows[:, i * per : (i + 1) * per] for i in range(groups)]
    return np.stack(parts, axis=1).reshape(kernel.shape), rows.sum(axis=0)


def _grouped_rows(rows, kernel, groups):
    """(cells, kh, kw, groups, C / groups): each group's gradient from its own filters, into its
    own channels (group i's are i * C / groups onwards, as the input's)."""
    kh, kw, cg, f = kernel.shape
    per = f // groups
    cols = np.empty((len(rows), kh, kw, groups, cg), dtype=rows.dtype)
    for i in range(groups):
        mine = slice(i * per, (i + 1) * per)
        cols[..., i, :] = times_transposed(rows[:, mine], kernel[..., mine].reshape(-1, per)).reshape(-1, kh, kw, cg)
    return cols


def times_transposed(g, kernel):
    """g @ kernel.T. A float64 gradient (one picture's) would take a float64 copy of the whole
    float32 kernel (40 MB for 5 million numbers): it is multiplied a block of rows at a time."""
    if g.dtype == kernel.dtype or kernel.size <= CAST_NUMBERS:
        return g @ kernel.T
    rows = max(1, CAST_NUMBERS // kernel.shape[1])
    return np.concatenate([g @ kernel[a : a + rows].T for a in range(0, len(kernel), rows)], axis=-1)


def conv_memory(layer, shape, out):
    """Its padded input and the windows as rows (kh x kw x C numbers per output cell), then the
    product, the bias added, the activation and the float32 copy; a grouped product is put back
    in order once more. Backward: the rows again (the product, and the gradient scattered from
    them onto a padded copy)."""
    kh, kw = layer["size"]
    rows = numbers(out[:2]) * kh * kw * shape[2]
    grouped = layer.get("groups", 1) > 1
    n_out, padded = numbers(out), _padded(layer, shape)
    forward = padded + rows + (5 if grouped else 4) * n_out
    backward = 3 * n_out + 2 * numbers(shape) + padded + 2 * rows + grouped * n_out
    kernel = kh * kw * shape[2] // layer.get("groups", 1) * layer["filters"]
    return Memory(forward, backward, cast=min(kernel, max(CAST_NUMBERS, layer["filters"])))


# --------------------------------------------------------------------------- pooling


def pool_shape(layer, shape):
    return window_shape(layer, shape, shape[2])


def _tiles(layer):
    """Whether pooling windows tile the input without overlap or padding (the article's case):
    then a reshape does it, with no copy."""
    return layer["size"] == layer["strides"] and layer.get("padding", "valid") == "valid" and dilation(layer) == (1, 1)


def _tiled(layer, x):
    """(N, H', W', C) windows as (N, H', kh, W', kw, C) tiles: a view of x."""
    (s, t), (oh, ow, _) = layer["size"], pool_shape(layer, x.shape[1:])
    return x[:, : oh * s, : ow * t].reshape(len(x), oh, s, ow, t, x.shape[3])


def maxpool(layer, weights, x):
    if _tiles(layer):
        return _tiled(layer, x).max(axis=(2, 4))
    return _windows(_pad(x, layer, -np.inf), layer).max(axis=(-2, -1))


def avgpool(layer, weights, x):
    if _tiles(layer):
        return _tiled(layer, x).mean(axis=(2, 4))
    # "same": the mean of the real values only, as Keras
    return _windows(_pad(x, layer), layer).sum(axis=(-2, -1)) / _counts(layer, x.shape)


def _counts(layer, shape):
    """(H', W', 1): how many real (unpadded) cells each pooling window holds."""
    ones = np.ones((1, shape[1], shape[2], 1), dtype=np.float32)
    return _windows(_pad(ones, layer), layer).sum(axis=(-2, -1))[0]


def maxpool_back(layer, weights, below, g):
    """Each window's gradient goes to the cell that won it (the first of equal values in
    reading order, as TensorFlow's); 0 everywhere else."""
    (kh, kw) = layer["size"]
    win = _windows(_pad(below, layer, -np.inf), layer)
    n, oh, ow, c = win.shape[:4]
    winner = win.reshape(n, oh, ow, c, kh * kw).argmax(axis=4)
    routed = np.zeros((n, oh, ow, c, kh * kw), dtype=g.dtype)
    np.put_along_axis(routed, winner[..., None], g[..., None], axis=4)
    return _scatter(layer, routed.reshape(n, oh, ow, c, kh, kw), below.shape, g.dtype)


def avgpool_back(layer, weights, below, g):
    """Each window's gradient shared equally by the real cells it averaged."""
    kh, kw = layer["size"]
    share = g / _counts(layer, below.shape)
    parts = np.broadcast_to(share[..., None, None], (*share.shape, kh, kw))
    return _scatter(layer, parts, below.shape, g.dtype)


def _pool_common(layer, shape, out):
    n_in, n_out, padded = numbers(shape), numbers(out), _padded(layer, shape)
    return n_in, n_out, padded, 3 * n_out + 2 * n_in + padded


def maxpool_memory(layer, shape, out):
    """Forward: the padded input and its windows' maxima. Backward: the windows read again
    (padded), the int64 winners and a kh x kw slot per window to route the gradient into."""
    n_in, n_out, padded, common = _pool_common(layer, shape, out)
    windows = n_out * layer["size"][0] * layer["size"][1]
    return Memory(padded + n_in + 4 * n_out, common + padded + 2 * windows, indices=n_out + windows)


def avgpool_memory(layer, shape, out):
    n_in, n_out, padded, common = _pool_common(layer, shape, out)
    return Memory(padded + n_in + 4 * n_out, common + n_out * layer["size"][0] * layer["size"][1])


# --------------------------------------------------------------------------- global pooling
# One number per map, (N, C), as Keras's GlobalAveragePooling2D and GlobalMaxPooling2D.


def global_shape(layer, shape):
    return (shape[2],)


def globalavg(layer, weights, x):
    return x.mean(axis=(1, 2))


def globalmax(layer, weights, x):
    return x.max(axis=(1, 2))


def globalavg_back(layer, weights, below, g):
    """Every cell of a map gets an equal share of its mean's gradient."""
    share = g / (below.shape[1] * below.shape[2])
    return np.broadcast_to(share[:, None, None, :], below.shape).copy()


def globalmax_back(layer, weights, below, g):
    """A map's gradient shared equally by the cells that hold its largest value (TensorFlow's
    reduce_max; a window's max pooling gives it all to the first instead)."""
    hit = below == below.max(axis=(1, 2), keepdims=True)
    return hit * (g / hit.sum(axis=(1, 2)))[:, None, None, :]


# --------------------------------------------------------------------------- zero padding
# "pads": ((top, bottom), (left, right)) zeros added around every map, as Keras's ZeroPadding2D.


def zeropad_shape(layer, shape):
    (top, bottom), (left, right) = layer["pads"]
    return shape[0] + top + bottom, shape[1] + left + right, shape[2]


def zeropad(layer, weights, x):
    (top, bottom), (left, right) = layer["pads"]
    return np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])


def zeropad_back(layer, weights, below, g):
    (top, _), (left, _) = layer["pads"]
    return g[:, top : top + below.shape[1], left : left + below.shape[2]]


def zeropad_box(layer, shape, box):
    """The same cells, moved back by the padding; a cell of the padding itself reads nothing."""
    (top, _), (left, _) = layer["pads"]
    return _clip((box[0] - top, box[1] - left, box[2] - top, box[3] - left), shape)
