"""A visitor's own Keras model, opened without TensorFlow and without running its code.

A `.keras` file (Keras 3) is a zip of `config.json` (the layers, as data), `model.weights.h5`
(the numbers) and `metadata.json`. `read(data)` checks the zip's bounds before inflating
anything, maps each layer of a Sequential model to a plain spec the numpy engine runs
(cnn_viz.layers), folds BatchNormalization into the layer before it, drops Dropout, and
refuses anything else in one sentence that names the layer. The result is a
`model.Network`, run by the same engine as the shipped network, so every model page works on
it; its numbers equal Keras's (tests/test_keras_file.py builds models in Keras and compares
every layer).

Bounds: the file at most MAX_FILE_BYTES, its members at most MAX_INFLATED_BYTES together
and no more than MAX_RATIO times their compressed size (a zip bomb), at most
MAX_PARAMETERS numbers, input H x W x C with C 1 or 3 and H, W from 8 to 64.
"""

import hashlib
import io
import json
import math
import re
import zipfile

import numpy as np

from . import i18n, layers, model

MAX_FILE_BYTES = 20_000_000
MAX_PARAMETERS = 5_000_000
MAX_INFLATED_BYTES = 4 * MAX_PARAMETERS + 5_000_000  # float32 weights and their config
MAX_RATIO = 50  # float weights compress about 1.1x; a bomb, thousands of times
SIDES = (8, 64)
CHANNELS = (1, 3)
ACTIVATIONS = {"relu", "linear", "softmax", None}


class KerasFileError(ValueError):
    """A file that cannot be opened here. str(error) is one English sentence that names the
    layer at fault; `key` and `values` let the app say the same in the visitor's language."""

    def __init__(self, key, **values):
        self.key, self.values = key, values
        super().__init__(i18n.text("en", key, **values))

    def message(self, lang):
        return i18n.text(lang, self.key, **self.values)


# --------------------------------------------------------------------- reading the file


