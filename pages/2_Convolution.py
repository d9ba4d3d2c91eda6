"""Lesson 2: convolution, one output cell at a time, on the article's 4x4x3 example."""

import numpy as np
import streamlit as st

from cnn_viz import article, figures, ops, ui

t = ui.t
state = st.session_state
PARAMS = {"step": ("conv_step", ui.int_param(0, 99)), "preset": ("conv_preset", ui.choice_param(article.PRESETS)),
          "k": ("conv_k", ui.int_param(1, 5)), "s": ("conv_s", ui.int_param(1, 3)),
          "p": ("conv_p", ui.int_param(0, 2)), "quiz": ("conv_quiz", ui.flag_param)}
DEFAULTS = dict(conv_k=2, conv_s=1, conv_p=0, conv_bias=0.0, conv_preset="article", conv_step=0)
ui.setup_page("conv", PARAMS)
for key, value in {**DEFAULTS, "img_version": 0}.items():
    state.setdefault(key, value)  # widgets read these keys; none takes a default of its own


def reset():
    """Back to the article: its picture, its filters, kernel 2, stride 1, padding 0."""
    state.update(DEFAULTS, img_version=state.img_version + 1)


n = article.TOY_IMAGE.shape[0]
n_steps = max(ops.positions(n, state.conv_k, state.conv_s, state.conv_p), 1)
ui.toolbar_ui("conv", list(range(n_steps)), "conv_step")
words = ui.words()
st.title(t("conv.title"))
st.write(t("conv.intro"))

st.header(t("conv.h1"))
c1, c2, c3, c4, c5 = st.columns([2.2, 1, 1, 1, 1.4], vertical_alignment="bottom")
c1.selectbox(t("conv.filter"), article.PRESETS, key="conv_preset", format_func=lambda p: t(f"preset.{p}"))
k = c2.number_input(t("conv.k"), 1, 5, key="conv_k")
stride = c3.number_input(t("conv.s"), 1, 3, key="conv_s")
padding = c4.number_input(t("conv.p"), 0, 2, key="conv_p")
c5.button(t("conv.reset"), on_click=reset, width="stretch")
quiz = st.toggle(t("quiz.toggle"), key="conv_quiz", help=t("quiz.help"))

base_kernel = article.kernel_preset(state.conv_preset, k)
with st.expander(t("conv.edit")):
    picture, kernel = [], []
    for i, (name, col) in enumerate(zip(article.CHANNELS, st.columns(3))):
        with col:
            picture.append(ui.matrix_editor(article.TOY_IMAGE[:, :, i], f"img_{name}_{state.img_version}",
                                            t("conv.edit_picture", channel=words[name])))
            # The editor's key names the preset and size, so choosing either shows fresh numbers.
            kernel.append(ui.matrix_editor(base_kernel[:, :, i],
                                           f"ker_{name}_{state.conv_preset}_{k}_{state.img_version}",
                                           t("conv.edit_filter", channel=words[name])))
    picture, kernel = np.stack(picture, axis=-1), np.stack(kernel, axis=-1)
    bias = st.number_input(t("conv.bias"), -100.0, 100.0, step=0.5, key="conv_bias")

st.header(t("conv.h2"))
if k > n + 2 * padding:
    st.error(t("conv.no_fit", k=k, n=n, p=padding, padded=n + 2 * padding))
    ui.finish_page(PARAMS)
    st.stop()
out = ops.output_size(n, k, stride, padding)
size_known = not quiz or ui.quiz_ui(ui.quiz_id("size", n, k, stride, padding), t("quiz.ask_size"), out)
result = out if size_known else "?"
st.latex(rf"\left\lfloor \frac{{n + 2p - k}}{{s}} \right\rfloor + 1 = "
         rf"\left\lfloor \frac{{{n} + 2 \cdot {padding} - {k}}}{{{stride}}} \right\rfloor + 1 = {result}")
if size_known:
    st.write(t("conv.size_text", n=n, k=k, s=stride, p=padding, out=out))
    if (n + 2 * padding - k) % stride:
        st.info(t("conv.uneven", rest=(n + 2 * padding - k) % stride))

trace = ops.conv_trace(picture, kernel, bias, stride, padding)


@st.fragment
def walk(trace):
    st.header(t("conv.h3"))
    i = ui.stepper_ui("conv_step", len(trace.steps), t("conv.position"), quiz=state.conv_quiz)
    step = trace.steps[i]
    kh = trace.kernel.shape[0]
    where = "conv.where_padded" if trace.padding else "conv.where"
    st.write(t(where, row=step.row, col=step.col, top=step.top, bottom=step.top + kh - 1,
               left=step.left, right=step.left + kh - 1))
    qid = ui.quiz_id("cell", trace.padded.tobytes(), trace.kernel.tobytes(), step.bias, trace.stride, i)
    revealed = not state.conv_quiz or ui.quiz_ui(qid, t("quiz.ask_cell", row=step.row, col=step.col),
                                                 step.total)
    lo, hi = figures.diverging_range(trace.padded, trace.kernel, step.products)
    for c, name in enumerate(article.CHANNELS):
        a, b, d, e = st.columns([3, 2, 2, 2.4], vertical_alignment="center")
        with a:
            ui.chart(figures.matrix(trace.padded[:, :, c], t("conv.channel_title", channel=words[name]),
                                    figures.DIVERGING, lo, hi, highlight=(step.top, step.left, kh, kh),
                                    words=words), key=f"p{c}")
        with b:
            ui.chart(figures.matrix(trace.kernel[:, :, c], t("conv.times_filter"), figures.DIVERGING, lo, hi,
                                    words=words), key=f"k{c}")
        if revealed:
            with d:
                ui.chart(figures.matrix(step.products[:, :, c], t("conv.products"), figures.DIVERGING, lo, hi,
                                        words=words), key=f"m{c}")
            terms = " + ".join(f"{figures.fmt(x)}×{figures.fmt(w)}" for x, w in
                               zip(step.patch[:, :, c].ravel(), trace.kernel[:, :, c].ravel()))
            e.markdown(t("conv.sum_line", channel=words[name], terms=terms, total=figures.fmt(step.channel_sums[c])))
    if revealed:
        sums = " + ".join(figures.fmt(s) for s in step.channel_sums)
        st.markdown(t("conv.output_line", sums=sums, bias=figures.fmt(step.bias), total=figures.fmt(step.total)))
    filled = np.full(trace.output.shape, np.nan)
    shown = i + 1 if revealed else i
    filled.reshape(-1)[:shown] = trace.output.reshape(-1)[:shown]
    ui.chart(figures.matrix(filled, t("conv.output_title", rows=trace.output.shape[0], cols=trace.output.shape[1]),
                            highlight=(step.row, step.col, 1, 1), height=320, words=words), key="out", width="content")
    ui.sync_url(PARAMS)


walk(trace)
st.caption(t("conv.caption"))
ui.finish_page(PARAMS)
