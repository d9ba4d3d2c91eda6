"""CNN Viz home page: the whole pipeline at a glance, with a way into every lesson.

Run the app with `streamlit run app.py`; Streamlit serves every script in pages/ as a
page of its own. Each sets itself up (ui.setup_page), so a bookmarked link works on a
server that has just started.
"""

import streamlit as st

from cnn_viz import article, figures, ui

t = ui.t
ui.setup_page("home")
ui.toolbar_ui("home")

st.title(t("home.title"))
st.markdown(t("home.intro"))
ui.chart(figures.pipeline(words=ui.words()), key="pipeline")

for number, (_, path, _, _) in enumerate(ui.PAGES[1:], start=1):
    with st.container(border=True):
        st.page_link(path, label=t(f"home.s{number}.title"), icon="➡️")
        st.write(t(f"home.s{number}.text"))

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
st.write(t("home.dense_result", width=width, height=height, channels=channels, inputs=inputs,
           neurons=neurons, total=inputs * neurons))
ui.finish_page()
