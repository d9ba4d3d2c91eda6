"""What a map wants to see, beside what it did: the picture cnn_viz.visualise climbs to for one
map up close, with every map of its layer in a grid (Microscope's layout), and each class's
picture beside the training pictures nearest it. The shipped network's come from the shipped
set at once; other settings, and a visitor's network, are climbed when asked (about a second
a map here), each cached per network."""

import numpy as np
import streamlit as st

from .. import cost, exemplars, figures, images, lookalikes, numbers, visualise
from . import picture, resources, widgets
from .text import class_name, t

ASKED = "_wants_asked"  # {(fingerprint, layer, what)} a visitor asked for on this session
SEEDS = 5  # the starts a visitor may choose (fv_seed 0-4); the shipped set is start 0
NEAREST = 4  # training pictures shown beside a class's picture
FLAT = 10  # a picture whose pixels vary less than this (of 255) is one plain colour: said so


def recipe():
    """(seed, regularise) chosen on Feature maps: the shipped set's are (0, True)."""
    state = st.session_state
    return int(state.get("fv_seed", 0)), not state.get("fv_plain", False)


@st.cache_data(max_entries=256, show_spinner=False)
def _climbed(_net, fingerprint, layer, unit, seed=0, regularise=True):
    with cost.turn(_net, always=True):  # a second of CPU, asked by one visitor: it waits its turn
        found = visualise.maximise(_net, layer, unit, seed=seed, regularise=regularise)
    return (found.picture * 255).round().astype("uint8"), float(found.objective[-1])


def _found(net, layer, unit, seed=0, regularise=True):
    """(pixels (H, W, 3), the mean it reached, the best shipped sample's or None), or None when
    the shipped set cannot be read (said once, by resources.optional)."""
    best = None
    if net.shipped:
        found = resources.optional(visualise.shipped, layer, unit)
        if found is None:
            return None
        if (seed, regularise) == (0, True):
            return found[:3]
        best = found[2]
    pixels, reached = _climbed(net, net.fingerprint, layer, unit, seed, regularise)
    return images.as_rgb(pixels), reached, best


def _asked(net, layer, what, label, note=None):
    """True once the visitor asked for a computation on their network (a button until then)."""
    key = (net.fingerprint, layer, what)
    asked = st.session_state.setdefault(ASKED, set())
    if net.shipped or key in asked:
        return True
    st.button(label, key=f"wants_{layer}_{what}", on_click=asked.add, args=(key,))
    if note:
        st.caption(note)
    return False


def describe(net, reached, best, seed, regularise, steps=visualise.STEPS):
    """What the picture is and how it was made, in the visitor's language: its settings, the
    mean it reached and the best shipped test picture's (the reference it must beat)."""
    scale = dict(steps=steps, seed=seed, jitter=visualise.jitter_pixels(net), blur=visualise.BLUR_EVERY)
    scale["decay"] = f"{visualise.DECAY:.1%}"
    words = t("wants.recipe" if regularise else "wants.plain", **scale)
    if best is None:
        return f"{words} {t('wants.reached_own', reached=numbers.exact(reached))}"
    return f"{words} {t('wants.reached', reached=numbers.exact(reached), best=numbers.exact(best))}"


def wants_ui(net, conv, unit, where, on_pick=None, shown=None):
    """The picture `conv`'s map `unit` responds to most, up close, with what it is and what it
    reached; with `on_pick` (Feature maps), the recipe's controls and every map of the layer
    beside it, a click on one calling on_pick(index). `shown`: the layer on the screen, when it
    is not `conv` (a pooling layer keeps its convolution's maps), said so."""
    with where:
        st.markdown(t("wants.h", layer=conv, map=unit))
        if shown and shown != conv:
            st.caption(t("wants.pooled", layer=shown, conv=conv, map=unit))
        close, grid = st.columns([1, 1.5]) if on_pick else (st.container(), None)
        with close:
            seed, regularise = _controls() if on_pick else (0, True)
            if _asked(net, conv, unit, t("wants.ask"), t("wants.ask_note", steps=visualise.STEPS)):
                with st.spinner(t("wants.climbing")):
                    found = _found(net, conv, unit, seed, regularise)
                if found is not None:
                    pixels, reached, best = found
                    picture.show(pixels, 220, t("wants.caption", layer=conv, map=unit))
                    st.caption(describe(net, reached, best, seed, regularise))
                    if reached <= 0:
                        st.caption(t("wants.dead", reached=numbers.exact(reached)))
                    elif np.asarray(pixels, dtype=float).std() < FLAT:
                        st.caption(t("wants.flat"))
        if grid is not None:
            with grid:
                layer_grid(net, conv, unit, on_pick)


def _controls():
    """The recipe a visitor may change (kept in the address bar for the shipped network)."""
    st.selectbox(t("wants.seed"), range(SEEDS), key="fv_seed", help=t("wants.seed_help"), width=200)
    st.toggle(t("wants.plain_toggle"), key="fv_plain", help=t("wants.plain_help"))
    return recipe()


