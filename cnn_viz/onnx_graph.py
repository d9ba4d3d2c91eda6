"""An ONNX graph as the layer specs the numpy engine runs (cnn_viz.layers): `chain(proto, tensors)`.

The graph must be one chain: one picture in (N x C x H x W, C 1 or 3), each node reading the
output of the one before it (its other inputs constants), one output of class scores. A
branch (a residual Add, a second input), a loop or an operator not in OPS is refused in one
sentence that names the node. Each node's attributes are checked for the values ONNX allows.

ONNX lays maps out as NCHW, the engine as NHWC: a convolution's kernel (F, C/groups, kh, kw)
becomes (kh, kw, C/groups, F), and the first dense layer after a flatten has its rows put in
the engine's order, for PyTorch flattens a map's channels first (C, H, W) and the engine its
rows first (H, W, C). BatchNormalization folds into the convolution or dense layer before it
(the layer table says so), or stays a per-channel scale; an activation joins the layer before
it. Explicit pads are the engine's explicit padding (zeros for a convolution, ignored by max
pooling); ceil_mode adds the windows PyTorch adds; average pooling that counts its padding
(count_include_pad, PyTorch's default) is a zero padding layer before it.

Weights are not read here: each layer's are a function (`Graph.weights`) that cnn_viz.onnx_file
calls once the cost of the whole network is known to fit.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from . import layers
from .keras_config import CHANNELS, MAX_CLASSES, MAX_LAYERS, SIDES
from .keras_settings import MAX_WHOLE
from .model_checks import RESERVED, ModelFileError, safe_name, shown, takes_activation, takes_scale, unique_name

# How a numbered module of an nn.Sequential is named on the pages: conv0, fc11, bn1, pool2...
WORDS = {"Conv": "conv", "Gemm": "fc", "MatMul": "fc", "BatchNormalization": "bn", "MaxPool": "pool",
         "AveragePool": "pool", "GlobalAveragePool": "pool", "GlobalMaxPool": "pool", "ReduceMean": "pool",
         "ReduceMax": "pool", "Flatten": "flatten", "Reshape": "flatten", "Pad": "pad"}  # fmt: skip
OPSETS = (7, 23)  # the default domain's versions read: Conv and pooling as they are since opset 7
DEFAULT_DOMAINS = ("", "ai.onnx")


@dataclass
class Graph:
    """What the chain of nodes runs as: the input's (H, W, C), the specs, {layer name: a
    function giving its weights}, and the number of classes."""

    input_shape: tuple
    specs: list = field(default_factory=list)
    weights: dict = field(default_factory=dict)
    classes: int = 0


def chain(proto, tensors):
    """The Graph of an ONNX ModelProto whose nodes form one chain, or ModelFileError."""
    _check_opset(proto)
    graph = proto.graph
    start, shape = _input(graph, tensors)
    end = _output(graph)
    nodes = [node for node in graph.node if node.op_type != "Constant" and not tensors.is_alias(node)]
    if len(nodes) > MAX_LAYERS:
        raise ModelFileError("own.too_many_layers", n=f"{len(nodes):,}", limit=MAX_LAYERS)
    readers = defaultdict(list)
    for node in nodes:
        for name in node.input:
            if name and name not in tensors:
                readers[name].append(node)
    built, current, walked = _Builder(shape, tensors), start, 0
    while current != end:
        found = readers.get(current, [])
        if len(found) != 1:  # read twice (a branch), or by nothing before the output
            raise ModelFileError("own.onnx_branch", node=_node_name(found[1] if found else nodes[-1]))
        node = found[0]
        _check_node(node, current, readers, tensors, end)
        built.add(node, last=node.output[0] == end)
        current, walked = node.output[0], walked + 1
    if walked != len(nodes):  # a node off the chain: it feeds nothing the output reads
        visited = {id(node) for node in _walked(readers, start, end)}
        raise ModelFileError("own.onnx_branch", node=_node_name(next(n for n in nodes if id(n) not in visited)))
    return built.finish()


def _walked(readers, start, end):
    current = start
    while current != end and len(readers.get(current, [])) == 1:
        node = readers[current][0]
        yield node
        current = node.output[0]


def _check_opset(proto):
    versions = [entry.version for entry in proto.opset_import if entry.domain in DEFAULT_DOMAINS]
    version = versions[0] if versions else 1
    if not OPSETS[0] <= version <= OPSETS[1]:
        raise ModelFileError("own.onnx_opset", v=version, low=OPSETS[0], high=OPSETS[1])


def _input(graph, tensors):
    """(the input's name, (H, W, C)): one float picture N x C x H x W within the engine's sides."""
    inputs = [value for value in graph.input if value.name not in tensors]
    dims = _dims(inputs[0]) if len(inputs) == 1 else None
    if dims is None or len(dims) != 4:
        shape = " and ".join(" x ".join(map(str, _dims(v) or ["?"])) for v in inputs) or "none"
        raise ModelFileError("own.onnx_input", shape=safe_name(shape, 60))
    _, c, h, w = dims
    if not (SIDES[0] <= h <= SIDES[1] and SIDES[0] <= w <= SIDES[1] and c in CHANNELS):
        raise ModelFileError("own.onnx_input", shape=f"N x {c} x {h} x {w}")
    return inputs[0].name, (h, w, c)


def _dims(value):
    """A value's dimensions, the batch's any (a name, 0 or 1), the others' numbers; None when
    it is not a float tensor of known size."""
    kind = value.type.tensor_type
    if not value.type.HasField("tensor_type") or kind.elem_type != 1:
        return None
    dims = [d.dim_value if d.HasField("dim_value") else "N" for d in kind.shape.dim]
    if not dims or any(not isinstance(d, int) or d < 1 for d in dims[1:]):
        return None
    return ["N", *dims[1:]]


def _output(graph):
    if len(graph.output) != 1:
        raise ModelFileError("own.onnx_branch", node=safe_name(graph.output[1].name if graph.output else "?"))
    return graph.output[0].name


def _node_name(node):
    """The node as a sentence names it: "/odd/Transpose (Transpose)" (plain text: the marks of
    a name, slashes and colons included, and no more)."""
    return re.sub(r"[^\w .,()+/:-]", "", f"{node.name or node.output[0]} ({node.op_type})")[-80:].strip() or "?"


def _check_node(node, current, readers, tensors, end):
    """The node reads `current` first, constants (or nothing) otherwise, and nothing reads its
    other outputs (a Dropout's mask, a MaxPool's indices); an operator of the default domain."""
    if node.domain not in DEFAULT_DOMAINS or node.op_type not in OPS:
        raise ModelFileError("own.onnx_op", node=_node_name(node), ops=", ".join(OPS))
    if not node.input or node.input[0] != current:
        raise ModelFileError("own.onnx_branch", node=_node_name(node))
    computed = [i for i in node.input[1:] if i and i not in tensors]
    if computed and computed[0] not in readers.get(current, ()) and not _reads(readers, current, computed[0]):
        raise ModelFileError("own.onnx_computed", node=_node_name(node))  # shape arithmetic, not a branch
    if computed:
        raise ModelFileError("own.onnx_branch", node=_node_name(node))
    if any(name and (readers.get(name) or name == end) for name in node.output[1:]):
        raise ModelFileError("own.onnx_branch", node=_node_name(node))


def _reads(readers, start, name):
    """Whether the tensor `name` is computed from `start` (a branch), as far as the readers
    say: walked breadth first, bounded by the graph's size."""
    seen, todo = {start}, [start]
    while todo:
        for node in readers.get(todo.pop(), ()):
            for out in node.output:
                if out == name:
                    return True
                if out not in seen:
                    seen.add(out)
                    todo.append(out)
    return False


# ------------------------------------------------------------------------------ the builder


class _Builder:
    """Specs made node by node, the shape (engine's layout) followed through them."""

    def __init__(self, shape, tensors):
        self.shape, self.tensors = shape, tensors
        self.graph = Graph(shape)
        self.taken = set(RESERVED)
        self.flattened = None  # (H, W, C) of the maps a flatten laid out channels first, until a dense reads them

    def add(self, node, last):
        attrs = _attributes(node)
        OPS[node.op_type](self, node, attrs, last)

    def finish(self):
        if not self.graph.specs:
            raise ModelFileError("own.no_layers")
        if len(self.shape) != 1:
            raise ModelFileError("own.no_classes")
        n = self.shape[0]
        if n < 2:
            raise ModelFileError("own.one_class")
        if n > MAX_CLASSES:
            raise ModelFileError("own.too_many_classes", n=f"{n:,}", limit=f"{MAX_CLASSES:,}")
        self.graph.classes = n
        return self.graph

    # -------------------------------------------------------------- helpers for the ops

    def name(self, node, weight=None):
        """The layer's name: PyTorch's module name where the file has it (conv1.weight gives
        conv1, the dynamo exporter's name scopes pool1, the node /pool/MaxPool pool), else
        the node's."""
        found = re.fullmatch(r"(.+)\.weight", weight or "")
        scopes = _name_scopes(node)
        if found:
            text = found.group(1)
        elif scopes:
            text = scopes
        else:
            parts = [part for part in node.name.split("/") if part]
            text = (parts[-2] if len(parts) > 1 else parts[0]) if parts else node.op_type.lower()
            text = text.removeprefix("node_")
        # An nn.Sequential's modules are numbered: "0" reads as a number on every page, "conv0" as a layer
        text = re.sub(
            r"(^|\.)(\d+)$", lambda m: f"{m.group(1)}{WORDS.get(node.op_type, node.op_type.lower())}{m.group(2)}", text
        )
        return unique_name(safe_name(text), node.op_type, self.taken)

    def push(self, spec, weights=None):
        try:
            self.shape = layers.output_shape(spec, self.shape)
        except ValueError:
            raise ModelFileError("own.too_small", layer=spec["name"]) from None
        self.graph.specs.append(spec)
        if weights is not None:
            self.graph.weights[spec["name"]] = weights

    @property
    def before(self):
        return self.graph.specs[-1] if self.graph.specs else None

    def maps(self, node):
        if len(self.shape) != 3:
            raise ModelFileError("own.onnx_needs_maps", node=_node_name(node))
        return self.shape

    def constant(self, node, i, shape=None):
        """Input i of the node: a constant's name, its shape checked against `shape` when given."""
        name = node.input[i] if len(node.input) > i else ""
        if not name or (shape is not None and self.tensors.shape(name) != tuple(shape)):
            raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
        return name

    def array(self, name):
        return self.tensors.array(name)


def _name_scopes(node):
    """The PyTorch module a dynamo exporter's node comes from ("['', 'pool1', 'max_pool2d']"
    in its metadata gives pool1), or "" for a node of no module of its own."""
    for entry in node.metadata_props:
        if entry.key == "pkg.torch.onnx.name_scopes" and len(entry.value) < 1000:
            scopes = re.findall(r"'([^']*)'", entry.value)
            return ".".join(scope for scope in scopes[1:-1] if scope)
    return ""


def _attributes(node):
    import onnx

    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _ints(node, attrs, key, default, low=1):
    value = attrs.get(key, default)
    value = list(value) if isinstance(value, (list, tuple)) else value
    if not isinstance(value, list) or not all(isinstance(v, int) and low <= v <= MAX_WHOLE for v in value):
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting=key, value=shown(value))
    return value


