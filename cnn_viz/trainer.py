"""A network trained live, in slices a page can afford: each `advance` takes at most a budget
of CPU time (at most 150 ms), so a page that calls it once a second keeps the server free for
everyone else, and the learner sees the network change between slices.

The pictures are the ones the app ships: the 3,000 training pictures of the look-alikes
(300 a class, cnn_viz.lookalikes) to learn from, and the 1,000 of the test subset (100 a
class, cnn_viz.replay) to measure on. The network is the article's, from Keras's start, with
Keras's Adam (cnn_viz.learn); batches of BATCH pictures in a fresh order each epoch.

The test accuracy is measured a little every slice, so that it moves every second too: each
slice first measures the next EACH_SLICE of EVAL_PICTURES test pictures (the same share of
each class, taken in turn), with the network as it is then; the accuracy shown is the share
right of the last EVAL_PICTURES measured (a lap takes EVAL_PICTURES / EACH_SLICE slices), so
it trails the network by up to that many seconds. No Streamlit here.
"""

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from . import architecture, learn

BATCH = 16  # a step of 16 pictures is about 17 ms here: seven fit a slice, and each step learns
BUDGET = 0.15  # seconds of CPU one slice may take
EVAL_PICTURES = 500  # half the test subset, 50 a class
EACH_SLICE = 25  # test pictures measured at the start of each slice (about 15 ms here): a lap in 20 s


@dataclass
class Run:
    """One live training: its network, optimiser and where it is."""

    x: np.ndarray  # training pictures, uint8 (N, 32, 32, 3)
    y: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    seed: int = 0
    specs: tuple = architecture.SPECS
    weights: dict = None
    optimiser: learn.Adam = field(default_factory=learn.Adam)
    step: int = 0
    losses: list = field(default_factory=list)  # (step, the batch's loss)
    accuracies: list = field(default_factory=list)  # (step, share right of the last lap), once a lap is full
    trained_for: float = 0.0  # seconds of CPU spent training
    _order: np.ndarray = None
    _next: int = 0  # the next test picture to measure, in the lap

    def __post_init__(self):
        if self.weights is None:
            self.weights = learn.initial_weights(self.specs, self.x.shape[1:], self.seed)
        self._rng = np.random.default_rng(self.seed)
        # the same share of each class: every other picture of the subset (which lists them class by class)
        self._measured = np.arange(len(self.x_test))[:: max(1, len(self.x_test) // EVAL_PICTURES)][:EVAL_PICTURES]
        self._right = np.full(len(self._measured), np.nan)  # each picture's last measurement: right (1) or not

    @property
    def epoch(self):
        """Epochs of the training pictures done, as a fraction."""
        return float(self.epochs_at(self.step))

    def epochs_at(self, steps):
        """Steps (a number or an array) in epochs of the training pictures."""
        return np.asarray(steps) * BATCH / len(self.x)

    def advance(self, budget=BUDGET):
        """A few test pictures measured, then training for the rest of `budget` seconds of CPU:
        a step, and another while the one before says it still fits."""
        started = time.thread_time()
        self._measure_some()
        while True:
            spent = time.thread_time()
            self._train_step()
            took = time.thread_time() - spent
            self.trained_for += took
            if time.thread_time() - started + took > budget:  # the next would overrun the budget
                return

    def _batch(self):
        per_epoch = len(self.x) // BATCH
        at = self.step % per_epoch
        if at == 0 or self._order is None:
            self._order = self._rng.permutation(len(self.x))
        chosen = self._order[at * BATCH : (at + 1) * BATCH]
        return self.x[chosen].astype(np.float32) / 255.0, self.y[chosen]

    def _train_step(self):
        x, y = self._batch()
        self.weights, loss = learn.train_step(self.specs, self.weights, self.optimiser, x, y)
        self.step += 1
        self.losses.append((self.step, loss))

    @property
    def measured_on(self):
        """How many test pictures the accuracy is of."""
        return len(self._measured)

    @property
    def accuracy(self):
        """(share right of the test pictures measured so far in the lap, how many): the last
        measurement of each."""
        seen = ~np.isnan(self._right)
        return (float(self._right[seen].mean()) if seen.any() else None), int(seen.sum())

    def _measure_some(self):
        part = self._measured[self._next : self._next + EACH_SLICE]
        scores = learn.forward(self.specs, self.weights, self.x_test[part].astype(np.float32) / 255.0)[-1]
        self._right[self._next : self._next + len(part)] = scores.argmax(axis=1) == self.y_test[part]
        self._next = (self._next + len(part)) % len(self._measured)
        share, seen = self.accuracy
        if seen == len(self._measured):
            self.accuracies.append((self.step, share))


# --------------------------------------------------------------------------- the server's cap

MOST_RUNNING = 3  # live trainings advancing at once on one server (a slice each a second)
ACTIVE = 5.0  # seconds: a run that has not advanced for longer is not counted (its tab went away)
_lock = threading.Lock()
_running = {}  # run id -> when it last advanced


def may_advance(run_id, now=None):
    """Whether run `run_id` may take its next slice: it is one of the MOST_RUNNING advancing
    on this server (a run already counted keeps its place)."""
    now = time.monotonic() if now is None else now
    with _lock:
        for other, last in list(_running.items()):
            if now - last > ACTIVE:
                del _running[other]
        if run_id not in _running and len(_running) >= MOST_RUNNING:
            return False
        _running[run_id] = now
        return True


def release(run_id):
    """A run stopped: its place is free at once."""
    with _lock:
        _running.pop(run_id, None)
