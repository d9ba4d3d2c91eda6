"""Figures as HTML: a matrix with its numbers in its cells, bars with their numbers beside them.

The browser draws these itself. A page made only of them loads no chart library: Plotly's code
alone costs a first visit about 1.7 s of the browser's time, whatever the number of charts
(docs/performance.md). They keep what a chart gave the learner: every number written, and a
cell's row, column and value in its tooltip.

Sizes are in em of the figure's own font, so presenter mode enlarges a whole figure by
enlarging one number (widgets.chart). No Streamlit here.
"""

import base64
import html
import io
from dataclasses import dataclass

import numpy as np
from plotly.colors import sample_colorscale

from .. import numbers
from . import described
from .style import (
    BAR,
    BLUE,
    CHANNEL_SCALES,
    EMPTY,
    HIGHLIGHT,
    INK,
    LUMINANCE_MIDDLE,
    ORANGE,
    SEQUENTIAL,
    WORDS,
    colour_rgb,
    luminance,
)

fmt = numbers.exact
BASE_PX = 16  # the em of a figure outside presenter mode; the text below is sized against it
SMALLEST_PX = 14  # no number drawn smaller (x 1.3 in presenter mode: 18.2 px, widgets.SMALLEST)
TICK_EM = 0.9  # row and column numbers: 14.4 px, 18.7 px in presenter mode (widgets.SMALLEST)


def _tick_step(n):
    """Every row or column numbered up to 12; beyond, every 2nd up to 20, else every 5th, so
    that "row 18, column 16" can be found on a 30 x 30 map without the numbers colliding."""
    return 1 if n <= 12 else 2 if n <= 20 else 5


def _unit(values, lo, hi):
    """values placed on a colour scale running from lo to hi: 0-1, NaN as 0."""
    return np.clip(np.nan_to_num((values - lo) / ((hi - lo) or 1.0)), 0, 1)


def cell_ink(colours):
    """Black or white for a number written on each "#rrggbb" cell colour, whichever stands out
    more by WCAG contrast; "" cells (drawn empty) get black."""
    rgb = np.array([colour_rgb(c or "#ffffff") for c in np.ravel(colours)], dtype=float)
    light = luminance(rgb) > LUMINANCE_MIDDLE
    return np.where(light, "#000000", "#ffffff").reshape(np.shape(colours))


def diverging_range(*arrays):
    """Symmetric (zmin, zmax) so that 0 is white on the diverging scale."""
    m = max(float(np.nanmax(np.abs(a))) if np.size(a) else 0.0 for a in arrays)
    return (-m, m) if m > 0 else (-1, 1)


@dataclass(frozen=True)
class Html:
    """A figure drawn by the browser: its markup, and a name that tests and the page find it by."""

    markup: str
    kind: str

    def __str__(self):
        return self.markup


def _esc(text):
    return html.escape(str(text), quote=True)


def _title(title):
    return f'<div style="font-weight:600;margin:0 0 0.3em">{_esc(title)}</div>' if title else ""


def _hex(colour):
    r, g, b = (int(round(float(v))) for v in colour_rgb(colour))
    return f"#{r:02x}{g:02x}{b:02x}"


def cell_colours(values, colorscale, zmin=None, zmax=None):
    """Each cell's colour on `colorscale` from zmin to zmax (by default the values' own range,
    as a Plotly heatmap takes it), as "#rrggbb"; NaN cells get "" (drawn empty)."""
    values = np.asarray(values, dtype=float)
    lo = np.nanmin(values) if zmin is None else zmin
    hi = np.nanmax(values) if zmax is None else zmax
    where = _unit(values, lo, hi)
    colours = np.array([_hex(c) for c in sample_colorscale(colorscale, where.ravel().tolist())], dtype=object)
    return np.where(np.isnan(values), "", colours.reshape(values.shape))


