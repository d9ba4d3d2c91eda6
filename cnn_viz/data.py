"""CIFAR-10 as numpy arrays: from a folder of class sub-folders, or from Keras' download.

Arrays are uint8 images (N, 32, 32, 3) and uint8 labels (N,). Scaling to 0-1
happens where the model input is made, not here, so the arrays stay small.
"""

import hashlib
import os
from pathlib import Path

import numpy as np
from PIL import Image

CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif"}
# CIFAR-10 as published (Krizhevsky, 2009): what the data page says of it.
PICTURES = 60_000
PICTURE_SHAPE = (32, 32, 3)
PER_CLASS = 6_000
TRAIN_PICTURES, TEST_PICTURES = 50_000, 10_000
SOURCE_FOLDER = "CIFAR-10 JPEG copy"
SOURCE_KERAS = "CIFAR-10 (keras.datasets download)"


def _cache_dir():
    return Path(os.environ.get("CNN_VIZ_CACHE", Path.home() / ".cache" / "cnn_viz"))


def class_files(split_dir):
    """[(path, label), ...] for every image under split_dir/<class>/, in label order."""
    split_dir = Path(split_dir)
    missing = [c for c in CLASSES if not (split_dir / c).is_dir()]
    if missing:
        raise FileNotFoundError(f"{split_dir} has no folder for the classes {', '.join(missing)}.")
    files = []
    for label, name in enumerate(CLASSES):
        for path in sorted((split_dir / name).iterdir()):
            if path.suffix.lower() in IMAGE_SUFFIXES:
                files.append((path, label))
    return files


def _decode_32(path):
    with Image.open(path) as im:
        im = im.convert("RGB")
        if im.size != (32, 32):
            im = im.resize((32, 32), Image.Resampling.BOX)
        return np.asarray(im, dtype=np.uint8)


def load_split(split_dir):
    """Decode one split folder into (images uint8 (N,32,32,3), labels uint8 (N,))."""
    files = class_files(split_dir)
    x = np.stack([_decode_32(p) for p, _ in files]) if files else np.zeros((0, 32, 32, 3), np.uint8)
    y = np.array([label for _, label in files], dtype=np.uint8)
    return x, y


def _cache_path(split_dir):
    # Key on the folder and its listing, so a changed folder is decoded again.
    files = class_files(split_dir)
    key = hashlib.sha1(str(Path(split_dir).resolve()).encode())
    key.update(str(len(files)).encode())
    for path, _ in files[:: max(1, len(files) // 50)]:
        key.update(f"{path.name}{path.stat().st_mtime_ns}".encode())
    return _cache_dir() / f"split-{key.hexdigest()[:16]}.npz"


def load_split_cached(split_dir):
    """load_split, cached as an .npz outside the repository (decoding 60,000 JPEGs takes ~20 s)."""
    cache = _cache_path(split_dir)
    if cache.exists():
        with np.load(cache, allow_pickle=False) as data:
            return data["x"], data["y"]
    x, y = load_split(split_dir)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, x=x, y=y)
    except OSError:
        pass  # a read-only home only costs speed
    return x, y


def load_cifar10(data_dir=None):
    """((x_train, y_train), (x_test, y_test), source description).

    With data_dir, read data_dir/train and data_dir/test; without it, use
    keras.datasets.cifar10 (which downloads the original release once).
    """
    if data_dir is not None:
        data_dir = Path(data_dir)
        return load_split_cached(data_dir / "train"), load_split_cached(data_dir / "test"), SOURCE_FOLDER
    import keras  # only reached when training without a folder

    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    return (
        (x_train, y_train.reshape(-1).astype(np.uint8)),
        (x_test, y_test.reshape(-1).astype(np.uint8)),
        SOURCE_KERAS,
    )