def _pair(node, attrs, key, default, low=1):
    value = _ints(node, attrs, key, default, low)
    if len(value) != 2:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting=key, value=shown(value))
    return tuple(value)


def _padding(node, attrs, shape, span, strides):
    """((top, bottom), (left, right)) the node pads its input with: its pads, or auto_pad's."""
    auto = attrs.get("auto_pad", b"NOTSET")
    auto = auto.decode() if isinstance(auto, bytes) else str(auto)
    if auto == "VALID":
        return (0, 0), (0, 0)
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        found = []
        for n, k, s in zip(shape[:2], span, strides):
            out = -(-n // s)
            total = max((out - 1) * s + k - n, 0)
            small, large = total // 2, total - total // 2
            found.append((small, large) if auto == "SAME_UPPER" else (large, small))
        return tuple(found)
    if auto != "NOTSET":
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="auto_pad", value=shown(auto))
    pads = _ints(node, attrs, "pads", [0, 0, 0, 0], low=0)
    if len(pads) != 4:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="pads", value=shown(pads))
    return (pads[0], pads[2]), (pads[1], pads[3])


def _engine_padding(pads):
    return "valid" if pads == ((0, 0), (0, 0)) else pads


# ------------------------------------------------------------------------------ the operators


def _conv(b, node, attrs, last):
    h, w, c = b.maps(node)
    weight = b.constant(node, 1)
    dims = b.tensors.shape(weight)
    groups = attrs.get("group", 1)
    if not isinstance(groups, int) or not 1 <= groups <= MAX_WHOLE:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="group", value=shown(groups))
    if len(dims) != 4 or c % groups or dims[0] % groups or dims[1] * groups != c:
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    filters, size = dims[0], tuple(dims[2:])
    if _pair(node, attrs, "kernel_shape", list(size)) != size:
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    strides, dilation = _pair(node, attrs, "strides", [1, 1]), _pair(node, attrs, "dilations", [1, 1])
    span = ((size[0] - 1) * dilation[0] + 1, (size[1] - 1) * dilation[1] + 1)
    padding = _engine_padding(_padding(node, attrs, (h, w), span, strides))
    bias = b.constant(node, 2, (filters,)) if len(node.input) > 2 and node.input[2] else None
    name = b.name(node, weight)
    spec = dict(name=name, kind="conv", filters=filters, size=size, strides=strides, padding=padding)
    spec |= dict(dilation=dilation, groups=groups, activation=None, ends_at=node.output[0])
    if bias is None:
        spec["no_bias"] = True

    def weights():
        kernel = b.array(weight).transpose(2, 3, 1, 0)  # (F, C/g, kh, kw) -> (kh, kw, C/g, F)
        return np.ascontiguousarray(kernel), b.array(bias) if bias else np.zeros(filters, np.float32)

    b.push(spec, weights)


