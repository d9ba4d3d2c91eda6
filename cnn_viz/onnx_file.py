"""A visitor's own ONNX model (PyTorch's torch.onnx.export, or any exporter), opened as data:
never run, and with neither PyTorch nor onnxruntime on the server.

`read(data)` checks the file's bounds before anything is made of it, parses the protobuf with
the `onnx` package (the format's own library), has cnn_viz.onnx_graph turn its one chain of
nodes into the plain specs the numpy engine runs (NCHW becoming the engine's NHWC), then reads
the weights and builds a `model.Network`, run by the same engine as the shipped network, so
every model page works on it; its numbers equal onnxruntime's (tests/test_onnx_file.py).

Bounds, all known before a weight is read: the file at most MAX_FILE_BYTES; a walk of the
protobuf's wire format (`_scan`) that counts its messages, strings and numbers and how deeply
they nest, so that 20 MB of tiny nested messages (a "protobuf bomb": gigabytes of objects
once parsed) is refused while it is still bytes; at most MAX_PARAMETERS numbers in all its
initializers; the cost of explaining one picture (cnn_viz.cost), from the specs. A tensor kept
in another file (ONNX's external data: reading it would open a file on the server) is refused,
and every weight must be finite. What fails is one sentence (ModelFileError), never an
exception of ours.
"""

import math

import numpy as np

from . import onnx_graph
from .model_checks import MAX_PARAMETERS, ModelFileError, check_cost, check_size, network, read_safely, safe_name

MAX_ITEMS = 200_000  # messages, strings and loose numbers: a 200-layer chain has about 5,000
MAX_NUMBERS = 2 * MAX_PARAMETERS  # numbers in packed arrays (weights not kept as raw bytes)
MAX_DEPTH = 10  # model > graph > node > attribute > tensor > entry is 6; a value's shape 8

# ONNX's TensorProto data types that hold the numbers a small CNN needs, as numpy reads them.
DTYPES = {1: np.float32, 10: np.float16, 11: np.float64, 6: np.int32, 7: np.int64}


def read(data, name="model"):
    """A model.Network from an .onnx file's bytes, or ModelFileError."""
    return read_safely(_read, data, name, "own.not_onnx")


def _read(data, name):
    check_size(data)
    _scan(bytes(data))
    proto = _parse(data)
    graph = onnx_graph.chain(proto, Tensors(proto.graph))
    check_cost(graph.input_shape, graph.specs)
    weights = {name: make() for name, make in graph.weights.items()}  # every array is read here
    made_by = f"{safe_name(proto.producer_name or 'ONNX')} {safe_name(proto.producer_version, 20)}".strip()
    return network(data, name, graph.input_shape, graph.specs, weights, _classes(proto, graph.classes), made_by=made_by)


def _parse(data):
    import onnx
    from google.protobuf.message import DecodeError

    proto = onnx.ModelProto()
    try:
        proto.ParseFromString(bytes(data))
    except (DecodeError, ValueError, RuntimeError) as error:
        raise ModelFileError("own.not_onnx") from error
    if not proto.HasField("graph") or not proto.ir_version:
        raise ModelFileError("own.not_onnx")
    return proto


# ------------------------------------------------------------------ the wire format's bounds

