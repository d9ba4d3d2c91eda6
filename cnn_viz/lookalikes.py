"""Look-alikes: the shipped training pictures nearest to a picture, in the network's eyes
and by raw pixels, and the "does not look like CIFAR-10" notice they drive.

models/lookalikes.npz holds a fixed subset of the training split (PER_CLASS pictures of each
class, their original JPEG bytes, so the asset stays small and the pixels are the data
set's own), each picture's 64 numbers from the network's dense layer, and the notice's
threshold with the rates measured when it was chosen. `python -m cnn_viz neighbours
--data-dir DIR` builds it (numpy only).

The notice: a picture whose nearest look-alike is farther than usual, in the network's eyes
(the dense layer) or by raw pixels, "does not look like" what the network was trained on.
Each space's threshold is the distance that 97.5% of the test split's pictures stay within;
together the two fire on about 1 real CIFAR-10 test picture in 20. Their rates on real test
pictures and on noise, blank, text and a person are measured when the threshold is chosen
and shipped with it, whatever they are: the dense layer alone missed most noise, raw pixels
alone missed all text, and a flat blank picture sits close to CIFAR-10's many plain skies.
"""

import functools
import io
import json
import time
from dataclasses import dataclass

import numpy as np
from PIL import Image

from . import MODELS_DIR, assets, oddities
from .data import CLASSES, class_files, load_split_cached
from .images import to_model_input

PATH = MODELS_DIR / "lookalikes.npz"
PER_CLASS = 300
TEST_QUANTILE = 0.975  # per space; the two together fire on about 5% of test pictures
SPACES = ("network", "pixels")
ODD_VARIANTS = 50  # pictures of each odd kind the rates are measured on


@dataclass(frozen=True)
class Lookalike:
    picture: np.ndarray  # (32, 32, 3) uint8
    label: str
    distance: float
    index: int  # in the asset


def _features(net, pixels):
    """The dense layer's 64 numbers for uint8 pictures (N, 32, 32, 3), in batches."""
    return np.concatenate(
        [
            net.forward(pixels[i : i + 1000].astype(np.float32) / 255.0, keep=("dense",))["dense"]
            for i in range(0, len(pixels), 1000)
        ]
    ).astype(np.float32)


def _decode(jpeg):
    with Image.open(io.BytesIO(jpeg)) as im:
        return np.asarray(im.convert("RGB"))


def build(net, data_dir, per_class=PER_CLASS, seed=0, progress=print):
    """Choose the subset, read its files' bytes, compute features, choose the threshold.
    Returns the arrays write() saves."""
    rng = np.random.default_rng(seed)
    files = class_files(data_dir / "train")
    chosen = []
    for label in range(len(CLASSES)):
        of_class = [i for i, (_, y) in enumerate(files) if y == label]
        if len(of_class) < per_class:
            raise ValueError(
                f"{data_dir / 'train'} has {len(of_class)} pictures of {CLASSES[label]}; "
                f"the look-alikes take {per_class} per class."
            )
        chosen += sorted(rng.choice(of_class, per_class, replace=False).tolist())
    blobs = [files[i][0].read_bytes() for i in chosen]
    pixels = np.stack([_decode(b) for b in blobs])
    features = _features(net, pixels)
    progress(f"{len(chosen):,} training pictures, features computed")
    x_test, _ = load_split_cached(data_dir / "test")
    tables = {"network": features, "pixels": _flat(pixels)}

    def distances(pictures):
        queries = {"network": _features(net, pictures), "pixels": _flat(pictures)}
        return {space: _nearest_distances(queries[space], tables[space]) for space in SPACES}

    test = distances(x_test)
    thresholds = {space: float(np.quantile(test[space], TEST_QUANTILE)) for space in SPACES}

    def fires(found):
        return np.any([found[space] > thresholds[space] for space in SPACES], axis=0)

    rates = {"test": float(fires(test).mean())}
    for kind in oddities.KINDS:
        odd = np.stack([_as_input(oddities.make(kind, seed)) for seed in range(ODD_VARIANTS)])
        rates[kind] = float(fires(distances(odd)).mean())
    progress("notice fires on " + ", ".join(f"{k} {v:.1%}" for k, v in rates.items()))
    offsets = np.cumsum([0] + [len(b) for b in blobs])
    meta = {
        "per_class": per_class,
        "seed": seed,
        "thresholds": thresholds,
        "quantile": TEST_QUANTILE,
        "rates": rates,
        "n_test": len(x_test),
        "odd_variants": ODD_VARIANTS,
        "built": time.strftime("%Y-%m-%d"),
    }
    return {
        "jpeg": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "offsets": offsets.astype(np.int64),
        "labels": np.array([files[i][1] for i in chosen], dtype=np.uint8),
        "train_index": np.array(chosen, dtype=np.int32),
        "features": features,
        "meta": np.array(json.dumps(meta)),
    }


