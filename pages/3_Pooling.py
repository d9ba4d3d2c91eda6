"""Lesson 3: max and average pooling, side by side, one window at a time."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, ops, ui

t = ui.t
state = st.session_state
MODES = {"both": ("max", "average"), "max": ("max",), "average": ("average",)}
PARAMS = {"step": ("pool_step", ui.int_param(0, 99)), "mode": ("pool_show", ui.choice_param(MODES)),
          "window": ("pool_size", ui.int_param(1, 3)), "stride": ("pool_stride", ui.int_param(1, 3)),
          "quiz": ("pool_quiz", ui.flag_param)}
DEFAULTS = dict(pool_size=article.TOY_POOL_SIZE, pool_stride=article.TOY_POOL_STRIDE, pool_step=0)
ARTICLE_INPUT = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
ui.setup_page("pool", PARAMS)
for key, value in {**DEFAULTS, "pool_version": 0, "pool_show": "both"}.items():
    state.setdefault(key, value)


def reset():
    state.update(DEFAULTS, pool_version=state.pool_version + 1)


n = ARTICLE_INPUT.shape[0]
n_steps = max(ops.positions(n, state.pool_size, state.pool_stride), 1)
ui.toolbar_ui("pool", list(range(n_steps)), "pool_step")
words = ui.words()
st.title(t("pool.title"))
st.write(t("pool.intro"))

st.header(t("pool.h1"))
c1, c2, c3, c4 = st.columns([1, 1, 2.2, 1.4], vertical_alignment="bottom")
size = c1.number_input(t("pool.window"), 1, 3, key="pool_size")
stride = c2.number_input(t("pool.stride"), 1, 3, key="pool_stride")
c3.segmented_control(t("pool.show"), list(MODES), key="pool_show", required=True,
                     format_func=lambda m: t(f"pool.show.{m}"))
c4.button(t("pool.reset"), on_click=reset, width="stretch")
st.toggle(t("quiz.toggle"), key="pool_quiz", help=t("quiz.help"))
with st.expander(t("pool.edit")):
    matrix = ui.matrix_editor(ARTICLE_INPUT, f"pool_in_{state.pool_version}", t("pool.edit_label"))

if size > n:
    st.error(t("pool.no_fit", size=size, n=n))
    ui.finish_page(PARAMS)
    st.stop()
out = ops.output_size(n, size, stride)
st.latex(rf"\left\lfloor \frac{{n - k}}{{s}} \right\rfloor + 1 = \left\lfloor \frac{{{n} - {size}}}"
         rf"{{{stride}}} \right\rfloor + 1 = {out}")
keras_out = ops.output_size(n, size, size)
st.info(t("pool.why_stride", stride=stride, size=size, n=n, keras_out=keras_out))


@st.fragment
def walk(matrix, size, stride):
    st.header(t("pool.h2"))
    traces = {mode: ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")}
    i = ui.stepper_ui("pool_step", len(traces["max"].steps), t("pool.position"), quiz=state.pool_quiz)
    shown = MODES[state.pool_show]
    for mode, col in zip(shown, st.columns(len(shown))):
        with col:
            draw(traces[mode], i, mode)
    ui.sync_url(PARAMS)


def draw(trace, i, mode):
    step = trace.steps[i]
    lo, hi = float(np.min(trace.input)), float(np.max(trace.input))
    st.subheader(t(f"pool.{mode}_title"))
    fig = figures.matrix(trace.input, t("pool.input_title"), zmin=lo, zmax=hi,
                         highlight=(step.top, step.left, trace.size, trace.size), height=300, words=words)
    qid = ui.quiz_id("pool", mode, trace.input.tobytes(), trace.size, trace.stride, i)
    revealed = not state.pool_quiz or ui.quiz_ui(qid, t("quiz.ask_pool", mode=t(f"pool.mode.{mode}")),
                                                 step.value)
    if mode == "max" and revealed:
        r, c = step.argmax
        figures.outline(fig, step.top + r, step.left + c, 1, 1, color="#00c853", dash="dot")
    ui.chart(fig, key=f"in_{mode}")
    values = [figures.fmt(v) for v in step.window.ravel()]
    if revealed and mode == "max":
        st.markdown(t("pool.max_line", values=", ".join(values), value=figures.fmt(step.value)))
    elif revealed:
        st.markdown(t("pool.average_line", values=" + ".join(values), count=step.window.size,
                      total=figures.fmt(step.window.sum()), value=figures.fmt(step.value)))
    filled = np.full(trace.output.shape, np.nan)
    count = i + 1 if revealed else i
    filled.reshape(-1)[:count] = trace.output.reshape(-1)[:count]
    ui.chart(figures.matrix(filled, t("pool.output_title", rows=trace.output.shape[0], cols=trace.output.shape[1]),
                            zmin=lo, zmax=hi, highlight=(step.row, step.col, 1, 1), height=260, words=words),
             key=f"out_{mode}")


walk(matrix, size, stride)
st.header(t("pool.h3"))
st.write(t("pool.why"))
ui.finish_page(PARAMS)
