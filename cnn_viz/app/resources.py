"""The trained network and its metrics, loaded once per process and shared by every session.

When the model's files are missing or damaged, the model pages say so in one sentence (the
frame shows `Unavailable`), and the lessons that need no model keep working. Failures are not
cached: once the model is rebuilt, the next visit loads it.
"""

import streamlit as st

from .. import model
from .frame import Unavailable
from .text import t


def network():
    """The trained weights (read-only: never mutate what is cached)."""
    return _or_unavailable(_network)


def model_metrics():
    return _or_unavailable(_metrics)


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
