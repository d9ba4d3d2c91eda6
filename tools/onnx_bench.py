"""How long opening a visitor's ONNX file takes, and what it costs in memory.

    python -m tools.onnx_bench            prints a table (medians of 5 runs)

Three files, made here with onnx.helper (the onnx package is in requirements.txt):
  - a 5 MB network as a student might export from PyTorch: 3 x 64 x 64 pictures, two
    convolutions with max pooling, a dense layer of 72 on 16,384 numbers (1.2 M parameters);
  - the same network with its weights kept as lists of floats (float_data), not raw bytes;
  - a 2 MB "protobuf bomb": one node with a million empty inputs (a million objects once
    parsed), which the reader's walk of the wire format refuses before parsing.
Printed per file: its size, the median time cnn_viz.model_file.read takes (the checks, the
parse, the weights and one test run of the network), and the process's peak resident memory
before the first read (numpy imported, the file's bytes in memory) and after five (each file
in a fresh process).
"""

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def student_model(raw=True):
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(0)

    def weight(name, *shape):
        array = (rng.normal(size=shape) * 0.05).astype(np.float32)
        if raw:
            return numpy_helper.from_array(array, name)
        return helper.make_tensor(name, TensorProto.FLOAT, shape, array.ravel().tolist())

    inits = [weight("conv1.weight", 32, 3, 3, 3), weight("conv1.bias", 32), weight("conv2.weight", 64, 32, 3, 3),
             weight("conv2.bias", 64), weight("fc1.weight", 72, 16 * 16 * 64), weight("fc1.bias", 72),
             weight("fc2.weight", 10, 72), weight("fc2.bias", 10)]  # fmt: skip
    nodes = [
        helper.make_node(
            "Conv", ["input", "conv1.weight", "conv1.bias"], ["c1"], pads=[1, 1, 1, 1], name="/conv1/Conv"
        ),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2], name="/pool1/MaxPool"),
        helper.make_node("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], pads=[1] * 4, name="/conv2/Conv"),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("MaxPool", ["r2"], ["p2"], kernel_shape=[2, 2], strides=[2, 2], name="/pool2/MaxPool"),
        helper.make_node("Flatten", ["p2"], ["f"]),
        helper.make_node("Gemm", ["f", "fc1.weight", "fc1.bias"], ["g1"], transB=1, name="/fc1/Gemm"),
        helper.make_node("Relu", ["g1"], ["r3"]),
        helper.make_node("Gemm", ["r3", "fc2.weight", "fc2.bias"], ["scores"], transB=1, name="/fc2/Gemm"),
    ]
    given = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 64, 64])
    out = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 10])
    graph = helper.make_graph(nodes, "student", [given], [out], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


def bomb():

    model = student_model()
    import onnx

    proto = onnx.load_model_from_string(model)
    proto.graph.node[0].input.extend([""] * 1_000_000)
    return proto.SerializeToString()


def measure(path):
    """In this (fresh) process: {seconds, before_mb, after_mb, outcome} for reading the file 5 times."""
    sys.path.insert(0, str(ROOT))
    import numpy  # noqa: F401 (imported by the app before any file arrives)

    from cnn_viz import model_file

    data = Path(path).read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times, outcome = [], ""
    for _ in range(5):
        started = time.perf_counter()
        try:
            net = model_file.read(data, Path(path).name)
            outcome = f"opened: {len(net.layers)} layers, {net.parameters():,} parameters"
        except model_file.ModelFileError as error:
            outcome = f"refused: {error.key}"
        times.append(time.perf_counter() - started)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": times, "before_mb": before, "after_mb": after, "outcome": outcome}))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(sys.argv[2])
        return 0
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="onnx-bench-"))
    files = {"student, raw weights": student_model(), "student, float_data": student_model(raw=False), "bomb": bomb()}
    print(f"{'file':<24}{'size':>10}{'read (median)':>16}{'peak RSS before -> after':>26}  outcome")
    for name, data in files.items():
        path = folder / f"{name.split(',')[0]}-{len(data)}.onnx"
        path.write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "tools.onnx_bench", "--measure", str(path)], cwd=ROOT,
                              capture_output=True, text=True, check=True)  # fmt: skip
        found = json.loads(done.stdout.strip().splitlines()[-1])
        seconds = statistics.median(found["seconds"])
        size, grew = f"{len(data) / 1e6:>8.1f} MB", f"{found['before_mb']:>15.0f} -> {found['after_mb']:.0f} MB"
        print(f"{name:<24}{size}{seconds * 1000:>13.0f} ms{grew}  {found['outcome']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
