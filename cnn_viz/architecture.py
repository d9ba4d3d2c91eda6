"""The article's network, written once as plain data.

Keras builds it from this list for training (`cnn_viz.train`), and the numpy
engine (`cnn_viz.model`) runs it for serving, so the two can never drift apart.
This module imports neither TensorFlow nor Streamlit.
"""

from . import layers

INPUT_SHAPE = (32, 32, 3)

# One dict per layer, in order. Names are the keys of the shipped weights file.
LAYERS = (
    {"name": "conv1", "kind": "conv", "filters": 32, "kernel": 3, "activation": "relu"},
    {"name": "pool1", "kind": "maxpool", "size": 2},
    {"name": "conv2", "kind": "conv", "filters": 64, "kernel": 3, "activation": "relu"},
    {"name": "pool2", "kind": "maxpool", "size": 2},
    {"name": "conv3", "kind": "conv", "filters": 64, "kernel": 3, "activation": "relu"},
    {"name": "flatten", "kind": "flatten"},
    {"name": "dense", "kind": "dense", "units": 64, "activation": "relu"},
    {"name": "logits", "kind": "dense", "units": 10, "activation": None},
)


def _spec(layer):
    """The layer as the numpy engine's spec (cnn_viz.layers): sizes and strides as pairs."""
    if layer["kind"] == "conv":
        k = layer["kernel"]
        return dict(layer, size=(k, k), strides=(1, 1), padding="valid")
    if layer["kind"] == "maxpool":
        s = layer["size"]
        return dict(layer, size=(s, s), strides=(s, s), padding="valid")
    return dict(layer)


SPECS = tuple(_spec(layer) for layer in LAYERS)  # what cnn_viz.model.Network runs


def output_shape(layer, shape):
    """Shape after `layer` (one of LAYERS) for an input of `shape`: the engine's own rule."""
    return layers.output_shape(_spec(layer), shape)


def parameter_count(layer, in_shape):
    """Weights plus biases of `layer` given its input shape; 0 for layers without weights."""
    kind = layer["kind"]
    if kind == "conv":
        k = layer["kernel"]
        return k * k * in_shape[-1] * layer["filters"] + layer["filters"]
    if kind == "dense":
        return in_shape[0] * layer["units"] + layer["units"]
    return 0


def summary():
    """Per layer: name, kind, input shape, output shape and parameter count."""
    rows, shape = [], INPUT_SHAPE
    for layer in LAYERS:
        out = output_shape(layer, shape)
        rows.append(
            {
                "name": layer["name"],
                "kind": layer["kind"],
                "input_shape": shape,
                "output_shape": out,
                "parameters": parameter_count(layer, shape),
            }
        )
        shape = out
    return rows


def total_parameters():
    return sum(row["parameters"] for row in summary())


def shape_text(shape):
    """(32, 32, 3) -> "32 x 32 x 3", as the pages write a shape."""
    return " x ".join(map(str, shape))


def shape_table():
    """(layer name, output shape, parameter count) from the input to the logits; the input's
    row is named "input" and has no parameters."""
    rows = summary()
    return [("input", INPUT_SHAPE, 0)] + [(r["name"], r["output_shape"], r["parameters"]) for r in rows]
