"""Command line for CNN Viz.

    python -m cnn_viz info [--json] [--model M.keras|M.onnx]  the network's layers, shapes and parameters
    python -m cnn_viz predict FILE... [--top K] [--json] [--model M.keras|M.onnx]
                                                         classify pictures (with the shipped model,
                                                         or your own: a Keras 3 .keras or an ONNX .onnx file)
    python -m cnn_viz evaluate --data-dir DIR [--json]   accuracy on a folder of class sub-folders
    python -m cnn_viz train [--data-dir DIR] [--epochs N] [--augment] ...
    python -m cnn_viz gallery --data-dir DIR             rebuild models/samples from DIR/test
    python -m cnn_viz exemplars --data-dir DIR           rebuild models/exemplars.npz from DIR/train
    python -m cnn_viz neighbours --data-dir DIR          rebuild models/lookalikes.npz from DIR/train and DIR/test
    python -m cnn_viz faithfulness                       rebuild models/faithfulness.json from the shipped samples
    python -m cnn_viz testset --data-dir DIR             rebuild models/test_subset.npz: 100 test pictures a class
    python -m cnn_viz visualise [--steps N]              rebuild models/visualisations.npz: what each conv map
                                                         and class of the shipped network wants to see

Only `train` imports TensorFlow; the others run on numpy.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from . import data, exemplars, faithfulness, gallery, images, lookalikes, metrics, model, model_file, replay, visualise
from .model import MODELS_DIR, WEIGHTS_PATH


def _shape(shape):
    return " x ".join(str(d) for d in shape)


OWN_MODEL_HELP = "a model of your own (Keras 3 .keras, or ONNX .onnx from PyTorch) instead of the shipped network"


def _own(path):
    """The visitor's .keras or .onnx model, or None (one sentence on stderr) when it cannot be opened."""
    try:
        return model_file.read(Path(path).read_bytes(), Path(path).name)
    except OSError:
        print(f"error: {path}: this file could not be read.", file=sys.stderr)
    except model_file.ModelFileError as error:
        print(f"error: {path}: {error}", file=sys.stderr)
    return None


def cmd_info(args):
    own = _own(args.model) if args.model else None
    if args.model and own is None:
        return 2
    net = own or model.load()
    rows, input_shape = net.summary(), net.input_shape
    total = sum(r["parameters"] for r in rows)
    if args.json:
        print(
            json.dumps(
                {
                    "input_shape": list(input_shape),
                    "layers": [
                        {**r, "input_shape": list(r["input_shape"]), "output_shape": list(r["output_shape"])}
                        for r in rows
                    ],
                    "total_parameters": total,
                    **({"classes": list(own.classes), "made_by": own.made_by} if own else {}),
                },
                indent=1,
            )
        )
        return 0
    width = max(9, *(len(r["name"]) + 2 for r in rows))
    print(f"{'layer':<{width}}{'kind':<10}{'output shape':<16}{'parameters':>11}")
    print(f"{'input':<{width}}{'':<10}{_shape(input_shape):<16}{0:>11,}")
    for r in rows:
        print(f"{r['name']:<{width}}{r['kind']:<10}{_shape(r['output_shape']):<16}{r['parameters']:>11,}")
    print(f"{'total':<{width + 26}}{total:>11,}")
    if own:
        print("classes: " + ", ".join(own.classes))
        print(
            f"written by: {own.made_by}"
            + "".join(f"; {s['folded']} folded into {s['name']}" for s in own.layers if s.get("folded"))
        )
    return 0


def _classify(path, network, k):
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return {"file": path, "error": "There is no such file."}
    except IsADirectoryError:
        return {"file": path, "error": "This is a folder, not a picture file."}
    except OSError:
        return {"file": path, "error": "This file could not be read."}
    try:
        rgb = images.decode(data)
    except images.ImageError as error:
        return {"file": path, "error": str(error)}
    x = images.to_model_input(rgb) if network.shipped else network.input_from(rgb)
    top = model.top_k(network.predict(x), k, network.classes)
    return {"file": path, "top": [{"label": label, "probability": round(p, 6)} for label, p in top]}


def cmd_predict(args):
    network = _own(args.model) if args.model else model.load(args.weights)
    if network is None:
        return 2
    results = [_classify(path, network, args.top) for path in args.files]
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            if "error" in r:
                print(f"{r['file']}: error: {r['error']}")
            else:
                print(f"{r['file']}: " + ", ".join(f"{t['label']} {t['probability']:.1%}" for t in r["top"]))
    return 1 if any("error" in r for r in results) else 0


