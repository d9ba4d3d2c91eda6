"""The room store fails in words: an SQLite rooms file that is locked by another process,
read-only, damaged or deleted costs the page one sentence (the teacher's panel, the phone,
the join page) and the log one line, the lesson goes on, /healthz says the store cannot write
(503), and no phone waits behind another for longer than the store's own timeout.

How each fault is made: the lock by a second process holding `BEGIN IMMEDIATE`; a read-only
file with `chattr +i` when the tests run as root (root writes through chmod's bits; the
immutable flag stops root too, and SQLite then opens the file read-only, exactly as for
anyone else's 0444 file), else with chmod 0444; a file that turns read-only mid-class (a disk
remounted read-only) with `PRAGMA query_only` on the store's own connection, which fails
writes with the same SQLite error; damage by garbage bytes over the file; deletion by removing
the file and its -wal and -shm.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest
import streamlit as st

from cnn_viz import live
from cnn_viz.app.server import http_guard
from cnn_viz.live import rooms
from cnn_viz.live.sqlite_rooms import SqliteRooms
from tests.apptest import all_text, open_page
from tests.test_http_guard import call
from tests.test_http_guard import streamlit as behind

DOWN = "The live class cannot reach its rooms right now"
LIVE = "pages/10_Live_class.py"
LESSON = "pages/2_Convolution.py"
HOLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
"""


class Clock:
    """The store's clock, moved by hand past the breaker's pause."""

    def __init__(self):
        self.now = time.time()

    def __call__(self):
        return self.now


