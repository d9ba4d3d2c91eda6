"""What one client address may do to the live class, so that a script cannot take every room
or fill a room (no Streamlit here; cnn_viz/app/classroom asks before opening and joining, and
cnn_viz/app/remote.py before a device asks to run a class).

- Opening rooms: OPENS per OPENS_WINDOW seconds per address. A teacher starts a class or two
  an hour; a script that opened every room it could now opens a handful.
- Teacher passcodes tried (where the deployment sets one): the right passcode is always
  accepted, so a student behind the teacher's address (one NAT) cannot lock the teacher out.
  Wrong tries slow the address down instead: after FREE_TRIES wrong ones within OPENS_WINDOW,
  every try from it (the right one too, so the wait tells nothing) waits TRY_WAIT seconds,
  doubling with each further wrong try up to TRY_WAIT_MOST. A teacher's typos cost nothing;
  the teacher behind a guessing student waits at most TRY_WAIT_MOST; a script guesses at most
  once per TRY_WAIT_MOST per session it holds open, far too slowly for a passcode of ten
  random characters or four random words.
- Devices asking to run a class: REQUESTS per OPENS_WINDOW per address. A teacher's phone
  asks once or twice; a script cannot keep replacing a room's request (a room keeps only the
  latest, so a flood would hide the teacher's own). Counted apart from the passcode's tries,
  so that asking never slows a teacher's passcode.
- Joining a room: JOINS_PER_ROOM students per address and room at once, a student counted while
  seen in the last PLACE seconds (a phone that brings a token the room did not issue is a new
  one). Half a room of rooms.MAX_STUDENTS: a class of up to 500 behind one school address
  (NAT) fits, and a lecture hall of 1,000 comes in through a campus's several addresses (or
  IPv6, one per phone); one address cannot fill a room, and the places its fakes took free a
  minute after they leave.

Counted in this process: behind a proxy with several replicas, each replica counts its own
(a visitor sticks to one, so a scripted client without cookies spreads over them: the limits
then multiply by the replicas). Bounded: at most MAX_KEYS addresses remembered, oldest first.
"""

import os
import threading
import time
from collections import OrderedDict, deque

OPENS = 5
OPENS_WINDOW = 3600.0
FREE_TRIES = 3
TRY_WAIT = 0.5
TRY_WAIT_MOST = 4.0
WRONG_KEPT = 16  # wrong tries remembered per address: enough to reach TRY_WAIT_MOST
REQUESTS = 10
# Half a room: a school of 500 behind one NAT address fits, one address cannot fill a room. A
# deployment whose whole lecture hall comes through one address sets CNN_VIZ_JOINS_PER_ADDRESS.
JOINS_PER_ROOM = int(os.environ.get("CNN_VIZ_JOINS_PER_ADDRESS", "") or 500)
PLACE = 60.0  # seconds a student holds a place without being seen (as in the rooms: rooms.py)
MAX_KEYS = 50_000


class Limits:
    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._opens = OrderedDict()  # address -> deque of times
        self._wrong = OrderedDict()  # address -> deque of the times of wrong passcodes
        self._requests = OrderedDict()  # address -> deque of times
        self._joins = OrderedDict()  # (address, room) -> {token or ticket: when last seen}

    def may_open(self, address):
        """True, and counted, when this address may open another room now."""
        return self._within(self._opens, address, OPENS)

    def try_wait(self, address):
        """The seconds a passcode try from this address waits before it is checked."""
        with self._lock:
            now, times = self._clock(), self._wrong.get(address, ())
            wrong = sum(now - then <= OPENS_WINDOW for then in times)
        return 0.0 if wrong < FREE_TRIES else min(TRY_WAIT_MOST, TRY_WAIT * 2 ** (wrong - FREE_TRIES))

    def hold_try(self, address):
        """Wait, in the asking session's own thread, as long as try_wait says."""
        wait = self.try_wait(address)
        if wait:
            self._sleep(wait)

    def wrong_try(self, address):
        """Count a wrong passcode from this address."""
        with self._lock:
            times = self._wrong.pop(address, None) or deque(maxlen=WRONG_KEPT)
            times.append(self._clock())
            self._keep(self._wrong, address, times)

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
        """A place's ticket (truthy) when this address may bring another student into this room
        now, else None. Counted are this address's students of the room seen in the last
        PLACE seconds (joined(), seen()) and tickets given that long ago at most: a fake that
        left frees its place a minute later, as in the room itself, and a class behind the
        same address can still join after a script has come and gone."""
        with self._lock:
            key, now = (address, room), self._clock()
            here = {who: when for who, when in self._joins.pop(key, {}).items() if now - when <= PLACE}
            ticket = object() if len(here) < JOINS_PER_ROOM else None
            if ticket is not None:
                here[ticket] = now
            self._keep(self._joins, key, here)
            return ticket

    def joined(self, address, room, ticket, token):
        """The student a ticket let in has this token: seen from now on by it."""
        with self._lock:
            here = self._joins.get((address, room), {})
            here.pop(ticket, None)
        self.seen(address, room, token)

    def seen(self, address, room, token):
        """This address's student of this room is here now (a phone's page looks every 1.5 s)."""
        with self._lock:
            key, now = (address, room), self._clock()
            here = self._joins.pop(key, {})
            here[token] = now
            if len(here) > 2 * JOINS_PER_ROOM:  # a script's tokens: keep the room's live ones only
                here = {who: when for who, when in here.items() if now - when <= PLACE}
            self._keep(self._joins, key, here)

    @staticmethod
    def _keep(table, key, value):
        table[key] = value
        while len(table) > MAX_KEYS:
            table.popitem(last=False)


LIMITS = Limits()
