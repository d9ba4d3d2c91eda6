"""Watch it learn (Model report): the shipped run replayed from its snapshots, every view that
moment's network's own; and a network trained live in the session, in bounded slices."""

import json

import numpy as np
import pytest

from cnn_viz import learn, lookalikes, metrics, replay, trainer
from tests.apptest import PAGE, all_text, open_page


def test_every_moment_is_its_own_network_and_measured_on_the_shipped_test_pictures():
    found = replay.load()
    assert [s.moment[0] for s in found.snapshots][:2] == ["start", "step"] and found.snapshots[-1].moment[0] == "epoch"
    assert [s.step for s in found.snapshots] == sorted(s.step for s in found.snapshots)
    pictures, labels = replay.test_subset()
    assert len(labels) == 1000 and np.bincount(labels).tolist() == [100] * 10
    first, last = replay.measured(0), replay.measured(len(found.snapshots) - 1)
    again = metrics.evaluate(replay.network(0), pictures, labels)
    assert first["confusion_matrix"] == again["confusion_matrix"], "the engine's own, of that moment's network"
    assert first["accuracy"] < 0.2 < last["accuracy"], "random weights guess; the trained network does not"
    assert np.asarray(last["confusion_matrix"]).sum() == 1000


def test_the_scrubber_shows_each_moment_and_is_bookmarked():
    found = replay.load()
    at = open_page(PAGE["report"], sample="cat-1", at=3)
    snapshot = found.snapshots[3]
    text = all_text(at)
    assert f"{snapshot.step:,} steps of 64 pictures ({snapshot.epoch:.2f} epochs" in text
    share = replay.measured(3)["accuracy"]
    assert f"On the app's 1,000 test pictures it is right on **{share:.1%}**" in text
    assert f"on the whole test split of 10,000, {snapshot.test_accuracy:.1%}" in text
    filters_then = next(m.value for m in at.markdown if "filters at this moment" in m.value)
    at.select_slider(key="replay_at").set_value(len(found.snapshots) - 1).run()
    assert at.query_params["at"] == str(len(found.snapshots) - 1)
    filters_now = next(m.value for m in at.markdown if "filters at this moment" in m.value)
    assert filters_now != filters_then, "another moment, other filters"
    assert f"right on **{replay.measured(len(found.snapshots) - 1)['accuracy']:.1%}**" in all_text(at)


def test_a_live_run_starts_stops_continues_and_starts_again():
    at = open_page(PAGE["report"], sample="cat-1")
    at.button(key="learn_start").click().run()
    assert not at.exception, [e.value for e in at.exception]
    run = at.session_state["_training_run"][1]
    at.run()  # in a browser, the fragment's own run every second
    assert run.step > 2 and run.accuracy[1] == 2 * trainer.EACH_SLICE, "each slice measures a few, then trains"
    moved = run.step
    assert f"**Step {moved:,}**: {moved * trainer.BATCH:,} pictures seen" in all_text(at)
    at.button(key="learn_toggle").click().run()  # Stop
    at.run()
    assert run.step == moved and "Continue" in [b.label for b in at.button]
    at.button(key="learn_toggle").click().run()  # Continue
    assert run.step > moved
    at.button(key="learn_again").click().run()  # Start again: a new network from the start
    assert at.session_state["_training_run"][1] is not run
    fresh = at.session_state["_training_run"][1]
    assert fresh.step < run.step and fresh.accuracy[1] == trainer.EACH_SLICE, "one slice of a new run"


def test_each_slice_measures_a_few_test_pictures_then_trains():
    """The accuracy moves every second: each slice measures the next few of the 500 test
    pictures (50 a class) by the network as it is, then trains; after a lap, the share right
    of the last 500 measured is recorded every slice."""
    train, (x_test, y_test) = lookalikes.load(), replay.test_subset()
    run = trainer.Run(train.pictures, train.labels.astype(np.int64), x_test, y_test)
    half = slice(None, None, 2)  # 50 of each class's 100, as the subset lists them class by class
    assert run.measured_on == 500 and np.bincount(y_test[half]).tolist() == [50] * 10
    start = learn.initial_weights(run.specs, (32, 32, 3))
    first = learn.forward(run.specs, start, x_test[half][: trainer.EACH_SLICE].astype(np.float32) / 255)[-1]
    run.advance()
    assert run.step > 0 and run.accuracy == (
        pytest.approx(float((first.argmax(axis=1) == y_test[half][: trainer.EACH_SLICE]).mean())),
        trainer.EACH_SLICE,
    ), "the first pictures measured by the network before its first step"
    laps = run.measured_on // trainer.EACH_SLICE
    for _ in range(laps - 1):
        run.advance()
    assert run.accuracy[1] == 500 and len(run.accuracies) == 1 and run.accuracies[0][1] == run.accuracy[0]
    run.advance()
    assert len(run.accuracies) == 2 and len(run.losses) == run.step


