"""0 · Home: the whole pipeline at a glance, with a way into every lesson."""

import streamlit as st

from cnn_viz import article, figures
from cnn_viz.app import frame, text
from cnn_viz.app.pages import PAGES
from cnn_viz.app.text import t

frame.ensure()

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.markdown(
    figures.pipeline(words=text.words(), scale=1.3 if st.session_state.get("presenter") else 1.0),
    unsafe_allow_html=True,
)

# The article's order: why a dense layer alone would not do, then the lessons.
st.header(t("home.dense.header"))
st.write(t("home.dense.text"))
example = article.DENSE_EXAMPLE
c1, c2, c3, c4 = st.columns(4)
width = c1.number_input(t("home.width"), 1, 10_000, example["width"])
height = c2.number_input(t("home.height"), 1, 10_000, example["height"])
channels = c3.number_input(t("home.channels"), 1, 4, example["channels"])
neurons = c4.number_input(t("home.neurons"), 1, 100_000, 1000)
inputs = article.dense_weights_per_neuron(width, height, channels)
st.metric(t("home.weights_metric"), f"{inputs:,}", help=t("home.weights_help"))
st.write(
    t(
        "home.dense_result",
        width=width,
        height=height,
        channels=channels,
        inputs=inputs,
        neurons=neurons,
        total=inputs * neurons,
    )
)

for number, page in enumerate(PAGES[1:], start=1):
    with st.container(border=True):  # titled as in the menu
        st.page_link(page.script, label=f"{number} · {t(page.title_key)}", icon="➡️")
        st.write(t(f"home.card.{page.id}"))
