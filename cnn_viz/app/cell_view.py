"""Inside a cell, drawn: a conv cell's computation channel by channel in the Convolution
lesson's stepper, a pool cell's window and its winner, and a class score taken apart.
The numbers come from cnn_viz.explain; this module only lays them out."""

import streamlit as st

from .. import figures, numbers
from . import conv_view, widgets
from .stepper import stepper_ui
from .text import t, words


def channel_name(cell, c):
    """conv1's channels are the picture's colours; deeper ones are maps of the layer below."""
    if cell.source == "input":
        return words()[("red", "green", "blue")[c]]
    return t("cell.channel_of", source=cell.source, c=c)


def ledger(cell, shown, upto):
    """The channel sums met so far, as the lesson's output line; at the end, the whole sum,
    bias, total and ReLU, equal to the map's value."""
    met = shown[:upto]
    if not met:
        return
    terms = [f"{numbers.factor(cell.channel_sums[c])} ({channel_name(cell, c)})" for c in met]
    if upto < len(shown):
        st.markdown(t("cell.so_far", terms=" + ".join(terms)))
        return
    others, rest = cell.rest(shown)
    if others:
        terms.append(t("cell.rest_term", value=numbers.factor(rest), n=others))
    total = numbers.exact(cell.total)
    st.markdown(t("cell.total_line", sums=" + ".join(terms), bias=numbers.factor(cell.bias), total=total))
    st.markdown(t("cell.relu_line", total=total, value=numbers.exact(cell.value)))


@st.fragment
def conv_walk(cell, shown):
    """A conv cell, one shown channel per step (`shown`: their indices), then the whole sum."""
    st.header(t("cell.h3_conv"))
    c = len(cell.channel_sums)
    st.write(t("cell.conv_text", c=c, source=t("cell.picture") if cell.source == "input" else cell.source))
    if c > len(shown):
        st.write(t("cell.many", c=c, n=len(shown), rest=c - len(shown)))
    if cell.source == "input":
        st.caption(t("cell.scaled"))
    i = stepper_ui("cell_step", len(shown) + 1, t("cell.step"))
    if i == len(shown):
        ledger(cell, shown, len(shown))
        return
    ch = shown[i]
    st.markdown(t("cell.step_channel", i=i + 1, n=len(shown), name=channel_name(cell, ch)))
    window, kernel, products = cell.window[:, :, ch], cell.kernel[:, :, ch], cell.products[:, :, ch]
    conv_view.channel_row(
        window,
        kernel,
        window,
        products,
        cell.channel_sums[ch],
        channel_name(cell, ch),
        figures.diverging_range(window, kernel, products),
        key="cell",
        height=230,  # real numbers (0.0381) need wider cells than the toy's whole numbers
        title=None if cell.source == "input" else channel_name(cell, ch),
    )
    ledger(cell, shown, i + 1)


def pool_window(cell, map_index):
    """A pool cell: its window on the map below, the winner framed in green."""
    st.header(t("cell.h3_pool"))
    n = cell.window.shape[0]
    where = dict(top=cell.top, left=cell.left, bottom=cell.top + n - 1, right=cell.left + n - 1)
    st.write(t("cell.pool_text", source=cell.source, map=map_index, **where))
    values = ", ".join(numbers.exact(v) for v in cell.window.ravel())
    st.markdown(t("pool.max_line", values=values, value=numbers.exact(cell.value)))
    title = t("maps.map_title", layer=cell.source, i=map_index)
    fig = figures.matrix(cell.window, title, zmin=0, height=260, words=words())
    figures.outline(fig, *cell.argmax, 1, 1, color=figures.WINNER, inset=0.12, line_width=6)
    left_col, _ = st.columns([1, 2])
    with left_col:
        widgets.chart(fig, key="cell_pool")


def class_score(dense, cls):
    """What each of the 1,024 conv3 values adds to one class score: the sum written out, a map
    by position, and the strongest inputs as bars."""
    st.write(t("cell.dense_text", on=int(dense.units_on.sum())))
    up = float(dense.contributions[dense.contributions > 0].sum())
    down = float(dense.contributions[dense.contributions < 0].sum())
    sums = dict(up=numbers.exact(up), down=numbers.factor(down), bias=numbers.factor(dense.bias_term))
    st.markdown(t("cell.dense_sum", **sums, logit=numbers.exact(dense.logit), cls=cls))
    a, b = st.columns([1, 1.3], gap="medium")
    with a:
        lo, hi = figures.diverging_range(dense.by_position)
        title = t("cell.by_position", cls=cls)
        fig = figures.matrix(
            dense.by_position, title, figures.DIVERGING, lo, hi, height=330, font_size=14, words=words()
        )
        widgets.chart(fig, key="dense_pos")
    with b:
        ups, downs = dense.strongest(6)
        picked = ups + downs
        names = [t("cell.input_name", **dict(zip(("r", "c", "m"), dense.position(i)))) for i in picked]
        fig = figures.contributions(dense.contributions[picked], names, t("cell.top_inputs", cls=cls))
        widgets.chart(fig, key="dense_top")
    st.caption(t("cell.dense_caption"))