def _pool(kind):
    def pool(b, node, attrs, last):
        h, w, _ = b.maps(node)
        size = _pair(node, attrs, "kernel_shape", None)
        strides, dilation = _pair(node, attrs, "strides", [1, 1]), _pair(node, attrs, "dilations", [1, 1])
        span = ((size[0] - 1) * dilation[0] + 1, (size[1] - 1) * dilation[1] + 1)
        pads = _padding(node, attrs, (h, w), span, strides)
        extra = _ceil_extra(pads, (h, w), span, strides) if attrs.get("ceil_mode", 0) else (0, 0)
        name = b.name(node)
        if kind == "avgpool" and attrs.get("count_include_pad", 0) and pads != ((0, 0), (0, 0)):
            # the padding's zeros count in each mean: a zero padding layer, then the pooling
            b.push(dict(name=unique_name(f"{name}_pad", "Pad", b.taken), kind="zeropad", pads=pads, counted_by=name))
            pads = ((0, 0), (0, 0))
        padding = _engine_padding(((pads[0][0], pads[0][1] + extra[0]), (pads[1][0], pads[1][1] + extra[1])))
        spec = dict(name=name, kind=kind, size=size, strides=strides, padding=padding, ends_at=node.output[0])
        if dilation != (1, 1):
            spec["dilation"] = dilation
        b.push(spec)

    return pool