def cmd_evaluate(args):
    folder = Path(args.data_dir)
    split = folder / "test" if (folder / "test").is_dir() else folder
    try:
        x, y = data.load_split(split)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    result = metrics.evaluate(model.load(args.weights), x, y)
    result.pop("predictions")
    if args.json:
        print(json.dumps({"data_dir": str(split), "classes": list(data.CLASSES), **result}, indent=1))
        return 0
    print(f"accuracy {result['accuracy']:.2%} on {result['n_images']} images in {split}")
    for name, acc in result["per_class_accuracy"].items():
        print(f"  {name:<11}{acc:.1%}")
    print("confusion matrix (rows: true class, columns: predicted, in the order above):")
    for row in result["confusion_matrix"]:
        print("  " + " ".join(f"{v:5d}" for v in row))
    return 0


def cmd_train(args):
    from . import train  # imports TensorFlow

    # Recorded in the metrics file; the output folder does not change the result.
    recipe = [a for a in sys.argv[1:]]
    if "--out-dir" in recipe:
        i = recipe.index("--out-dir")
        del recipe[i : i + 2]
    train.train(
        data_dir=args.data_dir,
        out_dir=args.out_dir,
        epochs=args.epochs,
        augment=args.augment,
        seed=args.seed,
        learning_rate=args.learning_rate,
        cosine=args.cosine,
        command="python -m cnn_viz " + " ".join(recipe),
    )
    return 0


def cmd_gallery(args):
    manifest = gallery.make_gallery(args.data_dir, per_class=args.per_class)
    print(f"wrote {len(manifest)} samples to {gallery.GALLERY_DIR}")
    return 0


