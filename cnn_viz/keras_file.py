"""A visitor's own Keras model, opened without TensorFlow and without running its code.

A `.keras` file (Keras 3) is a zip of `config.json` (the layers, as data), `model.weights.h5`
(the numbers) and `metadata.json`. `read(data)` checks the zip's bounds before inflating
anything, has cnn_viz.keras_config map the layers of a Sequential model (or of a Functional one
whose layers form one chain) to the plain specs the numpy engine runs (cnn_viz.layers), reads
the weights, folds BatchNormalization into the layer before it, and refuses anything else in
one sentence that names the layer. The result is a `model.Network`, run by the same engine as
the shipped network, so every model page works on it; its numbers equal Keras's
(tests/test_keras_file.py builds models in Keras and compares every layer).

Bounds: the file at most MAX_FILE_BYTES, its members at most MAX_INFLATED_BYTES together
and no more than MAX_RATIO times their compressed size (a zip bomb), at most
MAX_PARAMETERS numbers, input H x W x C with C 1 or 3 and H, W from 8 to 224 (SIDES), and one
picture's gradient within cnn_viz.cost.BUDGET, known from the config before a weight is read.
The JSON members are bounded before they become Python objects (MAX_JSON_BYTES, and a scan of
the bytes for MAX_JSON_DEPTH and MAX_JSON_ITEMS: 0.65 MB of empty lists would be half a
gigabyte of objects), then at most MAX_LAYERS layers. Every setting is checked for the type and
range Keras writes, every number in the file must be finite, and the network must give finite
numbers on a test picture: what fails is one sentence, never an exception of ours.
"""

import io
import json
import math
import re
import zipfile

import numpy as np

from .keras_config import MAX_LAYERS, SIDES, model_layers
from .model_checks import (
    MAX_FILE_BYTES,
    MAX_PARAMETERS,
    ModelFileError,
    check_cost,
    check_size,
    network,
    read_safely,
    safe_name,
    takes_activation,
    takes_scale,
)

__all__ = ["MAX_FILE_BYTES", "MAX_LAYERS", "MAX_PARAMETERS", "SIDES", "ModelFileError", "read", "safe_name"]

MAX_INFLATED_BYTES = 4 * MAX_PARAMETERS + 5_000_000  # float32 weights and their config
MAX_RATIO = 50  # float weights compress about 1.1x; a bomb, thousands of times
# A real Sequential config is about 0.8 kB, 10 containers and 70 keys and values a layer (a
# 101-layer model saved by Keras 3.15: 80,959 bytes, 1,051 containers, 6,852 commas and colons,
# nested 7 deep; a Functional one's layers also name their inputs, nested 10 deep), so these hold
# a MAX_LAYERS model several times over and bound what reading the JSON costs to under 20 MB
# (75,000 strings in 0.9 MB: +18 MB peak RSS, 0.06 s).
MAX_JSON_BYTES = {"config.json": 1_000_000, "metadata.json": 256_000}
MAX_JSON_DEPTH = 32
MAX_JSON_ITEMS = 100_000  # containers, commas and colons: about every key and value


# --------------------------------------------------------------------- reading the file


def read(data, name="model"):
    """A model.Network from a .keras file's bytes, or ModelFileError."""
    return read_safely(_read, data, name, "own.not_keras")


