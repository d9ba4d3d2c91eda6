"""Lesson 4: your picture through every layer of the trained network."""

import numpy as np
import pandas as pd
import streamlit as st

from cnn_viz import architecture, figures, images, ops, ui
from cnn_viz.data import CLASSES

ui.setup_page("Feature maps", "🗺️")
image = ui.image_source_ui()
net = ui.network()
x = images.to_model_input(image["rgb"])
outputs = net.forward(x)

st.title("Your picture through every layer")
st.write("Each convolution layer has many filters; each filter makes one feature map, a grid showing "
         "where its pattern appears. Bright means a strong response. These maps are computed right "
         "now, for your picture, by the same convolution and pooling code as the lessons.")

st.header("1 · The shapes, layer by layer")
rows = architecture.summary()
table = pd.DataFrame({
    "layer": ["input"] + [r["name"] for r in rows],
    "output shape": ["32 x 32 x 3"] + [" x ".join(map(str, r["output_shape"])) for r in rows],
    "parameters": ["0"] + [f"{r['parameters']:,}" for r in rows],
})
st.dataframe(table, hide_index=True, width="content")
st.write(" → ".join(table["output shape"]) +
         f"  \nParameters: {' + '.join(p for p in table['parameters'] if p != '0')} = "
         f"**{architecture.total_parameters():,}**")

st.header("2 · The feature maps")
LAYER_NAMES = [r["name"] for r in rows]
c1, c2 = st.columns([3, 1.4], vertical_alignment="bottom")
layer = c1.segmented_control("Layer", LAYER_NAMES, default="conv1", key="fm_layer", required=True)
shared = c2.toggle("One colour scale for all maps", value=False, key="fm_shared",
                   help="Off: each map is stretched to its own range, to show its pattern.")
out = outputs[layer]
if out.ndim == 3:
    st.caption(f"{layer}: {out.shape[2]} maps of {out.shape[0]} x {out.shape[1]}. Hover for values.")
    st.plotly_chart(figures.tiled(out, columns=16 if out.shape[2] > 32 else 8, shared_scale=shared),
                    width="stretch", key="grid")
elif layer == "logits":
    st.plotly_chart(figures.vector(out, "logits: one score per class", CLASSES), width="stretch")
else:
    st.plotly_chart(figures.vector(out, f"{layer}: {out.size} numbers"), width="stretch")
    if layer == "flatten":
        st.write("Flatten lays the 4 x 4 x 64 maps of conv3 out as one row of 1,024 numbers. "
                 "Nothing is lost; only the arrangement changes, so the dense layers can take them.")

if out.ndim == 3:
    st.header("3 · One map up close")
    n_maps = out.shape[2]
    pick = st.slider("Map", 0, n_maps - 1, 0, key=f"fm_map_{layer}")
    a, b, c = st.columns(3)
    a.image(ui.enlarge((x * 255).astype(np.uint8)), caption="the network's input", width="stretch")
    b.plotly_chart(figures.matrix(out[:, :, pick], f"{layer}, map {pick}", text=out.shape[0] <= 15,
                                  font_size=10, height=420), width="stretch", key="one")
    conv_name = layer.replace("pool", "conv")
    kernel = net.filters(conv_name)[:, :, :, pick]
    if kernel.shape[2] == 3:
        c.image(figures.filter_tiles(kernel[..., None], columns=1, cell=40),
                caption=f"its filter ({conv_name}, 3 x 3 x 3, shown as colours)", width="stretch")
    else:
        c.plotly_chart(figures.tiled(kernel, columns=8), width="stretch", key="kernel")
        c.caption(f"its filter in {conv_name}: 3 x 3 weights for each of the {kernel.shape[2]} maps "
                  f"of the layer before")

st.header("4 · What the first layer looks for")
st.write("The 32 filters of conv1, each 3 x 3 pixels in three colours, stretched to full contrast. "
         "Training shaped them into detectors of edges and colour blobs.")
st.image(figures.filter_tiles(net.filters("conv1")), width=420)

st.header("5 · ReLU: negative values become zero")
relu_map = st.slider("conv1 map", 0, 31, 0, key="relu_map")
before = net.pre_activation(outputs, "conv1")[:, :, relu_map]
a, b = st.columns(2)
lo, hi = figures.diverging_range(before)
a.plotly_chart(figures.matrix(before, "before ReLU", figures.DIVERGING, lo, hi, text=False, height=420),
               width="stretch", key="before")
b.plotly_chart(figures.matrix(ops.relu(before), "after ReLU: max(0, value)", figures.DIVERGING, lo, hi,
                              text=False, height=420), width="stretch", key="after")
st.write(f"{int((before < 0).sum())} of {before.size} values were negative and are now 0.")