def cmd_exemplars(args):
    started = time.perf_counter()
    try:
        x, _ = data.load_split_cached(Path(args.data_dir) / "train")
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    def progress(done, total):
        print(f"\r{done:,} / {total:,} training pictures", end="", file=sys.stderr, flush=True)

    patches = exemplars.build(model.load(args.weights), x, progress)
    print(file=sys.stderr)
    path = exemplars.write(patches, args.out, source=f"{data.SOURCE_FOLDER}, train split, {len(x):,} pictures")
    size = Path(path).stat().st_size
    print(f"wrote {path} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


def cmd_testset(args):
    try:
        arrays = replay.build_test_subset(Path(args.data_dir), args.per_class)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    path = replay.write_test_subset(arrays, args.out or replay.TEST_PATH)
    size = Path(path).stat().st_size
    print(f"wrote {path} ({len(arrays['labels']):,} test pictures, {size / 1e3:.0f} kB)")
    return 0


def cmd_neighbours(args):
    started = time.perf_counter()
    try:
        arrays = lookalikes.build(model.load(args.weights), Path(args.data_dir), args.per_class, progress=print)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    path = lookalikes.write(arrays, args.out)
    size = Path(path).stat().st_size
    print(f"wrote {path} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


def cmd_faithfulness(args):
    started = time.perf_counter()
    net = model.load(args.weights)
    samples = gallery.samples()[: args.pictures]
    pictures = [(s.rgb().astype("float32") / 255.0, s.label) for s in samples]
    table = faithfulness.build(net, pictures, progress=print)
    path = faithfulness.write(table, args.out)
    print(f"wrote {path} in {time.perf_counter() - started:.0f} s")
    width = max(map(len, table["areas"]))
    print(f"{'method':{width}}  deletion AUC  insertion AUC  ms per picture  rank corr. with every layer noise")
    for name, area in table["areas"].items():
        ms = table["milliseconds"].get(name)
        corr = table["randomisation"].get(name, [None])[-1]
        print(
            f"{name:{width}}  {area['deletion']:12.3f}  {area['insertion']:13.3f}  "
            + (f"{ms:14.0f}  {corr:+.2f}" if ms is not None else f"{'-':>14}  -")
        )
    return 0


def cmd_visualise(args):
    started = time.perf_counter()
    net = model.load(args.weights)
    samples = [s.rgb().astype("float32") / 255.0 for s in gallery.samples()]
    layer_started = [time.perf_counter()]

    def progress(layer, n):
        took = time.perf_counter() - layer_started[0]
        layer_started[0] = time.perf_counter()
        print(f"{layer}: {n} units in {took:.0f} s ({took / n:.2f} s each)", flush=True)

    arrays = visualise.build(net, args.layers, args.steps, args.seed, np.stack(samples), progress)
    path = visualise.write(arrays, args.out or visualise.PATH)
    size = Path(path).stat().st_size
    print(f"wrote {path} ({size / 1e3:.0f} kB) in {time.perf_counter() - started:.0f} s")
    for layer in args.layers:
        reached, best = arrays[f"{layer}/reached"], arrays[f"{layer}/best_sample"]
        above = int((reached > best).sum())
        print(f"{layer}: reached {np.median(reached):.3f} (median) against the best sample's {np.median(best):.3f}; "
              f"above it for {above} of {len(reached)} units")  # fmt: skip
    return 0


def parser():
    p = argparse.ArgumentParser(
        prog="python -m cnn_viz", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("info", help="layers, output shapes and parameter counts")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--model",
        metavar="FILE",
        help=OWN_MODEL_HELP,
    )
    s.set_defaults(func=cmd_info)

    s = sub.add_parser("predict", help="classify picture files")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--top", type=int, default=3, help="how many classes to list (default 3)")
    s.add_argument("--json", action="store_true")
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.add_argument(
        "--model",
        metavar="FILE",
        help=OWN_MODEL_HELP,
    )
    s.set_defaults(func=cmd_predict)

    s = sub.add_parser("evaluate", help="accuracy on a folder of class sub-folders")
    s.add_argument("--data-dir", required=True, help="a folder with test/<class>/ or <class>/ sub-folders")
    s.add_argument("--json", action="store_true")
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_evaluate)

    s = sub.add_parser("train", help="train the article's CNN and write models/cifar10_cnn.*")
    s.add_argument(
        "--data-dir",
        help="folder with train/ and test/ of class sub-folders (default: download with keras.datasets.cifar10)",
    )
    s.add_argument("--epochs", type=int, default=10, help="epochs (the article trains 10)")
    s.add_argument(
        "--augment", action="store_true", help="random horizontal flips and shifts of up to 10%% while training"
    )
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--learning-rate", type=float, default=1e-3)
    s.add_argument("--cosine", action="store_true", help="let the learning rate fall along a cosine to 0 over the run")
    s.add_argument("--out-dir", default=str(MODELS_DIR))
    s.set_defaults(func=cmd_train)

    s = sub.add_parser("gallery", help="rebuild the sample gallery from DIR/test")
    s.add_argument("--data-dir", required=True)
    s.add_argument("--per-class", type=int, default=6)
    s.set_defaults(func=cmd_gallery)

    s = sub.add_parser("exemplars", help="rebuild the patches each conv map responds to, from DIR/train")
    s.add_argument("--data-dir", required=True, help="a folder with train/<class>/ sub-folders")
    s.add_argument("--out", default=None, help=argparse.SUPPRESS)
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_exemplars)

    s = sub.add_parser("neighbours", help="rebuild the look-alike pictures and the notice's threshold")
    s.add_argument("--data-dir", required=True, help="a folder with train/ and test/ of class sub-folders")
    s.add_argument("--out", default=None, help=argparse.SUPPRESS)
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.add_argument("--per-class", type=int, default=300, help="training pictures kept per class (default 300)")
    s.set_defaults(func=cmd_neighbours)

    s = sub.add_parser("faithfulness", help="rebuild the explanation methods' table over the shipped test pictures")
    s.add_argument("--pictures", type=int, default=None, help="use only the first N samples (default: all)")
    s.add_argument("--out", default=None, help=argparse.SUPPRESS)
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_faithfulness)

    s = sub.add_parser(
        "testset", help="rebuild models/test_subset.npz: the test pictures the replay and live training measure on"
    )
    s.add_argument("--data-dir", required=True, help="folder with test/ of class sub-folders")
    s.add_argument(
        "--per-class", type=int, default=replay.PER_CLASS, help=f"pictures per class (default {replay.PER_CLASS})"
    )
    s.add_argument("--out", default=None, help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_testset)

    s = sub.add_parser("visualise", help="rebuild what each conv map and class of the shipped network wants to see")
    s.add_argument("--steps", type=int, default=visualise.STEPS, help=f"steps per unit (default {visualise.STEPS})")
    s.add_argument("--seed", type=int, default=0, help="the start's seed (default 0)")
    s.add_argument("--layers", nargs="+", default=list(visualise.SHIPPED_LAYERS), help=argparse.SUPPRESS)
    s.add_argument("--out", default=None, help=argparse.SUPPRESS)
    s.add_argument("--weights", default=str(WEIGHTS_PATH), help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_visualise)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    if getattr(args, "top", 1) < 1:
        parser().error("--top must be at least 1")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
