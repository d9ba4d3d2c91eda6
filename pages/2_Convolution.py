"""2 · Convolution, one output cell at a time, on the article's 4x4x3 example; then the same
filter over the visitor's own picture."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, numbers, ops
from cnn_viz.app import classroom, conv_view, frame, picture, settings, toolbar, widgets
from cnn_viz.app.quiz import quiz_id, shown
from cnn_viz.app.stepper import stepper_ui
from cnn_viz.app.text import t, words
from cnn_viz.live import questions

N = article.TOY_IMAGE.shape[0]


def reset():
    """Back to the article: its picture, its filters, kernel 2, stride 1, padding 0."""
    settings.reset("conv_k", "conv_s", "conv_p", "conv_bias", "conv_preset", "conv_step")
    st.session_state.img_version += 1  # the editors' keys change, so they show fresh numbers


def output_size(k, stride, padding, quiz):
    """The output-size formula with this lesson's numbers; False while the quiz waits for it."""
    out = ops.output_size(N, k, stride, padding)
    size_known = shown(quiz, "conv_size", quiz_id("size", N, k, stride, padding), t("quiz.ask_size"), out)
    result = out if size_known else "?"
    # Two lines: the rule, then this lesson's numbers (one line was cut off on a phone).
    st.latex(
        rf"\begin{{aligned}} & \left\lfloor \frac{{n + 2p - k}}{{s}} \right\rfloor + 1 \\ "
        rf"= & \left\lfloor \frac{{{N} + 2 \cdot {padding} - {k}}}{{{stride}}} \right\rfloor + 1 = {result}"
        rf"\end{{aligned}}"
    )
    if size_known:
        st.write(t("conv.size_text", n=N, k=k, s=stride, p=padding, out=out))
        if (N + 2 * padding - k) % stride:
            st.info(t("conv.uneven", rest=(N + 2 * padding - k) % stride))
    return size_known


@st.fragment
def walk(trace, size_known, quiz):
    """One output cell: the window on each channel, the filter, the products, the sums, and
    beside them the output grid, all on one screen."""
    st.header(t("conv.h3"))
    i = stepper_ui(
        "conv_step", len(trace.steps), t("conv.position"), quiz=quiz, count_secret=classroom.hiding("conv_size")
    )
    step, kh = trace.steps[i], trace.kernel.shape[0]
    where = dict(row=step.row, col=step.col, top=step.top, bottom=step.top + kh - 1)
    st.write(
        t("conv.where_padded" if trace.padding else "conv.where", **where, left=step.left, right=step.left + kh - 1)
    )
    qid = quiz_id("cell", trace.padded.tobytes(), trace.kernel.tobytes(), step.bias, trace.stride, i)
    revealed = shown(quiz, "conv_value", qid, t("quiz.ask_cell", row=step.row, col=step.col), step.total)
    # On a phone the columns stack: the result (sum and output grid) comes first, right under
    # the stepper, and the three channels' working after it (frame.CSS, "result_first").
    channels, result = st.container(key="conv_result_first").columns([3.3, 1], gap="medium")
    with channels:
        if classroom.hiding("trap_same_filter"):  # three different filters would settle that trap
            classroom.hidden_note()
        lo_hi = figures.diverging_range(trace.padded, trace.kernel, step.products)
        for c, name in enumerate(article.CHANNELS) if not classroom.hiding("trap_same_filter") else ():
            matrices = (trace.padded[:, :, c], trace.kernel[:, :, c], step.patch[:, :, c])
            products = step.products[:, :, c] if revealed else None
            where = dict(highlight=(step.top, step.left, kh, kh), padding=trace.padding)
            conv_view.channel_row(*matrices, products, step.channel_sums[c], words()[name], lo_hi, key=c, **where)
    with result:
        if revealed and not classroom.hiding("trap_bias"):  # "bias 0", added once, would answer that trap
            sums = " + ".join(numbers.factor(s) for s in step.channel_sums)
            st.markdown(
                t("conv.output_line", sums=sums, bias=numbers.factor(step.bias), total=numbers.exact(step.total))
            )
        else:  # the line's place kept: the grid never lands in it while the last run's grid still shows
            st.empty()
        if size_known:
            output_grid(trace, i + 1 if revealed else i, step)
        elif not classroom.hiding("conv_size"):  # the output grid would give the size question away
            st.caption(t("quiz.size_first"))


