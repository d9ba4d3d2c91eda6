"""Which of the network's layers learns a new class better from a few pictures?

    python -m tools.few_shot [--data-dir ../shared/cifar10] [--trials 30]

For each trial: three CIFAR-10 classes drawn at random, `n` pictures of each from the test
split (pictures the network never trained on), a new last layer trained on them
(cnn_viz/new_classes.py) from the "dense" (64 numbers) or the "conv3" (1,024) features.
Printed per layer and n: the accuracy the page reports (each picture left out in turn) and
the accuracy on 100 other test pictures of the same classes, mean over the trials, and the
training time. CIFAR-10's classes flatter both: the network was trained to tell them apart,
so a class it never saw (a pencil case) is harder. Prints numbers; asserts nothing.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from cnn_viz import ROOT, model, new_classes
from cnn_viz.data import load_split_cached


def trial(net_out, y, rng, n, layer, held_out=100):
    classes = rng.choice(10, 3, replace=False)
    train_idx, test_idx = [], []
    for c in classes:
        pool = rng.permutation(np.flatnonzero(y == c))
        train_idx.append(pool[:n])
        test_idx.append(pool[n : n + held_out])
    train_idx, test_idx = np.concatenate(train_idx), np.concatenate(test_idx)
    relabel = {c: i for i, c in enumerate(classes)}
    labels = np.array([relabel[c] for c in y[train_idx]])
    feats = net_out[layer]
    started = time.perf_counter()
    head = new_classes.train(feats[train_idx], labels, classes, layer)
    seconds = time.perf_counter() - started
    loo = (new_classes.leave_one_out(feats[train_idx], labels, classes) == labels).mean()
    truth = np.array([relabel[c] for c in y[test_idx]])
    held = (head.probabilities(feats[test_idx]).argmax(axis=1) == truth).mean()
    return loo, held, seconds


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.few_shot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "cifar10"))
    p.add_argument("--trials", type=int, default=30)
    args = p.parse_args(argv)
    x, y = load_split_cached(Path(args.data_dir) / "test")
    net = model.load()
    outputs = net.forward(x.astype(np.float32) / 255)
    net_out = {layer: outputs[layer].reshape(len(x), -1).astype(np.float64) for layer in new_classes.LAYERS}
    heading = f"{'layer':<7}{'n':>3}  {'left out':>9}  {'held out':>9}  {'train ms':>8}"
    print(f"{heading}   ({args.trials} trials, 3 classes)")
    for layer in new_classes.LAYERS:
        for n in (5, 10, 20):
            rng = np.random.default_rng(n)  # the same draws for both layers
            found = np.array([trial(net_out, y, rng, n, layer) for _ in range(args.trials)])
            loo, held, seconds = found.mean(axis=0)
            print(f"{layer:<7}{n:>3}  {loo:>9.1%}  {held:>9.1%}  {seconds * 1000:>8.1f}")


if __name__ == "__main__":
    main()
