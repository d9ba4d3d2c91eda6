""".keras files that are wrong in every way a careless or hostile visitor might make them, built
from tests/files/tiny.keras (Keras's own save) without TensorFlow: the corpus the reader, the
command line and the page must each answer with one sentence (issue 35, item 7).

CORPUS: {what is wrong: (the sentence's i18n key, a function giving the file's bytes)}.
"""

import copy
import io
import json
import zipfile

import h5py
import numpy as np

from tools.plain_install import TINY

CONV, POOL, DENSE = 1, 2, 4  # tiny's layers: InputLayer, Conv2D "edges", MaxPooling2D "shrink", Flatten, Dense "scores"


def tiny():
    """(config, {weights path: array}, metadata) of tests/files/tiny.keras."""
    archive = zipfile.ZipFile(TINY)
    arrays = {}
    with h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r") as f:
        f.visititems(lambda path, node: arrays.update({path: node[()]}) if isinstance(node, h5py.Dataset) else None)
    return json.loads(archive.read("config.json")), arrays, json.loads(archive.read("metadata.json"))


def keras_bytes(config, arrays, metadata=None, extra=None):
    """A .keras file: config and metadata (objects, or JSON text as is), {path: array} as its
    weights file, and any extra members."""
    raw = io.BytesIO()
    with h5py.File(raw, "w") as f:
        for path, array in arrays.items():
            f.create_dataset(path, data=array)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        meta = metadata if isinstance(metadata, str) else json.dumps(metadata or {"keras_version": "3.15.1"})
        z.writestr("metadata.json", meta)
        z.writestr("config.json", config if isinstance(config, (str, bytes)) else json.dumps(config))
        z.writestr("model.weights.h5", raw.getvalue())
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def setting(layer, key, value):
    """tiny with one layer's setting changed."""

    def make():
        config, arrays, metadata = tiny()
        config["config"]["layers"][layer]["config"][key] = value
        return keras_bytes(config, arrays, metadata)

    return make


def changed(change):
    """tiny with change(config, arrays) applied (it edits them in place)."""

    def make():
        config, arrays, metadata = tiny()
        change(config, arrays)
        return keras_bytes(config, arrays, metadata)

    return make


def raw_config(edit):
    """tiny with its config.json's text edited: what json.dumps would not write (NaN, 1e999)."""

    def make():
        config, arrays, metadata = tiny()
        return keras_bytes(edit(json.dumps(config)), arrays, metadata)

    return make


def layers_as(value):
    return changed(lambda config, arrays: config["config"].update(layers=value))


def with_batch_norm(mean=0.0, variance=1.0, length=2, epsilon=1e-3):
    """tiny with a BatchNormalization after its convolution (kept on its own: edges has a relu)."""

    def change(config, arrays):
        norm = {"class_name": "BatchNormalization", "config": {"name": "norm", "axis": -1, "epsilon": epsilon}}
        config["config"]["layers"].insert(CONV + 1, norm)
        for i, value in enumerate([1.0, 0.0, mean, variance]):
            arrays[f"layers/batch_normalization/vars/{i}"] = np.full(length, value, np.float32)

    return changed(change)


def relus(n):
    """tiny with n ReLU layers after its pooling, in Keras's own form (and random bytes beside
    them, to stay under the zip-bomb ratio)."""

    def make():
        config, arrays, metadata = tiny()
        relu = {"module": "keras.layers", "class_name": "ReLU", "config": {"name": "r", "trainable": True}}
        config["config"]["layers"][POOL + 1 : POOL + 1] = [copy.deepcopy(relu) for _ in range(n)]
        noise = np.random.default_rng(0).bytes(n * 4)
        return keras_bytes(config, arrays, metadata, extra={"padding.bin": noise})

    return make


def nested(depth):
    """A config.json under every size bound, nested `depth` lists deep in a key nobody reads."""

    def make():
        config, arrays, metadata = tiny()
        text = json.dumps(config)
        return keras_bytes(text[:-1] + ', "junk": ' + "[" * depth + "]" * depth + "}", arrays, metadata)

    return make


