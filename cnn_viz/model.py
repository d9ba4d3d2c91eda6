"""Serve a trained network with numpy alone, through the engine's layers (`cnn_viz.layers`).

The lessons' convolution and pooling (`cnn_viz.ops`) are thin wrappers over the same layers.
The shipped weights are a plain .npz (`<layer>/kernel`, `<layer>/bias`) written by
`cnn_viz.train`; reading them needs no TensorFlow. One forward pass returns every layer's
output, so the feature-map page and the prediction come from the same computation.
"""

import json
import zipfile
from dataclasses import dataclass

import numpy as np

from . import MODELS_DIR, architecture, assets, cost, layers
from .data import CLASSES

WEIGHTS_PATH = MODELS_DIR / "cifar10_cnn.npz"
METRICS_PATH = MODELS_DIR / "cifar10_cnn.json"
KERAS_PATH = MODELS_DIR / "cifar10_cnn.keras"


@dataclass(frozen=True)
class Network:
    """A small sequential CNN and its weights: the shipped CIFAR-10 network (`load()`), or a
    visitor's own (`cnn_viz.keras_file.read`). It carries everything a page needs to know
    about it: its layers as specs (cnn_viz.layers), {name: (kernel, bias)}, its input shape
    and its class names. Its input is always pixel values 0-1 (a model that rescales 0-255
    itself has the 255 folded into its Rescaling layer)."""

    weights: dict
    layers: tuple = architecture.SPECS
    input_shape: tuple = architecture.INPUT_SHAPE
    classes: tuple = CLASSES
    name: str = "CIFAR-10"
    named: bool = True  # the classes' names came from the file or the visitor, not "class 0 ..."
    shipped: bool = True
    takes_0_255: bool = False  # the model's own first layer rescales 0-255 (as Keras's tutorials do)
    fingerprint: str = "shipped"  # what a page's cache tells networks apart by (an own file's hash)
    # (right, n) when each of the n pictures it was made from was left out in turn (Teach it a
    # class measures its new classes so); None where the app cannot know how often it is right.
    left_out: tuple | None = None
    made_by: str = ""  # what wrote a visitor's file ("Keras 3.15.1", "pytorch 2.14.1"), as the file says

    def forward(self, x, keep=None):
        """x float32 (N, H, W, C) in [0, 1], or one picture (H, W, C).

        Returns {"input": x, then layer name: output for every layer in order, "logits": the
        class scores (the last layer before a softmax of its own), "probabilities"}, batched
        like x. With `keep` (names), only those outputs besides "logits" and "probabilities",
        and a batch runs in pieces sized by cnn_viz.cost: a batched method (occlusion, the
        curves) then holds a few pictures' layers at a time, however many pictures it sends.
        """
        x = np.asarray(x, dtype=np.float32)
        single = x.ndim == 3
        if single:
            x = x[None]
        if x.shape[1:] != tuple(self.input_shape):
            raise ValueError(f"The network takes images of shape {tuple(self.input_shape)}, not {x.shape[1:]}.")
        if keep is None:
            outputs = self._forward(x, None)
        else:
            size = cost.of(self).pictures_per_batch()
            parts = [self._forward(x[a:b], set(keep)) for a, b in cost.in_batches(len(x), size)]
            outputs = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
        if single:
            outputs = {name: out[0] for name, out in outputs.items()}
        return outputs

    def _forward(self, x, keep):
        """forward() of one batch: every output, or those in `keep` (None: all)."""
        outputs = {"input": x} if keep is None or "input" in keep else {}
        for layer in self.layers[:-1]:
            x = layers.apply(layer, self.weights.get(layer["name"]), x)
            if keep is None or layer["name"] in keep:
                outputs[layer["name"]] = x
        last = self.layers[-1]
        scores = layers.linear(last, self.weights.get(last["name"]), x).astype(np.float32)
        activation = last.get("activation")
        activated = layers.activated(last, scores).astype(np.float32)
        if keep is None or last["name"] in keep:
            outputs[last["name"]] = activated
        outputs["logits"] = scores
        probabilities = activated if activation == "softmax" else layers.softmax(scores)
        outputs["probabilities"] = probabilities.astype(np.float32)
        return outputs

    def run_until(self, x, last):
        """The layers from the input up to and including `last`, on a batch (N, H, W, C) of any
        size the layers fit (a receptive-field crop, for example); returns `last`'s output."""
        x = np.asarray(x, dtype=np.float32)
        for layer in self.layers:
            x = layers.apply(layer, self.weights.get(layer["name"]), x)
            if layer["name"] == last:
                return x
        raise ValueError(f"The network has no layer called {last!r}.")

    def predict(self, x):
        """Softmax probabilities, (classes,) for one image or (N, classes) for a batch."""
        return self.forward(x)["probabilities"]

    def layer(self, name):
        """The spec of the layer called `name`."""
        for layer in self.layers:
            if layer["name"] == name:
                return layer
        raise ValueError(f"The network has no layer called {name!r}.")

    @property
    def names(self):
        """ "input", then every layer's name, in order."""
        return ("input", *(layer["name"] for layer in self.layers))

    def below(self, name):
        """The name of the layer whose output `name` reads ("input" for the first)."""
        return self.names[self.names.index(name) - 1]

    def pre_activation(self, outputs, name):
        """A layer's output before its activation, from the outputs of forward() (one image)."""
        layer = self.layer(name)
        previous = outputs[self.below(name)]
        return layers.linear(layer, self.weights.get(name), previous[None])[0]

    def filters(self, name="conv1"):
        """The kernel of a convolution layer, (kh, kw, C, F)."""
        return self.weights[name][0]

    def input_from(self, rgb):
        """What this network sees of an RGB uint8 picture: float32 (H, W, C) in 0-1."""
        from . import images

        return images.fit_input(rgb, *self.input_shape).astype(np.float32) / 255.0

    def parameters(self):
        return sum(row["parameters"] for row in self.summary())

    def summary(self):
        """Per layer: name, kind, input and output shape, parameters (after any folding)."""
        rows, shape = [], tuple(self.input_shape)
        for layer in self.layers:
            out = layers.output_shape(layer, shape)
            found = self.weights.get(layer["name"])
            count = sum(a.size for a in found) if found else 0
            if layer.get("no_bias"):  # zeros the engine added for a layer Keras saved without a bias
                count -= found[1].size
            rows.append(
                dict(name=layer["name"], kind=layer["kind"], input_shape=shape, output_shape=out, parameters=count)
            )
            shape = out
        return rows

    def shapes(self):
        """{"input" and each layer's name: its output's shape}."""
        return {"input": tuple(self.input_shape)} | {row["name"]: row["output_shape"] for row in self.summary()}


