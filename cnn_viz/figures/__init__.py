"""What the pages draw, as plain values (no Streamlit): `figures.matrix(...)` and the rest.

- html.py: small matrices and bars as HTML, drawn by the browser: no chart library to load
- charts.py: Plotly charts, where interaction earns them (click a cell, zoom, many maps)
- pictures.py: RGB pictures (filters, a receptive field, heat over a photo)
- pipeline.py: the home page's network at a glance, as SVG
- dense_toy.py: the article's fully connected step (2 x 2 -> dog / not dog), as SVG
- style.py: named colours, type size, and the words figures write by default
- described.py: what a figure shows, as text for assistive technology, from the values it draws
"""

from . import described
from .charts import (
    answers,
    answers_by_confidence,
)
from .dense_toy import fully_connected
from .html import (
    Html,
    channel,
    confusion,
    curves,
    curves_by_method,
    diverging_range,
    lines,
    matrix,
    picture_tiles,
    probabilities,
    signed_bars,
    tap_picture,
    tiles,
    vector,
)
from .pictures import (
    filter_tiles,
    heat_legend,
    heat_overlay,
    magnified_difference,
    receptive_field_picture,
    taps_picture,
)
from .pipeline import pipeline, pipeline_stages
from .style import (
    CHANNEL_SCALES,
    DIVERGING,
    FONT,
    HIGHLIGHT,
    PIPELINE_COLORS,
    SEQUENTIAL,
    WINNER,
    WORDS,
)

__all__ = [
    "described",
    "CHANNEL_SCALES",
    "DIVERGING",
    "FONT",
    "HIGHLIGHT",
    "Html",
    "PIPELINE_COLORS",
    "SEQUENTIAL",
    "WINNER",
    "WORDS",
    "answers",
    "answers_by_confidence",
    "channel",
    "confusion",
    "contributions",
    "curves",
    "curves_by_method",
    "diverging_range",
    "filter_tiles",
    "fully_connected",
    "heat_legend",
    "heat_overlay",
    "lines",
    "magnified_difference",
    "matrix",
    "picture_tiles",
    "pipeline",
    "pipeline_stages",
    "probabilities",
    "receptive_field_picture",
    "signed_bars",
    "tap_picture",
    "taps_picture",
    "tiles",
    "vector",
]
