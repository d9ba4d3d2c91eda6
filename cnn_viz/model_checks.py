"""What every reader of a visitor's model file shares (cnn_viz.keras_file, cnn_viz.onnx_file):
the one sentence a file that cannot be opened gets (ModelFileError, and `read_safely`, which
makes any failure of a reader one), the file's and the parameters' bounds, a name from the file
as plain text, and the checks a network must pass before a page shows it: what explaining one
picture would cost (known from the layers alone, before a weight is read), finite weights, and
finite numbers at every layer on a test picture."""

import hashlib
import itertools
import logging
import math
import re

import numpy as np

from . import cost, i18n, model

# Network.forward's outputs besides the layers': a layer of one of these names is renamed.
RESERVED = ("input", "probabilities")
MAX_FILE_BYTES = 20_000_000
MAX_PARAMETERS = 5_000_000
# Whatever a malformed file makes our checks raise that they did not foresee: still one
# sentence (not ImportError: a library missing on the server is ours, and the page says so).
UNFORESEEN = (TypeError, AttributeError, KeyError, ValueError, IndexError, ZeroDivisionError, OverflowError)
log = logging.getLogger(__name__)


class ModelFileError(ValueError):
    """A file that cannot be opened here. str(error) is one English sentence that names the
    layer at fault; `key` and `values` let the app say the same in the visitor's language."""

    def __init__(self, key, **values):
        self.key, self.values = key, values
        super().__init__(i18n.text("en", key, **values))

    def message(self, lang):
        return i18n.text(lang, self.key, **self.values)


def unique_name(text, cls, taken):
    """The layer's name as plain text, unlike any other layer's and any output of forward()'s
    own ("input", "logits", "probabilities"): Keras never saves two layers of one name, but a
    crafted file can, and they would share weights and maps."""
    if not isinstance(text, str):
        raise ModelFileError("own.bad_setting", layer=safe_name(cls), setting="name", value=shown(text))
    base = name = safe_name(text)
    suffixes = itertools.count(1)
    while name in taken:
        name = f"{base}_{next(suffixes)}"
    taken.add(name)
    return name


def safe_name(text, longest=40):
    """A name from the file as plain text: letters, digits and a few marks (it is shown in
    tables, charts and badges), at most `longest` characters."""
    return re.sub(r"[^\w .,()+-]", "", str(text))[:longest].strip() or "?"


def shown(value):
    """A setting's value from the file, as plain text for a sentence (a list in parentheses)."""
    return safe_name(str(value)[:100].translate(str.maketrans("[]{}", "()()")), 20)


def read_safely(read, data, name, refusal):
    """read(data, name) of a reader: its ModelFileError as it is; a failure of a check it
    lacks, logged, and the reader's own sentence (`refusal`: "own.not_keras", "own.not_onnx")."""
    try:
        return read(data, safe_name(name))
    except ModelFileError:
        raise
    except (*UNFORESEEN, RecursionError) as error:  # a check of ours is missing: log it, say one sentence
        log.warning("A model file got past the reader's checks (%s): %r", refusal, error)
        raise ModelFileError(refusal) from error


def check_size(data):
    """Refuse a file over MAX_FILE_BYTES before anything is made of it."""
    if len(data) > MAX_FILE_BYTES:
        # A tenth of a MB, rounded up: the uploader lets 20-21 MB through (its MB are MiB), and
        # "20.0 MB, at most 20 MB" would read as no reason at all.
        mb = f"{math.ceil(len(data) / 1e5) / 10:.1f}"
        raise ModelFileError("own.file_too_big", mb=mb, limit=f"{MAX_FILE_BYTES / 1e6:.0f}")


def check_finite(weights):
    """Every weight after folding is a finite number (a scale of 3e38 over a small variance overflows)."""
    for name, arrays in weights.items():
        if not all(np.isfinite(a).all() for a in arrays):
            raise ModelFileError("own.not_finite", layer=name)


def check_runs(net):
    """The network gives finite numbers at every layer on a mid-grey and a random picture (a
    batch of two, a few milliseconds): finite weights can still overflow float32 on the way
    (a Rescaling by 1e308, weights of 3e38), and every page would then read "nan %"."""
    shape = net.input_shape
    grey = np.full(shape, 0.5, np.float32)
    pictures = np.stack([grey, np.random.default_rng(0).random(shape, dtype=np.float32)])
    with np.errstate(all="ignore"):
        outputs = net.forward(pictures)
    names = [layer["name"] for layer in net.layers]
    for key, out in outputs.items():
        if not np.isfinite(out).all():  # "logits" and "probabilities" are the last layer's
            raise ModelFileError("own.overflows", layer=key if key in names else names[-1])


def free_logits(specs, weights):
    """forward() calls the class scores "logits": a layer of that name keeps it only where its
    output is those scores, the last layer with no activation (as the shipped network's);
    another would have its maps replaced by the scores, so it is renamed."""
    names = {spec["name"] for spec in specs} | set(RESERVED)
    for spec in specs:
        if spec["name"] == "logits" and (spec is not specs[-1] or spec.get("activation")):
            spec["name"] = f"logits_{next(n for n in itertools.count(1) if f'logits_{n}' not in names)}"
            if "logits" in weights:
                weights[spec["name"]] = weights.pop("logits")


def check_cost(input_shape, specs):
    """Refuse, from the config alone and before a weight is read, a model whose largest
    computation on one picture (its gradient, for Why this class?) needs more memory than
    cnn_viz.cost.BUDGET: a few kilobytes of config can ask for gigabytes."""
    found = cost.Cost.of(input_shape, specs)  # every layer fits its input: keras_config saw to it
    if not found.fits():
        need = cost.readable(found.gradient_bytes(cost.FLOAT64))
        numbers = f"{found.largest // cost.FLOAT32:,}"
        limit = cost.BUDGET // 2**20
        raise ModelFileError("own.too_costly", need=need, limit=limit, layer=found.widest, numbers=numbers)


def network(data, name, input_shape, specs, weights, classes, takes_0_255=False, made_by=""):
    """The model.Network a file's layers and weights make, once its weights are finite and it
    gives finite numbers at every layer; its fingerprint is the file's hash."""
    check_finite(weights)
    free_logits(specs, weights)
    named = not classes[0].startswith("class ")
    fingerprint = hashlib.sha256(data).hexdigest()[:16]
    shape = tuple(input_shape)
    net = model.Network(
        weights, tuple(specs), shape, classes, name, named, False, takes_0_255, fingerprint, made_by=made_by
    )
    check_runs(net)
    return net


def takes_scale(before):
    return before is not None and before["kind"] in ("conv", "dense") and not before.get("activation")


def takes_activation(before):
    return before is not None and not before.get("activation") and before["kind"] not in ("flatten", "identity")
