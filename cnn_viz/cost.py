"""What running a network costs in memory, known from its layers before anything runs.

A visitor's .keras file can be small and still ask for gigabytes: 900,000 one-by-one filters on
a 64 x 64 picture are 13.7 GiB of output, a few kilobytes of config. The engine's own arrays
are predictable from the specs (cnn_viz.layers), so this module adds them up, layer by layer,
as the engine makes them:

- forward: the layer's input, its padded copy, a convolution's windows laid out as rows (kh x kw
  x C numbers per output cell), the product, the bias added, the activation, the float32 copy;
- backward: the gradient arriving and the one leaving, a convolution's rows again (twice: a
  product and its transpose), max pooling's routing table (int64 winners and a kh x kw slot per
  window) and the padded gradient the windows are scattered onto;
- kept: every output the forward pass keeps (all of them when a page needs every layer, as
  the feature maps do; backward needs them all too).

`Cost.of(input_shape, specs)` gives these per picture, in bytes; `pictures_per_batch` how many
pictures one batch of a batched method (occlusion, Integrated Gradients, SmoothGrad, the
curves) may carry within BUDGET, and `fits` whether one picture's gradient, the largest
single-picture computation a page does (in float64), fits at all. tests/test_cost.py measures
the engine's real peak with tracemalloc and checks that the estimate is never below it.

BUDGET, 64 MiB: the smallest deployment we document is a 512 MiB replica
(deploy/kubernetes/app.yaml). An idle server with a class on it holds about 250 MiB; visitors'
models get OWN_MODELS_BYTES (cnn_viz/app/own_models.py), and at most RUNNING such computations
run at once (the server has two cores to run them on), so the computations of visitors' models
never hold more than RUNNING x BUDGET = 128 MiB between them.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from . import layers

BUDGET = 64 * 2**20  # bytes one computation on one network may hold
RUNNING = 2  # visitors' computations that run at once; the others wait their turn
FLOAT32, FLOAT64, INT64 = 4, 8, 8


@dataclass(frozen=True)
class Cost:
    """Per picture, in bytes (float32 unless said): what the network's outputs take when all
    are kept, the largest extra a forward step makes, the largest extra a backward step makes,
    and the largest single output."""

    kept: int
    forward_step: int
    backward_step: int
    largest: int
    kernel: int  # the kernel numbers a float64 gradient copies at once, once a batch
    widest: str = ""  # the layer with the largest output, named when a model is refused

    @classmethod
    def of(cls, input_shape, specs):
        shape, kept, forward, backward, largest, kernel = tuple(input_shape), _size(input_shape), 0, 0, 0, 0
        widest = "input"
        for layer in specs:
            out = layers.output_shape(layer, shape)
            kernel = max(kernel, _kernel(layer, shape))
            forward = max(forward, _forward_step(layer, shape, out))
            backward = max(backward, _backward_step(layer, shape, out))
            kept += _size(out)
            if _size(out) > largest:
                largest, widest = _size(out), layer["name"]
            shape = out
        return cls(kept * FLOAT32, forward * FLOAT32, backward, largest * FLOAT32, kernel * FLOAT32, widest)

    def forward_bytes(self, keep_all=True):
        """One picture's forward pass: its outputs (or only the two largest alive at once,
        when the pass keeps only what a page asked for) and the largest step."""
        outputs = self.kept if keep_all else 2 * self.largest
        return outputs + self.forward_step

    def gradient_bytes(self, precision=FLOAT32):
        """One picture's forward pass with every output kept, then its backward pass, which keeps
        every layer's gradient too: a batch runs in float32, a single picture in float64
        (cnn_viz.gradients)."""
        scale = precision // FLOAT32
        cast = self.kernel * scale if precision != FLOAT32 else 0
        return self.forward_bytes() + (self.kept + self.backward_step) * scale + cast

    def fits(self, budget=BUDGET):
        """Whether the largest computation a page makes of one picture fits the budget."""
        return self.gradient_bytes(FLOAT64) <= budget

    def pictures_per_batch(self, gradients=False, keep_all=False, budget=BUDGET):
        """How many pictures one batch may carry within the budget (at least one)."""
        each = self.gradient_bytes() if gradients else self.forward_bytes(keep_all)
        return max(1, int(budget // max(each, 1)))


def readable(size):
    """Bytes as a reader takes them in: "about 316 GB" reads, "323,501 MB" does not."""
    for unit, scale in (("TB", 2**40), ("GB", 2**30)):
        if size >= scale:
            value = size / scale
            return f"{value:.1f} {unit}" if value < 10 else f"{value:,.0f} {unit}"
    return f"{-(-size // 2**20):,} MB"


def _size(shape):
    return int(np.prod(shape, dtype=np.int64))


def _kernel(layer, shape):
    """The kernel numbers a float64 gradient copies at once (layers.times_transposed)."""
    if layer["kind"] == "conv":
        rows, columns = layer["size"][0] * layer["size"][1] * shape[2], layer["filters"]
    elif layer["kind"] == "dense":
        rows, columns = shape[0], layer["units"]
    else:
        return 0
    return min(rows * columns, max(layers.CAST_NUMBERS, columns))


def _rows(layer, shape, out):
    """Numbers in a convolution's windows laid out as rows (one per output cell)."""
    kh, kw = layer["size"]
    return _size(out[:2]) * kh * kw * shape[2]


def _padded(layer, shape):
    (top, bottom), (left, right) = layers.pads(layer, shape[:2])
    return (shape[0] + top + bottom) * (shape[1] + left + right) * shape[2]


def _forward_step(layer, shape, out):
    """Numbers alive while one layer runs, besides the outputs already kept: its padded input,
    a convolution's rows, then the product, the bias added, the activation and the float32 copy
    (four arrays of the output's size at most)."""
    kind, n_in, n_out = layer["kind"], _size(shape), _size(out)
    if kind == "conv":
        return _padded(layer, shape) + _rows(layer, shape, out) + 4 * n_out
    if kind in ("maxpool", "avgpool"):
        return _padded(layer, shape) + n_in + 4 * n_out
    return n_in + 4 * n_out


def _backward_step(layer, shape, out):
    """Bytes alive while one layer's gradient is taken (float32; a single picture doubles it):
    the gradient arriving and its activation's product, the one leaving, a padded copy to
    scatter onto, and the layer's own tables."""
    kind, n_in, n_out = layer["kind"], _size(shape), _size(out)
    common = 3 * n_out + 2 * n_in + _padded(layer, shape) if kind in layers.SPATIAL_KINDS else 3 * n_out + 2 * n_in
    if kind == "conv":
        return (common + 2 * _rows(layer, shape, out)) * FLOAT32
    if kind == "maxpool":
        kh, kw = layer["size"]
        windows = n_out * kh * kw
        return (common + _padded(layer, shape) + 2 * windows) * FLOAT32 + (n_out + windows) * INT64
    if kind == "avgpool":
        kh, kw = layer["size"]
        return (common + n_out * kh * kw) * FLOAT32
    return common * FLOAT32


def of(net):
    """The Cost of a model.Network (cached on the network: it never changes)."""
    found = getattr(net, "_cost", None)
    if found is None:
        found = Cost.of(net.input_shape, net.layers)
        object.__setattr__(net, "_cost", found)
    return found


def in_batches(count, size):
    """(start, stop) of each batch of at most `size` out of `count` pictures."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


_turns = threading.BoundedSemaphore(RUNNING)


@contextmanager
def turn(net):
    """Wait for one of the RUNNING places for a visitor's network's computation (the shipped
    network's are small and cached, and never wait)."""
    if net.shipped:
        yield
        return
    with _turns:
        yield
