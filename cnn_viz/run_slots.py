"""Let only a few script runs work at once; the others wait their turn.

When a class of 60 opens the app at the same moment, Streamlit starts 60 script threads.
They share one interpreter lock and fight over Streamlit's own locks (every element a
script sends reads a config option under a global lock), so all 60 crawl and finish
together at the very end. Admitting a few at a time lets each run at full speed: the
same total work, but the first visitors see their page after a fraction of the wait.

A slot is held while the page script that took it is running. Pages give it back when
they finish (ui.finish_page); a run that ends any other way (st.stop, st.rerun, a page
switch, an exception, a visitor who left) no longer has the page's frame on its thread's
stack, and the next visitor who waits takes the slot back. Nobody waits longer than
`patience` in any case.
"""

import sys
import threading
import time


class RunSlots:
    CHECK_EVERY = 0.25  # seconds between looks for slots whose run has ended

    def __init__(self, size, patience=3.0):
        self.size = size
        self.patience = patience
        self._cond = threading.Condition()
        self._holders = {}  # thread ident -> the frame of the page script holding the slot
        self._checked = 0.0

    def acquire(self, owner=None):
        """Wait for a slot; `owner` is the frame of the calling page script (default: the caller's)."""
        owner = owner or sys._getframe(1)
        me = threading.get_ident()
        deadline = time.monotonic() + self.patience
        with self._cond:
            while True:
                now = time.monotonic()
                if me in self._holders or len(self._holders) < self.size or now >= deadline:
                    self._holders[me] = owner
                    return
                # Looking at every thread's stack is not free: once per interval for all waiters,
                # not once per waiter (60 waiters polling starved the very run they waited for).
                if now - self._checked >= self.CHECK_EVERY:
                    self._checked = now
                    self._drop_finished()
                    continue
                self._cond.wait(self.CHECK_EVERY)  # release() wakes the longest waiter first

    def release(self):
        with self._cond:
            self._holders.pop(threading.get_ident(), None)
            self._cond.notify()

    def busy(self):
        with self._cond:
            self._drop_finished()
            return len(self._holders)

    def _drop_finished(self):
        """Forget holders whose page script is no longer on their thread's stack."""
        stacks = sys._current_frames()
        for ident, owner in list(self._holders.items()):
            frame = stacks.get(ident)
            while frame is not None and frame is not owner:
                frame = frame.f_back
            if frame is None:
                del self._holders[ident]
