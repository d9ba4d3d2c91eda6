"""The trained network and its metrics, loaded once per process and shared by every session.

When the model's files are missing or damaged, the model pages say so in one sentence (the
frame shows `Unavailable`), and the lessons that need no model keep working. Failures are not
cached: once the model is rebuilt, the next visit loads it. A part of a page that needs
another shipped file (the exemplars, the look-alikes) goes through `optional`.
"""

import dataclasses
import logging
from dataclasses import dataclass

import numpy as np
import streamlit as st

from .. import assets, gallery, images, model
from . import own_models, picture, settings
from .frame import Unavailable
from .text import class_name, t

log = logging.getLogger("cnn_viz.app")


OWN = "_own_model"  # the session's own network (a model.Network read from a .keras file), on every model page


@dataclass(frozen=True)
class ModelView:
    """The network looking at the current picture: what every model page starts from. The
    network is the shipped one, or the visitor's own for this session (`own`)."""

    picture: images.Picture
    net: model.Network
    outputs: dict  # every layer's output for the picture (see model.Network.forward)
    x: np.ndarray  # the picture as this network gets it: (H, W, C), 0-1

    @property
    def pixels(self):
        """What the network sees, as an RGB picture: uint8 (H, W, 3)."""
        return self.picture.pixels if self.net.shipped else images.input_picture(self.x)

    @property
    def probabilities(self):
        return self.outputs["probabilities"]

    @property
    def predicted(self):
        """The index of the class the network gives the picture."""
        return int(np.argmax(self.outputs["probabilities"]))


def model_view():
    """The first line of a model page after the frame: the picture picker in the sidebar, the
    network (the visitor's own, with its badge, when this session opened one) and its
    forward pass on the picture (a fraction of a millisecond)."""
    image = picture.source_ui()
    own = own_network()
    if own is None:
        net = network()
        _remember_shipped_settings()
        return ModelView(image, net, net.forward(image.x), image.x)
    own_badge(own)
    settings.unlinked()  # a link cannot name this network: its settings stay out of the address bar
    x = own.input_from(image.rgb)
    return ModelView(image, own, own.forward(x), x)


def own_network():
    """This session's own network, or None: a .keras file's, from the server's shelf by the
    session's ticket (with the class names the visitor gave), or a taught one, kept whole. A
    network the shelf put away to make room is said in one sentence, and the shipped one shows."""
    held = st.session_state.get(OWN)
    if held is None or isinstance(held, model.Network):
        return held
    net = own_models.SHELF.get(held.fingerprint)
    if net is None:
        _back_to_shipped()
        st.info(t("own.put_away"), icon="📦")
        return None
    return dataclasses.replace(net, classes=held.classes, named=held.named)


def keep_own(net):
    """Make `net` (a .keras file's) this session's own network, on the server's shelf. Returns
    None, or the sentence to say when the shelf has no room for it now."""
    try:
        use_own(own_models.SHELF.put(net, own_models.this_session()))
    except own_models.Full:
        return t("own.shelf_full", mb=own_models.SHELF.budget // 2**20)
    return None


SHIPPED_SETTINGS = "_shipped_settings"  # the model pages' settings on the shipped network, while another shows


def use_own(held):
    """Show `held` (a shelf ticket, or a taught network) on every model page."""
    st.session_state[OWN] = held


def _remember_shipped_settings():
    """The shipped network's model pages' settings as the visitor leaves them: they share their
    keys with any network's, so the way back from a visitor's network puts them back."""
    state = st.session_state
    keys = [key for key in settings.model_page_keys() if key in state]
    state.setdefault(SHIPPED_SETTINGS, {}).update({key: state[key] for key in keys})


def drop_own():
    """Back to the shipped network (a callback): the session's own is let go (the shelf frees it
    when no other session shows it), and the shipped pages' settings come back."""
    _back_to_shipped()
    own_models.SHELF.let_go(own_models.this_session())


def _back_to_shipped():
    state = st.session_state
    state.pop(OWN, None)
    settings.restore(state.get(SHIPPED_SETTINGS, {}))


def own_badge(own):
    """Which network a page shows when it is the visitor's, and the way back to the shipped one."""
    badge, back = st.columns([3, 1], vertical_alignment="center")
    badge.markdown(f":blue-badge[{t('own.badge', name=own.name)}]")
    back.button(t("own.back"), on_click=drop_own, width="stretch", key="own_back")
    st.caption(t("own.session_only"))


def class_names(net):
    """The network's classes as a page shows them: the shipped ten in the visitor's language;
    an own network's names from its file or the visitor, else "class 0", ... translated."""
    if net.shipped:
        return [class_name(c) for c in net.classes]
    return list(net.classes) if net.named else [t("own.class_n", i=i) for i in range(len(net.classes))]


def network():
    """The trained weights (read-only: never mutate what is cached)."""
    return _or_unavailable(_network)


def model_metrics():
    return _or_unavailable(_metrics)


def optional(load, *args):
    """What load(*args) returns, or None after one sentence, for a part of a page that needs a
    shipped file this server cannot read (assets.Unavailable); the rest of the page goes on."""
    try:
        return load(*args)
    except assets.Unavailable as error:
        log.warning("A page part is off: %s", error)
        st.info(t("asset.missing", file=error.path.name), icon="📦")
        return None


def _or_unavailable(load):
    """What `load` returns, or the page's one sentence when the model's files are not usable."""
    try:
        return load()
    except model.ModelUnavailable as error:
        raise Unavailable(t("model.unavailable", file=error.path.name)) from None


@st.cache_resource(show_spinner=False)
def _network():
    from threadpoolctl import threadpool_limits

    # The server runs one script thread per visitor; BLAS threads on top of those only fight
    # each other (one thread is faster even alone for matrices this small).
    threadpool_limits(1, user_api="blas")
    return model.load()


@st.cache_resource(show_spinner=False)
def _metrics():
    return model.load_metrics()


@st.cache_resource(show_spinner=False)
def sample_predictions():
    """What the network says of every shipped sample (gallery.Prediction), once per process."""
    return gallery.predictions(network())


TAUGHT = "_teach_result"  # what Teach it a class left in this session: its head, names, pictures


def taught_head():
    """The last layer this session taught on Teach it a class, or None."""
    taught = st.session_state.get(TAUGHT)
    return taught["head"] if taught else None
