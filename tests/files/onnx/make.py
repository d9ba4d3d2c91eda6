"""Make the PyTorch-exported ONNX files the tests open (tests/test_onnx_file.py). Run once, in
an environment with PyTorch and onnxscript (neither is a requirement of the app or its tests):

    pip install torch onnxscript --index-url https://download.pytorch.org/whl/cpu
    python tests/files/onnx/make.py

Two small networks, each exported by both of torch.onnx.export's exporters (the TorchScript
one, dynamo=False, and the dynamo one, the default since PyTorch 2.9): an MNIST-shaped one
(1 x 28 x 28, batch normalization, max pooling, log-softmax at the end) and a CIFAR-shaped one
(3 x 32 x 32, padding, a grouped convolution, LeakyReLU, average pooling that counts its
padding, ReLU6, dropout). The weights are random but seeded, and the class names are written
into the file's metadata; trained or not, onnxruntime's numbers are the tests' oracle.
"""

import json
from pathlib import Path

import onnx
import torch
from torch import nn

HERE = Path(__file__).parent


class Mnist(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3)
        self.bn1 = nn.BatchNorm2d(8)
        self.conv2 = nn.Conv2d(8, 16, 3, stride=1, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(16 * 6 * 6, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.bn1(self.conv1(x))))  # 26 -> 13
        x = self.pool(torch.relu(self.conv2(x)))  # 13 -> 6 (floor)
        x = torch.flatten(x, 1)
        x = torch.relu(self.fc1(x))
        return torch.log_softmax(self.fc2(x), dim=1)


class Cifar(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 16, 3, padding=1, groups=4)
        self.pool1 = nn.AvgPool2d(3, stride=2, padding=1)  # counts its padding (PyTorch's default)
        self.conv3 = nn.Conv2d(16, 24, 3, stride=2, dilation=1)
        self.pool2 = nn.MaxPool2d(2, ceil_mode=True)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Linear(24 * 4 * 4, 40)
        self.fc2 = nn.Linear(40, 10)

    def forward(self, x):
        x = nn.functional.leaky_relu(self.conv1(x), 0.1)  # 32
        x = self.pool1(nn.functional.relu6(self.conv2(x)))  # 32 -> 16
        x = self.pool2(torch.relu(self.conv3(x)))  # 16 -> 7 -> 4 (ceil)
        x = self.drop(torch.flatten(x, 1))
        return self.fc2(torch.relu(self.fc1(x)))


CLASSES = {
    "mnist": [str(i) for i in range(10)],
    "cifar": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
}


def export(net, shape, path, dynamo):
    torch.manual_seed(1)
    net.eval()
    for module in net.modules():  # batch normalization with statistics of its own, as after training
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.2, 0.2)
    x = torch.rand(1, *shape)
    # The dynamo exporter keeps the weights in a second file (name.onnx.data) unless told not to:
    # the app refuses such a file (it would read another file on the server) and says this.
    more = {"external_data": False} if dynamo else {}
    torch.onnx.export(net, (x,), path, dynamo=dynamo, input_names=["input"], output_names=["scores"], **more)
    written = onnx.load(path)
    onnx.helper.set_model_props(written, {"class_names": json.dumps(CLASSES[path.stem.split("_")[0]])})
    onnx.save(written, path)
    print(path.name, path.stat().st_size, "bytes, opset", written.opset_import[0].version)


if __name__ == "__main__":
    for name, cls, shape in (("mnist", Mnist, (1, 28, 28)), ("cifar", Cifar, (3, 32, 32))):
        for dynamo in (False, True):
            torch.manual_seed(0)
            export(cls(), shape, HERE / f"{name}_{'dynamo' if dynamo else 'legacy'}.onnx", dynamo)
    # As the dynamo exporter writes by default: the weights in cifar_external.onnx.data, which
    # is not kept (the test shows the reader refuses the file without looking for it).
    torch.manual_seed(0)
    torch.onnx.export(Cifar().eval(), (torch.rand(1, 3, 32, 32),), HERE / "cifar_external.onnx", dynamo=True)
    (HERE / "cifar_external.onnx.data").unlink()
    print("torch", torch.__version__)