def _read(data, name):
    """read() itself: the zip's bounds, the JSON's, the layers' settings, the weights, the cost,
    the shapes, then one run of the network."""
    check_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ModelFileError("own.not_keras") from error
    if not {"config.json", "model.weights.h5"} <= set(members):
        raise ModelFileError("own.not_keras")
    inflated = sum(info.file_size for info in members.values())
    packed = sum(info.compress_size for info in members.values())
    if inflated > MAX_INFLATED_BYTES or inflated > MAX_RATIO * max(packed, 1):
        raise ModelFileError("own.bomb")
    try:
        config = _json(archive, members["config.json"])
        metadata = _json(archive, members["metadata.json"]) if "metadata.json" in members else {}
        weights_file = archive.read("model.weights.h5")
    except ModelFileError:
        raise
    except (ValueError, zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise ModelFileError("own.not_keras") from error
    input_shape, found, n = model_layers(config)
    check_cost(input_shape, [spec for layer in found for spec in layer.specs])
    if n < 2:  # one output is a yes/no score or a number, not a choice among classes
        raise ModelFileError("own.one_class")
    arrays = _weights(weights_file, found)
    with np.errstate(all="ignore"):  # an overflow while folding is refused just below, by name
        specs, weights = _fold(found, arrays)
    takes_0_255 = _fold_255(specs)
    classes = _classes(metadata, config, n)
    version = metadata.get("keras_version") if isinstance(metadata, dict) else None
    made_by = f"Keras {safe_name(version, 20)}" if isinstance(version, str) else "Keras"
    return network(data, name, input_shape, specs, weights, classes, takes_0_255, made_by)


# A JSON string, escapes included: what the scan below skips (a bracket inside one is text).
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _json(archive, info):
    """A JSON member, bounded before json.loads makes objects of it: its size read (not the
    size the zip declares), then the nesting and the number of items counted on its bytes with
    strings blanked out, then parsed with NaN, Infinity and numbers that overflow refused."""
    limit = MAX_JSON_BYTES[info.filename]
    if info.file_size > limit:
        raise ModelFileError("own.config_too_big", layers=MAX_LAYERS)
    with archive.open(info) as member:
        raw = member.read(limit + 1)
    text = raw.decode("utf-8")  # Keras writes UTF-8; the scan relies on it (a ValueError otherwise)
    marks = np.frombuffer(JSON_STRING.sub(b'""', raw), np.uint8)
    opens = (marks == ord("[")) | (marks == ord("{"))
    closes = (marks == ord("]")) | (marks == ord("}"))
    items = int(opens.sum() + (marks == ord(",")).sum() + (marks == ord(":")).sum())
    depth = int(np.cumsum(opens.astype(np.int32) - closes).max(initial=0))
    if len(raw) > limit or items > MAX_JSON_ITEMS or depth > MAX_JSON_DEPTH:
        raise ModelFileError("own.config_too_big", layers=MAX_LAYERS)
    return json.loads(text, parse_constant=_not_finite, parse_float=_finite)


def _not_finite(constant):
    raise ModelFileError("own.config_not_finite")


def _finite(text):
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity
        _not_finite(text)
    return value


def _fold_255(specs):
    """Whether the model rescales 0-255 itself (its first layer that does anything is a
    Rescaling, as in Keras's tutorials): the app gives every network 0-1, so the 255 goes into
    that layer's scale."""
    first = next((i for i, spec in enumerate(specs) if spec["kind"] != "identity"), 0)
    if specs[first]["kind"] != "rescale":
        return False
    specs[first] = dict(specs[first], scale=specs[first]["scale"] * 255.0)
    return True


# --------------------------------------------------------------------------- the weights


def _weights(data, found):
    """[the arrays of each Keras layer] read from model.weights.h5, where keras_config found
    their group and the shapes they must have; nothing is read that is not an array of numbers
    in this file within the parameter budget."""
    import h5py

    total = sum(int(np.prod(shape)) for layer in found for shape in layer.arrays)
    if total > MAX_PARAMETERS:  # known from the config: no array is read
        raise ModelFileError("own.too_many", limit=f"{MAX_PARAMETERS:,}")
    out, budget = [], MAX_PARAMETERS
    try:
        with h5py.File(io.BytesIO(data), "r") as f:
            for layer in found:
                out.append(_layer_arrays(f, layer, budget) if layer.arrays else [])
                budget -= sum(a.size for a in out[-1])
    except ModelFileError:
        raise
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise ModelFileError("own.not_keras") from error
    return out


def _layer_arrays(f, layer, budget):
    """One Keras layer's arrays, as many and of the shapes its settings give."""
    group, name = _inside(f, f"{layer.path}/vars"), layer.specs[-1]["name"]
    if len(group) != len(layer.arrays):  # a kernel and a bias; batch normalization's four
        raise ModelFileError("own.weights_mismatch", layer=name)
    arrays = []
    for i, shape in enumerate(layer.arrays):
        arrays.append(_array(group, str(i), budget))
        budget -= arrays[-1].size
        if arrays[-1].shape != tuple(shape):
            raise ModelFileError("own.weights_mismatch", layer=name)
        if not np.isfinite(arrays[-1]).all():
            raise ModelFileError("own.not_finite", layer=name)
    return arrays


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
        raise ModelFileError("own.too_many", limit=f"{MAX_PARAMETERS:,}")
    return np.asarray(found[()], dtype=np.float32)


def _fold(found, arrays):
    """The specs and {name: weights}: each BatchNormalization (a "scale") folded into the conv
    or dense layer right before it when that has no activation yet, else kept as a per-channel
    scale and shift; an activation layer merged into the layer before it when that has none (a
    layer that does nothing at inference keeps saying so). A layer's "ends_at" names the Keras
    layer whose output it gives."""
    specs, weights = [], {}
    for layer, found_arrays in zip(found, arrays):
        unpacked = layer.unpack(found_arrays) if layer.unpack else {}
        for spec in map(dict, layer.specs):
            before = specs[-1] if specs else None
            if spec["kind"] == "scale" and takes_scale(before):
                scale, shift = unpacked[spec["name"]]
                kernel, bias = weights[before["name"]]
                weights[before["name"]] = (kernel * scale, bias * scale + shift)
                before["folded"] = before["ends_at"] = spec["name"]  # shown as such
                before.pop("no_bias", None)  # the normalization's shift is its bias now
                continue
            if spec["kind"] == "activation" and takes_activation(before):
                before.update({k: v for k, v in spec.items() if k in ("activation", "negative_slope", "ends_at")})
                continue
            if spec["name"] in unpacked:
                weights[spec["name"]] = unpacked[spec["name"]]
            specs.append(spec)
    return specs, weights


def _classes(metadata, config, n):
    """The n class names the file carries (a list under "class_names" in its metadata or the
    model's config), else class 0 ... n-1."""
    for source in (metadata, config.get("config", {})):
        names = source.get("class_names") if isinstance(source, dict) else None
        if isinstance(names, list) and len(names) == n and all(isinstance(x, str) for x in names):
            return tuple(safe_name(x, 30) for x in names)
    return tuple(f"class {i}" for i in range(n))
