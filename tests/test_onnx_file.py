"""A visitor's ONNX model (cnn_viz.onnx_file): read as data, every layer's numbers equal to
onnxruntime's (the oracle, in requirements-dev.txt only), and every file it cannot open one
sentence. Models are built with onnx.helper the way torch.onnx.export writes them, and four
files in tests/files/onnx were written by torch.onnx.export itself (both exporters; make.py
says how)."""

import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx import TensorProto, helper, numpy_helper

from cnn_viz import explain, gallery, gradients, images, layers, model_file, onnx_file
from cnn_viz.model_checks import ModelFileError

EXPORTED = Path(__file__).parent / "files" / "onnx"
FILES = ["mnist_legacy", "mnist_dynamo", "cifar_legacy", "cifar_dynamo"]


# --------------------------------------------------------------------------- building models


class Build:
    """A chain of ONNX nodes, built as PyTorch's exporter names and lays them out (weights as
    initializers, NCHW), each node reading the one before; shapes from onnx's own inference."""

    def __init__(self, shape, opset=17, seed=0):
        self.shape, self.opset = shape, opset
        self.rng = np.random.default_rng(seed)
        self.nodes, self.inits, self.current = [], [], "input"

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, op_type, *inputs, module=None, **attrs):
        out = f"t{len(self.nodes)}"
        name = f"/{module}/{op_type}" if module else f"/{op_type}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op_type, [self.current, *inputs], [out], name=name, **attrs))
        self.current = out
        return self

    def now(self):
        """The current tensor's shape (onnx's shape inference)."""
        probe = self.model(outputs=["probe"])
        probe.graph.node.append(helper.make_node("Identity", [self.current], ["probe"]))
        inferred = onnx.shape_inference.infer_shapes(probe)
        for value in (*inferred.graph.input, *inferred.graph.value_info):
            if value.name == self.current:
                return [d.dim_value for d in value.type.tensor_type.shape.dim]
        raise AssertionError(self.current)

    def weights(self, *shape, scale=0.3):
        return (self.rng.normal(size=shape) * scale).astype(np.float32)

    def conv(self, filters, kernel, module, group=1, bias=True, **attrs):
        c = self.now()[1]
        w = self.const(f"{module}.weight", self.weights(filters, c // group, *kernel))
        more = [self.const(f"{module}.bias", self.weights(filters))] if bias else []
        return self.op("Conv", w, *more, module=module, kernel_shape=list(kernel), group=group, **attrs)

    def bn(self, module, epsilon=1e-5):
        c = self.now()[1]
        parts = [self.rng.uniform(0.5, 1.5, c), self.rng.uniform(-0.3, 0.3, c), self.rng.uniform(-0.5, 0.5, c),
                 self.rng.uniform(0.3, 2.0, c)]  # fmt: skip
        names = [
            self.const(f"{module}.{p}", a.astype(np.float32)) for p, a in zip(("weight", "bias", "mean", "var"), parts)
        ]
        return self.op("BatchNormalization", *names, module=module, epsilon=epsilon)

    def gemm(self, units, module, trans_b=1, **attrs):
        k = self.now()[1]
        w = self.weights(units, k) if trans_b else self.weights(k, units)
        names = [self.const(f"{module}.weight", w), self.const(f"{module}.bias", self.weights(units))]
        return self.op("Gemm", *names, module=module, transB=trans_b, **attrs)

    def model(self, outputs=None):
        n, c, h, w = self.shape
        given = helper.make_tensor_value_info("input", TensorProto.FLOAT, [n, c, h, w])
        outs = [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs or [self.current]]
        graph = helper.make_graph(self.nodes, "chain", [given], outs, self.inits)
        made = helper.make_model(graph, opset_imports=[helper.make_opsetid("", self.opset)], producer_name="test")
        made.ir_version = min(made.ir_version, 8)  # what onnxruntime reads
        return made

    def bytes(self):
        return self.model().SerializeToString()


def torch_like():
    """Conv with uneven pads, strides and a bias; BatchNormalization to fold; LeakyReLU; a
    grouped, dilated Conv; max pooling with pads and ceil_mode; average pooling with pads and
    ceil_mode not counting its pads; Flatten; Gemm with alpha, beta and transB; tanh; Gemm;
    softmax."""
    b = Build([1, 3, 20, 18])
    b.conv(8, (3, 3), "conv1", pads=[1, 0, 2, 1], strides=[1, 2]).bn("bn1", 1e-3).op("LeakyRelu", alpha=0.1)
    b.conv(8, (3, 3), "conv2", group=4, dilations=[2, 1], pads=[2, 1, 2, 1]).op("Relu")
    b.op("MaxPool", module="pool1", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)
    b.op("AveragePool", module="pool2", kernel_shape=[2, 2], strides=[2, 1], pads=[0, 1, 0, 1], ceil_mode=1)
    b.op("Flatten", axis=1).gemm(12, "fc1", alpha=0.5, beta=2.0).op("Tanh")
    return b.gemm(10, "fc2", trans_b=0).op("Softmax", axis=-1)


def global_matmul():
    """A grey picture; Conv with SAME_UPPER and no bias, its bias a constant Add; ReLU; a
    BatchNormalization that cannot fold (after the ReLU); Clip(0, 6) from inputs; Conv with
    SAME_LOWER; sigmoid; average pooling counting its pads (PyTorch's default); global average
    pooling; Flatten; MatMul and Add; Dropout; Identity; LogSoftmax."""
    b = Build([1, 1, 17, 16], opset=13, seed=1)
    b.conv(6, (4, 4), "conv1", bias=False, auto_pad="SAME_UPPER", strides=[2, 2])
    b.op("Add", b.const("conv1.shift", b.weights(1, 6, 1, 1)))
    b.op("Relu").bn("norm").op("Clip", b.const("low", np.float32(0)), b.const("high", np.float32(6)))
    b.conv(5, (3, 2), "conv2", auto_pad="SAME_LOWER").op("Sigmoid")
    b.op("AveragePool", module="pool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1)
    b.op("GlobalAveragePool").op("Flatten")
    b.op("MatMul", b.const("fc.weight", b.weights(5, 7))).op("Add", b.const("fc.bias", b.weights(7)))
    return b.op("Dropout").op("Identity").op("LogSoftmax", axis=1)


def old_opset():
    """Opset 9: Clip's range as attributes, a Reshape to (-1, n) from a Constant node, global
    max pooling, and a softmax over axis 1."""
    b = Build([1, 3, 12, 12], opset=9, seed=2)
    b.conv(4, (3, 3), "conv1").bn("bn1").op("Clip", min=0.0, max=6.0)
    b.op("MaxPool", module="pool", kernel_shape=[2, 2], strides=[2, 2])
    b.conv(6, (2, 2), "conv2").op("Relu").op("GlobalMaxPool")
    shape = helper.make_node("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([-1, 6], np.int64)))
    b.nodes.append(shape)
    b.op("Reshape", "shape").gemm(4, "fc")
    return b.op("Softmax", axis=1)


def sequential():
    """As an nn.Sequential exports (opset 18): modules numbered "0", "1"...; a constant Pad
    (ZeroPad2d); ReduceMean over the maps' cells (the dynamo exporter's AdaptiveAvgPool2d(1)),
    its axes an input, then a Reshape; a weight reached through an Identity node (the
    TorchScript exporter's for weights it found equal)."""
    b = Build([1, 3, 16, 15], opset=18, seed=4)
    b.op("Pad", b.const("pads", np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64)), module="1")
    b.conv(6, (3, 3), "2", strides=[2, 2]).op("Relu")
    b.op("ReduceMean", b.const("axes", np.array([2, 3], np.int64)), module="4", keepdims=1)
    b.op("Reshape", b.const("shape", np.array([1, -1], np.int64)))
    b.const("6.weight", b.weights(4, 6))
    b.nodes.append(helper.make_node("Identity", ["6.weight"], ["shared"], name="Identity_0"))
    b.op("Gemm", "shared", b.const("6.bias", b.weights(4)), module="6", transB=1)
    return b.op("Softmax", axis=1)


CASES = {"torch-like": torch_like, "global pooling, MatMul, LogSoftmax": global_matmul, "opset 9": old_opset,
         "an nn.Sequential, opset 18": sequential}  # fmt: skip


def theirs(made, x, names):
    """onnxruntime's value of every named tensor for x (N, H, W, C), as NHWC."""
    probe = onnx.ModelProto()
    probe.CopyFrom(made)
    del probe.graph.output[:]
    probe.graph.output.extend(helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in names)
    session = onnxruntime.InferenceSession(probe.SerializeToString())
    found = session.run(names, {"input": x.transpose(0, 3, 1, 2)})
    return {n: (v.transpose(0, 2, 3, 1) if v.ndim == 4 else v) for n, v in zip(names, found)}


def close(ours, reference, what):
    scale = max(1.0, float(np.abs(reference).max()))
    np.testing.assert_allclose(ours, reference, rtol=1e-4, atol=1e-4 * scale, err_msg=what)


def pictures(shape, n=3, seed=0):
    return np.random.default_rng(seed).random((n, *shape), dtype=np.float32)


# --------------------------------------------------------------------------- equal to onnxruntime


@pytest.mark.parametrize("case", CASES)
def test_every_layer_equals_onnxruntime(case):
    built = CASES[case]()
    net = onnx_file.read(built.bytes(), case)
    for x in (pictures(net.input_shape)[i : i + 1] for i in range(3)):  # onnxruntime's batch is the file's: 1
        ours = net.forward(x)
        ends = [spec["ends_at"] for spec in net.layers if "ends_at" in spec]
        reference = theirs(built.model(), x, ends)
        for spec in net.layers:
            if "ends_at" in spec:
                found = ours[spec["name"]] if spec is not net.layers[-1] else ours["probabilities"]
                want = reference[spec["ends_at"]]
                if spec is net.layers[-1] and case.endswith("LogSoftmax"):
                    found = np.log(found)  # the pages show the probabilities; the file gives their logarithm
                if spec["kind"] == "flatten":  # onnxruntime's vector is in (C, H, W) order, the engine's (H, W, C)
                    h, w, c = net.shapes()[net.below(spec["name"])]
                    want = want.reshape(-1, c, h, w).transpose(0, 2, 3, 1).reshape(len(want), -1)
                close(found, want, f"{case}: {spec['name']}")
    kinds = [spec["kind"] for spec in net.layers]
    assert "scale" not in kinds or case != "torch-like", "a BatchNormalization after a conv is folded"


def test_the_layers_read_are_the_engines_kinds_with_torchs_names():
    net = onnx_file.read(torch_like().bytes())
    rows = {spec["name"]: spec for spec in net.layers}
    assert list(rows) == ["conv1", "conv2", "pool1", "pool2", "Flatten_7", "fc1", "fc2"]
    assert rows["conv1"]["folded"] == "bn1" and rows["conv1"]["activation"] == "leaky_relu"
    assert rows["conv1"]["negative_slope"] == pytest.approx(0.1) and rows["conv1"]["padding"] == ((1, 2), (0, 1))
    assert rows["conv2"]["groups"] == 4 and rows["conv2"]["dilation"] == (2, 1)
    assert rows["pool1"]["padding"] == ((1, 1 + 0), (1, 1)), "ceil_mode adds no window that would start in the padding"
    assert rows["fc2"]["activation"] == "softmax"
    other = onnx_file.read(global_matmul().bytes())
    kinds = [(spec["name"], spec["kind"], spec.get("activation")) for spec in other.layers]
    assert kinds == [("conv1", "conv", "relu"), ("norm", "scale", "relu6"), ("conv2", "conv", "sigmoid"),
                     ("pool_pad", "zeropad", None), ("pool", "avgpool", None),
                     ("GlobalAveragePool_8", "globalavg", None), ("fc", "dense", "softmax")]  # fmt: skip
    assert other.input_shape == (17, 16, 1)


def test_an_nn_sequentials_numbered_modules_are_named_by_what_they_are():
    net = onnx_file.read(sequential().bytes())
    assert [(spec["name"], spec["kind"]) for spec in net.layers] == [
        ("pad1", "zeropad"), ("conv2", "conv"), ("pool4", "globalavg"), ("fc6", "dense")
    ]  # fmt: skip
    assert net.layers[0]["pads"] == ((1, 2), (2, 1))


def test_the_files_torch_onnx_export_wrote_give_onnxruntimes_scores():
    """Both exporters (TorchScript's and dynamo's), an MNIST- and a CIFAR-shaped network, on
    gallery pictures as each network sees them; class names from the file's metadata."""
    rgb = [images.decode(path.read_bytes()) for path in sorted(gallery.GALLERY_DIR.glob("*.png"))[:6]]
    for name in FILES:
        data = (EXPORTED / f"{name}.onnx").read_bytes()
        net = model_file.read(data, f"{name}.onnx")
        assert net.name == name and net.made_by.startswith("pytorch 2.")
        session = onnxruntime.InferenceSession(data)
        for picture in rgb:
            x = net.input_from(picture)[None]
            [reference] = session.run(None, {"input": x.transpose(0, 3, 1, 2)})
            ours = net.forward(x)
            found = np.log(ours["probabilities"]) if name.startswith("mnist") else ours["logits"]
            close(found, reference, name)
    cifar = model_file.read((EXPORTED / "cifar_dynamo.onnx").read_bytes(), "cifar_dynamo.onnx")
    assert cifar.classes[:3] == ("airplane", "automobile", "bird") and cifar.named
    assert [spec["name"] for spec in cifar.layers][:4] == ["conv1", "conv2", "pool1_pad", "pool1"], "PyTorch's modules"
    mnist = model_file.read((EXPORTED / "mnist_legacy.onnx").read_bytes(), "mnist_legacy.onnx")
    assert mnist.input_shape == (28, 28, 1) and mnist.classes[:2] == ("0", "1")


def test_the_first_dense_layer_after_a_flatten_reads_the_engines_order():
    """PyTorch flattens a map's channels first, the engine its rows: read without putting the
    rows of fc1 in the engine's order, the scores are not onnxruntime's at all."""
    data = (EXPORTED / "cifar_legacy.onnx").read_bytes()
    net = onnx_file.read(data)
    x = net.input_from(images.decode(next(gallery.GALLERY_DIR.glob("*.png")).read_bytes()))[None]
    [reference] = onnxruntime.InferenceSession(data).run(None, {"input": x.transpose(0, 3, 1, 2)})
    close(net.forward(x)["logits"], reference, "as read")
    kernel, bias = net.weights["fc1"]
    h, w, c = net.shapes()["pool2"]
    as_torch = kernel.reshape(h, w, c, -1).transpose(2, 0, 1, 3).reshape(kernel.shape)  # back to (C, H, W) rows
    unpermuted = type(net)(**{**net.__dict__, "weights": {**net.weights, "fc1": (as_torch, bias)}})
    assert np.abs(unpermuted.forward(x)["logits"] - reference).max() > 1e-2


def test_gradients_and_grad_cam_equal_finite_differences():
    """The input's gradient and each convolution's (Grad-CAM's weights) on an ONNX model,
    against central differences of the class score in float64."""
    net = onnx_file.read(torch_like().bytes())
    x = pictures(net.input_shape, 1, seed=3)[0]
    k = 2
    outputs, grads = gradients.class_gradients(net, x, k)

    def score(start, value):
        h = np.asarray(value, np.float64)[None]
        names = list(net.names)
        for spec in net.layers[names.index(start) :]:
            weights = tuple(np.float64(a) for a in net.weights.get(spec["name"], ()))
            h = layers.linear(spec, weights, h)
            h = h if spec is net.layers[-1] else layers.activated(spec, h)
        return h[0, k]

    rng = np.random.default_rng(4)
    for layer in ("input", "conv1", "conv2"):
        value = np.asarray(outputs[layer], np.float64)
        # cells clear of a kink: a ReLU's 0 ties with its neighbours in a max pooling window
        clear = np.argwhere(np.abs(value) > 0.05)
        for at in map(tuple, clear[rng.choice(len(clear), 6, replace=False)]):
            step = np.zeros_like(value)
            step[at] = 1e-4
            numeric = (score(layer, value + step) - score(layer, value - step)) / 2e-4
            assert grads[layer][at] == pytest.approx(numeric, rel=1e-3, abs=1e-6), (layer, at)
    for conv in explain.cam_layers(net):
        alpha = grads[conv].mean(axis=(0, 1))
        want = np.maximum((outputs[conv] * alpha).sum(axis=2), 0)
        np.testing.assert_allclose(explain.grad_cam_cells(net, x, k, conv), want, rtol=1e-4, atol=1e-6)
        assert explain.grad_cam(net, x, k, conv).shape == net.input_shape[:2]


# --------------------------------------------------------------------------- refused, in one sentence


def refused(data, key):
    with pytest.raises(ModelFileError) as found:
        onnx_file.read(data)
    assert found.value.key == key, str(found.value)
    return found.value


def test_a_branch_an_unknown_operator_and_a_subgraph_are_refused_naming_the_node():
    b = Build([1, 3, 16, 16])
    b.conv(4, (3, 3), "conv1", pads=[1, 1, 1, 1]).op("Relu")
    before = b.current
    b.conv(4, (3, 3), "conv2", pads=[1, 1, 1, 1]).op("Add", before, module="residual")  # x + f(x)
    b.op("GlobalAveragePool").op("Flatten").gemm(3, "fc")
    error = refused(b.bytes(), "own.onnx_branch")
    assert "conv2/Conv" in str(error) or "residual" in str(error)

    b = Build([1, 3, 16, 16])
    b.conv(4, (3, 3), "conv1").op("Transpose", module="odd", perm=[0, 1, 3, 2]).op("Flatten").gemm(3, "fc")
    error = refused(b.bytes(), "own.onnx_op")
    assert "/odd/Transpose (Transpose)" in str(error) and "BatchNormalization" in str(error)

    b = Build([1, 3, 16, 16])
    branch = helper.make_graph([helper.make_node("Identity", ["input"], ["y"])], "g", [],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])  # fmt: skip
    b.const("flag", np.array(True))
    b.nodes.append(helper.make_node("If", ["flag"], ["t0"], then_branch=branch, else_branch=branch))
    b.current = "t0"
    refused(b.bytes(), "own.onnx_nested")


def test_a_setting_the_graph_computes_is_refused_saying_how_to_export_it_as_a_number():
    """The TorchScript exporter writes F.pad's pads as a little computation (ConstantOfShape,
    Concat...): not a branch, and the sentence says which exporter writes a number."""
    b = Build([1, 3, 16, 16], opset=13)
    shape = helper.make_node("ConstantOfShape", ["eight"], ["zeros"], name="/1/ConstantOfShape")
    b.const("eight", np.array([8], np.int64))
    b.nodes.append(shape)
    b.op("Pad", "zeros", module="1").conv(4, (3, 3), "conv").op("Flatten").gemm(3, "fc")
    error = refused(b.bytes(), "own.onnx_computed")
    assert "/1/Pad (Pad)" in str(error) and "dynamo=True" in str(error)


def test_external_data_is_refused_without_looking_for_the_file(tmp_path, monkeypatch):
    """As the dynamo exporter writes by default: the weights in name.onnx.data. Even with such
    a file beside the working folder, nothing is read from it."""
    data = (EXPORTED / "cifar_external.onnx").read_bytes()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cifar_external.onnx.data").write_bytes(b"\0" * 100_000)
    error = refused(data, "own.onnx_external")
    assert "cifar_external.onnx.data" in str(error) and "external_data=False" in str(error)


def test_sizes_and_protobuf_bombs_are_refused_before_parsing():
    refused(b"\x08\x07" + bytes(21_000_000), "own.file_too_big")
    # A million empty inputs on one node: 2 MB of bytes, a million Python objects once parsed.
    b = Build([1, 3, 16, 16])
    b.conv(4, (3, 3), "conv1")
    b.nodes[0].input.extend([""] * 1_000_000)
    started = time.perf_counter()
    refused(b.bytes(), "own.onnx_too_big")
    assert time.perf_counter() - started < 5
    # A weight declared as 10,000 x 10,000 numbers: refused from its shape, no array read
    b = Build([1, 3, 16, 16])
    b.conv(4, (3, 3), "conv1").op("Flatten")
    tensor = TensorProto(name="fc.weight", data_type=TensorProto.FLOAT, dims=[10_000, 10_000])
    b.inits.append(tensor)
    b.op("MatMul", "fc.weight")
    refused(b.bytes(), "own.too_many")
    # A type nested as a sequence of sequences: not a chain of layers' picture
    b = Build([1, 3, 16, 16])
    made = b.conv(4, (3, 3), "conv1").model()
    nested = onnx.ValueInfoProto(name="extra")
    nested.type.sequence_type.elem_type.sequence_type.elem_type.tensor_type.elem_type = TensorProto.FLOAT
    made.graph.value_info.append(nested)
    refused(made.SerializeToString(), "own.onnx_nested")


def test_weights_that_are_not_finite_and_inputs_it_cannot_show_are_refused():
    b = Build([1, 3, 16, 16])
    b.conv(4, (3, 3), "conv1").op("Flatten")
    b.gemm(3, "fc")
    weight = next(t for t in b.inits if t.name == "fc.weight")
    array = numpy_helper.to_array(weight).copy()
    array[0, 5] = np.nan
    weight.CopyFrom(numpy_helper.from_array(array, "fc.weight"))
    assert refused(b.bytes(), "own.not_finite").values["layer"] == "fc"
    for shape in ([1, 5, 16, 16], [1, 3, 300, 16], [1, 3, 4, 4]):
        b = Build(shape)
        b.op("Flatten").gemm(3, "fc")
        refused(b.bytes(), "own.onnx_input")
    b = Build([1, 3, 16, 16], opset=5)
    b.op("Flatten")
    b.nodes[-1].ClearField("attribute")
    refused(b.bytes(), "own.onnx_opset")
    refused(b"\x89PNG\r\n\x1a\n" + bytes(100), "own.not_onnx")


def test_every_damaged_file_is_one_sentence():
    """The exported file cut short or with bytes changed, at 300 places: it opens, or it is
    refused in one sentence; never another exception."""
    data = bytearray((EXPORTED / "cifar_legacy.onnx").read_bytes())
    rng = np.random.default_rng(0)
    outcomes = set()
    for i in range(300):
        damaged = bytearray(data[: rng.integers(1, len(data))]) if i % 3 == 0 else bytearray(data)
        if i % 3:
            for at in rng.integers(0, len(damaged), 4):
                damaged[at] = rng.integers(0, 256)
        try:
            onnx_file.read(bytes(damaged))
            outcomes.add("opened")
        except ModelFileError as error:
            outcomes.add(error.key)
    assert "own.not_onnx" in outcomes and len(outcomes) >= 2


def test_a_keras_file_and_an_onnx_file_are_told_apart_by_their_bytes():
    keras_bytes = (Path(__file__).parent / "files" / "tiny.keras").read_bytes()
    assert model_file.read(keras_bytes, "tiny.keras").made_by.startswith("Keras")
    assert model_file.read(keras_bytes, "renamed.onnx").name == "renamed"
    with pytest.raises(ModelFileError) as found:
        model_file.read(b"not a zip", "broken.keras")
    assert found.value.key == "own.not_keras"
    onnx_bytes = (EXPORTED / "mnist_dynamo.onnx").read_bytes()
    assert model_file.read(onnx_bytes, "digits.onnx").input_shape == (28, 28, 1)
    torch_save = b"PK\x03\x04" + bytes(200)  # torch.save writes a zip too
    for name in ("model.pt", "weights.pth", "notes"):
        with pytest.raises(ModelFileError) as found:
            model_file.read(torch_save, name)
        assert found.value.key == "own.not_model" and "torch.onnx.export" in str(found.value)
