"""7 · Prediction: fully connected layers, softmax, and the network's answer."""

import numpy as np
import streamlit as st

from cnn_viz import figures, gallery, images, ops
from cnn_viz.app import frame, live, picture, resources, widgets
from cnn_viz.app.text import class_name, t, words
from cnn_viz.data import CLASSES

LOW_CONFIDENCE = 0.5
# exp(z) rather than e to the z: its subscripts stay one level down, legible on a projector.
SOFTMAX = r"$$p_i = \dfrac{\exp(z_i)}{\sum_{j=1}^{10} \exp(z_j)}$$"


def answer_ui(image, probs, names):
    """What the network sees, its answer and how sure it is, beside the ten probabilities."""
    top = int(probs.argmax())
    a, b = st.columns([1, 2])
    with a:
        picture.show(images.model_input_steps(image.rgb)["resized"], 256, t("pred.sees"))
        sure = t("pred.sure", p=f"{probs[top]:.1%}")
        st.metric(t("pred.answer"), names[top], sure, delta_color="off", delta_arrow="off")
        if image.label:
            right = image.label == CLASSES[top]
            st.write(t("pred.right" if right else "pred.wrong", cls=class_name(image.label)))
    with b:
        true_index = CLASSES.index(image.label) if image.label else None
        widgets.chart(figures.probabilities(probs, names, true_index, words=words()), key="probabilities")
    if probs[top] < LOW_CONFIDENCE:
        st.warning(t("pred.unsure", p=f"{probs[top]:.0%}"))


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
    st.container(key=key).markdown("\n".join(table))
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


frame.ensure()
metrics = resources.model_metrics()
seen = resources.model_view()
live.offer_prediction(seen.picture, seen.probabilities)
names = [class_name(c) for c in CLASSES]

hidden = live.hiding("predict")  # the class is answering "which class?": hold the answer back
st.title(t("pred.title"))
if hidden:
    picture.show(images.model_input_steps(seen.picture.rgb)["resized"], 256, t("pred.sees"))
    live.hidden_note()
else:
    answer_ui(seen.picture, seen.probabilities, names)
if seen.picture.source != "sample":  # the visitor's own picture: say what the network was made for
    with st.container(border=True):
        st.markdown(t("pred.own_picture"))
        picture.row([(s.rgb(), class_name(s.label)) for s in gallery.training_pictures()], width=56)
card(metrics, names)

st.markdown(f"## {t('pred.h1')}\n\n{t('pred.fc')}")
if not hidden:
    widgets.chart(figures.vector(seen.outputs["logits"], t("pred.logits_title"), names), key="logits")

st.markdown(f"## {t('pred.h2')}\n\n{SOFTMAX}\n\n{t('pred.softmax')}")
if hidden:
    live.hidden_note()
else:
    softmax_table(ops.softmax_trace(seen.outputs["logits"]), names)
    taught_ui(seen.outputs)