def test_the_server_trains_at_most_a_few_at_once_and_forgets_a_tab_that_left(monkeypatch):
    monkeypatch.setattr(trainer, "_running", {})
    ids = [f"run-{i}" for i in range(trainer.MOST_RUNNING + 1)]
    try:
        assert all(trainer.may_advance(i, now=100.0) for i in ids[:-1])
        assert not trainer.may_advance(ids[-1], now=100.5), "the cap is reached"
        assert trainer.may_advance(ids[0], now=101.0), "a run already counted keeps its place"
        trainer.release(ids[1])
        assert trainer.may_advance(ids[-1], now=101.0), "a stopped run frees its place at once"
        assert trainer.may_advance("late", now=101.0 + trainer.ACTIVE + 1), "the others went quiet: not counted"
    finally:
        for i in [*ids, "late"]:
            trainer.release(i)


def test_a_class_estimates_the_accuracy_after_epoch_one_with_the_later_moments_held_back():
    import re

    from cnn_viz.live import questions, store

    found = replay.load()
    first = next(i for i, s in enumerate(found.snapshots) if s.moment == ("epoch", 1))
    truth = round(100 * replay.measured(first)["accuracy"], 1)
    teacher = open_page(PAGE["report"], presenter=1, sample="cat-1", at=first + 1)
    teacher.button(key="live_start").click().run()
    code = re.search(r"Room (\w{6})", all_text(teacher)).group(1)
    teacher.selectbox(key="live_kind_pick").set_value("epoch_accuracy").run()
    teacher.button(key="live_ask").click().run()
    assert not teacher.exception, [e.value for e in teacher.exception]
    assert teacher.select_slider(key="replay_at").options[-1] == replay_label(found.snapshots[first - 1])
    assert teacher.session_state["replay_at"] < first, "the moment shown is one before epoch 1"
    assert "Hidden until Reveal" in all_text(teacher)
    question = store().view(code).question
    assert question["value"] == truth and questions.is_right(question, str(truth + 4.9))
    assert not questions.is_right(question, str(truth + 5.1))
    phones = [open_page(PAGE["live"], room=code) for _ in range(2)]
    box = phones[0].number_input[0]
    assert (box.min, box.max) == (0.0, 100.0), "a percent: the box takes 0-100"
    for phone, guess in zip(phones, (truth - 3, truth + 20)):
        phone.number_input[0].set_value(float(guess))
        phone.button(key="live_send_button").click().run()
    teacher.button(key="live_reveal").click().run()
    assert f"The answer: **{truth:g}%**. 1 of 2 got it (50%)." in all_text(teacher)
    assert teacher.select_slider(key="replay_at").options[-1] == replay_label(found.snapshots[-1])


def replay_label(snapshot):
    kind, n = snapshot.moment
    return {"start": "the start: random weights", "step": f"after {n:,} steps", "epoch": f"after epoch {n:,}"}[kind]


def test_the_last_moment_is_the_shipped_network_and_each_moment_is_as_train_logged():
    """The snapshots are the shipped run's own: its last weights are models/cifar10_cnn.npz's,
    and each epoch's accuracy, measured after the run by the engine, is the one Keras logged
    for that epoch (its history in models/cifar10_cnn.json)."""
    from cnn_viz import model

    found, shipped = replay.load(), model.load()
    for name, (kernel, bias) in found.snapshots[-1].weights.items():
        assert np.array_equal(kernel, shipped.weights[name][0]) and np.array_equal(bias, shipped.weights[name][1])
    logged = json.loads(model.METRICS_PATH.read_text())
    history = logged["history"]["test_accuracy"]
    epochs = [(s.moment[1], s.test_accuracy) for s in found.snapshots if s.moment[0] == "epoch"]
    assert [n for n, _ in epochs] == [1, 2, 5, 10, 20, 40]
    for n, accuracy in epochs:
        assert accuracy == pytest.approx(history[n - 1], abs=2e-4), n
    assert found.snapshots[-1].test_accuracy == pytest.approx(logged["test_accuracy"], abs=1e-9)


def test_the_start_says_what_it_is_rather_than_zero_steps():
    at = open_page(PAGE["report"], sample="cat-1", at=0)
    text = all_text(at)
    assert "**The start**: random weights, before any step." in text and "0 steps of 64 pictures" not in text
