"""Lesson 3: max and average pooling, side by side, one window at a time."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, numbers, ops
from cnn_viz.app import frame, live, settings, text, toolbar, widgets
from cnn_viz.app.quiz import quiz_id, quiz_ui
from cnn_viz.app.settings import POOL_MODES
from cnn_viz.app.stepper import stepper_ui
from cnn_viz.app.text import t
from cnn_viz.live import questions

ARTICLE_INPUT = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)

frame.ensure()
state = st.session_state
state.setdefault("pool_version", 0)  # bumped by Reset: the editor's key changes, so it shows fresh numbers


def reset():
    settings.reset("pool_size", "pool_stride", "pool_step")
    state.pool_version += 1


n = ARTICLE_INPUT.shape[0]
n_steps = max(ops.positions(n, state.pool_size, state.pool_stride), 1)
toolbar.lesson(range(n_steps))
words = text.words()
st.title(t("pool.title"))
st.write(t("pool.intro"))

st.header(t("pool.h1"))
c1, c2, c3, c4 = st.columns([1, 1, 2.2, 1.4], vertical_alignment="bottom")
size = widgets.number_setting(t("pool.window"), "pool_size", c1)
stride = widgets.number_setting(t("pool.stride"), "pool_stride", c2)
c3.segmented_control(
    t("pool.show"), list(POOL_MODES), key="pool_show", required=True, format_func=lambda m: t(f"pool.show.{m}")
)
c4.button(t("pool.reset"), on_click=reset, width="stretch")
st.toggle(t("quiz.toggle"), key="pool_quiz", help=t("quiz.help"))
# Reruns when opened or closed: the editor is drawn only while it is open (matrix_editor).
editing = st.expander(t("pool.edit"), key="pool_editing", on_change="rerun")
with editing:
    matrix = widgets.matrix_editor(
        ARTICLE_INPUT, f"pool_in_{state.pool_version}", t("pool.edit_label"), shown=bool(editing.open)
    )


@st.fragment
def walk(matrix, size, stride):
    st.header(t("pool.h2"))
    traces = {mode: ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")}
    i = stepper_ui("pool_step", len(traces["max"].steps), t("pool.position"), quiz=state.pool_quiz)
    shown = POOL_MODES[state.pool_show]
    for mode, col in zip(shown, st.columns(len(shown))):
        with col:
            draw(traces[mode], i, mode)


def draw(trace, i, mode):
    """One window of one pooling mode: what it gives, then where it is beside the output so
    far, all on one screen. One colour range, the input's, for both grids."""
    step = trace.steps[i]
    lo, hi = float(np.min(trace.input)), float(np.max(trace.input))
    st.subheader(t(f"pool.{mode}_title"))
    qid = quiz_id("pool", mode, trace.input.tobytes(), trace.size, trace.stride, i)
    revealed = not state.pool_quiz or quiz_ui(qid, t("quiz.ask_pool", mode=t(f"pool.mode.{mode}")), step.value)
    window = step.window.ravel()
    if revealed and mode == "max":
        values = ", ".join(numbers.exact(v) for v in window)
        st.markdown(t("pool.max_line", values=values, value=numbers.exact(step.value)))
    elif revealed:
        terms = " + ".join(numbers.factor(v) for v in window)
        total, value = numbers.exact(step.window.sum()), numbers.exact(step.value)
        st.markdown(t("pool.average_line", values=terms, count=step.window.size, total=total, value=value))
    fig = figures.matrix(
        trace.input,
        t("pool.input_title"),
        zmin=lo,
        zmax=hi,
        highlight=(step.top, step.left, trace.size, trace.size),
        height=230,
        font_size=15,
        words=words,
    )
    if mode == "max" and revealed:
        r, c = step.argmax
        figures.outline(fig, step.top + r, step.left + c, 1, 1, color=figures.WINNER, inset=0.12, line_width=6)
    filled = np.full(trace.output.shape, np.nan)
    count = i + 1 if revealed else i
    filled.reshape(-1)[:count] = trace.output.reshape(-1)[:count]
    title = t("pool.output_title", rows=trace.output.shape[0], cols=trace.output.shape[1])
    out = figures.matrix(
        filled, title, zmin=lo, zmax=hi, highlight=(step.row, step.col, 1, 1), height=220, font_size=15, words=words
    )
    left, right = st.columns([3, 2], vertical_alignment="top")
    with left:
        widgets.chart(fig, key=f"in_{mode}")
    with right:
        widgets.chart(out, key=f"out_{mode}")


if size > n:
    st.error(t("pool.no_fit", size=size, n=n))
else:
    out = ops.output_size(n, size, stride)
    st.latex(
        rf"\begin{{aligned}} & \left\lfloor \frac{{n - k}}{{s}} \right\rfloor + 1 \\ "
        rf"= & \left\lfloor \frac{{{n} - {size}}}{{{stride}}} \right\rfloor + 1 = {out} \end{{aligned}}"
    )
    if stride == 1 < size:  # the article's choice, which the box explains
        st.info(t("pool.why_stride", size=size, n=n, keras_out=ops.output_size(n, size, size)))
    i = min(state.pool_step, n_steps - 1)
    query = {"window": size, "stride": stride, "mode": state.pool_show}
    live.offer(
        [questions.pool_value(ops.pool_trace(matrix, size, stride, mode), i, query) for mode in ("max", "average")]
        + [questions.trap("trap_pool_stride")]
    )
    walk(matrix, size, stride)
    st.header(t("pool.h3"))
    st.write(t("pool.why"))
