"""Plotly charts: numbers in, go.Figure out. Kept for the live class (the answers' histograms
on the projector, the picture a phone taps), which loads them once a question is asked; what a
page opens with is html.py's, without a chart library (docs/performance.md). No Streamlit here."""

import base64
import io

import numpy as np
import plotly.graph_objects as go

from .. import numbers
from .style import (
    BAR,
    BAR_PALE,
    FONT,
    INK,
    WINNER,
    WINNER_PALE,
    WORDS,
)

fmt = numbers.exact  # 3, −1.5, 10.25, 1/9: see numbers.py


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