def matrix(
    values,
    title="",
    colorscale=SEQUENTIAL,
    zmin=None,
    zmax=None,
    text=True,
    highlight=None,
    height=None,
    hover_name=None,
    font_size=18,
    words=WORDS,
    padding=0,
    origin=(0, 0),
    marks=(),
    names=None,
):
    """A small matrix as a grid of coloured cells with their numbers written in them: the same
    arguments, colours and numbers as charts.matrix, drawn without a chart library.

    values: (H, W), NaN for cells not computed yet (drawn empty, outlined in grey).
    highlight: (top, left, height, width) to outline in magenta, or None.
    marks: more outlines, each (top, left, height, width, colour, line px, inset in cells): the
    max-pooling winner in green inside the window's magenta.
    names: (row names, column names) written instead of the row and column numbers, and each
    cell's tooltip words["confusion_hover"] (a confusion matrix).
    padding: the width of a ring of padding zeros around the values: no colour, a dotted frame.
    origin: the (row, column) of the top-left cell in a larger picture; the row and column
    numbers and each cell's tooltip count from it.
    text=False: the cells are too many to write in; each one's tooltip gives its value.
    """
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    pad = np.ones_like(values, dtype=bool)
    pad[padding : rows - padding, padding : cols - padding] = False
    labels = np.vectorize(fmt)(values) if text else None
    colours = cell_colours(np.where(pad, np.nan, values), colorscale, zmin, zmax)
    ink = np.where(pad, INK, cell_ink(colours)) if text else None  # by the colour each number sits on
    gap = 2 if max(rows, cols) <= 16 else 0
    size = height or min(520, 70 + 60 * rows)
    side = max((size - 60) / rows, 4) / BASE_PX  # em: the cell the chart's height gave, at most
    number = max(font_size, SMALLEST_PX) / BASE_PX
    if text:  # a cell is never narrower than its longest number; below that the box scrolls
        longest = max((len(label) for label in labels.ravel()), default=1)
        least = 0.62 * longest * number + 0.5
        side = max(side, 1.8 * number)
        width = max(side, least)
    else:
        least, width = 0.2, side
    step_r, step_c = _tick_step(rows), _tick_step(cols)
    name = hover_name or words["value"]
    # The cells shrink with a narrow column (a phone, three channels side by side) down to
    # `least`, keeping their shape, and grow no larger than the chart's height gave.
    parts = [  # drawn for the eye; assistive technology reads `spoken` (below) instead
        f'<div aria-hidden="true" style="display:grid;grid-template-columns:max-content '
        f'repeat({cols},minmax({least:.3f}em,{width:.3f}em));gap:{gap}px;width:100%;--cell:{width / side:.4f}">'
    ]
    for c in range(cols):  # the column numbers the page's text refers to, on top
        shown = str(origin[1] + c) if (origin[1] + c) % step_c == 0 or text and cols <= 12 else ""
        shown = _esc(names[1][c]) if names else shown
        parts.append(_tick(shown, 1, c + 2, "center", sideways=bool(names) and _text_em(names[1]) > width))
    for r in range(rows):
        shown = str(origin[0] + r) if (origin[0] + r) % step_r == 0 or text and rows <= 12 else ""
        shown = _esc(names[0][r]) if names else shown
        parts.append(_tick(shown, r + 2, 1, "right"))
        for c in range(cols):
            v = values[r, c]
            tip = f"{words['row']} {origin[0] + r}, {words['column']} {origin[1] + c}"
            if not np.isnan(v):
                tip += f": {name} {labels[r, c] if text else f'{v:.4g}'}"
            if names:
                tip = words["confusion_hover"].format(true=names[0][r], predicted=names[1][c], count=labels[r, c])
            parts.append(
                _cell(
                    r,
                    c,
                    colours[r, c],
                    labels[r, c] if text else "",
                    ink[r, c] if text else "",
                    number,
                    tip,
                    dotted=pad[r, c],
                    empty=np.isnan(v) and values.size <= 256,
                )
            )
    outlines = ([(*highlight, HIGHLIGHT, 4, 0.0)] if highlight is not None else []) + list(marks)
    for top, left, h, w, colour, line, inset in outlines:
        parts.append(
            f'<div data-outline="{top},{left},{h},{w}" '
            f'style="grid-row:{top + 2}/span {h};grid-column:{left + 2}/span {w};'
            f'margin:{inset * side:.3f}em;border:{line}px solid {colour};pointer-events:none;z-index:1"></div>'
        )
    parts.append("</div>")
    body = "".join(parts)
    # What a screen reader reads: every written number, in a table with its row and column, or
    # (a map too large to write in) its size, range and strongest region, from the same values.
    if text and rows * cols <= described.MOST_CELLS:
        spoken = described.table(labels, title, words, names, origin)
    else:
        spoken = described.hidden(_esc(described.summary(values, words, title)))
    # A wide matrix scrolls sideways: the box takes the keyboard's focus, so arrow keys scroll it too.
    name = _esc(title or words["sr_figure"])
    scroll = f'<div data-scroll tabindex="0" role="group" aria-label="{name}" style="overflow-x:auto;max-width:100%">'
    return Html(f"{_title(title)}{spoken}{scroll}{body}</div>", "matrix")


