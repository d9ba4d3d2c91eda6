"""A .keras file's config.json as the layer specs the numpy engine runs (cnn_viz.layers).

`model_layers(config)` walks a Sequential model's layers, or a Functional model's whose layers
form one chain (each reads the one before it; one input, one output), a Sequential nested in
either included (TensorFlow's tutorials wrap their augmentation layers so). Each Keras layer
becomes a `Layer`: the specs it runs as (a SeparableConv2D as two, a Dropout as none), where
its weights lie in model.weights.h5, the shapes Keras saves them in, and how they become the
engine's weights. The shapes are followed from the input through every layer, so a setting
that cannot fit its input, the arrays' shapes and the number of classes are all known before
a weight is read. Each layer's own settings are read by cnn_viz.keras_kinds; what cannot run
is one sentence (ModelFileError) that names the layer.
"""

import re
from dataclasses import dataclass

from . import keras_kinds, layers
from .keras_settings import ModelFileError, safe_name, shown, unique_name, whole
from .model_checks import RESERVED

SIDES = (8, 224)  # ImageNet's 224: the cost bound (cnn_viz.cost) still refuses what is too heavy
CHANNELS = (1, 3)
MAX_LAYERS = 200
MAX_CLASSES = 1000  # ImageNet's; every class is a bar, a name and a choice on the pages


@dataclass
class Layer:
    """One Keras layer as the engine runs it: its specs (zero, one or two), the group of its
    arrays in model.weights.h5, their shapes as Keras saves them, and `unpack(arrays)`, which
    gives {spec name: the engine's weights}."""

    cls: str
    path: str
    specs: list
    arrays: list
    unpack: object = None


# ------------------------------------------------------------------------- the model


def model_layers(config):
    """(input shape, [Layer], number of classes) of a Sequential or chained Functional model's config."""
    entries = _entries(config)
    count = _count_layers(entries)
    if count > MAX_LAYERS:
        raise ModelFileError("own.too_many_layers", n=f"{count:,}", limit=MAX_LAYERS)
    input_shape = shape = _input_shape(entries)
    found, taken = [], set(RESERVED)
    for cls, cfg, path in _leaves(entries, "layers"):
        name = unique_name(cfg.get("name", cls), cls, taken)
        specs, arrays, unpack = keras_kinds.spec(cls, cfg, name, shape, taken)
        for spec in specs:
            shape = _output_shape(spec, shape)
        found.append(Layer(cls, path, specs, arrays, unpack))
    if not any(layer.specs for layer in found):
        raise ModelFileError("own.no_layers")
    _check_classes(shape)
    return input_shape, found, shape[0]


def _entries(config):
    """The layer entries of the model: a Sequential's as they are, a Functional's once they
    are known to form one chain."""
    kind = config.get("class_name", "?") if isinstance(config, dict) else "?"
    if kind not in ("Sequential", "Functional"):
        raise ModelFileError("own.not_sequential", kind=safe_name(kind))
    inner = config.get("config", {})
    entries = inner.get("layers", []) if isinstance(inner, dict) else None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ModelFileError("own.not_keras")
    if kind == "Functional":
        _check_chain(inner, entries)
    return entries


def _check_chain(inner, entries):
    """A Functional model opens when its layers form one chain: one input first, each layer
    reading exactly the one before it, once, and the last layer the only output. Otherwise its
    layers branch or merge, and the sentence names where."""
    names = [entry.get("name", _config(entry).get("name")) for entry in entries]
    if not entries or len(set(map(str, names))) != len(names) or entries[0].get("class_name") != "InputLayer":
        raise ModelFileError("own.not_keras")
    for before, entry, name in zip(names, entries[1:], names[1:]):
        nodes = entry.get("inbound_nodes")
        if entry.get("class_name") == "InputLayer":
            raise ModelFileError("own.branches", layer=safe_name(name))  # a second input
        if not isinstance(nodes, list) or not nodes:
            raise ModelFileError("own.not_keras")
        if len(nodes) > 1 or len(_sources(nodes[0])) != 1:
            raise ModelFileError("own.branches", layer=safe_name(name))  # a layer used twice, or a merge
        sources = _sources(nodes[0])
        if not isinstance(sources[0], list):
            raise ModelFileError("own.not_keras")
        if sources[0] != [before, 0, 0]:
            raise ModelFileError("own.branches", layer=safe_name(sources[0][0]))  # its output goes elsewhere too
    ends = [_ends(inner.get(key)) for key in ("input_layers", "output_layers")]
    if ends[0] != [names[0]] or ends[1][-1:] != [names[-1]]:
        raise ModelFileError("own.not_keras")
    if len(ends[1]) > 1:
        raise ModelFileError("own.branches", layer=safe_name(ends[1][0]))


