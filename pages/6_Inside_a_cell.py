"""Inside one cell: any cell of any layer of the real network, for the visitor's picture,
followed down to the pixels with the Convolution and Pooling lessons' own arithmetic."""

import numpy as np
import streamlit as st

from cnn_viz import exemplars, explain, figures, images, numbers
from cnn_viz.app import conv_view, frame, picture, resources, text, toolbar, widgets
from cnn_viz.app.stepper import stepper_ui
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

frame.ensure()
state = st.session_state
image = picture.source_ui()
words = text.words()
net = resources.network()
x = images.to_model_input(image["rgb"])
outputs = net.forward(x)


def brightest(layer, map_index=None):
    """(map, row, col) of the layer's largest value, on one map or on any."""
    out = outputs[layer]
    if map_index is None:
        map_index = int(np.unravel_index(np.argmax(out), out.shape)[2])
    r, c = np.unravel_index(np.argmax(out[:, :, map_index]), out.shape[:2])
    return map_index, int(r), int(c)


def place():
    """Keep the cell on its layer's map; a first visit with no cell in its link opens the
    brightest cell of the layer, so the page starts on something to explain."""
    rows, cols, maps = explain.map_shape(state.cell_layer)
    if not state.get("_cell_placed"):
        state._cell_placed = True
        if "row" not in st.query_params and "col" not in st.query_params:
            keep_map = state.cell_map if "map" in st.query_params else None
            state.cell_map, state.cell_row, state.cell_col = brightest(state.cell_layer, keep_map)
    state.cell_map = min(state.cell_map, maps - 1)
    state.cell_row, state.cell_col = min(state.cell_row, rows - 1), min(state.cell_col, cols - 1)


