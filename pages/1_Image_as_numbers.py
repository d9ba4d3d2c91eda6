"""Lesson 1: a colour picture is three matrices of numbers."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, images, ui

ui.setup_page("Image as numbers", "🔢")
image = ui.image_source_ui()

st.title("A picture is three matrices")
st.write("Pick a picture in the sidebar: a sample, your own upload, a drawing or a camera shot.")

st.header("1 · What the network gets to see")
steps = images.model_input_steps(image["rgb"])
h, w = steps["original"].shape[:2]
side = steps["cropped"].shape[0]
c1, c2, c3 = st.columns(3)
c1.image(steps["original"], caption=f"Your picture: {w} x {h} pixels", width="stretch")
c2.image(steps["cropped"], caption=f"Centre square: {side} x {side}", width="stretch")
c3.image(ui.enlarge(steps["resized"]), caption="Resized to 32 x 32: the network's input",
         width="stretch")
st.write("The network was trained on 32 x 32 pictures, so every picture is cut to its centre square "
         "and shrunk to 32 x 32 pixels. A lot of detail is lost: that is all the network has.")

st.header("2 · Three matrices: red, green and blue")
pixels = steps["resized"].astype(float)
scale = st.radio("Values", ["0-255 (as stored)", "0-1 (divided by 255, as the network gets them)"],
                 horizontal=True)
scaled = scale.startswith("0-1")
values = pixels / 255.0 if scaled else pixels
top_col, left_col = st.columns(2)
top = top_col.slider("Zoom region: first row", 0, 24, 12)
left = left_col.slider("Zoom region: first column", 0, 24, 12)
region = (top, left, 8, 8)
zmax = 1.0 if scaled else 255

cols = st.columns(3)
for i, name in enumerate(article.CHANNELS):
    with cols[i]:
        st.subheader(name.capitalize())
        st.plotly_chart(figures.channel(values[:, :, i], name, 0, zmax, region=region),
                        width="stretch", key=f"full_{name}")
        zoom = values[top:top + 8, left:left + 8, i]
        st.plotly_chart(figures.matrix(np.round(zoom, 2), colorscale=figures.CHANNEL_SCALES[name],
                                       zmin=0, zmax=zmax, font_size=12, hover_name=name),
                        width="stretch", key=f"zoom_{name}")
st.caption(f"Hover anywhere for a pixel's value. The magenta square marks rows {top}-{top + 7} "
           f"and columns {left}-{left + 7}, written out below each channel.")

st.header("3 · The smallest example: a 3 x 3 picture")
st.write("Nine pixels, three numbers each: three 3 x 3 matrices. Each pixel's colour is the mix "
         "of its red, green and blue values, from 0 (none) to 255 (full).")
small = article.RGB_3x3
cols = st.columns(4)
cols[0].image(ui.enlarge(small, 180), caption="3 x 3 pixels, enlarged")
for i, name in enumerate(article.CHANNELS):
    cols[i + 1].plotly_chart(
        figures.matrix(small[:, :, i], title=name, colorscale=figures.CHANNEL_SCALES[name],
                       zmin=0, zmax=255, height=260), width="stretch", key=f"small_{name}")
st.write("Divided by 255, the same numbers lie between 0 and 1; networks learn better from "
         "small inputs of a similar range.")