def _flat(pixels):
    return pixels.reshape(len(pixels), -1).astype(np.float32) / 255.0


def _as_input(rgb):
    return np.round(to_model_input(rgb) * 255).astype(np.uint8)


def _nearest_distances(queries, features):
    """Distance from each query to its nearest feature row (Euclidean)."""
    out = []
    sq = (features**2).sum(axis=1)
    for i in range(0, len(queries), 2000):
        q = queries[i : i + 2000]
        d2 = (q**2).sum(axis=1)[:, None] + sq[None] - 2 * q @ features.T
        out.append(np.sqrt(np.maximum(d2.min(axis=1), 0)))
    return np.concatenate(out)


def write(arrays, path=None):
    path = path or PATH
    np.savez_compressed(path, **arrays)
    return path


@dataclass(frozen=True)
class Asset:
    pictures: np.ndarray  # (N, 32, 32, 3) uint8
    labels: np.ndarray
    features: np.ndarray  # (N, 64) float32
    pixels: np.ndarray  # (N, 3072) float32, 0-1: the raw-pixel search space
    meta: dict
    squares: dict  # {space: each row's squared length}, for distances as one matrix-vector product


@functools.lru_cache(maxsize=1)
def load(path=None):
    """The asset, decoded once per process and shared read-only (about 40 MB in memory).
    Raises assets.Unavailable when it cannot be read."""
    path = path or PATH
    with assets.reading(path), np.load(path, allow_pickle=False) as data:
        jpeg, offsets = data["jpeg"].tobytes(), data["offsets"]
        pictures = np.stack([_decode(jpeg[a:b]) for a, b in zip(offsets[:-1], offsets[1:])])
        asset = Asset(
            pictures,
            data["labels"],
            data["features"],
            pictures.reshape(len(pictures), -1).astype(np.float32) / 255.0,
            json.loads(str(data["meta"])),
            {},
        )
    asset.squares.update(network=(asset.features**2).sum(axis=1), pixels=(asset.pixels**2).sum(axis=1))
    for array in (asset.pictures, asset.labels, asset.features, asset.pixels):
        array.flags.writeable = False
    return asset


def nearest(net, x, k=6, space="network"):
    """The k shipped training pictures nearest to x (32, 32, 3, 0-1), nearest first."""
    if space not in SPACES:
        raise ValueError(f"Look-alikes are searched in 'network' or 'pixels' space (got {space!r}).")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= 50:
        raise ValueError(f"k must be a whole number from 1 to 50 (got {k!r}).")
    asset = load()
    if space == "network":
        query, table = net.forward(x)["dense"].astype(np.float32), asset.features
    else:
        query, table = x.reshape(-1).astype(np.float32), asset.pixels
    # |t - q|^2 = |t|^2 - 2 t.q + |q|^2: one matrix-vector product, no (N, 3072) temporary
    distances = np.sqrt(np.maximum(asset.squares[space] - 2 * (table @ query) + query @ query, 0))
    order = np.argpartition(distances, k - 1)[:k]
    order = order[np.argsort(distances[order], kind="stable")]
    return [Lookalike(asset.pictures[i], CLASSES[asset.labels[i]], float(distances[i]), int(i)) for i in order]


def looks_unfamiliar(net, x):
    """{space: (distance to the nearest look-alike, the shipped threshold)} and whether any
    distance is over its threshold: the "does not look like CIFAR-10" notice."""
    thresholds = load().meta["thresholds"]
    found = {space: (nearest(net, x, 1, space)[0].distance, thresholds[space]) for space in SPACES}
    return any(d > limit for d, limit in found.values()), found
