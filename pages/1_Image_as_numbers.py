"""1 · Image as numbers: a colour picture is three matrices of numbers."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, images
from cnn_viz.app import frame, picture, settings, text, widgets
from cnn_viz.app.text import t

frame.ensure()
image = picture.source_ui()
words = text.words()

st.title(t("img.title"))
st.write(t("img.pick"))

st.header(t("img.h1"))
steps = images.model_input_steps(image.rgb)
h, w = steps["original"].shape[:2]
side = steps["cropped"].shape[0]
c1, c2, c3 = st.columns(3)
shrunk = image.file_size and tuple(image.file_size) != (w, h)  # a big upload, kept at 512 on its long side
caption = (
    t("img.original_shrunk", width=w, height=h, file_w=image.file_size[0], file_h=image.file_size[1])
    if shrunk
    else None
)
picture.show(steps["original"], 360, caption or t("img.original", width=w, height=h), c1)
picture.show(steps["cropped"], 360, t("img.cropped", side=side), c2)
picture.show(steps["resized"], 360, t("img.resized"), c3)
st.write(t("img.why"))

st.header(t("img.h2"))
scale = settings.get("img_scale")
scaled = (
    st.radio(
        t("img.values"),
        scale.options,
        key=scale.key,
        horizontal=True,
        format_func=lambda v: t("img.values_255" if v == "255" else "img.values_01"),
    )
    == "1"
)
values = steps["resized"].astype(float) / (255.0 if scaled else 1.0)
zmax = 1.0 if scaled else 255
top_col, left_col = st.columns(2)
top = widgets.number_setting(t("img.region_row"), "img_row", top_col, widget="slider")
left = widgets.number_setting(t("img.region_col"), "img_col", left_col, widget="slider")

for i, (name, column) in enumerate(zip(article.CHANNELS, st.columns(3))):
    with column:
        st.subheader(t("img.channel_title", channel=words[name]))
        widgets.chart(
            figures.channel(values[:, :, i], name, 0, zmax, region=(top, left, 8, 8), words=words), key=f"full_{name}"
        )
        zoom = np.round(values[top : top + 8, left : left + 8, i], 2)
        widgets.chart(
            figures.matrix(
                zoom,
                colorscale=figures.CHANNEL_SCALES[name],
                zmin=0,
                zmax=zmax,
                font_size=12,
                hover_name=words[name],
                height=360,
                words=words,
                origin=(top, left),  # rows 12-19, as the text says, not 0-7
            ),
            key=f"zoom_{name}",
        )
st.caption(t("img.hover_note", top=top, bottom=top + 7, left=left, right=left + 7))

st.header(t("img.h3"))
st.write(t("img.small_text"))
small = article.RGB_3x3
cols = st.columns(4)
picture.show(small, 180, t("img.small_caption"), cols[0])
for i, name in enumerate(article.CHANNELS):
    with cols[i + 1]:
        widgets.chart(
            figures.matrix(
                small[:, :, i],
                title=words[name],
                colorscale=figures.CHANNEL_SCALES[name],
                zmin=0,
                zmax=255,
                height=260,
                words=words,
            ),
            key=f"small_{name}",
        )
st.write(t("img.scaled_note"))
