"""A room store that fails costs a class one sentence and the operator one log line.

Whatever goes wrong (a Redis that hangs; an SQLite file another process keeps locked, or that
is read-only, damaged or gone) a store raises rooms.Unavailable, which the live-class parts
of a page turn into one sentence while the lesson goes on. After a failure the breaker is
open for `pause` seconds: the store answers Unavailable at once instead of letting every
phone's poll wait its timeout again, one after another. The log gets one line per outage,
not one per poll: again only when the reason changes, or every REPEAT seconds while it lasts.
"""

import logging
import time

log = logging.getLogger("cnn_viz.live")
REPEAT = 600.0  # seconds: a store down all lesson says so again now and then, not at every poll


class Breaker:
    """`name` begins the log line ("The rooms file /path"); `clock` is the store's own."""

    def __init__(self, name, pause, clock=time.monotonic):
        self.name, self.pause, self.clock = name, pause, clock
        self.reason = None  # why the store failed last ("is read-only"); None while it answers
        self._until = 0.0
        self._logged = None  # (reason, when) of the last line written

    def down(self):
        """True while the breaker is open: answer Unavailable without trying."""
        return self.clock() < self._until

    def failed(self, reason):
        """The store failed for `reason`: open the breaker, and say so once in the log."""
        now = self.clock()
        self._until, self.reason = now + self.pause, reason
        if self._logged is None or self._logged[0] != reason or now - self._logged[1] >= REPEAT:
            log.warning("%s %s: the live class says so in one sentence until it answers again.", self.name, reason)
            self._logged = (reason, now)

    def answered(self):
        """The store answered: close the breaker (and say so once, if it had failed)."""
        if self.reason is not None:
            log.info("%s answers again.", self.name)
        self.reason, self._logged = None, None
