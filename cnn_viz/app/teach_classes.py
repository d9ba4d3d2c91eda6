"""Teach it a class, its first section: the classes a visitor teaches, each a name and its
pictures (files chosen together, the sidebar's picture, or CIFAR-10 classes kept beside them),
read once and kept in the session as the 32 x 32 pictures the network sees; and what stops the
training, in sentences. pages/12_Teach.py trains on what `classes_ui` returns."""

import streamlit as st

from .. import gallery, images, new_classes
from ..data import CLASSES
from . import picture, uploader
from .server import uploads, widget_guard
from .text import class_name, lang, t

SEEN = "_teach_seen"  # {file_id: (32 x 32 picture, or None), one sentence when it was refused}: the
# uploads' bytes are gone once read (server/uploads.py), a class of 20 phone photos keeps 60 kB here
ADDED = "_teach_added_{}"  # the pictures a class got from the sidebar (a drawing, the camera, a sample)


def pictures_of(index):
    """One new class's uploads, each read once (decoded as it arrived, or here) and kept in the
    session as the 32 x 32 picture the network sees: (pictures, sentences for the files that are
    not pictures, how many were let go before they could be read)."""
    seen = st.session_state.setdefault(SEEN, {})
    kept, refused, let_go = [], [], 0
    for upload in st.session_state.get(f"teach_files_{index}") or []:
        if upload.file_id not in seen:
            decoded = uploads.picture(upload)
            if decoded is None:  # let go by the server before any run read it: said once
                let_go += 1
                seen[upload.file_id] = (None, None)
                continue
            why = decoded.error and f"{upload.name[:60]}: {decoded.error.message(lang())}"
            seen[upload.file_id] = (decoded.pixels, why)
        pixels, why = seen[upload.file_id]
        if pixels is not None:
            kept.append(pixels)
        elif why:
            refused.append(why)
    return kept, refused, let_go


def forget_removed():
    """Keep the decoded pictures of the files the uploaders still hold, no others."""
    held = {u.file_id for i in range(new_classes.MAX_NEW) for u in st.session_state.get(f"teach_files_{i}") or []}
    seen = st.session_state.get(SEEN, {})
    for file_id in [f for f in seen if f not in held]:
        del seen[file_id]


def add_sidebar_picture(index, pixels):
    """The button's callback: the sidebar's picture, as the network sees it, joins the class."""
    added = st.session_state.setdefault(ADDED.format(index), [])
    if len(added) < new_classes.MAX_PICTURES:
        added.append(pixels)


def classes_ui(image):
    """The visitor's classes (a name and its pictures each) and the CIFAR-10 classes kept:
    [(name, [32 x 32 pictures])]."""
    count = st.number_input(t("teach.how_many"), 1, new_classes.MAX_NEW, 1, key="teach_count")
    chosen = []
    for index, column in enumerate(st.columns(count)):
        with column:
            name = st.text_input(t("teach.name"), t("teach.default_name", i=index + 1), key=f"teach_name_{index}")
            uploader.file_uploader(
                t("teach.pictures", most=new_classes.MAX_PICTURES),
                f"teach_files_{index}",
                images.MAX_FILE_BYTES,  # the uploader says the limit the page checks
                multiple=True,
                most=new_classes.MAX_PICTURES,
                too_big=t("src.too_big_browser", mb=images.MAX_FILE_MB),
            )
            st.button(
                t("teach.add_sidebar"),
                key=f"teach_add_{index}",
                on_click=add_sidebar_picture,
                args=(index, image.pixels),
                help=t("teach.add_sidebar_help"),
            )
            kept, refused, let_go = pictures_of(index)
            given = kept + st.session_state.get(ADDED.format(index), [])
            kept = given[: new_classes.MAX_PICTURES]
            for why in refused:
                st.error(why)
            if let_go:
                st.error(t("teach.dropped", n=let_go))
            if len(given) > len(kept):
                st.warning(t("teach.over", n=len(given), most=new_classes.MAX_PICTURES))
            if kept:
                picture.row([(p, "") for p in kept], width=40)
            st.caption(t("teach.count", n=len(kept), most=new_classes.MAX_PICTURES))
            chosen.append((name.strip()[:30] or t("teach.default_name", i=index + 1), kept))
    forget_removed()
    # max_selections is the browser's limit: a forged longer list raised inside Streamlit
    widget_guard.expect("teach_keep", lambda sent: len(sent) <= new_classes.MAX_KEPT)
    keep = st.multiselect(
        t("teach.keep"),
        list(CLASSES),
        format_func=class_name,
        max_selections=new_classes.MAX_KEPT,
        key="teach_keep",
        help=t("teach.keep_help"),
        placeholder=t("teach.keep_none"),
    )
    if keep and not gallery.samples():
        st.caption(t("gallery.missing"))  # a kept class brings no pictures: its count says so
    for label in keep:
        shipped = [images.model_input_steps(s.rgb())["resized"] for s in gallery.samples() if s.label == label]
        chosen.append((class_name(label), shipped))
    return chosen


def problems(chosen):
    """What stops the training, in sentences (none: it can start)."""
    least = new_classes.MIN_PICTURES
    found = [t("teach.too_few", name=name, n=len(pics), least=least) for name, pics in chosen if len(pics) < least]
    names = [name for name, _ in chosen]
    if len(chosen) < 2:
        found.append(t("teach.need_two"))
    if len(set(names)) < len(names):
        found.append(t("teach.same_names"))
    return found
