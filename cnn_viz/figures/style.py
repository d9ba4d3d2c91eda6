"""The figures' shared look: named colours, type size, and the words they write by default.

Colour choices survive a washed-out projector and colour-blind eyes: sequential maps are
Cividis-like (dark blue to yellow), signed values use a blue-white-orange diverging scale, and
every cell can show its number, so colour is never the only carrier of a value.
"""

import numpy as np

from .. import i18n

ORANGE = "#e66101"  # above 0, the most likely class, what pushes a score up
BLUE = "#2166ac"  # below 0, what pushes a score down
WHITE = "#f7f7f7"  # 0 on the diverging scale
BAR = "#5e81ac"  # a plain bar: the other classes, the answers before the reveal
INK = "#222222"  # tick labels: dark enough for a projector (Streamlit's theme greys them to ~3.7:1)
EMPTY = "#9e9e9e"  # the outline of a cell not computed yet
WINNER = "#00a844"  # the max-pooling winner, the right answer: a solid green
BAR_PALE, WINNER_PALE = "#c9d6e8", "#a6e2bd"  # the same two, pale: the answers given "not sure"
HIGHLIGHT = "#ff00aa"  # magenta outline: visible on every scale here
HIGHLIGHT_RGB = (255, 0, 170)  # the same magenta, drawn into pictures
SEQUENTIAL = "Cividis"
DIVERGING = [[0.0, BLUE], [0.5, WHITE], [1.0, ORANGE]]
# A channel runs from black (0) to its full colour (255), as a screen mixes it: the 3 x 3
# example's black pixel is three black cells, its white pixel full red, green and blue.
CHANNEL_SCALES = {
    "red": [[0, "#000000"], [1, "#ff0000"]],
    "green": [[0, "#000000"], [1, "#00ff00"]],
    "blue": [[0, "#000000"], [1, "#0000ff"]],
}
# Heat over a photo (dark purple - red - orange - pale yellow), readable over a faded photo and
# on a projector; and the diverging blue - white - orange for signed heat.
HEAT_STOPS = np.array([[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]], dtype=float)
SIGNED_STOPS = np.array([[33, 102, 172], [247, 247, 247], [230, 97, 1]], dtype=float)
PIPELINE_COLORS = {
    "image": "#8c8c8c",
    "conv": "#1f5fbf",
    "pool": ORANGE,
    "flatten": "#7b3294",
    "dense": "#1a9641",
    "classes": "#d62728",
}
FONT = dict(size=16)

# The few words figures write themselves: English unless a page passes the visitor's
# (cnn_viz.app.text.words()).
WORDS = i18n.figure_words("en")


def colour_rgb(colour):
    """(r, g, b) 0-255 of "#rrggbb" or "rgb(r, g, b)" (what Plotly's colour scales give)."""
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])


def luminance(rgb):
    """WCAG relative luminance of 0-255 colours (..., 3)."""
    c = np.asarray(rgb, dtype=float) / 255
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG contrast ratio of two 0-255 colours, 1 to 21."""
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


# Above this luminance black text stands out more than white (where the two ratios are equal).
LUMINANCE_MIDDLE = (1.05 * 0.05) ** 0.5 - 0.05
