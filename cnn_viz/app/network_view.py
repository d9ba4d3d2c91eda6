"""The parts of the model pages that read the network they show: the shipped one or a visitor's.

Every model page has one body, driven by its network: its layers, shapes, filters and class
names come from the `model.Network`, and only what needs the shipped network's training set
(exemplars, look-alikes, the faithfulness table, live questions) asks `net.shipped`, saying
in one caption what another network lacks.
"""

import streamlit as st

from .. import figures, layers, numbers
from . import picture, resources, settings, widgets
from .text import t, words

# What one figure draws of a layer: a visitor's layer of 4,000 maps or 2 million numbers would
# send tens of megabytes of pictures or bars to the browser, and no one reads that many.
MOST_MAPS = 256
MOST_NUMBERS = 4096
# Layers the pages name in the visitor's language (the shipped network's, and any of the same name).
NAMED = ("flatten", "dense", "logits")


def says(net, key, own_key, **values):
    """The shipped network's sentence, or the one for any other network (which cannot name
    conv3 or the ten classes)."""
    return t(key if net.shipped else own_key, **values)


def layer_names(net):
    return [layer["name"] for layer in net.layers]


def layer_label(name):
    """conv1 ... pool2 as the network names them; flatten, dense and logits in the visitor's language."""
    return t(f"maps.pill.{name}") if name in NAMED else name


def layers_table(net):
    """The layers as a table (a markdown table: a first visit downloads no data grid's code):
    kind, output shape and parameters, a folded batch normalization said, then the shapes in a
    row and the parameters' sum."""
    rows = net.summary()
    header = f"| {t('maps.col_layer')} | {t('own.col_kind')} | {t('maps.col_shape')} | {t('maps.col_params')} |"
    lines = [header, "|---|---|---|--:|", f"| {t('maps.input')} | | {numbers.shape_text(net.input_shape)} | 0 |"]
    for row, layer in zip(rows, net.layers):
        kind = t("own.kind.depthwise" if layer.get("depthwise") else layers.kind(layer).label)
        if layer.get("folded"):
            kind += " " + t("own.folded", name=layer["folded"])
        if layer.get("counted_by"):  # an ONNX average pooling that counts its padding's zeros
            kind += " " + t("own.counted_by", name=layer["counted_by"])
        lines.append(f"| {row['name']} | {kind} | {numbers.shape_text(row['output_shape'])} | {row['parameters']:,} |")
    widgets.wide_table(lines, "layer_table")
    counts = [row["parameters"] for row in rows if row["parameters"]]
    total = f"{sum(counts):,}"  # net.parameters(), from the rows already made
    if len(rows) <= 12:  # a short network's shapes in one line, and its parameters summed
        chain = " → ".join(numbers.shape_text(s) for s in (net.input_shape, *(r["output_shape"] for r in rows)))
        terms = " + ".join(f"{p:,}" for p in counts)
        st.write(chain + "  \n" + t("maps.params_line", terms=terms, total=total))
    if not net.shipped:
        st.write(t("own.total", total=total, n=len(net.classes)))


def silent_maps(out):
    """How many of a layer's maps are 0 everywhere (a ReLU that never fired on this picture)."""
    return int((out.reshape(-1, out.shape[2]).max(axis=0) <= 0).sum())


def maps_grid(out, layer, key, shared=False, on_click=None, say_silent=True):
    """A layer's maps in a grid (at most MOST_MAPS of them)."""
    st.caption(t("maps.grid_caption", layer=layer, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
    silent = silent_maps(out)
    if silent and say_silent:
        st.caption(t("maps.silent_maps", n=silent, total=out.shape[2]))
    if out.shape[2] > MOST_MAPS:
        st.caption(t("own.first_maps", shown=MOST_MAPS, n=f"{out.shape[2]:,}"))
    columns = 16 if out.shape[2] > 32 else 8  # a single map stays a tile's size, not the page's width
    grid = figures.tiles(out[:, :, :MOST_MAPS], columns=columns, shared_scale=shared, words=words())
    widgets.chart(grid, key=key, on_click=on_click)


def numbers_bars(net, out, layer, key):
    """A layer's numbers as bars: the last layer's with the class names (signed, as scores,
    when it has no activation of its own), any other's the first MOST_NUMBERS of them."""
    if layer == net.layers[-1]["name"]:
        names = resources.class_names(net)
        if not net.layers[-1].get("activation"):
            widgets.chart(figures.signed_bars(out, names, t("maps.logits_title")), key=key)
            return
        widgets.chart(figures.vector(out, t("maps.vector_title", layer=layer, n=f"{out.size:,}"), names), key=key)
        return
    title = t("maps.vector_title", layer=layer, n=f"{out.size:,}")
    if out.size > MOST_NUMBERS:
        st.caption(t("own.first_numbers", shown=f"{MOST_NUMBERS:,}", n=f"{out.size:,}"))
    widgets.chart(figures.vector(out[:MOST_NUMBERS], title, words=words()), key=key)
    low, high = numbers.exact(float(out.min())), numbers.exact(float(out.max()))
    st.caption(t("own.vector_range", low=low, high=high))


def map_scale(values):
    """A map's colour range: 0 (or its lowest value, without a ReLU) darkest, its largest brightest."""
    low = min(float(values.min()), 0.0)
    high = float(values.max())
    return dict(zmin=low, zmax=high if high > low else low + 1.0)


def is_dense(net, name):
    """Whether the layer multiplies a vector by a matrix (a dense kernel is 2-D; a convolution's 4-D)."""
    found = net.weights.get(name)
    return found is not None and found[0].ndim == 2


def source_conv(net, layer):
    """The convolution whose filter made map i of `layer` (the layer itself, or the convolution
    below the layers that keep its maps one for one: pooling, padding, scaling, activation), or None."""
    shapes, name = net.shapes(), layer
    while name != "input":
        if layers.kind(net.layer(name)).cell == "conv":
            return name
        below = net.below(name)
        if len(shapes[name]) != 3 or shapes[name][-1] != shapes[below][-1]:
            return None  # not map for map (a flatten, a dense layer)
        name = below
    return None


def filter_ui(net, conv, pick, where):
    """The filter that made map `pick` of `conv`: colours when it reads a colour picture, else a
    grid of its weights, one tile per channel it reads."""
    kernel = net.filters(conv)[:, :, :, pick]
    kh, kw, channels = kernel.shape
    if channels == 3 and net.below(conv) == "input":
        tiles = figures.filter_tiles(kernel[..., None], columns=1, cell=1, gap=0)
        picture.show(tiles, 300, t("maps.filter_rgb", layer=conv, kh=kh, kw=kw), where)
        return
    with where:
        widgets.chart(figures.tiles(kernel, columns=8, words=words()), key="kernel")
        reads = "maps.filter_picture" if net.below(conv) == "input" else "maps.filter_deep"
        st.caption(t(reads, layer=conv, kh=kh, kw=kw, c=channels))


def class_choice(net, predicted, key, label_key, top_key):
    """The class a page explains: "top" (the predicted one, the default) or any other. The
    shipped network's choices are its class names (they are in its links); another's, their
    numbers. Returns the class's index."""
    names = resources.class_names(net)
    values = net.classes if net.shipped else range(len(names))
    choices = ("top", *values)
    settings.clamp(key, choices)
    label = lambda c: t(top_key, cls=names[predicted]) if c == "top" else names[list(values).index(c)]
    chosen = st.selectbox(t(label_key), choices, key=key, format_func=label)
    return predicted if chosen == "top" else list(values).index(chosen)
