"""Training a network in numpy: the loss, every weight's gradient, and the optimiser's step.

The same engine the pages explain with (cnn_viz.layers) runs forward, keeping each layer's
output; softmax cross-entropy turns the class scores into one number, the loss; the chain rule
walks back down the layers, and each layer with weights gives its weights' gradients on the
way (`layers.backward(..., learn=True)`). Keras's own rules throughout, so that the tests can
hold every gradient, and one whole step, to TensorFlow's:

- weights start as Keras starts them: Glorot-uniform kernels (limit sqrt(6 / (fan in + fan out)))
  and zero biases, from a seed;
- the loss is the mean over the batch of -log softmax(scores)[true class];
- Adam is Keras 3's (learning rate 0.001, beta 0.9 and 0.999, epsilon 1e-7, the bias correction
  folded into the step size); SGD with momentum too.

No Streamlit here, and no TensorFlow.
"""

from dataclasses import dataclass, field

import numpy as np

from . import layers


def glorot(spec, shape, rng):
    """(kernel, bias) for a layer of kind conv or dense, as Keras initialises them."""
    if spec["kind"] == "conv":
        (kh, kw), groups = spec["size"], spec.get("groups", 1)
        kernel_shape = (kh, kw, shape[2] // groups, spec["filters"])
        fan_in, fan_out = kh * kw * kernel_shape[2], kh * kw * spec["filters"]
    else:
        kernel_shape = (shape[0], spec["units"])
        fan_in, fan_out = kernel_shape
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    kernel = rng.uniform(-limit, limit, size=kernel_shape).astype(np.float32)
    return kernel, np.zeros(kernel_shape[-1], dtype=np.float32)


def initial_weights(specs, input_shape, seed=0):
    """{name: (kernel, bias)} for every conv and dense layer of `specs`, Keras's way."""
    rng, shape, found = np.random.default_rng(seed), tuple(input_shape), {}
    for spec in specs:
        if spec["kind"] in ("conv", "dense"):
            found[spec["name"]] = glorot(spec, shape, rng)
        shape = layers.output_shape(spec, shape)
    return found


def forward(specs, weights, x):
    """[x, each layer's output]: the last one before its activation (the class scores), in
    x's precision."""
    outputs = [x]
    for i, spec in enumerate(specs):
        z = layers.linear(spec, weights.get(spec["name"]), outputs[-1])
        outputs.append(z if i == len(specs) - 1 else layers.activated(spec, z))
    return outputs


def cross_entropy(scores, labels):
    """(the mean loss, its gradient with respect to the scores) for integer labels."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(labels))
    grad = np.exp(log_p)
    grad[rows, labels] -= 1.0
    return float(-log_p[rows, labels].mean()), grad / len(labels)


def loss_and_gradients(specs, weights, x, labels):
    """(the batch's mean loss, {name: gradients laid out as its weights}, the class scores)."""
    outputs = forward(specs, weights, x)
    loss, g = cross_entropy(outputs[-1], np.asarray(labels))
    grads = {}
    for i in range(len(specs) - 1, -1, -1):
        spec = specs[i]
        last = i == len(specs) - 1
        g, found = layers.backward(spec, weights.get(spec["name"]), outputs[i], outputs[i + 1], g, not last, True)
        if found is not None:
            grads[spec["name"]] = found
    return loss, grads, outputs[-1]


@dataclass
class Adam:
    """Keras 3's Adam. `state`: each weight's first and second moments, and the steps taken."""

    learning_rate: float = 1e-3
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-7
    state: dict = field(default_factory=dict)
    steps: int = 0

    def step(self, weights, grads):
        """The weights after one step (new arrays: the old ones may be on a page still)."""
        self.steps += 1
        t = self.steps
        alpha = self.learning_rate * np.sqrt(1 - self.beta_2**t) / (1 - self.beta_1**t)
        updated = dict(weights)
        for name, parts in grads.items():
            moments = self.state.setdefault(name, [(np.zeros_like(w), np.zeros_like(w)) for w in weights[name]])
            new = []
            for j, (w, g) in enumerate(zip(weights[name], parts)):
                m, v = moments[j]
                m = m + (g - m) * (1 - self.beta_1)
                v = v + (g * g - v) * (1 - self.beta_2)
                moments[j] = (m, v)
                new.append((w - m * alpha / (np.sqrt(v) + self.epsilon)).astype(w.dtype))
            updated[name] = tuple(new)
        return updated


@dataclass
class SGD:
    """Keras's SGD with momentum: velocity = momentum x velocity - rate x gradient."""

    learning_rate: float = 0.01
    momentum: float = 0.9
    state: dict = field(default_factory=dict)
    steps: int = 0

    def step(self, weights, grads):
        self.steps += 1
        updated = dict(weights)
        for name, parts in grads.items():
            velocity = self.state.setdefault(name, [np.zeros_like(w) for w in weights[name]])
            new = []
            for j, (w, g) in enumerate(zip(weights[name], parts)):
                velocity[j] = self.momentum * velocity[j] - self.learning_rate * g
                new.append((w + velocity[j]).astype(w.dtype))
            updated[name] = tuple(new)
        return updated


def train_step(specs, weights, optimiser, x, labels):
    """(the weights after one step on the batch, its loss before the step)."""
    loss, grads, _ = loss_and_gradients(specs, weights, x, labels)
    return optimiser.step(weights, grads), loss


def accuracy(specs, weights, x, labels, batch=500):
    """The share of pictures whose highest score is their label's."""
    right = 0
    for start in range(0, len(x), batch):
        scores = forward(specs, weights, x[start : start + batch])[-1]
        right += int((scores.argmax(axis=1) == labels[start : start + batch]).sum())
    return right / max(len(x), 1)
