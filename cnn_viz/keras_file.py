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
MAX_PARAMETERS numbers, input H x W x C with C 1 or 3 and H, W from 8 to 64. The JSON members
are bounded before they become Python objects (MAX_JSON_BYTES, and a scan of the bytes for
MAX_JSON_DEPTH and MAX_JSON_ITEMS: 0.65 MB of empty lists would be half a gigabyte of
objects), then at most MAX_LAYERS layers. Every setting is checked for the type and range
Keras writes, every number in the file must be finite, and the network must give finite
numbers on a test picture: what fails is one sentence, never an exception of ours.
"""

import hashlib
import io
import itertools
import json
import logging
import math
import re
import sys
import zipfile

import numpy as np

from . import cost, i18n, layers, model

MAX_FILE_BYTES = 20_000_000
MAX_PARAMETERS = 5_000_000
MAX_INFLATED_BYTES = 4 * MAX_PARAMETERS + 5_000_000  # float32 weights and their config
MAX_RATIO = 50  # float weights compress about 1.1x; a bomb, thousands of times
SIDES = (8, 64)
CHANNELS = (1, 3)
ACTIVATIONS = {"relu", "linear", "softmax", None}
# A real Sequential config is about 0.8 kB, 10 containers and 70 keys and values a layer (a
# 101-layer model saved by Keras 3.15: 80,959 bytes, 1,051 containers, 6,852 commas and colons,
# nested 7 deep), so these hold a MAX_LAYERS model several times over and bound what reading
# the JSON costs to under 20 MB (75,000 strings in 0.9 MB: +18 MB peak RSS, 0.06 s).
MAX_LAYERS = 200
MAX_CLASSES = 1000  # ImageNet's; every class is a bar, a name and a choice on the pages
MAX_JSON_BYTES = {"config.json": 1_000_000, "metadata.json": 256_000}
MAX_JSON_DEPTH = 32
MAX_JSON_ITEMS = 100_000  # containers, commas and colons: about every key and value
MAX_WHOLE = 1_000_000  # no size, stride, filter or unit count of a model shown here is larger
# Network.forward's outputs besides the layers': a layer of one of these names is renamed (and
# one called "logits" unless its output is the class scores, see _free_logits).
RESERVED = ("input", "probabilities")
# Whatever a malformed file makes our checks raise that they did not foresee: still one
# sentence (not ImportError: a library missing on the server is ours, and the page says so).
UNFORESEEN = (TypeError, AttributeError, KeyError, ValueError, IndexError, ZeroDivisionError, OverflowError)
log = logging.getLogger(__name__)


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
    try:
        return _read(data, safe_name(name))
    except KerasFileError:
        raise
    except (*UNFORESEEN, RecursionError) as error:  # a check of ours is missing: log it, say one sentence
        log.warning("A .keras file got past the reader's checks: %r", error)
        raise KerasFileError("own.not_keras") from error


def _read(data, name):
    """read() itself: the zip's bounds, the JSON's, the layers' settings, the weights, the cost,
    the shapes, then one run of the network."""
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
        config = _json(archive, members["config.json"])
        metadata = _json(archive, members["metadata.json"]) if "metadata.json" in members else {}
        weights_file = archive.read("model.weights.h5")
    except KerasFileError:
        raise
    except (ValueError, zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise KerasFileError("own.not_keras") from error
    input_shape, specs = _layers(config)
    _check_cost(input_shape, [spec for _, spec in specs])
    weights = _weights(weights_file, specs)
    with np.errstate(all="ignore"):  # an overflow while folding is refused just below, by name
        specs, weights = _fold(specs, weights)
    _check_finite(weights)
    _free_logits(specs, weights)
    n = _check_shapes(input_shape, specs, weights)
    takes_0_255 = specs[0]["kind"] == "rescale"
    if takes_0_255:  # the app gives every network 0-1: the 255 goes into the model's own Rescaling
        specs[0] = dict(specs[0], scale=specs[0]["scale"] * 255.0)
    classes = _classes(metadata, config, n)
    named = not classes[0].startswith("class ")
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    net = model.Network(weights, tuple(specs), input_shape, classes, name, named, False, takes_0_255, fingerprint)
    _check_runs(net)
    return net


# A JSON string, escapes included: what the scan below skips (a bracket inside one is text).
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _json(archive, info):
    """A JSON member, bounded before json.loads makes objects of it: its size read (not the
    size the zip declares), then the nesting and the number of items counted on its bytes with
    strings blanked out, then parsed with NaN, Infinity and numbers that overflow refused."""
    limit = MAX_JSON_BYTES[info.filename]
    if info.file_size > limit:
        raise KerasFileError("own.config_too_big", layers=MAX_LAYERS)
    with archive.open(info) as member:
        raw = member.read(limit + 1)
    text = raw.decode("utf-8")  # Keras writes UTF-8; the scan relies on it (a ValueError otherwise)
    marks = np.frombuffer(JSON_STRING.sub(b'""', raw), np.uint8)
    opens = (marks == ord("[")) | (marks == ord("{"))
    closes = (marks == ord("]")) | (marks == ord("}"))
    items = int(opens.sum() + (marks == ord(",")).sum() + (marks == ord(":")).sum())
    depth = int(np.cumsum(opens.astype(np.int32) - closes).max(initial=0))
    if len(raw) > limit or items > MAX_JSON_ITEMS or depth > MAX_JSON_DEPTH:
        raise KerasFileError("own.config_too_big", layers=MAX_LAYERS)
    return json.loads(text, parse_constant=_not_finite, parse_float=_finite)


def _not_finite(constant):
    raise KerasFileError("own.config_not_finite")


def _finite(text):
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        _not_finite(text)
    return value


def _check_finite(weights):
    """Every weight after folding is a finite number (a scale of 3e38 over a small variance overflows)."""
    for name, arrays in weights.items():
        if not all(np.isfinite(a).all() for a in arrays):
            raise KerasFileError("own.not_finite", layer=name)


def _check_runs(net):
    """The network gives finite numbers at every layer on a mid-grey and a random picture (a
    batch of two, a few milliseconds): finite weights can still overflow float32 on the way
    (a Rescaling by 1e308, weights of 3e38), and every page would then read "nan %"."""
    shape = net.input_shape
    grey = np.full(shape, 0.5, np.float32)
    pictures = np.stack([grey, np.random.default_rng(0).random(shape, dtype=np.float32)])
    with np.errstate(all="ignore"):
        outputs = net.forward(pictures)
    names = [layer["name"] for layer in net.layers]
    for key, out in outputs.items():
        if not np.isfinite(out).all():  # "logits" and "probabilities" are the last layer's
            raise KerasFileError("own.overflows", layer=key if key in names else names[-1])


def _layers(config):
    """(input shape, [(keras class name, spec)]) of a Sequential model's config."""
    if not isinstance(config, dict) or config.get("class_name") != "Sequential":
        kind = config.get("class_name", "?") if isinstance(config, dict) else "?"
        raise KerasFileError("own.not_sequential", kind=safe_name(kind))
    inner = config.get("config", {})
    entries = inner.get("layers", []) if isinstance(inner, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise KerasFileError("own.not_keras")
    count = sum(entry.get("class_name") != "InputLayer" for entry in entries)
    if count > MAX_LAYERS:
        raise KerasFileError("own.too_many_layers", n=f"{count:,}", limit=MAX_LAYERS)
    input_shape, specs, taken = None, [], set(RESERVED)
    for entry in entries:
        cls, cfg = entry.get("class_name"), entry.get("config", {})
        if not isinstance(cfg, dict):
            raise KerasFileError("own.not_keras")
        name = _layer_name(cfg.get("name", cls), cls, taken)
        if entry.get("module") not in ("keras.layers", None) or entry.get("registered_name") not in (None, cls):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        if cls == "InputLayer":
            input_shape = _input_shape(cfg)
            continue
        spec = _spec(cls, cfg, name)
        if spec is not None:
            specs.append((cls, spec))
    if input_shape is None:  # no InputLayer: the first layer may carry the shape (older saves)
        input_shape = _input_shape(entries[0].get("config", {}) if entries else {})
    h, w, c = input_shape
    if not (SIDES[0] <= h <= SIDES[1] and SIDES[0] <= w <= SIDES[1] and c in CHANNELS):
        raise KerasFileError("own.input_shape", shape=" x ".join(map(str, input_shape)))
    if not specs:
        raise KerasFileError("own.no_layers")
    return input_shape, specs


def _layer_name(text, cls, taken):
    """The layer's name as plain text, unlike any other layer's and any output of forward()'s
    own ("input", "logits", "probabilities"): Keras never saves two layers of one name, but a
    crafted file can, and they would share weights and maps."""
    if not isinstance(text, str):
        raise KerasFileError("own.bad_setting", layer=safe_name(cls), setting="name", value=_shown(text))
    base = name = safe_name(text)
    suffixes = itertools.count(1)
    while name in taken:
        name = f"{base}_{next(suffixes)}"
    taken.add(name)
    return name


def _free_logits(specs, weights):
    """forward() calls the class scores "logits": a layer of that name keeps it only where its
    output is those scores, the last layer with no activation (as the shipped network's);
    another would have its maps replaced by the scores, so it is renamed."""
    for spec in specs:
        if spec["name"] == "logits" and (spec is not specs[-1] or spec.get("activation")):
            spec["name"] = _layer_name("logits", "", {other["name"] for other in specs} | set(RESERVED))
            if "logits" in weights:
                weights[spec["name"]] = weights.pop("logits")


def _input_shape(cfg):
    """(H, W, C) from an InputLayer's batch_shape (or shape), or from the first layer's."""
    dims = cfg.get("batch_shape") or cfg.get("batch_input_shape")
    if dims is None and isinstance(cfg.get("shape"), list):
        dims = [None, *cfg["shape"]]
    if not isinstance(dims, list) or len(dims) != 4 or not all(_whole(d) for d in dims[1:]):
        shown = " x ".join(map(str, dims[1:])) if isinstance(dims, list) else dims
        raise KerasFileError("own.input_shape", shape=_shown(shown))
    return tuple(dims[1:])


def safe_name(text, longest=40):
    """A name from the file as plain text: letters, digits and a few marks (it is shown in
    tables, charts and badges), at most `longest` characters."""
    return re.sub(r"[^\w .,()+-]", "", str(text))[:longest].strip() or "?"


def _shown(value):
    """A setting's value from the file, as plain text for a sentence (a list in parentheses)."""
    return safe_name(str(value)[:100].translate(str.maketrans("[]{}", "()()")), 20)


def _whole(value):
    """Whether a setting is a whole number a model here can have (JSON's true is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_WHOLE


def _refuse(name, setting, value):
    raise KerasFileError("own.bad_setting", layer=name, setting=setting, value=_shown(value))


def _count(cfg, key, name, default=None):
    value = cfg.get(key, default)
    return value if _whole(value) else _refuse(name, key, value)


def _pair(cfg, key, name, default):
    """A (height, width) setting: one whole number for both, or a list of two."""
    value = cfg.get(key, default)
    pair = value if isinstance(value, list) else [value, value]
    return tuple(pair) if len(pair) == 2 and all(map(_whole, pair)) else _refuse(name, key, value)


def _flag(cfg, key, name, default):
    value = cfg.get(key, default)
    return value if isinstance(value, bool) else _refuse(name, key, value)


def _number(cfg, key, name, default, low=-math.inf):
    """A number no lower than `low` that is a float (the JSON was read with NaN and infinities
    refused; an integer can still be larger than any float)."""
    value = cfg.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= sys.float_info.max:
        _refuse(name, key, value)
    return float(value)


def _padding(cfg, name):
    value = cfg.get("padding", "valid")
    return value if value in ("valid", "same") else _refuse(name, "padding", value)


def _activation(cfg, name):
    activation = cfg.get("activation", "linear")
    if not (activation is None or isinstance(activation, str)) or activation not in ACTIVATIONS:
        raise KerasFileError("own.activation", layer=name, activation=_shown(activation))
    return None if activation == "linear" else activation


def _spec(cls, cfg, name):
    """Our spec of one Keras layer (None for a layer that does nothing at inference), each
    setting checked for the type and range Keras writes."""
    if cfg.get("data_format", "channels_last") != "channels_last":
        raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
    if cls == "Conv2D":
        if _pair(cfg, "dilation_rate", name, 1) != (1, 1) or cfg.get("groups", 1) != 1:
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="conv", filters=_count(cfg, "filters", name), size=_pair(cfg, "kernel_size", name, None))
        spec.update(strides=_pair(cfg, "strides", name, 1), padding=_padding(cfg, name))
        spec.update(activation=_activation(cfg, name), use_bias=_flag(cfg, "use_bias", name, True))
    elif cls in ("MaxPooling2D", "AveragePooling2D"):
        size = _pair(cfg, "pool_size", name, 2)
        strides = size if cfg.get("strides") is None else _pair(cfg, "strides", name, None)
        spec = dict(kind="maxpool" if cls == "MaxPooling2D" else "avgpool", size=size, strides=strides)
        spec.update(padding=_padding(cfg, name))
    elif cls == "Flatten":
        spec = dict(kind="flatten")
    elif cls == "Dense":
        spec = dict(kind="dense", units=_count(cfg, "units", name), activation=_activation(cfg, name))
        spec.update(use_bias=_flag(cfg, "use_bias", name, True))
    elif cls == "Activation":
        spec = dict(kind="activation", activation=_activation(cfg, name))
    elif cls == "ReLU":
        if cfg.get("max_value") is not None or cfg.get("negative_slope", 0) or cfg.get("threshold", 0):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="activation", activation="relu")
    elif cls == "Dropout":
        return None  # identity at inference
    elif cls == "Rescaling":
        spec = dict(kind="rescale", scale=_number(cfg, "scale", name, 1.0), offset=_number(cfg, "offset", name, 0.0))
    elif cls == "BatchNormalization":
        if cfg.get("axis", -1) not in (-1, 3, [-1], [3]):
            raise KerasFileError("own.layer_refused", layer=name, kind=safe_name(cls))
        spec = dict(kind="batchnorm", epsilon=_number(cfg, "epsilon", name, 1e-3, low=0))
        spec.update(center=_flag(cfg, "center", name, True), scale=_flag(cfg, "scale", name, True))
    else:
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
                    if len(group) != _arrays_expected(spec):  # a kernel and a bias; batch normalization's four
                        raise KerasFileError("own.weights_mismatch", layer=spec["name"])
                    arrays = []
                    for i in range(len(group)):
                        arrays.append(_array(group, str(i), MAX_PARAMETERS - total))
                        total += arrays[-1].size
                    if not _fits(spec, arrays):
                        raise KerasFileError("own.weights_mismatch", layer=spec["name"])
                    if not all(np.isfinite(a).all() for a in arrays):
                        raise KerasFileError("own.not_finite", layer=spec["name"])
                    weights[spec["name"]] = arrays
    except KerasFileError:
        raise
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise KerasFileError("own.not_keras") from error
    return weights


def _arrays_expected(spec):
    """How many arrays Keras saves for the layer: a kernel and its bias if it has one; batch
    normalization's gamma and beta if it scales and centres, then its mean and variance."""
    if spec["kind"] == "batchnorm":
        return 2 + spec["scale"] + spec["center"]
    return 1 + spec["use_bias"]


def _fits(spec, arrays):
    """Whether a layer's arrays have the shapes its settings give (the input's channels are
    checked later, along the shapes): a bias of the wrong length would break every page."""
    if spec["kind"] == "batchnorm":
        return all(a.ndim == 1 and a.shape == arrays[0].shape for a in arrays)
    kernel, out = arrays[0], spec["filters"] if spec["kind"] == "conv" else spec["units"]
    size = (*spec["size"], kernel.shape[-2]) if spec["kind"] == "conv" else kernel.shape[:1]
    return kernel.shape == (*size, out) and all(bias.shape == (out,) for bias in arrays[1:])


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
            bias = found[1] if spec.pop("use_bias") else np.zeros(kernel.shape[-1], np.float32)
            weights[spec["name"]] = (kernel, bias)
        elif spec["kind"] == "batchnorm":
            scale, shift = _batchnorm(spec, found)
            before = layers[-1] if layers else None
            if before and before["kind"] in ("conv", "dense") and not before.get("activation"):
                kernel, bias = weights[before["name"]]
                if scale.shape != bias.shape:
                    raise KerasFileError("own.weights_mismatch", layer=spec["name"])
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


def _check_cost(input_shape, specs):
    """Refuse, from the config alone and before a weight is read, a model whose largest
    computation on one picture (its gradient, for Why this class?) needs more memory than
    cnn_viz.cost.BUDGET: a few kilobytes of config can ask for gigabytes."""
    try:
        found = cost.Cost.of(input_shape, specs)
    except ValueError:
        return  # a window larger than its input: _check_shapes names the layer
    if not found.fits():
        need = cost.readable(found.gradient_bytes(cost.FLOAT64))
        numbers = f"{found.largest // cost.FLOAT32:,}"
        limit = cost.BUDGET // 2**20
        raise KerasFileError("own.too_costly", need=need, limit=limit, layer=found.widest, numbers=numbers)


def _batchnorm(spec, found):
    """A BatchNormalization's per-channel (scale, shift) at inference."""
    found = list(found)
    gamma = found.pop(0) if spec["scale"] else 1.0
    beta = found.pop(0) if spec["center"] else 0.0
    mean, variance = found
    if (variance < 0).any():  # its square root would be NaN, and every page "nan %"
        raise KerasFileError("own.negative_variance", layer=spec["name"])
    scale = gamma / np.sqrt(variance + spec["epsilon"])
    return scale, beta - mean * scale


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
        elif layer["kind"] == "scale":  # a batch normalization of its own: one scale and shift per channel
            expected = (shape[-1],)
        else:
            expected = None
        if expected and found[0].shape != expected or layer["kind"] == "scale" and found[1].shape != expected:
            raise KerasFileError("own.weights_mismatch", layer=layer["name"])
        try:
            shape = layers.output_shape(layer, shape)
        except ValueError:
            raise KerasFileError("own.too_small", layer=layer["name"]) from None
    if len(shape) != 1:
        raise KerasFileError("own.no_classes")
    if shape[0] > MAX_CLASSES:
        raise KerasFileError("own.too_many_classes", n=f"{shape[0]:,}", limit=f"{MAX_CLASSES:,}")
    return shape[0]


def _classes(metadata, config, n):
    """The n class names the file carries (a list under "class_names" in its metadata or the
    model's config), else class 0 ... n-1."""
    for source in (metadata, config.get("config", {})):
        names = source.get("class_names") if isinstance(source, dict) else None
        if isinstance(names, list) and len(names) == n and all(isinstance(x, str) for x in names):
            return tuple(safe_name(x, 30) for x in names)
    return tuple(f"class {i}" for i in range(n))