def _text_em(names):
    """About how wide the longest name is, in em of a tick: a Chinese character is 1 em, a
    Latin letter about half."""
    return TICK_EM * max((sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in str(n)) for n in names), default=0)


def _tick(text, row, col, align, sideways=False):
    """A row or column number. A row's number takes no height of its own (line-height 0), so a
    row of cells smaller than the type stays as small as its neighbours. A column's name
    (sideways) is written downwards, to fit above a narrow column."""
    place = "align-self:end;line-height:1.2" if row == 1 else "align-self:stretch;line-height:0"
    if col == 1:  # a row's number stays in view while a wide matrix scrolls sideways on a phone
        place += ";position:sticky;left:0;z-index:2;background:#ffffff;display:flex;align-items:center"
        place += ";justify-content:flex-end"
    if sideways:
        # mixed: a Chinese name stands upright, character under character; an English one turns
        place += ";writing-mode:vertical-rl;text-orientation:mixed;justify-self:center;padding:0.25em 0"
    return (
        f'<div style="grid-row:{row};grid-column:{col};font-size:{TICK_EM}em;text-align:{align};'
        f'padding:0 0.25em;{place}">{text}</div>'
    )


def _cell(r, c, colour, label, ink, number, tip, dotted, empty):
    style = (
        f"grid-row:{r + 2};grid-column:{c + 2};aspect-ratio:var(--cell);"
        "display:flex;align-items:center;justify-content:center;min-width:0"
    )
    if colour:
        style += f";background:{colour}"
    if dotted:
        style += f";outline:1.5px dotted {EMPTY};outline-offset:-3px"
    elif empty:
        style += f";outline:1.5px solid {EMPTY};outline-offset:-3px"
    if label:
        style += f";color:{ink};font-size:{number:.3f}em;font-variant-numeric:tabular-nums"
    return f'<div data-cell="{r},{c}" title="{_esc(tip)}" style="{style}">{_esc(label)}</div>'


def probabilities(probs, classes, true_index=None, words=WORDS):
    """Horizontal bars, the most likely class on top in orange, each with its percentage.
    classes: the names as shown; true_index: the true class, if known."""
    probs = np.asarray(probs, dtype=float)
    order = np.argsort(probs)[::-1]
    rows = []
    for rank, i in enumerate(order):
        name = classes[i] + (words["true_suffix"] if i == true_index else "")
        colour = ORANGE if rank == 0 else BAR
        rows.append((name, probs[i], colour, f"{probs[i]:.1%}", f"{name}: {probs[i]:.2%}"))
    return Html(_bars(rows, words["probability_axis"]), "probabilities")


def _bars(rows, axis_title):
    """Rows of (label, fraction 0-1, colour, written value, tooltip): one bar each, its value
    after it. The longest bar leaves room for its number (4.5 em)."""
    parts = ['<div style="display:grid;grid-template-columns:max-content 1fr;gap:0.3em 0.6em;align-items:center">']
    for label, fraction, colour, written, tip in rows:
        width = f"calc((100% - 4.5em) * {max(float(fraction), 0):.6f})"
        parts.append(
            f'<div style="text-align:right">{_esc(label)}</div>'
            f'<div title="{_esc(tip)}" style="display:flex;align-items:center;gap:0.4em">'
            f'<div style="background:{colour};height:1.3em;width:{width}"></div>'
            f'<span data-bar="{_esc(label)}">{_esc(written)}</span></div>'
        )
    parts.append("</div>")
    axis = f'<div style="font-size:{TICK_EM}em;text-align:right;margin-top:0.3em">{_esc(axis_title)}</div>'
    return "".join(parts) + axis


