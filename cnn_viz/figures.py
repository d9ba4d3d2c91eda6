"""Plotly figures for the pages. Pure functions: numbers in, go.Figure out, no Streamlit.

Colour choices survive a washed-out projector and colour-blind eyes: sequential
maps are Cividis-like (dark blue to yellow), signed values use a blue-orange
diverging scale, and every cell can show its number, so colour is never the
only carrier of a value.
"""

import html

import numpy as np
import plotly.graph_objects as go

from . import architecture, i18n, numbers

SEQUENTIAL = "Cividis"
DIVERGING = [[0.0, "#2166ac"], [0.5, "#f7f7f7"], [1.0, "#e66101"]]  # blue - white - orange
# A channel runs from black (0) to its full colour (255), as a screen mixes it: the 3 x 3
# example's black pixel is three black cells, its white pixel full red, green and blue.
CHANNEL_SCALES = {
    "red": [[0, "#000000"], [1, "#ff0000"]],
    "green": [[0, "#000000"], [1, "#00ff00"]],
    "blue": [[0, "#000000"], [1, "#0000ff"]],
}
WINNER = "#00a844"  # the max-pooling winner: a solid green frame inside the magenta window
HIGHLIGHT = "#ff00aa"  # magenta outline: visible on every scale above
FONT = dict(size=16)

# The few words figures write themselves, English unless a page passes the visitor's (ui.words()).
WORDS = i18n.figure_words("en")


fmt = numbers.exact  # 3, −1.5, 10.25, 1/9: see numbers.py


