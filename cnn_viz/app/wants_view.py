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
