"""CNN Viz home page: the whole pipeline at a glance, with a way into every lesson.

Run the app with `streamlit run app.py`; Streamlit serves every script in pages/ as a
page of its own. Each sets itself up (ui.setup_page), so a bookmarked link works on a
server that has just started.
"""

import streamlit as st

from cnn_viz import article, figures, ui

STAGES = (
    ("pages/1_Image_as_numbers.py", "1 · A picture is three matrices",
     "A colour image is stored as three grids of numbers, one each for red, green and blue. "
     "The network sees nothing else: 32 x 32 pixels, three values each, scaled from 0-255 to 0-1."),
    ("pages/2_Convolution.py", "2 · Convolution",
     "A small filter slides over the image. At every position it multiplies the pixels under it "
     "by its weights and adds everything up, over all three colours, giving one number. "
     "The grid of those numbers is smaller than the image and shows where the filter's pattern is."),
    ("pages/3_Pooling.py", "3 · Pooling",
     "Pooling shrinks a grid further by keeping only the largest value (or the mean) of each small "
     "window. What matters survives; small noise and exact positions matter less."),
    ("pages/4_Feature_maps.py", "4 · The trained network, layer by layer",
     "Three convolutions and two poolings turn your 32x32x3 picture into 64 small 4x4 maps. "
     "See every map for your own image."),
    ("pages/5_Prediction.py", "5 · Fully connected layers and the ten classes",
     "The last maps are flattened into 1,024 numbers; two fully connected layers turn them into "
     "ten scores, and softmax turns the scores into probabilities."),
    ("pages/6_Model_report.py", "6 · How good is it?",
     "Training curves, the confusion matrix and the pictures the model gets wrong, "
     "measured on 10,000 test images it never trained on."),
)


ui.setup_page("How a CNN sees", "🔎")
st.title("How a convolutional network sees a picture")
st.markdown(
    "A small convolutional neural network (CNN), trained on 50,000 tiny photos, sorts any picture "
    "into one of ten classes. This app follows one image all the way through it. Every number "
    "you see is computed live, by the same code the lessons let you step through.")

st.plotly_chart(figures.pipeline(), width="stretch", config={"displayModeBar": False})

for page, title, text in STAGES:
    with st.container(border=True):
        st.page_link(page, label=title, icon="➡️")
        st.write(text)

st.header("Why not connect every pixel to every neuron?")
st.write(
    "A fully connected layer gives every neuron one weight per input number. For pictures that "
    "adds up fast; convolution instead reuses one small filter everywhere in the image.")
example = article.DENSE_EXAMPLE
c1, c2, c3, c4 = st.columns(4)
width = c1.number_input("Image width (pixels)", 1, 10_000, example["width"])
height = c2.number_input("Image height (pixels)", 1, 10_000, example["height"])
channels = c3.number_input("Colour channels", 1, 4, example["channels"])
neurons = c4.number_input("Neurons in the first hidden layer", 1, 100_000, 1000)
per_neuron = article.dense_weights_per_neuron(width, height, channels)
st.metric("Weights for each neuron", f"{per_neuron:,}", help="width x height x channels")
st.write(
    f"{width:,} x {height:,} x {channels} = **{per_neuron:,} inputs**, so each of the {neurons:,} "
    f"neurons needs {per_neuron:,} weights: **{per_neuron * neurons:,} weights** in the first layer "
    f"alone. The first convolution layer of the network here has 32 filters of 3 x 3 x 3 "
    f"weights plus one bias each: 896 parameters, whatever the size of the picture.")