def output_grid(trace, known, step):
    """The output so far, the current cell outlined; one colour range for the whole walk."""
    rows, cols = trace.output.shape
    scale = dict(zmin=float(trace.output.min()), zmax=float(trace.output.max()))
    title = t("conv.output_title", rows=rows, cols=cols)
    so_far = ops.filled_so_far(trace.output, known)
    fig = figures.matrix(so_far, title, **scale, highlight=(step.row, step.col, 1, 1), height=220, words=words())
    widgets.chart(fig, key="out")


def on_your_picture(pixels, kernel, bias, base_kernel, k, stride, padding):
    """The lesson's filter (preset or edited), its bias, stride and padding, over the
    visitor's own 32 x 32 picture in 0-255: what the toy's arithmetic does to a real photo."""
    st.header(t("conv.h4"))
    out = ops.conv2d(pixels.astype(float), kernel, bias, stride, padding)
    st.write(t("conv.picture_text", k=k, s=stride, p=padding, rows=out.shape[0], cols=out.shape[1]))
    edited = not np.array_equal(kernel, base_kernel)
    st.write(t("conv.picture.edited" if edited else f"conv.picture.{st.session_state.conv_preset}"))
    a, b = st.columns([1, 1.3], vertical_alignment="center")
    picture.show(pixels, 300, t("maps.input_caption"), a)
    if (kernel >= 0).all():  # a blur's output is a picture: grey, dark to light
        scale, lo, hi = "gray", float(out.min()), float(out.max())
    else:  # signed: 0 is white, orange above, blue below
        scale, (lo, hi) = figures.DIVERGING, figures.diverging_range(out)
    title = t("conv.picture_title", rows=out.shape[0], cols=out.shape[1])
    with b:
        widgets.chart(figures.matrix(out, title, scale, lo, hi, text=False, height=380, words=words()), key="yours")


frame.ensure()
state = st.session_state
state.setdefault("img_version", 0)  # bumped by Reset
size_asked = classroom.hiding("conv_size")  # how many steps there are would answer it
toolbar.lesson(range(max(ops.positions(N, state.conv_k, state.conv_s, state.conv_p), 1)), count_secret=size_asked)
st.title(t("conv.title"))
st.write(t("conv.intro"))

st.header(t("conv.h1"))
c1, c2, c3, c4, c5 = st.columns([2.2, 1, 1, 1, 1.4], vertical_alignment="bottom")
c1.selectbox(t("conv.filter"), article.PRESETS, key="conv_preset", format_func=lambda p: t(f"preset.{p}"))
k = widgets.number_setting(t("conv.k"), "conv_k", c2)
stride = widgets.number_setting(t("conv.s"), "conv_s", c3)
padding = widgets.number_setting(t("conv.p"), "conv_p", c4)
c5.button(t("conv.reset"), on_click=reset, width="stretch")
quiz = st.toggle(t("quiz.toggle"), key="conv_quiz", help=t("quiz.help"))
base_kernel = article.kernel_preset(state.conv_preset, k)
toy, kernel, bias = conv_view.editors_ui(base_kernel, k)
image = picture.source_ui()

st.header(t("conv.h2"))
if k > N + 2 * padding:
    st.error(t("conv.no_fit", k=k, n=N, p=padding, padded=N + 2 * padding))
else:
    size_known = output_size(k, stride, padding, quiz)
    trace = ops.conv_trace(toy, kernel, bias, stride, padding)
    lesson_query = {"preset": state.conv_preset, "k": k, "s": stride, "p": padding}
    step = min(state.conv_step, len(trace.steps) - 1)
    value = questions.conv_value(trace, step, lesson_query)
    size = questions.conv_size(N, k, stride, padding, trace.output.shape[0], lesson_query)
    classroom.offer([value, size, questions.trap("trap_same_filter"), questions.trap("trap_bias")])
    walk(trace, size_known, quiz)
    st.caption(t("conv.caption"))
    if not classroom.hiding("trap_same_filter"):  # it says the filter differs channel by channel
        on_your_picture(image.pixels, kernel, bias, base_kernel, k, stride, padding)
