"""6 · Inside a cell: any cell of any layer of the real network, for the visitor's picture,
followed down to the pixels with the Convolution and Pooling lessons' own arithmetic."""

import streamlit as st

from cnn_viz import exemplars, explain, figures, numbers
from cnn_viz.app import cell_view, classroom, frame, own_view, picture, resources, settings, toolbar, widgets
from cnn_viz.app.text import class_name, t, words
from cnn_viz.data import CLASSES
from cnn_viz.live import questions


def place(outputs):
    """Keep the cell on its layer's map. Arriving with no cell in the link (or from a page
    that named none) opens the layer's brightest cell, so the page starts on something."""
    state = st.session_state
    given = settings.arrival()
    if given is not None and not given & {"cell_row", "cell_col"}:
        keep_map = state.cell_map if "cell_map" in given else None
        state.cell_map, state.cell_row, state.cell_col = explain.brightest(
            resources.network(), outputs, state.cell_layer, keep_map
        )
    rows, cols, maps = explain.map_shape(resources.network(), state.cell_layer)
    state.cell_map = min(state.cell_map, maps - 1)
    state.cell_row, state.cell_col = min(state.cell_row, rows - 1), min(state.cell_col, cols - 1)


def on_click():
    state = st.session_state
    cell = widgets.clicked_cell("cell_pick")
    rows, cols, _ = explain.map_shape(resources.network(), state.cell_layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        state.cell_row, state.cell_col, state.cell_step = *cell, 0


def on_layer(outputs):
    """A new layer opens its brightest cell, on the same map number when the layer has it."""
    state = st.session_state
    keep = state.cell_map if state.cell_map < explain.map_shape(resources.network(), state.cell_layer)[2] else None
    state.cell_map, state.cell_row, state.cell_col = explain.brightest(
        resources.network(), outputs, state.cell_layer, keep
    )
    state.cell_step = 0


def pick_ui(outputs, layer, map_index, row, col):
    """The layer, map, row and column inputs, and the map itself to click a cell on."""
    rows, cols, maps = explain.map_shape(resources.network(), layer)
    c1, c2, c3, c4 = st.columns([3, 1.2, 1, 1], vertical_alignment="bottom")
    c1.pills(t("maps.layer"), explain.SPATIAL, key="cell_layer", required=True, on_change=on_layer, args=(outputs,))
    c2.number_input(t("cell.map", n=maps - 1), 0, maps - 1, key="cell_map")
    c3.number_input(t("cell.row"), 0, rows - 1, key="cell_row")
    c4.number_input(t("cell.col"), 0, cols - 1, key="cell_col")
    values = outputs[layer][:, :, map_index]
    title = t("maps.map_title", layer=layer, i=map_index)
    scale = dict(zmin=0, zmax=float(values.max()) or 1.0)
    cells = dict(text=rows <= 15, font_size=10, highlight=(row, col, 1, 1), height=420)
    fig = figures.matrix(values, title, **scale, **cells, words=words())
    widgets.chart(fig, key="cell_pick", on_click=on_click)
    st.caption(t("cell.click"))


def exemplars_ui(layer, map_index):
    conv = layer.replace("pool", "conv")  # a pooled map comes from the same-numbered convolution
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


def shipped(seen):
    """The page on the shipped network, its cell in the address bar."""
    state = st.session_state
    place(seen.outputs)
    layer, map_index, row, col = state.cell_layer, state.cell_map, state.cell_row, state.cell_col
    is_conv = layer.startswith("conv")
    explained = explain.cell_contributions if is_conv else explain.pool_window
    cell = explained(seen.net, seen.x, layer, map_index, row, col, outputs=seen.outputs)
    shown = cell.strongest() if is_conv else []
    toolbar.lesson(range(len(shown) + 1 if is_conv else 1))
    chain = explain.window_chain(seen.net, layer, row, col)
    blind = explain.blind_rows(seen.net)
    top, _, bottom, _ = chain[-1][1:]
    where = {"layer": layer, "map": map_index, "row": row, "col": col, **picture.url_params()}
    classroom.offer([questions.field_size(layer, bottom - top + 1, where)])

    st.title(t("cell.title"))
    st.write(t("cell.intro"))

    st.header(t("cell.h1"))
    a, b = st.columns(2, gap="medium")
    with a:
        pick_ui(seen.outputs, layer, map_index, row, col)
        value = numbers.exact(float(seen.outputs[layer][row, col, map_index]))
        st.markdown(t("cell.value_line", layer=layer, map=map_index, row=row, col=col, value=value))
    shown_box = (0, 0, 31, 31) if classroom.hiding("field_size") else chain[-1][1:]  # the outline would answer it
    field = figures.receptive_field_picture(seen.picture.pixels, shown_box, blind)
    picture.show(field, 320, t("cell.picture_caption"), b)

    st.header(t("cell.h2"))
    if classroom.hiding("field_size"):  # the class is answering how wide this cell sees
        classroom.hidden_note()
    else:
        cell_view.chain_ui(layer, row, col, chain)
    st.info(t("cell.blind", a=blind[0], b=blind[-1]))

    if is_conv:
        cell_view.conv_walk(cell, shown)
    else:
        cell_view.pool_window(cell, map_index)

    st.header(t("cell.h4"))
    exemplars_ui(layer, map_index)

    st.header(t("cell.h5"))
    if classroom.hiding("predict"):  # naming the predicted class would answer "which class?"
        classroom.hidden_note()
    else:
        top = class_name(CLASSES[seen.predicted])
        choices = ("top", *CLASSES)
        label = lambda c: t("cell.class_top", cls=top) if c == "top" else class_name(c)
        st.selectbox(t("cell.class"), choices, key="cell_class", format_func=label)
        class_index = seen.predicted if state.cell_class == "top" else CLASSES.index(state.cell_class)
        dense = explain.dense_contributions(seen.net, seen.x, class_index, outputs=seen.outputs)
        cell_view.class_score(dense, class_name(CLASSES[class_index]))


frame.ensure()
seen = resources.model_view()
if seen.own:
    own_view.inside_a_cell(seen)
else:
    shipped(seen)
