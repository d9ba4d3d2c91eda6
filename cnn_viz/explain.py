"""Inside the real network: where a cell looks, and the exact numbers that made it.

Every function here takes the network (`cnn_viz.model.Network`: the shipped one, or a
visitor's own) and one picture `x` as the network gets it: (H, W, C), values 0-1. Where a
cell looks comes from the network's own layers (kernel sizes, strides, padding). numpy only,
so a notebook, the tests and the pages all get the same numbers.

    receptive_field(net, "conv2", 3, 4)      -> (6, 8, 13, 15): input rows 6-13, columns 8-15
    cell_contributions(net, x, "conv2", 5, 3, 4).total   == the map's value before ReLU
    dense_contributions(net, x, 3).logit                  == the "cat" score

What a layer's cell is, and which cells below it reads, is the layer's kind's to say
(cnn_viz.layers.KINDS): a convolution's cell is a window times a filter (a dilated kernel's taps
`dilation` apart, a grouped filter's on its group's channels), a pooling cell a window's max or
mean, a global pool's cell a whole map; a zero padding moves cells, scaling and activation
layers keep them where they are.

The shipped network's geometry: every convolution is 3x3, stride 1, no padding; every
pooling 2x2, stride 2, rounding down. So a cell's window on the layer below is 3 wide
(convolution) or 2 wide with a jump of 2 (pooling), and the squares grow 3, 4, 8, 10, 18
pixels from conv1 to conv3.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from . import architecture, cost, gradients, layers, lookalikes, windows

# The shipped network's layers with cells, and its weighted layers from the top down (what its
# address bar may name); any other network's come from spatial(net) and cascade(net).
SPATIAL = tuple(spec["name"] for spec in architecture.SPECS if layers.kind(spec).spatial)


def spatial(net):
    """The names of the layers whose output is maps of cells that each read a window of the
    layer below (convolution and pooling), in order."""
    return tuple(spec["name"] for spec in net.layers if layers.kind(spec).spatial)


def cell_layers(net):
    """The names of the layers whose cells a page can explain, in order: spatial(net) and the
    global pools (one cell per map, which reads the whole map)."""
    return tuple(spec["name"] for spec in net.layers if layers.kind(spec).cell)


def cam_layers(net):
    """The convolution layers, in order (Grad-CAM's choices; the last is its usual one)."""
    return tuple(spec["name"] for spec in net.layers if layers.kind(spec).cell == "conv")


def map_shape(net, layer):
    """(rows, columns, maps) of a spatial layer's output."""
    _check_layer(net, layer)
    return net.shapes()[layer]


def brightest(net, outputs, layer, map_index=None):
    """(map, row, col) of the layer's largest value: on one map, or on any when map_index is
    None. `outputs` is the network's forward pass."""
    _check_layer(net, layer)
    out = outputs[layer]
    if map_index is None:
        map_index = int(np.unravel_index(np.argmax(out), out.shape)[2])
    _check_index("map", map_index, out.shape[2], layer)
    r, c = np.unravel_index(np.argmax(out[:, :, map_index]), out.shape[:2])
    return map_index, int(r), int(c)


def _check_layer(net, layer, known=spatial):
    if layer not in known(net):
        names = ", ".join(known(net)) or "none"
        raise ValueError(f"There is no layer with cells called {layer!r}: the layers with cells are {names}.")


def cell_grid(net, layer):
    """(rows, columns, maps) of a layer's cells: a spatial layer's output, or a global pool's
    one cell per map (1, 1, maps)."""
    _check_layer(net, layer, cell_layers)
    shape = net.shapes()[layer]
    return shape if len(shape) == 3 else (1, 1, shape[0])


def _check_index(what, value, size, layer):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"The {what} must be a whole number (got {value!r}).")
    if not 0 <= value < size:
        raise ValueError(f"{what.capitalize()} {value} is outside {layer}, whose {what}s run from 0 to {size - 1}.")


def check_cell(net, layer, row, col, map_index=None):
    """Raise ValueError, in a sentence a person understands, unless the cell exists."""
    rows, cols, maps = cell_grid(net, layer)
    _check_index("row", row, rows, layer)
    _check_index("column", col, cols, layer)
    if map_index is not None:
        _check_index("map", map_index, maps, layer)


