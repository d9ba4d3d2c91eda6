"""4 · The data: CIFAR-10, what the network learned from: its facts, its pictures, its scaled numbers."""

import streamlit as st

from cnn_viz import data, gallery, numbers
from cnn_viz.app import frame, picture
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

SHOWN_PER_CLASS = 3

frame.ensure()
st.title(t("data.title"))
st.write(t("data.intro"))

facts = {
    "data.m_pictures": f"{data.PICTURES:,}",
    "data.m_size": numbers.shape_text(data.PICTURE_SHAPE),
    "data.m_classes": f"{len(CLASSES)} x {data.PER_CLASS:,}",
    "data.m_split": f"{data.TRAIN_PICTURES:,} / {data.TEST_PICTURES:,}",
}
for col, (label, value) in zip(st.columns([1, 1.1, 1.1, 1.6]), facts.items()):  # the last value is the longest
    col.metric(t(label), value)
st.write(t("data.split_text"))

st.header(t("data.h1"))
first = gallery.training_pictures()
if first:
    picture.row([(s.rgb(), class_name(s.label)) for s in first], width=96)
    st.caption(t("data.first_caption"))
else:  # the sample pictures are not on this server
    st.info(t("gallery.missing"))

st.header(t("data.h2"))
by_class = {c: [s for s in gallery.samples() if s.label == c][:SHOWN_PER_CLASS] for c in CLASSES}
if any(by_class.values()):
    picture.row([(s.rgb(), class_name(s.label)) for c in CLASSES for s in by_class[c]], width=64)
    st.caption(t("data.test_caption", n=SHOWN_PER_CLASS))
else:
    st.info(t("gallery.missing"))

st.header(t("data.h3"))
if first:
    rgb, caption = first[0].rgb(), t("data.example_caption", cls=class_name(first[0].label))
else:  # the current picture scales the same way
    rgb, caption = picture.current().rgb, picture.caption(picture.current())
r, g, b = (int(v) for v in rgb[0, 0])
scaled = [numbers.exact(v / 255) for v in (r, g, b)]
sign = "=" if all(numbers.is_exact(v / 255) for v in (r, g, b)) else "≈"
left, right = st.columns([1, 2.5])
picture.show(rgb, 160, caption, container=left)
right.markdown(t("data.scaling", r=r, g=g, b=b, sign=sign, sr=scaled[0], sg=scaled[1], sb=scaled[2]))
right.markdown(t("data.scaling_range"))
st.info(t("data.copy_note"))
