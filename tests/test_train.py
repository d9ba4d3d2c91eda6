"""Training for one epoch on a tiny generated folder writes the three artefacts, and they load."""

import json

import numpy as np
import pytest

from cnn_viz import model
from cnn_viz.data import SOURCE_FOLDER

pytestmark = pytest.mark.slow  # a real Keras epoch


def test_one_epoch_writes_loadable_artefacts(tiny_dataset, tmp_path):
    from cnn_viz import train  # imports TensorFlow: 8 s, for the tests that train

    out = tmp_path / "models"
    report = train.train(data_dir=tiny_dataset, out_dir=out, epochs=1, augment=True, seed=3)
    for path in (model.KERAS_PATH, model.WEIGHTS_PATH, model.METRICS_PATH):
        assert (out / path.name).is_file()

    saved = json.loads((out / model.METRICS_PATH.name).read_text())
    assert saved["test_accuracy"] == report["test_accuracy"]
    assert saved["data_source"] == SOURCE_FOLDER
    assert saved["recipe"] == {**saved["recipe"], "epochs": 1, "augment": True, "seed": 3}
    assert np.array(saved["confusion_matrix"]).sum() == 20
    assert saved["numpy_vs_keras_max_logit_difference"] < 1e-4

    network = model.load(out / model.WEIGHTS_PATH.name)
    import keras

    keras_model = keras.models.load_model(out / model.KERAS_PATH.name, compile=False)
    assert getattr(keras_model, "optimizer", None) is None, "saved without optimizer state"
    x = np.random.default_rng(0).random((4, 32, 32, 3), dtype=np.float32)
    np.testing.assert_allclose(network.forward(x)["logits"], keras_model(x, training=False), atol=1e-4)