def window_chain(net, layer, row, col):
    """The cell's window on every layer below it, down to the picture:
    [(layer name, top, left, bottom, right), ...], starting with the cell itself on `layer`
    and ending with its receptive field on "input". Bounds are inclusive. Each layer's kind
    says which of its input's cells a box of its cells reads: the box around a dilated
    kernel's taps (cell_contributions names the taps themselves), without "same" padding's
    cells; a global pool's one cell reads its whole input. A cell that holds only a zero
    padding's zeros reads nothing: (0, 0, -1, -1) from there down."""
    check_cell(net, layer, row, col)
    box = (row, col, row, col)
    chain, name, shapes = [(layer, *box)], layer, net.shapes()
    while name != "input":
        spec, name = net.layer(name), net.below(name)
        if box != windows.EMPTY:
            box = layers.kind(spec).box(spec, shapes[name], box)
        chain.append((name, *box))
    return chain


def receptive_field(net, layer, row, col):
    """(top, left, bottom, right), inclusive, of the input pixels the cell depends on."""
    return window_chain(net, layer, row, col)[-1][1:]


def blind_rows(net):
    """The input rows that no cell of the last layer with cells sees, so no class score
    depends on them: valid padding and pooling that rounds down drop them on the way.
    (30, 31) for the shipped network (and, it being square, the same columns)."""
    if not cell_layers(net):
        return ()  # a network of dense layers reads every pixel
    last = cell_layers(net)[-1]
    rows, cols, _ = cell_grid(net, last)
    seen = receptive_field(net, last, rows - 1, cols - 1)[2]
    return tuple(range(seen + 1, net.input_shape[0]))