def many_lists(n):
    """A config.json holding n empty lists in a key nobody reads, kept under the zip-bomb ratio
    by a member of random bytes. 8 M is the sweep's 0.65 MB file: 24 MB of config.json that
    json.loads makes into +559 MB of objects."""

    def make():
        config, arrays, metadata = tiny()
        text = json.dumps(config)[:-1] + ', "junk": [' + "[]," * n + "[]]}"
        noise = np.random.default_rng(0).bytes(len(text) // 40)
        return keras_bytes(text, arrays, metadata, extra={"padding.bin": noise})

    return make


def scaled_weights(value):
    def change(config, arrays):
        arrays["layers/dense/vars/0"] = np.full_like(arrays["layers/dense/vars/0"], value)

    return changed(change)


def rescaled(scale):
    """tiny beginning with a Rescaling layer of this scale (JSON text, so NaN can be written)."""

    def edit(text):
        config = json.loads(text)
        config["config"]["layers"].insert(CONV, {"class_name": "Rescaling", "config": {"name": "rs", "scale": "@"}})
        return json.dumps(config).replace('"@"', scale)

    return raw_config(edit)


def arrays_changed(path, array):
    def change(config, arrays):
        if array is None:
            del arrays[path]
        else:
            arrays[path] = array

    return changed(change)


CORPUS = {
    # settings of the wrong type or out of range, each refused by name
    "filters a": ("own.bad_setting", setting(CONV, "filters", "a")),
    "filters 0": ("own.bad_setting", setting(CONV, "filters", 0)),
    "filters 2.5": ("own.bad_setting", setting(CONV, "filters", 2.5)),
    "filters true": ("own.bad_setting", setting(CONV, "filters", True)),
    "filters missing": ("own.bad_setting", changed(lambda c, a: c["config"]["layers"][CONV]["config"].pop("filters"))),
    "kernel_size []": ("own.bad_setting", setting(CONV, "kernel_size", [])),
    "kernel_size [3, 3, 3]": ("own.bad_setting", setting(CONV, "kernel_size", [3, 3, 3])),
    "kernel_size negative": ("own.bad_setting", setting(CONV, "kernel_size", [-3, 3])),
    "kernel_size a dict": ("own.bad_setting", setting(CONV, "kernel_size", {"a": 1})),
    "strides [0, 0]": ("own.bad_setting", setting(CONV, "strides", [0, 0])),
    "strides a string": ("own.bad_setting", setting(CONV, "strides", "2")),
    "dilation_rate a": ("own.bad_setting", setting(CONV, "dilation_rate", "a")),
    "padding 5": ("own.bad_setting", setting(CONV, "padding", 5)),
    "padding a list": ("own.bad_setting", setting(CONV, "padding", ["same"])),
    "use_bias yes": ("own.bad_setting", setting(CONV, "use_bias", "yes")),
    "activation a list": ("own.activation", setting(CONV, "activation", ["relu"])),
    "pool_size 0": ("own.bad_setting", setting(POOL, "pool_size", 0)),
    "pool strides [0, 0]": ("own.bad_setting", setting(POOL, "strides", [0, 0])),
    "units -1": ("own.bad_setting", setting(DENSE, "units", -1)),
    "units 0": ("own.bad_setting", setting(DENSE, "units", 0)),
    "units 1e12": ("own.bad_setting", setting(DENSE, "units", 10**12)),
    "name a dict": ("own.bad_setting", setting(DENSE, "name", {"x": 1})),
    "rescaling scale a string": ("own.bad_setting", rescaled('"big"')),
    "rescaling scale 1e400 as an integer": ("own.bad_setting", rescaled("1" + "0" * 400)),
    # the structure itself
    "config a list": ("own.not_sequential", lambda: keras_bytes([1, 2], tiny()[1])),
    "config.config null": ("own.not_keras", changed(lambda c, a: c.update(config=None))),
    "layers a dict": ("own.not_keras", layers_as({"a": 1})),
    "layers a string": ("own.not_keras", layers_as("layers")),
    "layers a number": ("own.not_keras", layers_as(7)),
    "an entry a number": ("own.not_keras", changed(lambda c, a: c["config"]["layers"].append(3))),
    "an entry's config null": ("own.not_keras", changed(lambda c, a: c["config"]["layers"][POOL].update(config=None))),
    "class_name a list": (
        "own.layer_refused",
        changed(lambda c, a: c["config"]["layers"][POOL].update(class_name=[1])),
    ),
    "batch_shape strings": ("own.input_shape", setting(0, "batch_shape", ["a", "b", "c", "d"])),
    "batch_shape a number": ("own.input_shape", setting(0, "batch_shape", 5)),
    "batch_shape too long": ("own.input_shape", setting(0, "batch_shape", [None, 8, 8, 1, 1])),
    "no input shape at all": ("own.input_shape", changed(lambda c, a: c["config"]["layers"].pop(0))),
    "metadata.json not JSON": ("own.not_keras", lambda: keras_bytes(tiny()[0], tiny()[1], metadata="{'a': 1")),
    # numbers that are not finite, in the config or on the way through
    "rescaling scale NaN": ("own.config_not_finite", rescaled("NaN")),
    "rescaling scale -Infinity": ("own.config_not_finite", rescaled("-Infinity")),
    "rescaling scale 1e999": ("own.config_not_finite", rescaled("1e999")),
    "rescaling scale 1e308": ("own.overflows", rescaled("1e308")),
    "weights of 3e38": ("own.overflows", scaled_weights(3e38)),
    "a weight NaN": ("own.not_finite", scaled_weights(np.nan)),
    "a negative variance": ("own.negative_variance", with_batch_norm(variance=-1.0)),
    "a zero variance and epsilon": ("own.not_finite", with_batch_norm(variance=0.0, epsilon=0.0)),
    # weights that do not match their layer
    "a bias of the wrong length": ("own.weights_mismatch", arrays_changed("layers/conv2d/vars/1", np.zeros(3, "f4"))),
    "a kernel missing": ("own.weights_mismatch", arrays_changed("layers/dense/vars/1", None)),
    "a dense kernel of the wrong shape": (
        "own.weights_mismatch",
        arrays_changed("layers/dense/vars/0", np.zeros((17, 2), "f4")),
    ),
    "a kernel of the wrong size": (
        "own.weights_mismatch",
        arrays_changed("layers/conv2d/vars/0", np.zeros((2, 2, 1, 2), "f4")),
    ),
    "batch norm of the wrong length": ("own.weights_mismatch", with_batch_norm(length=3)),
    # bounds on the config before it becomes objects
    "201 layers": ("own.too_many_layers", relus(201 - 4)),
    "20,000 ReLU layers": ("own.config_too_big", relus(20_000)),
    "nested 1,000 deep": ("own.config_too_big", nested(1000)),
    "200,000 empty lists": ("own.config_too_big", many_lists(200_000)),
    "8 M empty lists": ("own.config_too_big", many_lists(8_000_000)),
}
