"""What one client address may do to the live class, so that a script cannot take every room
or fill a room (no Streamlit here; cnn_viz/app/live.py asks before opening and joining, and
cnn_viz/app/remote.py before a device asks to run a class).

- Opening rooms: OPENS per OPENS_WINDOW seconds per address. A teacher starts a class or two
  an hour; a script that opened every room it could now opens a handful.
- Teacher passcodes tried (where the deployment sets one): TRIES per OPENS_WINDOW per
  address. A teacher types one or two; a script guessing the passcode gets nowhere.
- Devices asking to run a class: REQUESTS per OPENS_WINDOW per address. A teacher's phone
  asks once or twice; a script cannot keep replacing a room's request (a room keeps only the
  latest, so a flood would hide the teacher's own). Counted apart from the passcode's tries,
  so that asking never uses up a teacher's tries.
- Joining a room: JOINS_PER_ROOM students per address and room. A class behind one school
  address (NAT) still fits, with room to spare; one address cannot fill a room of
  rooms.MAX_STUDENTS.

Counted in this process: behind a proxy with several replicas, each replica counts its own
(a visitor sticks to one, so a scripted client without cookies spreads over them: the limits
then multiply by the replicas). Bounded: at most MAX_KEYS addresses remembered, oldest first.
"""

import threading
import time
from collections import OrderedDict, deque

OPENS = 5
OPENS_WINDOW = 3600.0
TRIES = 10
REQUESTS = 10
JOINS_PER_ROOM = 75
MAX_KEYS = 50_000


class Limits:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._opens = OrderedDict()  # address -> deque of times
        self._tries = OrderedDict()  # address -> deque of times
        self._requests = OrderedDict()  # address -> deque of times
        self._joins = OrderedDict()  # (address, room) -> count

    def may_open(self, address):
        """True, and counted, when this address may open another room now."""
        return self._within(self._opens, address, OPENS)

    def may_try(self, address):
        """True, and counted, when this address may try another teacher passcode now."""
        return self._within(self._tries, address, TRIES)

    def may_request(self, address):
        """True, and counted, when this address may ask to run a class from a device now."""
        return self._within(self._requests, address, REQUESTS)

    def _within(self, table, address, most):
        with self._lock:
            now = self._clock()
            times = table.pop(address, deque())
            while times and now - times[0] > OPENS_WINDOW:
                times.popleft()
            allowed = len(times) < most
            if allowed:
                times.append(now)
            self._keep(table, address, times)
            return allowed

    def may_join(self, address, room):
        """True, and counted, when this address may bring another student into this room."""
        with self._lock:
            key = (address, room)
            count = self._joins.pop(key, 0)
            allowed = count < JOINS_PER_ROOM
            self._keep(self._joins, key, count + allowed)
            return allowed

    @staticmethod
    def _keep(table, key, value):
        table[key] = value
        while len(table) > MAX_KEYS:
            table.popitem(last=False)


LIMITS = Limits()
