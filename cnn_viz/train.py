"""Train the article's CNN on CIFAR-10 with Keras and write the three artefacts the app reads.

    models/cifar10_cnn.keras  the Keras model (no optimizer state), for checks and reuse
    models/cifar10_cnn.npz    the weights as plain arrays, served by cnn_viz.model with numpy
    models/cifar10_cnn.json   metrics: test accuracy, per class, confusion matrix, curves, recipe

With `data.load_cifar10`'s download path, this is where the library imports TensorFlow; the app never does.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import datetime  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from . import architecture, metrics  # noqa: E402
from . import model as engine  # noqa: E402
from .data import CLASSES, load_cifar10  # noqa: E402

ARTICLE_EPOCHS = 10
BATCH_SIZE = 64
SHIFT = 0.1  # augmentation: shift up to 10% of the width/height (about 3 pixels)


def build_model():
    """The article's network (TensorFlow's CNN tutorial) as a Keras model, from the engine's
    specs (architecture.SPECS): the model Keras trains is the one numpy serves."""
    layers = [keras.Input(architecture.INPUT_SHAPE, name="image")]
    for spec in architecture.SPECS:
        layers.append(_keras_layer(spec))
    return keras.Sequential(layers, name="cifar10_cnn")


def _keras_layer(spec):
    """One spec as its Keras layer; a kind the shipped network does not use raises."""
    kind, name = spec["kind"], spec["name"]
    if kind == "conv":
        return keras.layers.Conv2D(
            spec["filters"], spec["size"], spec["strides"], spec["padding"], activation=spec["activation"], name=name
        )
    if kind == "maxpool":
        return keras.layers.MaxPooling2D(spec["size"], spec["strides"], spec["padding"], name=name)
    if kind == "flatten":
        return keras.layers.Flatten(name=name)
    if kind == "dense":
        return keras.layers.Dense(spec["units"], activation=spec["activation"], name=name)
    raise ValueError(f"Training builds no {kind!r} layer ({name}).")


def compile_model(model, learning_rate=1e-3, decay_steps=None):
    """Adam; with decay_steps, the learning rate falls along a cosine to zero over that many
    steps, so the last epochs settle instead of jumping around."""
    if decay_steps:
        learning_rate = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model


def training_dataset(x, y, augment, seed, batch_size=BATCH_SIZE):
    """Shuffled batches of (float image in [0, 1], label); flips and small shifts when augment."""
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x), seed=seed)
    ds = ds.batch(batch_size).map(lambda a, b: (tf.cast(a, tf.float32) / 255.0, b))
    if augment:
        # Outside the model on purpose: the saved network stays exactly the article's.
        augmenter = keras.Sequential(
            [
                keras.layers.RandomFlip("horizontal", seed=seed),
                keras.layers.RandomTranslation(SHIFT, SHIFT, fill_mode="nearest", seed=seed),
            ]
        )
        ds = ds.map(lambda a, b: (augmenter(a, training=True), b), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


class EpochLine(keras.callbacks.Callback):
    """One plain line per epoch, readable in a log file as well as a terminal."""

    def __init__(self, epochs):
        super().__init__()
        self.epochs = epochs

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        print(
            f"epoch {epoch + 1}/{self.epochs}: train loss {logs.get('loss', 0):.4f} "
            f"accuracy {logs.get('accuracy', 0):.4f} | test loss {logs.get('val_loss', 0):.4f} "
            f"accuracy {logs.get('val_accuracy', 0):.4f}",
            flush=True,
        )


SNAPSHOTS_NAME = "training.npz"
SNAPSHOT_STEPS = (0, 50, 200, 1000)  # early moments, where the filters change most
SNAPSHOT_EPOCHS = (1, 2, 5, 10, 20, 40)  # and the ends of these epochs (and of the last)
LOSS_EVERY = 25  # steps between the loss curve's points


class Snapshots(keras.callbacks.Callback):
    """The network as it learns: its weights at SNAPSHOT_STEPS and at the ends of
    SNAPSHOT_EPOCHS, and the running loss every LOSS_EVERY steps. It only copies weights: a
    forward pass in the middle of fit() made the run differ from the same run without it from
    the second epoch on. Their test accuracies are measured after the run (`measure`), by the
    engine on the whole test split. Written by `write` to models/training.npz, which the
    replay reads (cnn_viz.replay)."""

    def __init__(self, epochs):
        super().__init__()
        self.epochs, self.step = epochs, 0
        self.kept, self.loss, self.accuracy = [], [], []

    def _keep(self, label):
        self.kept.append((label, self.step, [w.copy() for w in self.model.get_weights()]))
        print(f"snapshot {label} (step {self.step})", flush=True)

    def measure(self, x_test, y_test):
        """Each snapshot's test accuracy, the engine's, as `metrics.evaluate` gives the final one."""
        for label, _, weights in self.kept:
            pairs = {name: (weights[2 * i], weights[2 * i + 1]) for i, name in enumerate(engine.WEIGHTED)}
            found = metrics.evaluate(engine.Network(weights=pairs), x_test, y_test)["accuracy"]
            self.accuracy.append(found)
            print(f"snapshot {label}: test accuracy {found:.4f}", flush=True)

    def on_train_begin(self, logs=None):
        self._keep("start")

    def on_train_batch_end(self, batch, logs=None):
        self.step += 1
        if self.step % LOSS_EVERY == 0:
            self.loss.append((self.step, float((logs or {}).get("loss", np.nan))))
        if self.step in SNAPSHOT_STEPS:
            self._keep(f"step {self.step}")

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 in SNAPSHOT_EPOCHS or epoch + 1 == self.epochs:
            self._keep(f"epoch {epoch + 1}")

    def write(self, path):
        arrays = {
            "labels": np.array([label for label, *_ in self.kept]),
            "steps": np.array([step for _, step, *_ in self.kept]),
            "test_accuracy": np.array(self.accuracy),
            "loss_steps": np.array([s for s, _ in self.loss]),
            "loss": np.array([v for _, v in self.loss], dtype=np.float32),
            "steps_per_epoch": np.array(self.params.get("steps") or 0),
        }
        names = [f"{layer.name}/{part}" for layer in self.model.layers if layer.weights for part in ("kernel", "bias")]
        for i, (_, _, weights) in enumerate(self.kept):
            for name, w in zip(names, weights):
                arrays[f"{i}/{name}"] = w.astype(np.float32)
        np.savez_compressed(path, **arrays)
        return path


def export_weights(model, path):
    """Write every Conv2D/Dense kernel and bias as `<layer>/kernel`, `<layer>/bias` in an .npz."""
    arrays = {}
    for layer in model.layers:
        if layer.weights:
            kernel, bias = layer.get_weights()
            arrays[f"{layer.name}/kernel"] = kernel.astype(np.float32)
            arrays[f"{layer.name}/bias"] = bias.astype(np.float32)
    np.savez(path, **arrays)


def versions():
    import PIL

    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
        "pillow": PIL.__version__,
    }


def train(
    data_dir=None,
    out_dir=engine.MODELS_DIR,
    epochs=ARTICLE_EPOCHS,
    augment=False,
    seed=0,
    learning_rate=1e-3,
    batch_size=BATCH_SIZE,
    cosine=False,
    command=None,
    snapshots=True,
):
    """Train, evaluate with the numpy engine, write the three artefacts; return the metrics dict."""
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    (x_train, y_train), (x_test, y_test), source = load_cifar10(data_dir)
    print(f"data: {source}, {len(x_train)} training and {len(x_test)} test images", flush=True)

    steps = epochs * -(-len(x_train) // batch_size)
    model = compile_model(build_model(), learning_rate, steps if cosine else None)
    test_ds = tf.data.Dataset.from_tensor_slices((x_test.astype(np.float32) / 255.0, y_test)).batch(500)
    kept = Snapshots(epochs) if snapshots else None
    history = model.fit(
        training_dataset(x_train, y_train, augment, seed, batch_size),
        validation_data=test_ds,
        epochs=epochs,
        shuffle=False,
        verbose=1 if sys.stdout.isatty() else 0,
        callbacks=[EpochLine(epochs), *([kept] if kept else [])],
    )

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if kept:
        kept.measure(x_test, y_test)
        kept.write(out_dir / SNAPSHOTS_NAME)
    clean = build_model()  # a fresh, uncompiled copy: saved without optimizer state
    clean.set_weights(model.get_weights())
    clean.save(out_dir / engine.KERAS_PATH.name)
    export_weights(clean, out_dir / engine.WEIGHTS_PATH.name)

    network = engine.load(out_dir / engine.WEIGHTS_PATH.name)
    result = metrics.evaluate(network, x_test, y_test)
    keras_logits = clean.predict(x_test[:1000].astype(np.float32) / 255.0, verbose=0)
    numpy_logits = network.forward(x_test[:1000].astype(np.float32) / 255.0)["logits"]
    report = {
        "test_accuracy": result["accuracy"],
        "test_data": f"{source}, test split ({result['n_images']} images)",
        "data_source": source,
        "classes": list(CLASSES),
        "per_class_accuracy": result["per_class_accuracy"],
        "confusion_matrix": result["confusion_matrix"],
        "history": {
            "epoch": list(range(1, epochs + 1)),
            "train_loss": history.history["loss"],
            "train_accuracy": history.history["accuracy"],
            "test_loss": history.history["val_loss"],
            "test_accuracy": history.history["val_accuracy"],
        },
        "history_note": (
            "train figures are Keras' running means over each epoch's batches"
            + (" of augmented images" if augment else "")
            + "; test figures are measured after each epoch"
        ),
        "parameters": network.parameters(),
        "layers": [
            {**row, "input_shape": list(row["input_shape"]), "output_shape": list(row["output_shape"])}
            for row in network.summary()
        ],
        "recipe": {
            "epochs": epochs,
            "augment": bool(augment),
            "augmentation": f"horizontal flip, shift up to {SHIFT:.0%}" if augment else None,
            "seed": seed,
            "batch_size": batch_size,
            "optimizer": "Adam",
            "learning_rate": learning_rate,
            "learning_rate_schedule": "cosine decay to 0" if cosine else "constant",
            "loss": "sparse categorical cross-entropy from logits",
        },
        "train_images": int(len(x_train)),
        "numpy_vs_keras_max_logit_difference": float(np.abs(keras_logits - numpy_logits).max()),
        "command": command,
        "trained_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": versions(),
    }
    with open(out_dir / engine.METRICS_PATH.name, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1)
    print(f"test accuracy {report['test_accuracy']:.4f} on {report['test_data']}", flush=True)
    return report
