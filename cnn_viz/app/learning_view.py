"""Watch it learn, on the Model report: the shipped network's real training replayed (a scrubber
over its snapshots, every view computed from that moment's weights), and a network trained live
in this session, a slice at a time."""

import uuid

import numpy as np
import streamlit as st

from .. import assets, figures, lookalikes, model, replay, trainer
from ..data import CLASSES
from ..live import questions
from . import classroom, picture, resources, widgets
from .text import class_name, t, words

LAYERS = ("conv1", "conv2", "conv3")
MAPS_SHOWN = 16  # a layer's first maps, at each moment
RUN = "_training_run"  # this session's live training: (run id, trainer.Run)
RUNNING = "_training_on"  # whether it advances


def moment_label(snapshot):
    kind, n = snapshot.moment
    return t(f"learn.at_{kind}", n=f"{n:,}")


def replay_ui(image):
    """The scrubber over the shipped run's snapshots and, at the one chosen, its filters, the
    visitor's picture through it, its accuracy and confusion, and where it is on the loss curve."""
    found = resources.optional(replay.load)
    if found is None:
        return
    snapshots = found.snapshots
    shown = len(snapshots) - _offer_question(snapshots)  # while the class estimates epoch 1: the moments before it
    st.session_state.replay_at = min(max(int(st.session_state.get("replay_at", 0)), 0), shown - 1)
    at = st.select_slider(
        t("learn.at"), options=range(shown), key="replay_at", format_func=lambda i: moment_label(snapshots[i])
    )
    if shown < len(snapshots):
        classroom.hidden_note()
    snapshot, net = snapshots[at], replay.network(at)
    if snapshot.step == 0:  # "0 steps of 64 pictures (0.00 epochs)" says nothing
        st.markdown(t("learn.moment_start"))
    else:
        when, steps, epochs = moment_label(snapshot), f"{snapshot.step:,}", f"{snapshot.epoch:.2f}"
        st.markdown(t("learn.moment", when=when, steps=steps, epochs=epochs))
    filters, curve = st.columns([1, 1.6])
    _filters_ui(snapshot.weights, filters)
    with curve:
        widgets.chart(_loss_curve(found, snapshot), key="replay_loss")
    _picture_ui(net, image, "replay")
    measured = resources.optional(replay.measured, at)
    if measured is not None:
        total = f"{snapshot.test_accuracy:.1%}"
        share, n = f"{measured['accuracy']:.1%}", f"{measured['n_images']:,}"
        st.markdown(t("learn.accuracy", share=share, n=n, total=total))
        names = [class_name(c) for c in CLASSES]
        widgets.chart(figures.confusion(measured["confusion_matrix"], names, words()), key="replay_confusion")


def _offer_question(snapshots):
    """A live class may estimate the accuracy after epoch 1 (the engine's measurement of that
    snapshot); while it does, the moments from epoch 1 on are held back. Returns how many."""
    first = next((i for i, s in enumerate(snapshots) if s.moment == ("epoch", 1)), None)
    if first is None or not classroom.teaching():  # measuring epoch 1 takes a second: only for a class
        return 0
    measured = resources.optional(replay.measured, first)
    if measured is None:
        return 0
    classroom.offer([questions.epoch_accuracy(measured["accuracy"], {"at": first, **picture.url_params()})])
    return len(snapshots) - first if classroom.hiding("epoch_accuracy") else 0


def _loss_curve(found, snapshot):
    epochs = np.asarray(found.loss_steps) / found.steps_per_epoch
    loss = np.asarray(found.loss, dtype=float)
    top = float(np.nanmax(loss))
    series = [
        (t("learn.loss"), epochs, loss, figures.style.BAR, False),
        (t("learn.here"), [snapshot.epoch, snapshot.epoch], [0, top], figures.HIGHLIGHT, True),
    ]
    return figures.lines(series, t("learn.loss_title"), t("learn.epochs"), t("learn.loss"), y_range=(0, top),
                         words=words())  # fmt: skip


def _filters_ui(weights, where):
    """conv1's 32 filters at this moment, as colours."""
    where.markdown(t("learn.filters_h"))
    picture.show(figures.filter_tiles(weights["conv1"][0], cell=12), 360, t("learn.filters_caption"), where)


def _picture_ui(net, image, key):
    """The visitor's picture through this network: each conv layer's first maps, then its ten
    probabilities."""
    outputs = net.forward(image.x)
    maps, probs = st.columns([1.6, 1])
    with maps:
        st.markdown(t("learn.maps_h", n=MAPS_SHOWN))
        for layer in LAYERS:
            st.caption(layer)
            widgets.chart(figures.tiles(outputs[layer][:, :, :MAPS_SHOWN], columns=MAPS_SHOWN, words=words()),
                          key=f"{key}_{layer}")  # fmt: skip
    with probs:
        st.markdown(t("learn.probs_h"))
        names = [class_name(c) for c in CLASSES]
        widgets.chart(figures.probabilities(outputs["probabilities"], names, words=words()), key=f"{key}_probs")


