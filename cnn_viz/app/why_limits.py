"""Why this class?'s sections on where the answer stops meaning much: the training pictures it
resembles (the shipped network's), the closed world and the temperature of the softmax, and
the smallest change that fools the network. Any network; the numbers come from cnn_viz.explain
and cnn_viz.lookalikes."""

import numpy as np
import streamlit as st

from .. import cost, explain, figures, images, layers, lookalikes, numbers
from . import picture, resources, settings, widgets
from .text import class_name, t, words


def pct(p):
    return f"{p:.1%}"


def familiar(seen):
    """(unfamiliar, distances): whether the picture lies far from every training picture (the
    shipped network's look-alikes' file), or (False, None) without it or on another network."""
    if not seen.net.shipped:
        return False, None
    return resources.optional(lookalikes.looks_unfamiliar, seen.net, seen.x) or (False, None)


def lookalikes_ui(seen, distances):
    st.header(t("why.h3"))
    if not seen.net.shipped:
        st.info(t("own.no_lookalikes"))
        return
    st.write(t("why.lookalikes_text"))
    for space in lookalikes.SPACES if distances else ():  # without the look-alikes' file: said above
        st.markdown(t(f"why.space.{space}"))
        found = explain.neighbours(seen.net, seen.x, 6, space)
        shown = [(n.picture, t("why.neighbour", cls=class_name(n.label), d=numbers.exact(n.distance))) for n in found]
        picture.row(shown, 72)


def rates_ui(distances):
    """How often the "does not look like CIFAR-10" notice fires, as measured when its
    thresholds were chosen, and this picture's distances against them."""
    meta = lookalikes.load().meta
    rates = {kind: pct(meta["rates"][kind]) for kind in ("test", "noise", "blank", "text", "person")}
    near = {}
    for space in ("network", "pixels"):
        near[space], near[f"{space}_limit"] = (numbers.exact(d) for d in distances[space])
    st.caption(t("why.notice_rates", **rates, **near, n_test=f"{meta['n_test']:,}", n=meta["odd_variants"]))


def closed_world_ui(seen, distances):
    """Every picture gets a class: the odd pictures to try, and the softmax's temperature."""
    net, names = seen.net, resources.class_names(seen.net)
    st.header(t("why.h4"))
    st.write(t("why.closed_text") if net.shipped else t("own.closed_text", n=len(names)))
    if distances:
        rates_ui(distances)
    st.write(t("why.try_odd") if net.shipped else t("own.try_odd", n=len(names)))
    for kind, col in zip(("noise", "blank", "text", "person"), st.columns(4)):
        col.button(t(f"odd.button.{kind}"), key=f"odd_{kind}", on_click=picture.set_odd, args=(kind,), width="stretch")
    temperature = st.select_slider(t("why.temperature"), settings.TEMPERATURES, key="why_temp")
    scaled = layers.softmax(seen.outputs["logits"] / float(temperature))
    widgets.chart(figures.probabilities(scaled, names, words=words()), key="why_probs")
    key = "why.temperature_one" if temperature == "1" else "why.temperature_text"
    top, p1 = names[seen.predicted], pct(seen.probabilities[seen.predicted])
    st.write(t(key, t_=temperature, cls=top, p=pct(scaled[seen.predicted]), p1=p1))


@st.cache_data(max_entries=64, show_spinner=False)
def _fooled(_net, fingerprint, pixels, target):
    with cost.turn(_net):
        return explain.fgsm(_net, pixels, target)


def fooling_ui(seen, chosen, top):
    """The smallest sign-of-gradient step that changes the answer (toward the chosen class when
    one is chosen)."""
    net, names = seen.net, resources.class_names(seen.net)
    st.header(t("why.h5"))
    result = _fooled(net, net.fingerprint, seen.x, None if top else chosen)
    if result.step is None:
        st.info(t("why.not_fooled"))
        return
    new = names[result.new_class]
    moved = images.as_rgb((result.picture * 255).round().astype(np.uint8))
    shown = [
        (seen.pixels, t("why.fool_before", cls=names[seen.predicted])),
        (moved, t("why.fool_after", cls=new, p=pct(result.probabilities[result.new_class]))),
        (images.as_rgb(figures.magnified_difference(seen.x, result.picture)), t("why.fool_difference")),
    ]
    picture.row(shown, width=160)
    targeted = not top and chosen != seen.predicted
    key = "why.fool_target_text" if targeted else "why.fool_text"
    st.write(t(key, step=result.step, cls=names[seen.predicted], new=new, target=names[chosen]))
