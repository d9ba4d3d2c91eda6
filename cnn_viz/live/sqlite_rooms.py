"""Live-class rooms in an SQLite file: the default for one instance, so that a restart of the
app (a redeploy, Community Cloud waking up) keeps every room, question and answer. Nothing to
install or run beside the app; the same RoomStore contract as the other stores, tested
against them.

One connection, in WAL mode (readers never wait for the writer, and a crash loses no
committed change), behind one lock: every method is one short transaction. Times are wall
clock seconds (time.time), since they must mean the same after a restart. A file written by
an older version of the schema (PRAGMA user_version) is started afresh: its rooms are lost.

A file that fails fails in words (see breaker.py): locked by another process past TIMEOUT,
read-only or damaged, every call raises rooms.Unavailable (one sentence on the page, one log
line), at once for PAUSE seconds after a failure. A file deleted while the app runs is written
back from this connection, which still holds every room; one that cannot be written at start-up
is left to cnn_viz.live.make_store (rooms in memory).
"""

import contextlib
import json
import logging
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path

from . import rooms
from .breaker import Breaker

log = logging.getLogger("cnn_viz.live")

VERSION = 3  # 3: the rooms' short teacher codes gave way to devices' requests
TABLES = ("answers", "asked", "students", "devices", "rooms")
SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY, teacher TEXT NOT NULL, named INTEGER NOT NULL,
    expires REAL NOT NULL, teacher_seen REAL NOT NULL, question TEXT,
    number INTEGER NOT NULL DEFAULT 0, revealed INTEGER NOT NULL DEFAULT 0, ended INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS students (
    code TEXT NOT NULL, token TEXT NOT NULL, seen REAL NOT NULL, name TEXT NOT NULL DEFAULT '',
    answered INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (code, token));
CREATE TABLE IF NOT EXISTS asked (
    code TEXT NOT NULL, qid TEXT NOT NULL, question TEXT NOT NULL, PRIMARY KEY (code, qid));
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL, token TEXT NOT NULL, qid TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (code, token, qid));
CREATE TABLE IF NOT EXISTS devices (
    code TEXT PRIMARY KEY, secret TEXT NOT NULL, number TEXT NOT NULL, state TEXT NOT NULL, expires REAL NOT NULL);
