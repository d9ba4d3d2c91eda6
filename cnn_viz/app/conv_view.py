"""One channel of one convolution cell, drawn the same way for the toy lesson and the real
network: the input with the window outlined, the filter, their products and the sum; and the
lesson's editors of the article's picture and filter."""

import numpy as np
import streamlit as st

from .. import article, figures, numbers
from . import widgets
from .text import t, words


def rows_height(rows):
    """A chart's height for `rows` rows: cells small enough that a row of them fits its column."""
    return 64 + rows * (32 if rows <= 3 else 26 if rows == 4 else 21)


def channel_row(
    source,
    kernel,
    patch,
    products,
    channel_sum,
    name,
    colour_range,
    key,
    highlight=None,
    padding=0,
    height=None,
    title=None,
    sum_below=False,
):
    """One channel: `source` (the matrix the window is read from, the window outlined at
    `highlight`), the filter, the products (None: not revealed yet, the quiz waits) and the
    written-out sum. `name` labels the channel; `key` keeps the charts of rows apart;
    `height` sets every chart's height (by default, from the number of rows); `title`
    names the input (by default "<name> channel"); `sum_below`: the written-out sum under the
    three matrices, not beside them (a real network's numbers, 0.0381, make wider matrices)."""
    lo, hi = colour_range
    kh = kernel.shape[0]
    small = dict(height=height or rows_height(kh), font_size=14 if kh > 3 else 15, words=words())
    if sum_below:
        a, b, d = st.columns(3, vertical_alignment="center")
        e = st.container()
    else:
        a, b, d, e = st.columns([3, 2.2, 2.2, 2.6], vertical_alignment="center")
    with a:
        fig = figures.matrix(
            source,
            title or t("conv.channel_title", channel=name),
            figures.DIVERGING,
            lo,
            hi,
            highlight=highlight,
            padding=padding,
            height=height or rows_height(source.shape[0]),
            font_size=14 if source.shape[0] > 5 else 15,
            words=words(),
        )
        widgets.chart(fig, key=f"p{key}")
    with b:
        widgets.chart(figures.matrix(kernel, t("conv.times_filter"), figures.DIVERGING, lo, hi, **small), key=f"k{key}")
    if products is None:
        return
    with d:
        widgets.chart(figures.matrix(products, t("conv.products"), figures.DIVERGING, lo, hi, **small), key=f"m{key}")
    terms = " + ".join(f"{numbers.factor(x)}×{numbers.factor(w)}" for x, w in zip(patch.ravel(), kernel.ravel()))
    e.markdown(t("conv.sum_line", channel=name, terms=terms, total=numbers.exact(channel_sum)))


def editors_ui(base_kernel, k):
    """The picture's and the filter's matrices, editable: drawn only while their expander is
    open (a data grid's code is a download of its own), kept while it is closed. Returns (picture, filter, bias)."""
    version = st.session_state.img_version
    editing = st.expander(t("conv.edit"), key="conv_editing", on_change="rerun")
    shown = bool(editing.open)
    with editing:
        toy, kernel = [], []
        for i, (name, col) in enumerate(zip(article.CHANNELS, st.columns(3))):
            with col:
                label = t("conv.edit_picture", channel=words()[name])
                toy.append(widgets.matrix_editor(article.TOY_IMAGE[:, :, i], f"img_{name}_{version}", label, shown))
                # The editor's key names the preset and size, so choosing either shows fresh numbers.
                key = f"ker_{name}_{st.session_state.conv_preset}_{k}_{version}"
                label = t("conv.edit_filter", channel=words()[name])
                kernel.append(widgets.matrix_editor(base_kernel[:, :, i], key, label, shown))
        bias = st.number_input(t("conv.bias"), -100.0, 100.0, step=0.5, key="conv_bias")
    return np.stack(toy, axis=-1), np.stack(kernel, axis=-1), bias
