"""5 · Feature maps: the visitor's picture through every layer of the network (the article's,
or the visitor's own)."""

from functools import partial

import streamlit as st

from cnn_viz.app import (
    classroom,
    frame,
    maps_view,
    network_view,
    picture,
    resources,
    settings,
    stepper,
    toolbar,
    wants_view,
    widgets,
)
from cnn_viz.app.text import t
from cnn_viz.live import questions


def open_map(maps):
    """A click on a map of the grid opens it up close below (section 3)."""
    cell = widgets.clicked_cell("grid")
    if cell and 0 <= cell[0] < maps:
        st.session_state.fm_map = cell[0]


def all_maps_ui(net, out, layer, shared):
    if out.ndim == 3:  # the class may be counting the silent maps
        say_silent = not classroom.hiding("zero_maps")
        network_view.maps_grid(out, layer, "grid", shared, partial(open_map, out.shape[2]), say_silent)
        st.caption(t("maps.click_map"))
    elif layer == net.layers[-1]["name"] and classroom.hiding("predict"):  # the class is answering "which class?"
        classroom.hidden_note()
    else:
        if layer != net.layers[-1]["name"] and network_view.is_dense(net, layer):
            maps_view.toy_dense_ui(net, layer)
            st.subheader(t("maps.real_dense"))
        network_view.numbers_bars(net, out, layer, "vector")
        if layer == "flatten" and net.shipped:
            st.write(t("maps.flatten_note"))


def offer_questions(seen):
    """The live class's questions on this page (the shipped network's: their answers are its):
    the layer's silent maps, and which of two pictures excites the map up close more."""
    if not seen.net.shipped:
        return []
    state, out = st.session_state, seen.outputs[st.session_state.fm_layer]
    extra = []
    if out.ndim == 3:  # "how many of these maps are all zero?", about the layer on the screen
        where = {"layer": state.fm_layer, **picture.url_params()}
        extra.append(questions.zero_maps(state.fm_layer, network_view.silent_maps(out), out.shape[2], where))
        if classroom.teaching():  # six pictures encoded and three pairs chosen: only when a class can be asked
            conv, pick = network_view.source_conv(seen.net, state.fm_layer), min(state.fm_map, out.shape[2] - 1)
            extra += classroom.excites_offers(seen.net, conv, pick, {**where, "map": pick})
    classroom.offer_prediction(seen, extra)
    return extra


def page(seen):
    state, net = st.session_state, seen.net
    names = network_view.layer_names(net)
    settings.clamp("fm_layer", names)
    toolbar.lesson(names)
    asking = classroom.held_question(questions.EXCITES, offer_questions(seen))

    st.title(t("maps.title"))
    st.write(network_view.says(net, "maps.intro", "own.maps_intro"))

    st.header(t("maps.h1"))
    network_view.layers_table(net)

    area = st.container(key="fm_step_area")  # what the presenter's Next changes, brought into view
    with area:
        if asking:  # the class decides which picture excites a map more: the step is the question
            classroom.excites_board(asking, wants_view.references)
        st.header(t("maps.h2"))
        c1, c2 = st.columns([3, 1.4], vertical_alignment="bottom")
        layer = c1.pills(  # wraps on a phone; the layers without maps named in the visitor's language too
            t("maps.layer"), names, key="fm_layer", required=True, wrap=True, format_func=network_view.layer_label
        )
        shared = c2.toggle(t("maps.shared"), key="fm_shared", help=t("maps.shared_help"))
        out = seen.outputs[layer]
        all_maps_ui(net, out, layer, shared)
    stepper.scroll_if_asked("fm_step", area)

    if out.ndim == 3:
        st.header(t("maps.h3"))
        state.fm_map = min(state.fm_map, out.shape[2] - 1)
        held = asking is not None  # the class decides about one map: it stays until Reveal
        pick = st.slider(t("maps.map"), 0, out.shape[2] - 1, key="fm_map", disabled=held) if out.shape[2] > 1 else 0
        maps_view.one_map_ui(seen, out, layer, pick, hold=asking is not None)

    maps_view.first_filters_ui(net)
    maps_view.relu_ui(seen)


frame.ensure()
page(resources.model_view())
