"""What running a network costs in memory, known from its layers before anything runs.

A visitor's .keras file can be small and still ask for gigabytes: 900,000 one-by-one filters on
a 64 x 64 picture are 13.7 GiB of output, a few kilobytes of config. The engine's own arrays
are predictable from the specs, so this module adds them up, layer by layer, as the engine
makes them. Each kind of layer says what one of its steps holds (its `memory` in the table of
cnn_viz.layers, written beside its arithmetic in cnn_viz.windows):

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
            step = layers.kind(layer).memory(layer, shape, out)  # what the engine's code for it allocates
            kernel = max(kernel, step.cast)
            forward = max(forward, step.forward)
            backward = max(backward, step.backward * FLOAT32 + step.indices * INT64)
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
def turn(net, always=False):
    """Wait for one of the RUNNING places for a visitor's network's computation (the shipped
    network's are small and cached, and never wait; `always`: one a visitor chose that takes
    a second or more, such as a visualisation with other settings, waits too)."""
    if net.shipped and not always:
        yield
        return
    with _turns:
        yield
