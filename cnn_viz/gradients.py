"""Backpropagation through the network, in numpy: how much would a small change of each
number move one class score?

The forward pass (`model.Network.forward`) keeps every layer's output; `backward` walks the
layers in reverse with the chain rule, one rule per kind of layer:

- a dense layer  y = x W + b:          dx = dy W^T
- ReLU           y = max(z, 0):        dz = dy where y > 0, else 0
- flatten:                             dx = dy reshaped to the maps
- a convolution  y = conv(x, K) + b:   dx = dy "convolved back" through K (each output
  cell hands its gradient to the 3 x 3 x C window it read, weighted by the filter)
- max pooling:                         dx = dy at the position that won each window, 0
  at the other three (and 0 for the rows and columns the pooling dropped)

These are the rules TensorFlow's gradients follow (the tests compare with tf.GradientTape).
One picture (32, 32, 3) or a batch (N, 32, 32, 3) in, every layer's gradient out.
"""

import numpy as np

from . import architecture

LAYER_NAMES = tuple(layer["name"] for layer in architecture.LAYERS)


def _conv_back(grad_out, kernel):
    """Gradient of a valid, stride-1 convolution's input from its output's gradient, for a
    batch (N, oh, ow, F)."""
    kh, kw, c, f = kernel.shape
    n, oh, ow, _ = grad_out.shape
    cols = (grad_out.reshape(-1, f) @ kernel.reshape(-1, f).T).reshape(n, oh, ow, kh, kw, c)
    grad_in = np.zeros((n, oh + kh - 1, ow + kw - 1, c), dtype=grad_out.dtype)
    for a in range(kh):
        for b in range(kw):
            grad_in[:, a : a + oh, b : b + ow] += cols[:, :, :, a, b]
    return grad_in


def _pool_back(grad_out, x, size):
    """Gradient of max pooling's input, for a batch: each window's gradient goes to the cell
    that won it (the first of equal values in reading order, as TensorFlow does)."""
    n, oh, ow, c = grad_out.shape
    tiles = x[:, : oh * size, : ow * size].reshape(n, oh, size, ow, size, c).transpose(0, 1, 3, 5, 2, 4)
    winner = tiles.reshape(n, oh, ow, c, size * size).argmax(axis=4)
    routed = np.zeros((n, oh, ow, c, size * size), dtype=grad_out.dtype)
    np.put_along_axis(routed, winner[..., None], grad_out[..., None], axis=4)
    grad_in = np.zeros(x.shape, dtype=grad_out.dtype)
    grad_in[:, : oh * size, : ow * size] = (
        routed.reshape(n, oh, ow, c, size, size).transpose(0, 1, 4, 2, 5, 3).reshape(n, oh * size, ow * size, c)
    )
    return grad_in


def backward(net, outputs, grad_logits):
    """{layer name and "input": the gradient of sum(grad_logits * logits) with respect to
    that layer's output (after its ReLU, as the forward pass returns it)}.

    outputs: net.forward(x) for one picture or a batch; grad_logits: (10,) or (N, 10), e.g.
    one-hot for one class. A batch is how Integrated Gradients and SmoothGrad take many
    gradients at once.
    """
    single = np.ndim(outputs["input"]) == 3
    if single:
        outputs = {name: out[None] for name, out in outputs.items()}
    # One picture in float64; a batch in float32, the forward pass's own precision, at half the cost.
    grads = {"logits": np.asarray(grad_logits, dtype=np.float64 if single else np.float32).reshape(-1, 10)}
    g = grads["logits"]
    names = ("input", *LAYER_NAMES)
    for i in range(len(architecture.LAYERS) - 1, -1, -1):
        layer = architecture.LAYERS[i]
        below = outputs[names[i]]
        if layer.get("activation") == "relu":
            g = g * (outputs[layer["name"]] > 0)
        if layer["kind"] == "dense":
            g = g @ net.weights[layer["name"]][0].T
        elif layer["kind"] == "flatten":
            g = g.reshape(below.shape)
        elif layer["kind"] == "conv":
            g = _conv_back(g, net.weights[layer["name"]][0])
        elif layer["kind"] == "maxpool":
            g = _pool_back(g, below, layer["size"])
        grads[names[i]] = g
    return {name: grad[0] for name, grad in grads.items()} if single else grads


def class_gradients(net, x, class_index, outputs=None):
    """(outputs, gradients of the class' logit for every layer and the input), for one
    picture (32, 32, 3) or a batch (N, 32, 32, 3)."""
    outputs = outputs if outputs is not None else net.forward(np.asarray(x, dtype=np.float32))
    one_hot = np.zeros(10)
    one_hot[class_index] = 1.0
    batch = np.ndim(outputs["input"]) == 4
    return outputs, backward(net, outputs, np.tile(one_hot, (len(outputs["input"]), 1)) if batch else one_hot)
