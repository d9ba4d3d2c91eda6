"""7 · Prediction: fully connected layers, softmax, and the network's answer."""

import numpy as np
import streamlit as st

from cnn_viz import figures, gallery, ops
from cnn_viz.app import classroom, frame, network_view, picture, resources, wants_view, widgets
from cnn_viz.app.text import class_name, t, words
from cnn_viz.data import CLASSES

LOW_CONFIDENCE = 0.5


def softmax_formula(n):
    """exp(z) rather than e to the z: its subscripts stay one level down, legible on a projector."""
    return rf"$$p_i = \dfrac{{\exp(z_i)}}{{\sum_{{j=1}}^{{{n}}} \exp(z_j)}}$$"


def sees(net):
    return network_view.says(net, "pred.sees", "own.seen_caption", h=net.input_shape[0], w=net.input_shape[1])


def answer_ui(seen, names):
    """What the network sees, its answer and how sure it is, beside the probabilities. A
    sample's true class is said when the network's classes are the shipped ten."""
    image, probs = seen.picture, seen.probabilities
    top = int(probs.argmax())
    labelled = image.label if seen.net.shipped else None  # a sample's class, when the classes are its ten
    a, b = st.columns([1, 2])
    with a:
        picture.show(seen.pixels, 256, sees(seen.net))
        sure = t("pred.sure", p=f"{probs[top]:.1%}")
        st.metric(t("pred.answer"), names[top], sure, delta_color="off", delta_arrow="off")
        if labelled:
            right = image.label == CLASSES[top]
            st.write(t("pred.right" if right else "pred.wrong", cls=class_name(image.label)))
    with b:
        true_index = CLASSES.index(labelled) if labelled else None
        widgets.chart(figures.probabilities(probs, names, true_index, words=words()), key="probabilities")
    if probs[top] < LOW_CONFIDENCE:
        st.warning(network_view.says(seen.net, "pred.unsure", "own.unsure", p=f"{probs[top]:.0%}", n=len(names)))


def card(metrics, names):
    """What the model knows and how often it is right, read from the metrics file."""
    tested = sum(map(sum, metrics["confusion_matrix"]))
    data = t("data.test_split", source=t(f"data.{metrics['data_source']}"), n=tested)
    accuracy = metrics["test_accuracy"]
    known = t("pred.card_classes", classes=t("list.separator").join(names))
    right = t("pred.card_accuracy", acc=f"{accuracy:.1%}", data=data, one_in=f"{1 / (1 - accuracy):.0f}")
    # One element, not three: each element is a message to every visitor (server/admission.py).
    st.container(border=True).markdown(f"#### {t('pred.card')}\n\n{known}\n\n{right}")


def softmax_table(trace, names, key="softmax_table"):
    """Softmax worked through with the picture's own logits: a markdown table (a styled data
    frame costs more server time than the whole network, when a class opens the page at once),
    in a box that scrolls sideways on a phone, so the page itself does not."""
    header = [t("pred.col_class"), t("pred.col_logit"), t("pred.col_shift"), t("pred.col_exp"), t("pred.col_prob")]
    rows = [
        f"| {n} | {z:.3f} | {s:.3f} | {e:.4f} | {p:.2%} |"
        for n, z, s, e, p in zip(names, trace.logits, trace.shifted, trace.exps, trace.probabilities)
    ]
    table = ["| " + " | ".join(header) + " |", "|---|--:|--:|--:|--:|", *rows]
    widgets.wide_table(table, key)
    top = trace.top
    sums = dict(num=f"{trace.exps[top]:.4f}", den=f"{trace.denominator:.4f}", p=f"{trace.probabilities[top]:.2%}")
    total = f"{trace.probabilities.sum():.4f}"
    st.markdown(t("pred.softmax_result", cls=names[top], **sums, n=len(names), total=total))


def taught_ui(outputs):
    """With the classes this session taught (Teach it a class): the new last layer's scores
    for the picture (from the forward pass the page already made) and its softmax, worked
    through the same way."""
    head = resources.taught_head()
    if head is None:
        return
    names = list(head.classes)
    logits = head.logits(outputs[head.layer].reshape(1, -1).astype(np.float64))[0]
    st.markdown(f"## {t('pred.h3_taught')}\n\n{t('pred.taught', k=len(names))}")
    trace = ops.softmax_trace(logits)
    widgets.chart(figures.probabilities(trace.probabilities, names, words=words()), key="taught_probabilities")
    softmax_table(trace, names, key="softmax_table_taught")


def made_for_ui(seen, names):
    """What the network was made for: the shipped one's classes and test accuracy, and beside a
    picture of the visitor's own, what its training pictures look like. Of a visitor's own
    network the app knows its classes only, and for classes taught on Teach it a class how often
    they were right there."""
    if not seen.net.shipped:
        classes = t("list.separator").join(names)
        left_out = seen.net.left_out
        if left_out is None:
            known = t("own.card", classes=classes)
        else:
            right, n = left_out
            known = t("teach.card", classes=classes, right=right, n=n, share=f"{right / n:.0%}")
        st.container(border=True).markdown(f"#### {t('pred.card')}\n\n{known}")
        return
    if seen.picture.source != "sample":  # the visitor's own picture: say what the network was made for
        with st.container(border=True):
            st.markdown(t("pred.own_picture"))
            shown = [(s.rgb(), class_name(s.label)) for s in gallery.training_pictures()]
            if shown:
                picture.row(shown, width=56)
            else:
                st.caption(t("gallery.missing"))
    card(resources.model_metrics(), names)


def layers_ui(seen, names, hidden):
    """From the last maps to one score per class, then softmax worked through with this picture's
    scores (and, with the classes this session taught, theirs)."""
    net = seen.net
    if net.shipped:
        st.markdown(f"## {t('pred.h1')}\n\n{t('pred.fc')}")
    else:
        n_in = f"{net.summary()[-1]['input_shape'][0]:,}"
        st.markdown(f"## {t('own.pred_h1', n_in=n_in, n=len(names))}\n\n{t('own.fc', n=len(names))}")
    if not hidden:
        widgets.chart(figures.signed_bars(seen.outputs["logits"], names, t("pred.logits_title")), key="logits")
    softmax_text = network_view.says(net, "pred.softmax", "own.softmax")
    st.markdown(f"## {t('pred.h2')}\n\n{softmax_formula(len(names))}\n\n{softmax_text}")
    if hidden:
        classroom.hidden_note()
        return
    softmax_table(ops.softmax_trace(seen.outputs["logits"]), names)
    if net.shipped:  # the taught classes sit on the shipped network's dense layer
        taught_ui(seen.outputs)


frame.ensure()
seen = resources.model_view()
if seen.net.shipped:  # a live question's choices are the ten classes
    classroom.offer_prediction(seen)
names = resources.class_names(seen.net)
hidden = classroom.hiding("predict")  # the class is answering "which class?": hold the answer back
st.title(t("pred.title"))
if hidden:
    picture.show(seen.pixels, 256, sees(seen.net))
    classroom.hidden_note()
else:
    answer_ui(seen, names)
made_for_ui(seen, names)
wants_view.classes_ui(seen.net, names, wants_view.chosen_class(names, seen.probabilities, hidden))
layers_ui(seen, names, hidden)