def _square_layout(fig, title, height, rows, cols):
    ticks_on_top = cols <= 12
    fig.update_layout(
        # The title sits above the column numbers, not on them.
        title=dict(text=title, x=0.02, y=1, yanchor="top", yref="container", pad=dict(t=6)),
        height=height,
        font=FONT,
        margin=dict(l=10, r=10, t=(34 if title else 4) + (26 if ticks_on_top else 0), b=10),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    # Row and column numbers the text refers to: dark enough for a projector (Streamlit's theme
    # greys them to about 3.7:1).
    axis = dict(showgrid=False, zeroline=False, constrain="domain", tickmode="linear", tickfont=dict(color="#222222"))
    fig.update_xaxes(axis, showticklabels=ticks_on_top, side="top", dtick=1 if ticks_on_top else 4)
    fig.update_yaxes(
        axis, showticklabels=rows <= 12, dtick=1 if rows <= 12 else 4, autorange="reversed", scaleanchor="x"
    )
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
):
    """A small matrix as a heatmap with its numbers written in the cells.

    values: (H, W), NaN for cells not computed yet (drawn empty).
    highlight: (top, left, height, width) to outline, or None.
    padding: the width of a ring of padding zeros around the values, drawn as padding.
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
            text=labels,
            texttemplate="%{text}" if text else "",
            textfont=dict(size=font_size or 10),
            xgap=2 if cols <= 16 else 0,
            ygap=2 if rows <= 16 else 0,
            hovertemplate=f"{words['row']} %{{y}}, {words['column']} %{{x}}<br>"
            f"{hover_name or words['value']} " + ("%{text}" if labels is not None else "%{z:.4g}") + "<extra></extra>",
        )
    )
    _outline_cells(fig, np.isnan(values))  # not computed yet: the output's shape shows before its values
    _outline_cells(fig, pad, dash="dot")
    if highlight is not None:
        outline(fig, *highlight)
    fig = _square_layout(fig, title, size, rows, cols)
    # Fixed to the cells, so a grid still being filled (or all empty) keeps its shape.
    fig.update_xaxes(range=[-0.5, cols - 0.5])
    fig.update_yaxes(range=[rows - 0.5, -0.5], autorange=False)
    return fig


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
        line = dict(color="#9e9e9e", width=1.5, dash=dash)
        fig.add_shape(type="rect", x0=c - 0.45, x1=c + 0.45, y0=r - 0.45, y1=r + 0.45, line=line)


def diverging_range(*arrays):
    """Symmetric (zmin, zmax) so that 0 is white on the diverging scale."""
    m = max(float(np.nanmax(np.abs(a))) if np.size(a) else 0.0 for a in arrays)
    return (-m, m) if m > 0 else (-1, 1)


def channel(values, name, zmin=0, zmax=255, region=None, title="", words=WORDS):
    """One colour channel (H, W) in its own colour ("red", "green", "blue"), with `region`
    outlined; the hover names the channel and gives every value. (At 32 x 32 the cells are
    too small to write in: the page writes the region's values out beside it.)"""
    fig = matrix(
        values,
        title=title,
        colorscale=CHANNEL_SCALES[name],
        zmin=zmin,
        zmax=zmax,
        text=False,
        highlight=region,
        hover_name=words.get(name, name),
        height=330,
        words=words,
    )
    return fig


def tiled(maps, columns=8, shared_scale=True, gap=1, words=WORDS):
    """Many feature maps (H, W, N) in a grid, one heatmap per map, its number in its hover.

    Each map is sent once, as its real values in float32 (the engine's own precision): with
    shared_scale=False every map gets its own colour range (zmin/zmax) instead of a second,
    stretched copy, so conv1's 32 maps cost a visitor 175 kB, not 490 kB.
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


def probabilities(probs, classes, true_index=None, words=WORDS):
    """Horizontal bars, most likely class on top, with the percentage written.
    classes: the ten names as shown; true_index: the true class, if known."""
    order = np.argsort(probs)
    colors = ["#e66101" if i == order[-1] else "#5e81ac" for i in order]
    names = [classes[i] + (words["true_suffix"] if i == true_index else "") for i in order]
    fig = go.Figure(
        go.Bar(
            x=[probs[i] * 100 for i in order],
            y=names,
            orientation="h",
            marker_color=colors,
            text=[f"{probs[i]:.1%}" for i in order],
            textposition="outside",
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    fig.update_layout(
        height=420,
        font=FONT,
        margin=dict(l=10, r=40, t=10, b=10),
        xaxis=dict(title=words["probability_axis"], range=[0, 115]),
    )
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


def confusion(matrix_counts, classes, words=WORDS):
    m = np.asarray(matrix_counts)
    hover = words["confusion_hover"].format(true="%{y}", predicted="%{x}", count="%{z}")
    fig = go.Figure(
        go.Heatmap(
            z=m,
            x=list(classes),
            y=list(classes),
            colorscale=SEQUENTIAL,
            text=m,
            texttemplate="%{text}",
            hovertemplate=hover + "<extra></extra>",
        )
    )
    fig.update_layout(
        height=560,
        font=dict(size=13),
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis_title=words["predicted"],
        yaxis_title=words["true"],
    )
    fig.update_yaxes(autorange="reversed")
    return fig


def pipeline_stages():
    """(stage, shape) for each block of the home page's figure, read from the architecture."""
    kinds = {"conv": "conv", "maxpool": "pool", "flatten": "flatten", "dense": "dense"}
    rows = architecture.summary()
    stages = [("image", "x".join(map(str, rows[0]["input_shape"])))]
    stages += [(kinds[r["kind"]], "x".join(map(str, r["output_shape"]))) for r in rows]
    return tuple(stages[:-1]) + (("classes", stages[-1][1]),)  # the last dense layer gives the classes


PIPELINE_COLORS = {
    "image": "#8c8c8c",
    "conv": "#1f5fbf",
    "pool": "#e66101",
    "flatten": "#7b3294",
    "dense": "#1a9641",
    "classes": "#d62728",
}


def pipeline(stages=None, words=WORDS, scale=1.0):
    """The whole network at a glance, as an SVG: one block per stage, its height showing the
    map size. SVG and not Plotly, so that the home page loads no chart library (4.7 MB).
    `scale` enlarges the type (presenter mode). Wide enough to read on a phone, where its box
    scrolls sideways instead of shrinking the words."""
    stages = stages or pipeline_stages()
    step, top, height = 110 * scale, 28 * scale, 150 + 40 * scale  # wider blocks for wider words
    middle = top + 60
    parts = []
    for i, (name, shape) in enumerate(stages):
        side = int(shape.split("x")[0]) if "x" in shape else 0
        h = (0.25 + 0.75 * side / 32 if side else 0.9) * 120
        x = i * step + step / 2
        parts.append(
            f'<rect x="{x - 30:.1f}" y="{middle - h / 2:.1f}" width="60" height="{h:.1f}" '
            f'fill="{PIPELINE_COLORS[name]}" fill-opacity="0.85"/>'
        )
        label = html.escape(words["stage." + name])
        parts.append(f'<text x="{x:.1f}" y="{top - 6 * scale:.1f}" font-weight="bold">{label}</text>')
        parts.append(f'<text x="{x:.1f}" y="{middle + 60 + 22 * scale:.1f}">{html.escape(shape)}</text>')
        if i:
            parts.append(
                f'<line x1="{x - step + 32:.1f}" y1="{middle}" x2="{x - 36:.1f}" y2="{middle}" '
                'marker-end="url(#arrow)"/>'
            )
    width = len(stages) * step
    return (
        '<div class="cnnviz-pipeline" style="overflow-x:auto">'
        f'<svg role="img" aria-label="{html.escape(words["pipeline"])}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" style="width:100%;min-width:{width * 0.75:.0f}px" '
        f'font-family="sans-serif" font-size="{14 * scale:.0f}" text-anchor="middle" fill="#111">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>'
        f'<g stroke="#333" stroke-width="2">{"".join(p for p in parts if p.startswith("<line"))}</g>'
        f"{''.join(p for p in parts if not p.startswith('<line'))}</svg></div>"
    )


def vector(values, title, names=None, height=260):
    """A 1-D layer output (dense units, logits) as bars, one per unit."""
    values = np.asarray(values, dtype=float)
    x = list(names) if names is not None else list(range(len(values)))
    fig = go.Figure(
        go.Bar(
            x=x,
            y=values,
            marker_color=np.where(values >= 0, "#e66101", "#2166ac"),
            hovertemplate="%{x}: %{y:.4g}<extra></extra>",
        )
    )
    fig.update_layout(title=title, height=height, font=FONT, margin=dict(l=10, r=10, t=50, b=10))
    return fig


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


def receptive_field_picture(rgb, box, blind=(), scale=10):
    """The 32 x 32 picture enlarged `scale` times (crisp pixels), the rest of the picture
    dimmed outside `box` = (top, left, bottom, right) inclusive, the box outlined in the
    highlight colour, and the rows and columns in `blind` hatched grey."""
    big = np.kron(np.asarray(rgb, dtype=np.float32), np.ones((scale, scale, 1)))
    n = big.shape[0]
    top, left, bottom, right = (v * scale for v in box)
    bottom, right = bottom + scale, right + scale
    outside = np.ones(big.shape[:2], dtype=bool)
    outside[top:bottom, left:right] = False
    big[outside] = big[outside] * 0.35 + 255 * 0.65  # faded toward white: the field stands out
    if blind:
        first = min(blind) * scale
        ii, jj = np.mgrid[0:n, 0:n]
        stripes = ((ii + jj) // 4) % 2 == 0
        band = (ii >= first) | (jj >= first)
        big[band & stripes] = (110, 110, 110)
    line = 3
    magenta = (255, 0, 170)
    for rows, cols in (
        (slice(max(top - line, 0), top), slice(max(left - line, 0), min(right + line, n))),
        (slice(bottom, min(bottom + line, n)), slice(max(left - line, 0), min(right + line, n))),
        (slice(max(top - line, 0), min(bottom + line, n)), slice(max(left - line, 0), left)),
        (slice(max(top - line, 0), min(bottom + line, n)), slice(right, min(right + line, n))),
    ):
        big[rows, cols] = magenta
    if top == 0 or left == 0 or bottom == n or right == n:  # a frame at the picture's edge: drawn inside
        big[top : top + line, left:right] = magenta
        big[bottom - line : bottom, left:right] = magenta
        big[top:bottom, left : left + line] = magenta
        big[top:bottom, right - line : right] = magenta
    return big.round().astype(np.uint8)


def contributions(values, names, title, height=None):
    """Signed contributions as horizontal bars, largest on top: orange pushes up, blue down."""
    values = np.asarray(values, dtype=float)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=list(names),
            orientation="h",
            marker_color=np.where(values >= 0, "#e66101", "#2166ac"),
            text=[fmt(v) for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4g}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", tickfont=dict(color="#222222"))
    fig.update_layout(
        title=dict(text=title, x=0.02),
        height=height or 60 + 26 * len(values),
        font=FONT,
        margin=dict(l=10, r=10, t=50, b=10),
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return fig


# A sequential colour map for heat (dark purple - red - orange - pale yellow), readable over
# a faded photo and on a projector; and the diverging blue - white - orange for signed heat.
HEAT_STOPS = np.array([[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]], dtype=float)
SIGNED_STOPS = np.array([[33, 102, 172], [247, 247, 247], [230, 97, 1]], dtype=float)


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


def magnified_difference(before, after):
    """after - before (0-1 pictures) as a picture: grey is no change, each channel's change
    stretched so the largest one reaches full brightness or black."""
    diff = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    top = np.abs(diff).max() or 1.0
    return (127.5 + 127.5 * diff / top).round().astype(np.uint8)


def answers(counts, correct=None, words=WORDS, height=320):
    """A class's answers as vertical bars, one per answer given (or option), with its count;
    after the reveal the correct answer's bar is green."""
    labels = [label for label, _ in counts]
    values = [n for _, n in counts]
    colours = [WINNER if correct is not None and label == correct else "#5e81ac" for label in labels]
    fig = go.Figure(
        go.Bar(x=labels, y=values, marker_color=colours, text=values, textposition="outside", hoverinfo="skip")
    )
    fig.update_xaxes(type="category", tickfont=dict(color="#222222"))
    fig.update_yaxes(visible=False, range=[0, max(values + [1]) * 1.25])
    fig.update_layout(height=height, font=FONT, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="rgba(0,0,0,0)")
    return fig
