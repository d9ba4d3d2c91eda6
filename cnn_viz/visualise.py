"""What a unit wants to see: activation maximisation in numpy, for any network the app serves.

Start from a seeded grey picture and climb the gradient of one unit's activation with respect
to the pixels (the engine's own backward pass, exact, as tf.GradientTape's), keeping the
picture one a person can read with the regularisers of Yosinski et al., "Understanding Neural
Networks Through Deep Visualization" (ICML workshop 2015) and Lucid's jitter (Olah et al.,
"Feature Visualization", Distill 2017):

- jitter: each step's gradient is taken on the picture shifted by up to JITTER pixels (and
  shifted back), so no single pixel pattern can game the unit;
- decay: the picture is pulled a little toward grey every step (an L2 penalty), so pixels the
  unit does not need fade;
- blur: every BLUR_EVERY steps a small Gaussian blur, which removes the high-frequency noise
  that raises the activation without looking like anything;
- clipping to the input's range, 0-1, as every picture the network gets.

Why these and not Lucid's Fourier parameterisation with decorrelated colour: the pictures here
are 8-224 pixels and the networks small; on 32 x 32 the pixel-space recipe gives readable
pictures in a few hundred numpy steps, its gradient is the plain input gradient (which the
tests compare with TensorFlow), and every regulariser is one line a learner can follow.

A unit is a map of a layer with maps (its mean over the map: what a whole map responds to), a
number of a layer without (a dense unit), or a class score (the last layer before its
activation). Deterministic for a seed.
"""

import functools
from dataclasses import dataclass

import numpy as np

from . import MODELS_DIR, assets, gradients, layers

STEPS = 256
RATE = 0.05  # each step moves the picture by this much on average: the gradient is normalised
JITTER = 2  # pixels, on a 32 x 32 picture (scaled with a larger one)
DECAY = 0.005
BLUR_EVERY = 8
BLUR_SIGMA = 0.5  # pixels, on a 32 x 32 picture


@dataclass(frozen=True)
class Visualisation:
    """The picture a unit responds to most (float32 (H, W, C), 0-1) and the unit's activation
    after each step (`objective`, STEPS + 1 numbers, the first the grey start's)."""

    layer: str
    unit: int
    picture: np.ndarray
    objective: np.ndarray
    seed: int
    regularise: bool = True


def units(net, layer):
    """How many units a layer has: its maps, or its numbers."""
    return net.shapes()[layer][-1]


def objective(net, x, layer, unit):
    """(activations, gradients): the unit's activation for each picture of x (N, H, W, C) and
    its gradient with respect to the pixels, (N, H, W, C). The activation is taken before the
    layer's own ReLU (or softmax): a ReLU unit that is 0 on the grey start would give no
    gradient to climb, and a class score is the pages' score. A map's is its mean over its cells."""
    _check(net, layer, unit)
    outputs = _up_to(net, x, layer)
    top = outputs[layer]
    g = np.zeros_like(top)
    if top.ndim == 4:  # a map: its mean over its cells
        g[..., unit] = 1.0 / (top.shape[1] * top.shape[2])
        value = top[..., unit].mean(axis=(1, 2))
    else:
        g[:, unit] = 1.0
        value = top[:, unit]
    return value, gradients.backward(net, outputs, g, start=layer, dtype=np.float64)["input"]


def activation(net, x, layer, unit=None):
    """The unit's activation (as `objective` takes it, without its gradient) for each picture
    of x (N, H, W, C): what decides which of two pictures excites a map more. unit=None: every
    unit's, (N, units)."""
    if unit is not None:
        _check(net, layer, unit)
    top = _up_to(net, x, layer)[layer]
    means = top.mean(axis=(1, 2)) if top.ndim == 4 else top
    return means if unit is None else means[:, unit]


def _check(net, layer, unit):
    if not 0 <= unit < units(net, layer):
        raise ValueError(f"{layer} has {units(net, layer)} units: there is no unit {unit}.")


def _up_to(net, x, layer):
    """{name: output} of every layer up to `layer`, whose output is taken before its activation."""
    x = np.asarray(x, dtype=np.float64)
    outputs, below = {"input": x}, x
    for spec in net.layers[: net.names.index(layer) - 1]:  # the layers below `layer`
        below = outputs[spec["name"]] = layers.apply(spec, net.weights.get(spec["name"]), below).astype(np.float64)
    outputs[layer] = np.asarray(layers.linear(net.layer(layer), net.weights.get(layer), below), dtype=np.float64)
    return outputs


def query_pairs(net, layer, unit, pictures, count=1):
    """([(index of the picture the map responds to most, of the one it responds to least)],
    the activations of all): the queries of "which excites it more?" questions, from the
    extremes of `pictures` (N, H, W, C, 0-1) as Borowski et al. drew theirs; pair k is the
    (k+1)-th strongest and weakest, so that each kind of reference gets a pair of its own."""
    found = activation(net, pictures, layer, unit)
    order = np.argsort(-found, kind="stable")
    return [(int(order[k]), int(order[-1 - k])) for k in range(count)], found