class ModelUnavailable(assets.Unavailable):
    """The model's files are missing, truncated, not what the architecture expects, or hold
    weights that are not finite numbers (every prediction would read "nan%")."""


def load(path=None):
    """Read the weights file (numpy only, no pickles) and check it against the architecture.

    Raises ModelUnavailable when the file is missing, damaged or of another network."""
    path = path or WEIGHTS_PATH
    try:
        return _load(path)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ModelUnavailable(path, error) from error


# The shipped network's layers with a kernel and a bias, in order: the names its files store
# them under (`<layer>/kernel`; a snapshot of its training, `<i>/<layer>/kernel`).
WEIGHTED = tuple(spec["name"] for spec in architecture.SPECS if layers.kind(spec).weights)


def _load(path):
    """The shipped network with the file's weights, each checked against the shapes the engine
    gives its layer (`Network.summary` of the shipped specs)."""
    weights = {}
    with np.load(path, allow_pickle=False) as data:
        for spec, row in zip(architecture.SPECS, Network({}).summary()):
            if layers.kind(spec).weights:  # a kernel and a bias (the shipped network scales nothing)
                weights[spec["name"]] = _weights(data, spec, row)
    return Network(weights)


def _weights(data, spec, row):
    """(kernel, bias) of one layer as float32. ValueError unless they have Keras's shapes for
    it, (kh, kw, C, F) or (inputs, units) and one bias per output (so a file of another network,
    or a kernel in another layout, is refused), and are finite numbers."""
    name, out = spec["name"], row["output_shape"][-1]
    expected = {"kernel": (*spec.get("size", ()), row["input_shape"][-1], out), "bias": (out,)}
    found = {part: data[f"{name}/{part}"].astype(np.float32) for part in expected}
    for part, array in found.items():
        if array.shape != expected[part]:
            raise ValueError(
                f"layer {name}'s {part} has shape {array.shape}, the architecture expects {expected[part]}."
            )
    if not all(np.isfinite(array).all() for array in found.values()):
        raise ValueError(f"layer {name} has weights that are not finite numbers.")
    return found["kernel"], found["bias"]


def load_metrics(path=None):
    path = path or METRICS_PATH
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:  # missing, unreadable, not JSON
        raise ModelUnavailable(path, error) from error


def top_k(probabilities, k=3, classes=CLASSES):
    """[(class name, probability), ...] for the k most likely classes, most likely first."""
    order = np.argsort(probabilities)[::-1][:k]
    return [(classes[i], float(probabilities[i])) for i in order]
