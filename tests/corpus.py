"""Odd and hostile picture files, made in memory for the tests (none is stored in the repository)."""

import struct
import zlib

import numpy as np
from PIL import Image

from tools.hostile import hostile_float_tiff, hostile_grey16, hostile_rgba, save  # noqa: F401 - part of the corpus


def gradient(w, h):
    """A colourful RGB picture whose pixels are all different shades."""
    x, y = np.meshgrid(np.linspace(0, 255, w), np.linspace(0, 255, h))
    return Image.fromarray(np.dstack([x, y, 255 - x]).astype(np.uint8), "RGB")


def png_claiming(width, height):
    """A tiny valid-looking PNG whose header claims width x height pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def jpeg_with_orientation(im, orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    return save(im, "JPEG", exif=exif, quality=95)


def rgba_with_holes():
    a = np.zeros((20, 20, 4), np.uint8)
    a[..., 0] = 200  # red where opaque
    a[..., 3] = 255
    a[5:15, 5:15, 3] = 0  # a fully transparent hole in the middle
    return save(Image.fromarray(a, "RGBA"), "PNG")


def animated_gif():
    frames = [Image.new("RGB", (16, 16), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    return save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def sixteen_bit_grey():
    a = np.tile(np.linspace(0, 65535, 64).astype(np.uint16), (16, 1))
    return save(Image.fromarray(a), "PNG")  # uint16 -> mode I;16


def float_tiff():
    a = np.tile(np.linspace(0, 1, 32, dtype=np.float32), (8, 1))
    return save(Image.fromarray(a), "TIFF")  # float32 -> mode F


def cmyk_jpeg():
    return save(Image.new("CMYK", (16, 16), (255, 0, 0, 0)), "JPEG", quality=95)  # pure cyan


def palette_with_transparency():
    im = Image.new("P", (10, 10), 1)
    im.putpalette([0, 0, 0, 0, 200, 0] + [0] * 762)
    im.paste(0, (0, 0, 5, 10))
    return save(im, "PNG", transparency=0)


def truncated(data, keep=0.5):
    return data[: int(len(data) * keep)]
