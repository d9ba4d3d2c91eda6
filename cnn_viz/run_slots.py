"""Let only a few script runs work at once; the others wait their turn.

When a class of 60 opens the app at the same moment, Streamlit starts 60 script threads.
They share one interpreter lock and fight over Streamlit's own locks (every element a
script sends reads a config option under a global lock), so all 60 crawl and finish
together at the very end. Admitting a few at a time lets each run at full speed: the
same total work, but the first visitors see their page after a fraction of the wait.

A slot belongs to a thread. Pages give it back when they finish (ui.finish_page); a run
that ends any other way (st.stop, a page switch, an exception) ends its thread, and a
slot whose thread has ended is taken back by the next visitor who waits.
"""

import threading
import time


class RunSlots:
    def __init__(self, size, patience=3.0):
        self.size = size
        self.patience = patience  # never make anyone wait longer than this
        self._cond = threading.Condition()
        self._holders = set()

    def acquire(self):
        me = threading.current_thread()
        deadline = time.monotonic() + self.patience
        with self._cond:
            while me not in self._holders:
                self._holders = {t for t in self._holders if t.is_alive()}
                if len(self._holders) < self.size or time.monotonic() >= deadline:
                    self._holders.add(me)
                else:
                    self._cond.wait(0.05)

    def release(self):
        with self._cond:
            self._holders.discard(threading.current_thread())
            self._cond.notify()

    def busy(self):
        with self._cond:
            return len({t for t in self._holders if t.is_alive()})
