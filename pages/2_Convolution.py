"""Lesson 2: convolution, one output cell at a time, on the article's 4x4x3 example."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, images, numbers, ops
from cnn_viz.app import conv_view, frame, live, picture, settings, text, toolbar, widgets
from cnn_viz.app.quiz import quiz_id, quiz_ui
from cnn_viz.app.stepper import stepper_ui
from cnn_viz.app.text import t
from cnn_viz.live import questions

frame.ensure()
state = st.session_state
state.setdefault("img_version", 0)  # bumped by Reset: the editors' keys change, so they show fresh numbers


def reset():
    """Back to the article: its picture, its filters, kernel 2, stride 1, padding 0."""
    settings.reset("conv_k", "conv_s", "conv_p", "conv_bias", "conv_preset", "conv_step")
    state.img_version += 1


n = article.TOY_IMAGE.shape[0]
n_steps = max(ops.positions(n, state.conv_k, state.conv_s, state.conv_p), 1)
toolbar.lesson(range(n_steps))
words = text.words()
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
# Reruns when opened or closed: the editors are drawn only while it is open (matrix_editor).
editing = st.expander(t("conv.edit"), key="conv_editing", on_change="rerun")
with editing:
    toy, kernel = [], []
    for i, (name, col) in enumerate(zip(article.CHANNELS, st.columns(3))):
        with col:
            toy.append(
                widgets.matrix_editor(
                    article.TOY_IMAGE[:, :, i],
                    f"img_{name}_{state.img_version}",
                    t("conv.edit_picture", channel=words[name]),
                    shown=bool(editing.open),
                )
            )
            # The editor's key names the preset and size, so choosing either shows fresh numbers.
            kernel.append(
                widgets.matrix_editor(
                    base_kernel[:, :, i],
                    f"ker_{name}_{state.conv_preset}_{k}_{state.img_version}",
                    t("conv.edit_filter", channel=words[name]),
                    shown=bool(editing.open),
                )
            )
    toy, kernel = np.stack(toy, axis=-1), np.stack(kernel, axis=-1)
    bias = st.number_input(t("conv.bias"), -100.0, 100.0, step=0.5, key="conv_bias")


def output_size():
    """The output-size formula with this lesson's numbers; returns False while the quiz waits
    for it."""
    out = ops.output_size(n, k, stride, padding)
    size_known = not quiz or quiz_ui(quiz_id("size", n, k, stride, padding), t("quiz.ask_size"), out)
    result = out if size_known else "?"
    # Two lines: the rule, then this lesson's numbers (one line was cut off on a phone).
    st.latex(
        rf"\begin{{aligned}} & \left\lfloor \frac{{n + 2p - k}}{{s}} \right\rfloor + 1 \\ "
        rf"= & \left\lfloor \frac{{{n} + 2 \cdot {padding} - {k}}}{{{stride}}} \right\rfloor + 1 = {result}"
        rf"\end{{aligned}}"
    )
    if size_known:
        st.write(t("conv.size_text", n=n, k=k, s=stride, p=padding, out=out))
        if (n + 2 * padding - k) % stride:
            st.info(t("conv.uneven", rest=(n + 2 * padding - k) % stride))
    return size_known


@st.fragment
def walk(trace, size_known):
    """One output cell: the window on each channel, the filter, the products, the sums, and
    beside them the output grid, all on one screen."""
    st.header(t("conv.h3"))
    i = stepper_ui("conv_step", len(trace.steps), t("conv.position"), quiz=state.conv_quiz)
    step = trace.steps[i]
    kh = trace.kernel.shape[0]
    where = "conv.where_padded" if trace.padding else "conv.where"
    bottom, right = step.top + kh - 1, step.left + kh - 1
    st.write(t(where, row=step.row, col=step.col, top=step.top, bottom=bottom, left=step.left, right=right))
    qid = quiz_id("cell", trace.padded.tobytes(), trace.kernel.tobytes(), step.bias, trace.stride, i)
    revealed = not state.conv_quiz or quiz_ui(qid, t("quiz.ask_cell", row=step.row, col=step.col), step.total)
    channels, result = st.columns([3.3, 1], gap="medium")
    with channels:
        lo_hi = figures.diverging_range(trace.padded, trace.kernel, step.products)
        for c, name in enumerate(article.CHANNELS):
            conv_view.channel_row(
                trace.padded[:, :, c],
                trace.kernel[:, :, c],
                step.patch[:, :, c],
                step.products[:, :, c] if revealed else None,
                step.channel_sums[c],
                words[name],
                lo_hi,
                key=c,
                highlight=(step.top, step.left, kh, kh),
                padding=trace.padding,
            )
    with result:
        if revealed:
            sums = " + ".join(numbers.factor(s) for s in step.channel_sums)
            bias, total = numbers.factor(step.bias), numbers.exact(step.total)
            st.markdown(t("conv.output_line", sums=sums, bias=bias, total=total))
        output_grid(trace, i, step, revealed, size_known)


def output_grid(trace, i, step, revealed, size_known):
    """The output so far, the current cell outlined; one colour range for the whole walk."""
    if not size_known:  # the output grid would give the size question away
        st.caption(t("quiz.size_first"))
        return
    filled = np.full(trace.output.shape, np.nan)
    shown = i + 1 if revealed else i
    filled.reshape(-1)[:shown] = trace.output.reshape(-1)[:shown]
    lo, hi = float(trace.output.min()), float(trace.output.max())
    title = t("conv.output_title", rows=trace.output.shape[0], cols=trace.output.shape[1])
    fig = figures.matrix(filled, title, zmin=lo, zmax=hi, highlight=(step.row, step.col, 1, 1), height=220, words=words)
    widgets.chart(fig, key="out")


def on_your_picture(kernel, bias):
    """The lesson's filter (preset or edited), its bias, stride and padding, over the
    visitor's own 32 x 32 picture in 0-255: what the toy's arithmetic does to a real photo."""
    st.header(t("conv.h4"))
    rgb = (images.to_model_input(source["rgb"]) * 255).round()
    out = ops.conv2d(rgb, kernel, bias, stride, padding)
    st.write(t("conv.picture_text", k=k, s=stride, p=padding, rows=out.shape[0], cols=out.shape[1]))
    edited = not np.array_equal(kernel, base_kernel)
    st.write(t("conv.picture.edited" if edited else f"conv.picture.{state.conv_preset}"))
    a, b = st.columns([1, 1.3], vertical_alignment="center")
    picture.show(rgb.astype(np.uint8), 300, t("maps.input_caption"), a)
    if (kernel >= 0).all():  # a blur's output is a picture: grey, dark to light
        scale, lo, hi = "gray", float(out.min()), float(out.max())
    else:  # signed: 0 is white, orange above, blue below
        scale, (lo, hi) = figures.DIVERGING, figures.diverging_range(out)
    title = t("conv.picture_title", rows=out.shape[0], cols=out.shape[1])
    with b:
        widgets.chart(figures.matrix(out, title, scale, lo, hi, text=False, height=380, words=words), key="yours")


source = picture.source_ui()
st.header(t("conv.h2"))
if k > n + 2 * padding:
    st.error(t("conv.no_fit", k=k, n=n, p=padding, padded=n + 2 * padding))
else:
    size_known = output_size()
    trace = ops.conv_trace(toy, kernel, bias, stride, padding)
    lesson_query = {"preset": state.conv_preset, "k": k, "s": stride, "p": padding}
    live.offer(
        [
            questions.conv_value(trace, min(state.conv_step, len(trace.steps) - 1), lesson_query),
            questions.conv_size(n, k, stride, padding, trace.output.shape[0], lesson_query),
            questions.trap("trap_same_filter"),
            questions.trap("trap_bias"),
        ]
    )
    walk(trace, size_known)
    st.caption(t("conv.caption"))
    on_your_picture(kernel, bias)
