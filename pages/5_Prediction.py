"""Lesson 5: fully connected layers, softmax, and the network's answer."""

import numpy as np
import pandas as pd
import streamlit as st

from cnn_viz import figures, images, ui
from cnn_viz.data import CLASSES

LOW_CONFIDENCE = 0.5
t = ui.t
ui.setup_page("predict")
ui.toolbar_ui("predict")
image = ui.image_source_ui()
metrics = ui.model_metrics()
outputs = ui.network().forward(images.to_model_input(image["rgb"]))
probs, logits = outputs["probabilities"], outputs["logits"]
top = int(np.argmax(probs))
names = [ui.class_name(c) for c in CLASSES]

st.title(t("pred.title"))
a, b = st.columns([1, 2])
with a:
    st.image(ui.enlarge(images.model_input_steps(image["rgb"])["resized"]), width="stretch",
             caption=t("pred.sees"))
    st.metric(t("pred.answer"), names[top], t("pred.sure", p=f"{probs[top]:.1%}"), delta_color="off",
              delta_arrow="off")
    if image["label"]:
        right = image["label"] == CLASSES[top]
        st.write(t("pred.right" if right else "pred.wrong", cls=ui.class_name(image["label"])))
with b:
    true_index = CLASSES.index(image["label"]) if image["label"] else None
    ui.chart(figures.probabilities(probs, names, true_index, words=ui.words()), key="probabilities")
if probs[top] < LOW_CONFIDENCE:
    st.warning(t("pred.unsure", p=f"{probs[top]:.0%}"))

with st.container(border=True):
    st.subheader(t("pred.card"))
    st.write(t("pred.card_classes", classes=t("list.separator").join(names)))
    data = t("data.test_split", source=t(f"data.{metrics['data_source']}"),
             n=sum(map(sum, metrics["confusion_matrix"])))
    st.write(t("pred.card_accuracy", acc=f"{metrics['test_accuracy']:.1%}", data=data,
               one_in=f"{1 / (1 - metrics['test_accuracy']):.0f}"))

st.header(t("pred.h1"))
st.write(t("pred.fc"))
ui.chart(figures.vector(logits, t("pred.logits_title"), names), key="logits")

st.header(t("pred.h2"))
st.latex(r"p_i = \frac{e^{z_i}}{\sum_{j=1}^{10} e^{z_j}}")
st.write(t("pred.softmax"))
shifted = np.exp(logits.astype(np.float64) - logits.max())
columns = [t("pred.col_class"), t("pred.col_logit"), t("pred.col_shift"), t("pred.col_exp"), t("pred.col_prob")]
table = pd.DataFrame(dict(zip(columns, [names, logits, logits - logits.max(), shifted, shifted / shifted.sum()])))
st.dataframe(table.style.format(dict(zip(columns[1:], ["{:.3f}", "{:.3f}", "{:.4f}", "{:.2%}"]))),
             hide_index=True, width="stretch")
st.write(t("pred.softmax_result", cls=names[top], num=f"{shifted[top]:.4f}", den=f"{shifted.sum():.4f}",
           p=f"{probs[top]:.2%}", total=f"{probs.sum():.4f}"))
ui.sync_url({})
