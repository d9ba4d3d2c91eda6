"""12 · Teach it a class: the trained network learns classes of one's own from a few pictures.

Every layer stays as trained; a new last layer is trained on the 64 numbers of its dense
layer (cnn_viz/new_classes.py; `python -m tools.few_shot` measured that layer better than
conv3's 1,024 from few pictures). The pictures and the new layer live in this session only.
"""

import numpy as np
import streamlit as st

from cnn_viz import explain, figures, new_classes
from cnn_viz.app import frame, picture, resources, teach_classes, widgets
from cnn_viz.app.text import t, words

LAYER = "dense"
TAUGHT = resources.TAUGHT  # what the last training left: head, names, pictures, labels, guesses,
# and "in_use", the fingerprint of the network "Use my classes on every page" made from it


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
        spoken = figures.described.summary(heat, words())
        picture.show(
            figures.heat_overlay(image.pixels, heat), 240, t("teach.looked", name=head.classes[best]), described=spoken
        )
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
    resources.use_own(swapped)
    taught["in_use"] = swapped.fingerprint


frame.ensure()
image = picture.source_ui()
st.title(t("teach.title"))
st.write(t("teach.intro", least=new_classes.MIN_PICTURES))
st.header(t("teach.h1"))
chosen = teach_classes.classes_ui(image)
blocked = teach_classes.problems(chosen)
for why in blocked:
    st.caption(why)
if st.button(t("teach.train"), type="primary", disabled=bool(blocked), key="teach_train"):
    with st.spinner(t("teach.training")):
        teach(resources.network(), chosen)
taught = st.session_state.get(TAUGHT)
if taught:
    results_ui(taught)
    try_ui(taught, image)
