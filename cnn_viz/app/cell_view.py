"""Inside a cell, drawn: a conv cell's computation channel by channel in the Convolution
lesson's stepper, a pool cell's window and its winner, a class score taken apart, and the
training patches a map responds to most. The numbers come from cnn_viz.explain and
cnn_viz.exemplars; this module only lays them out."""

import streamlit as st

from .. import exemplars, figures, numbers
from . import conv_view, network_view, picture, resources, wants_view, widgets
from .stepper import stepper_ui
from .text import t, words


def channel_name(cell, c, colours=True):
    """The name of the channel the cell's c-th window reads (a grouped filter reads only some):
    a picture's channels are its colours (or its brightness, for a grey one); deeper ones are
    maps of the layer below."""
    channel = c if cell.channels is None else int(cell.channels[c])
    if cell.source == "input":
        return words()[("red", "green", "blue")[channel]] if colours else t("cell.brightness")
    return t("cell.channel_of", source=cell.source, c=channel)


def ledger(cell, shown, upto, colours=True):
    """The channel sums met so far, as the lesson's output line; at the end, the whole sum,
    bias, total and ReLU, equal to the map's value."""
    met = shown[:upto]
    if not met:
        return
    terms = [f"{numbers.factor(cell.channel_sums[c])} ({channel_name(cell, c, colours)})" for c in met]
    if upto < len(shown):
        st.markdown(t("cell.so_far", terms=" + ".join(terms)))
        return
    others, rest = cell.rest(shown)
    if others:
        terms.append(t("cell.rest_term", value=numbers.factor(rest), n=others))
    total = numbers.exact(cell.total)
    st.markdown(t("cell.total_line", sums=" + ".join(terms), bias=numbers.factor(cell.bias), total=total))
    value = numbers.exact(cell.value)
    if cell.after is not None:  # a leaky ReLU, a sigmoid, a tanh: named, its value the map's
        st.markdown(t("cell.activation_line", activation=cell.activation, total=total, value=value))
    else:
        st.markdown(t("cell.relu_line" if cell.relu else "cell.no_relu_line", total=total, value=value))


def chain_ui(layer, row, col, chain):
    """The receptive field in words, and the chain of windows down to the pixels."""
    top, left, bottom, right = chain[-1][1:]
    h, w = bottom - top + 1, right - left + 1
    key = "cell.field" if h == w else "cell.field_rect"
    st.write(t(key, top=top, bottom=bottom, left=left, right=right, size=h, h=h, w=w))
    lines = [t("cell.chain_cell", layer=layer, row=row, col=col)]
    for name, r0, c0, r1, c1 in chain[1:]:
        where = t("cell.picture") if name == "input" else name
        size = dict(h=r1 - r0 + 1, w=c1 - c0 + 1)
        lines.append(t("cell.chain_item", layer=where, top=r0, bottom=r1, left=c0, right=c1, **size))
    st.markdown("\n".join(f"{i + 1}. {line}" for i, line in enumerate(lines)))


@st.fragment
def conv_walk(cell, shown, colours=True, channels_below=None):
    """A conv cell, one shown channel per step (`shown`: their indices), then the whole sum.
    `colours`: the network's pictures are in colour (not grey); `channels_below`: how many
    channels the layer below has (a grouped filter reads only some of them)."""
    st.header(t("cell.h3_conv"))
    c = len(cell.channel_sums)
    kh, kw = cell.window.shape[:2]
    source = t("cell.picture") if cell.source == "input" else cell.source
    key = (
        "cell.conv_text_activated"
        if cell.after is not None
        else "cell.conv_text"
        if cell.relu
        else "cell.conv_text_linear"
    )
    st.write(t(key, c=c, source=source, kh=kh, kw=kw, activation=cell.activation))
    if c > len(shown):
        st.write(t("cell.many", c=c, n=len(shown), rest=c - len(shown)))
    if cell.source == "input":
        st.caption(t("cell.scaled"))
    notes_ui(cell, channels_below)
    i = stepper_ui("cell_step", len(shown) + 1, t("cell.step"))
    if i == len(shown):
        ledger(cell, shown, len(shown), colours)
        return
    ch = shown[i]
    name = channel_name(cell, ch, colours)
    st.markdown(t("cell.step_channel", i=i + 1, n=len(shown), name=name))
    window, kernel, products = cell.window[:, :, ch], cell.kernel[:, :, ch], cell.products[:, :, ch]
    conv_view.channel_row(
        window,
        kernel,
        window,
        products,
        cell.channel_sums[ch],
        name,
        figures.diverging_range(window, kernel, products),
        key="cell",
        height=230,  # real numbers (0.0381) need wider cells than the toy's whole numbers
        sum_below=True,  # and the width of a third of the page each, or their third column is cut off
        title=None if cell.source == "input" else name,
    )
    ledger(cell, shown, i + 1, colours)


