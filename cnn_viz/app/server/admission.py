"""Let one script run work at a time; the others wait their turn (no Streamlit here).

When a class of 60 opens the app at the same moment, Streamlit starts 60 script threads.
They share one interpreter lock and fight over Streamlit's own locks (every element a
script sends reads a config option under a global lock), so all 60 crawl and finish
together at the very end. Admitting one at a time lets each run at full speed: the same
total work, but the first visitors see their page after a fraction of the wait
(`python -m tools.scale` measures it; docs/performance.md).

The frame holds admission around the page (`with ADMISSION:`), so the release sits in one
`finally` whatever ends the run: the page's end, st.stop, st.rerun, a page switch, an
exception or a visitor who left. A fragment that many sessions rerun at once (a lecture hall's
phones when a question opens) holds it too; drawn inside the page's run, which holds it
already, it goes straight on (a thread inside stays inside).

`patience` bounds how long one run may hold the others back, not how long the queue may be:
a waiter keeps its place while the runs ahead of it keep finishing, and goes in anyway only
when the run inside has held the slot for longer than `patience` (a stuck run). An earlier
version let every waiter in after `patience` of waiting: past a few dozen visitors at once,
everyone still queued went in together and crawled to the end together again.
"""

import contextlib
import threading
import time


class Admission:
    def __init__(self, size=1, patience=3.0):
        self.patience = patience
        self._slots = threading.BoundedSemaphore(size)
        self._mine = threading.local()  # whether this thread's run got a slot (or ran out of patience)
        self._lock = threading.Lock()
        self._busy = 0
        self._waiting = 0
        self._held_since = time.monotonic()  # when the run inside took the slot
        self._calm = threading.Condition()
        self._urgent = 0  # runs going first now (first())

    def __enter__(self):
        depth = getattr(self._mine, "depth", 0)
        self._mine.depth = depth + 1
        if depth:  # this thread's run is inside already
            return self
        with self._lock:
            self._waiting += 1
        with self._calm:  # a run that a room waits on goes first (for at most `patience`)
            self._calm.wait_for(lambda: not self._urgent, timeout=self.patience)
        got = False
        while not got:
            got = self._slots.acquire(timeout=self.patience / 4)
            if not got and time.monotonic() - self._held_since > self.patience:
                break  # the run inside is stuck: go in anyway, so no wait is without end
        self._mine.got = got
        with self._lock:
            if got:
                self._held_since = time.monotonic()
            self._busy += 1
            self._waiting -= 1
        return self

    def __exit__(self, *exc):
        self._mine.depth -= 1
        if self._mine.depth:
            return False
        with self._lock:
            self._busy -= 1
        if self._mine.got:
            self._mine.got = False
            self._slots.release()
        return False

    @contextlib.contextmanager
    def first(self):
        """A run that others wait on, here a projector's count while a lecture hall's question
        opens: while it runs, no queued run starts (the one inside ends), so it shares the
        interpreter with the server's event loop alone. Used for small runs only."""
        with self._calm:
            self._urgent += 1
        try:
            yield
        finally:
            with self._calm:
                self._urgent -= 1
                self._calm.notify_all()

    def waiting(self):
        """How many runs wait their turn now."""
        with self._lock:
            return self._waiting

    def busy(self):
        """How many runs are inside now (including any that ran out of patience)."""
        with self._lock:
            return self._busy


# The process's one queue of script runs: one at a time, the other core left to Streamlit's event
# loop, which sends every visitor's messages.
ADMISSION = Admission(1)
