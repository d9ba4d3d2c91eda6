"""Turn whatever a visitor gives us into a small RGB picture, or one plain sentence saying why not.

    decode(bytes)          -> RGB uint8 (H, W, 3), at most MAX_SIDE pixels on its long side
    model_input_steps(rgb) -> the centre crop and the 32x32 picture the network sees
    to_model_input(rgb)    -> float32 (32, 32, 3) in [0, 1]

The format is decided by the bytes, never the file name, and only the formats in
FORMATS are opened. Anything refused raises ImageError, whose message is one
sentence meant for the visitor.
"""

import contextlib
import io
import struct
import threading
import warnings
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image, ImageOps

from . import i18n

FORMATS = ("PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF")
MAX_PIXELS = 20_000_000  # decoded at full size: at most 80 MB (4 bytes a pixel), and nothing else that big
MAX_JPEG_PIXELS = 64_000_000  # JPEGs are shrunk while decoding (draft), so a big photo is fine
MAX_SIDE = 512  # what we keep: plenty to show, small enough for 60 sessions
MAX_FILE_BYTES = 10_000_000  # a phone photo fits; Streamlit takes up to 40 MB so that we say why not
MAX_FILE_MB = MAX_FILE_BYTES // 1_000_000  # what a picture uploader says (and checks, in the browser)
MODEL_SIZE = 32
BACKGROUND = (255, 255, 255)  # transparency is shown on white, as a browser would
WIDE_MODES = ("I", "I;16", "I;16L", "I;16B", "I;16N", "F")  # more than 8 bits a channel
REDUCIBLE_MODES = ("L", "LA", "PA", "I", "F", "RGB", "RGBA", "CMYK", "YCbCr")  # what Image.reduce takes
# Pictures whose full-size decode is large are decoded one at a time in the process, so a
# class uploading together queues for a second instead of multiplying the peak memory.
LARGE_PIXELS = 2_000_000
_LARGE_DECODES = threading.Lock()


Image.init()  # register every plugin, so FORMATS can name WebP and TIFF


class ImageError(ValueError):
    """An upload we cannot use. str(error) is one English sentence for the visitor;
    `key` and `values` let the app say the same in the visitor's language."""

    def __init__(self, key, **values):
        self.key, self.values = key, values
        super().__init__(i18n.text("en", key, **values))

    def message(self, lang):
        return i18n.text(lang, self.key, **self.values)


def file_size(data):
    """(width, height) of an image file, from its header only; None if it has none we read."""
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as im:
            return im.size if im.getexif().get(0x0112, 1) < 5 else im.size[::-1]  # EXIF turns a quarter
    except Exception:  # noqa: BLE001 - decode() says what is wrong with the file; this only names a size
        return None


HEIC = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif")  # bytes 4-12 of an iPhone's photo


def is_picture(data):
    """True when the bytes begin as a picture (one of FORMATS, or a HEIC photo that decode()
    refuses with its sentence), from the header alone: a model file or a text is not."""
    if data[4:12] in HEIC:
        return True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS):
                return True
        except Image.DecompressionBombError:
            return True  # a picture, too large: decode() says so
        except Exception:  # noqa: BLE001 - whatever Pillow cannot open by its header is not one
            return False


