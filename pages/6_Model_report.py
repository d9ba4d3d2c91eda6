"""How good is the trained network? Everything here is read from the metrics file written by training."""

import numpy as np
import streamlit as st

from cnn_viz import figures, gallery, ui
from cnn_viz.data import CLASSES

ui.setup_page("Model report", "📈")
metrics = ui.model_metrics()
recipe = metrics["recipe"]

st.title("How good is the network?")
a, b, c = st.columns(3)
a.metric("Test accuracy", f"{metrics['test_accuracy']:.1%}")
b.metric("Parameters", f"{metrics['parameters']:,}")
c.metric("Epochs", recipe["epochs"])
st.write(f"Measured on {metrics['test_data']}, none of which was used for training. "
         f"Trained on {metrics['train_images']:,} images of the {metrics['data_source']} with Adam "
         f"(learning rate {recipe['learning_rate']}), batches of {recipe['batch_size']}, seed {recipe['seed']}"
         + (f", augmentation: {recipe['augmentation']}." if recipe["augment"] else ", no augmentation."))
st.caption(f"Command: {metrics.get('command') or 'not recorded'} · trained {metrics['trained_at']} · "
           + ", ".join(f"{k} {v}" for k, v in metrics["versions"].items()))
st.write("The article trains 10 epochs and reports about 80% right answers, which is roughly the "
         "accuracy on the training pictures; on unseen test pictures that recipe reaches about 70%. "
         "More epochs with flipped and shifted training pictures do better with the same network.")

st.header("Training curves")
h = metrics["history"]
a, b = st.columns(2)
a.plotly_chart(figures.curves(h, "train_accuracy", "test_accuracy", "accuracy", "accuracy"), width="stretch")
b.plotly_chart(figures.curves(h, "train_loss", "test_loss", "loss", "cross-entropy"), width="stretch")
st.caption(metrics["history_note"])

st.header("Which classes get confused")
st.plotly_chart(figures.confusion(metrics["confusion_matrix"], CLASSES), width="stretch")
per_class = metrics["per_class_accuracy"]
st.plotly_chart(figures.vector([per_class[c] * 100 for c in CLASSES], "accuracy per class (%)", CLASSES),
                width="stretch")


@st.cache_data(show_spinner=False)
def sample_predictions():
    """(sample, predicted class, probability) for every shipped sample, through the numpy engine."""
    samples = gallery.samples()
    x = np.stack([s.rgb() for s in samples]).astype(np.float32) / 255.0
    probs = ui.network().predict(x)
    return [(s.id, s.label, CLASSES[int(p.argmax())], float(p.max())) for s, p in zip(samples, probs)]


st.header("Sample pictures it gets wrong")
results = sample_predictions()
wrong = [r for r in results if r[1] != r[2]]
st.write(f"Of the {len(results)} sample pictures shipped with the app, it gets {len(wrong)} wrong:")
cols = st.columns(6)
for i, (sample_id, label, predicted, p) in enumerate(wrong):
    with cols[i % 6]:
        st.image(ui.enlarge(gallery.by_id(sample_id).rgb(), 128), width="stretch")
        st.text(f"{label}\nsaid: {predicted} ({p:.0%})")
