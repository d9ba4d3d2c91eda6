"""What feature visualisation costs and reaches, printed (run on one core for the figures the
issue asks for: `OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python -m tools.visualise_bench`).

For each layer of the shipped set: the time one unit's climb takes (a few units, median), the
time the whole layer would take at that rate, and the map mean (before ReLU) each unit's
shipped picture reached against the best of the training split's pictures (every one of the
50,000, or --limit of them), the reference a maximiser must beat."""

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from cnn_viz import data, model, visualise


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(Path(__file__).resolve().parents[2] / "shared" / "cifar10"))
    parser.add_argument("--limit", type=int, default=None, help="training pictures to compare with (default all)")
    parser.add_argument("--timed", type=int, default=3, help="units timed per layer")
    args = parser.parse_args()
    net = model.load()
    x, _ = data.load_split_cached(Path(args.data_dir) / "train")
    x = x[: args.limit] if args.limit else x
    print(f"asset: {visualise.PATH.name}, {visualise.PATH.stat().st_size / 1e3:.0f} kB")
    total = 0.0
    for layer in visualise.SHIPPED_LAYERS:
        n = visualise.units(net, layer)
        took = []
        for unit in range(args.timed):
            started = time.perf_counter()
            visualise.maximise(net, layer, unit)
            took.append(time.perf_counter() - started)
        each = statistics.median(took)
        total += each * n
        _, reached, _ = visualise.shipped_layer(layer)
        best = np.full(n, -np.inf)
        for start in range(0, len(x), 1000):
            batch = x[start : start + 1000].astype(np.float32) / 255.0
            best = np.maximum(best, visualise.activation(net, batch, layer).max(axis=0))
        above = int((reached > best).sum())
        print(
            f"{layer}: {each:.2f} s a unit, {each * n:.0f} s for its {n}; reached median {np.median(reached):.3g} "
            f"against the best of {len(x):,} training pictures' {np.median(best):.3g}; above it on {above} of {n}"
        )
    print(f"the whole shipped set at this rate: {total:.0f} s")


if __name__ == "__main__":
    main()