def read(data, name="model"):
    """A model.Network from a .keras file's bytes, or KerasFileError."""
    name = safe_name(name)
    if len(data) > MAX_FILE_BYTES:
        # A tenth of a MB, rounded up: the uploader lets 20-21 MB through (its MB are MiB), and
        # "20.0 MB, at most 20 MB" would read as no reason at all.
        mb = f"{math.ceil(len(data) / 1e5) / 10:.1f}"
        raise KerasFileError("own.file_too_big", mb=mb, limit=f"{MAX_FILE_BYTES / 1e6:.0f}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise KerasFileError("own.not_keras") from error
    if not {"config.json", "model.weights.h5"} <= set(members):
        raise KerasFileError("own.not_keras")
    inflated = sum(info.file_size for info in members.values())
    packed = sum(info.compress_size for info in members.values())
    if inflated > MAX_INFLATED_BYTES or inflated > MAX_RATIO * max(packed, 1):
        raise KerasFileError("own.bomb")
    try:
        config = json.loads(archive.read("config.json"))
        metadata = json.loads(archive.read("metadata.json")) if "metadata.json" in members else {}
        weights_file = archive.read("model.weights.h5")
    except (ValueError, zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise KerasFileError("own.not_keras") from error
    input_shape, specs = _layers(config)
    weights = _weights(weights_file, specs)
    specs, weights = _fold(specs, weights)
    n = _check_shapes(input_shape, specs, weights)
    takes_0_255 = specs[0]["kind"] == "rescale"
    if takes_0_255:  # the app gives every network 0-1: the 255 goes into the model's own Rescaling
        specs[0] = dict(specs[0], scale=specs[0]["scale"] * 255.0)
    classes = _classes(metadata, config, n)
    named = not classes[0].startswith("class ")
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    return model.Network(weights, tuple(specs), input_shape, classes, name, named, False, takes_0_255, fingerprint)


def _layers(config):
    """(input shape, [(keras class name, spec)]) of a Sequential model's config."""
    if not isinstance(config, dict) or config.get("class_name") != "Sequential":
        kind = config.get("class_name", "?") if isinstance(config, dict) else "?"
        raise KerasFileError("own.not_sequential", kind=safe_name(kind))
    layers = config.get("config", {}).get("layers", [])
    input_shape, specs = None, []
    for entry in layers:
        cls, cfg = entry.get("class_name"), entry.get("config", {})
        name = safe_name(cfg.get("name", cls))
        if entry.get("module") not in ("keras.layers", None) or entry.get("registered_name") not in (None, cls):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        if cls == "InputLayer":
            input_shape = tuple(cfg.get("batch_shape") or [None, *cfg.get("shape", [])])[1:]
            continue
        spec = _spec(cls, cfg, name)
        if spec is not None:
            specs.append((cls, spec))
    if input_shape is None:
        first = layers[0].get("config", {}) if layers else {}
        input_shape = tuple((first.get("batch_input_shape") or first.get("batch_shape") or [None])[1:])
    if len(input_shape) != 3 or any(d is None for d in input_shape):
        raise KerasFileError("own.input_shape", shape=str(input_shape))
    h, w, c = input_shape
    if not (SIDES[0] <= h <= SIDES[1] and SIDES[0] <= w <= SIDES[1] and c in CHANNELS):
        raise KerasFileError("own.input_shape", shape=" x ".join(map(str, input_shape)))
    if not specs:
        raise KerasFileError("own.no_layers")
    return tuple(int(d) for d in input_shape), specs


def safe_name(text, longest=40):
    """A name from the file as plain text: letters, digits and a few marks (it is shown in
    tables, charts and badges), at most `longest` characters."""
    return re.sub(r"[^\w .,()+-]", "", str(text))[:longest].strip() or "?"


def _pair(value):
    return tuple(int(v) for v in value) if isinstance(value, (list, tuple)) else (int(value), int(value))


def _activation(cfg, name):
    activation = cfg.get("activation", "linear")
    if isinstance(activation, dict) or activation not in ACTIVATIONS:
        raise KerasFileError("own.activation", layer=name, activation=str(activation)[:40])
    return None if activation == "linear" else activation


def _spec(cls, cfg, name):
    """Our spec of one Keras layer (None for a layer that does nothing at inference)."""
    if cfg.get("data_format", "channels_last") != "channels_last":
        raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
    if cls == "Conv2D":
        if _pair(cfg.get("dilation_rate", 1)) != (1, 1) or cfg.get("groups", 1) != 1:
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="conv", filters=int(cfg["filters"]), size=_pair(cfg["kernel_size"]))
        spec.update(strides=_pair(cfg.get("strides", 1)), padding=cfg.get("padding", "valid"))
        spec.update(activation=_activation(cfg, name), use_bias=cfg.get("use_bias", True))
    elif cls in ("MaxPooling2D", "AveragePooling2D"):
        size = _pair(cfg.get("pool_size", 2))
        strides = _pair(cfg.get("strides") or size)
        spec = dict(kind="maxpool" if cls == "MaxPooling2D" else "avgpool", size=size, strides=strides)
        spec.update(padding=cfg.get("padding", "valid"))
    elif cls == "Flatten":
        spec = dict(kind="flatten")
    elif cls == "Dense":
        spec = dict(kind="dense", units=int(cfg["units"]), activation=_activation(cfg, name))
        spec.update(use_bias=cfg.get("use_bias", True))
    elif cls == "Activation":
        spec = dict(kind="activation", activation=_activation(cfg, name))
    elif cls == "ReLU":
        if cfg.get("max_value") is not None or cfg.get("negative_slope", 0) or cfg.get("threshold", 0):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="activation", activation="relu")
    elif cls == "Dropout":
        return None  # identity at inference
    elif cls == "Rescaling":
        scale, offset = cfg.get("scale", 1.0), cfg.get("offset", 0.0)
        if not all(isinstance(v, (int, float)) for v in (scale, offset)):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="rescale", scale=float(scale), offset=float(offset))
    elif cls == "BatchNormalization":
        if cfg.get("axis", -1) not in (-1, 3, [-1], [3]):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="batchnorm", epsilon=float(cfg.get("epsilon", 1e-3)))
        spec.update(center=cfg.get("center", True), scale=cfg.get("scale", True))
    else:
        raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
    if spec.get("padding", "valid") not in ("valid", "same"):
        raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
    return dict(spec, name=name)


def _snake(name):
    """Keras's name for a class in the weights file (its to_snake_case): Conv2D -> conv2d,
    MaxPooling2D -> max_pooling2d, ReLU -> re_lu."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _weights(data, specs):
    """{layer name: [arrays]} read from model.weights.h5, where Keras 3 stores the i-th layer of
    a class under its class's snake-case name (conv2d, conv2d_1, ...)."""
    import h5py

    seen, weights, total = {}, {}, 0
    try:
        with h5py.File(io.BytesIO(data), "r") as f:
            for cls, spec in specs:
                key = _snake(cls)
                seen[key] = seen.get(key, -1) + 1
                path = f"layers/{key}" + (f"_{seen[key]}" if seen[key] else "") + "/vars"
                if spec["kind"] in ("conv", "dense", "batchnorm"):
                    group = _inside(f, path)
                    if len(group) > 4:  # a kernel and a bias; batch normalization's four
                        raise ValueError(f"{path} holds {len(group)} arrays")
                    arrays = []
                    for i in range(len(group)):
                        arrays.append(_array(group, str(i), MAX_PARAMETERS - total))
                        total += arrays[-1].size
                    if not all(np.isfinite(a).all() for a in arrays):
                        raise KerasFileError("own.not_finite", layer=spec["name"])
                    weights[spec["name"]] = arrays
    except KerasFileError:
        raise
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise KerasFileError("own.not_keras") from error
    return weights


