"""The visitor's language: every visible string goes through `t()`."""

import streamlit as st

from .. import i18n


def lang():
    return st.session_state.get("lang", i18n.DEFAULT)


def t(key, **values):
    """The visitor's-language string for `key`, with {placeholders} filled from `values`."""
    return i18n.text(lang(), key, **values)


def class_name(name):
    return i18n.class_name(lang(), name)


def words():
    """The words Plotly figures write themselves, in the visitor's language."""
    return i18n.figure_words(lang())
