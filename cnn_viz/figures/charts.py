"""Plotly charts: numbers in, go.Figure out. Kept for what needs a chart's interaction (hover
for a cell's value, click to open a cell, zoom); no Streamlit here."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .. import numbers
from .style import (
    BAR,
    BAR_PALE,
    BLUE,
    EMPTY,
    FONT,
    HIGHLIGHT,
    INK,
    LUMINANCE_MIDDLE,
    ORANGE,
    SEQUENTIAL,
    WINNER,
    WINNER_PALE,
    WORDS,
    colour_rgb,
    luminance,
)

fmt = numbers.exact  # 3, −1.5, 10.25, 1/9: see numbers.py


def _tick_step(n):
    """Every row or column numbered up to 12; beyond, every 2nd up to 20, else every 5th, so
    that "row 18, column 16" can be found on a 30 x 30 map without the numbers colliding."""
    return 1 if n <= 12 else 2 if n <= 20 else 5


def _square_layout(fig, title, height, rows, cols):
    fig.update_layout(
        # The title sits above the column numbers, not on them.
        title=dict(text=title, x=0.02, y=1, yanchor="top", yref="container", pad=dict(t=6)),
        height=height,
        font=FONT,
        margin=dict(l=10, r=10, t=(38 if title else 4) + 28, b=10),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    # Row and column numbers the text refers to, in INK.
    axis = dict(
        showgrid=False, zeroline=False, constrain="domain", tickmode="linear", tick0=0, tickfont=dict(color=INK)
    )
    fig.update_xaxes(axis, side="top", dtick=_tick_step(cols))
    fig.update_yaxes(axis, dtick=_tick_step(rows), autorange="reversed", scaleanchor="x")
    return fig


def outline(fig, top, left, height, width, color=HIGHLIGHT, inset=0.0, line_width=4):
    """Draw a rectangle around cells [top:top+height, left:left+width] of a heatmap; `inset`
    (in cells) draws it inside them, clear of an outline around the same cells."""
    fig.add_shape(
        type="rect",
        x0=left - 0.5 + inset,
        x1=left + width - 0.5 - inset,
        y0=top - 0.5 + inset,
        y1=top + height - 0.5 - inset,
        line=dict(color=color, width=line_width),
    )
    return fig


def heatmap(
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
):
    """A matrix as a Plotly heatmap with its numbers written in the cells: for a grid the
    visitor clicks (pickable); html.matrix draws the others without a chart library.

    values: (H, W), NaN for cells not computed yet (drawn empty).
    highlight: (top, left, height, width) to outline, or None.
    padding: the width of a ring of padding zeros around the values, drawn as padding.
    origin: the (row, column) of the top-left cell in a larger picture (a zoom): the ticks
    and the hover name the picture's rows and columns.
    """
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    labels = np.vectorize(fmt)(values) if text else None
    size = height or min(520, 70 + 60 * rows)
    if text:
        font_size = _fitting_font(labels, size, rows, font_size)
        text = font_size > 0
    pad = np.ones_like(values, dtype=bool)  # padding zeros are not the picture's: no colour, a
    pad[padding : rows - padding, padding : cols - padding] = False  # dotted frame, their 0 written
    z = np.where(pad, np.nan, values)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            showscale=False,
            text=labels,  # for the hover; the cells' numbers are the text layer below
            xgap=2 if cols <= 16 else 0,
            ygap=2 if rows <= 16 else 0,
            customdata=np.stack(np.indices((rows, cols)), axis=-1) + np.array(origin),
            hovertemplate=f"{words['row']} %{{customdata[0]}}, {words['column']} %{{customdata[1]}}<br>"
            f"{hover_name or words['value']} " + ("%{text}" if labels is not None else "%{z:.4g}") + "<extra></extra>",
        )
    )
    if text:
        fig.add_trace(_cell_numbers(labels, values, pad, colorscale, zmin, zmax, font_size))
    _outline_cells(fig, np.isnan(values))  # not computed yet: the output's shape shows before its values
    _outline_cells(fig, pad, dash="dot")
    if highlight is not None:
        outline(fig, *highlight)
    fig = _square_layout(fig, title, size, rows, cols)
    # Fixed to the cells, so a grid still being filled (or all empty) keeps its shape.
    fig.update_xaxes(range=[-0.5, cols - 0.5])
    fig.update_yaxes(range=[rows - 0.5, -0.5], autorange=False)
    if origin != (0, 0):
        fig.update_xaxes(
            tickmode="array", tickvals=list(range(cols)), ticktext=[str(origin[1] + c) for c in range(cols)]
        )
        fig.update_yaxes(
            tickmode="array", tickvals=list(range(rows)), ticktext=[str(origin[0] + r) for r in range(rows)]
        )
    return fig


def _cell_numbers(labels, values, pad, colorscale, zmin, zmax, font_size):
    """The numbers written in the cells, each black or white, whichever stands out more from
    its cell's colour: at least 4.6:1 on any colour (Plotly's own choice for a heatmap's text
    was white on light green, 2.2:1). A padding zero sits on the page, in INK."""
    ink = np.where(pad, INK, cell_ink(values, colorscale, zmin, zmax))
    rows, cols = np.nonzero(labels != "")
    return _text_layer(cols, rows, labels[rows, cols], ink[rows, cols], font_size)


def _text_layer(x, y, text, colours, size):
    """Numbers drawn over a heatmap's cells, each in its own colour (a heatmap's own text
    takes one colour for all), leaving the hover to the heatmap."""
    return go.Scatter(
        x=list(x),
        y=list(y),
        mode="text",
        text=list(text),
        textfont=dict(size=size, color=list(colours)),
        hoverinfo="skip",
        showlegend=False,
    )


def cell_ink(values, colorscale, zmin=None, zmax=None):
    """Black or white per cell of `values` drawn on `colorscale` from zmin to zmax (by default
    the values' own range, as Plotly does), by WCAG contrast against the cell's colour."""
    values = np.asarray(values, dtype=float)
    lo = np.nanmin(values) if zmin is None else zmin
    hi = np.nanmax(values) if zmax is None else zmax
    where = np.clip(np.nan_to_num((values - lo) / ((hi - lo) or 1.0)), 0, 1)
    rgb = np.array([colour_rgb(c) for c in sample_colorscale(colorscale, where.ravel().tolist())])
    light = luminance(rgb) > LUMINANCE_MIDDLE
    return np.where(light, "#000000", "#ffffff").reshape(values.shape)


def _fitting_font(labels, height, rows, wanted, smallest=10):
    """The largest font up to `wanted` whose longest number fits in a cell, or 0 when even the
    smallest does not (then the cells are not written in: hover and the page's text say them)."""
    cell = (height - 70) / rows  # the cells are square; about 70 px go to the title and ticks
    longest = max((len(label) for label in labels.ravel()), default=1)
    fit = int(cell / (0.62 * max(longest, 1)))  # a digit is about 0.6 em wide
    size = min(wanted, fit)
    return size if size >= smallest else 0


def _outline_cells(fig, mask, dash=None):
    """A thin grey outline around each cell where `mask` is True (small grids only)."""
    if mask.size > 256:
        return
    for r, c in zip(*np.nonzero(mask)):
        line = dict(color=EMPTY, width=1.5, dash=dash)
        fig.add_shape(type="rect", x0=c - 0.45, x1=c + 0.45, y0=r - 0.45, y1=r + 0.45, line=line)


def diverging_range(*arrays):
    """Symmetric (zmin, zmax) so that 0 is white on the diverging scale."""
    m = max(float(np.nanmax(np.abs(a))) if np.size(a) else 0.0 for a in arrays)
    return (-m, m) if m > 0 else (-1, 1)


def tiled(maps, columns=8, shared_scale=True, gap=1, words=WORDS):
    """Many feature maps (H, W, N) in a grid, one heatmap per map, its number in its hover.

    Each map is sent once, as its real values in float32 (the engine's own precision): with
    shared_scale=False every map gets its own colour range (zmin/zmax) instead of a second,
    stretched copy: a third of the bytes (`python -m tools.first_visit` measures a page's).
    """
    maps = np.asarray(maps, dtype=np.float32)
    h, w, n = maps.shape
    rows = int(np.ceil(n / columns))
    lo, hi = float(maps.min()), float(maps.max())
    fig = go.Figure()
    for i in range(n):
        r, c = divmod(i, columns)
        m = maps[:, :, i]
        scale = (
            dict(coloraxis="coloraxis")
            if shared_scale
            else dict(
                zmin=float(m.min()),
                zmax=max(float(m.max()), float(m.min()) + 1e-6),
                colorscale=SEQUENTIAL,
                showscale=False,
            )
        )
        fig.add_trace(
            go.Heatmap(
                z=m,
                x0=c * (w + gap),
                y0=r * (h + gap),
                hovertemplate=f"{words['map']} {i}<br>{words['value']} %{{z:.4g}}<extra></extra>",
                **scale,
            )
        )
    if shared_scale:
        fig.update_layout(coloraxis=dict(colorscale=SEQUENTIAL, cmin=lo, cmax=max(hi, lo + 1e-6)))
    height, width = rows * (h + gap) - gap, columns * (w + gap) - gap
    fig.update_layout(height=max(160, int(900 * height / width)), font=FONT, margin=dict(l=5, r=5, t=5, b=5))
    fig.update_xaxes(visible=False, constrain="domain", range=[-0.5, width - 0.5])
    fig.update_yaxes(visible=False, scaleanchor="x", constrain="domain", range=[height - 0.5, -0.5])
    return fig


def curves(history, key_train, key_test, title, words=WORDS):
    epochs = history["epoch"]
    fig = go.Figure(
        [
            go.Scatter(x=epochs, y=history[key_train], name=words["training"], mode="lines+markers"),
            go.Scatter(x=epochs, y=history[key_test], name=words["test"], mode="lines+markers", line=dict(dash="dash")),
        ]
    )
    fig.update_layout(
        title=title,
        height=360,
        font=FONT,
        xaxis_title=words["epoch"],
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", y=-0.25),
    )
    return fig


def vector(values, title, names=None, height=260):
    """A 1-D layer output (dense units, logits) as bars, one per unit."""
    values = np.asarray(values, dtype=float)
    x = list(names) if names is not None else list(range(len(values)))
    fig = go.Figure(
        go.Bar(
            x=x,
            y=values,
            marker_color=np.where(values >= 0, ORANGE, BLUE),
            hovertemplate="%{x}: %{y:.4g}<extra></extra>",
        )
    )
    fig.update_layout(title=title, height=height, font=FONT, margin=dict(l=10, r=10, t=50, b=10))
    return fig


def pickable(fig, rows, cols):
    """Make every cell of a heatmap clickable: Streamlit reports clicks on scatter points,
    not on heatmap cells (streamlit#8760), so an invisible marker sits on each cell. A
    click's point carries the cell's column as x and its row as y."""
    r, c = np.mgrid[0:rows, 0:cols]
    hidden = dict(marker=dict(opacity=0))
    fig.add_trace(
        go.Scatter(
            x=c.ravel(),
            y=r.ravel(),
            mode="markers",
            marker=dict(symbol="square", size=max(6, 300 // max(rows, cols)), opacity=0),
            selected=hidden,
            unselected=hidden,
            hoverinfo="none",  # "skip" would also stop the clicks; the heatmap's own label shows
            showlegend=False,
        )
    )
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def contributions(values, names, title, height=None):
    """Signed contributions as horizontal bars, largest on top: orange pushes up, blue down."""
    values = np.asarray(values, dtype=float)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=list(names),
            orientation="h",
            marker_color=np.where(values >= 0, ORANGE, BLUE),
            text=[fmt(v) for v in values],
            textposition="outside",  # in ink beside the bar: white on orange would be 3.4:1
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(color=INK))
    fig.update_layout(
        title=dict(text=title, x=0.02),
        height=height or 60 + 26 * len(values),
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


def answers(counts, correct=None, words=WORDS, height=320):
    """A class's answers as vertical bars, one per answer given (or option), with its count;
    after the reveal the correct answer's bar is green."""
    labels = [label for label, _ in counts]
    values = [n for _, n in counts]
    colours = [WINNER if correct is not None and label == correct else BAR for label in labels]
    fig = go.Figure(
        go.Bar(x=labels, y=values, marker_color=colours, text=values, textposition="outside", hoverinfo="skip")
    )
    # Read from the back of the room: labels and counts at 20 px, on a projector and a laptop.
    fig.update_traces(textfont=dict(size=20, color=INK))
    fig.update_xaxes(type="category", tickfont=dict(color=INK, size=20))
    fig.update_yaxes(visible=False, range=[0, max(values + [1]) * 1.3])
    fig.update_layout(height=height, font=FONT, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="rgba(0,0,0,0)")
    return fig


def picture_chart(rgb, height=360):
    """An RGB picture (n x n pixels) as a chart whose axes count its pixels, drawn crisp: a
    small PNG (a few kB on the wire, not an array of every value), so pickable() can make each
    pixel a tap target on a phone that asks for it every 1.5 s."""
    from PIL import Image

    rgb = np.asarray(rgb, dtype=np.uint8)
    n = rgb.shape[0]
    png = io.BytesIO()
    Image.fromarray(rgb).save(png, "PNG")
    source = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    fig = go.Figure(go.Image(source=source, x0=0, y0=0, dx=1, dy=1, hoverinfo="skip"))
    fig.update_xaxes(visible=False, range=[-0.5, n - 0.5])
    fig.update_yaxes(visible=False, range=[n - 0.5, -0.5], scaleanchor="x")
    fig.update_layout(height=height, margin=dict(l=0, r=0, t=0, b=0), plot_bgcolor="rgba(0,0,0,0)")
    return fig


def answers_by_confidence(labels, sure, unsure, names, correct=None, height=320):
    """The answers as answers() draws them, each bar split: the sure answers solid, the unsure
    ones pale on top (`names`: the two parts' names, for the legend); the total above."""
    right = [correct is not None and label == correct for label in labels]
    solid = [WINNER if r else BAR for r in right]
    pale = [WINNER_PALE if r else BAR_PALE for r in right]  # a tint, not opacity: the legend shows it too
    totals = [a + b for a, b in zip(sure, unsure)]
    fig = go.Figure(
        [
            go.Bar(x=labels, y=sure, name=names["sure"], marker_color=solid, hoverinfo="skip"),
            go.Bar(x=labels, y=unsure, name=names["unsure"], marker_color=pale, marker_line=dict(color=solid, width=2),
                   hoverinfo="skip"),
            go.Scatter(x=labels, y=totals, text=totals, mode="text", textposition="top center", showlegend=False,
                       hoverinfo="skip"),
        ]
    )  # fmt: skip
    fig.update_traces(textfont=dict(size=20, color=INK), selector=dict(type="scatter"))
    fig.update_xaxes(type="category", tickfont=dict(color=INK, size=20))
    fig.update_yaxes(visible=False, range=[0, max(totals + [1]) * 1.35])
    legend = dict(orientation="h", y=1.15, x=0, font=dict(size=20, color=INK), traceorder="normal")
    fig.update_layout(barmode="stack", height=height, font=FONT, legend=legend, margin=dict(l=10, r=10, t=40, b=10),
                      plot_bgcolor="rgba(0,0,0,0)")  # fmt: skip
    return fig


def curves_by_method(curves, kind, names, title, x_title, y_title):
    """Deletion or insertion curves (`kind`), one line per method, a random order dashed grey:
    the class' probability against the share of pixels removed (or put back)."""
    fig = go.Figure()
    for method, found in curves.items():
        fractions, probabilities = found[kind]
        chance = method == "random"
        line = dict(dash="dash", color=EMPTY, width=3) if chance else dict(width=2.5)
        fig.add_trace(
            go.Scatter(
                x=fractions,
                y=probabilities,
                name=f"{names[method]} ({found[kind + '_auc']:.2f})",
                mode="lines",
                line=line,
                hovertemplate=f"{names[method]}: %{{y:.1%}}<extra></extra>",
            )
        )
    fig.update_layout(
        title=dict(text=title, x=0.02),
        height=380,
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        xaxis=dict(title=x_title, range=[0, 1], tickformat=".0%", tickfont=dict(color=INK)),
        yaxis=dict(title=y_title, range=[0, 1.02], tickformat=".0%", tickfont=dict(color=INK)),
        legend=dict(orientation="h", y=-0.3),
    )
    return fig