# The fields of each ONNX message that are messages themselves, by number (onnx/onnx.proto3):
# the walk goes into these; any other length-delimited field is a string, bytes or a packed
# array. A field that holds a graph (If, Loop, Scan's bodies), a function or training
# information is refused: a chain of layers has none.
MESSAGES = {
    "model": {7: "graph", 8: "opset", 14: "entry"},
    "graph": {1: "node", 5: "tensor", 11: "value", 12: "value", 13: "value", 16: "entry"},
    "node": {5: "attribute", 9: "entry"},
    "attribute": {5: "tensor", 10: "tensor"},
    "tensor": {13: "entry", 3: "segment"},
    "value": {2: "type", 4: "entry"},
    "type": {1: "tensor_type"},
    "tensor_type": {2: "shape"},
    "shape": {1: "dim"},
    "opset": {},
    "entry": {},
    "segment": {},
    "dim": {},
}
REFUSED = {
    "model": {20: "training_info", 25: "functions"},
    "graph": {15: "sparse_initializer", 14: "quantization_annotation"},
    "attribute": {6: "g", 11: "graphs", 22: "sparse_tensor", 23: "sparse_tensors", 14: "tp", 15: "type_protos"},
    "type": {4: "sequence_type", 5: "map_type", 8: "sparse_tensor_type", 9: "optional_type"},
}
# The fields that are text or bytes (names, doc strings, raw data, strings); a length-delimited
# field in none of these tables is refused, for protobuf would make objects of it unseen.
TEXT = {
    "model": {2, 3, 4, 6}, "graph": {2, 10}, "node": {1, 2, 3, 4, 6, 7, 8}, "attribute": {1, 4, 9, 13, 21},
    "tensor": {6, 8, 9, 12}, "value": {1, 3}, "type": {6}, "dim": {2, 3}, "opset": {1}, "entry": {1, 2},
}  # fmt: skip
# Packed arrays of numbers: (message, field) -> bytes per number at least (varints: 1)
PACKED = {
    ("tensor", 1): 1, ("tensor", 4): 4, ("tensor", 5): 1, ("tensor", 7): 1, ("tensor", 10): 8, ("tensor", 11): 1,
    ("attribute", 7): 4, ("attribute", 8): 1,
}  # fmt: skip


class _Budget:
    def __init__(self):
        self.items = self.numbers = 0

    def add(self, items=0, numbers=0):
        self.items += items
        self.numbers += numbers
        if self.items > MAX_ITEMS or self.numbers > MAX_NUMBERS:
            raise ModelFileError("own.onnx_too_big")


def _scan(data):
    """Walk the file's protobuf wire format without making an object of it: refuse it when
    it holds more messages, strings or numbers, or nests deeper, than any small CNN's file,
    or holds a subgraph, a function or another kind of message a chain of layers never has."""
    _scan_message(memoryview(data), "model", 0, _Budget())


