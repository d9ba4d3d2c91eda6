"""The model pages on the visitor's own network (a .keras file opened on Your own model).

The same views as the shipped network's, driven by the network's own layers (kernel sizes,
strides, padding, class names), under widget keys of their own that are not in the address
bar, as the network is not. What is built from the shipped network's training pictures
(exemplar patches, look-alikes, the closed-world notice, the offline faithfulness table)
says it is not available. The numbers come from cnn_viz.explain and cnn_viz.faithfulness,
which take any network.
"""

from functools import partial

import numpy as np
import streamlit as st

from .. import cost, explain, faithfulness, figures, numbers
from . import cell_view, picture, resources, why_view, widgets
from .text import t, words

# The settings the shipped Why this class? page lets the visitor change, at their defaults.
WHY_OPTIONS = dict(patch=4, stride=2, baseline="black", steps=32, samples=25, noise=0.15)


def _choose(key, choices, default=None):
    """Keep a widget's value among this network's choices (another model may have left another)."""
    if st.session_state.get(key) not in choices:
        st.session_state[key] = choices[0] if default is None else default


def _shape(shape):
    return " x ".join(map(str, shape))


def layers_table(net):
    """The layers as a table: kind, output shape, parameters; a folded BatchNormalization said."""
    header = f"| {t('maps.col_layer')} | {t('own.col_kind')} | {t('maps.col_shape')} | {t('maps.col_params')} |"
    lines = [header, "|---|---|---|--:|", f"| {t('maps.input')} | | {_shape(net.input_shape)} | 0 |"]
    for row, layer in zip(net.summary(), net.layers):
        kind = t(f"own.kind.{row['kind']}")
        if layer.get("folded"):
            kind += " " + t("own.folded", name=layer["folded"])
        lines.append(f"| {row['name']} | {kind} | {_shape(row['output_shape'])} | {row['parameters']:,} |")
    st.markdown("\n".join(lines))
    st.write(t("own.total", total=f"{net.parameters():,}", n=len(net.classes)))


# What one figure draws of a layer: a visitor's layer of 4,000 maps or 2 million numbers would
# send tens of megabytes of pictures or bars to the browser, and no one reads that many.
MOST_MAPS = 256
MOST_NUMBERS = 4096


