"""9 · Model report: how good is the trained network? Read from the metrics file training wrote."""

import streamlit as st

from cnn_viz import figures
from cnn_viz.app import classroom, frame, learning_view, picture, resources, text, widgets
from cnn_viz.app.text import class_name, t
from cnn_viz.data import CLASSES

frame.ensure()
metrics = resources.model_metrics()
recipe = metrics["recipe"]
words = text.words()
names = [class_name(c) for c in CLASSES]

st.title(t("rep.title"))
own = resources.own_network()
if own is not None:  # the other model pages show the visitor's network: say whose numbers these are
    st.info(t("rep.not_yours", name=own.name), icon="ℹ️")
a, b, c = st.columns(3)
a.metric(t("rep.accuracy"), f"{metrics['test_accuracy']:.1%}")
b.metric(t("rep.parameters"), f"{metrics['parameters']:,}")
c.metric(t("rep.epochs"), recipe["epochs"])
source = t(f"data.{metrics['data_source']}")
st.write(
    t(
        "rep.measured",
        data=t("data.test_split", source=source, n=sum(map(sum, metrics["confusion_matrix"]))),
        n=metrics["train_images"],
        source=source,
        lr=recipe["learning_rate"],
        schedule=t(
            "rep.schedule.cosine" if "cosine" in recipe.get("learning_rate_schedule", "") else "rep.schedule.constant"
        ),
        batch=recipe["batch_size"],
        seed=recipe["seed"],
        augmentation=t("rep.augmented" if recipe["augment"] else "rep.not_augmented"),
    )
)
st.expander(t("rep.teachers")).caption(  # a command for teachers, folded away from students
    t(
        "rep.command",
        command=metrics.get("command") or "-",
        date=metrics["trained_at"],
        versions=", ".join(f"{k} {v}" for k, v in metrics["versions"].items()),
    )
)
st.write(t("rep.article"))

st.header(t("rep.h1"))
h = metrics["history"]
if classroom.hiding("epoch_accuracy"):  # the class estimates the accuracy after epoch 1: these curves say it
    classroom.hidden_note()
else:
    a, b = st.columns(2)
    with a:
        widgets.chart(figures.curves(h, "train_accuracy", "test_accuracy", t("rep.acc_title"), words), key="acc")
    with b:
        widgets.chart(figures.curves(h, "train_loss", "test_loss", t("rep.loss_title"), words), key="loss")
    st.caption(t("rep.history_note"))

st.header(t("rep.h2"))
widgets.chart(figures.confusion(metrics["confusion_matrix"], names, words), key="confusion")
per_class = metrics["per_class_accuracy"]
accuracy = [per_class[c] * 100 for c in CLASSES]
widgets.chart(figures.signed_bars(accuracy, names, t("rep.per_class"), decimals=1), key="per_class")


st.header(t("rep.h3"))
results = resources.sample_predictions()
wrong = [r for r in results if not r.right]
st.write(t("rep.wrong_count", total=len(results), n=len(wrong)) if results else t("gallery.missing"))
cols = st.columns(6)
for i, r in enumerate(wrong):
    with cols[i % 6]:
        picture.show(r.sample.rgb(), 160)
        st.text(t("rep.said", cls=class_name(r.sample.label), said=class_name(r.predicted), p=f"{r.probability:.0%}"))

st.header(t("learn.h4"))
st.write(t("learn.h4_intro"))
image = picture.source_ui()  # the learner's picture, through the network at each moment
learning_view.replay_ui(image)

st.header(t("learn.h5"))
st.write(t("learn.h5_intro"))
learning_view.live_ui(image)
