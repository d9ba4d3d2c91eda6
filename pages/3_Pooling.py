"""3 · Pooling: max and average pooling, side by side, one window at a time."""

import streamlit as st

from cnn_viz import article, figures, numbers, ops
from cnn_viz.app import classroom, frame, settings, toolbar, widgets
from cnn_viz.app.quiz import quiz_id, shown
from cnn_viz.app.settings import POOL_MODES
from cnn_viz.app.stepper import stepper_ui
from cnn_viz.app.text import t, words
from cnn_viz.live import questions

ARTICLE_INPUT = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
N = ARTICLE_INPUT.shape[0]


def reset():
    settings.reset("pool_size", "pool_stride", "pool_step")
    st.session_state.pool_version += 1  # the editor's key changes, so it shows fresh numbers


@st.fragment
def walk(matrix, size, stride, quiz):
    st.header(t("pool.h2"))
    traces = {mode: ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")}
    i = stepper_ui("pool_step", len(traces["max"].steps), t("pool.position"), quiz=quiz)
    shown = POOL_MODES.get(st.session_state.pool_show, POOL_MODES["both"])
    for mode, col in zip(shown, st.columns(len(shown))):
        with col:
            draw(traces[mode], i, mode, quiz)


def draw(trace, i, mode, quiz):
    """One window of one pooling mode: what it gives, then where it is beside the output so
    far, all on one screen. One colour range, the input's, for both grids."""
    step = trace.steps[i]
    st.subheader(t(f"pool.{mode}_title"))
    qid = quiz_id("pool", mode, trace.input.tobytes(), trace.size, trace.stride, i)
    revealed = shown(quiz, f"pool_{mode}", qid, t("quiz.ask_pool", mode=t(f"pool.mode.{mode}")), step.value)
    window, value = step.window.ravel(), numbers.exact(step.value)
    if revealed and mode == "max":
        st.markdown(t("pool.max_line", values=", ".join(numbers.exact(v) for v in window), value=value))
    elif revealed:
        terms, total = " + ".join(numbers.factor(v) for v in window), numbers.exact(step.window.sum())
        st.markdown(t("pool.average_line", values=terms, count=step.window.size, total=total, value=value))
    looks = dict(zmin=float(trace.input.min()), zmax=float(trace.input.max()), font_size=15, words=words())
    window_at = (step.top, step.left, trace.size, trace.size)
    winner = []
    if mode == "max" and revealed:
        r, c = step.argmax
        winner = [(step.top + r, step.left + c, 1, 1, figures.WINNER, 6, 0.12)]
    fig = figures.matrix(trace.input, t("pool.input_title"), highlight=window_at, height=230, marks=winner, **looks)
    so_far = ops.filled_so_far(trace.output, i + 1 if revealed else i)
    title = t("pool.output_title", rows=trace.output.shape[0], cols=trace.output.shape[1])
    out = figures.matrix(so_far, title, highlight=(step.row, step.col, 1, 1), height=220, **looks)
    left, right = st.columns([3, 2], vertical_alignment="top")
    with left:
        widgets.chart(fig, key=f"in_{mode}")
    with right:
        widgets.chart(out, key=f"out_{mode}")


frame.ensure()
state = st.session_state
state.setdefault("pool_version", 0)  # bumped by Reset
toolbar.lesson(range(max(ops.positions(N, state.pool_size, state.pool_stride), 1)))
st.title(t("pool.title"))
st.write(t("pool.intro"))

st.header(t("pool.h1"))
c1, c2, c3, c4 = st.columns([1, 1, 2.2, 1.4], vertical_alignment="bottom")
size = widgets.number_setting(t("pool.window"), "pool_size", c1)
stride = widgets.number_setting(t("pool.stride"), "pool_stride", c2)
show = lambda m: t(f"pool.show.{m}")
c3.segmented_control(t("pool.show"), list(POOL_MODES), key="pool_show", required=True, format_func=show)
c4.button(t("pool.reset"), on_click=reset, width="stretch")
quiz = st.toggle(t("quiz.toggle"), key="pool_quiz", help=t("quiz.help"))
# Reruns when opened or closed: the editor is drawn only while it is open (matrix_editor).
editing = st.expander(t("pool.edit"), key="pool_editing", on_change="rerun")
with editing:
    key = f"pool_in_{state.pool_version}"
    matrix = widgets.matrix_editor(ARTICLE_INPUT, key, t("pool.edit_label"), shown=bool(editing.open))

if size > N:
    st.error(t("pool.no_fit", size=size, n=N))
else:
    out = ops.output_size(N, size, stride)
    st.latex(
        rf"\begin{{aligned}} & \left\lfloor \frac{{n - k}}{{s}} \right\rfloor + 1 \\ "
        rf"= & \left\lfloor \frac{{{N} - {size}}}{{{stride}}} \right\rfloor + 1 = {out} \end{{aligned}}"
    )
    if stride == 1 < size and not classroom.hiding("trap_pool_stride"):  # the article's choice, which the box explains
        st.info(t("pool.why_stride", size=size, n=N, keras_out=ops.output_size(N, size, size)))
    i = min(state.pool_step, ops.positions(N, size, stride) - 1)
    query = {"window": size, "stride": stride, "mode": state.pool_show}
    traces = [ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")]
    classroom.offer([questions.pool_value(trace, i, query) for trace in traces] + [questions.trap("trap_pool_stride")])
    walk(matrix, size, stride, quiz)
    st.header(t("pool.h3"))
    st.write(t("pool.why"))