def _scan_message(view, kind, depth, budget):
    if depth > MAX_DEPTH:
        raise ModelFileError("own.onnx_too_big")
    at, end = 0, len(view)
    while at < end:
        key, at = _varint(view, at)
        field, wire = key >> 3, key & 7
        budget.add(items=1)
        if field in REFUSED.get(kind, {}):
            raise ModelFileError("own.onnx_nested", part=REFUSED[kind][field])
        if wire == 0:
            _, at = _varint(view, at)
        elif wire == 1:
            at += 8
        elif wire == 5:
            at += 4
        elif wire == 2:
            size, at = _varint(view, at)
            if at + size > end:
                raise ModelFileError("own.not_onnx")
            inner = MESSAGES[kind].get(field)
            if inner is not None:
                _scan_message(view[at : at + size], inner, depth + 1, budget)
            elif (kind, field) in PACKED:
                budget.add(numbers=size // PACKED[kind, field])
            elif field not in TEXT.get(kind, ()):
                raise ModelFileError("own.onnx_nested", part=f"{kind} field {field}")
            at += size
        else:  # groups (3, 4) are not in proto3, and 6, 7 do not exist
            raise ModelFileError("own.not_onnx")
    if at != end:
        raise ModelFileError("own.not_onnx")


def _varint(view, at):
    value = shift = 0
    while True:
        if at >= len(view) or shift > 63:
            raise ModelFileError("own.not_onnx")
        byte = view[at]
        value |= (byte & 0x7F) << shift
        at, shift = at + 1, shift + 7
        if not byte & 0x80:
            return value, at


# ------------------------------------------------------------------------------ tensors


class Tensors:
    """The graph's constants (its initializers and Constant nodes' values) by name: their
    shapes known at once, their numbers read only when asked (`array`), from the file's own
    bytes: a tensor kept in another file is refused."""

    def __init__(self, graph):
        self._found = {t.name: t for t in graph.initializer}
        self._aliases = set()
        for node in graph.node:
            if node.op_type == "Constant" and len(node.output) == 1:
                self._found[node.output[0]] = _constant(node)
            elif self.is_alias(node):  # the TorchScript exporter's Identity of a weight another layer shares
                self._found[node.output[0]] = self._found[node.input[0]]
                self._aliases.add(id(node))
        total = 0
        for tensor in self._found.values():
            if tensor is None:
                continue
            if tensor.data_location == 1 or len(tensor.external_data):
                where = next((e.value for e in tensor.external_data if e.key == "location"), "another file")
                raise ModelFileError("own.onnx_external", file=safe_name(where, 60))
            total += _size(tensor)
        if total > MAX_PARAMETERS:
            raise ModelFileError("own.too_many", limit=f"{MAX_PARAMETERS:,}")

    def is_alias(self, node):
        """An Identity node of a constant: another name for it, not a layer."""
        found = node.op_type == "Identity" and len(node.input) == 1 and len(node.output) == 1
        return found and self._found.get(node.input[0]) is not None

    def __contains__(self, name):
        return name in self._found and self._found[name] is not None

    def shape(self, name):
        return tuple(int(d) for d in self._found[name].dims)

    def array(self, name):
        """The tensor's numbers, as float32 for floating point, int64 otherwise."""
        tensor = self._found[name]
        dtype = DTYPES.get(tensor.data_type)
        if dtype is None:
            raise ModelFileError("own.onnx_dtype", tensor=safe_name(name))
        shape, n = self.shape(name), _size(tensor)
        if tensor.raw_data:
            if len(tensor.raw_data) != n * np.dtype(dtype).itemsize:
                raise ModelFileError("own.not_onnx")
            found = np.frombuffer(tensor.raw_data, dtype=np.dtype(dtype).newbyteorder("<"))
        else:
            found = _typed(tensor, dtype)
            if found.size != n:
                raise ModelFileError("own.not_onnx")
        found = found.reshape(shape)
        return found.astype(np.float32) if found.dtype.kind == "f" else found.astype(np.int64)


def _size(tensor):
    dims = [int(d) for d in tensor.dims]
    if any(d < 0 for d in dims):
        raise ModelFileError("own.not_onnx")
    return math.prod(dims)


def _typed(tensor, dtype):
    if dtype is np.float32:
        return np.asarray(tensor.float_data, np.float32)
    if dtype is np.float64:
        return np.asarray(tensor.double_data, np.float64)
    if dtype is np.float16:  # kept as the bits of each half, in int32_data
        return np.asarray(tensor.int32_data, np.uint16).view(np.float16)
    if dtype is np.int64:
        return np.asarray(tensor.int64_data, np.int64)
    return np.asarray(tensor.int32_data, np.int32)


def _constant(node):
    """A Constant node's value as a TensorProto (value, or value_float(s) / value_int(s))."""
    import onnx

    for attribute in node.attribute:
        if attribute.name == "value":
            return attribute.t
        if attribute.name in ("value_float", "value_floats", "value_int", "value_ints"):
            value = onnx.helper.get_attribute_value(attribute)
            floating = attribute.name.startswith("value_float")
            return onnx.numpy_helper.from_array(np.asarray(value, np.float32 if floating else np.int64))
    return None  # a Constant of another kind (a string, a sparse tensor): refused where it is used


def _classes(proto, n):
    """The n class names the file's metadata holds ("class_names": a JSON list, or names
    separated by commas), else class 0 ... n-1."""
    import json

    for entry in proto.metadata_props:
        if entry.key not in ("class_names", "classes"):
            continue
        try:
            names = json.loads(entry.value)
        except ValueError:
            names = [part.strip() for part in entry.value.split(",")]
        if isinstance(names, list) and len(names) == n and all(isinstance(x, str) for x in names):
            return tuple(safe_name(x, 30) for x in names)
    return tuple(f"class {i}" for i in range(n))
