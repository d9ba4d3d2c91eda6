"""Each Keras layer class this app runs, as the engine's specs (cnn_viz.layers): KINDS maps a
class name to a function of (its config, its name, the shape it gets, the names taken) that
gives its specs, the shapes of the arrays Keras saves for it, and how those arrays become the
engine's weights. A DepthwiseConv2D is a grouped convolution, a SeparableConv2D two specs (its
depthwise half, then a 1 x 1 convolution), a BatchNormalization a per-channel scale, an
augmentation layer an identity, a Dropout nothing.
"""

import functools

import numpy as np

from . import keras_settings as ks
from .keras_settings import ModelFileError, safe_name

# Augmentation layers: each returns its input unchanged when the model predicts (training=False;
# tests/test_keras_file.py checks each in Keras). RandomCrop is not one: it crops or resizes.
IDENTITY = ("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness")
DROPPED = ("Dropout", "SpatialDropout2D", "GaussianDropout", "GaussianNoise")  # nothing at inference, not shown


def spec(cls, cfg, name, shape, taken):
    """(specs, array shapes, unpack) of one Keras layer."""
    if cfg.get("data_format", "channels_last") != "channels_last" or cls not in KINDS:
        raise ModelFileError("own.layer_refused", layer=name, kind=safe_name(cls))
    return KINDS[cls](cfg, name, shape, taken)


def _made(*specs, arrays=(), unpack=None):
    """What one Keras layer gives: each spec says which Keras layer's output it gives (ends_at)."""
    return [dict(spec, ends_at=spec.get("ends_at", spec["name"])) for spec in specs], list(arrays), unpack


