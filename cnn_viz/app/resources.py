"""The trained network and its metrics, loaded once per process and shared by every session.

When the model's files are missing or damaged, the model pages say so in one sentence (the
frame shows `Unavailable`), and the lessons that need no model keep working. Failures are not
cached: once the model is rebuilt, the next visit loads it. A part of a page that needs
another shipped file (the exemplars, the look-alikes) goes through `optional`.
"""

import logging
from dataclasses import dataclass

import numpy as np
import streamlit as st

from .. import assets, gallery, images, model
from . import picture
from .frame import Unavailable
from .text import t

log = logging.getLogger("cnn_viz.app")


@dataclass(frozen=True)
class ModelView:
    """The network looking at the current picture: what every model page starts from."""

    picture: images.Picture
    net: model.Network
    outputs: dict  # every layer's output for the picture (see model.Network.forward)

    @property
    def x(self):
        return self.picture.x

    @property
    def probabilities(self):
        return self.outputs["probabilities"]

    @property
    def predicted(self):
        """The index of the class the network gives the picture."""
        return int(np.argmax(self.outputs["probabilities"]))


def model_view():
    """The first line of a model page after the frame: the picture picker in the sidebar, the
    trained network, and its forward pass on the picture (a fraction of a millisecond)."""
    image = picture.source_ui()
    net = network()
    return ModelView(image, net, net.forward(image.x))


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