def signed_bars(values, names, title, decimals=3, exact=False):
    """One horizontal bar per value from a zero line, orange above 0 and blue below, each
    value written with `decimals` decimals (a table beside it writes them the same way), or
    with exact=True as the page's text writes it (numbers.exact: 0.35, −1/9)."""
    values = np.asarray(values, dtype=float)
    reach = float(np.abs(values).max()) or 1.0
    parts = [
        _title(title),
        f'<div style="display:grid;grid-template-columns:max-content {"1fr" if (values < 0).any() else "0"} 1fr '
        "max-content;"
        'gap:0.3em 0;align-items:center">',
    ]
    for name, v in zip(names, values):
        colour, width = ORANGE if v >= 0 else BLUE, abs(v) / reach * 100
        bar = f'<div style="background:{colour};height:1.3em;width:{width:.4f}%"></div>'
        written = fmt(v) if exact else f"{v:.{decimals}f}".replace("-", numbers.MINUS)
        parts.append(
            f'<div style="text-align:right;padding-right:0.6em">{_esc(name)}</div>'
            f'<div style="display:flex;justify-content:flex-end">{bar if v < 0 else ""}</div>'
            f'<div style="display:flex;border-left:2px solid {INK}">{bar if v >= 0 else ""}</div>'
            f'<div data-bar="{_esc(name)}" title="{_esc(name)}: {written}" style="text-align:right;padding-left:0.6em;'
            f'font-variant-numeric:tabular-nums">{written}</div>'
        )
    parts.append("</div>")
    return Html("".join(parts), "signed_bars")


def channel(values, name, zmin=0, zmax=255, region=None, title="", words=WORDS):
    """One colour channel (H, W) in its own colour ("red", "green", "blue"), with `region`
    outlined; each cell's tooltip names the channel and gives its value. (At 32 x 32 the cells
    are too small to write in: the page writes the region's values out beside it.)"""
    scale = CHANNEL_SCALES[name]
    return matrix(
        values,
        title,
        scale,
        zmin,
        zmax,
        text=False,
        highlight=region,
        hover_name=words.get(name, name),
        height=330,
        words=words,
    )


def confusion(counts, classes, words=WORDS):
    """A confusion matrix: a row per true class, a column per predicted one, each count written.
    The class names above the columns are written upright, one under the other if need be."""
    counts = np.asarray(counts)
    names = (list(classes), list(classes))
    grid = matrix(counts, "", SEQUENTIAL, text=True, font_size=14, names=names, words=words, height=560)
    axes = f"{_esc(words['true'])} ↓ · {_esc(words['predicted'])} →"
    axes = f'<div style="font-size:{TICK_EM}em;margin:0 0 0.3em">{axes}</div>'
    return Html(axes + grid.markup, "confusion")


# The sequential scale in 256 steps, for pictures of maps (a cell at a time is ~20 us a value).
_SEQUENTIAL_LUT = (
    np.array([colour_rgb(c) for c in sample_colorscale(SEQUENTIAL, np.linspace(0, 1, 256).tolist())])
    .round()
    .astype(np.uint8)
)


def _png(rgb):
    """A small RGB picture (H, W, 3) as a data URI: a few hundred bytes for a 13 x 13 map."""
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(np.asarray(rgb, dtype=np.uint8)).save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def tiles(maps, columns=8, shared_scale=True, words=WORDS):
    """Many feature maps (H, W, N) side by side, each a small picture on the sequential scale
    with its number under it; its tooltip gives its range. A tile is `data-cell="i,0"`, so a
    page can open map i when it is clicked (widgets.chart with on_click).

    shared_scale: one colour range for all the maps (which map is strongest), else each its own
    (what each map found). Pictures, not numbers: a map up close writes every value."""
    maps = np.asarray(maps, dtype=float)
    lo, hi = float(maps.min()), float(maps.max())
    pictures, tips = [], []
    for i in range(maps.shape[2]):
        m = maps[:, :, i]
        low, high = (lo, hi) if shared_scale else (float(m.min()), float(m.max()))
        pictures.append(_SEQUENTIAL_LUT[np.round(_unit(m, low, high) * 255).astype(int)])
        tips.append(f"{words['map']} {i}: {fmt(m.min())} … {fmt(m.max())}")
    alts = [described.summary(maps[:, :, i], words, f"{words['map']} {i}") for i in range(len(pictures))]
    return picture_tiles(pictures, columns, alts, tips=tips, kind="tiles")


