"""Lesson 3: max and average pooling, side by side, one window at a time."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, ops, ui

ui.setup_page("Pooling", "🧊")
state = st.session_state
ARTICLE_INPUT = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
MODES = {"Max and average": ("max", "average"), "Max": ("max",), "Average": ("average",)}
for key, value in dict(pool_size=article.TOY_POOL_SIZE, pool_stride=article.TOY_POOL_STRIDE,
                       pool_version=0, pool_show="Max and average").items():
    state.setdefault(key, value)


def reset():
    state.update(pool_size=article.TOY_POOL_SIZE, pool_stride=article.TOY_POOL_STRIDE,
                 pool_step=0, pool_version=state.pool_version + 1)


st.title("Pooling: keep what matters, make it smaller")
st.write("Pooling looks at small windows of a matrix and keeps one number per window: the largest "
         "(max pooling) or the mean (average pooling). The input here is the 3 x 3 output of the "
         "article's convolution; a 2 x 2 window moved one cell at a time gives a 2 x 2 result.")

st.header("1 · The numbers")
c1, c2, c3, c4 = st.columns([1, 1, 2, 1.2], vertical_alignment="bottom")
size = c1.number_input("Window", 1, 3, key="pool_size")
stride = c2.number_input("Stride", 1, 3, key="pool_stride")
c3.segmented_control("Show", list(MODES), key="pool_show", required=True)
c4.button("Reset to the article", on_click=reset, width="stretch")
with st.expander("Edit the input matrix"):
    matrix = ui.matrix_editor(ARTICLE_INPUT, f"pool_in_{state.pool_version}", "input (the convolution's output)")

n = matrix.shape[0]
try:
    out = ops.output_size(n, size, stride)
except ValueError as error:
    st.error(f"{error} Make the window smaller.")
    st.stop()
st.latex(rf"\left\lfloor \frac{{n - k}}{{s}} \right\rfloor + 1 = \left\lfloor \frac{{{n} - {size}}}"
         rf"{{{stride}}} \right\rfloor + 1 = {out}")
keras_out = ops.output_size(n, size, size) if size <= n else 0
st.info(f"Why stride {stride}? Keras' MaxPooling2D moves the window by its own size unless told "
        f"otherwise (stride = window = {size}); on this {n} x {n} matrix that gives only "
        f"{keras_out} x {keras_out}. The article moves it one cell at a time to get {'2 x 2' if n == 3 else 'more'}. "
        "The trained network later uses Keras' default: 2 x 2 windows, stride 2, halving each map.")


@st.fragment
def walk(matrix, size, stride):
    st.header("2 · Step by step")
    traces = {mode: ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")}
    i = ui.stepper_ui("pool_step", len(traces["max"].steps), "Window")
    shown = MODES[state.pool_show]
    for mode, col in zip(shown, st.columns(len(shown))):
        with col:
            draw(traces[mode], i, mode)


def draw(trace, i, mode):
    step = trace.steps[i]
    lo, hi = float(np.min(trace.input)), float(np.max(trace.input))
    st.subheader("Max pooling" if mode == "max" else "Average pooling")
    fig = figures.matrix(trace.input, "input", zmin=lo, zmax=hi,
                         highlight=(step.top, step.left, trace.size, trace.size), height=300)
    if mode == "max":
        r, c = step.argmax
        figures.outline(fig, step.top + r, step.left + c, 1, 1, color="#00c853", dash="dot")
    st.plotly_chart(fig, width="stretch", key=f"in_{mode}")
    values = " , ".join(figures.fmt(v) for v in step.window.ravel())
    if mode == "max":
        st.markdown(f"max({values}) = **{figures.fmt(step.value)}** (green dotted cell)")
    else:
        total = step.window.sum()
        st.markdown(f"({values.replace(' , ', ' + ')}) / {step.window.size} = {figures.fmt(total)} / "
                    f"{step.window.size} = **{figures.fmt(step.value)}**")
    filled = np.full(trace.output.shape, np.nan)
    filled.reshape(-1)[: i + 1] = trace.output.reshape(-1)[: i + 1]
    st.plotly_chart(figures.matrix(filled, f"output, {trace.output.shape[0]} x {trace.output.shape[1]}",
                                   zmin=lo, zmax=hi, highlight=(step.row, step.col, 1, 1), height=260),
                    width="stretch", key=f"out_{mode}")


walk(matrix, size, stride)
st.header("3 · Why pool?")
st.write("The output is smaller, so the next layers have fewer numbers to work with and fewer weights "
         "to learn. Max pooling keeps the strongest response in each window, so a feature still "
         "counts if it moved by a pixel; small noisy values that are never the largest simply vanish. "
         "Average pooling smooths instead: a single noisy value is diluted by its neighbours.")
