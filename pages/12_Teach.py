"""12 · Teach it a class: the trained network learns classes of one's own from a few pictures.

Every layer stays as trained; a new last layer is trained on the 64 numbers of its dense
layer (cnn_viz/new_classes.py; `python -m tools.few_shot` measured that layer better than
conv3's 1,024 from few pictures). The pictures and the new layer live in this session only.
"""

import numpy as np
import streamlit as st

from cnn_viz import explain, figures, gallery, images, new_classes
from cnn_viz.app import frame, picture, resources, upload_limit, widgets
from cnn_viz.app.server import uploads, widget_guard
from cnn_viz.app.text import class_name, lang, t, words
from cnn_viz.data import CLASSES

LAYER = "dense"
SEEN = "_teach_seen"  # {file_id: (32 x 32 picture, or None), one sentence when it was refused}: the
# uploads' bytes are gone once read (server/uploads.py), a class of 20 phone photos keeps 60 kB here
ADDED = "_teach_added_{}"  # the pictures a class got from the sidebar (a drawing, the camera, a sample)
TAUGHT = resources.TAUGHT  # what the last training left: head, names, pictures, labels, guesses,
# and "in_use", the fingerprint of the network "Use my classes on every page" made from it


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
            limit = images.MAX_FILE_MB  # the uploader says the limit the page checks
            st.file_uploader(
                t("teach.pictures", most=new_classes.MAX_PICTURES),
                accept_multiple_files=True,
                key=f"teach_files_{index}",
                max_upload_size=limit,
            )
            upload_limit.say_too_big(f"teach_files_{index}", t("src.too_big_browser", mb=limit))
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


def teach(net, chosen):
    """Train the new last layer and measure it by leaving each picture out in turn."""
    names = [name for name, _ in chosen]
    pics = [p for _, group in chosen for p in group]
    labels = np.array([i for i, (_, group) in enumerate(chosen) for _ in group])
    feats = new_classes.features(net, pics, LAYER)
    head = new_classes.train(feats, labels, names, LAYER)
    guesses = new_classes.leave_one_out(feats, labels, names)
    st.session_state[TAUGHT] = dict(head=head, names=names, pics=pics, labels=labels, guesses=guesses)


def results_ui(taught):
    head, names, labels, guesses = taught["head"], taught["names"], taught["labels"], taught["guesses"]
    right, n = int((guesses == labels).sum()), len(labels)
    st.header(t("teach.h2"))
    st.markdown(t("teach.left_out", right=right, n=n, share=f"{right / n:.0%}", one=f"{100 / n:.0f}"))
    history = {"epoch": list(range(1, len(head.losses) + 1)), "loss": head.losses, "accuracy": head.accuracies}
    lines = (t("teach.loss"), t("teach.accuracy"))  # most of the learning happens in the first passes: log x
    figure = figures.curves(history, "loss", "accuracy", t("teach.curve_title"), words(), lines, log_x=True)
    left, right_col = st.columns(2)
    with left:
        widgets.chart(figure, key="teach_curve")
        st.caption(t("teach.curve_caption", epochs=len(head.losses)))
    with right_col:
        counts = new_classes.confusion(labels, guesses, len(names))
        widgets.chart(figures.confusion(counts, names, words=words()), key="teach_confusion")
        st.caption(t("teach.confusion_caption"))
    missed = np.flatnonzero(guesses != labels)
    wrong = [(taught["pics"][i], t("teach.wrong", true=names[labels[i]], said=names[guesses[i]])) for i in missed]
    if wrong:
        st.markdown(t("teach.still_wrong"))
        picture.row(wrong, width=72)
    st.info(t("teach.honest", n=n, k=len(names)))


def try_ui(taught, image):
    """The sidebar's picture through the new last layer: its answer, and where it looked for
    that class (Grad-CAM at conv3, the network's own method with the new layer in place)."""
    head = taught["head"]
    st.header(t("teach.h3"))
    net = resources.network()
    probs = head.probabilities(new_classes.features(net, [image.rgb], LAYER))[0]
    best = int(np.argmax(probs))
    left, right = st.columns([1, 2])
    with left:
        heat = explain.grad_cam(new_classes.as_network(net, head), image.x, best)
        picture.show(figures.heat_overlay(image.pixels, heat), 240, t("teach.looked", name=head.classes[best]))
        picture.show(figures.heat_legend(), 240, t("why.legend"))
    right.markdown(t("teach.answer", name=head.classes[best], p=f"{probs[best]:.1%}", k=len(head.classes)))
    with right:
        widgets.chart(figures.probabilities(probs, list(head.classes), words=words()), key="teach_try")
    st.caption(t("teach.other_pages"))
    st.button(t("teach.use"), on_click=use_everywhere, args=(taught,), key="teach_use", icon="🧭")
    own = st.session_state.get(resources.OWN)
    if own is not None and own.fingerprint == taught.get("in_use"):  # pressed, and not gone back since
        st.success(t("teach.in_use", back=t("own.back")))


def use_everywhere(taught):
    """Every model page on the network with the new classes as its last layer, with its badge
    and how often it was right here, until the visitor goes back to the article's network."""
    right = int((taught["guesses"] == taught["labels"]).sum())
    left_out = (right, len(taught["labels"]))
    swapped = new_classes.as_network(resources.network(), taught["head"], t("teach.badge_name"), left_out)
    resources.drop_own()  # a .keras file's network this tab held before
    st.session_state[resources.OWN] = swapped
    taught["in_use"] = swapped.fingerprint


frame.ensure()
image = picture.source_ui()
st.title(t("teach.title"))
st.write(t("teach.intro", least=new_classes.MIN_PICTURES))
st.header(t("teach.h1"))
chosen = classes_ui(image)
blocked = problems(chosen)
for why in blocked:
    st.caption(why)
if st.button(t("teach.train"), type="primary", disabled=bool(blocked), key="teach_train"):
    with st.spinner(t("teach.training")):
        teach(resources.network(), chosen)
taught = st.session_state.get(TAUGHT)
if taught:
    results_ui(taught)
    try_ui(taught, image)