def picture_tiles(pictures, columns=8, alts=None, labels=None, tips=None, picked=None, kind="pictures", tile_px=None):
    """Small pictures (each (H, W, 3) uint8) in a grid, each with its label under it (its
    number, unless `labels` says; wrapped when longer than the tile, `tips` in full)
    and `data-cell="i,0"` (widgets.chart with on_click opens the one clicked); `alts`: what each
    is, to assistive technology; `picked` framed; each tile at most `tile_px` wide."""
    h, w = np.asarray(pictures[0]).shape[:2]
    tile_px = tile_px or max(w, 24) * 2.2
    parts = [
        f'<div style="display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));gap:0.35em 0.25em;'
        f'max-width:{columns * tile_px / BASE_PX:.2f}em">'
    ]
    for i, rgb in enumerate(pictures):
        tip = f' title="{_esc(tips[i])}"' if tips else ""
        frame = f"outline:3px solid {HIGHLIGHT};outline-offset:1px;" if i == picked else ""
        alt, label = (alts[i] if alts else str(i)), (labels[i] if labels else str(i))
        parts.append(
            f'<div data-cell="{i},0"{tip} style="text-align:center;font-size:{TICK_EM}em">'
            f'<img src="{_png(rgb)}" alt="{_esc(alt)}" '
            f'style="width:100%;aspect-ratio:{w}/{h};image-rendering:pixelated;display:block;{frame}">'
            # a label longer than its tile wraps, even within a word, rather than being cut short:
            # a reader's wider letter spacing (WCAG 1.4.12) must not hide a class's name
            f'<span style="display:block;overflow-wrap:anywhere">'
            f"{_esc(label)}</span></div>"
        )
    parts.append("</div>")
    return Html("".join(parts), kind)


def tap_picture(rgb, tapped=None, alt=""):
    """A picture to tap on (a live "where did the network look?" question): the picture, crisp
    and as wide as its column, under a grid of its pixels, each `data-cell="r,c"` (widgets.chart
    with on_click reports the tapped one); the tapped pixel, if any, as a magenta dot with
    `data-outline`. The dot lies on a layer of its own: placed in the grid of cells, it would
    push the cells after it one place on."""
    rgb = np.asarray(rgb, dtype=np.uint8)
    h, w = rgb.shape[:2]
    grid = f"position:absolute;inset:0;display:grid;grid-template:repeat({h},1fr)/repeat({w},1fr)"
    cells = "".join(f'<div data-cell="{r},{c}"></div>' for r in range(h) for c in range(w))
    dot = ""
    if tapped is not None:
        r, c = tapped
        dot = (
            f'<div style="{grid};pointer-events:none"><div data-outline="{r},{c},1,1" '
            f'style="grid-row:{r + 1};grid-column:{c + 1};background:{HIGHLIGHT};border:2px solid #ffffff;'
            f'border-radius:50%;transform:scale(1.6)"></div></div>'
        )
    return Html(
        f'<div style="position:relative;width:100%;max-width:30em;aspect-ratio:{w}/{h};touch-action:manipulation">'
        f'<img src="{_png(rgb)}" alt="{_esc(alt)}" style="position:absolute;inset:0;width:100%;height:100%;'
        f'image-rendering:pixelated"><div style="{grid}">{cells}</div>{dot}</div>',
        "tap",
    )


# Plotly's own colours for lines, so the curves look as they did (a random order is grey).
LINE_COLOURS = ["#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692"]


