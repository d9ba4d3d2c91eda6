"""The live class's server side: rooms, the stores that keep them, and the questions asked.

- rooms.py: the `RoomStore` interface, what a room shows (`RoomView`), codes and tokens, and
  the in-process store (for tests)
- sqlite_rooms.py: the same interface in an SQLite file: one instance's default, so a restart
  keeps every room
- redis_rooms.py: the same interface over Redis, shared by every replica of a deployment
- breaker.py: a store that fails costs one sentence and one log line, and no queue
- questions.py: questions made from the lessons' own computation, and how answers are scored

`store()` below picks the store once per process; it sits here, above both stores, so that
neither store imports the other. No Streamlit in this package: cnn_viz/app/classroom/ draws it.
"""

import logging
import os
import sqlite3
import threading
from pathlib import Path

from . import rooms
from .redis_rooms import RedisRooms
from .rooms import InProcessRooms
from .sqlite_rooms import SqliteRooms, fault

# Writable wherever the app runs: a developer's home, the Docker image's user, Community
# Cloud, and deploy/kubernetes (HOME=/tmp, an emptyDir).
DEFAULT_PATH = Path.home() / ".cache" / "cnn-viz" / "rooms.sqlite3"
log = logging.getLogger("cnn_viz.live")

_store = None
_store_lock = threading.Lock()
_checked = False  # check_configuration ran in this process


class RoomsInMemory(InProcessRooms):
    """Standing in for a rooms file that cannot be written (read-only, damaged, locked at
    start-up): the class runs, its rooms end with the process, and /healthz says `why` (503)."""

    def __init__(self, why):
        super().__init__()
        self.why = why


def store():
    """The process's room store: an SQLite file (DEFAULT_PATH, or CNN_VIZ_ROOMS=sqlite:///path)
    unless CNN_VIZ_ROOMS names a Redis (redis://host:6379/0), which every replica of a
    deployment shares, or says "memory" (rooms end with the process)."""
    global _store
    with _store_lock:
        if _store is None:
            try:
                _store = make_store(os.environ.get("CNN_VIZ_ROOMS", "").strip())
            except ValueError as error:  # the operator's typo: the live class says one sentence
                raise rooms.Unavailable("CNN_VIZ_ROOMS is not a room store's address.") from error
        return _store


def make_store(url):
    """The store a CNN_VIZ_ROOMS value names."""
    if url == "memory":
        return InProcessRooms()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisRooms(url)
    if url == "" or url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///")) if url else DEFAULT_PATH
        try:
            return SqliteRooms(path)
        except (OSError, sqlite3.Error) as error:  # a read-only disk: the class still runs, until a restart
            log.warning("Live-class rooms are kept in memory: %s cannot be written (%s).", path, error)
            return RoomsInMemory(f"The live-class rooms file {fault(error)}: rooms are kept in memory until a restart.")
    raise ValueError(
        f"CNN_VIZ_ROOMS must be a redis:// or sqlite:/// URL, 'memory', or unset for {DEFAULT_PATH}; it is {url!r}."
    )


def check_configuration():
    """At start-up: say in one log line what is wrong with CNN_VIZ_ROOMS (never its password),
    or that its Redis does not answer, instead of a visitor meeting it mid-class. Returns the
    line, or None when all is well."""
    global _checked
    if _checked:
        return None
    _checked = True
    url = os.environ.get("CNN_VIZ_ROOMS", "").strip()
    try:
        found = store()
    except rooms.Unavailable:
        scheme = url.split("://", 1)[0] if "://" in url else url[:20]
        line = f"CNN_VIZ_ROOMS is not a room store's address (it begins {scheme!r}): the live class is off."
        log.error(line)
        return line
    if isinstance(found, RedisRooms):
        try:
            found.ping()
        except Exception:  # noqa: BLE001 - any failure: the operator reads the one line
            where = url.split("@")[-1].split("://")[-1]  # host:port/db, without a password
            line = f"The Redis at {where} (CNN_VIZ_ROOMS) does not answer: live classes wait for it."
            log.warning(line)
            return line
    return None


def health():
    """(ok, sentence) for an operator: can the room store write now? Never raises, and waits
    at most the store's own timeout (at once while its breaker is open): health checks never
    queue. The sentence names no path or address (/healthz is public)."""
    found = None
    try:
        found = store()
        kind = type(found).__name__
        if isinstance(found, RoomsInMemory):
            return False, found.why
        if isinstance(found, (RedisRooms, SqliteRooms)):
            found.ping()  # the file: one small write, so a read-only or locked one says so
        else:
            found.view("HEALTH")
    except rooms.Unavailable as error:
        if isinstance(found, SqliteRooms):
            return False, str(error)  # "The live-class rooms file is locked by another process."
        return False, f"The live-class room store does not answer: {type(error).__name__}."
    except Exception as error:  # noqa: BLE001 - the operator reads what is wrong, in one sentence
        return False, f"The live-class room store does not answer: {type(error).__name__}."
    return True, f"The live-class room store ({kind}) answers."