def _inside(node, path):
    """The object at `path`, reached through hard links only: an external or a soft link could
    lead to another file on the server."""
    import h5py

    for part in path.split("/"):
        if not isinstance(node.get(part, getlink=True), h5py.HardLink):
            raise KeyError(path)
        node = node[part]
    return node


def _array(group, key, budget):
    """One weight array, checked before it is read: stored in this file (not in an external
    or a virtual dataset, which name other files), floating point, and no larger than what is
    left of the parameter budget (HDF5's own compression can unpack a small file into
    gigabytes)."""
    import h5py

    found = _inside(group, key)
    if not isinstance(found, h5py.Dataset) or found.external or found.is_virtual or found.dtype.kind != "f":
        raise ValueError(f"{key} is not an array of numbers stored in the file")
    if found.size > budget:
        raise KerasFileError("own.too_many", limit=f"{MAX_PARAMETERS:,}")
    return np.asarray(found[()], dtype=np.float32)


def _fold(specs, arrays):
    """Layers and {name: (kernel, bias)}: biases made explicit, each BatchNormalization folded
    into the conv or dense layer before it (whose activation must then wait for it), or kept
    as a per-channel scale and shift; Activation layers merged into the layer before. A
    layer's "ends_at" names the Keras layer whose output it gives."""
    layers, weights = [], {}
    for _, spec in specs:
        spec, found = dict(spec, ends_at=spec["name"]), arrays.get(spec["name"])
        if spec["kind"] in ("conv", "dense"):
            kernel = found[0]
            bias = found[1] if spec.pop("use_bias") and len(found) > 1 else np.zeros(kernel.shape[-1], np.float32)
            weights[spec["name"]] = (kernel, bias)
        elif spec["kind"] == "batchnorm":
            found = list(found)
            gamma = found.pop(0) if spec["scale"] else None
            beta = found.pop(0) if spec["center"] else None
            mean, variance = found
            scale = (gamma if gamma is not None else 1.0) / np.sqrt(variance + spec["epsilon"])
            shift = (beta if beta is not None else 0.0) - mean * scale
            before = layers[-1] if layers else None
            if before and before["kind"] in ("conv", "dense") and not before.get("activation"):
                kernel, bias = weights[before["name"]]
                weights[before["name"]] = (kernel * scale, bias * scale + shift)
                before["folded"] = before["ends_at"] = spec["name"]  # shown as such
                continue
            spec = dict(kind="scale", name=spec["name"], ends_at=spec["name"])
            weights[spec["name"]] = (scale.astype(np.float32), shift.astype(np.float32))
        elif spec["kind"] == "activation":
            before = layers[-1] if layers else None
            if before and not before.get("activation") and before["kind"] != "flatten":
                before["activation"], before["ends_at"] = spec["activation"], spec["name"]
                continue
        layers.append(spec)
    return layers, weights


def _check_shapes(shape, specs, weights):
    """The number of classes, once every layer's weights fit the shape it gets."""
    for layer in specs:
        found = weights.get(layer["name"])
        if layer["kind"] == "conv":
            expected = (*layer["size"], shape[-1], layer["filters"])
        elif layer["kind"] == "dense":
            if len(shape) != 1:
                raise KerasFileError("own.dense_needs_flatten", layer=layer["name"])
            expected = (shape[0], layer["units"])
        else:
            expected = None
        if expected and found[0].shape != expected:
            raise KerasFileError("own.not_keras")
        try:
            shape = layers.output_shape(layer, shape)
        except ValueError:
            raise KerasFileError("own.too_small", layer=layer["name"]) from None
    if len(shape) != 1:
        raise KerasFileError("own.no_classes")
    return shape[0]


def _classes(metadata, config, n):
    """The n class names the file carries (a list under "class_names" in its metadata or the
    model's config), else class 0 ... n-1."""
    for source in (metadata, config.get("config", {})):
        names = source.get("class_names") if isinstance(source, dict) else None
        if isinstance(names, list) and len(names) == n and all(isinstance(x, str) for x in names):
            return tuple(safe_name(x, 30) for x in names)
    return tuple(f"class {i}" for i in range(n))