def layer_grid(net, conv, unit, on_pick):
    """Every map of the layer, made with the shipped recipe (start 0, regularised), the map up
    close framed; a click on one picks it."""
    n = visualise.units(net, conv)
    st.markdown(t("wants.grid_h", layer=conv, n=n))
    if not _asked(net, conv, "grid", t("wants.ask_grid", n=n), t("wants.ask_grid_note", n=n)):
        return
    pictures = _layer_pictures(net, conv, n)
    if pictures is None:
        return
    columns = 8 if n > 16 else max(4, n)
    alts = [t("wants.caption", layer=conv, map=i) for i in range(n)]
    drawn = figures.picture_tiles(pictures, columns, alts, picked=unit)
    widgets.chart(drawn, key="wants_grid", on_click=lambda: _picked("wants_grid", n, on_pick))
    st.caption(t("wants.grid_caption"))


def _layer_pictures(net, layer, n):
    """Every unit's picture: the shipped set's at once (None when it cannot be read, said once),
    or, for a visitor's network, climbed one by one (each cached, each waiting its own turn)
    under a progress bar."""
    if net.shipped:
        found = resources.optional(visualise.shipped_layer, layer)
        return None if found is None else list(found[0])
    bar = st.progress(0.0, t("wants.climbing_n", done=0, n=n))
    pictures = []
    for unit in range(n):
        pictures.append(images.as_rgb(_climbed(net, net.fingerprint, layer, unit)[0]))
        bar.progress((unit + 1) / n, t("wants.climbing_n", done=unit + 1, n=n))
    bar.empty()
    return pictures


def _picked(key, n, then):
    """A click on picture i of the tiles drawn as `key`: then(i), for a picture there is."""
    cell = widgets.clicked_cell(key)
    if cell and 0 <= cell[0] < n:
        then(cell[0])


MOST_CLASSES = 20  # a visitor's classes whose pictures are computed on request (about a second each)


def classes_ui(net, names, chosen):
    """Each class's picture, "the network's idea of a cat", in a row; the `chosen` class's up
    close beside the shipped training pictures nearest it in the network's eyes."""
    last = net.layers[-1]["name"]
    st.markdown(t("wants.classes_h"))
    if not net.shipped and len(names) > MOST_CLASSES:
        st.caption(t("wants.too_many_classes", n=len(names), most=MOST_CLASSES))
        return
    if not _asked(net, last, "classes", t("wants.ask_classes", n=len(names))):
        return
    pictures = _layer_pictures(net, last, len(names))
    if pictures is None:
        return
    alts = [t("wants.idea_of", cls=name) for name in names]
    columns = 5 if len(names) > 5 else len(names)  # two rows of five: a tap target on a phone too
    drawn = figures.picture_tiles(pictures, columns, alts, names, names, chosen, tile_px=88)
    widgets.chart(drawn, key="wants_classes", on_click=lambda: _picked("wants_classes", len(names), _choose_class))
    st.caption(t("wants.classes_shipped" if net.shipped else "wants.classes_own", steps=visualise.STEPS))
    _nearest_ui(net, pictures[chosen], names[chosen])


def chosen_class(names, probabilities, hidden):
    """The class whose picture is shown up close: the one clicked, else the network's answer
    (the first class while the class answers "which class?": the answer stays hidden)."""
    chosen = st.session_state.get("wants_class")  # -1 (or none): the network's answer
    if isinstance(chosen, int) and 0 <= chosen < len(names):
        return chosen
    return 0 if hidden else int(np.argmax(probabilities))


def _choose_class(index):
    st.session_state["wants_class"] = index


def _nearest_ui(net, pixels, name):
    """The class's picture up close, beside the shipped training pictures whose dense layer is
    nearest its (what the network takes it for); a visitor's network has no such pictures."""
    close, near = st.columns([1, 2.2])
    picture.show(pixels, 160, t("wants.idea_of", cls=name), close)
    if not net.shipped:
        near.caption(t("own.no_exemplars"))
        return
    with near:
        found = resources.optional(lookalikes.nearest, net, np.asarray(pixels, dtype=np.float32) / 255.0, NEAREST)
    if found is None:
        return
    near.markdown(t("wants.nearest_h", n=NEAREST, cls=name))
    shown = [(n.picture, t("wants.nearest_one", cls=class_name(n.label), d=f"{n.distance:.0f}")) for n in found]
    picture.row(shown, width=88, container=near)
    near.caption(t("wants.nearest_note", total=f"{len(lookalikes.load().labels):,}"))


def references(condition, layer, unit):
    """What the projector shows beside a "which excites it more?" question: the map's picture
    ("synthetic"), its strongest training patches ("natural"), or nothing ("none")."""
    if condition == "synthetic":
        found = resources.optional(visualise.shipped, layer, unit)
        if found is not None:
            picture.show(found[0], 220, t("wants.caption", layer=layer, map=unit))
    elif condition == "natural":
        found = resources.optional(exemplars.for_map, layer, unit)
        if found is not None:
            picture.row([(crop, "") for crop, _, _ in found], width=72)
