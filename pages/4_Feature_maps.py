"""Lesson 4: your picture through every layer of the trained network."""

import numpy as np
import pandas as pd
import streamlit as st

from cnn_viz import architecture, figures, images, ops, ui
from cnn_viz.data import CLASSES

t = ui.t
state = st.session_state
ROWS = architecture.summary()
LAYERS = [r["name"] for r in ROWS]
PARAMS = {"layer": ("fm_layer", ui.choice_param(LAYERS)), "map": ("fm_map", ui.int_param(0, 63)),
          "shared": ("fm_shared", ui.flag_param), "relu": ("relu_map", ui.int_param(0, 31))}
ui.setup_page("maps", PARAMS)
for key, value in dict(fm_layer="conv1", fm_map=0, fm_shared=False, relu_map=0).items():
    state.setdefault(key, value)
ui.toolbar_ui("maps", LAYERS, "fm_layer")
image = ui.image_source_ui()
words = ui.words()
net = ui.network()
x = images.to_model_input(image["rgb"])
outputs = net.forward(x)

st.title(t("maps.title"))
st.write(t("maps.intro"))

st.header(t("maps.h1"))
shapes = ["32 x 32 x 3"] + [" x ".join(map(str, r["output_shape"])) for r in ROWS]
params = [r["parameters"] for r in ROWS]
st.dataframe(pd.DataFrame({t("maps.col_layer"): [t("maps.input")] + LAYERS,
                           t("maps.col_shape"): shapes,
                           t("maps.col_params"): ["0"] + [f"{p:,}" for p in params]}),
             hide_index=True, width="content")
st.write(" → ".join(shapes) + "  \n" + t("maps.params_line", terms=" + ".join(f"{p:,}" for p in params if p),
                                         total=f"{architecture.total_parameters():,}"))

st.header(t("maps.h2"))
c1, c2 = st.columns([3, 1.4], vertical_alignment="bottom")
layer = c1.segmented_control(t("maps.layer"), LAYERS, key="fm_layer", required=True)
shared = c2.toggle(t("maps.shared"), key="fm_shared", help=t("maps.shared_help"))
out = outputs[layer]
if out.ndim == 3:
    st.caption(t("maps.grid_caption", layer=layer, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
    ui.chart(figures.tiled(out, columns=16 if out.shape[2] > 32 else 8, shared_scale=shared, words=words),
             key="grid")
elif layer == "logits":
    ui.chart(figures.vector(out, t("maps.logits_title"), [ui.class_name(c) for c in CLASSES]), key="logits")
else:
    ui.chart(figures.vector(out, t("maps.vector_title", layer=layer, n=out.size)), key="vector")
    if layer == "flatten":
        st.write(t("maps.flatten_note"))

if out.ndim == 3:
    st.header(t("maps.h3"))
    n_maps = out.shape[2]
    state.fm_map = min(state.fm_map, n_maps - 1)
    pick = st.slider(t("maps.map"), 0, n_maps - 1, key="fm_map")
    a, b, c = st.columns(3)
    ui.picture((x * 255).round().astype(np.uint8), 360, t("maps.input_caption"), a)
    with b:
        ui.chart(figures.matrix(out[:, :, pick], t("maps.map_title", layer=layer, i=pick), text=out.shape[0] <= 15,
                                font_size=10, height=420, words=words), key="one")
    conv = layer.replace("pool", "conv")  # a pooled map comes from the same-numbered convolution
    kernel = net.filters(conv)[:, :, :, pick]
    if kernel.shape[2] == 3:
        ui.picture(figures.filter_tiles(kernel[..., None], columns=1, cell=1, gap=0), 300,
                   t("maps.filter_rgb", layer=conv), c)
    else:
        with c:
            ui.chart(figures.tiled(kernel, columns=8, words=words), key="kernel")
            st.caption(t("maps.filter_deep", layer=conv, c=kernel.shape[2]))

st.header(t("maps.h4"))
st.write(t("maps.filters_text"))
ui.picture(figures.filter_tiles(net.filters("conv1")), 560)

st.header(t("maps.h5"))
relu_map = st.slider(t("maps.relu_map"), 0, 31, key="relu_map")
before = net.pre_activation(outputs, "conv1")[:, :, relu_map]
lo, hi = figures.diverging_range(before)
a, b = st.columns(2)
with a:
    ui.chart(figures.matrix(before, t("maps.before"), figures.DIVERGING, lo, hi, text=False, height=420,
                            words=words), key="before")
with b:
    ui.chart(figures.matrix(ops.relu(before), t("maps.after"), figures.DIVERGING, lo, hi, text=False,
                            height=420, words=words), key="after")
st.write(t("maps.relu_count", negative=int((before < 0).sum()), total=before.size))
ui.finish_page(PARAMS)
