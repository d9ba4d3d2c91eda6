"""Lesson 2: convolution, one output cell at a time, on the article's 4x4x3 example."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, ops, ui

ui.setup_page("Convolution", "🧮")
ARTICLE_FILTERS = "the article's example"
PRESETS = (ARTICLE_FILTERS,) + article.PRESETS
state = st.session_state
state.setdefault("conv_image", article.TOY_IMAGE.copy())
state.setdefault("conv_kernel", article.TOY_KERNEL.copy())
# Widgets read their values from these keys, so Reset can set them all (no widget takes a default).
for key, value in dict(conv_k=2, conv_s=1, conv_p=0, conv_bias=0.0, conv_preset=ARTICLE_FILTERS,
                       img_version=0, ker_version=0).items():
    state.setdefault(key, value)


def reset():
    """Back to the article: its image, its filters, kernel 2, stride 1, padding 0."""
    state.update(conv_image=article.TOY_IMAGE.copy(), conv_kernel=article.TOY_KERNEL.copy(),
                 conv_k=2, conv_s=1, conv_p=0, conv_bias=0.0, conv_preset=ARTICLE_FILTERS,
                 conv_step=0, img_version=state.img_version + 1, ker_version=state.ker_version + 1)


def new_kernel():
    """Preset or kernel size changed: make the kernel anew (the article's filters are 2x2 only)."""
    preset, k = state.conv_preset, state.conv_k
    if preset == ARTICLE_FILTERS:
        state.conv_k = k = 2
        state.conv_kernel = article.TOY_KERNEL.copy()
    else:
        state.conv_kernel = article.kernel_preset(preset, k)
    state.ker_version += 1  # new editor keys: show the new kernel, keep the picture's edits


st.title("Convolution: a filter slides over the picture")
st.write("The article's example: a 4 x 4 picture with three colour channels and one 2 x 2 filter per "
         "channel. At each position, multiply every pixel under the filter by the filter's weight, "
         "add all products of all three channels (plus a bias): that sum is one output value. "
         "Then move one pixel on (the stride) and repeat.")

st.header("1 · The numbers")
c1, c2, c3, c4, c5 = st.columns([2.2, 1, 1, 1, 1.2], vertical_alignment="bottom")
c1.selectbox("Filter", PRESETS, key="conv_preset", on_change=new_kernel)
c2.number_input("Kernel size", 1, 5, key="conv_k", on_change=new_kernel)
stride = c3.number_input("Stride", 1, 3, key="conv_s")
padding = c4.number_input("Padding", 0, 2, key="conv_p")
c5.button("Reset to the article", on_click=reset, width="stretch")

with st.expander("Edit the picture and the filter", expanded=False):
    picture, kernel = [], []
    for i, (name, col) in enumerate(zip(article.CHANNELS, st.columns(3))):
        with col:
            picture.append(ui.matrix_editor(state.conv_image[:, :, i], f"img_{name}_{state.img_version}",
                                            f"picture, {name}"))
            kernel.append(ui.matrix_editor(state.conv_kernel[:, :, i], f"ker_{name}_{state.ker_version}",
                                           f"filter, {name}"))
    picture, kernel = np.stack(picture, axis=-1), np.stack(kernel, axis=-1)
    bias = st.number_input("Bias (added to every output value)", -100.0, 100.0, step=0.5, key="conv_bias")

n, k = picture.shape[0], kernel.shape[0]
st.header("2 · How big is the output?")
try:
    out = ops.output_size(n, k, stride, padding)
except ValueError as error:
    st.error(f"{error} Make the kernel smaller or add padding.")
    st.stop()
st.latex(rf"\left\lfloor \frac{{n + 2p - k}}{{s}} \right\rfloor + 1 = "
         rf"\left\lfloor \frac{{{n} + 2 \cdot {padding} - {k}}}{{{stride}}} \right\rfloor + 1 = {out}")
st.write(f"A {n} x {n} picture, a {k} x {k} filter, stride {stride} and padding {padding} give a "
         f"**{out} x {out}** output: one value for each position of the filter.")
if (n + 2 * padding - k) % stride:
    st.info(f"The stride does not divide evenly: the filter cannot take another full step, so the "
            f"last {(n + 2 * padding - k) % stride} row(s) and column(s) are never covered.")

trace = ops.conv_trace(picture, kernel, bias, stride, padding)


@st.fragment
def walk(trace):
    st.header("3 · Step by step")
    i = ui.stepper_ui("conv_step", len(trace.steps), "Output position")
    step = trace.steps[i]
    kh = trace.kernel.shape[0]
    window = (step.top, step.left, kh, kh)
    lo, hi = figures.diverging_range(trace.padded, trace.kernel, step.products)
    st.write(f"Output position **row {step.row}, column {step.col}**: the filter covers rows "
             f"{step.top}-{step.top + kh - 1} and columns {step.left}-{step.left + kh - 1}"
             + (" of the padded picture (the zeros around it are the padding)." if trace.padding else "."))
    for c, name in enumerate(article.CHANNELS):
        a, b, d, e = st.columns([3, 2, 2, 2.4], vertical_alignment="center")
        a.plotly_chart(figures.matrix(trace.padded[:, :, c], f"{name} channel", figures.DIVERGING, lo, hi,
                                      highlight=window), width="stretch", key=f"p{c}")
        b.plotly_chart(figures.matrix(trace.kernel[:, :, c], "× filter", figures.DIVERGING, lo, hi),
                       width="stretch", key=f"k{c}")
        d.plotly_chart(figures.matrix(step.products[:, :, c], "= products", figures.DIVERGING, lo, hi),
                       width="stretch", key=f"m{c}")
        terms = " + ".join(f"{figures.fmt(a)}×{figures.fmt(b)}" for a, b in
                           zip(step.patch[:, :, c].ravel(), trace.kernel[:, :, c].ravel()))
        e.markdown(f"**{name}:** {terms} = **{figures.fmt(step.channel_sums[c])}**")
    sums = " + ".join(figures.fmt(s) for s in step.channel_sums)
    st.markdown(f"### Output = {sums} + bias {figures.fmt(step.bias)} = **{figures.fmt(step.total)}**")
    filled = np.full(trace.output.shape, np.nan)
    flat = filled.reshape(-1)
    flat[: i + 1] = trace.output.reshape(-1)[: i + 1]
    st.plotly_chart(figures.matrix(filled, f"Output, {trace.output.shape[0]} x {trace.output.shape[1]}",
                                   highlight=(step.row, step.col, 1, 1), height=320),
                    width="content", key="out")


walk(trace)
st.caption("Keras' Conv2D and TensorFlow's tf.nn.conv2d compute exactly this sum (strictly a "
           "cross-correlation: the filter is not flipped). The same code runs the trained network "
           "on the Feature maps page.")
