"""11 · Your own model: open a Keras model you trained and see inside it, layer by layer.

The file is read without TensorFlow and without running its code (cnn_viz/keras_file.py); the
network lives in this session only (not in the address bar: the page says so).
"""

import numpy as np
import streamlit as st

from cnn_viz import figures, keras_file, numbers
from cnn_viz.app import frame, picture, widgets
from cnn_viz.app.text import lang, t, words

OWN = "_own_model"  # the session's own network (a keras_file.OwnNetwork), kept across pages
READ = "_own_model_file"  # the upload it was read from: a rerun does not read it again


def open_file():
    """The uploader's callback: read the new file; a file that cannot be opened gets one
    sentence and the model before it stays."""
    state = st.session_state
    upload = state.get("own_file")
    if upload is None or state.get(READ) == upload.file_id:
        return
    state[READ] = upload.file_id
    try:
        state[OWN] = keras_file.read(upload.getvalue(), upload.name.rsplit(".", 1)[0][:40])
        state.pop("_own_refused", None)
    except keras_file.KerasFileError as error:
        state["_own_refused"] = error.message(lang())


def back_to_shipped():
    st.session_state.pop(OWN, None)


def layers_ui(own):
    """The layers as a table: kind, output shape, parameters; a folded BatchNormalization said."""
    rows = own.summary()
    header = f"| {t('maps.col_layer')} | {t('own.col_kind')} | {t('maps.col_shape')} | {t('maps.col_params')} |\n"
    lines = [header + "|---|---|---|--:|", f"| {t('maps.input')} | | {' x '.join(map(str, own.input_shape))} | 0 |"]
    for row, layer in zip(rows, own.layers):
        kind = t(f"own.kind.{row['kind']}")
        if layer.get("folded"):
            kind += " " + t("own.folded", name=layer["folded"])
        shape = " x ".join(map(str, row["output_shape"]))
        lines.append(f"| {row['name']} | {kind} | {shape} | {row['parameters']:,} |")
    st.markdown("\n".join(lines))
    st.write(t("own.total", total=f"{own.parameters():,}", n=len(own.classes)))


def seen_ui(own, image):
    """The picture as this network sees it: its own size and channels, its own scale."""
    fitted = own.input_from(image.rgb)
    shown = fitted if own.takes_0_255 else fitted * 255
    rgb = np.repeat(shown, 3, axis=2) if shown.shape[2] == 1 else shown
    h, w, c = own.input_shape
    left, right = st.columns([1, 2])
    picture.show(rgb.round().astype(np.uint8), 240, t("own.seen_caption", h=h, w=w), left)
    scale = t("own.scale_255") if own.takes_0_255 else t("own.scale_1")
    right.write(t("own.seen", h=h, w=w, channels=t("own.grey") if c == 1 else t("own.colour"), scale=scale))
    return fitted


def rename(own):
    """The names box's callback: n names, or one sentence and the names before."""
    typed = [name.strip() for name in st.session_state.get("own_names", "").replace("，", ",").split(",")]
    named = [keras_file.safe_name(name, 30) for name in typed if name.strip()]
    if len(named) == len(own.classes):
        own.classes, own.named = tuple(named), True
        st.session_state.pop("_own_names_refused", None)
    else:
        st.session_state["_own_names_refused"] = t("own.names_count", n=len(own.classes))


def class_names(own):
    """The classes as shown: the file's or the visitor's names, else "class 0", ... in the
    visitor's language."""
    return list(own.classes) if own.named else [t("own.class_n", i=i) for i in range(len(own.classes))]


def answer_ui(own, outputs):
    names = class_names(own)
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
    chosen = st.segmented_control(t("maps.layer"), names, default=names[0], key="own_layer")
    chosen = chosen if chosen in names else names[0]
    out = outputs[chosen]
    if out.ndim == 3:
        st.caption(t("maps.grid_caption", layer=chosen, n=out.shape[2], h=out.shape[0], w=out.shape[1]))
        columns = 16 if out.shape[2] > 32 else 8  # a single map stays a tile's size, not the page's width
        widgets.chart(figures.tiled(out, columns=columns, words=words()), key="own_grid")
    else:
        names = class_names(own) if chosen == names[-1] else None
        title = t("maps.vector_title", layer=chosen, n=out.size)
        widgets.chart(figures.vector(out, title, names), key="own_vector")
        low, high = numbers.exact(float(out.min())), numbers.exact(float(out.max()))
        st.caption(t("own.vector_range", low=low, high=high))


frame.ensure()
image = picture.source_ui()
st.title(t("own.title"))
st.write(t("own.intro", mb=f"{keras_file.MAX_FILE_BYTES / 1e6:.0f}", params=f"{keras_file.MAX_PARAMETERS:,}"))
st.file_uploader(t("own.upload"), type=["keras"], key="own_file", on_change=open_file)
if st.session_state.get("_own_refused"):
    st.error(st.session_state["_own_refused"])
own = st.session_state.get(OWN)
if own is None:
    st.info(t("own.none_yet"))
else:
    badge, back = st.columns([3, 1], vertical_alignment="center")
    badge.markdown(f":blue-badge[{t('own.badge', name=own.name)}]")
    back.button(t("own.back"), on_click=back_to_shipped, width="stretch")
    st.caption(t("own.session_only"))
    st.header(t("own.h1"))
    layers_ui(own)
    st.header(t("own.h2"))
    outputs = own.forward(seen_ui(own, image))
    answer_ui(own, outputs)
    st.header(t("own.h3"))
    maps_ui(own, outputs)
    st.caption(t("own.other_pages"))
