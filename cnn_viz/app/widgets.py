"""Small widgets the lessons share: charts sized for the room, editable matrices, settings' inputs."""

import numpy as np
import pandas as pd
import streamlit as st

from . import settings
from .text import t


def chart(fig, key=None, width="stretch"):
    """st.plotly_chart, larger in presenter mode so the back row can read it."""
    if st.session_state.get("presenter"):
        fig.update_layout(font_size=(fig.layout.font.size or 14) * 1.3, height=int((fig.layout.height or 400) * 1.25))
        for trace in fig.data:
            if getattr(trace, "textfont", None) is not None and trace.textfont.size:
                trace.textfont.size = trace.textfont.size * 1.3
    st.plotly_chart(fig, key=key, width=width, config={"displayModeBar": False})


def number_setting(label, key, where=st):
    """A number input for a whole-number setting, with the setting's own range."""
    setting = settings.get(key)
    return where.number_input(label, setting.low, setting.high, key=key)


def matrix_editor(values, key, label):
    """An editable matrix (st.data_editor). Empty cells count as 0; returns a float array."""
    values = np.asarray(values, dtype=float)
    frame = pd.DataFrame(values, columns=[str(c) for c in range(values.shape[1])])
    st.caption(label)
    edited = st.data_editor(frame, key=key, hide_index=True, width="stretch")
    result = edited.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(result).any():
        st.warning(t("editor.empty"))
        result = np.nan_to_num(result)
    return result
