"""Visitors' own networks, held once per server and within a budget.

A .keras file of 5 million parameters is 20 MB of weights once read. Kept in each session that
opened it, ten sessions took 375 MB and a 512 MiB replica died. So a session keeps only a
ticket (`Ticket`: the file's fingerprint, and the class names it gave them), and the server
keeps the networks on one shelf:

- the same file opened by a whole class is held once (by its fingerprint);
- the shelf holds at most BUDGET bytes of weights; to make room it puts away the network used
  longest ago, if nobody has used it for IDLE seconds; otherwise the new file gets one
  sentence ("the server holds as many models as it can; try again in a few minutes");
- a session whose network was put away is told so in one sentence and shows the shipped
  network until its visitor opens the file again.

A taught network (Teach it a class) is the shipped network's layers with a small new head, so
its session keeps it whole.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

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
    def __init__(self, budget=BUDGET, idle=IDLE, clock=time.monotonic):
        self.budget, self.idle, self._clock = budget, idle, clock
        self._lock = threading.Lock()
        self._held = OrderedDict()  # fingerprint -> [network, bytes, last used]; oldest use first

    def put(self, net):
        """The ticket for `net`, held on the shelf (the copy already there, for the same file);
        Full when it does not fit now."""
        with self._lock:
            if net.fingerprint not in self._held:
                self._make_room(weight_bytes(net))
                self._held[net.fingerprint] = [net, weight_bytes(net), 0.0]
            self._touch(net.fingerprint)
        return Ticket(net.fingerprint, tuple(net.classes), net.named)

    def get(self, fingerprint):
        """The network a ticket names, or None when it was put away."""
        with self._lock:
            if fingerprint not in self._held:
                return None
            self._touch(fingerprint)
            return self._held[fingerprint][0]

    def held_bytes(self):
        with self._lock:
            return sum(size for _, size, _ in self._held.values())

    def _touch(self, fingerprint):
        self._held[fingerprint][2] = self._clock()
        self._held.move_to_end(fingerprint)

    def _make_room(self, size):
        if size > self.budget:
            raise Full
        held = sum(entry[1] for entry in self._held.values())
        while held + size > self.budget:
            fingerprint, (_, oldest, used) = next(iter(self._held.items()))
            if self._clock() - used < self.idle:
                raise Full
            del self._held[fingerprint]
            held -= oldest


SHELF = Shelf()
