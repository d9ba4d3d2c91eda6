"""5 · Feature maps: the visitor's picture through every layer of the trained network."""

from functools import partial

import streamlit as st

from cnn_viz import architecture, article, exemplars, explain, figures, numbers, ops
from cnn_viz.app import classroom, frame, own_view, picture, resources, settings, stepper, toolbar, widgets
from cnn_viz.app.text import class_name, t, words
from cnn_viz.data import CLASSES
from cnn_viz.live import questions


def layer_label(name):
    """conv1 ... pool2 as the network names them; flatten, dense and logits with their meaning."""
    return t(f"maps.pill.{name}") if name in ("flatten", "dense", "logits") else name


def open_cell(layer, map_index):
    """A click on a cell of the map opens it on the Inside a cell page."""
    cell = widgets.clicked_cell("one")
    rows, cols, _ = explain.map_shape(resources.network(), layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        where = dict(cell_layer=layer, cell_map=map_index, cell_row=cell[0], cell_col=cell[1], cell_step=0)
        toolbar.open_page("cell", **where)


def open_map(maps):
    """A click on a map of the grid opens it up close below (section 3)."""
    cell = widgets.clicked_cell("grid")
    if cell and 0 <= cell[0] < maps:
        st.session_state.fm_map = cell[0]


def shapes_ui():
    """The layer table (a markdown table: nine fixed rows need no data grid, whose code a
    first visit would otherwise download), the shapes in a row, and the parameters' sum."""
    table = architecture.shape_table()
    names = [t("maps.input")] + [name for name, _, _ in table[1:]]
    header = f"| {t('maps.col_layer')} | {t('maps.col_shape')} | {t('maps.col_params')} |\n|---|---|--:|\n"
    rows = [f"| {n} | {architecture.shape_text(s)} | {p:,} |" for n, (_, s, p) in zip(names, table)]
    st.markdown(header + "\n".join(rows))
    terms = " + ".join(f"{p:,}" for _, _, p in table if p)
    params = t("maps.params_line", terms=terms, total=f"{architecture.total_parameters():,}")
    st.write(" → ".join(architecture.shape_text(s) for _, s, _ in table) + "  \n" + params)


def all_maps_ui(out, layer, shared):
    if out.ndim == 3:
        st.caption(t("maps.grid_caption", layer=layer, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
        silent = int((out.reshape(-1, out.shape[2]).max(axis=0) <= 0).sum())
        if silent and not classroom.hiding("zero_maps"):  # the class may be counting them
            st.caption(t("maps.silent_maps", n=silent, total=out.shape[2]))
        grid = figures.tiles(out, columns=16 if out.shape[2] > 32 else 8, shared_scale=shared, words=words())
        widgets.chart(grid, key="grid", on_click=partial(open_map, out.shape[2]))
        st.caption(t("maps.click_map"))
    elif layer == "logits" and classroom.hiding("predict"):  # the class is answering "which class?"
        classroom.hidden_note()
    elif layer == "logits":
        widgets.chart(figures.signed_bars(out, [class_name(c) for c in CLASSES], t("maps.logits_title")), key="logits")
    else:
        if layer == "dense":
            toy_dense_ui()
            st.subheader(t("maps.real_dense"))
        widgets.chart(figures.vector(out, t("maps.vector_title", layer=layer, n=out.size)), key="vector")
        if layer == "flatten":
            st.write(t("maps.flatten_note"))


def toy_dense_ui():
    """Where the lesson reaches the dense layer, the article's own small one first: the pooled
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
    dense = next(row for row in architecture.summary() if row["kind"] == "dense")
    n_in, n_out = weights.shape
    params = dict(n_in=n_in, n_out=n_out, weights=weights.size, total=weights.size + bias.size)
    real = dict(real_in=dense["input_shape"][0], real_out=dense["output_shape"][0], real_total=dense["parameters"])
    st.write(t("maps.toy_params", **params, **real))


def one_map_ui(seen, out, layer, pick):
    """One map large (click a cell to open it), beside the picture and the filter that made it,
    then the training patches it responds to most."""
    a, b, c = st.columns(3)
    picture.show(seen.picture.pixels, 360, t("maps.input_caption"), a)
    with b:
        values = out[:, :, pick]
        title = t("maps.map_title", layer=layer, i=pick)
        # After ReLU nothing is below 0: zero is always the darkest colour.
        scale = dict(zmin=0, zmax=float(values.max()) or 1.0)
        fig = figures.matrix(values, title, **scale, text=out.shape[0] <= 15, font_size=10, height=420, words=words())
        widgets.chart(fig, key="one", on_click=partial(open_cell, layer, pick))
        st.caption(t("maps.click_cell"))
        if not values.any():
            st.info(t("maps.all_zero"))
    conv = layer.replace("pool", "conv")  # a pooled map comes from the same-numbered convolution
    kernel = seen.net.filters(conv)[:, :, :, pick]
    if kernel.shape[2] == 3:
        tiles = figures.filter_tiles(kernel[..., None], columns=1, cell=1, gap=0)
        picture.show(tiles, 300, t("maps.filter_rgb", layer=conv), c)
    else:
        with c:
            widgets.chart(figures.tiles(kernel, columns=8, words=words()), key="kernel")
            st.caption(t("maps.filter_deep", layer=conv, c=kernel.shape[2]))
    found = resources.optional(exemplars.for_map, conv, pick)
    if found is None:
        return
    if found[0][1] > 0:
        st.markdown(t("maps.exemplars", layer=conv, map=pick, size=found[0][0].shape[0]))
        picture.row([(crop, numbers.exact(v)) for crop, v, _ in found], width=64)
    else:
        st.caption(t("cell.exemplar_silent", layer=conv, map=pick))


def relu_ui(seen):
    relu_map = widgets.number_setting(t("maps.relu_map"), "relu_map", widget="slider")
    before = seen.net.pre_activation(seen.outputs, "conv1")[:, :, relu_map]
    lo, hi = figures.diverging_range(before)
    for col, values, key in zip(st.columns(2), (before, ops.relu(before)), ("before", "after")):
        with col:
            fig = figures.matrix(
                values, t(f"maps.{key}"), figures.DIVERGING, lo, hi, text=False, height=420, words=words()
            )
            widgets.chart(fig, key=key)
    st.write(t("maps.relu_count", negative=int((before < 0).sum()), total=before.size))


def shipped(seen):
    """The page on the shipped network, its layer and map in the address bar."""
    state = st.session_state
    toolbar.lesson(settings.LAYERS)
    out = seen.outputs[state.fm_layer]
    extra = []
    if out.ndim == 3:  # "how many of these maps are all zero?", about the layer on the screen
        silent = int((out.reshape(-1, out.shape[2]).max(axis=0) <= 0).sum())
        where = {"layer": state.fm_layer, **picture.url_params()}
        extra.append(questions.zero_maps(state.fm_layer, silent, out.shape[2], where))
    classroom.offer_prediction(seen, extra)

    st.title(t("maps.title"))
    st.write(t("maps.intro"))

    st.header(t("maps.h1"))
    shapes_ui()

    area = st.container(key="fm_step_area")  # what the presenter's Next changes, brought into view
    with area:
        st.header(t("maps.h2"))
        c1, c2 = st.columns([3, 1.4], vertical_alignment="bottom")
        layer = c1.pills(  # wraps on a phone; the layers without maps named in the visitor's language too
            t("maps.layer"), settings.LAYERS, key="fm_layer", required=True, wrap=True, format_func=layer_label
        )
        shared = c2.toggle(t("maps.shared"), key="fm_shared", help=t("maps.shared_help"))
        out = seen.outputs[layer]
        all_maps_ui(out, layer, shared)
    stepper.scroll_if_asked("fm_step", area)

    if out.ndim == 3:
        st.header(t("maps.h3"))
        state.fm_map = min(state.fm_map, out.shape[2] - 1)
        pick = st.slider(t("maps.map"), 0, out.shape[2] - 1, key="fm_map")
        one_map_ui(seen, out, layer, pick)

    st.header(t("maps.h4"))
    st.write(t("maps.filters_text"))
    picture.show(figures.filter_tiles(seen.net.filters("conv1")), 560)

    st.header(t("maps.h5"))
    relu_ui(seen)


frame.ensure()
seen = resources.model_view()
if seen.own:
    own_view.feature_maps(seen)
else:
    shipped(seen)
