"""11 · Your own model: open a Keras or PyTorch (ONNX) model you trained and see inside it, layer by layer.

The file is read without TensorFlow or PyTorch and without running its code (cnn_viz/model_file.py); the
network lives in this session only (not in the address bar: the page says so).
"""

import dataclasses
import logging

import numpy as np
import streamlit as st

from cnn_viz import figures, images, model_checks, model_file
from cnn_viz.app import frame, network_view, picture, resources, uploader, widgets
from cnn_viz.app.text import lang, t, words

OWN = resources.OWN  # the session's own network, on every model page
READ = "_own_model_file"  # the upload it was read from: a rerun does not read it again
log = logging.getLogger("cnn_viz.app")
# The uploader's own limit, so that it says the page's 20 MB (not the server's 40). Streamlit's MB
# are MiB: a file of 20-21 MB reaches model_file.read, which refuses it with its own sentence.
LIMIT_MB = model_file.MAX_FILE_BYTES // 1_000_000


def open_file():
    """The uploader's callback: read the new file; a file that cannot be opened gets one
    sentence and the model before it stays."""
    state = st.session_state
    upload = state.get("own_file")
    if upload is None or state.get(READ) == upload.file_id:
        return
    data = picture.file_bytes(upload)  # released at once: the network is what the session needs
    if data is None:  # a file id the server does not hold: a forged value
        return
    state[READ] = upload.file_id
    try:
        refused = resources.keep_own(model_file.read(data, upload.name))
        state["_own_refused"] = refused
    except model_file.ModelFileError as error:
        state["_own_refused"] = error.message(lang())
    except Exception:  # ours, not the file's (a library missing, a bug): one sentence, the page goes on
        log.exception("A model file could not be read")
        state["_own_refused"] = t("own.read_failed")


def seen_ui(own, image):
    """The picture as this network sees it: its own size and channels, its own scale."""
    fitted = own.input_from(image.rgb)
    h, w, c = own.input_shape
    left, right = st.columns([1, 2])
    picture.show(images.input_picture(fitted), 240, t("own.seen_caption", h=h, w=w), left)
    scale = t("own.scale_255") if own.takes_0_255 else t("own.scale_1")
    right.write(t("own.seen", h=h, w=w, channels=t("own.grey") if c == 1 else t("own.colour"), scale=scale))
    return fitted


def rename(own):
    """The names box's callback: n names, or one sentence and the names before."""
    typed = [name.strip() for name in st.session_state.get("own_names", "").replace("，", ",").split(",")]
    named = [model_checks.safe_name(name, 30) for name in typed if name.strip()]
    if len(named) == len(own.classes):
        held = st.session_state[OWN]
        st.session_state[OWN] = dataclasses.replace(held, classes=tuple(named), named=True)
        st.session_state.pop("_own_names_refused", None)
    else:
        st.session_state["_own_names_refused"] = t("own.names_count", n=len(own.classes))


def answer_ui(own, outputs):
    names = resources.class_names(own)
    with st.expander(t("own.names")):
        st.session_state["own_names"] = ", ".join(names)
        st.text_input(t("own.names"), key="own_names", help=t("own.names_help"), on_change=rename, args=(own,))
    if st.session_state.get("_own_names_refused"):
        st.warning(st.session_state.pop("_own_names_refused"))
    probs = outputs["probabilities"]
    best = int(np.argmax(probs))
    st.markdown(t("own.answer", name=names[best], p=f"{probs[best]:.1%}"))
    widgets.chart(figures.probabilities(probs, names, words=words()), key="own_probs")


def maps_ui(own, outputs):
    """Every layer's output: maps in a grid, numbers as bars."""
    names = [layer["name"] for layer in own.layers]
    if st.session_state.get("own_layer") not in names:
        st.session_state.own_layer = names[0]
    chosen = st.segmented_control(t("maps.layer"), names, key="own_layer", required=True)
    out = outputs[chosen]
    if out.ndim == 3:
        network_view.maps_grid(out, chosen, "own_grid")
    else:
        network_view.numbers_bars(own, out, chosen, "own_vector")


frame.ensure()
image = picture.source_ui()
st.title(t("own.title"))
st.write(t("own.intro", mb=f"{model_file.MAX_FILE_BYTES / 1e6:.0f}", params=f"{model_file.MAX_PARAMETERS:,}"))
uploader.file_uploader(
    t("own.upload"), "own_file", LIMIT_MB * 1_000_000, types=model_file.SUFFIXES,
    on_change=open_file, too_big=t("own.too_big_browser", mb=LIMIT_MB), wrong_type=t("own.wrong_type"),
)  # fmt: skip
if st.session_state.get("_own_refused"):
    st.error(st.session_state["_own_refused"])
own = resources.own_network()
if own is None:
    st.info(t("own.none_yet"))
else:
    resources.own_badge(own)
    st.header(t("own.h1"))
    st.caption(t("own.made_by", made_by=own.made_by or "?", n=len(own.layers), params=f"{own.parameters():,}"))
    network_view.layers_table(own)
    st.header(t("own.h2"))
    outputs = own.forward(seen_ui(own, image))
    answer_ui(own, outputs)
    st.header(t("own.h3"))
    maps_ui(own, outputs)
    st.caption(t("own.other_pages"))
