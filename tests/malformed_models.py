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


def functional(config):
    """tiny's Sequential config written as Keras 3 writes the same chain as a Functional model:
    each layer names the one it reads in its inbound_nodes."""
    entries = config["config"]["layers"]
    names = [entry["config"]["name"] for entry in entries]
    for before, entry in zip([None, *names], entries):
        entry["name"] = entry["config"]["name"]
        tensor = {"class_name": "__keras_tensor__", "config": {"dtype": "float32", "keras_history": [before, 0, 0]}}
        entry["inbound_nodes"] = [{"args": [tensor], "kwargs": {}}] if before else []
    inner = dict(config["config"], input_layers=[names[0], 0, 0], output_layers=[names[-1], 0, 0])
    return dict(config, class_name="Functional", config=inner)


def chained(change=lambda config: None):
    """tiny as a Functional chain, with change(config) applied (it edits it in place)."""

    def make():
        config, arrays, metadata = tiny()
        config = functional(config)
        change(config)
        return keras_bytes(config, arrays, metadata)

    return make


def reads(layer, source):
    """A change: the layer at this index reads `source` ([name, node, tensor]) instead."""
    return lambda config: config["config"]["layers"][layer]["inbound_nodes"][0]["args"][0]["config"].update(
        keras_history=source
    )


def reads_also(layer, source):
    """A change: the layer at this index reads `source` too (a merge)."""
    tensor = {"class_name": "__keras_tensor__", "config": {"keras_history": source}}
    return lambda config: config["config"]["layers"][layer]["inbound_nodes"][0]["args"].append(tensor)


def as_depthwise(multiplier=2, **settings):
    """tiny with its convolution written as a DepthwiseConv2D: on one channel, depth_multiplier
    2 is the same 3 x 3 x 1 x 2 kernel, stored under the depthwise layer's own name."""

    def change(config, arrays):
        entry = config["config"]["layers"][CONV]
        entry["class_name"] = "DepthwiseConv2D"
        entry["config"].pop("filters")
        entry["config"].update(depth_multiplier=multiplier, **settings)
        for i in range(2):
            arrays[f"layers/depthwise_conv2d/vars/{i}"] = arrays.pop(f"layers/conv2d/vars/{i}")

    return changed(change)


def inserted(cls, **settings):
    """tiny with a layer that has no weights inserted after its pooling."""

    def change(config, arrays):
        config["config"]["layers"].insert(POOL + 1, {"class_name": cls, "config": {"name": "added", **settings}})

    return changed(change)


def both(*changes):
    def change(config, arrays):
        for key, value in changes:
            config["config"]["layers"][CONV]["config"][key] = value

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
    "groups 0": ("own.bad_setting", setting(CONV, "groups", 0)),
    "groups 2 on one channel": ("own.bad_setting", setting(CONV, "groups", 2)),
    "groups true": ("own.bad_setting", setting(CONV, "groups", True)),
    "dilation_rate [0, 1]": ("own.bad_setting", setting(CONV, "dilation_rate", [0, 1])),
    "dilation_rate [1, 2, 3]": ("own.bad_setting", setting(CONV, "dilation_rate", [1, 2, 3])),
    "dilation and strides at once": ("own.bad_setting", both(("strides", [2, 2]), ("dilation_rate", [2, 2]))),
    "a dilated window wider than its input": ("own.too_small", setting(CONV, "dilation_rate", [1, 4])),
    "depth_multiplier 0": ("own.bad_setting", as_depthwise(0)),
    "depth_multiplier a string": ("own.bad_setting", as_depthwise("2")),
    "keepdims yes": ("own.bad_setting", inserted("GlobalAveragePooling2D", keepdims="yes")),
    "zero padding -1": ("own.bad_setting", inserted("ZeroPadding2D", padding=-1)),
    "zero padding of three sides": ("own.bad_setting", inserted("ZeroPadding2D", padding=[[1, 2, 3], [0, 0]])),
    "zero padding a string": ("own.bad_setting", inserted("ZeroPadding2D", padding="same")),
    "leaky slope -1": ("own.bad_setting", inserted("LeakyReLU", negative_slope=-1)),
    "leaky slope a string": ("own.bad_setting", inserted("LeakyReLU", negative_slope="0.1")),
    "relu threshold 1": ("own.bad_setting", inserted("ReLU", threshold=1.0)),
    "relu negative slope -0.1": ("own.bad_setting", inserted("ReLU", negative_slope=-0.1)),
    "activation elu": ("own.activation", setting(CONV, "activation", "elu")),
    "random crop": ("own.layer_refused", inserted("RandomCrop", height=2, width=2)),
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
    "functional, a layer reading two back": ("own.branches", chained(reads(POOL + 1, ["edges", 0, 0]))),
    "functional, a layer reading a second call": ("own.branches", chained(reads(POOL, ["edges", 1, 0]))),
    "functional, a layer reading two layers": ("own.branches", chained(reads_also(DENSE, ["edges", 0, 0]))),
    "functional, its history a number": ("own.not_keras", chained(reads(POOL, 7))),
    "functional, no inbound_nodes": (
        "own.not_keras",
        chained(lambda c: c["config"]["layers"][POOL].pop("inbound_nodes")),
    ),
    "functional, the output not the last layer": (
        "own.not_keras",
        chained(lambda c: c["config"].update(output_layers=["shrink", 0, 0])),
    ),
    "functional, two outputs": (
        "own.branches",
        chained(lambda c: c["config"].update(output_layers=[["shrink", 0, 0], ["scores", 0, 0]])),
    ),
    "functional, input_layers a string": ("own.not_keras", chained(lambda c: c["config"].update(input_layers="in"))),
    "functional, two layers of one name": (
        "own.not_keras",
        chained(lambda c: c["config"]["layers"][POOL].update(name="edges")),
    ),
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
    "a depthwise kernel of the wrong shape": ("own.weights_mismatch", as_depthwise(1)),
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
