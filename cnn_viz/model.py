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

from . import MODELS_DIR, architecture, assets, ops
from .data import CLASSES

WEIGHTS_PATH = MODELS_DIR / "cifar10_cnn.npz"
METRICS_PATH = MODELS_DIR / "cifar10_cnn.json"
KERAS_PATH = MODELS_DIR / "cifar10_cnn.keras"


@dataclass(frozen=True)
class Network:
    """The article's CNN with its trained weights: {layer name: (kernel, bias)}."""

    weights: dict

    def forward(self, x):
        """x float32 (N, 32, 32, 3) in [0, 1], or one image (32, 32, 3).

        Returns {"input": x, then layer name: output for every layer in order,
        then "probabilities" (softmax of "logits")}, batched like x.
        """
        x = np.asarray(x, dtype=np.float32)
        single = x.ndim == 3
        if single:
            x = x[None]
        if x.shape[1:] != architecture.INPUT_SHAPE:
            raise ValueError(f"The network takes images of shape {architecture.INPUT_SHAPE}, not {x.shape[1:]}.")
        outputs = {"input": x}
        for layer in architecture.LAYERS:
            x = self._apply(layer, x)
            outputs[layer["name"]] = x
        outputs["probabilities"] = ops.softmax(x).astype(np.float32)
        if single:
            outputs = {name: out[0] for name, out in outputs.items()}
        return outputs

    def run_until(self, x, last):
        """The layers from the input up to and including `last`, on a batch (N, H, W, 3) of any
        size the layers fit (a receptive-field crop, for example); returns `last`'s output."""
        x = np.asarray(x, dtype=np.float32)
        for layer in architecture.LAYERS:
            x = self._apply(layer, x)
            if layer["name"] == last:
                return x
        raise ValueError(f"The network has no layer called {last!r}.")

    def _apply(self, layer, x):
        kind, name = layer["kind"], layer["name"]
        if kind == "conv":
            kernel, bias = self.weights[name]
            x = ops.conv2d_batch(x, kernel, bias)
        elif kind == "maxpool":
            return ops.pool2d_batch(x, layer["size"], layer["size"], "max")
        elif kind == "flatten":
            return x.reshape(len(x), -1)  # row-major (H, W, C), as Keras' Flatten
        elif kind == "dense":
            kernel, bias = self.weights[name]
            x = x @ kernel + bias
        return ops.relu(x) if layer.get("activation") == "relu" else x

    def predict(self, x):
        """Softmax probabilities, (10,) for one image or (N, 10) for a batch."""
        return self.forward(x)["probabilities"]

    def pre_activation(self, outputs, name):
        """A conv or dense layer's output before ReLU, from the outputs of forward() (one image)."""
        names = ["input"] + [layer["name"] for layer in architecture.LAYERS]
        i = names.index(name)
        previous = outputs[names[i - 1]]
        kernel, bias = self.weights[name]
        if architecture.LAYERS[i - 1]["kind"] == "conv":
            return ops.conv2d_batch(previous[None], kernel, bias)[0]
        return previous @ kernel + bias

    def filters(self, name="conv1"):
        """The kernel of a convolution layer, (kh, kw, C, F)."""
        return self.weights[name][0]


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


def top_k(probabilities, k=3):
    """[(class name, probability), ...] for the k most likely classes, most likely first."""
    order = np.argsort(probabilities)[::-1][:k]
    return [(CLASSES[i], float(probabilities[i])) for i in order]