def _ticks(lo, hi, log=False):
    """Round values for an axis from lo to hi: about five steps of 1, 2, 2.5 or 5 x 10^k, or on a
    log axis 1, 2, 5 x 10^k."""
    if log:
        found = [m * 10**k for k in range(-3, 7) for m in (1, 2, 5)]
        return [v for v in found if lo <= v <= hi]
    span = (hi - lo) or 1.0
    raw = span / 5
    power = 10 ** np.floor(np.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10 * power)
    first = np.ceil(lo / step - 1e-9) * step
    return [round(v, 10) + 0.0 for v in np.arange(first, hi + step * 1e-9, step)]  # + 0.0: no "-0"


def lines(series, title, x_title, y_title, x_range=None, y_range=None, percent=False, log_x=False, words=WORDS):
    """Lines over a shared x axis, drawn by the browser: an SVG that stretches to the column
    (its strokes stay 2.5 px), with the axes' numbers, titles and legend as text beside it, so
    that they keep their size on a phone and a projector.

    series: [(name, xs, ys, colour, dashed)]; percent: both axes run 0-1, written as %. A screen
    reader reads the values as a table (described.series) instead of the drawing."""
    xs_all = np.concatenate([np.asarray(xs, dtype=float) for _, xs, _, _, _ in series])
    ys_all = np.concatenate([np.asarray(ys, dtype=float) for _, _, ys, _, _ in series])
    x0, x1 = x_range or (float(xs_all.min()), float(xs_all.max()))
    y0, y1 = y_range or (float(ys_all.min()), float(ys_all.max()))
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    fx = (
        (lambda v: (np.log10(v) - np.log10(x0)) / ((np.log10(x1) - np.log10(x0)) or 1))
        if log_x
        else (lambda v: (v - x0) / ((x1 - x0) or 1))
    )
    fy = lambda v: (v - y0) / (y1 - y0)  # noqa: E731
    label = (lambda v: f"{v:.0%}") if percent else fmt
    stroke = 'vector-effect="non-scaling-stroke"'
    svg = ['<svg viewBox="0 0 1000 1000" preserveAspectRatio="none" style="width:100%;height:100%;display:block">']
    for v in _ticks(y0, y1):  # light horizontal lines at the y axis' numbers
        y = 1000 * (1 - fy(v))
        svg.append(f'<line x1="0" x2="1000" y1="{y:.1f}" y2="{y:.1f}" stroke="#dddddd" stroke-width="1" {stroke}/>')
    svg.append(f'<polyline points="0,0 0,1000 1000,1000" fill="none" stroke="{INK}" stroke-width="1.5" {stroke}/>')
    for name, xs, ys, colour, dashed in series:
        points = " ".join(f"{1000 * fx(x):.1f},{1000 * (1 - fy(y)):.1f}" for x, y in zip(xs, ys))
        dash = ' stroke-dasharray="7 5"' if dashed else ""
        svg.append(
            f'<polyline data-line="{_esc(name)}" points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash} {stroke}><title>{_esc(name)}</title></polyline>'
        )
    svg.append("</svg>")
    place = f"position:absolute;white-space:nowrap;font-size:{TICK_EM}em"
    y_ticks = "".join(
        f'<span style="{place};right:0.3em;top:{100 * (1 - fy(v)):.2f}%;transform:translateY(-50%)">{label(v)}</span>'
        for v in _ticks(y0, y1)
    )
    x_ticks = "".join(
        f'<span style="{place};left:{100 * fx(v):.2f}%;transform:translateX(-50%)">{label(v)}</span>'
        for v in _ticks(x0, x1, log_x)
    )
    legend = "".join(
        f'<span style="display:inline-flex;align-items:center;gap:0.3em;margin-right:1em">'
        f'<span style="width:1.6em;border-top:3px {"dashed" if dashed else "solid"} {colour}"></span>'
        f"{_esc(name)}</span>"
        for name, _, _, colour, dashed in series
    )
    small = f"font-size:{TICK_EM}em"
    spoken = described.series(series, x_title, label, words)  # the curves' values, for a screen reader
    return Html(
        f"{_title(title)}{spoken}<div aria-hidden='true'><div style='{small};margin-bottom:0.4em'>{_esc(y_title)}</div>"
        '<div style="display:grid;grid-template-columns:3.6em 1fr;grid-template-rows:14em 1.6em;padding-right:1.4em">'
        f'<div style="position:relative">{y_ticks}</div><div>{"".join(svg)}</div>'
        f'<div></div><div style="position:relative">{x_ticks}</div></div>'
        f'<div style="{small};text-align:center">{_esc(x_title)}</div>'
        f'<div style="display:flex;flex-wrap:wrap;margin-top:0.4em">{legend}</div></div>',
        "lines",
    )


