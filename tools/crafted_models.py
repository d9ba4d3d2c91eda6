""".keras files written without Keras, as a visitor (or an attacker) could: a Sequential
config and its weights in Keras 3's layout (layers/<class>_<i>/vars/<j>), random numbers so
that the zip cannot squeeze them (a bomb is refused before anything else)."""

import io
import json
import zipfile

import numpy as np


def conv(filters, size=3, padding="same", strides=1, activation="relu"):
    return ("Conv2D", dict(filters=filters, kernel_size=[size, size], strides=[strides, strides], padding=padding,
                           activation=activation))  # fmt: skip


def pool(size=2):
    return ("MaxPooling2D", dict(pool_size=[size, size]))


def dense(units, activation="relu"):
    return ("Dense", dict(units=units, activation=activation))


FLATTEN = ("Flatten", {})


def honest():
    """About 4.6 M parameters, as a student's first model on 64 x 64 pictures might be: three
    convolutions and poolings, a dense layer of 256 (most of the parameters), ten classes."""
    layers = [conv(64), pool(), conv(128), pool(), conv(256), pool(), FLATTEN, dense(256), dense(10, "softmax")]
    return keras_bytes((64, 64, 3), layers)


def keras_bytes(input_shape, layers, seed=0):
    """The .keras file's bytes for a Sequential model of `layers`: (class name, config) pairs."""
    config = {"class_name": "Sequential", "config": {"name": "crafted", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, *input_shape]}}]}}  # fmt: skip
    for i, (cls, cfg) in enumerate(layers):
        entry = {"module": "keras.layers", "class_name": cls, "config": dict(cfg, name=f"{cls.lower()}_{i}")}
        config["config"]["layers"].append(entry)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("config.json", json.dumps(config))
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.10.0"}))
        archive.writestr("model.weights.h5", _weights(input_shape, layers, np.random.default_rng(seed)))
    return out.getvalue()


def _weights(shape, layers, rng):
    import h5py

    from cnn_viz import keras_config

    buffer, seen = io.BytesIO(), {}
    with h5py.File(buffer, "w") as f:
        for cls, cfg in layers:
            key = keras_config.snake(cls)
            seen[key] = seen.get(key, -1) + 1
            path = f"layers/{key}" + (f"_{seen[key]}" if seen[key] else "") + "/vars"
            if cls == "Conv2D":
                kh, kw = cfg["kernel_size"]
                kernel = (kh, kw, shape[2], cfg["filters"])
                f[f"{path}/0"] = rng.normal(0, (2 / (kh * kw * shape[2])) ** 0.5, kernel).astype(np.float32)
                f[f"{path}/1"] = np.zeros(cfg["filters"], np.float32)
                s = cfg["strides"][0]
                shape = (-(-shape[0] // s), -(-shape[1] // s), cfg["filters"]) if cfg["padding"] == "same" else (
                    (shape[0] - kh) // s + 1, (shape[1] - kw) // s + 1, cfg["filters"])  # fmt: skip
            elif cls == "MaxPooling2D":
                p = cfg["pool_size"][0]
                shape = (shape[0] // p, shape[1] // p, shape[2])
            elif cls == "Flatten":
                shape = (int(np.prod(shape)),)
            elif cls == "Dense":
                f[f"{path}/0"] = rng.normal(0, (2 / shape[0]) ** 0.5, (shape[0], cfg["units"])).astype(np.float32)
                f[f"{path}/1"] = np.zeros(cfg["units"], np.float32)
                shape = (cfg["units"],)
            else:
                f.create_group(path)
    return buffer.getvalue()
