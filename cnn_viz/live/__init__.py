"""The live class's server side: rooms, the stores that keep them, and the questions asked.

- rooms.py: the `RoomStore` interface, what a room shows (`RoomView`), codes and tokens, and
  the in-process store
- redis_rooms.py: the same interface over Redis, shared by every replica of a deployment
- questions.py: questions made from the lessons' own computation, and how answers are scored

`store()` below picks the store once per process; it sits here, above both stores, so that
neither store imports the other. No Streamlit in this package: cnn_viz/app/live.py draws it.
"""

import os
import threading

from .redis_rooms import RedisRooms
from .rooms import InProcessRooms

_store = None
_store_lock = threading.Lock()


def store():
    """The process's room store: in this process unless CNN_VIZ_ROOMS names a Redis
    (redis://host:6379/0), which every replica of a deployment shares."""
    global _store
    with _store_lock:
        if _store is None:
            _store = make_store(os.environ.get("CNN_VIZ_ROOMS", "").strip())
        return _store


def make_store(url):
    """The store a CNN_VIZ_ROOMS value names."""
    if url in ("", "memory"):
        return InProcessRooms()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisRooms(url)
    raise ValueError(f"CNN_VIZ_ROOMS must be a redis:// URL, or unset for rooms in this process; it is {url!r}.")
