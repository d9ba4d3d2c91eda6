"""6 · Inside a cell: any cell of any layer of the network (the article's, or the visitor's
own), for the visitor's picture, followed down to the pixels with the Convolution and Pooling
lessons' own arithmetic."""

from functools import partial

import streamlit as st

from cnn_viz import explain, figures, layers, numbers
from cnn_viz.app import cell_view, classroom, frame, network_view, picture, resources, settings, toolbar, widgets
from cnn_viz.app.text import t, words
from cnn_viz.live import questions


def place(net, outputs, spatial):
    """Keep the cell on its layer's map. Arriving with no cell in the link (or from a page
    that named none, or on another network's layer) opens the layer's brightest cell, so the
    page starts on something."""
    state = st.session_state
    given = settings.arrival()
    if state.cell_layer not in spatial:
        settings.clamp("cell_layer", spatial)
        given = set()
    if given is not None and not given & {"cell_row", "cell_col"}:
        keep_map = state.cell_map if "cell_map" in given else None
        state.cell_map, state.cell_row, state.cell_col = explain.brightest(net, outputs, state.cell_layer, keep_map)
    rows, cols, maps = explain.map_shape(net, state.cell_layer)
    state.cell_map = min(state.cell_map, maps - 1)
    state.cell_row, state.cell_col = min(state.cell_row, rows - 1), min(state.cell_col, cols - 1)


def on_click(net):
    state = st.session_state
    cell = widgets.clicked_cell("cell_pick")
    rows, cols, _ = explain.map_shape(net, state.cell_layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        state.cell_row, state.cell_col, state.cell_step = *cell, 0


def on_layer(net, outputs):
    """A new layer opens its brightest cell, on the same map number when the layer has it."""
    state = st.session_state
    keep = state.cell_map if state.cell_map < explain.map_shape(net, state.cell_layer)[2] else None
    state.cell_map, state.cell_row, state.cell_col = explain.brightest(net, outputs, state.cell_layer, keep)
    state.cell_step = 0


def pick_ui(net, outputs, spatial, layer, map_index, row, col):
    """The layer, map, row and column inputs, and the map itself to click a cell on."""
    rows, cols, maps = explain.map_shape(net, layer)
    c1, c2, c3, c4 = st.columns([3, 1.2, 1, 1], vertical_alignment="bottom")
    c1.pills(
        t("maps.layer"), spatial, key="cell_layer", required=True, wrap=True, on_change=on_layer, args=(net, outputs)
    )
    c2.number_input(t("cell.map", n=maps - 1), 0, maps - 1, key="cell_map")
    c3.number_input(t("cell.row"), 0, rows - 1, key="cell_row")
    c4.number_input(t("cell.col"), 0, cols - 1, key="cell_col")
    values = outputs[layer][:, :, map_index]
    title = t("maps.map_title", layer=layer, i=map_index)
    cells = dict(text=rows <= 15, font_size=10, highlight=(row, col, 1, 1), height=420)
    fig = figures.matrix(values, title, **network_view.map_scale(values), **cells, words=words())
    widgets.chart(fig, key="cell_pick", on_click=partial(on_click, net))
    st.caption(t("cell.click"))


def field_ui(seen, layer, row, col, chain, where):
    """The picture with the cell's receptive field outlined and the blind border hatched."""
    net = seen.net
    h, w = net.input_shape[:2]
    blind = explain.blind_rows(net) if h == w else ()
    hidden = classroom.hiding("field_size")  # the outline would answer how wide this cell sees
    field = figures.receptive_field_picture(seen.pixels, (0, 0, h - 1, w - 1) if hidden else chain[-1][1:], blind)
    top, left, bottom, right = chain[-1][1:]  # what the outline draws, said in words (not while it is asked)
    spoken = None if hidden else t("fig.sr_field", top=top, bottom=bottom, left=left, right=right)
    caption = network_view.says(net, "cell.picture_caption", "own.picture_caption", h=h, w=w)
    picture.show(field, 320, caption, where, described=spoken)
    return blind


def class_score_ui(seen):
    """A class score taken apart, input by input, from the numbers the maps are laid out into."""
    net = seen.net
    st.header(network_view.says(net, "cell.h5", "own.h_score"))
    if classroom.hiding("predict"):  # naming the predicted class would answer "which class?"
        classroom.hidden_note()
        return
    k = network_view.class_choice(net, seen.predicted, "cell_class", "cell.class", "cell.class_top")
    dense = explain.dense_contributions(net, seen.x, k, outputs=seen.outputs)
    flat = explain.flatten_layer(net)
    before = None if net.shipped else net.below(flat)
    pooled = flat if layers.kind(net.layer(flat)).reduce else None  # a global pool, not a Flatten
    cell_view.class_score(dense, resources.class_names(net)[k], before=before, pooled=pooled)


def page(seen):
    state, net = st.session_state, seen.net
    st.title(network_view.says(net, "cell.title", "own.cell_title"))
    spatial = explain.spatial(net)
    if not spatial:
        st.write(t("cell.intro"))
        st.info(t("own.no_cells"))
        return
    place(net, seen.outputs, spatial)
    layer, map_index, row, col = state.cell_layer, state.cell_map, state.cell_row, state.cell_col
    is_conv = layers.kind(net.layer(layer)).cell == "conv"
    explained = explain.cell_contributions if is_conv else explain.pool_window
    cell = explained(net, seen.x, layer, map_index, row, col, outputs=seen.outputs)
    shown = cell.strongest() if is_conv else []
    toolbar.lesson(range(len(shown) + 1 if is_conv else 1))
    chain = explain.window_chain(net, layer, row, col)
    if net.shipped:  # the live question's answer is the shipped network's
        where = {"layer": layer, "map": map_index, "row": row, "col": col, **picture.url_params()}
        classroom.offer([questions.field_size(layer, chain[-1][3] - chain[-1][1] + 1, where)])
    st.write(t("cell.intro"))

    st.header(t("cell.h1"))
    a, b = st.columns(2, gap="medium")
    with a:
        pick_ui(net, seen.outputs, spatial, layer, map_index, row, col)
        value = numbers.exact(float(seen.outputs[layer][row, col, map_index]))
        st.markdown(t("cell.value_line", layer=layer, map=map_index, row=row, col=col, value=value))
    blind = field_ui(seen, layer, row, col, chain, b)

    st.header(t("cell.h2"))
    if classroom.hiding("field_size"):  # the class is answering how wide this cell sees
        classroom.hidden_note()
    else:
        cell_view.chain_ui(layer, row, col, chain)
    if blind:
        rows = f"{blind[0]}-{blind[-1]}" if len(blind) > 1 else blind[0]
        st.info(network_view.says(net, "cell.blind", "own.blind", a=blind[0], b=blind[-1], rows=rows))

    if is_conv:
        below = net.shapes()[net.below(layer)][-1]
        cell_view.conv_walk(cell, shown, colours=net.input_shape[2] == 3, channels_below=below)
    else:
        cell_view.pool_window(cell, map_index, average=layers.kind(net.layer(layer)).reduce == "mean")

    st.header(t("cell.h4"))
    cell_view.exemplars_ui(net, layer, map_index)
    class_score_ui(seen)


frame.ensure()
page(resources.model_view())