def decode(data):
    """Bytes of an image file -> RGB uint8 array (H, W, 3) with max(H, W) <= MAX_SIDE."""
    if not data:
        raise ImageError("err.empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImageError("err.file_too_big", mb=f"{len(data) / 1e6:.0f}", limit=f"{MAX_FILE_BYTES / 1e6:.0f}")
    if data[4:12] in HEIC:
        raise ImageError("err.heic")
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; we refuse both cases.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as im:
                return _to_rgb(im)
        except ImageError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise ImageError("err.bomb") from None
        except Image.UnidentifiedImageError:
            raise ImageError("err.not_image") from None
        except (
            OSError,
            SyntaxError,
            ValueError,
            EOFError,
            IndexError,
            TypeError,
            MemoryError,
            ZeroDivisionError,
            struct.error,
        ):
            raise ImageError("err.damaged") from None


def _to_rgb(im):
    _check_size(im)
    if im.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 24 MP photo then costs ~1 MB, not ~72 MB.
        im.draft("RGB", (MAX_SIDE, MAX_SIDE))
    im.seek(0)  # first frame of an animation
    with _LARGE_DECODES if im.width * im.height > LARGE_PIXELS else contextlib.nullcontext():
        im.load()
        im = _shrink(im)  # before any conversion: conversions then cost kilobytes, not a full-size copy each
    im = ImageOps.exif_transpose(im)
    if im.mode in WIDE_MODES:
        im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # scaled to 0-255 in float64: keep it small
    im = _to_8bit_rgb(im)
    im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(im, dtype=np.uint8).copy()


def _shrink(im):
    """The decoded picture, box-averaged down to about twice MAX_SIDE, in its own mode.

    The one full-size buffer is the decoder's (at most MAX_PIXELS x 4 bytes: Pillow keeps RGB,
    RGBA, 32-bit and float pixels in 4 bytes). Shrinking goes strip by strip, because Pillow
    averages pictures with transparency through a premultiplied full-size copy; everything
    after works on the small picture.
    """
    factor = max(im.size) // (2 * MAX_SIDE)
    if factor < 2:
        return im
    if im.mode == "1":
        im = im.convert("L")  # averaging black and white gives grey; nearest would lose thin lines
    size = (-(-im.width // factor), -(-im.height // factor))
    if im.mode not in REDUCIBLE_MODES:
        # 16-bit grey is box-averaged as it is; palette pictures by nearest neighbour (Pillow's
        # rule for them), then converted and smoothed at the small size.
        return im.resize(size, Image.Resampling.BOX)
    out = Image.new(im.mode, size)
    rows = factor * 64  # a strip of a 5000-pixel-wide picture is a few megabytes
    for top in range(0, im.height, rows):
        strip = im.crop((0, top, im.width, min(top + rows, im.height)))
        out.paste(strip.reduce(factor), (0, top // factor))
    return out


def _check_size(im):
    w, h = im.size
    if w < 1 or h < 1:
        raise ImageError("err.no_pixels")
    limit = MAX_JPEG_PIXELS if im.format in ("JPEG", "MPO") else MAX_PIXELS
    if w * h > limit:
        raise ImageError("err.too_big", width=w, height=h, limit=limit // 1_000_000)


def _to_8bit_rgb(im):
    """Any Pillow mode -> 8-bit RGB, keeping what a person would see."""
    if im.mode in WIDE_MODES:
        return Image.fromarray(_scale_to_uint8(np.asarray(im)), "L").convert("RGB")
    has_alpha = im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if has_alpha:
        rgba = im.convert("RGBA")
        base = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
        return Image.alpha_composite(base, rgba).convert("RGB")
    return im.convert("RGB")  # CMYK, YCbCr, palette, 1-bit, grey


def _scale_to_uint8(a):
    """16-bit, 32-bit and float pixels -> 0-255 (a plain conversion would clip them to white)."""
    a = np.nan_to_num(a.astype(np.float64))
    lo, hi = float(a.min()), float(a.max())
    if lo >= 0 and hi <= 1.0:  # float image in 0-1
        scaled = a * 255
    elif lo >= 0 and hi <= 255:  # already 8-bit values
        scaled = a
    elif lo >= 0 and hi <= 65535:  # 16-bit range
        scaled = a / 257
    else:  # anything else: stretch to the full range
        scaled = (a - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(a)
    return np.clip(np.rint(scaled), 0, 255).astype(np.uint8)


def center_crop_box(width, height):
    """(left, top, right, bottom) of the largest centred square."""
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def model_input_steps(rgb):
    """The way from a picture to what the network sees: {"original", "cropped", "resized"}, all uint8."""
    im = Image.fromarray(np.asarray(rgb, dtype=np.uint8), "RGB")
    cropped = im.crop(center_crop_box(*im.size))
    resized = cropped.resize((MODEL_SIZE, MODEL_SIZE), Image.Resampling.LANCZOS)
    return {"original": np.asarray(im), "cropped": np.asarray(cropped), "resized": np.asarray(resized)}


def fit_input(rgb, height, width, channels):
    """RGB uint8 -> uint8 (height, width, channels) for a network of that input: the largest
    centred crop of the network's proportions, resized; one channel is the picture's
    luminance (ITU-R 601, as Pillow's "L")."""
    im = Image.fromarray(np.asarray(rgb, dtype=np.uint8), "RGB")
    w, h = im.size
    scale = min(w / width, h / height)
    cw, ch = max(1, round(width * scale)), max(1, round(height * scale))
    left, top = (w - cw) // 2, (h - ch) // 2
    fitted = im.crop((left, top, left + cw, top + ch)).resize((width, height), Image.Resampling.LANCZOS)
    return np.asarray(fitted.convert("L"))[..., None] if channels == 1 else np.asarray(fitted)


def to_model_input(rgb):
    """RGB uint8 (H, W, 3) -> float32 (32, 32, 3) in [0, 1]: centre crop, resize, divide by 255."""
    return model_input_steps(rgb)["resized"].astype(np.float32) / 255.0


def as_rgb(pixels):
    """A picture of one channel (H, W, 1) as RGB (H, W, 3), that channel three times; an RGB
    picture as it is."""
    return np.repeat(pixels, 3, axis=2) if pixels.shape[2] == 1 else pixels


def input_picture(x):
    """What a network sees (float (H, W, 1 or 3) in 0-1) as a picture to show: RGB uint8."""
    return as_rgb((np.asarray(x) * 255).round().astype(np.uint8))


@dataclass(frozen=True, eq=False)
class Picture:
    """The picture every page shows: its pixels and where they came from."""

    rgb: np.ndarray  # RGB uint8 (H, W, 3), as decoded
    source: str  # "sample", "odd" (none of the ten classes), "upload", "drawing" or "camera"
    label: str | None = None  # a sample's true class
    sample_id: str | None = None  # what a link can name: "cat-2", "noise"
    file_size: tuple | None = None  # (width, height) of the file before it was shrunk to MAX_SIDE

    @cached_property
    def x(self):
        """What the network sees: float32 (32, 32, 3) in 0-1."""
        return to_model_input(self.rgb)

    @cached_property
    def pixels(self):
        """What the network sees, as a picture: uint8 (32, 32, 3)."""
        return (self.x * 255).round().astype(np.uint8)

    @property
    def linkable(self):
        """The id a link can carry (a shipped picture's), or None (uploads cannot be linked)."""
        return self.sample_id if self.source in ("sample", "odd") else None


def encode_png(rgb):
    """RGB array -> PNG bytes (for downloads and for tests)."""
    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgb, dtype=np.uint8)).save(buf, "PNG")
    return buf.getvalue()
