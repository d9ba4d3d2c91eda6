"""Accuracy, per-class accuracy and the confusion matrix, in numpy."""

import numpy as np

from .data import CLASSES

N_CLASSES = len(CLASSES)


def confusion_matrix(y_true, y_pred, n_classes=N_CLASSES):
    """Rows are the true class, columns the predicted class."""
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return matrix


def evaluate(network, x_uint8, y, batch_size=1000):
    """Accuracy figures of `network` on uint8 images (N, 32, 32, 3) with labels (N,)."""
    preds = []
    for start in range(0, len(x_uint8), batch_size):
        batch = x_uint8[start : start + batch_size].astype(np.float32) / 255.0
        preds.append(network.forward(batch, keep=())["logits"].argmax(axis=1))
    y_pred = np.concatenate(preds) if preds else np.zeros(0, dtype=int)
    matrix = confusion_matrix(y, y_pred)
    per_class = matrix.diagonal() / np.maximum(matrix.sum(axis=1), 1)
    return {
        "accuracy": float((y_pred == np.asarray(y)).mean()) if len(y) else 0.0,
        "per_class_accuracy": {name: float(a) for name, a in zip(CLASSES, per_class)},
        "confusion_matrix": matrix.tolist(),
        "n_images": int(len(y)),
        "predictions": y_pred,
    }
