"""Serve the trained network with numpy alone, through the lesson's own ops.

The weights are a plain .npz (`<layer>/kernel`, `<layer>/bias`) written by
`cnn_viz.train`; reading them needs no TensorFlow. One forward pass returns
every layer's output, so the feature-map page and the prediction come from
the same computation.
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
        activated = layers.activate(scores, activation).astype(np.float32)
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
        return sum(sum(a.size for a in found) for found in self.weights.values())

    def summary(self):
        """Per layer: name, kind, input and output shape, parameters (after any folding)."""
        rows, shape = [], tuple(self.input_shape)
        for layer in self.layers:
            out = layers.output_shape(layer, shape)
            found = self.weights.get(layer["name"])
            count = sum(a.size for a in found) if found else 0
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


def _load(path):
    weights = {}
    with np.load(path, allow_pickle=False) as data:
        shape = architecture.INPUT_SHAPE
        for layer in architecture.LAYERS:
            if layer["kind"] in ("conv", "dense"):
                kernel = data[f"{layer['name']}/kernel"].astype(np.float32)
                bias = data[f"{layer['name']}/bias"].astype(np.float32)
                if not (np.isfinite(kernel).all() and np.isfinite(bias).all()):
                    raise ValueError(f"layer {layer['name']} has weights that are not finite numbers.")
                expected = architecture.parameter_count(layer, shape)
                if kernel.size + bias.size != expected:
                    raise ValueError(
                        f"{path}: layer {layer['name']} has {kernel.size + bias.size} "
                        f"parameters, the architecture expects {expected}."
                    )
                weights[layer["name"]] = (kernel, bias)
            shape = architecture.output_shape(layer, shape)
    return Network(weights)


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