def _conv2d(cfg, name, shape, taken):
    channels, groups = ks.maps(shape, name), ks.count(cfg, "groups", name, 1)
    spec = dict(name=name, kind="conv", filters=ks.count(cfg, "filters", name), groups=groups, **ks.window(cfg, name))
    if spec["filters"] % groups or channels % groups:
        ks.refuse(name, "groups", groups)
    kernel = (*spec["size"], channels // groups, spec["filters"])
    arrays = _with_bias(cfg, name, kernel, spec["filters"], spec)
    spec.update(ks.activation_of(cfg, name))
    return _made(spec, arrays=arrays, unpack=functools.partial(_kernel_bias, name))


def _depthwise(cfg, name, shape, taken):
    """DepthwiseConv2D: each channel filtered on its own, depth_multiplier maps each."""
    channels, m = ks.maps(shape, name), ks.count(cfg, "depth_multiplier", name, 1)
    spec = dict(name=name, kind="conv", filters=channels * m, groups=channels, depthwise=True, **ks.window(cfg, name))
    arrays = _with_bias(cfg, name, (*spec["size"], channels, m), channels * m, spec)
    spec.update(ks.activation_of(cfg, name))
    return _made(spec, arrays=arrays, unpack=functools.partial(_depthwise_bias, name))


def _separable(cfg, name, shape, taken):
    """SeparableConv2D: a depthwise convolution with no bias, then a 1 x 1 one with the bias
    and the activation (the specs "<name>_depthwise" and "<name>")."""
    channels, m = ks.maps(shape, name), ks.count(cfg, "depth_multiplier", name, 1)
    half = ks.unique_name(f"{name}_depthwise", "SeparableConv2D", taken)
    first = dict(name=half, kind="conv", filters=channels * m, groups=channels, depthwise=True, half_of=name)
    first["no_bias"] = True  # its zeros are the engine's, not Keras's: not counted as parameters
    first.update(ks.window(cfg, name), activation=None)
    filters = ks.count(cfg, "filters", name)
    second = dict(name=name, kind="conv", filters=filters, size=(1, 1), strides=(1, 1), padding="valid")
    second.update(ks.activation_of(cfg, name))
    arrays = [(*first["size"], channels, m), *_with_bias(cfg, name, (1, 1, channels * m, filters), filters, second)]
    return _made(first, second, arrays=arrays, unpack=functools.partial(_separable_bias, half, name))


def _dense(cfg, name, shape, taken):
    if len(shape) != 1:
        raise ModelFileError("own.dense_needs_flatten", layer=name)
    spec = dict(name=name, kind="dense", units=ks.count(cfg, "units", name), **ks.activation_of(cfg, name))
    arrays = _with_bias(cfg, name, (shape[0], spec["units"]), spec["units"], spec)
    return _made(spec, arrays=arrays, unpack=functools.partial(_kernel_bias, name))


def _with_bias(cfg, name, kernel, out, spec):
    """The arrays Keras saves: a kernel, and a bias unless use_bias is off. The engine then adds
    zeros for a missing bias, which the spec marks `no_bias` so they are not counted."""
    if ks.flag(cfg, "use_bias", name, True):
        return [kernel, (out,)]
    spec["no_bias"] = True
    return [kernel]


def _pooling(cfg, name, shape, taken, kind):
    ks.maps(shape, name)
    size = ks.pair(cfg, "pool_size", name, 2)
    strides = size if cfg.get("strides") is None else ks.pair(cfg, "strides", name, None)
    return _made(dict(name=name, kind=kind, size=size, strides=strides, padding=ks.padding(cfg, name)))


def _global(cfg, name, shape, taken, kind):
    ks.maps(shape, name)
    if ks.flag(cfg, "keepdims", name, False):
        ks.refuse(name, "keepdims", True)
    return _made(dict(name=name, kind=kind))


def _zeropad(cfg, name, shape, taken):
    ks.maps(shape, name)
    return _made(dict(name=name, kind="zeropad", pads=ks.zero_pads(cfg, name)))


def _batchnorm(cfg, name, shape, taken):
    """A per-channel scale and shift at inference (folded later into a layer before it)."""
    if cfg.get("axis", -1) not in (-1, len(shape), [-1], [len(shape)]):
        raise ModelFileError("own.layer_refused", layer=name, kind="BatchNormalization")
    epsilon = ks.number(cfg, "epsilon", name, 1e-3, low=0)
    center, scale = ks.flag(cfg, "center", name, True), ks.flag(cfg, "scale", name, True)
    arrays = [(shape[-1],)] * (2 + center + scale)
    return _made(dict(name=name, kind="scale"), arrays=arrays, unpack=functools.partial(_norm, name, epsilon, scale))


def _relu(cfg, name, shape, taken):
    """ReLU, or a leaky one (negative_slope above 0); a capped (ReLU6) or shifted one is refused."""
    for key in ("max_value", "threshold"):
        if cfg.get(key) not in (None, 0, 0.0):
            ks.refuse(name, key, cfg[key])
    slope = ks.number(cfg, "negative_slope", name, 0.0, low=0)
    activation = dict(activation="leaky_relu", negative_slope=slope) if slope else dict(activation="relu")
    return _made(dict(name=name, kind="activation", **activation))


def _leaky(cfg, name, shape, taken):
    """LeakyReLU: Keras 3 writes negative_slope (0.3 by default), older files alpha."""
    key = "negative_slope" if "negative_slope" in cfg or "alpha" not in cfg else "alpha"
    slope = ks.number(cfg, key, name, 0.3, low=0)
    return _made(dict(name=name, kind="activation", activation="leaky_relu", negative_slope=slope))


def _activation(cfg, name, shape, taken):
    return _made(dict(name=name, kind="activation", **ks.activation_of(cfg, name)))


def _flatten(cfg, name, shape, taken):
    return _made(dict(name=name, kind="flatten"))


def _identity(cfg, name, shape, taken, cls):
    """An augmentation layer: shown, as doing nothing when the model predicts."""
    return _made(dict(name=name, kind="identity", keras=cls))


def _dropped(cfg, name, shape, taken):
    return _made()


def _rescaling(cfg, name, shape, taken):
    scale, offset = ks.number(cfg, "scale", name, 1.0), ks.number(cfg, "offset", name, 0.0)
    return _made(dict(name=name, kind="rescale", scale=scale, offset=offset))


KINDS = {
    "Conv2D": _conv2d,
    "DepthwiseConv2D": _depthwise,
    "SeparableConv2D": _separable,
    "Dense": _dense,
    "MaxPooling2D": functools.partial(_pooling, kind="maxpool"),
    "AveragePooling2D": functools.partial(_pooling, kind="avgpool"),
    "GlobalAveragePooling2D": functools.partial(_global, kind="globalavg"),
    "GlobalMaxPooling2D": functools.partial(_global, kind="globalmax"),
    "ZeroPadding2D": _zeropad,
    "Flatten": _flatten,
    "BatchNormalization": _batchnorm,
    "Activation": _activation,
    "ReLU": _relu,
    "LeakyReLU": _leaky,
    "Rescaling": _rescaling,
    **{cls: functools.partial(_identity, cls=cls) for cls in IDENTITY},
    **{cls: _dropped for cls in DROPPED},
}


# ----------------------------------------------------------------- weights, as the engine takes them


def _bias(arrays, out):
    return arrays[0] if arrays else np.zeros(out, np.float32)


def _kernel_bias(name, arrays):
    kernel, *rest = arrays
    return {name: (kernel, _bias(rest, kernel.shape[-1]))}


def _depthwise_bias(name, arrays):
    """(kh, kw, C, M) as a grouped kernel (kh, kw, 1, C x M): map c x M + m, TensorFlow's order."""
    kernel, *rest = arrays
    kh, kw, c, m = kernel.shape
    return {name: (kernel.reshape(kh, kw, 1, c * m), _bias(rest, c * m))}


def _separable_bias(half, name, arrays):
    depthwise, pointwise, *rest = arrays
    return {**_depthwise_bias(half, [depthwise]), **_kernel_bias(name, [pointwise, *rest])}


def _norm(name, epsilon, has_scale, arrays):
    """A BatchNormalization's per-channel (scale, shift) at inference, from gamma (if it
    scales), beta (if it centres), the moving mean and variance."""
    found = list(arrays)
    gamma = found.pop(0) if has_scale else 1.0
    beta = found.pop(0) if len(found) == 3 else 0.0
    mean, variance = found
    if (variance < 0).any():  # its square root would be NaN, and every page "nan %"
        raise ModelFileError("own.negative_variance", layer=name)
    scale = gamma / np.sqrt(variance + epsilon)
    return {name: (np.asarray(scale, np.float32), np.asarray(beta - mean * scale, np.float32))}
