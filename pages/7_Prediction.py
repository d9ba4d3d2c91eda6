"""Lesson 5: fully connected layers, softmax, and the network's answer."""

import numpy as np
import streamlit as st

from cnn_viz import figures, gallery, images
from cnn_viz.app import frame, live, picture, resources, text, widgets
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

LOW_CONFIDENCE = 0.5

frame.ensure()
image = picture.source_ui()
metrics = resources.model_metrics()
outputs = resources.network().forward(images.to_model_input(image["rgb"]))
probs, logits = outputs["probabilities"], outputs["logits"]
top = int(np.argmax(probs))
live.offer_prediction(image, probs)
names = [class_name(c) for c in CLASSES]

st.title(t("pred.title"))
a, b = st.columns([1, 2])
with a:
    picture.show(images.model_input_steps(image["rgb"])["resized"], 256, t("pred.sees"))
    st.metric(t("pred.answer"), names[top], t("pred.sure", p=f"{probs[top]:.1%}"), delta_color="off", delta_arrow="off")
    if image["label"]:
        right = image["label"] == CLASSES[top]
        st.write(t("pred.right" if right else "pred.wrong", cls=class_name(image["label"])))
with b:
    true_index = CLASSES.index(image["label"]) if image["label"] else None
    widgets.chart(figures.probabilities(probs, names, true_index, words=text.words()), key="probabilities")
if probs[top] < LOW_CONFIDENCE:
    st.warning(t("pred.unsure", p=f"{probs[top]:.0%}"))
if image["source"] != "sample":  # the visitor's own picture: say what the network was made for
    with st.container(border=True):
        st.markdown(t("pred.own_picture"))
        picture.row([(s.rgb(), class_name(s.label)) for s in gallery.training_pictures()], width=56)

# Fewer, longer elements: each one is a message to every visitor (see cnn_viz/app/server/admission.py).
data = t("data.test_split", source=t(f"data.{metrics['data_source']}"), n=sum(map(sum, metrics["confusion_matrix"])))
st.container(border=True).markdown(
    f"#### {t('pred.card')}\n\n{t('pred.card_classes', classes=t('list.separator').join(names))}\n\n"
    + t(
        "pred.card_accuracy",
        acc=f"{metrics['test_accuracy']:.1%}",
        data=data,
        one_in=f"{1 / (1 - metrics['test_accuracy']):.0f}",
    )
)
st.markdown(f"## {t('pred.h1')}\n\n{t('pred.fc')}")
widgets.chart(figures.vector(logits, t("pred.logits_title"), names), key="logits")

SOFTMAX = r"$$p_i = \frac{e^{z_i}}{\sum_{j=1}^{10} e^{z_j}}$$"
st.markdown(f"## {t('pred.h2')}\n\n{SOFTMAX}\n\n{t('pred.softmax')}")
shifted = np.exp(logits.astype(np.float64) - logits.max())
# A markdown table: the numbers are few, and a styled dataframe costs more server time than
# the whole network (it matters when a class of 60 opens the page at once).
header = [t("pred.col_class"), t("pred.col_logit"), t("pred.col_shift"), t("pred.col_exp"), t("pred.col_prob")]
rows = [
    f"| {n} | {z:.3f} | {z - logits.max():.3f} | {e:.4f} | {e / shifted.sum():.2%} |"
    for n, z, e in zip(names, logits, shifted)
]
result = t(
    "pred.softmax_result",
    cls=names[top],
    num=f"{shifted[top]:.4f}",
    den=f"{shifted.sum():.4f}",
    p=f"{probs[top]:.2%}",
    total=f"{probs.sum():.4f}",
)
# In a container of its own that scrolls sideways on a phone, so the page itself does not.
table = ["| " + " | ".join(header) + " |", "|---|--:|--:|--:|--:|", *rows]
st.container(key="softmax_table").markdown("\n".join(table))
st.markdown(result)