# --------------------------------------------------------------------------- train one live


def live_ui(image):
    """Start, stop, continue, start again: a network trained here, a slice a second."""
    state = st.session_state
    run = state.get(RUN)
    start, stop = st.columns(2)
    if run is None:
        start.button(t("learn.start"), key="learn_start", on_click=_start, type="primary")
        st.caption(t("learn.start_note", n=f"{lookalikes.PER_CLASS * len(CLASSES):,}"))
        _said()
        return
    on = state.get(RUNNING, False)
    label = t("learn.stop") if on else t("learn.continue")
    start.button(label, key="learn_toggle", on_click=_toggle, type="primary")
    stop.button(t("learn.again"), key="learn_again", on_click=_start)
    _said()
    if on:
        _training(image)  # a fragment, once a second
    else:  # stopped: drawn once, nothing runs until Continue
        _views(run, image)


def _start():
    """A new run from Keras's start (one per session: Start again replaces it)."""
    state = st.session_state
    old = state.pop(RUN, None)
    if old:
        trainer.release(old[0])
    try:
        train, (x_test, y_test) = lookalikes.load(), replay.test_subset()
    except assets.Unavailable:  # a missing shipped file: one sentence, the page goes on
        state["_learn_said"] = "learn.no_data"
        return
    run_id = uuid.uuid4().hex
    if not trainer.may_advance(run_id):
        state["_learn_said"] = "learn.busy_start"
        return
    state[RUN] = (run_id, trainer.Run(train.pictures, train.labels.astype(np.int64), x_test, y_test))
    state[RUNNING] = True


def _toggle():
    state = st.session_state
    state[RUNNING] = not state.get(RUNNING, False)
    if not state[RUNNING] and state.get(RUN):
        trainer.release(state[RUN][0])


def _said():
    said = st.session_state.pop("_learn_said", None)
    if said:
        st.warning(t(said, most=trainer.MOST_RUNNING))


@st.fragment(run_every=1.0)
def _training(image):
    """Once a second while it runs: a slice of training (when the server has room), then the views."""
    run_id, run = st.session_state[RUN]
    if trainer.may_advance(run_id):
        run.advance()
    else:  # the server's places are taken: it tries again each second
        st.warning(t("learn.busy", most=trainer.MOST_RUNNING))
    _views(run, image)


def _views(run, image):
    """Where the run is, its filters, its curves and the learner's picture through it."""
    words_now = dict(step=f"{run.step:,}", pictures=f"{run.step * trainer.BATCH:,}", epochs=f"{run.epoch:.2f}")
    share, seen = run.accuracy
    if share is None:
        said = t("learn.live_unmeasured")
    else:
        key = "learn.live_accuracy" if seen == run.measured_on else "learn.live_accuracy_partial"
        said = t(key, accuracy=f"{share:.1%}", n=f"{seen:,}", each=trainer.EACH_SLICE)
    st.markdown(f"{t('learn.live_now', seconds=f'{run.trained_for:.0f}', **words_now)} {said}")
    filters, curve = st.columns([1, 1.6])
    _filters_ui(run.weights, filters)
    with curve:
        _live_curves(run)
    _picture_ui(model.Network(weights=run.weights, shipped=False, fingerprint="live"), image, "live")


def _live_curves(run):
    """The loss of every batch so far, and the test accuracy at each measurement (in %)."""
    along = (0.0, max(run.epoch, 0.05))  # both charts over the same epochs
    if run.losses:
        steps, losses = np.array(run.losses).T
        series = [(t("learn.loss"), run.epochs_at(steps), losses, figures.style.BAR, False)]
        top = (0, max(2.5, float(losses.max())))  # from 0: the first steps' noise does not fill the chart
        chart = figures.lines(
            series, t("learn.live_title"), t("learn.epochs"), t("learn.loss"), along, top, words=words()
        )
        widgets.chart(chart, key="live_loss")
    if len(run.accuracies) > 1:
        at, share = np.array(run.accuracies).T
        series = [(t("learn.test_accuracy"), run.epochs_at(at), 100 * share, figures.HIGHLIGHT, False)]
        title = t("learn.accuracy_title", n=f"{run.measured_on:,}")
        chart = figures.lines(series, title, t("learn.epochs"), "%", along, (0, 100), words=words())
        widgets.chart(chart, key="live_accuracy")
