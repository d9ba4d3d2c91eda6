"""What each convolution map responds to: the training patches that excite it most.

For every map of conv1, conv2 and conv3 (32 + 64 + 64), the 9 training pictures whose
strongest cell on that map is strongest, each cropped to that cell's receptive field
(3x3, 8x8 or 18x18 pixels). One picture gives at most one patch per map, so nine
neighbouring cells of one photo cannot fill a map's row.

Built offline by `python -m cnn_viz exemplars --data-dir DIR` (numpy forward passes over
the training split) into models/exemplars.npz, and read by the pages with numpy only.
"""

import functools
import json
import time

import numpy as np

from . import MODELS_DIR, assets, explain

PATH = MODELS_DIR / "exemplars.npz"
LAYERS = ("conv1", "conv2", "conv3")
TOP = 9
BATCH = 500


def _best_per_image(maps):
    """maps (N, H, W, F) -> (strongest value (N, F), its flat position (N, F))."""
    n, h, w, f = maps.shape
    flat = maps.reshape(n, h * w, f)
    where = flat.argmax(axis=1)
    return np.take_along_axis(flat, where[:, None, :], axis=1)[:, 0], where


def build(net, x_train, progress=None):
    """{layer: {"crops", "values", "images", "rows", "cols"}} for the training pictures
    x_train (N, 32, 32, 3) uint8. `progress(done, total)` is called after every batch."""
    n = len(x_train)
    best = {layer: [] for layer in LAYERS}
    for start in range(0, n, BATCH):
        outputs = net.forward(x_train[start : start + BATCH].astype(np.float32) / 255.0, keep=LAYERS)
        for layer in LAYERS:
            best[layer].append(_best_per_image(outputs[layer]))
        if progress:
            progress(min(start + BATCH, n), n)
    return {layer: _top_patches(net, layer, best[layer], x_train) for layer in LAYERS}


def _top_patches(net, layer, parts, x_train):
    values = np.concatenate([v for v, _ in parts])  # (N, F)
    where = np.concatenate([w for _, w in parts])
    cols_of_map = explain.map_shape(net, layer)[1]
    order = np.argsort(-values, axis=0, kind="stable")[:TOP].T  # (F, TOP) picture indices, best first
    f = values.shape[1]
    result = {"values": np.zeros((f, TOP), np.float32), "images": order.astype(np.int32)}
    result["rows"], result["cols"] = np.divmod(where[order, np.arange(f)[:, None]], cols_of_map)
    crops = []
    for m in range(f):
        for j, i in enumerate(order[m]):
            r, c = int(result["rows"][m, j]), int(result["cols"][m, j])
            top, left, bottom, right = explain.receptive_field(net, layer, r, c)
            crops.append(x_train[i, top : bottom + 1, left : right + 1])
            result["values"][m, j] = values[i, m]
    result["crops"] = np.stack(crops).reshape(f, TOP, *crops[0].shape)
    result["rows"] = result["rows"].astype(np.int16)
    result["cols"] = result["cols"].astype(np.int16)
    return result


def write(patches, path=None, source=""):
    """Save build()'s result as one compressed .npz (numpy arrays only, no pickles)."""
    path = path or PATH
    arrays = {f"{layer}/{name}": a for layer, found in patches.items() for name, a in found.items()}
    meta = {"top": TOP, "layers": list(LAYERS), "source": source, "built": time.strftime("%Y-%m-%d")}
    np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)
    return path


@functools.lru_cache(maxsize=1)
def load(path=None):
    """{layer: {name: array}} from the shipped asset, read once per process (read-only)."""
    path = path or PATH
    with assets.reading(path), np.load(path, allow_pickle=False) as data:
        result = {layer: {} for layer in LAYERS}
        for key in data.files:
            if "/" in key:
                layer, name = key.split("/")
                array = data[key]
                array.flags.writeable = False
                result[layer][name] = array
    return result


def for_map(layer, map_index):
    """[(crop uint8, value, training picture index), ...] best first, for one conv map.
    Raises assets.Unavailable when the shipped file cannot be read or lacks this layer."""
    with assets.reading(PATH):
        found = load()[layer]
        crops, values, pictures = found["crops"][map_index], found["values"][map_index], found["images"][map_index]
    return [(crops[j], float(values[j]), int(pictures[j])) for j in range(TOP)]
