"""Visitors' own networks, held once per server and within a budget.

A .keras file of 5 million parameters is 20 MB of weights once read. Kept in each session that
opened it, ten sessions took 375 MB and a 512 MiB replica died. So a session keeps only a
ticket (`Ticket`: the file's fingerprint, and the class names it gave them), and the server
keeps the networks on one shelf:

- the same file opened by a whole class is held once (by its fingerprint);
- a session holds one network at a time: a new file, or going back to the article's network,
  lets go of the one before, and a network no session holds goes at once (a visitor who
  uploaded five files in a row filled the shelf for ten minutes);
- the shelf holds at most BUDGET bytes of weights; to make room it puts away, used longest ago
  first, a network whose sessions have all closed or that nobody has used for IDLE seconds;
  otherwise the new file gets one sentence ("try again in a few minutes");
- a session whose network was put away is told so in one sentence and shows the shipped
  network until its visitor opens the file again.

A taught network (Teach it a class) is the shipped network's layers with a small new head, so
its session keeps it whole.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from .server import session_id, softly

BUDGET = 96 * 2**20  # four of the largest files we open (5 M parameters, 20 MB), and many small ones
IDLE = 600.0  # a network nobody has looked at for ten minutes may be put away for a new one


class Full(Exception):
    """No room on the shelf for another network now."""


@dataclass(frozen=True)
class Ticket:
    """What a session keeps of its own network: which one, and the names it gave the classes."""

    fingerprint: str
    classes: tuple
    named: bool


def weight_bytes(net):
    return sum(array.nbytes for found in net.weights.values() for array in found)


class Shelf:
    def __init__(self, budget=BUDGET, idle=IDLE, clock=time.monotonic, alive=lambda holder: True):
        self.budget, self.idle, self._clock, self._alive = budget, idle, clock, alive
        self._lock = threading.Lock()
        # fingerprint -> [network, bytes, last used, {holders: the sessions that show it}]; oldest use first
        self._held = OrderedDict()

    def put(self, net, holder=None):
        """The ticket for `net`, held on the shelf for `holder` (a session, which lets go of
        the network it held before: one tab, one model); the copy already there, for the same
        file. Full when it does not fit now."""
        with self._lock:
            if net.fingerprint not in self._held:
                for fingerprint in self._room_for(weight_bytes(net), holder):  # Full: nothing changed
                    del self._held[fingerprint]
                self._held[net.fingerprint] = [net, weight_bytes(net), 0.0, set()]
            self._let_go(holder, keep=net.fingerprint)
            self._held[net.fingerprint][3].add(holder)
            self._touch(net.fingerprint)
        return Ticket(net.fingerprint, tuple(net.classes), net.named)

    def let_go(self, holder):
        """`holder` shows no network of its own any more (back to the shipped one)."""
        with self._lock:
            self._let_go(holder)

    def get(self, fingerprint):
        """The network a ticket names, or None when it was put away."""
        with self._lock:
            if fingerprint not in self._held:
                return None
            self._touch(fingerprint)
            return self._held[fingerprint][0]

    def held_bytes(self):
        with self._lock:
            return sum(entry[1] for entry in self._held.values())

    def _touch(self, fingerprint):
        self._held[fingerprint][2] = self._clock()
        self._held.move_to_end(fingerprint)

    def _let_go(self, holder, keep=None):
        """Take `holder` off every network but `keep`; a network nobody holds goes at once."""
        for fingerprint, entry in list(self._held.items()):
            if fingerprint != keep:
                entry[3].discard(holder)
                if not entry[3]:
                    del self._held[fingerprint]

    def _room_for(self, size, holder):
        """The networks to put away, used longest ago first, so that `size` more bytes fit:
        those only `holder` shows (it takes a new one), then those no open session shows or
        nobody has used for `idle` seconds. Full when that is not enough."""
        if size > self.budget:
            raise Full
        free = self.budget - sum(entry[1] for entry in self._held.values())
        chosen = []
        for fingerprint, (_, bytes_, used, holders) in self._held.items():
            if free >= size:
                break
            idle = self._clock() - used >= self.idle
            if holders <= {holder} or idle or not any(self._alive(h) for h in holders):
                chosen.append(fingerprint)
                free += bytes_
        if free < size:
            raise Full
        return chosen


def this_session():
    """The session a run belongs to (a holder on the shelf), or None outside a server."""
    return softly("naming the session that holds a model", session_id)


def _session_open(session_id):
    """Whether the session is still open (a closed tab's session is gone a little after)."""

    def ask():
        from streamlit.runtime import Runtime

        return not Runtime.exists() or Runtime.instance().is_active_session(session_id)

    found = softly("seeing which sessions are open", ask)
    return True if found is None else found


SHELF = Shelf(alive=_session_open)