@dataclass(frozen=True)
class ConvCell:
    """One cell of a convolution layer and every number that made it.

    window, kernel and products are (kh, kw, C): the input window on each of the C input
    channels the filter reads, the filter's weights for them, and their element-wise products.
    Where they sit on the layer below: window[a, b, c] is cell (rows[a], cols[b]) of channel
    channels[c] (a dilated kernel's taps are `dilation` apart; a row or column outside the
    map is "same" padding's zero; a grouped filter reads only its group's channels, a
    depthwise one a single channel). The sum of products of channel c is channel_sums[c];
    their total plus the bias is `total`, the value before the activation; `value` is the
    map's value after ReLU (or `total` itself for a layer without one). Sums are in float64,
    so the total agrees with the float32 forward pass to about 1e-6.
    """

    layer: str
    map: int
    row: int
    col: int
    source: str  # the layer the window is read from ("input" for conv1)
    window: np.ndarray
    kernel: np.ndarray
    products: np.ndarray
    channel_sums: np.ndarray
    bias: float
    total: float
    relu: bool = True
    rows: np.ndarray | None = None  # (kh,) the window's rows on the layer below
    cols: np.ndarray | None = None  # (kw,) its columns
    channels: np.ndarray | None = None  # (C,) the channels of the layer below it reads
    source_size: tuple = ()  # (rows, columns) of the layer below
    activation: str | None = "relu"  # the layer's activation, by name (None: the total is the value)
    after: float | None = None  # the activation of the total, when it is not ReLU or none

    @property
    def value(self):
        if self.after is not None:
            return self.after
        return max(self.total, 0.0) if self.relu else self.total

    def cells(self):
        """[(row, column)] of the cells of the layer below the window reads (its taps that are
        not padding), in reading order: what a page outlines."""
        height, width = self.source_size
        return [(int(r), int(c)) for r in self.rows if 0 <= r < height for c in self.cols if 0 <= c < width]

    def strongest(self, n=6):
        """The channels to show one by one: all of them, in their order, when there are n or
        fewer (conv1's red, green, blue); else the n // 2 that push the total up most and the
        rest of n that pull it down most (fewer of a sign when fewer exist), ordered by what
        they add, largest first."""
        if len(self.channel_sums) <= n:
            return list(range(len(self.channel_sums)))
        order = np.argsort(-self.channel_sums, kind="stable")
        up = [int(c) for c in order[: n // 2] if self.channel_sums[c] > 0]
        down = [int(c) for c in order[::-1][: n - len(up)] if self.channel_sums[c] <= 0]
        return sorted(up + down, key=lambda c: -self.channel_sums[c])

    def rest(self, shown):
        """(how many channels are not in `shown`, the sum of their channel sums)."""
        others = np.setdiff1d(np.arange(len(self.channel_sums)), shown)
        return len(others), float(self.channel_sums[others].sum())


def _outputs(net, x, outputs):
    return outputs if outputs is not None else net.forward(np.asarray(x, dtype=np.float32))


def cell_contributions(net, x, layer, map_index, row, col, outputs=None):
    """Every number of one convolution cell, as a ConvCell (see there). `outputs`: the
    result of net.forward(x) when the caller has it already (saves a forward pass). With
    "same" padding, a window at the edge holds the padding's zeros, as the layer computes it."""
    if layer not in cam_layers(net):
        convs = ", ".join(cam_layers(net)) or "none here"
        raise ValueError(
            f"{layer!r} is not a convolution layer: cell_contributions explains {convs} "
            "(a pooling cell is explained by pool_window)."
        )
    check_cell(net, layer, row, col, map_index)
    outputs = _outputs(net, x, outputs)
    spec, source = net.layer(layer), net.below(layer)
    kernel, bias = net.weights[layer]
    below = outputs[source]
    rows, cols, channels = _taps(spec, below.shape, kernel.shape, map_index, row, col)
    inside_rows, inside_cols = (rows >= 0) & (rows < below.shape[0]), (cols >= 0) & (cols < below.shape[1])
    window = np.zeros((len(rows), len(cols), len(channels)))  # "same" padding's zeros stay 0
    window[np.ix_(inside_rows, inside_cols)] = below[np.ix_(rows[inside_rows], cols[inside_cols], channels)]
    kernel = np.asarray(kernel[:, :, :, map_index], dtype=np.float64)
    products = window * kernel
    sums = products.sum(axis=(0, 1))
    b = float(bias[map_index])
    total = float(sums.sum() + b)
    relu, activation = spec.get("activation") == "relu", spec.get("activation")
    after = None if activation in ("relu", None) else float(layers.activated(spec, np.float64(total)))
    where = dict(rows=rows, cols=cols, channels=channels, source_size=below.shape[:2])
    where |= dict(activation=activation, after=after)
    return ConvCell(layer, map_index, row, col, source, window, kernel, products, sums, b, total, relu, **where)


def _taps(spec, shape, kernel_shape, map_index, row, col):
    """(rows, columns, channels) of the layer below that the kernel of filter `map_index`
    reads for output cell (row, col): its taps `dilation` apart from the window's corner, on the
    channels of the filter's group (Keras's Conv2D(groups): filter f reads group f // (F / groups))."""
    kh, kw, per_group, filters = kernel_shape
    (sh, sw), (dh, dw) = spec["strides"], windows.dilation(spec)
    (top, _), (left, _) = windows.pads(spec, shape[:2])
    group = map_index // (filters // spec.get("groups", 1))
    rows = row * sh - top + dh * np.arange(kh)
    cols = col * sw - left + dw * np.arange(kw)
    return rows, cols, group * per_group + np.arange(per_group)


@dataclass(frozen=True)
class PoolCell:
    """One cell of a pooling layer: the window of the map below it (a global pool's: the whole
    map), where the largest value sits inside it (first on ties, as numpy's argmax) and the
    cell's value (that largest value, or the window's mean for average pooling: `reduce` says
    which, "max" or "mean")."""

    layer: str
    map: int
    row: int
    col: int
    source: str
    top: int  # the window's position on the map below
    left: int
    window: np.ndarray
    argmax: tuple
    value: float
    reduce: str = "max"


REDUCE = {"max": np.max, "mean": np.mean}  # a pooling kind's `reduce` (cnn_viz.layers.KINDS)


def pool_layers(net):
    """The pooling layers (window and global), in order."""
    return tuple(spec["name"] for spec in net.layers if layers.kind(spec).cell == "pool")


def pool_window(net, x, layer, map_index, row, col, outputs=None):
    """The window a pooling cell takes the max (or the mean) of, as a PoolCell: its cells on
    the map below ("same" padding's cells left out: they never win, and Keras's mean skips
    them). A global pool has one cell per map, (0, 0), whose window is the whole map."""
    if layer not in pool_layers(net):
        pools = ", ".join(pool_layers(net)) or "its pooling layers"
        raise ValueError(f"{layer!r} is not a pooling layer: pool_window explains {pools}.")
    check_cell(net, layer, row, col, map_index)
    outputs = _outputs(net, x, outputs)
    spec, source = net.layer(layer), net.below(layer)
    found = layers.kind(spec)
    top, left, bottom, right = found.box(spec, outputs[source].shape, (row, col, row, col))
    window = np.asarray(outputs[source][top : bottom + 1, left : right + 1, map_index], dtype=np.float64)
    argmax = tuple(int(i) for i in np.unravel_index(np.argmax(window), window.shape))
    value = float(REDUCE[found.reduce](window))
    return PoolCell(layer, map_index, row, col, source, top, left, window, argmax, value, found.reduce)


@dataclass(frozen=True)
class DenseContributions:
    """How the flattened maps (the shipped network's 1,024 conv3 values) make one class score.

    The shipped network's two dense layers are logit = W2 . relu(W1 . flat + b1) + b2. Once
    the picture has decided which of the 64 hidden units are on (ReLU passes them) and which
    are off (ReLU gives 0), the score is linear in the inputs:

        logit = sum_i flat[i] * weight[i]  +  bias_term,
        weight[i] = sum over the units that are on of W1[i, unit] * W2[unit, class],
        bias_term = sum over the units that are on of b1[unit] * W2[unit, class] + b2[class].

    So contributions[i] = flat[i] * weight[i] is exactly what input i adds to this score
    for this picture, and the contributions plus bias_term give the logit. weight is the
    score's gradient with respect to flat, which is how any stack of dense and ReLU layers
    after the flatten gets it. Input i is the map i % maps at row (i // maps) // columns,
    column (i // maps) % columns of the maps before the flatten (Keras flattens rows, then
    columns, then channels); `by_position` and `by_map` add them up that way. After a global
    pooling layer instead of a flatten, input i is map i's pooled number (grid (1, 1, maps)).

    A leaky ReLU keeps this exact (its negative side passes at its slope). A curved activation
    between the flatten and the scores (sigmoid, tanh) makes weight the score's slope at this
    picture, not a fixed share: then `exact` is False and bias_term is the rest of the score.
    """

    class_index: int
    inputs: np.ndarray  # (n,) the maps before the flatten, flattened
    weights: np.ndarray  # (n,) the effective weight of each input for this class
    contributions: np.ndarray  # (n,) inputs * weights
    bias_term: float
    units_on: np.ndarray | None  # the first hidden layer's units ReLU lets through, if it has ReLU
    logit: float
    grid: tuple = (4, 4, 64)  # (rows, columns, maps) before the flatten
    exact: bool = True  # the contributions and bias_term take the score apart exactly

    def position(self, i):
        """(row, column, map) of flattened input i on the maps before the flatten."""
        r, c, m = np.unravel_index(int(i), self.grid)
        return int(r), int(c), int(m)

    @property
    def by_position(self):
        """(rows, columns): what each position adds, all its maps together."""
        return self.contributions.reshape(self.grid).sum(axis=2)

    @property
    def by_map(self):
        """(maps,): what each map adds, all its positions together."""
        return self.contributions.reshape(self.grid).sum(axis=(0, 1))

    def strongest(self, n=8):
        """The n inputs that push this score up most, then the n that pull it down most."""
        order = np.argsort(-self.contributions, kind="stable")
        up = [int(i) for i in order[:n] if self.contributions[i] > 0]
        down = [int(i) for i in order[::-1][:n] if self.contributions[i] < 0]
        return up, down


def _check_class(net, class_index):
    n = len(net.classes)
    if isinstance(class_index, bool) or not isinstance(class_index, (int, np.integer)) or not 0 <= class_index < n:
        raise ValueError(f"The class must be a whole number from 0 to {n - 1} (got {class_index!r}).")
    return int(class_index)


def flatten_layer(net):
    """The name of the layer that turns the maps into the one vector the dense layers read:
    the network's Flatten, or its global pooling layer (one number per map)."""
    found = [spec["name"] for spec in net.layers if layers.kind(spec).flattens]
    if not found:
        raise ValueError("The network has no layer that turns its maps into one list of numbers (a Flatten).")
    return found[-1]


def dense_contributions(net, x, class_index, outputs=None):
    """Weight x activation of each flattened input for one class score: DenseContributions.
    After a global pool, the inputs are the pooled numbers, one per map (grid (1, 1, maps))."""
    class_index = _check_class(net, class_index)
    outputs = _outputs(net, x, outputs)
    flat_name = flatten_layer(net)
    flat = np.asarray(outputs[flat_name], dtype=np.float64)
    one_hot = np.zeros(len(net.classes))
    one_hot[class_index] = 1.0
    weights = gradients.backward(net, outputs, one_hot, stop=flat_name)[flat_name]
    contributions = flat * weights
    after = net.layers[net.names.index(flat_name) :]  # the layers after the flatten
    hidden = after[0] if len(after) > 1 else None
    on = outputs[hidden["name"]] > 0 if hidden and hidden.get("activation") == "relu" else None
    bias_term = _bias_term(net, outputs, flat_name, class_index)
    exact = bias_term is not None
    if not exact:  # a curved activation on the way: the rest of the score is what the biases and its bends add
        bias_term = float(outputs["logits"][class_index]) - float(contributions.sum())
    logit = float(contributions.sum() + bias_term)
    # a Flatten's numbers are every cell of the maps below it; a global pool's, one per map
    pooled = layers.kind(net.layer(flat_name)).reduce is not None
    grid = (1, 1, flat.size) if pooled else net.shapes()[net.below(flat_name)]
    return DenseContributions(class_index, flat, weights, contributions, bias_term, on, logit, grid, exact)


def _bias_term(net, outputs, flat_name, class_index):
    """What the score would be with every flattened input 0 but the picture's ReLU pattern
    kept: the biases carried through the same layers, each ReLU letting through what it let
    through for the picture (for the shipped network: b1[on] . W2[on, class] + b2[class]); a
    leaky ReLU passes its negative side on at its slope. None when an activation on the way
    bends (sigmoid, tanh, softmax): then no pattern makes the score linear in the inputs."""
    z = np.zeros((1, outputs[flat_name].size))
    after = net.layers[net.names.index(flat_name) :]
    for layer in after:
        z = layers.linear(layer, net.weights.get(layer["name"]), z)
        if layer is not after[-1]:
            gate = layers.activation(layer).gate
            if gate is None:
                return None
            z = z * gate(outputs[layer["name"]], layers.slope(layer))
    return float(z[0, class_index])


# ---------------------------------------------------------------- why this class? (gradients)


def _check_picture(net, x):
    x = np.asarray(x, dtype=np.float32)
    if x.shape != tuple(net.input_shape):
        shape = tuple(net.input_shape)
        raise ValueError(f"The picture must be one array of shape {shape} with values 0-1, not {x.shape}.")
    return x


def gradient(net, x, class_index, wrt="input"):
    """The gradient of one class' logit with respect to the input picture ("input") or a
    layer's output (a layer name): how much a small change of each number would move that
    class' score. Same shape as what it is taken with respect to."""
    known = net.names[:-1]  # the last layer's own output is the scores: its gradient is one-hot
    if wrt not in known:
        raise ValueError(f"There is no layer called {wrt!r}: use 'input' or one of {', '.join(known[1:])}.")
    _, grads = gradients.class_gradients(net, _check_picture(net, x), _check_class(net, class_index))
    return grads[wrt]


def grad_cam_cells(net, x, class_index, layer=None):
    """Grad-CAM on a convolution layer's own grid (the last one unless named): ReLU(sum over
    maps k of alpha_k * map_k), where alpha_k is the mean gradient of the class' logit over
    map k's cells. Logits, not probabilities: softmax saturates, and its gradients vanish for
    a confident picture."""
    layer = layer or cam_layers(net)[-1]
    if layer not in cam_layers(net):
        known = ", ".join(cam_layers(net))
        raise ValueError(f"Grad-CAM here works on a convolution layer: {known} (got {layer!r}).")
    outputs, grads = gradients.class_gradients(net, _check_picture(net, x), _check_class(net, class_index))
    alpha = grads[layer].mean(axis=(0, 1))
    return np.maximum((outputs[layer] * alpha).sum(axis=2), 0.0)


def to_pixels(net, cells, layer):
    """A map on a layer's grid, spread over the picture without shifting it: each cell's
    value sits at the centre of its receptive field, and the pixels between centres are
    interpolated (bilinear; beyond the outermost centres the edge value holds)."""
    rows, cols = cells.shape
    height, width = net.input_shape[:2]
    centre_r = [sum(receptive_field(net, layer, r, 0)[::2]) / 2 for r in range(rows)]
    centre_c = [sum(receptive_field(net, layer, 0, c)[1::2]) / 2 for c in range(cols)]
    by_rows = np.stack([np.interp(np.arange(height), centre_r, cells[:, c]) for c in range(cols)], axis=1)
    return np.stack([np.interp(np.arange(width), centre_c, by_rows[r]) for r in range(height)])


def grad_cam(net, x, class_index, layer=None):
    """Grad-CAM (see grad_cam_cells) spread over the picture: (H, W), scaled to 0-1 by its
    largest value (all 0 when no part of the picture speaks for the class)."""
    layer = layer or cam_layers(net)[-1]
    heat = to_pixels(net, grad_cam_cells(net, x, class_index, layer), layer)
    top = heat.max()
    return heat / top if top > 0 else heat


def occlusion(net, x, class_index, patch=4, stride=2, fill=0.5):
    """How much the class' logit drops when a grey square (`patch` pixels, value `fill`)
    hides each part of the picture: (n, m) for the n x m positions the square takes at
    `stride`. Positive: hiding that part lowers the score."""
    return occlusion_all(net, x, patch, stride, fill)[:, :, _check_class(net, class_index)]


def occlusion_all(net, x, patch=4, stride=2, fill=0.5):
    """occlusion() for every class at once, (n, m, classes): the occluded copies go through the
    network in batches (as large as cnn_viz.cost's budget lets), which give all the logits anyway."""
    x = _check_picture(net, x)
    for what, value in (("patch", patch), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 16:
            raise ValueError(f"The {what} must be a whole number of pixels from 1 to 16 (got {value!r}).")
    n, m = ((side - patch) // stride + 1 for side in x.shape[:2])
    base = net.forward(x)["logits"].astype(np.float64)
    size = cost.of(net).pictures_per_batch()
    logits = [
        net.forward(_occluded(x, range(a, b), m, patch, stride, fill), keep=())["logits"]
        for a, b in cost.in_batches(n * m, size)
    ]
    return base - np.concatenate(logits).reshape(n, m, -1).astype(np.float64)


def _occluded(x, positions, m, patch, stride, fill):
    """Copies of x, each with the grey square at one of `positions` (numbered row by row over
    m columns): made a batch at a time, as many as the memory budget lets run together."""
    copies = np.repeat(x[None], len(positions), axis=0)
    for copy, position in zip(copies, positions):
        i, j = divmod(position, m)
        copy[i * stride : i * stride + patch, j * stride : j * stride + patch] = fill
    return copies


def occlusion_pixels(drops, patch, stride, size=(32, 32)):
    """Occlusion drops spread over a picture of `size` (rows, columns): each pixel gets the
    mean drop of the positions whose square covers it; NaN where no square reaches."""
    n, m = drops.shape[:2]
    total, count = np.zeros(size[:2]), np.zeros(size[:2])
    for i in range(n):
        for j in range(m):
            total[i * stride : i * stride + patch, j * stride : j * stride + patch] += drops[i, j]
            count[i * stride : i * stride + patch, j * stride : j * stride + patch] += 1
    with np.errstate(invalid="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def saliency(net, x, class_index):
    """The input gradient's size per pixel (largest of the three channels), scaled to 0-1."""
    heat = np.abs(gradient(net, x, class_index, "input")).max(axis=2)  # (H, W)
    top = heat.max()
    return heat / top if top > 0 else heat


@dataclass(frozen=True)
class Fooled:
    """The smallest sign-of-gradient step that changes the network's answer.

    step: in 0-255 units; each pixel channel moved by exactly +-step (or not at all where
    the gradient is 0, e.g. the blind border), then clipped to 0-255, so the changed picture
    is whole pixel values, as a saved file would be. None when no step up to max_step
    changes the answer."""

    step: int | None
    picture: np.ndarray | None  # (H, W, C) in 0-1, whole multiples of 1/255
    original_class: int
    new_class: int | None
    probabilities: np.ndarray | None  # the network's answer for the changed picture


def fgsm(net, x, class_index=None, max_step=32):
    """Fast gradient sign method, smallest step. Without class_index: lower the predicted
    class' logit by moving every pixel one step against its gradient's sign, until the
    answer changes. With a class_index other than the prediction: raise that class' logit
    (a step along its gradient's sign) until the network answers that class. Steps 1, 2,
    ... max_step (in 0-255 units) are all tried in one batch; the smallest that works wins."""
    x = np.round(_check_picture(net, x) * 255.0)  # whole pixel values, as the picture came
    outputs = net.forward(x / 255.0)
    predicted = int(np.argmax(outputs["logits"]))
    target = None if class_index is None or _check_class(net, class_index) == predicted else int(class_index)
    direction = 1.0 if target is not None else -1.0
    _, grads = gradients.class_gradients(net, x / 255.0, predicted if target is None else target, outputs)
    sign = direction * np.sign(grads["input"])
    steps = np.arange(1, max_step + 1)
    moved = np.clip(x[None] + steps[:, None, None, None] * sign[None], 0, 255) / 255.0
    probabilities = net.forward(moved.astype(np.float32), keep=())["probabilities"]
    answers = probabilities.argmax(axis=1)
    worked = np.nonzero(answers != predicted if target is None else answers == target)[0]
    if not len(worked):
        return Fooled(None, None, predicted, None, None)
    first = int(worked[0])
    return Fooled(
        int(steps[first]), moved[first].astype(np.float32), predicted, int(answers[first]), probabilities[first]
    )


def neighbours(net, x, k=6, space="network"):
    """The k shipped training pictures nearest to x: in the network's 64-number dense layer
    ("network") or by raw pixels ("pixels"). See cnn_viz.lookalikes."""
    return lookalikes.nearest(net, _check_picture(net, x), k, space)


# ---------------------------------------------------------------- can you trust an explanation?

BASELINES = ("black", "grey", "blur")  # where Integrated Gradients' path starts
CASCADE = ("logits", "dense", "conv3", "conv2", "conv1")  # the shipped network's, randomised from the top down


def cascade(net):
    """The layers with weights, from the top down: the order the randomisation check replaces
    them with noise."""
    return tuple(spec["name"] for spec in reversed(net.layers) if spec["name"] in net.weights)


def _check_whole(what, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
        raise ValueError(f"The {what} must be a whole number from {low} to {high} (got {value!r}).")
    return int(value)


def baseline(x, kind="black"):
    """The picture Integrated Gradients starts from: all black, all mid-grey, or the picture
    blurred by a 7 x 7 box (its colours kept, its shapes gone). x: (H, W, C) in 0-1."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 3:
        raise ValueError(f"The picture must be one array (H, W, C) with values 0-1, not {x.shape}.")
    if kind == "black":
        return np.zeros_like(x)
    if kind == "grey":
        return np.full_like(x, 0.5)
    if kind == "blur":
        padded = np.pad(x, ((3, 3), (3, 3), (0, 0)), mode="edge")
        height, width = x.shape[:2]
        rows = sum(padded[i : i + height] for i in range(7)) / 7
        return (sum(rows[:, j : j + width] for j in range(7)) / 7).astype(np.float32)
    raise ValueError(f"The baseline must be one of {', '.join(BASELINES)} (got {kind!r}).")


def _input_gradients(net, batch, class_index):
    """d logit / d input for every picture of a batch (N, H, W, C): one backward pass per piece
    of the batch that fits cnn_viz.cost's budget (every layer's output is kept for it)."""
    size = cost.of(net).pictures_per_batch(gradients=True)
    parts = [
        gradients.class_gradients(net, batch[a:b], class_index)[1]["input"]
        for a, b in cost.in_batches(len(batch), size)
    ]
    return np.concatenate(parts)


def integrated_gradients(net, x, class_index, baseline="black", steps=64):
    """Integrated Gradients (Sundararajan et al., 2017): (x - b) times the average input
    gradient along the straight path from the baseline b to x, the average taken at the
    midpoints of `steps` equal pieces (a Riemann sum). (H, W, C). Completeness: the
    attributions add up to logit(x) - logit(b), more closely as steps grow."""
    x, k = _check_picture(net, x), _check_class(net, class_index)
    steps = _check_whole("number of steps", steps, 1, 512)
    start = globals()["baseline"](x, baseline) if isinstance(baseline, str) else _check_picture(net, baseline)
    alphas = ((np.arange(steps) + 0.5) / steps).astype(np.float32)
    path = start[None] + alphas[:, None, None, None] * (x - start)[None]
    return (x - start) * _input_gradients(net, path, k).mean(axis=0)


def smoothgrad(net, x, class_index, samples=25, noise=0.15, seed=0):
    """SmoothGrad (Smilkov et al., 2017): the input gradient averaged over `samples` noisy
    copies of x, the noise Gaussian with a standard deviation of `noise` times the picture's
    value range (rng = numpy.random.default_rng(seed); copies = x + rng.normal(0, sigma,
    (samples, H, W, C)), not clipped). (H, W, C)."""
    x, k = _check_picture(net, x), _check_class(net, class_index)
    samples = _check_whole("number of samples", samples, 1, 256)
    if not 0 <= noise <= 1:
        raise ValueError(f"The noise level must be between 0 and 1 of the picture's range (got {noise!r}).")
    sigma = noise * float(x.max() - x.min())
    copies = x[None] + np.random.default_rng(seed).normal(0, sigma, (samples, *x.shape)).astype(np.float32)
    return _input_gradients(net, copies, k).mean(axis=0)


def pixel_heat(attributions):
    """An (H, W, C) attribution as one number per pixel: the sum over the channels
    (Integrated Gradients' sums add up to the logit's change), or an (H, W) map as it is."""
    a = np.asarray(attributions, dtype=np.float64)
    return a.sum(axis=2) if a.ndim == 3 else a


def _order(heat, size):
    """Pixels from the most to the least important by `heat` (NaN last; ties in reading order)."""
    heat = np.asarray(heat, dtype=np.float64)
    if heat.shape != tuple(size):
        raise ValueError(f"The map must be one number per pixel, {tuple(size)}, not {heat.shape}.")
    return np.argsort(-np.nan_to_num(heat, nan=-np.inf).ravel(), kind="stable")


def _curve(net, x, class_index, heat, steps, fill, inserting):
    x, k = _check_picture(net, x), _check_class(net, class_index)
    steps = _check_whole("number of steps", steps, 1, 1024)
    if not 0 <= fill <= 1:
        raise ValueError(f"The fill value must be between 0 and 1 (got {fill!r}).")
    order = _order(heat, x.shape[:2])
    channels = x.shape[2]
    fractions = np.linspace(0, 1, steps + 1)
    counts = np.round(fractions * order.size).astype(int)
    start = np.full_like(x, fill) if inserting else x
    end = x if inserting else np.full_like(x, fill)
    batch = np.repeat(start[None], len(counts), axis=0).reshape(len(counts), -1, channels)
    for i, n in enumerate(counts):
        batch[i, order[:n]] = end.reshape(-1, channels)[order[:n]]
    probabilities = net.forward(batch.reshape(-1, *x.shape), keep=())["probabilities"][:, k].astype(np.float64)
    return fractions, probabilities


def deletion_curve(net, x, class_index, heat, steps=32, fill=0.5):
    """The class' probability as the pixels `heat` ranks most important are greyed out first
    (`fill`, every channel): (fractions 0..1 of the pixels removed, probabilities). A
    faithful map makes it fall fast: a small area under the curve."""
    return _curve(net, x, class_index, heat, steps, fill, inserting=False)


def insertion_curve(net, x, class_index, heat, steps=32, fill=0.5):
    """The reverse: from a grey picture, the most important pixels put back first. A faithful
    map makes the probability rise fast: a large area under the curve."""
    return _curve(net, x, class_index, heat, steps, fill, inserting=True)


def auc(fractions, values):
    """The area under a curve (the trapezoid rule): 0 to 1 for a probability over 0..1."""
    f, v = np.asarray(fractions, dtype=np.float64), np.asarray(values, dtype=np.float64)
    return float(((v[1:] + v[:-1]) / 2 * np.diff(f)).sum())


def randomised(net, layers, seed=0):
    """A copy of the network whose named layers' weights and biases are replaced by noise
    (Gaussian, with each tensor's own mean and spread, so signals keep their size); the
    original is untouched. The cascading check (Adebayo et al., 2018) randomises
    cascade(net)[:n], from the top down: a map that stays the same explains the picture, not
    the model."""
    layers = tuple(layers)
    unknown = [name for name in layers if name not in net.weights]
    if unknown:
        raise ValueError(
            f"The network has no weights called {', '.join(map(repr, unknown))}: use {', '.join(cascade(net))}."
        )
    rng = np.random.default_rng(seed)
    weights = dict(net.weights)
    for name in layers:
        weights[name] = tuple(rng.normal(t.mean(), t.std() or 1e-3, t.shape).astype(t.dtype) for t in net.weights[name])
    return dataclasses.replace(net, weights=weights)


def rank_correlation(a, b):
    """Spearman's rank correlation of two maps (ties get their average rank): 1 for the same
    order, about 0 for unrelated ones."""
    ra, rb = _ranks(a), _ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def _ranks(values):
    values = np.nan_to_num(np.asarray(values, dtype=np.float64).ravel(), nan=-np.inf)
    unique, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    return (np.cumsum(counts) - (counts - 1) / 2)[inverse]
