"""Live-class rooms in an SQLite file: the default for one instance, so that a restart of the
app (a redeploy, Community Cloud waking up) keeps every room, question and answer. Nothing to
install or run beside the app; the same RoomStore contract as the other stores, tested
against them.

One connection, in WAL mode (readers never wait for the writer, and a crash loses no
committed change), behind one lock: every method is one short transaction. Times are wall
clock seconds (time.time), since they must mean the same after a restart.
"""

import json
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from . import rooms

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY, teacher TEXT NOT NULL, touched REAL NOT NULL,
    question TEXT, number INTEGER NOT NULL DEFAULT 0, revealed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS students (
    code TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (code, token));
CREATE TABLE IF NOT EXISTS asked (
    code TEXT NOT NULL, qid TEXT NOT NULL, question TEXT NOT NULL, PRIMARY KEY (code, qid));
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL, token TEXT NOT NULL, qid TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (code, token, qid));
"""


class SqliteRooms(rooms.RoomStore):
    def __init__(self, path, clock=time.time):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=5)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at every checkpoint, fast
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()
        self._clock = clock

    def _transaction(self, work):
        """Run work(cursor, now) in one IMMEDIATE transaction (another process sharing the
        file waits for it, up to the connection's timeout)."""
        with self._lock:
            cursor = self._db.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                result = work(cursor, self._clock())
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")
            return result

    @staticmethod
    def _sweep(cur, now):
        gone = [row[0] for row in cur.execute("SELECT code FROM rooms WHERE touched < ?", (now - rooms.ROOM_TTL,))]
        for code in gone:
            _delete(cur, code)

    def _room(self, cur, code, now):
        """The room's row (teacher, question, number, revealed), touched; None if there is none."""
        self._sweep(cur, now)
        if not isinstance(code, str):
            return None
        row = cur.execute("SELECT teacher, question, number, revealed FROM rooms WHERE code = ?", (code,)).fetchone()
        if row is not None:
            cur.execute("UPDATE rooms SET touched = ? WHERE code = ?", (now, code))
        return row

    def open(self):
        def work(cur, now):
            self._sweep(cur, now)
            if cur.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] >= rooms.MAX_ROOMS:
                return None
            code = rooms.new_code()
            while cur.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone():
                code = rooms.new_code()
            teacher = secrets.token_urlsafe(16)
            cur.execute("INSERT INTO rooms (code, teacher, touched) VALUES (?, ?, ?)", (code, teacher, now))
            return code, teacher

        return self._transaction(work)

    def join(self, code, student=None):
        def work(cur, now):
            if self._room(cur, code, now) is None:
                return None
            if isinstance(student, str) and _is_student(cur, code, student):
                return student
            if cur.execute("SELECT COUNT(*) FROM students WHERE code = ?", (code,)).fetchone()[0] >= rooms.MAX_STUDENTS:
                return None
            token = secrets.token_urlsafe(12)
            cur.execute("INSERT INTO students (code, token) VALUES (?, ?)", (code, token))
            return token

        return self._transaction(work)

    def ask(self, code, teacher, question):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or not rooms.same_secret(teacher, row[0]) or "id" not in question:
                return False
            current = json.loads(row[1]) if row[1] else None
            if current is None or current["id"] != question["id"]:
                cur.execute(
                    "UPDATE rooms SET question = ?, revealed = 0, number = number + 1 WHERE code = ?",
                    (json.dumps(question), code),
                )
                cur.execute(
                    "INSERT OR IGNORE INTO asked (code, qid, question) VALUES (?, ?, ?)",
                    (code, str(question["id"]), json.dumps(question)),
                )
                cur.execute(  # the latest MAX_KEPT questions
                    "DELETE FROM asked WHERE code = ? AND rowid NOT IN "
                    "(SELECT rowid FROM asked WHERE code = ? ORDER BY rowid DESC LIMIT ?)",
                    (code, code, rooms.MAX_KEPT),
                )
            return True

        return self._transaction(work)

    def reveal(self, code, teacher):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or not rooms.same_secret(teacher, row[0]) or row[1] is None:
                return False
            cur.execute("UPDATE rooms SET revealed = 1 WHERE code = ?", (code,))
            return True

        return self._transaction(work)

    def answer(self, code, student, question_id, value):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or not isinstance(student, str) or not _is_student(cur, code, student):
                return False
            current = json.loads(row[1]) if row[1] else None
            if current is None or current["id"] != question_id or row[3] or rooms.closed(current, now):
                return False
            cur.execute(
                "INSERT OR REPLACE INTO answers (code, token, qid, value) VALUES (?, ?, ?, ?)",
                (code, student, str(question_id), str(value)[: rooms.MAX_ANSWER]),
            )
            cur.execute(  # a long lesson keeps each student's latest answers
                "DELETE FROM answers WHERE code = ? AND token = ? AND rowid NOT IN "
                "(SELECT rowid FROM answers WHERE code = ? AND token = ? ORDER BY rowid DESC LIMIT ?)",
                (code, student, code, student, rooms.MAX_KEPT),
            )
            return True

        return self._transaction(work)

    def view(self, code, student=None):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None:
                return None
            question = json.loads(row[1]) if row[1] else None
            qid = question["id"] if question else None
            answers = tuple(
                value for (value,) in cur.execute("SELECT value FROM answers WHERE code = ? AND qid = ?", (code, qid))
            )
            mine = None
            if isinstance(student, str) and qid is not None:
                found = cur.execute(
                    "SELECT value FROM answers WHERE code = ? AND qid = ? AND token = ?", (code, qid, student)
                ).fetchone()
                mine = found[0] if found else None
            joined = cur.execute("SELECT COUNT(*) FROM students WHERE code = ?", (code,)).fetchone()[0]
            return rooms.RoomView(code, question, row[2], bool(row[3]), joined, answers, mine)

        return self._transaction(work)

    def is_teacher(self, code, teacher):
        def work(cur, now):
            row = self._room(cur, code, now)
            return row is not None and rooms.same_secret(teacher, row[0])

        return self._transaction(work)

    def results(self, code, teacher):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or not rooms.same_secret(teacher, row[0]):
                return None
            asked = cur.execute("SELECT qid, question FROM asked WHERE code = ? ORDER BY rowid", (code,)).fetchall()
            found = []
            for qid, question in asked:
                values = cur.execute("SELECT value FROM answers WHERE code = ? AND qid = ?", (code, qid)).fetchall()
                found.append((json.loads(question), tuple(v for (v,) in values)))
            return found

        return self._transaction(work)

    def close(self, code, teacher):
        def work(cur, now):
            row = cur.execute("SELECT teacher FROM rooms WHERE code = ?", (code,)).fetchone()
            if row is None or not rooms.same_secret(teacher, row[0]):
                return False
            _delete(cur, code)
            return True

        return self._transaction(work)


def _is_student(cur, code, token):
    return cur.execute("SELECT 1 FROM students WHERE code = ? AND token = ?", (code, token)).fetchone() is not None


def _delete(cur, code):
    for table in ("answers", "asked", "students", "rooms"):
        cur.execute(f"DELETE FROM {table} WHERE code = ?", (code,))  # noqa: S608 - our own table names
