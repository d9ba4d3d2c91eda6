"""Why this class? What in the picture drove each class score, which training pictures it
resembles, how confidence is a choice of scale, and how little it takes to fool the network."""

import numpy as np
import streamlit as st

from cnn_viz import explain, figures, images, lookalikes, numbers, ops
from cnn_viz.app import frame, picture, resources, settings, text, widgets
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

frame.ensure()
state = st.session_state
image = picture.source_ui()
words = text.words()
net = resources.network()
x = images.to_model_input(image["rgb"])
outputs = net.forward(x)
probabilities = outputs["probabilities"]
predicted = int(np.argmax(probabilities))
METHODS = settings.WHY_METHODS


def pct(p):
    return f"{p:.1%}"


@st.cache_data(max_entries=64, show_spinner=False)
def occlusion_all(pixels, patch, stride):
    """All ten classes' occlusion drops for one picture (the batch gives them all at once);
    cached, so switching the class costs nothing."""
    return explain.occlusion_all(net, pixels, patch, stride)


@st.cache_data(max_entries=64, show_spinner=False)
def fooled(pixels, class_index):
    return explain.fgsm(net, pixels, class_index)


st.title(t("why.title"))
st.write(t("why.intro"))
top = class_name(CLASSES[predicted])
st.markdown(t("why.answer", cls=top, p=pct(probabilities[predicted])))
unfamiliar, distances = lookalikes.looks_unfamiliar(net, x)
if unfamiliar:
    st.warning(t("why.unfamiliar", cls=top, p=pct(probabilities[predicted])))
st.selectbox(
    t("why.class"),
    ("top", *CLASSES),
    key="why_class",
    format_func=lambda c: t("why.class_top", cls=top) if c == "top" else class_name(c),
)
chosen = predicted if state.why_class == "top" else CLASSES.index(state.why_class)
cls = class_name(CLASSES[chosen])
logit = float(outputs["logits"][chosen])

# ---------------------------------------------------------------- 1 · gradients
st.header(t("why.h1"))
st.write(t("why.gradient_text", cls=cls, logit=numbers.exact(logit)))

# ---------------------------------------------------------------- 2 · heat maps
st.header(t("why.h2"))
patch, stride = int(state.why_patch), int(state.why_stride)
rgb32 = (x * 255).round().astype(np.uint8)
drops = occlusion_all(x, patch, stride)[:, :, chosen]
maps = {
    "gradcam3": (explain.grad_cam(net, x, chosen, "conv3"), False),
    "gradcam2": (explain.grad_cam(net, x, chosen, "conv2"), False),
    "occlusion": (explain.occlusion_pixels(drops, patch, stride), True),
    "saliency": (explain.saliency(net, x, chosen), False),
}
picture.row(
    [(figures.heat_overlay(rgb32, *maps[m]), t(f"why.method.{m}")) for m in METHODS] + [(rgb32, t("why.original"))],
    width=150,
)
st.segmented_control(
    t("why.method"), METHODS, key="why_method", required=True, format_func=lambda m: t(f"why.method.{m}")
)
method = state.why_method
if method == "occlusion":  # its square's size and step, read above from the same settings
    c1, c2, _ = st.columns([1, 1, 2])
    widgets.number_setting(t("why.patch"), "why_patch", c1)
    widgets.number_setting(t("why.stride"), "why_stride", c2)
a, b = st.columns([1, 1.2], gap="medium")
picture.show(figures.heat_overlay(rgb32, *maps[method]), 320, t(f"why.method.{method}"), a)
with b:
    if method.startswith("gradcam"):
        layer = "conv3" if method == "gradcam3" else "conv2"
        cells = explain.grad_cam_cells(net, x, chosen, layer)
        if not cells.any():
            st.caption(t("why.cam_zero", cls=cls, layer=layer))
        fig = figures.matrix(
            cells, t("why.cells_title", layer=layer), zmin=0, text=layer == "conv3", height=330, words=words
        )
    elif method == "occlusion":
        lo, hi = figures.diverging_range(drops)
        n = drops.shape[0]
        fig = figures.matrix(
            drops, t("why.drops_title", n=n), figures.DIVERGING, lo, hi, text=n <= 8, height=330, words=words
        )
    else:
        fig = figures.matrix(
            maps[method][0], t("why.saliency_title"), zmin=0, zmax=1, text=False, height=330, words=words
        )
    widgets.chart(fig, key="why_detail")
st.write(t(f"why.explain.{method}", cls=cls, patch=patch, stride=stride))

# ---------------------------------------------------------------- 3 · look-alikes
st.header(t("why.h3"))
st.write(t("why.lookalikes_text"))
for space in lookalikes.SPACES:
    found = explain.neighbours(net, x, 6, space)
    st.markdown(t(f"why.space.{space}"))
    picture.row(
        [(n.picture, t("why.neighbour", cls=class_name(n.label), d=numbers.exact(n.distance))) for n in found], width=72
    )

# ---------------------------------------------------------------- 4 · a closed world
st.header(t("why.h4"))
meta = lookalikes.load().meta
st.write(t("why.closed_text"))
st.caption(
    t(
        "why.notice_rates",
        test=pct(meta["rates"]["test"]),
        n_test=f"{meta['n_test']:,}",
        noise=pct(meta["rates"]["noise"]),
        blank=pct(meta["rates"]["blank"]),
        text=pct(meta["rates"]["text"]),
        person=pct(meta["rates"]["person"]),
        n=meta["odd_variants"],
        network=numbers.exact(distances["network"][0]),
        network_limit=numbers.exact(distances["network"][1]),
        pixels=numbers.exact(distances["pixels"][0]),
        pixels_limit=numbers.exact(distances["pixels"][1]),
    )
)
st.write(t("why.try_odd"))
for kind, col in zip(("noise", "blank", "text", "person"), st.columns(4)):
    col.button(t(f"odd.button.{kind}"), key=f"odd_{kind}", on_click=picture.set_odd, args=(kind,), width="stretch")
temperature = st.select_slider(t("why.temperature"), settings.TEMPERATURES, key="why_temp")
scaled = ops.softmax(outputs["logits"] / float(temperature))
widgets.chart(figures.probabilities(scaled, [class_name(c) for c in CLASSES], words=words), key="why_probs")
st.write(
    t(
        "why.temperature_one" if temperature == "1" else "why.temperature_text",
        t_=temperature,
        cls=top,
        p=pct(scaled[predicted]),
        p1=pct(probabilities[predicted]),
    )
)

# ---------------------------------------------------------------- 5 · fooling it
st.header(t("why.h5"))
result = fooled(x, None if state.why_class == "top" else chosen)
if result.step is None:
    st.info(t("why.not_fooled"))
else:
    new = class_name(CLASSES[result.new_class])
    moved = (result.picture * 255).round().astype(np.uint8)
    picture.row(
        [
            (rgb32, t("why.fool_before", cls=top)),
            (moved, t("why.fool_after", cls=new, p=pct(result.probabilities[result.new_class]))),
            (figures.magnified_difference(x, result.picture), t("why.fool_difference")),
        ],
        width=160,
    )
    key = "why.fool_text" if state.why_class == "top" or chosen == predicted else "why.fool_target_text"
    st.write(t(key, step=result.step, cls=top, new=new, target=cls))
