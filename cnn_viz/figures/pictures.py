"""Pictures drawn as RGB arrays (uint8, H x W x 3): filters, a receptive field on the photo,
heat over a photo. Shown as images, crisp at any size and with no chart library."""

import numpy as np

from .style import HEAT_STOPS, HIGHLIGHT_RGB, SIGNED_STOPS


def filter_tiles(kernel, columns=8, cell=8, gap=2):
    """First-layer filters (3, 3, 3, F) as small RGB pictures, each stretched to 0-255, in one
    image; each weight is a cell x cell square, tiles `gap` pixels apart on white."""
    kh, kw, _, n = kernel.shape
    rows = int(np.ceil(n / columns))
    tile = np.full((rows * (kh * cell + gap), columns * (kw * cell + gap), 3), 255, np.uint8)
    for i in range(n):
        f = kernel[:, :, :, i]
        f = (f - f.min()) / (f.max() - f.min() + 1e-12) * 255
        big = np.kron(f, np.ones((cell, cell, 1))).astype(np.uint8)
        r, c = divmod(i, columns)
        tile[
            r * (kh * cell + gap) : r * (kh * cell + gap) + kh * cell,
            c * (kw * cell + gap) : c * (kw * cell + gap) + kw * cell,
        ] = big
    return tile


def receptive_field_picture(rgb, box, blind=(), scale=10):
    """The picture (32 x 32 for the shipped network) enlarged `scale` times (crisp pixels),
    the rest of the picture dimmed outside `box` = (top, left, bottom, right) inclusive, the
    box outlined in the highlight colour, and the rows and columns in `blind` hatched grey."""
    big = np.kron(np.asarray(rgb, dtype=np.float32), np.ones((scale, scale, 1)))
    h, w = big.shape[:2]
    top, left, bottom, right = (v * scale for v in box)
    bottom, right = bottom + scale, right + scale
    outside = np.ones(big.shape[:2], dtype=bool)
    outside[top:bottom, left:right] = False
    big[outside] = big[outside] * 0.35 + 255 * 0.65  # faded toward white: the field stands out
    if blind:
        first = min(blind) * scale
        ii, jj = np.mgrid[0:h, 0:w]
        stripes = ((ii + jj) // 4) % 2 == 0
        band = (ii >= first) | (jj >= first)
        big[band & stripes] = (110, 110, 110)
    line = 3
    magenta = HIGHLIGHT_RGB
    for rows, cols in (
        (slice(max(top - line, 0), top), slice(max(left - line, 0), min(right + line, w))),
        (slice(bottom, min(bottom + line, h)), slice(max(left - line, 0), min(right + line, w))),
        (slice(max(top - line, 0), min(bottom + line, h)), slice(max(left - line, 0), left)),
        (slice(max(top - line, 0), min(bottom + line, h)), slice(right, min(right + line, w))),
    ):
        big[rows, cols] = magenta
    if top == 0 or left == 0 or bottom == h or right == w:  # a frame at the picture's edge: drawn inside
        big[top : top + line, left:right] = magenta
        big[bottom - line : bottom, left:right] = magenta
        big[top:bottom, left : left + line] = magenta
        big[top:bottom, right - line : right] = magenta
    return big.round().astype(np.uint8)


def _colour(values, stops):
    """values in 0-1 -> RGB by linear interpolation between evenly spaced stops."""
    where = np.clip(values, 0, 1) * (len(stops) - 1)
    low = np.minimum(np.floor(where).astype(int), len(stops) - 2)
    frac = (where - low)[..., None]
    return stops[low] * (1 - frac) + stops[low + 1] * frac


def heat_overlay(rgb, heat, signed=False, alpha=0.6):
    """A (32, 32) heat map over the 32 x 32 picture, as an RGB picture: the photo in grey, the
    heat coloured on top. Unsigned heat is 0-1 (dark to bright); signed heat is scaled by its
    largest size (blue below 0, orange above). NaN (no value) shows the photo alone."""
    rgb = np.asarray(rgb, dtype=float)
    grey = rgb.mean(axis=2, keepdims=True).repeat(3, axis=2)
    heat = np.asarray(heat, dtype=float)
    missing = np.isnan(heat)
    if signed:
        top = np.nanmax(np.abs(heat)) if (~missing).any() else 0.0
        colours = _colour(0.5 + 0.5 * np.nan_to_num(heat) / (top or 1.0), SIGNED_STOPS)
        weight = alpha
    else:
        colours = _colour(np.nan_to_num(heat), HEAT_STOPS)
        weight = (alpha * (0.35 + 0.65 * np.nan_to_num(heat)))[..., None]  # cool parts let the photo show
    mixed = (1 - weight) * grey + weight * colours
    mixed[missing] = grey[missing]
    return mixed.round().astype(np.uint8)


def heat_legend(signed=False, width=320, height=18):
    """The colour key of heat_overlay, as a strip: dark (none) to bright (most), or blue (pushes
    the class down) through white to orange (pushes it up)."""
    ramp = np.linspace(0, 1, width)
    colours = _colour(ramp, SIGNED_STOPS if signed else HEAT_STOPS)
    return np.repeat(colours[None], height, axis=0).round().astype(np.uint8)


def magnified_difference(before, after):
    """after - before (0-1 pictures) as a picture: grey is no change, each channel's change
    stretched so the largest one reaches full brightness or black."""
    diff = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    top = np.abs(diff).max() or 1.0
    return (127.5 + 127.5 * diff / top).round().astype(np.uint8)


def taps_picture(rgb, taps, heat=None, scale=10):
    """The picture enlarged `scale` times (crisp pixels) in grey, a class's taps [(row, col)]
    spread into a smooth heat (or, with `heat`, that map: Grad-CAM after the reveal) on top,
    and each tap as a magenta dot."""
    rgb = np.asarray(rgb, dtype=np.uint8)
    n = rgb.shape[0]
    if heat is None:
        counts = np.zeros((n, n))
        for r, c in taps:
            counts[r, c] += 1
        heat = _smooth(counts)
        heat = heat / heat.max() if heat.max() > 0 else heat
    big = np.kron(heat_overlay(rgb, heat).astype(np.float32), np.ones((scale, scale, 1)))
    yy, xx = np.mgrid[0:scale, 0:scale] - (scale - 1) / 2  # one cell: a dot in a white ring
    d2 = yy**2 + xx**2
    dot, ring = d2 <= (0.3 * scale) ** 2, (d2 > (0.3 * scale) ** 2) & (d2 <= (0.45 * scale) ** 2)
    for r, c in set(taps):
        cell = big[r * scale : (r + 1) * scale, c * scale : (c + 1) * scale]
        cell[dot], cell[ring] = HIGHLIGHT_RGB, (255, 255, 255)
    return big.round().astype(np.uint8)


def _smooth(counts, sigma=2.0):
    """A Gaussian blur (sigma in cells), separable, zero beyond the edges."""
    radius = int(3 * sigma)
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    rows = np.apply_along_axis(lambda v: np.convolve(v, kernel, mode="same"), 0, counts)
    return np.apply_along_axis(lambda v: np.convolve(v, kernel, mode="same"), 1, rows)
