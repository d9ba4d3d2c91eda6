"""Teaching the trained network classes of one's own: a new last layer on its frozen features.

The network's layers up to `layer` stay as trained; each picture becomes their output (64
numbers at "dense", 1,024 at "conv3"), standardised by the training pictures' mean and
spread, and a softmax layer on top is trained by full-batch gradient descent on the
cross-entropy, with a little weight decay. A few dozen pictures train in milliseconds, in
numpy. How well it learned is measured by leaving each picture out in turn (`leave_one_out`):
with five pictures a class there is nothing else to test on.

`python -m tools.few_shot` measures which layer learns better from few CIFAR-10 pictures.
"""

from dataclasses import dataclass

import numpy as np

from . import images, ops

LAYERS = ("dense", "conv3")
MIN_PICTURES = 5  # per class: fewer, and leaving one out leaves too little to learn from
MAX_PICTURES = 20  # per class: leaving each of 120 pictures out in turn takes about 1.5 s here
MAX_NEW, MAX_KEPT = 3, 3  # classes of one's own, and CIFAR-10 classes kept beside them (10 at most)
EPOCHS = 300
RATE = 0.5
DECAY = 1e-3


@dataclass
class Head:
    """A trained last layer: (d, k) weights and k biases on standardised features."""

    layer: str
    classes: tuple
    weights: np.ndarray
    bias: np.ndarray
    mean: np.ndarray
    spread: np.ndarray
    losses: tuple = ()  # the training loss after each epoch
    accuracies: tuple = ()  # the share of training pictures right after each epoch

    def probabilities(self, feats):
        return ops.softmax(self.logits(feats))

    def logits(self, feats):
        """(n, k) class scores of (n, d) features, before softmax."""
        return ((np.atleast_2d(feats) - self.mean) / self.spread) @ self.weights + self.bias


def as_network(net, head, name="your classes", left_out=None):
    """The trained network with the new head in place of its last layer: a model.Network of
    its own, whose classes are the head's, so that every model page (and Grad-CAM, gradients)
    works on the new classes. The head's standardising is folded into a dense layer on the
    dense features, so its probabilities are the head's. Only for a head on the dense layer.
    `left_out`, (right, n), is how often it was right with each picture left out in turn."""
    import dataclasses
    import hashlib

    if head.layer != "dense":
        raise ValueError("Only a head on the dense layer replaces the network's last layer.")
    kernel = (head.weights / head.spread[:, None]).astype(np.float32)
    bias = (head.bias - (head.mean / head.spread) @ head.weights).astype(np.float32)
    layers = (*net.layers[:-1], dict(net.layers[-1], units=len(head.classes)))
    fingerprint = hashlib.sha256(kernel.tobytes() + bias.tobytes()).hexdigest()[:16]
    weights = {**net.weights, net.layers[-1]["name"]: (kernel, bias)}
    return dataclasses.replace(
        net,
        weights=weights,
        layers=layers,
        classes=tuple(head.classes),
        name=name,
        shipped=False,
        fingerprint=fingerprint,
        left_out=left_out,
    )


def features(net, pictures, layer="dense"):
    """(n, d) float64: each RGB picture through the frozen network up to `layer`, flattened."""
    if layer not in LAYERS:
        raise ValueError(f"Features come from one of {', '.join(LAYERS)}, not {layer!r}.")
    x = np.stack([images.to_model_input(rgb) for rgb in pictures])
    return net.forward(x, keep=(layer,))[layer].reshape(len(x), -1).astype(np.float64)


def _descend(z, labels, k, mask, epochs, rate, decay, record=False):
    """Gradient descent for F heads at once, each on the pictures its row of `mask` (F, n)
    keeps: (weights (F, d, k), biases (F, k), losses, accuracies of the first head)."""
    f, (n, d) = len(mask), z.shape
    onehot = np.eye(k)[labels]
    counts = mask.sum(axis=1, keepdims=True)
    w, b = np.zeros((f, d, k)), np.zeros((f, k))
    losses, accuracies = [], []
    for _ in range(epochs):
        p = ops.softmax(np.matmul(z, w) + b[:, None, :])  # (F, n, k): one BLAS call per head
        if record:
            right = p[0, np.arange(n), labels]
            losses.append(float(-np.log(right + 1e-12).mean() + decay * (w[0] ** 2).sum() / 2))
            accuracies.append(float((p[0].argmax(axis=1) == labels).mean()))
        grad = (p - onehot) * (mask / counts)[:, :, None]  # (F, n, k), 0 for a picture left out
        w -= rate * (np.matmul(z.T, grad) + decay * w)
        b -= rate * grad.sum(axis=1)
    return w, b, losses, accuracies


def _standardise(feats):
    mean, spread = feats.mean(axis=0), feats.std(axis=0) + 1e-6
    return (feats - mean) / spread, mean, spread


def train(feats, labels, classes, layer="dense", epochs=EPOCHS, rate=RATE, decay=DECAY):
    """A Head for these (n, d) features and their labels (0 .. k-1). Deterministic: it starts
    from zeros, and full-batch descent has no randomness."""
    labels = np.asarray(labels)
    z, mean, spread = _standardise(np.asarray(feats, dtype=np.float64))
    mask = np.ones((1, len(z)))
    w, b, losses, accuracies = _descend(z, labels, len(classes), mask, epochs, rate, decay, record=True)
    return Head(layer, tuple(classes), w[0], b[0], mean, spread, tuple(losses), tuple(accuracies))


def leave_one_out(feats, labels, classes, epochs=EPOCHS, rate=RATE, decay=DECAY):
    """Each picture's predicted class by a head trained on all the others: (n,) ints. The n
    heads train together, as one batch; the features' mean and spread are all the pictures'
    (no label of the picture left out reaches its head)."""
    labels = np.asarray(labels)
    z, _, _ = _standardise(np.asarray(feats, dtype=np.float64))
    mask = 1.0 - np.eye(len(z))
    w, b, _, _ = _descend(z, labels, len(classes), mask, epochs, rate, decay)
    logits = np.einsum("fd,fdk->fk", z, w) + b  # head f on picture f, the one it never saw
    return logits.argmax(axis=1)


def confusion(labels, guesses, k):
    """(k, k) counts: rows the true class, columns the guess."""
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (np.asarray(labels), np.asarray(guesses)), 1)
    return counts
