"""One Keras layer's settings, checked for the type and range Keras writes: what
cnn_viz.keras_config and cnn_viz.keras_kinds share (the sentence for a file that cannot be
opened, ModelFileError, is cnn_viz.model_checks'). A setting out of range is refused by name
("The layer edges cannot run with strides = (0, 0)."), never passed on to the engine."""

import math
import sys

from .model_checks import ModelFileError, safe_name, shown, unique_name  # noqa: F401 (shared)

MAX_WHOLE = 1_000_000  # no size, stride, filter or unit count of a model shown here is larger
ACTIVATIONS = {"relu", "linear", "softmax", "sigmoid", "tanh", "leaky_relu", None}
LEAKY_DEFAULT = 0.2  # keras.activations.leaky_relu's negative_slope


# ------------------------------------------------------------------------ settings


def whole(value, low=1):
    """Whether a setting is a whole number a model here can have (JSON's true is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= MAX_WHOLE


def refuse(name, setting, value):
    raise ModelFileError("own.bad_setting", layer=name, setting=setting, value=shown(value))


def count(cfg, key, name, default=None):
    value = cfg.get(key, default)
    return value if whole(value) else refuse(name, key, value)


def pair(cfg, key, name, default):
    """A (height, width) setting: one whole number for both, or a list of two."""
    value = cfg.get(key, default)
    both = value if isinstance(value, list) else [value, value]
    return tuple(both) if len(both) == 2 and all(map(whole, both)) else refuse(name, key, value)


def flag(cfg, key, name, default):
    value = cfg.get(key, default)
    return value if isinstance(value, bool) else refuse(name, key, value)


def number(cfg, key, name, default, low=-math.inf):
    """A number no lower than `low` that is a float (the JSON was read with NaN and infinities
    refused; an integer can still be larger than any float)."""
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= sys.float_info.max:
        refuse(name, key, value)
    return float(value)


def padding(cfg, name):
    value = cfg.get("padding", "valid")
    return value if value in ("valid", "same") else refuse(name, "padding", value)


def activation_of(cfg, name):
    """{"activation": ...} of a layer, with the slope of a leaky ReLU."""
    activation = cfg.get("activation", "linear")
    if not (activation is None or isinstance(activation, str)) or activation not in ACTIVATIONS:
        raise ModelFileError("own.activation", layer=name, activation=shown(activation))
    if activation == "leaky_relu":
        return dict(activation=activation, negative_slope=LEAKY_DEFAULT)
    return dict(activation=None if activation == "linear" else activation)


def zero_pads(cfg, name):
    """ZeroPadding2D's ((top, bottom), (left, right)) from one number, a pair, or a pair of pairs."""
    value = cfg.get("padding", 1)
    pairs = value if isinstance(value, list) else [value, value]
    pairs = [p if isinstance(p, list) else [p, p] for p in pairs] if len(pairs) == 2 else []
    if len(pairs) != 2 or not all(len(p) == 2 and all(whole(n, 0) for n in p) for p in pairs):
        refuse(name, "padding", value)
    return tuple(map(tuple, pairs))


def maps(shape, name):
    """A layer that slides over maps needs maps: (H, W, C)."""
    if len(shape) != 3:
        raise ModelFileError("own.too_small", layer=name)
    return shape[2]


def window(cfg, name, size_key="kernel_size"):
    """A convolution's size, strides, padding and dilation (Keras cannot stride and dilate at once)."""
    spec = dict(size=pair(cfg, size_key, name, None), strides=pair(cfg, "strides", name, 1))
    spec.update(padding=padding(cfg, name), dilation=pair(cfg, "dilation_rate", name, 1))
    if max(spec["strides"]) > 1 and max(spec["dilation"]) > 1:
        refuse(name, "dilation_rate", list(spec["dilation"]))
    return spec