def on_click():
    cell = widgets.clicked_cell("cell_pick")
    rows, cols, _ = explain.map_shape(state.cell_layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        state.cell_row, state.cell_col = cell
        state.cell_step = 0


def on_layer():
    """A new layer opens its brightest cell, on the same map number when the layer has it."""
    maps = explain.map_shape(state.cell_layer)[2]
    keep = state.cell_map if state.cell_map < maps else None
    state.cell_map, state.cell_row, state.cell_col = brightest(state.cell_layer, keep)
    state.cell_step = 0


place()
layer, map_index, row, col = state.cell_layer, state.cell_map, state.cell_row, state.cell_col
kind = "conv" if layer.startswith("conv") else "pool"
cell = (explain.cell_contributions if kind == "conv" else explain.pool_window)(
    net, x, layer, map_index, row, col, outputs=outputs
)
shown = cell.strongest() if kind == "conv" else []
n_steps = len(shown) + 1 if kind == "conv" else 1
toolbar.lesson(range(n_steps))
value = float(outputs[layer][row, col, map_index])

st.title(t("cell.title"))
st.write(t("cell.intro"))

# ---------------------------------------------------------------- 1 · pick a cell
st.header(t("cell.h1"))
rows, cols, maps = explain.map_shape(layer)
c1, c2, c3, c4 = st.columns([3, 1.2, 1, 1], vertical_alignment="bottom")
c1.pills(t("maps.layer"), explain.SPATIAL, key="cell_layer", required=True, on_change=on_layer)
c2.number_input(t("cell.map", n=maps - 1), 0, maps - 1, key="cell_map")
c3.number_input(t("cell.row"), 0, rows - 1, key="cell_row")
c4.number_input(t("cell.col"), 0, cols - 1, key="cell_col")

a, b = st.columns(2, gap="medium")
with a:
    fig = figures.matrix(
        outputs[layer][:, :, map_index],
        t("maps.map_title", layer=layer, i=map_index),
        zmin=0,
        zmax=float(outputs[layer][:, :, map_index].max()) or 1.0,
        text=rows <= 15,
        font_size=10,
        highlight=(row, col, 1, 1),
        height=420,
        words=words,
    )
    widgets.chart(figures.pickable(fig, rows, cols), key="cell_pick", on_click=on_click)
    st.caption(t("cell.click"))
    st.markdown(t("cell.value_line", layer=layer, map=map_index, row=row, col=col, value=numbers.exact(value)))
chain = explain.window_chain(layer, row, col)
top, left, bottom, right = chain[-1][1:]
blind = explain.blind_rows()
with b:
    picture.show(
        figures.receptive_field_picture((x * 255).round().astype(np.uint8), (top, left, bottom, right), blind),
        320,
        t("cell.picture_caption"),
    )

# ---------------------------------------------------------------- 2 · receptive field
st.header(t("cell.h2"))
size = bottom - top + 1
st.write(t("cell.field", top=top, bottom=bottom, left=left, right=right, size=size))
lines = [t("cell.chain_cell", layer=layer, row=row, col=col)]
for name, r0, c0, r1, c1_ in chain[1:]:
    where = t("cell.picture") if name == "input" else name
    lines.append(
        t("cell.chain_item", layer=where, top=r0, bottom=r1, left=c0, right=c1_, h=r1 - r0 + 1, w=c1_ - c0 + 1)
    )
st.markdown("\n".join(f"{i + 1}. {line}" for i, line in enumerate(lines)))
st.info(t("cell.blind", a=blind[0], b=blind[-1]))

# ---------------------------------------------------------------- 3 · the computation


def channel_name(c):
    return (
        words[("red", "green", "blue")[c]] if cell.source == "input" else t("cell.channel_of", source=cell.source, c=c)
    )


def ledger(upto):
    """The channel sums met so far, as the lesson's output line; at the end, the whole sum."""
    met = shown[:upto]
    if not met:
        return
    terms = [f"{numbers.factor(cell.channel_sums[c])} ({channel_name(c)})" for c in met]
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
def conv_walk():
    st.header(t("cell.h3_conv"))
    c = len(cell.channel_sums)
    st.write(t("cell.conv_text", c=c, source=t("cell.picture") if cell.source == "input" else cell.source))
    if c > len(shown):
        st.write(t("cell.many", c=c, n=len(shown), rest=c - len(shown)))
    if cell.source == "input":
        st.caption(t("cell.scaled"))
    i = stepper_ui("cell_step", n_steps, t("cell.step"))
    if i < len(shown):
        ch = shown[i]
        st.markdown(t("cell.step_channel", i=i + 1, n=len(shown), name=channel_name(ch)))
        colours = figures.diverging_range(cell.window[:, :, ch], cell.kernel[:, :, ch], cell.products[:, :, ch])
        conv_view.channel_row(
            cell.window[:, :, ch],
            cell.kernel[:, :, ch],
            cell.window[:, :, ch],
            cell.products[:, :, ch],
            cell.channel_sums[ch],
            channel_name(ch),
            colours,
            key="cell",
            height=230,  # real numbers (0.0381) need wider cells than the toy's whole numbers
            title=None if cell.source == "input" else channel_name(ch),
        )
        ledger(i + 1)
    else:
        ledger(len(shown))


def pool_view():
    st.header(t("cell.h3_pool"))
    n = cell.window.shape[0]
    where = dict(top=cell.top, left=cell.left, bottom=cell.top + n - 1, right=cell.left + n - 1)
    st.write(t("cell.pool_text", source=cell.source, map=map_index, **where))
    values = ", ".join(numbers.exact(v) for v in cell.window.ravel())
    st.markdown(t("pool.max_line", values=values, value=numbers.exact(cell.value)))
    fig = figures.matrix(
        cell.window, t("maps.map_title", layer=cell.source, i=map_index), zmin=0, height=260, words=words
    )
    r, c = cell.argmax
    figures.outline(fig, r, c, 1, 1, color=figures.WINNER, inset=0.12, line_width=6)
    left_col, _ = st.columns([1, 2])
    with left_col:
        widgets.chart(fig, key="cell_pool")


if kind == "conv":
    conv_walk()
else:
    pool_view()

# ---------------------------------------------------------------- 4 · exemplars
st.header(t("cell.h4"))
conv = layer.replace("pool", "conv")
found = exemplars.for_map(conv, map_index)
crop_size = found[0][0].shape[0]
if conv != layer:
    st.caption(t("cell.exemplar_pool", layer=layer, conv=conv, map=map_index))
if found[0][1] <= 0:
    st.info(t("cell.exemplar_silent", layer=conv, map=map_index))
else:
    st.write(t("cell.exemplar_text", layer=conv, map=map_index, size=crop_size))
    picture.row(
        [(crop, t("cell.exemplar_value", value=numbers.exact(v))) for crop, v, _ in found],
        width=72,
    )

# ---------------------------------------------------------------- 5 · dense layers
st.header(t("cell.h5"))
predicted = int(np.argmax(outputs["probabilities"]))
choices = ("top", *CLASSES)
st.selectbox(
    t("cell.class"),
    choices,
    key="cell_class",
    format_func=lambda c: t("cell.class_top", cls=class_name(CLASSES[predicted])) if c == "top" else class_name(c),
)
class_index = predicted if state.cell_class == "top" else CLASSES.index(state.cell_class)
dense = explain.dense_contributions(net, x, class_index, outputs=outputs)
cls = class_name(CLASSES[class_index])
st.write(t("cell.dense_text", on=int(dense.units_on.sum())))
up = float(dense.contributions[dense.contributions > 0].sum())
down = float(dense.contributions[dense.contributions < 0].sum())
st.markdown(
    t(
        "cell.dense_sum",
        up=numbers.exact(up),
        down=numbers.factor(down),
        bias=numbers.factor(dense.bias_term),
        logit=numbers.exact(dense.logit),
        cls=cls,
    )
)
a, b = st.columns([1, 1.3], gap="medium")
with a:
    lo, hi = figures.diverging_range(dense.by_position)
    fig = figures.matrix(
        dense.by_position,
        t("cell.by_position", cls=cls),
        figures.DIVERGING,
        lo,
        hi,
        height=330,
        font_size=14,
        words=words,
    )
    widgets.chart(fig, key="dense_pos")
with b:
    ups, downs = dense.strongest(6)
    picked = ups + downs
    names = [t("cell.input_name", **dict(zip(("r", "c", "m"), dense.position(i)))) for i in picked]
    widgets.chart(
        figures.contributions(dense.contributions[picked], names, t("cell.top_inputs", cls=cls)), key="dense_top"
    )
st.caption(t("cell.dense_caption"))
