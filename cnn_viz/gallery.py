"""The sample gallery shipped in models/samples: a few CIFAR-10 test images per class.

Made once by `python -m cnn_viz gallery --data-dir ../shared/cifar10`: it copies the
first images of each class folder of test/ as lossless PNGs (3 KB each) and
writes samples.json with their true labels and where they came from; and, for the data
page, the first training picture of each class (train/, train.json). The network never
classifies those: they show what it learned from.
"""

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

from . import MODELS_DIR
from .data import CLASSES, class_files

GALLERY_DIR = MODELS_DIR / "samples"  # read at each call: a test points it elsewhere
PER_CLASS = 6
log = logging.getLogger("cnn_viz.gallery")


@dataclass(frozen=True)
class Sample:
    id: str  # "cat-2": stable, short, safe in a URL
    label: str  # true class
    path: Path
    source: str  # where the image came from

    def rgb(self):
        return _pixels(self.path)


@lru_cache(maxsize=256)
def _pixels(path):
    """A shipped picture's pixels, read once per process (a page shows up to 40 of them to every
    visitor); read-only, since every visitor shares the array."""
    with Image.open(path) as im:
        rgb = np.asarray(im.convert("RGB"))
    rgb.flags.writeable = False
    return rgb


def make_gallery(data_dir, out_dir=GALLERY_DIR, per_class=PER_CLASS):
    """Copy the first `per_class` test images of every class; return the manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts, manifest = {}, []
    for path, label in class_files(Path(data_dir) / "test"):
        name = CLASSES[label]
        n = counts.get(name, 0)
        if n >= per_class:
            continue
        counts[name] = n + 1
        sample_id = f"{name}-{n}"
        with Image.open(path) as im:
            im.convert("RGB").save(out_dir / f"{sample_id}.png", optimize=True)
        manifest.append(
            {
                "id": sample_id,
                "label": name,
                "file": f"{sample_id}.png",
                "source": f"CIFAR-10 JPEG copy, test/{name}/{path.name}",
            }
        )
    with open(out_dir / "samples.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    _copy_first_training_pictures(data_dir, out_dir / "train")
    return manifest


def _copy_first_training_pictures(data_dir, out_dir):
    """The first picture of each class folder of train/ (the folders keep CIFAR-10's order
    within a class, not across classes)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest, seen = [], set()
    for path, label in class_files(Path(data_dir) / "train"):
        name = CLASSES[label]
        if name in seen:
            continue
        seen.add(name)
        with Image.open(path) as im:
            im.convert("RGB").save(out_dir / f"{name}.png", optimize=True)
        manifest.append(
            {"id": f"train-{name}", "label": name, "file": f"{name}.png", "source": f"train/{name}/{path.name}"}
        )
    with open(out_dir / "train.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)


def training_pictures(gallery_dir=None):
    """The first training picture of each class, in class order; none when they are missing."""
    return _read(Path(gallery_dir or GALLERY_DIR) / "train", "train.json")


def samples(gallery_dir=None):
    """Every shipped sample, in class order (read once per process); none when the gallery is
    missing, empty or damaged (the pages say so where it would be, and the rest works)."""
    return _read(Path(gallery_dir or GALLERY_DIR), "samples.json")


@lru_cache(maxsize=4)
def _read(folder, manifest_name):
    """The samples a manifest lists whose file is there; () and one log line without it."""
    try:
        with open(folder / manifest_name, encoding="utf-8") as f:
            manifest = json.load(f)
        found = tuple(Sample(m["id"], m["label"], folder / m["file"], m["source"]) for m in manifest)
    except (OSError, ValueError, TypeError, KeyError) as error:
        log.warning("No sample pictures in %s (%s): the pages run without them.", folder, error)
        return ()
    return tuple(s for s in found if s.path.is_file())


def by_id(sample_id):
    """The sample with this id, or None."""
    return next((s for s in samples() if s.id == sample_id), None)


@dataclass(frozen=True)
class Prediction:
    sample: Sample
    predicted: str  # the class the network gives it
    probability: float  # and how sure it is

    @property
    def right(self):
        return self.predicted == self.sample.label


def predictions(net):
    """What the network says of every shipped sample, in one batch (none without a gallery)."""
    shipped = samples()
    if not shipped:
        return []
    x = np.stack([s.rgb() for s in shipped]).astype(np.float32) / 255.0
    probs = net.predict(x)
    return [Prediction(s, CLASSES[int(p.argmax())], float(p.max())) for s, p in zip(shipped, probs)]