def notes_ui(cell, channels_below):
    """What makes this cell's window unlike the lesson's: a grouped filter reads only its group's
    channels, a dilated one skips cells, "same" padding puts zeros outside the map."""
    if channels_below and cell.channels is not None and len(cell.channels) < channels_below:
        first, last = int(cell.channels[0]), int(cell.channels[-1])
        st.caption(t("cell.grouped", c=len(cell.channels), total=channels_below, first=first, last=last))
    gaps = [int(taps[1] - taps[0]) for taps in (cell.rows, cell.cols) if taps is not None and len(taps) > 1]
    if gaps and max(gaps) > 1:
        st.caption(t("cell.dilated", step=max(gaps)))
    if cell.source_size and len(cell.cells()) < len(cell.rows) * len(cell.cols):  # taps off the map
        st.caption(t("cell.padding_zeros"))


def pool_window(cell, map_index, average=False):
    """A pool cell: its window on the map below, the winner framed in green (or, for average
    pooling, the mean of the window)."""
    h, w = cell.window.shape
    st.header(t("cell.h3_pool") if (h, w) == (2, 2) and not average else t("own.h3_pool"))
    where = dict(top=cell.top, left=cell.left, bottom=cell.top + h - 1, right=cell.left + w - 1)
    key = "own.avg_text" if average else "cell.pool_text" if (h, w) == (2, 2) else "own.pool_text"
    st.write(t(key, source=cell.source, map=map_index, h=h, w=w, **where))
    values = ", ".join(numbers.exact(v) for v in cell.window.ravel())
    line = "own.mean_line" if average else "pool.max_line"
    st.markdown(t(line, values=values, value=numbers.exact(cell.value), n=cell.window.size))
    title = t("maps.map_title", layer=cell.source, i=map_index)
    winner = [] if average else [(*cell.argmax, 1, 1, figures.WINNER, 6, 0.12)]
    low = min(float(cell.window.min()), 0.0)
    fig = figures.matrix(cell.window, title, zmin=low, height=260, words=words(), marks=winner)
    left_col, _ = st.columns([1, 2])
    with left_col:
        widgets.chart(fig, key="cell_pool")


def class_score(dense, cls, before=None, pooled=None):
    """What each of the 1,024 conv3 values adds to one class score: the sum written out, a map
    by position, and the strongest inputs as bars. `before`: the layer Flatten reads, for a
    network other than the shipped one (whose texts name conv3); `pooled`: the global pooling
    layer that makes one number of each of its maps, when it has one instead of Flatten."""
    if before is None:
        st.write(t("cell.dense_text", on=int(dense.units_on.sum())))
    elif pooled:
        st.write(t("own.dense_text_pooled", n=f"{dense.inputs.size:,}", layer=before, pool=pooled))
    else:
        st.write(t("own.dense_text", n=f"{dense.inputs.size:,}", layer=before))
    up = float(dense.contributions[dense.contributions > 0].sum())
    down = float(dense.contributions[dense.contributions < 0].sum())
    sums = dict(up=numbers.exact(up), down=numbers.factor(down), bias=numbers.factor(dense.bias_term))
    st.markdown(t("cell.dense_sum", **sums, logit=numbers.exact(dense.logit), cls=cls))
    a, b = st.columns([1, 1.3], gap="medium")
    with a:
        lo, hi = figures.diverging_range(dense.by_position)
        title = t("cell.by_position", cls=cls) if before is None else t("own.by_position", cls=cls, layer=before)
        fig = figures.matrix(
            dense.by_position, title, figures.DIVERGING, lo, hi, height=330, font_size=14, words=words()
        )
        widgets.chart(fig, key="dense_pos")
    with b:
        ups, downs = dense.strongest(6)
        picked = ups + downs
        name = "cell.input_name" if before is None else "own.input_pooled" if pooled else "own.input_name"
        names = [t(name, layer=before, **dict(zip(("r", "c", "m"), dense.position(i)))) for i in picked]
        fig = figures.signed_bars(dense.contributions[picked], names, t("cell.top_inputs", cls=cls), exact=True)
        widgets.chart(fig, key="dense_top")
    st.caption(t("cell.dense_caption") if before is None else t("own.dense_caption"))


def exemplars_ui(net, layer, map_index):
    """What the cell's map responds to: in itself (what it wants to see), then in the training
    pictures (the patches that excite it most, found offline for the shipped network)."""
    conv = network_view.source_conv(net, layer)
    if conv is not None:
        wants_view.wants_ui(net, conv, map_index, st.container())
    if not net.shipped or conv is None:
        st.caption(t("own.no_exemplars"))
        return
    found = resources.optional(exemplars.for_map, conv, map_index)
    if found is None:
        return
    if conv != layer:
        st.caption(t("cell.exemplar_pool", layer=layer, conv=conv, map=map_index))
    if found[0][1] <= 0:
        st.info(t("cell.exemplar_silent", layer=conv, map=map_index))
        return
    st.write(t("cell.exemplar_text", layer=conv, map=map_index, size=found[0][0].shape[0]))
    crops = [(crop, t("cell.exemplar_value", value=numbers.exact(v))) for crop, v, _ in found]
    picture.row(crops, width=72)