@contextlib.contextmanager
def locked(path):
    """Another process holds the file's write lock until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@contextlib.contextmanager
def read_only(path):
    """The file cannot be opened for writing by this process (see the module's note)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        undo = ["chattr", "-i", str(path)]
    else:
        path.chmod(0o444)
        undo = None
    try:
        yield
    finally:
        if undo:
            subprocess.run(undo, check=True)
        path.chmod(0o644)


def at_once(fn, n):
    """Call fn() from n threads at the same moment; (the slowest call's seconds, the results)."""
    results, took = [None] * n, [0.0] * n
    barrier = threading.Barrier(n)

    def one(i):
        barrier.wait()
        started = time.monotonic()
        try:
            results[i] = fn()
        except rooms.Unavailable as error:
            results[i] = error
        took[i] = time.monotonic() - started

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return max(took), results


def warnings(caplog, words):
    return [r for r in caplog.records if r.levelname == "WARNING" and words in r.getMessage()]


def healthz():
    status, body = call(http_guard.HttpGuard(behind), "GET", "/healthz")
    return status, json.loads(body)


def test_a_file_locked_by_another_process_costs_a_second_once_then_a_sentence(tmp_path, monkeypatch, caplog):
    path, clock = tmp_path / "rooms.sqlite3", Clock()
    store = SqliteRooms(path, clock)
    monkeypatch.setattr(live, "_store", store)
    teacher = open_page(LESSON, presenter=1)
    teacher.button(key="live_start").click().run()
    code = re.search(r"Room (\w{6})", all_text(teacher)).group(1)
    phones = [store.join(code) for _ in range(20)]
    with locked(path):
        slowest, seen = at_once(lambda: store.view(code, phones.pop()), 20)
        assert all(isinstance(s, rooms.Unavailable) for s in seen)
        assert slowest < 2 * SqliteRooms.TIMEOUT + 0.5, "no phone waits behind another (before: 5, 10 ... 100 s)"
        slowest, answers = at_once(live.health, 40)
        assert slowest < SqliteRooms.TIMEOUT and set(answers) == {
            (False, "The live-class rooms file is locked by another process.")
        }
        assert healthz() == (503, {"app": "ok", "rooms": "down", "detail": answers[0][1]})
        teacher.run()
        assert not teacher.exception and DOWN in all_text(teacher), "the teacher's panel: one sentence"
        assert "Convolution" in all_text(teacher), "the lesson goes on"
        phone = open_page(LIVE, room=code)  # the join link
        assert not phone.exception and DOWN in all_text(phone) and "Live class" in all_text(phone)
        assert all_text(phone).count(DOWN) == 1 and retries(phone) == 1, "one sentence, then it tries again"
        clock.now += SqliteRooms.PAUSE + 0.1
        with pytest.raises(rooms.Unavailable, match="locked"):
            store.view(code)  # tried again once the pause is over: still locked
    assert len(warnings(caplog, "is locked by another process")) == 1, "one log line, not one per poll"
    clock.now += SqliteRooms.PAUSE + 0.1
    assert store.view(code).joined == 20 and live.health()[0], "the lock gone, the class goes on"
    teacher.run()
    assert DOWN not in all_text(teacher) and code in all_text(teacher)
    phone.run()  # what the phone's retry does once the store answers: the page again, joined
    assert DOWN not in all_text(phone) and f"Room {code}" in all_text(phone) and retries(phone) == 0


def retries(at):
    """How many fragments that look at the store every 3 s the page drew (live._retry)."""

    def count(node):
        here = getattr(node, "key", None) == "live_retry"
        return here + sum(count(child) for child in getattr(node, "children", {}).values())

    return count(at._tree)


def test_a_read_only_file_keeps_the_rooms_in_memory_and_says_so(tmp_path, monkeypatch, caplog):
    path = tmp_path / "rooms.sqlite3"
    SqliteRooms(path)._db.close()
    with read_only(path):
        found = live.make_store(f"sqlite:///{path}")
    assert isinstance(found, live.RoomsInMemory) and len(warnings(caplog, "kept in memory")) == 1
    monkeypatch.setattr(live, "_store", found)
    detail = "The live-class rooms file is read-only: rooms are kept in memory until a restart."
    assert live.health() == (False, detail) and healthz()[0] == 503
    teacher = open_page(LESSON, presenter=1)
    teacher.button(key="live_start").click().run()
    assert not teacher.exception and re.search(r"Room (\w{6})", all_text(teacher)), "Start a live class works"


def test_a_file_that_turns_read_only_mid_class_costs_a_sentence(tmp_path, monkeypatch, caplog):
    path = tmp_path / "rooms.sqlite3"
    store = SqliteRooms(path)
    code, token = store.open()
    monkeypatch.setattr(live, "_store", store)
    store._db.execute("PRAGMA query_only = ON")  # writes now fail as on a disk remounted read-only
    assert live.health() == (False, "The live-class rooms file is read-only.")
    with pytest.raises(rooms.Unavailable, match="read-only"):
        store.join(code)
    teacher = open_page(LESSON, presenter=1)
    teacher.button(key="live_start").click().run()
    assert not teacher.exception and DOWN in all_text(teacher) and "Convolution" in all_text(teacher)
    phone = open_page(LIVE, room=code)
    assert not phone.exception and DOWN in all_text(phone)
    assert len(warnings(caplog, "is read-only")) == 1


def test_a_damaged_file_keeps_the_rooms_in_memory_and_the_teacher_hears_the_room_is_gone(tmp_path, monkeypatch, caplog):
    path = tmp_path / "rooms.sqlite3"
    store = SqliteRooms(path)
    code, token = store.open()
    store._db.close()
    path.write_bytes(bytes(range(256)) * 64)  # garbage where the rooms were
    found = live.make_store(f"sqlite:///{path}")
    assert isinstance(found, live.RoomsInMemory) and len(warnings(caplog, "kept in memory")) == 1
    monkeypatch.setattr(live, "_store", found)
    detail = "The live-class rooms file is damaged: rooms are kept in memory until a restart."
    assert healthz() == (503, {"app": "ok", "rooms": "down", "detail": detail})
    teacher = with_cookie(monkeypatch, f"{code}.{token}")
    assert f"Room {code} is no longer on this server" in all_text(teacher) and not teacher.exception
    teacher.button(key="live_start").click().run()
    assert re.search(r"Room (\w{6})", all_text(teacher)).group(1) != code, "a new class starts"


def with_cookie(monkeypatch, value):
    """A presenter's page in a browser holding the teacher's cookie (AppTest sends none)."""
    monkeypatch.setattr(type(st.context), "cookies", property(lambda self: {"cnnviz_teacher": value}))
    return open_page(LESSON, presenter=1)


def test_a_file_deleted_mid_class_is_written_back_with_every_room(tmp_path, caplog):
    path = tmp_path / "rooms.sqlite3"
    store = SqliteRooms(path)
    code, teacher = store.open()
    student = store.join(code)
    assert store.ask(code, teacher, {"id": "q1", "kind": "conv_size", "options": None, "answer": "3"})
    for gone in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
        gone.unlink(missing_ok=True)  # rm rooms.sqlite3*
    assert store.answer(code, student, "q1", "3"), "the class goes on"
    assert path.is_file() and len(warnings(caplog, "was deleted while the app ran")) == 1
    store._db.close()
    restarted = SqliteRooms(path)
    assert restarted.view(code, student).mine == "3" and restarted.is_teacher(code, teacher), "a restart keeps it"


def test_a_file_deleted_while_the_app_was_stopped_tells_the_teacher_the_room_is_gone(tmp_path, monkeypatch):
    path = tmp_path / "rooms.sqlite3"
    before = SqliteRooms(path)
    code, token = before.open()
    before._db.close()
    path.unlink()
    monkeypatch.setattr(live, "_store", SqliteRooms(path))  # the restart makes a new, empty file
    teacher = with_cookie(monkeypatch, f"{code}.{token}")
    assert not teacher.exception and f"Room {code} is no longer on this server" in all_text(teacher)
    assert "Convolution" in all_text(teacher) and teacher.button(key="live_start")
    teacher.run()
    assert f"Room {code} is no longer on this server" not in all_text(teacher), "said once"


def test_a_redis_that_does_not_answer_is_one_log_line_an_outage(caplog):
    from cnn_viz.live.redis_rooms import RedisRooms
    from tools import st_client

    clock = Clock()
    store = RedisRooms(f"redis://127.0.0.1:{st_client.free_port()}/0", clock=clock)  # nothing listens there
    for _ in range(5):  # a class's polls over half a minute: tried again after every pause
        for _ in range(10):
            with pytest.raises(rooms.Unavailable):
                store.view("ABCDEF")
        clock.now += RedisRooms.PAUSE + 0.1
    assert len(warnings(caplog, "The Redis at CNN_VIZ_ROOMS is not answering")) == 1
