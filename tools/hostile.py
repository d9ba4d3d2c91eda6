"""Files a hostile (or unlucky) visitor may upload: just under the 20-megapixel cap, tiny on
disk, and costly to decode carelessly. The tests and the load test's hostile phase use them."""

import io

import numpy as np
from PIL import Image

SIZE = (5000, 3990)


def save(im, fmt, **options):
    buf = io.BytesIO()
    im.save(buf, fmt, **options)
    return buf.getvalue()


def _ramp(levels=9):
    """A left-to-right ramp of a few levels: compresses to almost nothing."""
    w, h = SIZE
    return np.repeat(np.round(np.linspace(0, 1, w, dtype=np.float32) * (levels - 1))[None, :] / (levels - 1), h, 0)


def hostile_float_tiff():
    return save(Image.fromarray(_ramp(), "F"), "TIFF", compression="tiff_deflate")


def hostile_grey16():
    return save(Image.fromarray((_ramp() * 65535).astype(np.uint16)), "PNG")


def hostile_rgba():
    a = np.zeros((*SIZE[::-1], 4), np.uint8)
    a[..., 0] = 200
    a[..., 3] = (_ramp() * 255).astype(np.uint8)  # transparent on the left, opaque red on the right
    return save(Image.fromarray(a, "RGBA"), "PNG")


FILES = {"float.tif": hostile_float_tiff, "grey16.png": hostile_grey16, "rgba.png": hostile_rgba}
