"""The trained network and its metrics, loaded once per process and shared by every session."""

import streamlit as st


@st.cache_resource(show_spinner=False)
def network():
    """The trained weights (read-only: never mutate what is cached)."""
    from threadpoolctl import threadpool_limits

    from .. import model

    # The server runs one script thread per visitor; BLAS threads on top of those only fight
    # each other (one thread is faster even alone for matrices this small).
    threadpool_limits(1, user_api="blas")
    return model.load()


@st.cache_resource(show_spinner=False)
def model_metrics():
    from .. import model

    return model.load_metrics()
