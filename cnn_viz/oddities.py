"""Pictures that are none of CIFAR-10's ten classes: noise, a blank picture, text, a person.

A closed-world classifier still shares 100% among its ten classes for them. The Why this
class? page offers them as samples, and `python -m cnn_viz neighbours` measures how often
the "does not look like CIFAR-10" notice fires on many variants of each.
"""

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import MODELS_DIR

KINDS = ("noise", "blank", "text", "person")
PERSON_PATH = MODELS_DIR / "samples" / "other" / "person.jpg"
WORDS = ("CNN", "Hello", "42", "猫", "ReLU", "A+B", "SALE", "cat")


def noise(seed=0):
    """Every pixel a random colour."""
    return np.random.default_rng(seed).integers(0, 256, (32, 32, 3), dtype=np.uint8)


def blank(seed=0):
    """One flat colour: mid grey first, then other greys and colours."""
    colours = [(128, 128, 128), (255, 255, 255), (0, 0, 0), (200, 30, 30), (30, 160, 60), (40, 60, 200)]
    if seed < len(colours):
        colour = colours[seed]
    else:
        colour = tuple(int(v) for v in np.random.default_rng(seed).integers(0, 256, 3))
    return np.full((32, 32, 3), colour, dtype=np.uint8)


def text(seed=0):
    """A word in dark letters on a light background."""
    rng = np.random.default_rng(seed)
    word = WORDS[seed % len(WORDS)]
    background = tuple(int(v) for v in rng.integers(200, 256, 3))
    ink = tuple(int(v) for v in rng.integers(0, 80, 3))
    im = Image.new("RGB", (96, 96), background)
    draw = ImageDraw.Draw(im)
    font = _font(40 if len(word) <= 3 else 26)
    box = draw.textbbox((0, 0), word, font=font)
    draw.text(((96 - box[2] - box[0]) / 2, (96 - box[3] - box[1]) / 2), word, fill=ink, font=font)
    return np.asarray(im.resize((32, 32), Image.Resampling.BOX))


def _font(size):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: one small bitmap font
        return ImageFont.load_default()


def person(seed=0):
    """The shipped photo of a person; other seeds crop and shift it a little."""
    with Image.open(PERSON_PATH) as im:
        im = im.convert("RGB")
        if seed:
            rng = np.random.default_rng(seed)
            side = int(rng.integers(110, 161))
            left, top = (int(v) for v in rng.integers(0, 161 - side, 2))
            im = im.crop((left, top, left + side, top + side))
        return np.asarray(im)


def available():
    """The kinds this server can make: the person is a shipped photo, the others are drawn."""
    return tuple(kind for kind in KINDS if kind != "person" or PERSON_PATH.is_file())


def make(kind, seed=0):
    """One picture (RGB uint8) of a kind in KINDS."""
    if kind not in KINDS:
        raise ValueError(f"There is no sample called {kind!r}: choose one of {', '.join(KINDS)}.")
    return {"noise": noise, "blank": blank, "text": text, "person": person}[kind](seed)