def layer_output(net, outputs, layer, key):
    """A layer's output: its maps in a grid, or its numbers as bars (the last, with the class names)."""
    out = outputs[layer]
    if out.ndim == 3:
        st.caption(t("maps.grid_caption", layer=layer, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
        silent = int((out.reshape(-1, out.shape[2]).max(axis=0) <= 0).sum())
        if silent:
            st.caption(t("maps.silent_maps", n=silent, total=out.shape[2]))
        columns = 16 if out.shape[2] > 32 else 8  # a single map stays a tile's size, not the page's width
        if out.shape[2] > MOST_MAPS:
            st.caption(t("own.first_maps", shown=MOST_MAPS, n=f"{out.shape[2]:,}"))
        widgets.chart(figures.tiles(out[:, :, :MOST_MAPS], columns=columns, words=words()), key=f"{key}_grid")
        return
    last = layer == net.layers[-1]["name"]
    names = resources.class_names(net) if last else None
    title = t("maps.vector_title", layer=layer, n=f"{out.size:,}")
    if names is None and out.size > MOST_NUMBERS:
        st.caption(t("own.first_numbers", shown=f"{MOST_NUMBERS:,}", n=f"{out.size:,}"))
        out = out[:MOST_NUMBERS]
    widgets.chart(figures.vector(out, title, names), key=f"{key}_vector")
    low, high = numbers.exact(float(out.min())), numbers.exact(float(out.max()))
    st.caption(t("own.vector_range", low=low, high=high))


# ------------------------------------------------------------------------ Feature maps


def feature_maps(seen):
    net, state = seen.net, st.session_state
    st.title(t("maps.title"))
    st.write(t("own.maps_intro"))
    st.header(t("maps.h1"))
    layers_table(net)
    st.header(t("maps.h2"))
    names = [layer["name"] for layer in net.layers]
    _choose("own_fm_layer", names)
    layer = st.pills(t("maps.layer"), names, key="own_fm_layer", required=True, wrap=True)
    layer_output(net, seen.outputs, layer, "own_fm")
    out = seen.outputs[layer]
    if out.ndim == 3:
        st.header(t("maps.h3"))
        state.own_fm_map = min(state.get("own_fm_map", 0), out.shape[2] - 1)
        pick = st.slider(t("maps.map"), 0, out.shape[2] - 1, key="own_fm_map") if out.shape[2] > 1 else 0
        one_map(seen, layer, pick)
        st.caption(t("own.no_exemplars"))


def one_map(seen, layer, pick):
    """One map large beside the picture, and the filter that made it when the layer is a convolution."""
    out = seen.outputs[layer]
    a, b, c = st.columns(3)
    picture.show(seen.pixels, 360, t("maps.input_caption"), a)
    with b:
        values = out[:, :, pick]
        low = min(float(values.min()), 0.0)  # a layer without ReLU has values below 0
        scale = dict(zmin=low, zmax=float(values.max()) if values.max() > low else low + 1.0)
        fig = figures.matrix(
            values,
            t("maps.map_title", layer=layer, i=pick),
            **scale,
            text=out.shape[0] <= 15,
            font_size=10,
            height=420,
            words=words(),
        )
        widgets.chart(fig, key="own_one")
    if seen.net.layer(layer)["kind"] == "conv":
        kernel = seen.net.filters(layer)[:, :, :, pick]
        with c:
            widgets.chart(figures.tiles(kernel, columns=8, words=words()), key="own_kernel")
            kh, kw, channels = kernel.shape
            st.caption(t("own.filter", layer=layer, kh=kh, kw=kw, c=channels))


# ------------------------------------------------------------------------ Inside a cell


def _brightest(net, outputs, keep_map=None):
    state = st.session_state
    layer = state.own_cell_layer
    keep = keep_map if keep_map is not None and keep_map < outputs[layer].shape[2] else None
    state.own_cell_map, state.own_cell_row, state.own_cell_col = explain.brightest(net, outputs, layer, keep)
    state.own_cell_step = 0


def _clicked(rows, cols):
    cell = widgets.clicked_cell("own_cell_pick")
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        st.session_state.own_cell_row, st.session_state.own_cell_col = cell
        st.session_state.own_cell_step = 0


def inside_a_cell(seen):
    net, state = seen.net, st.session_state
    st.title(t("cell.title"))
    st.write(t("cell.intro"))
    spatial = explain.spatial(net)
    if not spatial:
        st.info(t("own.no_cells"))
        return
    if state.get("own_cell_layer") not in spatial:
        state.own_cell_layer = spatial[0]
        _brightest(net, seen.outputs)
    rows, cols, maps = explain.map_shape(net, state.own_cell_layer)
    state.own_cell_map = min(state.own_cell_map, maps - 1)
    state.own_cell_row, state.own_cell_col = min(state.own_cell_row, rows - 1), min(state.own_cell_col, cols - 1)
    layer, m, r, c = state.own_cell_layer, state.own_cell_map, state.own_cell_row, state.own_cell_col

    st.header(t("cell.h1"))
    a, b = st.columns(2, gap="medium")
    with a:
        c1, c2, c3, c4 = st.columns([3, 1.2, 1, 1], vertical_alignment="bottom")
        c1.pills(
            t("maps.layer"),
            spatial,
            key="own_cell_layer",
            required=True,
            on_change=_brightest,
            args=(net, seen.outputs, m),
        )
        c2.number_input(t("cell.map", n=maps - 1), 0, maps - 1, key="own_cell_map")
        c3.number_input(t("cell.row"), 0, rows - 1, key="own_cell_row")
        c4.number_input(t("cell.col"), 0, cols - 1, key="own_cell_col")
        values = seen.outputs[layer][:, :, m]
        low = min(float(values.min()), 0.0)
        fig = figures.matrix(
            values,
            t("maps.map_title", layer=layer, i=m),
            zmin=low,
            zmax=max(float(values.max()), low + 1e-6),
            text=rows <= 15,
            font_size=10,
            highlight=(r, c, 1, 1),
            height=420,
            words=words(),
        )
        widgets.chart(fig, key="own_cell_pick", on_click=partial(_clicked, rows, cols))
        value = numbers.exact(float(seen.outputs[layer][r, c, m]))
        st.markdown(t("cell.value_line", layer=layer, map=m, row=r, col=c, value=value))
    chain = explain.window_chain(net, layer, r, c)
    blind = explain.blind_rows(net) if net.input_shape[0] == net.input_shape[1] else ()
    field = figures.receptive_field_picture(seen.pixels, chain[-1][1:], blind)
    picture.show(field, 320, t("own.picture_caption", h=net.input_shape[0], w=net.input_shape[1]), b)

    st.header(t("cell.h2"))
    cell_view.chain_ui(layer, r, c, chain)
    if blind:
        st.info(t("own.blind", rows=f"{blind[0]}-{blind[-1]}" if len(blind) > 1 else blind[0]))
    if net.layer(layer)["kind"] == "conv":
        cell = explain.cell_contributions(net, seen.x, layer, m, r, c, outputs=seen.outputs)
        cell_view.conv_walk(cell, cell.strongest(), key="own_cell_step")
    else:
        cell = explain.pool_window(net, seen.x, layer, m, r, c, outputs=seen.outputs)
        cell_view.pool_window(cell, m, average=net.layer(layer)["kind"] == "avgpool")
    st.header(t("cell.h4"))
    st.caption(t("own.no_exemplars"))
    class_score_ui(seen)


def class_score_ui(seen):
    """A class score taken apart, input by input, from the maps Flatten lays out."""
    net, names = seen.net, resources.class_names(seen.net)
    st.header(t("own.h_score"))
    k = _pick_class(seen, names, "own_cell_class", "cell.class", "cell.class_top")
    dense = explain.dense_contributions(net, seen.x, k, outputs=seen.outputs)
    cell_view.class_score(dense, names[k], before=net.below(explain.flatten_layer(net)))


def _pick_class(seen, names, key, label_key, top_key):
    """The class to explain: the predicted one (the default) or any other; its index."""
    top = names[seen.predicted]
    choices = ["top", *range(len(names))]
    _choose(key, choices)
    label = lambda k: t(top_key, cls=top) if k == "top" else names[k]
    chosen = st.selectbox(t(label_key), choices, key=key, format_func=label)
    return seen.predicted if chosen == "top" else int(chosen)


# ------------------------------------------------------------------------ Why this class?


@st.cache_data(max_entries=16, show_spinner=False)
def _maps(_net, fingerprint, x, chosen):
    """Every method's map for one picture and class on this network ({method: map}, drops, IG).
    Each batched method holds at most cnn_viz.cost's budget, and waits for its turn."""
    with cost.turn(_net):
        drops = explain.occlusion(_net, x, chosen, WHY_OPTIONS["patch"], WHY_OPTIONS["stride"])
        ig = explain.integrated_gradients(_net, x, chosen, WHY_OPTIONS["baseline"], WHY_OPTIONS["steps"])
        return faithfulness.maps(_net, x, chosen, **WHY_OPTIONS, drops=drops, ig=ig), drops


@st.cache_data(max_entries=16, show_spinner=False)
def _curves(_net, fingerprint, x, chosen):
    maps = _maps(_net, fingerprint, x, chosen)[0]  # before the turn: it takes one of its own
    with cost.turn(_net):
        return faithfulness.curves(_net, x, chosen, maps)


@st.cache_data(max_entries=16, show_spinner=False)
def _fooled(_net, fingerprint, x, target):
    with cost.turn(_net):
        return explain.fgsm(_net, x, target)


def method_names(net):
    """Each method's name, Grad-CAM's with this network's layer."""
    names = why_view.method_names()
    for m in ("gradcam3", "gradcam2"):
        if m in faithfulness.methods(net):
            names[m] = t("own.method.gradcam", layer=faithfulness.cam_layer(net, m))
    return names


def why(seen):
    net, state = seen.net, st.session_state
    names = resources.class_names(net)
    st.title(t("why.title"))
    st.markdown(t("why.answer", cls=names[seen.predicted], p=f"{seen.probabilities[seen.predicted]:.1%}"))
    chosen = _pick_class(seen, names, "own_why_class", "why.class", "why.class_top")
    cls = names[chosen]
    st.header(t("why.h1"))
    st.write(t("why.gradient_text", cls=cls, logit=numbers.exact(float(seen.outputs["logits"][chosen]))))

    st.header(t("why.h2"))
    maps, drops = _maps(net, net.fingerprint, seen.x, chosen)
    labels = method_names(net)
    methods = faithfulness.methods(net)
    overlay = lambda m: why_view.overlay(seen.pixels, m, maps[m])
    picture.row([(overlay(m), labels[m]) for m in methods] + [(seen.pixels, t("why.original"))], width=150)
    _choose("own_why_method", methods)
    method = st.segmented_control(t("why.method"), methods, key="own_why_method", required=True, format_func=labels.get)
    a, b = st.columns([1, 1.2], gap="medium")
    picture.show(overlay(method), 320, labels[method], a)
    signed = method in faithfulness.SIGNED
    picture.show(figures.heat_legend(signed), 320, t("why.legend_signed" if signed else "why.legend"), a)
    with b:
        widgets.chart(why_view.detail(seen, method, chosen, cls, maps, drops), key="own_why_detail")
    if not method.startswith("gradcam"):
        baseline = t(f"why.baseline.{WHY_OPTIONS['baseline']}")
        st.write(
            t(
                f"why.explain.{method}",
                cls=cls,
                patch=WHY_OPTIONS["patch"],
                stride=WHY_OPTIONS["stride"],
                baseline=baseline,
            )
        )
    st.header(t("why.h3"))
    st.info(t("own.no_lookalikes"))
    st.header(t("why.h4"))
    st.write(t("own.closed_text", n=len(names)))

    st.header(t("why.h5"))
    fooling(seen, names, chosen, state.own_why_class == "top")
    st.header(t("why.h6"))
    pixels = net.input_shape[0] * net.input_shape[1]
    why_view.curves_ui(lambda: _curves(net, net.fingerprint, seen.x, chosen), cls, None, labels, pixels)


def fooling(seen, names, chosen, top):
    """The smallest sign-of-gradient step that changes the answer (toward the chosen class when one is)."""
    net = seen.net
    result = _fooled(net, net.fingerprint, seen.x, None if top else chosen)
    if result.step is None:
        st.info(t("why.not_fooled"))
        return
    as_rgb = lambda a: np.repeat(a, 3, axis=2) if a.shape[2] == 1 else a
    moved = as_rgb((result.picture * 255).round().astype(np.uint8))
    new = names[result.new_class]
    shown = [
        (seen.pixels, t("why.fool_before", cls=names[seen.predicted])),
        (moved, t("why.fool_after", cls=new, p=f"{result.probabilities[result.new_class]:.1%}")),
        (as_rgb(figures.magnified_difference(seen.x, result.picture)), t("why.fool_difference")),
    ]
    picture.row(shown, width=160)
    targeted = not top and chosen != seen.predicted
    key = "why.fool_target_text" if targeted else "why.fool_text"
    st.write(t(key, step=result.step, cls=names[seen.predicted], new=new, target=names[chosen]))