def _sources(node):
    """The [layer name, node, tensor] of every tensor a call of a layer reads (Keras 3 writes
    each as {"class_name": "__keras_tensor__", "config": {"keras_history": [...]}})."""
    if isinstance(node, dict):
        if node.get("class_name") == "__keras_tensor__":
            history = node.get("config", {}).get("keras_history") if isinstance(node.get("config"), dict) else None
            return [history] if isinstance(history, list) and len(history) == 3 else [None]
        return [found for value in node.values() for found in _sources(value)]
    if isinstance(node, list):
        return [found for value in node for found in _sources(value)]
    return []


def _ends(value):
    """The names of a Functional model's inputs or outputs: [name, 0, 0] for one, a list of
    those for several."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, list) and len(v) == 3 for v in value):
        raise ModelFileError("own.not_keras")
    return [v[0] for v in value]


def _config(entry):
    cfg = entry.get("config", {})
    if not isinstance(cfg, dict):
        raise ModelFileError("own.not_keras")
    return cfg


def _nested(entry):
    """Whether an entry is a Sequential model used as a layer (Keras writes module "keras")."""
    cls, module, registered = entry.get("class_name"), entry.get("module"), entry.get("registered_name")
    return cls == "Sequential" and module in ("keras", "keras.models", None) and registered in (None, cls)


def _count_layers(entries):
    """Layers besides the inputs, a nested Sequential's counted one by one."""
    count = 0
    for entry in entries:
        if _nested(entry):
            count += _count_layers(_entries(entry))
        else:
            count += entry.get("class_name") != "InputLayer"
    return count


def _leaves(entries, path):
    """(class name, config, weights path) of every layer but the inputs, in order. Keras 3
    stores the i-th layer of a class in a container under its class's snake-case name
    (conv2d, conv2d_1, ...), a nested Sequential's layers under its own path."""
    seen = {}
    for entry in entries:
        cls, cfg = entry.get("class_name"), _config(entry)
        if not isinstance(cls, str):
            raise ModelFileError("own.layer_refused", layer=safe_name(cfg.get("name")), kind=safe_name(cls))
        key = snake(cls)
        seen[key] = seen.get(key, -1) + 1
        inner = f"{path}/{key}" + (f"_{seen[key]}" if seen[key] else "")
        if _nested(entry):
            yield from _leaves(_entries(entry), f"{inner}/layers")
        elif cls != "InputLayer":
            if entry.get("module") not in ("keras.layers", None) or entry.get("registered_name") not in (None, cls):
                raise ModelFileError("own.layer_refused", layer=safe_name(cfg.get("name", cls)), kind=safe_name(cls))
            yield cls, cfg, inner


def snake(name):
    """Keras's name for a class in the weights file (its to_snake_case): Conv2D -> conv2d,
    MaxPooling2D -> max_pooling2d, ReLU -> re_lu."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def _input_shape(entries):
    """(H, W, C) from the InputLayer's batch_shape (or shape), or from the first layer's (older
    saves), if the pages can show it."""
    first = next((e for e in entries if e.get("class_name") == "InputLayer"), entries[0] if entries else {})
    if _nested(first):  # the shape given to the first layer of a nested Sequential
        return _input_shape(_entries(first))
    cfg = _config(first)
    dims = cfg.get("batch_shape") or cfg.get("batch_input_shape")
    if dims is None and isinstance(cfg.get("shape"), list):
        dims = [None, *cfg["shape"]]
    if not isinstance(dims, list) or len(dims) != 4 or not all(whole(d) for d in dims[1:]):
        given = " x ".join(map(str, dims[1:])) if isinstance(dims, list) else dims
        raise ModelFileError("own.input_shape", shape=shown(given))
    h, w, c = dims[1:]
    if not (SIDES[0] <= h <= SIDES[1] and SIDES[0] <= w <= SIDES[1] and c in CHANNELS):
        raise ModelFileError("own.input_shape", shape=f"{h} x {w} x {c}")
    return (h, w, c)


def _output_shape(spec, shape):
    try:
        return layers.output_shape(spec, shape)
    except ValueError:
        raise ModelFileError("own.too_small", layer=spec["name"]) from None


def _check_classes(shape):
    if len(shape) != 1:
        raise ModelFileError("own.no_classes")
    if shape[0] > MAX_CLASSES:
        raise ModelFileError("own.too_many_classes", n=f"{shape[0]:,}", limit=f"{MAX_CLASSES:,}")
