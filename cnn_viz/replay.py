"""The shipped network's real training, replayed: its weights at moments of its own run, and a
small test set the app ships to measure each moment on.

`python -m cnn_viz train` keeps snapshots as it trains (cnn_viz.train.Snapshots): at the start,
after 50, 200 and 1,000 steps, and at the ends of epochs 1, 2, 5, 10, 20 and the last, with the
running loss every 25 steps; after the run it measures each on the whole test split. The run is
deterministic (a seed, TensorFlow's op determinism), so the last snapshot is the shipped
network itself (tests/test_replay.py holds it to models/cifar10_cnn.npz).

Everything a page shows of a moment is that moment's network's own, computed by the engine:
its filters, a picture's maps and probabilities, and its accuracy and confusion on the shipped
test subset (`test_subset`: PER_CLASS pictures of each class from the test split, their JPEG
bytes as the data set has them, built by `python -m cnn_viz testset --data-dir DIR`).
"""

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from . import MODELS_DIR, assets, metrics, model
from .data import CLASSES, class_files

PATH = MODELS_DIR / "training.npz"
TEST_PATH = MODELS_DIR / "test_subset.npz"
PER_CLASS = 100


@dataclass(frozen=True)
class Snapshot:
    label: str  # "start", "step 50", "epoch 1"
    step: int  # training steps taken (a batch each)
    epoch: float  # the same, in epochs
    test_accuracy: float  # its accuracy on the whole test split, measured by `train` after the run
    weights: dict  # {name: (kernel, bias)}

    @property
    def moment(self):
        """("start" | "step" | "epoch", its number): what a page says of it."""
        kind, _, n = self.label.partition(" ")
        return kind, int(n or 0)


@dataclass(frozen=True)
class Replay:
    snapshots: tuple
    loss_steps: np.ndarray  # the running loss, every few steps
    loss: np.ndarray
    steps_per_epoch: int


@functools.lru_cache(maxsize=1)
def load(path=PATH):
    """The snapshots, read once per process (read-only). assets.Unavailable when unreadable."""
    with assets.reading(path), np.load(path, allow_pickle=False) as found:
        per_epoch = int(found["steps_per_epoch"])
        snapshots = []
        for i, (label, step, accuracy) in enumerate(zip(found["labels"], found["steps"], found["test_accuracy"])):
            weights = {n: (found[f"{i}/{n}/kernel"], found[f"{i}/{n}/bias"]) for n in model.WEIGHTED}
            for kernel, bias in weights.values():
                kernel.flags.writeable = bias.flags.writeable = False
            snapshots.append(Snapshot(str(label), int(step), int(step) / per_epoch, float(accuracy), weights))
        return Replay(tuple(snapshots), found["loss_steps"], found["loss"], per_epoch)


@functools.lru_cache(maxsize=16)
def network(index):
    """The network at snapshot `index`, as the pages run any network."""
    snapshot = load().snapshots[index]
    return model.Network(weights=snapshot.weights, shipped=False, fingerprint=f"replay-{index}")


@functools.lru_cache(maxsize=16)
def measured(index):
    """metrics.evaluate of snapshot `index` on the shipped test subset: its accuracy and
    confusion, the engine's own."""
    pictures, labels = test_subset()
    return metrics.evaluate(network(index), pictures, labels)


# --------------------------------------------------------------------------- the test subset


def build_test_subset(data_dir, per_class=PER_CLASS, seed=0):
    """PER_CLASS test pictures of each class, chosen by seed: their files' bytes and labels."""
    rng = np.random.default_rng(seed)
    files = class_files(Path(data_dir) / "test")
    chosen = []
    for label in range(len(CLASSES)):
        of_class = [i for i, (_, y) in enumerate(files) if y == label]
        chosen += sorted(rng.choice(of_class, per_class, replace=False).tolist())
    blobs = [files[i][0].read_bytes() for i in chosen]
    return {
        "jpeg": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "offsets": np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64),
        "labels": np.array([files[i][1] for i in chosen], dtype=np.uint8),
        "test_index": np.array(chosen, dtype=np.int32),
    }


def write_test_subset(arrays, path=TEST_PATH):
    np.savez_compressed(path, **arrays)
    return path


def _decode(jpeg):
    with Image.open(io.BytesIO(jpeg)) as im:
        return np.asarray(im.convert("RGB"))


@functools.lru_cache(maxsize=1)
def test_subset(path=TEST_PATH):
    """(pictures uint8 (N, 32, 32, 3), labels (N,)), read-only. assets.Unavailable when unreadable."""
    with assets.reading(path), np.load(path, allow_pickle=False) as found:
        jpeg, offsets = found["jpeg"].tobytes(), found["offsets"]
        pictures = np.stack([_decode(jpeg[a:b]) for a, b in zip(offsets[:-1], offsets[1:])])
        labels = found["labels"].astype(np.int64)
    pictures.flags.writeable = labels.flags.writeable = False
    return pictures, labels
