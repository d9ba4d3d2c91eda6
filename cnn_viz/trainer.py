"""A network trained live, in slices a page can afford: each `advance` takes at most a budget
of CPU time (at most 150 ms), so a page that calls it once a second keeps the server free for
everyone else, and the learner sees the network change between slices.

The pictures are the ones the app ships: the 3,000 training pictures of the look-alikes
(300 a class, cnn_viz.lookalikes) to learn from, and the 1,000 of the test subset (100 a
class, cnn_viz.replay) to measure on. The network is the article's, from Keras's start, with
Keras's Adam (cnn_viz.learn); batches of BATCH pictures in a fresh order each epoch.

The test accuracy is measured in slices too (EVAL_CHUNK pictures a slice, every EVAL_EVERY
seconds of training, the first of the start) on EVAL_PICTURES of the test subset (the same
share of each class): a number on the screen is of a whole pass, at the step it began. No Streamlit here.
"""

import threading
import time
from dataclasses import dataclass, field

import numpy as np

from . import architecture, learn

BATCH = 16  # a step of 16 pictures is about 35 ms here: three fit a slice, and a step each learns
BUDGET = 0.15  # seconds of CPU one slice may take
EVAL_PICTURES = 500  # the first half of the test subset, 50 a class: a measurement in four slices
EVAL_CHUNK = 125  # test pictures measured in one slice (about 125 ms here)
EVAL_EVERY = 3.0  # seconds of training between two measurements


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
    accuracies: list = field(default_factory=list)  # (step, test accuracy of a whole pass)
    trained_for: float = 0.0  # seconds of CPU spent training
    _order: np.ndarray = None
    _eval: tuple = None  # (step it began at, pictures done, right so far) while measuring
    _since_eval: float = EVAL_EVERY  # the first measurement is of the start: a guess, about 10%

    def __post_init__(self):
        if self.weights is None:
            self.weights = learn.initial_weights(self.specs, self.x.shape[1:], self.seed)
        self._rng = np.random.default_rng(self.seed)
        # the same share of each class: every other picture of the subset (which lists them class by class)
        self._measured = np.arange(len(self.x_test))[:: max(1, len(self.x_test) // EVAL_PICTURES)][:EVAL_PICTURES]

    @property
    def epoch(self):
        """Epochs of the training pictures done, as a fraction."""
        return self.step * BATCH / len(self.x)

    def advance(self, budget=BUDGET):
        """Train (or measure) for at most `budget` seconds of CPU: a step, and another while the
        one before says it still fits."""
        started = time.thread_time()
        while True:
            spent = time.thread_time()
            if self._eval is not None or self._since_eval >= EVAL_EVERY:
                self._measure_chunk()
            else:
                self._train_step()
                self.trained_for += time.thread_time() - spent
                self._since_eval += time.thread_time() - spent
            took = time.thread_time() - spent
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
        """How many test pictures a measurement takes."""
        return len(self._measured)

    @property
    def measuring(self):
        """Whether a measurement is under way (training waits for it)."""
        return self._eval is not None

    def _measure_chunk(self):
        began, done, right = self._eval or (self.step, 0, 0)
        part = self._measured[done : done + EVAL_CHUNK]
        scores = learn.forward(self.specs, self.weights, self.x_test[part].astype(np.float32) / 255.0)[-1]
        right += int((scores.argmax(axis=1) == self.y_test[part]).sum())
        done += len(part)
        if done < len(self._measured):
            self._eval = (began, done, right)
            return
        self.accuracies.append((began, right / len(self._measured)))
        self._eval, self._since_eval = None, 0.0


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
