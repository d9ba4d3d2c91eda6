"""What a map wants to see, beside what it did: the picture cnn_viz.visualise climbs to for one
map, read from the shipped set for the article's network (instant), computed when the visitor
asks for another network's (about a second a map here, cached per network)."""

import streamlit as st

from .. import cost, images, numbers, visualise
from . import picture, resources
from .text import t

ASKED = "_wants_asked"  # {(fingerprint, layer, unit)} a visitor asked for on this session


@st.cache_data(max_entries=256, show_spinner=False)
def _climbed(_net, fingerprint, layer, unit):
    with cost.turn(_net):
        found = visualise.maximise(_net, layer, unit)
    return (found.picture * 255).round().astype("uint8"), float(found.objective[-1])


def wants_ui(net, conv, unit, where):
    """The picture `conv`'s map `unit` responds to most, with what it is and what it reached."""
    with where:
        st.markdown(t("wants.h", layer=conv, map=unit))
        if net.shipped:
            found = resources.optional(visualise.shipped, conv, unit)
            if found is None:
                return
            pixels, reached, best, steps = found
            picture.show(pixels, 200, t("wants.caption", layer=conv, map=unit))
            st.caption(t("wants.shipped", steps=steps, reached=numbers.exact(reached), best=numbers.exact(best)))
            return
        key = (net.fingerprint, conv, unit)
        asked = st.session_state.setdefault(ASKED, set())
        if key not in asked:
            st.button(t("wants.ask"), key=f"wants_{conv}_{unit}", on_click=asked.add, args=(key,))
            st.caption(t("wants.ask_note", steps=visualise.STEPS))
            return
        with st.spinner(t("wants.climbing")):
            pixels, reached = _climbed(net, net.fingerprint, conv, unit)
        picture.show(images.as_rgb(pixels), 200, t("wants.caption", layer=conv, map=unit))
        st.caption(t("wants.own", steps=visualise.STEPS, reached=numbers.exact(reached)))


MOST_CLASSES = 20  # a visitor's classes whose pictures are computed on request (about a second each)


def classes_ui(net, names):
    """Each class's picture: the input its score is highest on, "the network's idea of a cat"."""
    last = net.layers[-1]["name"]
    st.markdown(t("wants.classes_h"))
    if net.shipped:
        found = [resources.optional(visualise.shipped, last, k) for k in range(len(names))]
        if None in found:
            return
        picture.row([(pixels, name) for (pixels, *_), name in zip(found, names)], width=72)
        st.caption(t("wants.classes_shipped", steps=found[0][3]))
        return
    if len(names) > MOST_CLASSES:
        st.caption(t("wants.too_many_classes", n=len(names), most=MOST_CLASSES))
        return
    key = (net.fingerprint, last, "all")
    asked = st.session_state.setdefault(ASKED, set())
    if key not in asked:
        st.button(t("wants.ask_classes", n=len(names)), key="wants_classes", on_click=asked.add, args=(key,))
        return
    with st.spinner(t("wants.climbing")):
        found = [_climbed(net, net.fingerprint, last, k)[0] for k in range(len(names))]
    picture.row([(images.as_rgb(pixels), name) for pixels, name in zip(found, names)], width=72)
    st.caption(t("wants.classes_own", steps=visualise.STEPS))