def _blur(x, sigma):
    """A separable Gaussian blur of each channel, edges repeated."""
    radius = max(1, int(round(3 * sigma)))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    for axis in (0, 1):
        padded = np.pad(x, [(radius, radius) if a == axis else (0, 0) for a in range(3)], mode="edge")
        x = sum(w * np.take(padded, np.arange(i, i + x.shape[axis]), axis=axis) for i, w in enumerate(taps))
    return x


def jitter_pixels(net):
    """How far each step's picture may shift, in pixels: JITTER on 32 x 32, scaled with the input."""
    return max(1, round(JITTER * max(net.input_shape[:2]) / 32))


def maximise(net, layer, unit, steps=STEPS, seed=0, regularise=True):
    """The Visualisation of one unit: `steps` of normalised gradient ascent from a grey picture
    with a little seeded noise, under jitter, decay, blur and clipping (see the module).
    regularise=False: clipping only, the high-frequency pattern an unregularised climb finds
    (Olah et al. show it, to say why the regularisers are there)."""
    rng = np.random.default_rng(seed)
    h, w, c = net.input_shape
    shift, sigma, decay = (jitter_pixels(net), BLUR_SIGMA * max(h, w) / 32, DECAY) if regularise else (0, 0.0, 0.0)
    x = 0.5 + 0.01 * rng.standard_normal((h, w, c))
    found = [float(objective(net, x[None], layer, unit)[0][0])]
    for step in range(1, steps + 1):
        dy, dx = rng.integers(-shift, shift + 1, size=2)
        shifted = np.roll(x, (dy, dx), axis=(0, 1))
        _, g = objective(net, shifted[None], layer, unit)
        g = np.roll(g[0], (-dy, -dx), axis=(0, 1))
        x = x + RATE * g / (np.abs(g).mean() + 1e-12)
        x = 0.5 + (x - 0.5) * (1 - decay)
        if sigma and step % BLUR_EVERY == 0:
            x = _blur(x, sigma)
        x = np.clip(x, 0.0, 1.0)
        found.append(float(objective(net, x[None], layer, unit)[0][0]))
    return Visualisation(layer, unit, x.astype(np.float32), np.array(found), seed, regularise)


# --------------------------------------------------------------------------- the shipped set

ASSET = "visualisations.npz"  # under models/: every conv map's and class's picture, built offline
PATH = MODELS_DIR / ASSET
SHIPPED_LAYERS = ("conv1", "conv2", "conv3", "logits")


def build(net, names=SHIPPED_LAYERS, steps=STEPS, seed=0, samples=None, progress=None):
    """{layer: pictures (units, H, W, C) uint8, f"{layer}/reached": each unit's activation on its
    picture, f"{layer}/best_sample": its largest on `samples` (the shipped test pictures, a
    reference a maximiser must beat), "steps", "seed"}: what `python -m cnn_viz visualise` writes."""
    arrays = {"steps": np.array(steps), "seed": np.array(seed)}
    for layer in names:
        found = [maximise(net, layer, unit, steps, seed) for unit in range(units(net, layer))]
        arrays[layer] = np.stack([(v.picture * 255).round().astype(np.uint8) for v in found])
        arrays[f"{layer}/reached"] = np.array([v.objective[-1] for v in found], dtype=np.float32)
        if samples is not None:  # one forward pass for every unit, no gradient
            arrays[f"{layer}/best_sample"] = activation(net, samples, layer).max(axis=0).astype(np.float32)
        if progress:
            progress(layer, len(found))
    return arrays


def write(arrays, path):
    np.savez_compressed(path, **arrays)
    return path


@functools.lru_cache(maxsize=2)
def load(path=PATH):
    """The shipped set, read once per process (read-only). Raises assets.Unavailable when the
    file cannot be read."""
    with assets.reading(path), np.load(path, allow_pickle=False) as found:
        arrays = {name: found[name] for name in found.files}
    for array in arrays.values():
        array.flags.writeable = False
    return arrays


def shipped(layer, unit):
    """(picture uint8 (H, W, C), the activation it reached, the best shipped sample's, steps)
    of one unit of the shipped network, from the asset. assets.Unavailable when it lacks it."""
    pictures, reached, best = shipped_layer(layer)
    return pictures[unit], float(reached[unit]), float(best[unit]), int(load()["steps"])


def shipped_layer(layer):
    """(pictures uint8 (units, H, W, C), reached, best sample's) of every unit of one layer."""
    with assets.reading(PATH):
        found = load()
        return found[layer], found[f"{layer}/reached"], found[f"{layer}/best_sample"]
