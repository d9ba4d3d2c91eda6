"""Command line: python -m cnn_viz {train,info,predict,evaluate,gallery} ..."""

import argparse
import json
import sys


def cmd_train(args):
    from . import train  # imports TensorFlow

    command = "python -m cnn_viz " + " ".join(sys.argv[1:])
    train.train(data_dir=args.data_dir, out_dir=args.out_dir, epochs=args.epochs,
                augment=args.augment, seed=args.seed, learning_rate=args.learning_rate,
                command=command)
    return 0


def parser():
    from .model import MODELS_DIR

    p = argparse.ArgumentParser(prog="python -m cnn_viz", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train the article's CNN and write models/cifar10_cnn.*")
    t.add_argument("--data-dir", help="folder with train/ and test/ of class sub-folders "
                   "(default: download with keras.datasets.cifar10)")
    t.add_argument("--epochs", type=int, default=10, help="epochs (the article trains 10)")
    t.add_argument("--augment", action="store_true",
                   help="random horizontal flips and shifts of up to 10%% while training")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--learning-rate", type=float, default=1e-3)
    t.add_argument("--out-dir", default=str(MODELS_DIR))
    t.set_defaults(func=cmd_train)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
