"""Which explanation does the network agree with? Every method's map of the picture, how fast
each removes (deletion) or restores (insertion) the class when its most important pixels go
first, and whether a map still stands once the network's layers are noise.

`maps()` gives the page and the offline table the same six maps. The table over the shipped
test pictures is built offline by `python -m cnn_viz faithfulness` into
models/faithfulness.json, and read with `load()`. numpy only.
"""

import functools
import json
import time

import numpy as np

from . import MODELS_DIR, explain

PATH = MODELS_DIR / "faithfulness.json"
METHODS = ("gradcam_last", "gradcam_before", "occlusion", "saliency", "ig", "smoothgrad")
OLD_NAMES = {"gradcam3": "gradcam_last", "gradcam2": "gradcam_before"}  # what links said before: conv3, conv2
SIGNED = {"occlusion", "ig"}  # drawn blue below 0, orange above; the others are sizes, 0-1
DEPTHS = tuple(range(len(explain.CASCADE) + 1))  # 0 = the trained network, 5 = every layer noise


def methods(net):
    """The methods for this network: Grad-CAM on its last convolution ("gradcam_last") and on
    the one before ("gradcam_before"), each when it has them, then the rest."""
    cams = len(explain.cam_layers(net))  # a network of dense layers only has no Grad-CAM
    needs = {"gradcam_last": 1, "gradcam_before": 2}
    return tuple(m for m in METHODS if cams >= needs.get(m, 0))


def cam_layer(net, method):
    """The convolution layer a Grad-CAM method works on: the last or the one before."""
    return explain.cam_layers(net)[-1 if method == "gradcam_last" else -2]


def quick_maps(net, x, class_index):
    """The maps that cost a few ms together: Grad-CAM on each layer this network has for it, and
    the input gradient. A page shows these first (occlusion, Integrated Gradients and
    SmoothGrad take a tenth of a second or more)."""
    k = class_index
    found = {m: explain.grad_cam(net, x, k, cam_layer(net, m)) for m in methods(net) if m.startswith("gradcam")}
    return found | {"saliency": explain.saliency(net, x, k)}


def maps(
    net, x, class_index, patch=4, stride=2, baseline="black", steps=32, samples=25, noise=0.15, drops=None, ig=None
):
    """{method: its map, one number per pixel (H, W)}, in methods(net)'s order. `drops`
    (occlusion's drops for this class) and `ig` (Integrated Gradients' attributions) when
    already computed."""
    k = class_index
    if drops is None:
        drops = explain.occlusion(net, x, k, patch, stride)
    if ig is None:
        ig = explain.integrated_gradients(net, x, k, baseline, steps)
    smooth = np.abs(explain.smoothgrad(net, x, k, samples, noise)).max(axis=2)
    found = quick_maps(net, x, k) | {
        "occlusion": explain.occlusion_pixels(drops, patch, stride, net.input_shape),
        "ig": explain.pixel_heat(ig),
        "smoothgrad": smooth / smooth.max() if smooth.max() > 0 else smooth,
    }
    return {m: found[m] for m in methods(net)}


def random_order(size=(32, 32), seed=0):
    """A map that ranks the pixels of a picture of `size` by chance: the curves' yardstick."""
    return np.random.default_rng(seed).random(tuple(size[:2]))


def importance(method, heat):
    """The order the curves take a map's pixels in: Integrated Gradients' by size, whichever
    way a pixel pushed the score (ranked by sign, its blue pixels would come last and its
    curves fall behind a random order); every other map by its own value."""
    return np.abs(heat) if method == "ig" else heat


def curves(net, x, class_index, heat_maps, steps=32):
    """{name: {"deletion": (fractions, probabilities), "insertion": (...), and each one's area}}
    for every map given and for a random order ("random")."""
    found = {}
    for name, heat in {**heat_maps, "random": random_order(net.input_shape)}.items():
        heat = importance(name, heat)
        deletion = explain.deletion_curve(net, x, class_index, heat, steps)
        insertion = explain.insertion_curve(net, x, class_index, heat, steps)
        found[name] = {
            "deletion": deletion,
            "insertion": insertion,
            "deletion_auc": explain.auc(*deletion),
            "insertion_auc": explain.auc(*insertion),
        }
    return found


def randomisation(net, x, class_index, depth, trained_maps, seed=0, **options):
    """The maps of the network with its top `depth` layers replaced by noise, and each one's
    rank correlation with the trained network's map: ({method: map}, {method: correlation})."""
    noisy = explain.randomised(net, explain.cascade(net)[:depth], seed)
    found = maps(noisy, x, class_index, **options)
    return found, {m: explain.rank_correlation(trained_maps[m], found[m]) for m in found}


def build(net, pictures, progress=None):
    """The offline table over `pictures` [(x, true class)]: each method's mean deletion and
    insertion areas for the class the network gives, the same for a random order, the mean
    rank correlation at every randomisation depth, and each method's time per picture."""
    areas = {name: {"deletion": [], "insertion": []} for name in (*METHODS, "random")}
    correlations = {m: {d: [] for d in DEPTHS[1:]} for m in METHODS}
    seconds = {m: [] for m in METHODS}
    for i, (x, _) in enumerate(pictures):
        k = int(net.forward(x)["logits"].argmax())
        maps_one = maps(net, x, k)
        for m in METHODS:  # timed one at a time, as the page computes them
            seconds[m].append(_time_one(net, x, k, m))
        for name, found in curves(net, x, k, maps_one).items():
            areas[name]["deletion"].append(found["deletion_auc"])
            areas[name]["insertion"].append(found["insertion_auc"])
        for depth in DEPTHS[1:]:
            _, corr = randomisation(net, x, k, depth, maps_one)
            for m, c in corr.items():
                correlations[m][depth].append(c)
        if progress and (i + 1) % 10 == 0:
            progress(f"{i + 1} of {len(pictures)} pictures")
    return {
        "pictures": len(pictures),
        "built": time.strftime("%Y-%m-%d"),
        "areas": {name: {kind: float(np.mean(v)) for kind, v in a.items()} for name, a in areas.items()},
        "randomisation": {m: [float(np.mean(by[d])) for d in DEPTHS[1:]] for m, by in correlations.items()},
        "milliseconds": {m: float(np.median(s) * 1000) for m, s in seconds.items()},
    }


def _time_one(net, x, k, method):
    """Seconds one method's map takes alone, with the page's settings."""
    calls = {
        "gradcam_last": lambda: explain.grad_cam(net, x, k, cam_layer(net, "gradcam_last")),
        "gradcam_before": lambda: explain.grad_cam(net, x, k, cam_layer(net, "gradcam_before")),
        "occlusion": lambda: explain.occlusion_pixels(explain.occlusion(net, x, k, 4, 2), 4, 2, net.input_shape),
        "saliency": lambda: explain.saliency(net, x, k),
        "ig": lambda: explain.integrated_gradients(net, x, k, "black", 32),
        "smoothgrad": lambda: explain.smoothgrad(net, x, k, 25, 0.15),
    }
    started = time.perf_counter()
    calls[method]()
    return time.perf_counter() - started


def write(table, path=None):
    path = path or PATH
    with open(path, "w", encoding="utf-8") as f:
        json.dump(table, f, indent=1)
    return path


@functools.lru_cache(maxsize=1)
def load(path=None):
    """The offline table (see build), read once per process."""
    with open(path or PATH, encoding="utf-8") as f:
        return json.load(f)
