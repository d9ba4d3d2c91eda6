"""The command line: `python -m cnn_viz ...` runs `main(argv)`, which these tests call with the
same arguments (in the process, so the inner loop needs none); one test runs it as a user does."""

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest
from PIL import Image

from cnn_viz import ROOT, gallery, keras_file
from cnn_viz.__main__ import main
from tests import malformed_models


@pytest.fixture
def cli(capsys):
    """Run the command line with these arguments: its exit code, standard output and error."""

    def run(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as leaving:  # argparse and explicit exits
            code = leaving.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code or 0, stdout=out.out, stderr=out.err)

    return run


def test_info_lists_the_layers_and_the_total(cli):
    out = cli("info", "--json")
    assert out.returncode == 0
    info = json.loads(out.stdout)
    assert [layer["name"] for layer in info["layers"]] == [
        "conv1",
        "pool1",
        "conv2",
        "pool2",
        "conv3",
        "flatten",
        "dense",
        "logits",
    ]
    assert info["total_parameters"] == 122_570
    assert info["layers"][0]["output_shape"] == [30, 30, 32]
    text = cli("info").stdout
    assert "122,570" in text and "4 x 4 x 64" in text


def test_predict_classifies_good_files_and_reports_bad_ones(cli, tmp_path):
    ship = gallery.by_id("ship-0").path
    photo = tmp_path / "photo.jpg"
    Image.open(ship).convert("RGB").resize((300, 200)).save(photo)
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    out = cli("predict", ship, bad, photo, tmp_path / "missing.png", "--top", "4", "--json")
    assert out.returncode == 1, "a failed file makes the exit code non-zero"
    assert "Traceback" not in out.stderr
    results = json.loads(out.stdout)
    assert [r["file"] for r in results] == [str(ship), str(bad), str(photo), str(tmp_path / "missing.png")]
    good, refused, resized, missing = results
    assert len(good["top"]) == 4 and set(good["top"][0]) == {"label", "probability"}
    probs = [t["probability"] for t in good["top"]]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1.0001
    assert "not a picture" in refused["error"] and "top" not in refused
    assert resized["top"][0]["label"] in {t["label"] for t in good["top"]}
    assert missing["error"] == "There is no such file."


def test_predict_succeeds_when_every_file_is_a_picture(cli):
    out = cli("predict", gallery.by_id("cat-0").path, gallery.by_id("truck-1").path)
    assert out.returncode == 0
    assert out.stdout.count("%") == 6  # three classes per file


def test_evaluate_on_a_folder(cli, tiny_dataset):
    out = cli("evaluate", "--data-dir", tiny_dataset, "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["n_images"] == 20
    assert len(result["confusion_matrix"]) == 10 and sum(map(sum, result["confusion_matrix"])) == 20
    assert 0 <= result["accuracy"] <= 1 and set(result["per_class_accuracy"]) == set(result["classes"])


def test_evaluate_says_what_is_missing(cli, tmp_path):
    out = cli("evaluate", "--data-dir", tmp_path)
    assert out.returncode == 2 and "no folder for the classes" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.slow
def test_python_m_cnn_viz_predicts_without_loading_tensorflow():
    """As a user runs it, in a fresh interpreter."""
    code = (
        "import runpy, sys; sys.argv = ['cnn_viz', 'predict', "
        f"{str(gallery.by_id('dog-0').path)!r}]\n"
        "try: runpy.run_module('cnn_viz', run_name='__main__')\n"
        "except SystemExit as done: print(done.code, 'tensorflow' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "dog" in out.stdout and out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr


@pytest.fixture(scope="module")
def own_keras(tmp_path_factory):
    """A small Keras 3 model of one's own: grey 12 x 12 pictures, three classes named in the file."""
    import keras

    from tests.test_keras_file import with_class_names

    keras.utils.set_random_seed(0)
    net = keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            keras.layers.Conv2D(4, 3, activation="relu", name="edges"),
            keras.layers.Flatten(name="flat"),
            keras.layers.Dense(3, activation="softmax", name="scores"),
        ]
    )
    path = tmp_path_factory.mktemp("own") / "mine.keras"
    net.save(path)
    path.write_bytes(with_class_names(path.read_bytes(), ["circle", "square", "star"]))
    return path


def test_info_and_predict_open_a_keras_model_of_ones_own(cli, own_keras):
    out = cli("info", "--model", own_keras, "--json")
    info = json.loads(out.stdout)
    assert (
        out.returncode == 0 and info["input_shape"] == [12, 12, 1] and info["classes"] == ["circle", "square", "star"]
    )
    assert [(r["name"], r["output_shape"], r["parameters"]) for r in info["layers"]] == [
        ("edges", [10, 10, 4], 40),
        ("flat", [400], 0),
        ("scores", [3], 1203),
    ]
    out = cli("predict", ROOT / "models/samples/cat-1.png", "--model", own_keras, "--json")
    [result] = json.loads(out.stdout)
    assert out.returncode == 0 and [t["label"] for t in result["top"]] != []
    assert {t["label"] for t in result["top"]} == {"circle", "square", "star"}
    assert sum(t["probability"] for t in result["top"]) == pytest.approx(1, abs=1e-5)


def test_info_and_predict_open_a_pytorch_model_exported_to_onnx(cli):
    """The TorchScript exporter's MNIST-shaped file (tests/files/onnx/make.py): its layers by
    PyTorch's module names, its class names from its metadata; a file whose weights are in
    another file is one sentence saying how to export it whole."""
    exported = ROOT / "tests/files/onnx/mnist_legacy.onnx"
    out = cli("info", "--model", exported)
    assert out.returncode == 0 and "classes: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9" in out.stdout
    assert "written by: pytorch 2.14.1" in out.stdout
    assert ["conv1", "conv", "26", "x", "26", "x", "8", "80"] in [line.split() for line in out.stdout.splitlines()]
    out = cli("predict", ROOT / "models/samples/cat-1.png", "--model", exported, "--json", "--top", "10")
    [result] = json.loads(out.stdout)
    assert sorted(t["label"] for t in result["top"]) == [str(i) for i in range(10)]
    out = cli("info", "--model", ROOT / "tests/files/onnx/cifar_external.onnx")
    assert out.returncode == 2 and "external_data=False" in out.stderr and out.stderr.count("\n") == 1


def test_a_model_it_cannot_open_is_one_sentence(cli, tmp_path):
    bad = tmp_path / "notes.keras"
    bad.write_text("not a model")
    out = cli("info", "--model", bad)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().endswith("is damaged.") and out.stderr.count("\n") == 1


@pytest.mark.parametrize("what", list(malformed_models.CORPUS))
def test_a_malformed_model_is_one_sentence_and_status_2_for_info_and_predict(cli, tmp_path, what):
    """Issue 35's corpus (tests/malformed_models.py): no traceback, the reader's own sentence."""
    key, make = malformed_models.CORPUS[what]
    path = tmp_path / "bad.keras"
    path.write_bytes(make())
    with pytest.raises(keras_file.ModelFileError) as refused:
        keras_file.read(path.read_bytes())
    assert refused.value.key == key
    for args in (["info", "--model", path], ["predict", ROOT / "models/samples/cat-1.png", "--model", path, "--json"]):
        out = cli(*args)
        assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr, args
        assert out.stderr == f"error: {path}: {refused.value}\n"
