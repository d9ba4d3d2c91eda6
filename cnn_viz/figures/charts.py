"""Plotly charts: numbers in, go.Figure out. Kept for the live class's answer histograms on the
projector, which loads them once a question is asked; what a page opens with, and what a phone
taps, is html.py's, without a chart library (docs/performance.md). No Streamlit here."""

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


def answers(counts, correct=None, words=WORDS, height=320):
    """A class's answers as vertical bars, one per answer given (or option), with its count;
    after the reveal the correct answer's bar is green."""
    labels = [label for label, _ in counts]
    values = [n for _, n in counts]
    colours = [WINNER if correct is not None and label == correct else BAR for label in labels]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=values,
            marker_color=colours,
            text=values,
            textposition="outside",
            hoverinfo="skip",
            cliponaxis=False,  # a short chart (a projector's reveal) keeps its counts whole above the bars
        )
    )
    # Read from the back of the room: labels and counts at 20 px, on a projector and a laptop.
    fig.update_traces(textfont=dict(size=20, color=INK))
    fig.update_xaxes(type="category", tickfont=dict(color=INK, size=20))
    fig.update_yaxes(visible=False, range=[0, max(values + [1]) * 1.3])
    fig.update_layout(height=height, font=FONT, margin=dict(l=10, r=10, t=26, b=10), plot_bgcolor="rgba(0,0,0,0)")
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
            go.Bar(x=labels, y=sure, marker_color=solid, hoverinfo="skip", showlegend=False),
            go.Bar(x=labels, y=unsure, marker_color=pale, marker_line=dict(color=solid, width=2), hoverinfo="skip",
                   showlegend=False),
            # The legend's two keys, in the bars' own colours whatever bar comes first (green or
            # blue): zero-height bars that draw nothing.
            go.Bar(x=labels[:1], y=[0], name=names["sure"], marker_color=BAR, hoverinfo="skip"),
            go.Bar(x=labels[:1], y=[0], name=names["unsure"], marker_color=BAR_PALE,
                   marker_line=dict(color=BAR, width=2), hoverinfo="skip"),
            go.Scatter(x=labels, y=totals, text=totals, mode="text", textposition="top center", showlegend=False,
                       hoverinfo="skip", cliponaxis=False),
        ]
    )  # fmt: skip
    fig.update_traces(textfont=dict(size=20, color=INK), selector=dict(type="scatter"))
    fig.update_xaxes(type="category", tickfont=dict(color=INK, size=20))
    fig.update_yaxes(visible=False, range=[0, max(totals + [1]) * 1.35])
    # The legend sits wholly above the bars' area (its foot on the top edge, no box), so it never
    # covers a total written above a bar.
    legend = dict(
        orientation="h",
        yanchor="bottom",
        y=1.0,
        x=0,
        bgcolor="rgba(0,0,0,0)",
        font=dict(size=20, color=INK),
        traceorder="normal",
    )
    fig.update_layout(barmode="stack", height=height, font=FONT, legend=legend, margin=dict(l=10, r=10, t=36, b=10),
                      plot_bgcolor="rgba(0,0,0,0)")  # fmt: skip
    return fig