def _ceil_extra(pads, shape, span, strides):
    """The rows and columns ceil_mode adds after the padding: one more window where a part of
    the input is left, but none that would start in the padding after it (PyTorch's rule)."""
    extra = []
    for n, (before, after), k, s in zip(shape, pads, span, strides):
        padded = n + before + after
        out = -(-(padded - k) // s) + 1
        if (out - 1) * s >= n + before:
            out -= 1
        extra.append(max((out - 1) * s + k - padded, 0))
    return tuple(extra)


def _global(kind):
    def pool(b, node, attrs, last):
        b.maps(node)
        b.push(dict(name=b.name(node), kind=kind, ends_at=node.output[0]))

    return pool


def _reduce(kind):
    """ReduceMean / ReduceMax over every cell of each map (the dynamo exporter's
    AdaptiveAvgPool2d(1), x.mean((2, 3))): a global pooling."""

    def pool(b, node, attrs, last):
        b.maps(node)
        axes = attrs.get("axes")
        if len(node.input) > 1 and node.input[1]:  # opset 18: the axes are an input
            axes = [int(a) for a in b.array(b.constant(node, 1)).ravel()]
        if axes is None or sorted(a % 4 for a in axes) != [2, 3]:
            raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="axes", value=shown(axes))
        b.push(dict(name=b.name(node), kind=kind, ends_at=node.output[0]))

    return pool


