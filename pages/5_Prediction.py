"""Lesson 5: fully connected layers, softmax, and the network's answer."""

import numpy as np
import pandas as pd
import streamlit as st

from cnn_viz import figures, images, ui
from cnn_viz.data import CLASSES

LOW_CONFIDENCE = 0.5

ui.setup_page("Prediction", "🎯")
image = ui.image_source_ui()
metrics = ui.model_metrics()
outputs = ui.network().forward(images.to_model_input(image["rgb"]))
probs, logits = outputs["probabilities"], outputs["logits"]
top = int(np.argmax(probs))

st.title("What does the network say?")
a, b = st.columns([1, 2])
with a:
    st.image(ui.enlarge(images.model_input_steps(image["rgb"])["resized"]), width="stretch",
             caption="what the network sees (32 x 32)")
    st.metric("Its answer", CLASSES[top], f"{probs[top]:.1%} sure", delta_color="off")
    if image["label"]:
        verdict = "right" if image["label"] == CLASSES[top] else "wrong"
        st.write(f"The true class is **{image['label']}**: the network is {verdict}.")
with b:
    st.plotly_chart(figures.probabilities(probs, CLASSES, image["label"]), width="stretch")
if probs[top] < LOW_CONFIDENCE:
    st.warning(f"The network is unsure: its best guess has only {probs[top]:.0%}. It only knows ten "
               "classes and must always pick one of them, so a picture of anything else (a face, a "
               "drawing, a chair) still gets an answer. Read it as 'looks most like', not 'is'.")

with st.container(border=True):
    st.subheader("What this model knows")
    st.write(f"Ten classes: {', '.join(CLASSES)}. It sees 32 x 32 pixel colour pictures only.")
    st.write(f"Right on **{metrics['test_accuracy']:.1%}** of {metrics['test_data']}, pictures it "
             f"never saw while training. About one answer in {1 / (1 - metrics['test_accuracy']):.0f} is "
             "wrong even on the kind of picture it was trained for.")

st.header("From 1,024 numbers to ten scores")
st.write("The last convolution leaves 4 x 4 x 64 = 1,024 numbers. A fully connected layer gives each "
         "of its 64 neurons a weight for every one of them (65,600 parameters with the biases); a "
         "second one turns those 64 values into ten scores, one per class, called logits.")
st.plotly_chart(figures.vector(logits, "logits of your picture", CLASSES), width="stretch")

st.header("Softmax: from scores to probabilities")
st.latex(r"p_i = \frac{e^{z_i}}{\sum_{j=1}^{10} e^{z_j}}")
shifted = np.exp(logits.astype(np.float64) - logits.max())
st.write("Raise e to the power of each score, then divide by the sum, so the ten results are positive "
         "and add up to 1. (Subtracting the largest score first gives the same result without "
         "overflowing; the table shows that form.)")
table = pd.DataFrame({"class": CLASSES, "logit z": logits, "z - max": logits - logits.max(),
                      "e^(z - max)": shifted, "probability": shifted / shifted.sum()})
st.dataframe(table.style.format({"logit z": "{:.3f}", "z - max": "{:.3f}", "e^(z - max)": "{:.4f}",
                                 "probability": "{:.2%}"}), hide_index=True, width="stretch")
st.write(f"For **{CLASSES[top]}**: {shifted[top]:.4f} / {shifted.sum():.4f} = **{probs[top]:.2%}**. "
         f"The ten probabilities add up to {probs.sum():.4f}.")