def curves(history, key_train, key_test, title, words=WORDS, names=None, log_x=False):
    """A training history's two curves over the epochs: training solid, test dashed.
    names: the two lines' names (default: words' "training" and "test")."""
    epochs = history["epoch"]
    train, test = names or (words["training"], words["test"])
    series = [
        (train, epochs, history[key_train], LINE_COLOURS[0], False),
        (test, epochs, history[key_test], LINE_COLOURS[1], True),
    ]
    return lines(series, title, words["epoch"], "", log_x=log_x, words=words)


def curves_by_method(found, kind, names, title, x_title, y_title, words=WORDS):
    """Deletion or insertion curves (`kind`), one line per method, a random order dashed grey:
    the class' probability against the share of pixels removed (or put back). Each method is
    named with its area under the curve, as the table beside it writes it."""
    series = []
    for i, (method, curves_of) in enumerate(found.items()):
        fractions, probabilities = curves_of[kind]
        chance = method == "random"
        colour = EMPTY if chance else LINE_COLOURS[i % len(LINE_COLOURS)]
        series.append((f"{names[method]} ({curves_of[kind + '_auc']:.3f})", fractions, probabilities, colour, chance))
    return lines(series, title, x_title, y_title, (0, 1), (0, 1), percent=True, words=words)


def vector(values, title, names=None, words=WORDS):
    """A 1-D layer output (a dense layer's units, a flattened map) as one column per value from
    a zero line, orange above 0 and blue below, each with its index and value in its tooltip;
    with `names` (a last layer's classes), bars with their names and values written.

    An SVG that stretches to the column (through the figure component: st.html strips SVG),
    with the value axis' numbers beside it as text."""
    values = np.asarray(values, dtype=float)
    if names is not None:
        return signed_bars(values, list(names), title)
    n = len(values)
    lo, hi = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    if hi == lo:
        hi = lo + 1.0
    y = lambda v: 1000 * (hi - v) / (hi - lo)  # noqa: E731
    width = 1000 / n
    bars = "".join(
        f'<rect data-unit="{i}" x="{i * width:.2f}" width="{max(width * 0.8, 0.5):.2f}" '
        f'y="{min(y(v), y(0)):.2f}" height="{max(abs(y(v) - y(0)), 0.5):.2f}" fill="{ORANGE if v >= 0 else BLUE}">'
        f"<title>{i}: {fmt(v)}</title></rect>"
        for i, v in enumerate(values)
    )
    zero = (
        f'<line x1="0" x2="1000" y1="{y(0):.2f}" y2="{y(0):.2f}" stroke="{INK}" stroke-width="1" '
        'vector-effect="non-scaling-stroke"/>'
    )
    svg = (
        '<svg viewBox="0 0 1000 1000" preserveAspectRatio="none" style="width:100%;height:100%;display:block">'
        f"{bars}{zero}</svg>"
    )
    place = f"position:absolute;white-space:nowrap;font-size:{TICK_EM}em;right:0.3em;transform:translateY(-50%)"
    ticks = "".join(f'<span style="{place};top:{y(v) / 10:.2f}%">{fmt(v)}</span>' for v in _ticks(lo, hi))
    spoken = described.hidden(_esc(described.units(values, words)))  # too many to read one by one
    return Html(
        f"{_title(title)}{spoken}"
        '<div aria-hidden="true" style="display:grid;grid-template-columns:3.6em 1fr;grid-template-rows:10em;'
        'padding-right:0.6em">'
        f'<div style="position:relative">{ticks}</div><div>{svg}</div></div>',
        "vector",
    )
