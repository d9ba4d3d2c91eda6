"""Feature maps' sections that teach from the network's layers: the article's small dense layer
beside the network's own, one map up close (its filter, what it wants to see, its strongest
training patches), the first convolution's filters, and ReLU before and after."""

from functools import partial

import streamlit as st

from .. import article, exemplars, explain, figures, layers, numbers
from . import classroom, network_view, picture, resources, settings, toolbar, wants_view, widgets
from .text import t, words


def toy_dense_ui(net, layer):
    """Where the lesson reaches a dense layer, the article's own small one first: the pooled
    2 x 2 from the Pooling page, four numbers, two neurons (dog / not dog), every sum written."""
    inputs, scores, probs = article.toy_dense()
    names = [t(f"maps.toy_class.{c}") for c in article.TOY_DENSE_CLASSES]
    weights, bias = article.TOY_DENSE_WEIGHTS, article.TOY_DENSE_BIAS
    st.subheader(t("maps.toy_title"))
    rows = inputs.reshape(2, 2)
    st.write(t("maps.toy_intro", matrix=" / ".join(", ".join(numbers.exact(v) for v in row) for row in rows)))
    size = 20 if st.session_state.presenter else 16
    st.markdown(
        figures.fully_connected(rows, weights, scores, names, size, t("maps.toy_figure")), unsafe_allow_html=True
    )
    st.caption(t("maps.toy_caption"))
    for j, name in enumerate(names):
        terms = " + ".join(f"{numbers.exact(x)}×{numbers.factor(w)}" for x, w in zip(inputs, weights[:, j]))
        st.markdown(
            t("maps.toy_sum", name=name, terms=terms, bias=numbers.exact(bias[j]), total=numbers.exact(scores[j]))
        )
    best = int(probs.argmax())
    a, b = (numbers.exact(scores[k]) for k in (best, 1 - best))
    st.markdown(t("maps.toy_softmax", name=names[best], a=a, b=b, p=f"{100 * probs[best]:.1f}"))
    dense = next(row for row in net.summary() if row["name"] == layer)
    n_in, n_out = weights.shape
    params = dict(n_in=n_in, n_out=n_out, weights=weights.size, total=weights.size + bias.size)
    real = dict(real_in=dense["input_shape"][0], real_out=dense["output_shape"][0], real_total=dense["parameters"])
    st.write(t("maps.toy_params", **params, **real))


def open_cell(net, layer, map_index):
    """A click on a cell of the map opens it on the Inside a cell page."""
    cell = widgets.clicked_cell("one")
    rows, cols, _ = explain.map_shape(net, layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        where = dict(cell_layer=layer, cell_map=map_index, cell_row=cell[0], cell_col=cell[1], cell_step=0)
        toolbar.open_page("cell", **where)


def pick_map(index):
    """A click on a map's picture in the grid of what the maps want to see: that map, up close."""
    st.session_state.fm_map = index


def one_map_ui(seen, out, layer, pick, hold=False):
    """One map large (click a cell to open it), beside the picture and the filter that made it,
    then what it wants to see and the training patches it responds to most (held back while
    the class decides which picture excites a map more, with or without them)."""
    net = seen.net
    a, b, c = st.columns(3)
    picture.show(seen.pixels, 360, t("maps.input_caption"), a)
    with b:
        values = out[:, :, pick]
        title = t("maps.map_title", layer=layer, i=pick)
        cells = dict(text=out.shape[0] <= 15, font_size=10, height=420, words=words())
        fig = figures.matrix(values, title, **network_view.map_scale(values), **cells)
        if layer in explain.spatial(net):
            widgets.chart(fig, key="one", on_click=partial(open_cell, net, layer, pick))
            st.caption(t("maps.click_cell"))
        else:
            widgets.chart(fig, key="one")
        if not values.any():
            st.info(t("maps.all_zero"))
    conv = network_view.source_conv(net, layer)
    if conv is not None:
        network_view.filter_ui(net, conv, pick, c)
    if hold:
        classroom.hidden_note()
        return
    if conv is not None:
        wants_view.wants_ui(net, conv, pick, st.container(), on_pick=pick_map, shown=layer)
    if not net.shipped:
        st.caption(t("own.no_exemplars"))
        return
    found = resources.optional(exemplars.for_map, conv, pick)
    if found is None:
        return
    if found[0][1] > 0:
        st.markdown(t("maps.exemplars", layer=conv, map=pick, size=found[0][0].shape[0]))
        picture.row([(crop, numbers.exact(v)) for crop, v, _ in found], width=64)
    else:
        st.caption(t("cell.exemplar_silent", layer=conv, map=pick))


def first_filters_ui(net):
    """The first convolution's filters: colours when it reads the picture's three colours."""
    conv = next((x["name"] for x in net.layers if layers.kind(x).cell == "conv"), None)
    if conv is None:
        return
    st.header(t("maps.h4"))
    kernel = net.filters(conv)
    kh, kw, c, n = kernel.shape
    st.write(network_view.says(net, "maps.filters_text", "own.filters_text", n=n, layer=conv, kh=kh, kw=kw, c=c))
    if c == 3:
        picture.show(figures.filter_tiles(kernel), 560, described=t("maps.filters_alt", n=n, layer=conv, kh=kh, kw=kw))
    else:
        first = kernel[:, :, 0, : network_view.MOST_MAPS]  # each filter's weights on the first channel
        widgets.chart(figures.tiles(first, columns=16 if n > 32 else 8, words=words()), key="first_filters")


def relu_ui(seen):
    """The first convolution with a ReLU, before and after it."""
    net = seen.net
    convs = (x for x in net.layers if layers.kind(x).cell == "conv" and x.get("activation") == "relu")
    conv = next((x["name"] for x in convs), None)
    if not any(layers.kind(x).cell == "conv" for x in net.layers):
        return  # no convolution at all: nothing to show before and after
    st.header(t("maps.h5"))
    if conv is None:
        st.caption(t("own.no_relu"))
        return
    maps = net.filters(conv).shape[3]
    settings.clamp("relu_map", range(maps))
    relu_map = st.slider(t("maps.relu_map", layer=conv), 0, maps - 1, key="relu_map") if maps > 1 else 0
    before = net.pre_activation(seen.outputs, conv)[:, :, relu_map]
    lo, hi = figures.diverging_range(before)
    for col, values, key in zip(st.columns(2), (before, before.clip(min=0)), ("before", "after")):
        with col:
            fig = figures.matrix(
                values, t(f"maps.{key}"), figures.DIVERGING, lo, hi, text=False, height=420, words=words()
            )
            widgets.chart(fig, key=key)
    st.write(t("maps.relu_count", negative=int((before < 0).sum()), total=before.size))
