"""A visitor's own model file, in either format the app opens: a Keras 3 `.keras` file (a zip,
cnn_viz.keras_file) or an ONNX `.onnx` file (a protobuf, cnn_viz.onnx_file, what PyTorch's
torch.onnx.export writes). Both are read as data, never run, into the same model.Network."""

from pathlib import PurePath

from . import keras_file, onnx_file
from .model_checks import MAX_FILE_BYTES, MAX_PARAMETERS, ModelFileError

__all__ = ["MAX_FILE_BYTES", "MAX_PARAMETERS", "SUFFIXES", "ModelFileError", "read"]

SUFFIXES = ("keras", "onnx")
ZIP = b"PK\x03\x04"


def read(data, filename="model"):
    """A model.Network from a model file's bytes, or ModelFileError. The format is the bytes'
    (a .keras file is a zip); the file's name only says which sentence a file that is neither
    gets, and names the model (its stem)."""
    path = PurePath(str(filename))
    known = path.suffix.lower() in (".keras", ".onnx")
    name = path.stem if known else path.name
    reader = keras_file if bytes(data[:4]) == ZIP or path.suffix.lower() == ".keras" else onnx_file
    try:
        return reader.read(data, name[:40])
    except ModelFileError as error:
        if not known and error.key in ("own.not_keras", "own.not_onnx"):  # a .pt (a zip), a .h5, a picture...
            raise ModelFileError("own.not_model") from error
        raise