def _pad(b, node, attrs, last):
    """A constant Pad of zeros around each map (PyTorch's ZeroPad2d): a zero padding layer."""
    b.maps(node)
    pads = attrs.get("pads")
    if len(node.input) > 1 and node.input[1]:  # opset 11: the pads are an input
        pads = [int(v) for v in b.array(b.constant(node, 1)).ravel()]
    value = float(b.array(b.constant(node, 2)).ravel()[0]) if len(node.input) > 2 and node.input[2] else 0.0
    mode = attrs.get("mode", b"constant")
    mode = mode.decode() if isinstance(mode, bytes) else str(mode)
    fits = isinstance(pads, list) and len(pads) == 8 and all(0 <= p <= MAX_WHOLE for p in pads)
    if not fits or mode != "constant" or value != 0 or pads[0] or pads[1] or pads[4] or pads[5]:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="pads", value=shown(pads))
    b.push(
        dict(name=b.name(node), kind="zeropad", pads=((pads[2], pads[6]), (pads[3], pads[7])), ends_at=node.output[0])
    )


def _flatten(b, node, attrs, last):
    if attrs.get("axis", 1) != 1:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="axis", value=shown(attrs["axis"]))
    _to_vector(b, node)


def _reshape(b, node, attrs, last):
    """A Reshape to (batch, every number) is a flatten (PyTorch's x.view(x.size(0), -1))."""
    target = [int(v) for v in b.array(b.constant(node, 1)).ravel()]
    n = math.prod(b.shape)
    if len(target) != 2 or target[0] not in (-1, 0, 1) or target[1] not in (n, -1) or target == [-1, -1]:
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="shape", value=shown(target))
    _to_vector(b, node)


def _to_vector(b, node):
    """Maps laid out as one vector; a vector (after global pooling) stays as it is."""
    if len(b.shape) == 3:
        if b.shape[0] * b.shape[1] > 1 and b.shape[2] > 1:
            b.flattened = b.shape
        b.push(dict(name=b.name(node), kind="flatten", ends_at=node.output[0]))
    elif b.before is not None:
        b.before["ends_at"] = node.output[0]


def _dense(b, node, kernel_name, transposed, alpha=1.0, bias_name=None, beta=1.0):
    if len(b.shape) != 1:
        raise ModelFileError("own.dense_needs_flatten", layer=_node_name(node))
    dims = b.tensors.shape(kernel_name)
    if len(dims) != 2:
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    inputs, units = dims[::-1] if transposed else dims
    if inputs != b.shape[0]:
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    if bias_name and math.prod(b.tensors.shape(bias_name)) not in (1, units):
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    flattened, b.flattened = b.flattened, None
    spec = dict(name=b.name(node, kernel_name), kind="dense", units=units, activation=None, ends_at=node.output[0])
    if bias_name is None:
        spec["no_bias"] = True

    def weights():
        kernel = b.array(kernel_name)
        kernel = (kernel.T if transposed else kernel) * np.float32(alpha)
        if flattened is not None:  # rows in PyTorch's (C, H, W) order -> the engine's (H, W, C)
            h, w, c = flattened
            kernel = kernel.reshape(c, h, w, units).transpose(1, 2, 0, 3).reshape(h * w * c, units)
        bias = np.zeros(units, np.float32)
        if bias_name:
            bias = bias + b.array(bias_name).ravel() * np.float32(beta)
        return np.ascontiguousarray(kernel, np.float32), bias.astype(np.float32)

    b.push(spec, weights)


def _gemm(b, node, attrs, last):
    if attrs.get("transA", 0):
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="transA", value="1")
    bias = b.constant(node, 2) if len(node.input) > 2 and node.input[2] else None
    alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
    _dense(b, node, b.constant(node, 1), bool(attrs.get("transB", 0)), alpha, bias, beta)


def _matmul(b, node, attrs, last):
    _dense(b, node, b.constant(node, 1), False)


def _add(b, node, attrs, last):
    """A constant added to a convolution's or dense layer's output before its activation: its bias."""
    before, other = b.before, b.constant(node, 1)
    if before is None or before["kind"] not in ("conv", "dense") or before.get("activation"):
        raise ModelFileError("own.onnx_op", node=_node_name(node), ops=", ".join(OPS))
    units = before.get("filters", before.get("units"))
    found = b.tensors.shape(other)
    if math.prod(found) not in (1, units) or (len(found) >= 3 and found[-2:] != (1, 1)):
        raise ModelFileError("own.weights_mismatch", layer=_node_name(node))
    make = b.graph.weights[before["name"]]

    def weights():
        kernel, bias = make()
        return kernel, (bias + b.array(other).ravel()).astype(np.float32)

    b.graph.weights[before["name"]] = weights
    before.pop("no_bias", None)
    before["ends_at"] = node.output[0]


