"""The article's network, written once as plain data in the engine's own vocabulary.

`SPECS` are the layers as `cnn_viz.layers` runs them: Keras builds its model from them for
training (`cnn_viz.train`), and `cnn_viz.model` serves the trained weights through them, so
the two can never drift apart. Shapes and parameter counts are the engine's to tell
(`model.Network.summary`). This module imports neither TensorFlow nor Streamlit.
"""

INPUT_SHAPE = (32, 32, 3)

# What every convolution and every pooling layer of the article's network shares.
_CONV = {"kind": "conv", "size": (3, 3), "strides": (1, 1), "padding": "valid", "activation": "relu"}
_POOL = {"kind": "maxpool", "size": (2, 2), "strides": (2, 2), "padding": "valid"}

# One spec per layer, in order. Names are the keys of the shipped weights file.
SPECS = (
    {"name": "conv1", **_CONV, "filters": 32},
    {"name": "pool1", **_POOL},
    {"name": "conv2", **_CONV, "filters": 64},
    {"name": "pool2", **_POOL},
    {"name": "conv3", **_CONV, "filters": 64},
    {"name": "flatten", "kind": "flatten"},
    {"name": "dense", "kind": "dense", "units": 64, "activation": "relu"},
    {"name": "logits", "kind": "dense", "units": 10, "activation": None},
)