"""
_ROOM = "SELECT teacher, question, number, revealed, ended, named, teacher_seen FROM rooms WHERE code = ?"
# who counts as joined: answered, or seen lately; in a named class, a phone that has not given its name has not
_JOINED = "SELECT COUNT(*) FROM students WHERE code = ? AND (answered = 1 OR seen >= ?) AND (? = 0 OR name != '')"
_DEVICE = "SELECT secret, number, state FROM devices WHERE code = ? AND expires >= ?"


class SqliteRooms(rooms.RoomStore):
    # A file another process keeps locked must cost a class a sentence, not its time: a call
    # waits at most TIMEOUT for the file's lock (or for the call ahead of it in this process),
    # and after a failure the store answers "unavailable" at once for PAUSE seconds, so phones'
    # polls never queue behind each other. The file's own timeout at start-up stays 5 s: a
    # moment's lock then must not send the rooms to memory for the process's life.
    TIMEOUT = 1.0
    PAUSE = 5.0

    def __init__(self, path, clock=time.time):
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._clock = clock
        self._breaker = Breaker(f"The rooms file {self._path}", self.PAUSE, clock)
        self._db, self._file = self._connect(), _identity(self._path)

    def _connect(self):
        """A connection to the file, its tables made and one write tried: raises sqlite3.Error
        for a file that is read-only, damaged, or locked for more than 5 s."""
        db = sqlite3.connect(str(self._path), check_same_thread=False, isolation_level=None, timeout=5)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable at every checkpoint, fast
            if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - our own table names
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version = {VERSION}")  # a write: a read-only file fails here, not mid-class
        except BaseException:
            db.close()
            raise
        db.execute(f"PRAGMA busy_timeout = {int(self.TIMEOUT * 1000)}")
        return db

    def _transaction(self, work):
        """Run work(cursor, now) in one IMMEDIATE transaction (another process sharing the
        file waits for it, up to TIMEOUT); a file that fails raises rooms.Unavailable."""
        if self._breaker.down() or not self._lock.acquire(timeout=self.TIMEOUT):
            raise rooms.Unavailable(f"The live-class rooms file {self._breaker.reason or 'is busy'}.")
        try:
            if self._breaker.down():  # the call ahead of this one failed while it waited
                raise rooms.Unavailable(f"The live-class rooms file {self._breaker.reason}.")
            self._keep_file()
            result = self._run(work)
        except (OSError, sqlite3.DatabaseError) as error:
            if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError)):
                raise  # a mistake in this code, not the file's
            self._breaker.failed(fault(error))
            raise rooms.Unavailable(f"The live-class rooms file {fault(error)}.") from error
        finally:
            self._lock.release()
        self._breaker.answered()
        return result

    def _run(self, work):
        cursor = self._db.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            result = work(cursor, self._clock())
            cursor.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # a failed COMMIT leaves it open
                cursor.execute("ROLLBACK")
            raise
        return result

    def _keep_file(self):
        """The file deleted while the app runs (a restart would start empty, every class
        lost): this connection still holds it, every room in it, so it is written back. A file
        put in its place is used as it is."""
        found = _identity(self._path)
        if found == self._file:
            return
        if found is None and self._db is not None:
            self._write_back()
            what = "deleted while the app ran: written back, every room in it"
        else:
            what = "replaced while the app ran: its rooms are used now" if found else "deleted: started afresh"
        if self._db is not None:
            self._db.close()
        self._db = None  # until the file opens: each call tries again
        self._db, self._file = self._connect(), _identity(self._path)
        log.warning("The rooms file %s was %s.", self._path, what)

    def _write_back(self):
        spare = self._path.with_name(self._path.name + ".restoring")
        spare.unlink(missing_ok=True)
        copy = sqlite3.connect(str(spare))
        try:
            self._db.backup(copy)
        finally:
            copy.close()
        self._db.close()  # first: its -wal and -shm files at the path are the deleted file's
        self._db = None
        for stale in ("-wal", "-shm"):  # (left by another process holding it too, which reopens)
            self._path.with_name(self._path.name + stale).unlink(missing_ok=True)
        with contextlib.suppress(FileExistsError):  # never over a file another process put back first
            os.link(spare, self._path)
        spare.unlink()

    def ping(self):
        """True when the file takes a write now (/healthz): one small write, or Unavailable
        within TIMEOUT (at once while the breaker is open)."""
        return self._transaction(lambda cur, now: cur.execute(f"PRAGMA user_version = {VERSION}") is not None)

    @staticmethod
    def _room(cur, code, now, teacher=rooms.ANYONE):
        """The room's row (teacher, question, number, revealed, ended, named, teacher_seen),
        None if there is none; with `teacher`, only for its teacher, and kept."""
        for (gone,) in cur.execute("SELECT code FROM rooms WHERE expires < ?", (now,)).fetchall():
            _delete(cur, gone)
        if not isinstance(code, str):
            return None
        row = cur.execute(_ROOM, (code,)).fetchone()
        if row is not None and teacher is not rooms.ANYONE:
            if not rooms.same_secret(teacher, row[0]):
                return None
            has_students = cur.execute("SELECT 1 FROM students WHERE code = ? LIMIT 1", (code,)).fetchone()
            expires = now + rooms.lifetime(has_students is not None)
            cur.execute("UPDATE rooms SET expires = ?, teacher_seen = ? WHERE code = ?", (expires, now, code))
        return row

    def _looked(self, cur, code, now, teacher):
        """(the room's row, when its teacher last looked) for a look at it (view, news); a
        look with the teacher's token keeps the room: its teacher is here now. (None, None)
        for no such room."""
        row = self._room(cur, code, now)
        if row is None:
            return None, None
        if teacher is not None and self._room(cur, code, now, teacher) is not None:
            return row, now
        return row, row[6]

    def open(self, named=False):
        def work(cur, now):
            self._room(cur, None, now)
            if cur.execute("SELECT COUNT(*) FROM rooms").fetchone()[0] >= rooms.MAX_ROOMS:
                return None
            code = rooms.new_code()
            while cur.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone():
                code = rooms.new_code()
            teacher = secrets.token_urlsafe(16)
            cur.execute(
                "INSERT INTO rooms (code, teacher, named, expires, teacher_seen) VALUES (?, ?, ?, ?, ?)",
                (code, teacher, int(bool(named)), now + rooms.EMPTY_TTL, now),
            )
            return code, teacher

        return self._transaction(work)

    def join(self, code, student=None, name=None):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or row[4]:
                return None
            token = student if isinstance(student, str) and _is_student(cur, code, student) else None
            if token is None:
                if not _make_way(cur, code, now):
                    return rooms.FULL
                token = secrets.token_urlsafe(12)
                cur.execute("INSERT INTO students (code, token, seen) VALUES (?, ?, ?)", (code, token, now))
            cur.execute("UPDATE students SET seen = ? WHERE code = ? AND token = ?", (now, code, token))
            if row[5] and rooms.clean_name(name):
                cur.execute(
                    "UPDATE students SET name = ? WHERE code = ? AND token = ?", (rooms.clean_name(name), code, token)
                )
            return token

        return self._transaction(work)

    def ask(self, code, teacher, question):
        def work(cur, now):
            row = self._room(cur, code, now, teacher)
            if row is None or row[4] or "id" not in question:
                return False
            current = json.loads(row[1]) if row[1] else None
            if current is None or current["id"] != question["id"]:
                cur.execute(
                    "UPDATE rooms SET question = ?, revealed = 0, number = number + ? WHERE code = ?",
                    (json.dumps(question), int(not rooms.first_of(question)), code),  # a second vote keeps its number
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
            row = self._room(cur, code, now, teacher)
            if row is None or row[4] or row[1] is None:
                return False
            cur.execute("UPDATE rooms SET revealed = 1 WHERE code = ?", (code,))
            return True

        return self._transaction(work)

    def answer(self, code, student, question_id, value):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or row[4] or not isinstance(student, str) or not _is_student(cur, code, student):
                return False
            current = json.loads(row[1]) if row[1] else None
            if current is None or current["id"] != question_id or row[3] or rooms.closed(current, now):
                return False
            cur.execute(
                "INSERT OR REPLACE INTO answers (code, token, qid, value) VALUES (?, ?, ?, ?)",
                (code, student, str(question_id), str(value)[: rooms.MAX_ANSWER]),
            )
            cur.execute("UPDATE students SET seen = ?, answered = 1 WHERE code = ? AND token = ?", (now, code, student))
            cur.execute(  # a long lesson keeps each student's latest answers
                "DELETE FROM answers WHERE code = ? AND token = ? AND rowid NOT IN "
                "(SELECT rowid FROM answers WHERE code = ? AND token = ? ORDER BY rowid DESC LIMIT ?)",
                (code, student, code, student, rooms.MAX_KEPT),
            )
            return True

        return self._transaction(work)

    def view(self, code, student=None, teacher=None):
        def work(cur, now):
            row, teacher_seen = self._looked(cur, code, now, teacher)
            if row is None:
                return None
            question = json.loads(row[1]) if row[1] else None
            qid = question["id"] if question else None
            answers = tuple(
                value for (value,) in cur.execute("SELECT value FROM answers WHERE code = ? AND qid = ?", (code, qid))
            )
            mine = my_name = mine_first = None
            again = rooms.first_of(question)
            pairs = ()
            if again:
                pairs = tuple(
                    cur.execute(
                        "SELECT a.value, b.value FROM answers a LEFT JOIN answers b ON b.code = a.code "
                        "AND b.token = a.token AND b.qid = ? WHERE a.code = ? AND a.qid = ? ORDER BY a.rowid",
                        (qid, code, again),
                    )
                )
            if isinstance(student, str) and _is_student(cur, code, student):
                cur.execute("UPDATE students SET seen = ? WHERE code = ? AND token = ?", (now, code, student))
                found = cur.execute(
                    "SELECT value FROM answers WHERE code = ? AND qid = ? AND token = ?", (code, qid, student)
                ).fetchone()
                mine = found[0] if found else None
                name = cur.execute("SELECT name FROM students WHERE code = ? AND token = ?", (code, student)).fetchone()
                my_name = name[0] or None
                if again:
                    found = cur.execute(
                        "SELECT value FROM answers WHERE code = ? AND qid = ? AND token = ?", (code, again, student)
                    ).fetchone()
                    mine_first = found[0] if found else None
            joined = cur.execute(_JOINED, (code, now - rooms.ACTIVE, row[5])).fetchone()[0]
            return rooms.RoomView(
                code,
                question,
                row[2],
                bool(row[3]),
                joined,
                answers,
                mine,
                bool(row[5]),
                my_name,
                now - teacher_seen > rooms.AWAY,
                bool(row[4]),
                pairs,
                mine_first,
            )

        return self._transaction(work)

    def news(self, code, students=(), teacher=None):
        def work(cur, now):
            row, teacher_seen = self._looked(cur, code, now, teacher)
            if row is None:
                return None
            tokens = [(now, code, token) for token in students if isinstance(token, str)]
            cur.executemany("UPDATE students SET seen = ? WHERE code = ? AND token = ?", tokens)
            question = json.loads(row[1]) if row[1] else None
            qid = question["id"] if question else None
            answers = cur.execute("SELECT COUNT(*) FROM answers WHERE code = ? AND qid = ?", (code, qid)).fetchone()[0]
            joined = cur.execute(_JOINED, (code, now - rooms.ACTIVE, row[5])).fetchone()[0]
            stamp = rooms.news_stamp(question, row[3], row[4], now - teacher_seen > rooms.AWAY, now)
            return rooms.News(stamp, answers, joined)

        return self._transaction(work)

    def is_teacher(self, code, teacher):
        return self._transaction(lambda cur, now: self._room(cur, code, now, teacher) is not None)

    def is_student(self, code, student):
        def work(cur, now):
            found = self._room(cur, code, now) is not None and isinstance(student, str)
            return found and _is_student(cur, code, student)

        return self._transaction(work)

    def request_device(self, code):
        def work(cur, now):
            row = self._room(cur, code, now)
            if row is None or row[4]:
                return None
            replaced = cur.execute(_DEVICE, (code, now)).fetchone()
            secret, number = secrets.token_urlsafe(16), rooms.new_number(replaced[1] if replaced else None)
            cur.execute(
                "INSERT OR REPLACE INTO devices (code, secret, number, state, expires) VALUES (?, ?, ?, ?, ?)",
                (code, secret, number, rooms.WAITING, now + rooms.DEVICE_TTL),
            )
            return secret, number

        return self._transaction(work)

    def device_request(self, code, teacher):
        def work(cur, now):
            row = self._room(cur, code, now, teacher)
            found = cur.execute(_DEVICE, (code, now)).fetchone() if row is not None and not row[4] else None
            return found[1] if found and found[2] == rooms.WAITING else None

        return self._transaction(work)

    def allow_device(self, code, teacher, number):
        return self._decide(code, teacher, number, rooms.ALLOWED)

    def refuse_device(self, code, teacher, number):
        return self._decide(code, teacher, number, rooms.REFUSED)

    def _decide(self, code, teacher, number, state):
        def work(cur, now):
            row = self._room(cur, code, now, teacher)
            if row is None or row[4] or not isinstance(number, str):
                return False
            done = cur.execute(  # the phone has DEVICE_TTL seconds to claim
                "UPDATE devices SET state = ?, expires = ? "
                "WHERE code = ? AND number = ? AND state = ? AND expires >= ?",
                (state, now + rooms.DEVICE_TTL, code, number, rooms.WAITING, now),
            )
            return done.rowcount == 1

        return self._transaction(work)

    def claim_device(self, code, secret):
        def work(cur, now):
            row = self._room(cur, code, now)
            found = cur.execute(_DEVICE, (code, now)).fetchone() if row is not None and not row[4] else None
            if found is None or not rooms.same_secret(secret, found[0]):
                return None
            if found[2] == rooms.WAITING:
                return rooms.WAITING
            cur.execute("DELETE FROM devices WHERE code = ?", (code,))  # once
            return row[0] if found[2] == rooms.ALLOWED else rooms.REFUSED

        return self._transaction(work)

    def results(self, code, teacher):
        def work(cur, now):
            if self._room(cur, code, now, teacher) is None:
                return None
            asked = cur.execute("SELECT qid, question FROM asked WHERE code = ? ORDER BY rowid", (code,)).fetchall()
            found = []
            for qid, question in asked:
                given = cur.execute(
                    "SELECT s.name, a.value FROM answers a JOIN students s ON s.code = a.code AND s.token = a.token "
                    "WHERE a.code = ? AND a.qid = ? ORDER BY s.rowid",
                    (code, qid),
                ).fetchall()
                found.append((json.loads(question), tuple(given)))
            return found

        return self._transaction(work)

    def close(self, code, teacher):
        def work(cur, now):
            if self._room(cur, code, now, teacher) is None:
                return False
            cur.execute("UPDATE rooms SET ended = 1, question = NULL, revealed = 0 WHERE code = ?", (code,))
            return True

        return self._transaction(work)


def _is_student(cur, code, token):
    return cur.execute("SELECT 1 FROM students WHERE code = ? AND token = ?", (code, token)).fetchone() is not None


def _count(cur, code):
    return cur.execute("SELECT COUNT(*) FROM students WHERE code = ?", (code,)).fetchone()[0]


def _make_way(cur, code, now):
    """Whether a new student has a place in the room, forgetting (see rooms.py) who left
    without answering, then, past rooms.kept_students(), who answered and left longest ago."""
    away = now - rooms.ACTIVE
    if _count(cur, code) >= rooms.MAX_STUDENTS:
        cur.execute("DELETE FROM students WHERE code = ? AND answered = 0 AND seen < ?", (code, away))
    extra = _count(cur, code) - rooms.kept_students() + 1
    if extra > 0:
        cur.execute(
            "DELETE FROM students WHERE rowid IN "
            "(SELECT rowid FROM students WHERE code = ? AND seen < ? ORDER BY seen LIMIT ?)",
            (code, away, extra),
        )
        cur.execute(
            "DELETE FROM answers WHERE code = ? AND token NOT IN (SELECT token FROM students WHERE code = ?)",
            (code, code),
        )
    here = cur.execute("SELECT COUNT(*) FROM students WHERE code = ? AND seen >= ?", (code, away)).fetchone()[0]
    return here < rooms.MAX_STUDENTS


def _identity(path):
    """Which file is at `path` now (device, inode); None when there is none."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return found.st_dev, found.st_ino


def fault(error):
    """What is wrong with the rooms file, in words without its path (for /healthz and the log)."""
    if isinstance(error, OSError):
        return f"cannot be written ({error.strerror or type(error).__name__})"
    text = str(error).lower()
    for words, what in (
        ("locked", "is locked by another process"),
        ("readonly", "is read-only"),
        ("not a database", "is damaged"),
        ("malformed", "is damaged"),
        ("full", "has no room left on its disk"),
        ("disk i/o", "cannot be read or written (a disk I/O error)"),
        ("unable to open", "cannot be opened"),
    ):
        if words in text:
            return what
    return f"fails ({error})"


def _delete(cur, code):
    for table in TABLES:
        cur.execute(f"DELETE FROM {table} WHERE code = ?", (code,))  # noqa: S608 - our own table names
