"""Lesson 4: your picture through every layer of the trained network."""

from functools import partial

import numpy as np
import streamlit as st

from cnn_viz import architecture, exemplars, explain, figures, images, numbers, ops
from cnn_viz.app import frame, live, picture, resources, settings, text, toolbar, widgets
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

frame.ensure()


def open_cell(layer, map_index):
    """A click on a cell of the map opens it on the Inside a cell page."""
    cell = widgets.clicked_cell("one")
    rows, cols, _ = explain.map_shape(layer)
    if cell and 0 <= cell[0] < rows and 0 <= cell[1] < cols:
        state.update(cell_layer=layer, cell_map=map_index, cell_row=cell[0], cell_col=cell[1], _cell_placed=True)
        toolbar.open_page("cell")


state = st.session_state
ROWS = architecture.summary()
LAYERS = list(settings.LAYERS)
toolbar.lesson(LAYERS)
image = picture.source_ui()
words = text.words()
net = resources.network()
x = images.to_model_input(image["rgb"])
outputs = net.forward(x)
live.offer_prediction(image, outputs["probabilities"])

st.title(t("maps.title"))
st.write(t("maps.intro"))

st.header(t("maps.h1"))
shapes = [" x ".join(map(str, shape)) for shape in [ROWS[0]["input_shape"]] + [r["output_shape"] for r in ROWS]]
params = [r["parameters"] for r in ROWS]
# A plain table (markdown): nine fixed rows need no data grid, whose code a first visit would
# otherwise download (about 0.4 MB).
header = f"| {t('maps.col_layer')} | {t('maps.col_shape')} | {t('maps.col_params')} |\n|---|---|--:|\n"
rows = [
    f"| {name} | {shape} | {count} |"
    for name, shape, count in zip([t("maps.input")] + LAYERS, shapes, ["0"] + [f"{p:,}" for p in params])
]
st.markdown(header + "\n".join(rows))
st.write(
    " → ".join(shapes)
    + "  \n"
    + t(
        "maps.params_line",
        terms=" + ".join(f"{p:,}" for p in params if p),
        total=f"{architecture.total_parameters():,}",
    )
)

st.header(t("maps.h2"))
c1, c2 = st.columns([3, 1.4], vertical_alignment="bottom")
layer = c1.pills(t("maps.layer"), LAYERS, key="fm_layer", required=True, wrap=True)  # wraps on a phone
shared = c2.toggle(t("maps.shared"), key="fm_shared", help=t("maps.shared_help"))
out = outputs[layer]
if out.ndim == 3:
    st.caption(t("maps.grid_caption", layer=layer, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
    silent = int((out.reshape(-1, out.shape[2]).max(axis=0) <= 0).sum())
    if silent:
        st.caption(t("maps.silent_maps", n=silent, total=out.shape[2]))
    widgets.chart(
        figures.tiled(out, columns=16 if out.shape[2] > 32 else 8, shared_scale=shared, words=words), key="grid"
    )
elif layer == "logits":
    widgets.chart(figures.vector(out, t("maps.logits_title"), [class_name(c) for c in CLASSES]), key="logits")
else:
    widgets.chart(figures.vector(out, t("maps.vector_title", layer=layer, n=out.size)), key="vector")
    if layer == "flatten":
        st.write(t("maps.flatten_note"))

if out.ndim == 3:
    st.header(t("maps.h3"))
    n_maps = out.shape[2]
    state.fm_map = min(state.fm_map, n_maps - 1)
    pick = st.slider(t("maps.map"), 0, n_maps - 1, key="fm_map")
    a, b, c = st.columns(3)
    picture.show((x * 255).round().astype(np.uint8), 360, t("maps.input_caption"), a)
    with b:
        fig = figures.matrix(
            out[:, :, pick],
            t("maps.map_title", layer=layer, i=pick),
            zmin=0,  # after ReLU nothing is below 0: zero is always the darkest colour
            zmax=float(out[:, :, pick].max()) or 1.0,
            text=out.shape[0] <= 15,
            font_size=10,
            height=420,
            words=words,
        )
        widgets.chart(figures.pickable(fig, *out.shape[:2]), key="one", on_click=partial(open_cell, layer, pick))
        st.caption(t("maps.click_cell"))
        if not out[:, :, pick].any():
            st.info(t("maps.all_zero"))
    conv = layer.replace("pool", "conv")  # a pooled map comes from the same-numbered convolution
    kernel = net.filters(conv)[:, :, :, pick]
    if kernel.shape[2] == 3:
        picture.show(
            figures.filter_tiles(kernel[..., None], columns=1, cell=1, gap=0), 300, t("maps.filter_rgb", layer=conv), c
        )
    else:
        with c:
            widgets.chart(figures.tiled(kernel, columns=8, words=words), key="kernel")
            st.caption(t("maps.filter_deep", layer=conv, c=kernel.shape[2]))

    found = exemplars.for_map(conv, pick)
    if found[0][1] > 0:
        st.markdown(t("maps.exemplars", layer=conv, map=pick, size=found[0][0].shape[0]))
        picture.row([(crop, numbers.exact(v)) for crop, v, _ in found], width=64)
    else:
        st.caption(t("cell.exemplar_silent", layer=conv, map=pick))

st.header(t("maps.h4"))
st.write(t("maps.filters_text"))
picture.show(figures.filter_tiles(net.filters("conv1")), 560)

st.header(t("maps.h5"))
relu_map = widgets.number_setting(t("maps.relu_map"), "relu_map", widget="slider")
before = net.pre_activation(outputs, "conv1")[:, :, relu_map]
lo, hi = figures.diverging_range(before)
a, b = st.columns(2)
with a:
    widgets.chart(
        figures.matrix(before, t("maps.before"), figures.DIVERGING, lo, hi, text=False, height=420, words=words),
        key="before",
    )
with b:
    widgets.chart(
        figures.matrix(
            ops.relu(before), t("maps.after"), figures.DIVERGING, lo, hi, text=False, height=420, words=words
        ),
        key="after",
    )
st.write(t("maps.relu_count", negative=int((before < 0).sum()), total=before.size))
