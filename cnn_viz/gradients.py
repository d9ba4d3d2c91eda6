"""Backpropagation through the network, in numpy: how much would a small change of each
number move one class score?

The forward pass (`model.Network.forward`) keeps every layer's output; `backward` walks the
network's own layers in reverse with the chain rule, one rule per kind of layer:

- a dense layer  y = x W + b:          dx = dy W^T
- ReLU           y = max(z, 0):        dz = dy where y > 0, else 0
- flatten:                             dx = dy reshaped to the maps
- a convolution  y = conv(x, K) + b:   dx = dy "convolved back" through K (each output
  cell hands its gradient to the 3 x 3 x C window it read, weighted by the filter)
- max pooling:                         dx = dy at the position that won each window, 0
  at the other three (and 0 for the rows and columns the pooling dropped)

These are the rules TensorFlow's gradients follow (the tests compare with tf.GradientTape);
cnn_viz.layers.backward has them for every kind of layer, strides and padding included. One
picture or a batch in, every layer's gradient out.
"""

import numpy as np

from . import layers


def backward(net, outputs, grad_logits, stop="input", start=None, dtype=None):
    """{layer name and "input": the gradient of sum(grad_logits * logits) with respect to
    that layer's output (after its activation, as the forward pass returns it; the last
    layer's is taken before its activation, with respect to the class scores themselves)}.

    outputs: net.forward(x) for one picture or a batch; grad_logits: (classes,) or
    (N, classes), e.g. one-hot for one class. A batch is how Integrated Gradients and
    SmoothGrad take many gradients at once. `stop`: the name whose gradient is the last
    one needed (the layers below it are not walked). `start`: another layer to start from,
    grad_logits then the gradient of its output before its activation (what a unit wants to
    see climbs so), and outputs need hold only the layers up to it. `dtype`: the gradients'
    precision (by default float64 for one picture, float32 for a batch).
    """
    last = net.layers[-1]["name"]
    start = start or last
    single = np.ndim(outputs["input"]) == len(net.input_shape)
    if single:
        outputs = {name: out[None] for name, out in outputs.items()}
    # One picture in float64; a batch in float32, the forward pass's own precision, at half the cost.
    dtype = dtype or (np.float64 if single else np.float32)
    g = np.asarray(grad_logits, dtype=dtype).reshape(-1, *outputs[start].shape[1:])
    grads = {"logits": g} if start == last else {}
    names = net.names
    for i in range(names.index(start) - 1, -1, -1):
        layer = net.layers[i]
        weights, below, out = net.weights.get(layer["name"]), outputs[names[i]], outputs[layer["name"]]
        g = layers.backward(layer, weights, below, out, g, activated=layer["name"] != start)
        grads[names[i]] = g
        if names[i] == stop:
            break
    return {name: grad[0] for name, grad in grads.items()} if single else grads


def class_gradients(net, x, class_index, outputs=None):
    """(outputs, gradients of the class' score for every layer and the input), for one
    picture (H, W, C) or a batch (N, H, W, C)."""
    outputs = outputs if outputs is not None else net.forward(np.asarray(x, dtype=np.float32))
    one_hot = np.zeros(outputs["logits"].shape[-1])
    one_hot[class_index] = 1.0
    batch = np.ndim(outputs["input"]) == len(net.input_shape) + 1
    return outputs, backward(net, outputs, np.tile(one_hot, (len(outputs["input"]), 1)) if batch else one_hot)
