"""Constant scripts run in the visitor's browser (never with visitor input in them)."""

import streamlit as st

_COUNT = "_scripts_run"


def run_script(script, where=st):
    """Run `script` now. Each call draws a new element (a counter in a comment), so the browser
    runs it again even when the script is the same as last time."""
    n = st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    where.html(f"<script>/*{n}*/\n{script}\n</script>", unsafe_allow_javascript=True)
