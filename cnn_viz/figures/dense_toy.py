"""The article's fully connected step as SVG: a 2 x 2 matrix laid out as four numbers, every
one of them connected to each of two neurons (a line per weight: its colour the sign, its
width the size)."""

import html

import numpy as np

from .. import numbers
from .style import BLUE, EMPTY, INK, ORANGE

WIDTH, HEIGHT = 400, 214  # narrow enough for a phone at 14 px and more
GRID_X, GRID_TOP, CELL = 4, 71, 36  # the pooled 2 x 2, left
INPUT_X, INPUT_R = 125, 19  # the four numbers, one above the other
NEURON_X, NEURON_R = 280, 26  # the neurons, right, named beside them


def _input_y(i):
    return 30 + 50 * i


def _neuron_y(j, n):
    return HEIGHT / 2 + (j - (n - 1) / 2) * 84


def fully_connected(matrix, weights, scores, names, font_size=16, label=""):
    """matrix: (2, 2) pooled values; weights: (4, n) as Keras stores a Dense kernel; scores:
    (n,) each neuron's sum; names: the n neurons' names as shown."""
    matrix, weights = np.asarray(matrix, dtype=float), np.asarray(weights, dtype=float)
    inputs, n = matrix.reshape(-1), weights.shape[1]
    strongest = np.abs(weights).max() or 1.0
    lines, shapes = [], []
    for i, value in enumerate(inputs):  # the flatten: each cell to its place in the row
        r, c = divmod(i, matrix.shape[1])
        x, y = GRID_X + c * CELL, GRID_TOP + r * CELL
        shapes.append(f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="#f7f7f7" stroke="{INK}"/>')
        shapes.append(f'<text x="{x + CELL / 2}" y="{y + CELL / 2}">{numbers.exact(value)}</text>')
        lines.append(
            f'<line x1="{x + CELL - 4}" y1="{y + CELL / 2}" x2="{INPUT_X - INPUT_R}" y2="{_input_y(i)}" '
            f'stroke="{EMPTY}" stroke-dasharray="3 3"/>'
        )
        for j in range(n):  # every input to every neuron
            w = weights[i, j]
            colour = EMPTY if w == 0 else ORANGE if w > 0 else BLUE
            width = 1 if w == 0 else 1.5 + 3.5 * abs(w) / strongest
            dash = ' stroke-dasharray="2 4"' if w == 0 else ""
            lines.append(
                f'<line x1="{INPUT_X + INPUT_R}" y1="{_input_y(i)}" x2="{NEURON_X - NEURON_R}" '
                f'y2="{_neuron_y(j, n):.1f}" stroke="{colour}" stroke-width="{width:.1f}"{dash}/>'
            )
        shapes.append(f'<circle cx="{INPUT_X}" cy="{_input_y(i)}" r="{INPUT_R}" fill="#ffffff" stroke="{INK}"/>')
        shapes.append(f'<text x="{INPUT_X}" y="{_input_y(i)}">{numbers.exact(value)}</text>')
    for j, (score, name) in enumerate(zip(scores, names)):
        y = _neuron_y(j, n)
        shapes.append(
            f'<circle cx="{NEURON_X}" cy="{y:.1f}" r="{NEURON_R}" fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
        )
        shapes.append(f'<text x="{NEURON_X}" y="{y:.1f}">{numbers.exact(score)}</text>')
        shapes.append(
            f'<text x="{NEURON_X + NEURON_R + 8}" y="{y:.1f}" text-anchor="start" font-weight="bold">'
            f"{html.escape(name)}</text>"
        )
    # At least 14 px on a phone: the box scrolls sideways before the type shrinks below that.
    least = WIDTH * 14 / font_size
    return (
        '<div tabindex="0" style="overflow-x:auto">'  # a keyboard scrolls it too
        f'<svg role="img" aria-label="{html.escape(label)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'style="width:100%;max-width:{WIDTH * font_size / 16:.0f}px;min-width:{least:.0f}px;font-family:inherit" '
        f'font-size="{font_size}" text-anchor="middle" dominant-baseline="central" '
        f'fill="{INK}">{"".join(lines)}{"".join(shapes)}</svg></div>'
    )