def _batchnorm(b, node, attrs, last):
    if attrs.get("training_mode", 0):
        raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="training_mode", value="1")
    channels = b.shape[-1]
    parts = [b.constant(node, i, (channels,)) for i in range(1, 5)]  # scale, shift, mean, variance
    epsilon = float(attrs.get("epsilon", 1e-5))
    name = b.name(node, parts[0])

    def scale_shift():
        gamma, beta, mean, variance = (b.array(p).astype(np.float64) for p in parts)
        if (variance < 0).any():
            raise ModelFileError("own.negative_variance", layer=name)
        scale = gamma / np.sqrt(variance + epsilon)
        return scale, beta - mean * scale

    before = b.before
    if takes_scale(before):
        make = b.graph.weights[before["name"]]

        def folded():
            (kernel, bias), (scale, shift) = make(), scale_shift()
            return (kernel * scale).astype(np.float32), (bias * scale + shift).astype(np.float32)

        b.graph.weights[before["name"]] = folded
        before["folded"] = name
        before["ends_at"] = node.output[0]
        before.pop("no_bias", None)
        return
    b.push(
        dict(name=name, kind="scale", ends_at=node.output[0]),
        lambda: tuple(a.astype(np.float32) for a in scale_shift()),
    )


def _activation(activation):
    def act(b, node, attrs, last):
        spec = dict(activation=activation, ends_at=node.output[0])
        if activation == "leaky_relu":
            spec["negative_slope"] = float(attrs.get("alpha", 0.01))
        if activation == "clip":
            spec["activation"] = _clip(b, node, attrs)
        if activation == "softmax":
            _check_softmax(b, node, attrs, last)
        if takes_activation(b.before):
            b.before.update(spec)
        else:
            b.push(dict(name=b.name(node), kind="activation", **spec))

    return act


def _clip(b, node, attrs):
    """Clip(0, 6) is ReLU6 and Clip(0) a ReLU; any other range is not an activation the engine has."""
    low, high = attrs.get("min"), attrs.get("max")  # opset 6's attributes; inputs since opset 11
    if len(node.input) > 1 and node.input[1]:
        low = float(b.array(b.constant(node, 1)).ravel()[0])
    if len(node.input) > 2 and node.input[2]:
        high = float(b.array(b.constant(node, 2)).ravel()[0])
    if low == 0 and high == 6:
        return "relu6"
    if low == 0 and (high is None or high == math.inf):
        return "relu"
    raise ModelFileError("own.bad_setting", layer=_node_name(node), setting="min, max", value=shown([low, high]))


def _check_softmax(b, node, attrs, last):
    """A softmax (or a log-softmax, whose exponent the pages show) turns the class scores into
    probabilities: the last node, over the classes."""
    if not last or len(b.shape) != 1 or attrs.get("axis", -1) not in (-1, 1):
        raise ModelFileError("own.onnx_branch", node=_node_name(node))


def _nothing(b, node, attrs, last):
    """Dropout and Identity do nothing when the model predicts."""
    if b.before is not None:
        b.before["ends_at"] = node.output[0]


OPS = {
    "Conv": _conv,
    "Relu": _activation("relu"),
    "LeakyRelu": _activation("leaky_relu"),
    "Sigmoid": _activation("sigmoid"),
    "Tanh": _activation("tanh"),
    "Clip": _activation("clip"),
    "MaxPool": _pool("maxpool"),
    "AveragePool": _pool("avgpool"),
    "GlobalAveragePool": _global("globalavg"),
    "GlobalMaxPool": _global("globalmax"),
    "ReduceMean": _reduce("globalavg"),
    "ReduceMax": _reduce("globalmax"),
    "Pad": _pad,
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Gemm": _gemm,
    "MatMul": _matmul,
    "Add": _add,
    "BatchNormalization": _batchnorm,
    "Dropout": _nothing,
    "Identity": _nothing,
    "Softmax": _activation("softmax"),
    "LogSoftmax": _activation("softmax"),
}
