"""Live-class rooms: a teacher asks, the students answer on their phones.

Everything a room holds sits behind one small interface, `RoomStore`. By default the rooms
live in this process, which needs no set-up and works on Streamlit Community Cloud; a
deployment with several replicas shares them through Redis (redis_rooms.py, chosen by
CNN_VIZ_ROOMS; the factory is `cnn_viz.live.store()`). No Streamlit here.

Who may do what: opening a room gives the teacher a secret token, which only the teacher's
session holds; asking, revealing and closing need it (compared in constant time). Joining
gives a student a token of their own; with it they answer, and nothing else. A room's code
is 6 characters from 32 (about a billion codes for at most MAX_ROOMS rooms), so codes
cannot be enumerated. Everything is bounded: rooms, students per room, answer length,
and a room untouched for ROOM_TTL seconds is gone.
"""

import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
ROOM_TTL = 3 * 3600
MAX_ROOMS = 200
MAX_STUDENTS = 150
MAX_ANSWER = 40  # characters: a number or an option's name
MAX_KEPT = 100  # answers kept per student


@dataclass(frozen=True)
class RoomView:
    """What a room shows now. `answers`: every student's answer to the current question;
    `mine`: the asking student's own answer to it (None if none, or not a student)."""

    code: str
    question: dict | None
    number: int  # how many questions have been asked
    revealed: bool
    joined: int
    answers: tuple
    mine: str | None = None


class RoomStore:
    """The interface. Every method is safe to call from many threads at once."""

    def open(self):
        """A new room: (code, teacher token), or None when the server holds MAX_ROOMS rooms."""
        raise NotImplementedError

    def join(self, code, student=None):
        """A student's token for the room (the same one again when `student` is already in
        it, so a rejoining phone keeps its answers); None for no such room or a full one."""
        raise NotImplementedError

    def ask(self, code, teacher, question):
        """Put a question (a dict with an "id") to the room; False without the teacher's token."""
        raise NotImplementedError

    def reveal(self, code, teacher):
        raise NotImplementedError

    def answer(self, code, student, question_id, value):
        """Record (or change, until the reveal, and until the question's "closes_at" when it
        has one: wall-clock seconds) a student's answer to the current question."""
        raise NotImplementedError

    def view(self, code, student=None):
        """A RoomView, or None for no such room."""
        raise NotImplementedError

    def close(self, code, teacher):
        raise NotImplementedError

    def is_teacher(self, code, teacher):
        """True when `teacher` is this room's teacher token: a reloaded projector, or another
        tab of the teacher's browser, takes its room back with it."""
        raise NotImplementedError

    def results(self, code, teacher):
        """Every question asked in the room (the latest MAX_KEPT), in order, each with all its
        answers: [(question, (answer, ...)), ...]; None without the teacher's token."""
        raise NotImplementedError


class Unavailable(RuntimeError):
    """A shared store that does not answer: the live-class pages say so in one sentence."""


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text):
    """What a student typed, as a code: upper case, no spaces; '' if it cannot be one."""
    code = "".join(str(text or "").split()).upper()
    return code if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) else ""


def closed(question, now=None):
    """True once a question with a countdown ("closes_at", wall-clock seconds) has run out."""
    closes = (question or {}).get("closes_at")
    return isinstance(closes, (int, float)) and (time.time() if now is None else now) > closes


def same_secret(given, kept):
    return isinstance(given, str) and hmac.compare_digest(given.encode(), kept.encode())


@dataclass
class _Room:
    teacher: str
    touched: float
    students: dict = field(default_factory=dict)  # token -> {question id: answer}
    question: dict | None = None
    number: int = 0
    revealed: bool = False
    asked: dict = field(default_factory=dict)  # question id -> question, in the order first asked


class InProcessRooms(RoomStore):
    """Rooms in this process's memory, behind one lock."""

    def __init__(self, clock=time.monotonic):
        self._rooms = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _sweep(self, now):
        for code in [c for c, room in self._rooms.items() if now - room.touched > ROOM_TTL]:
            del self._rooms[code]

    def _room(self, code, now):
        self._sweep(now)
        room = self._rooms.get(code) if isinstance(code, str) else None
        if room is not None:
            room.touched = now
        return room

    def open(self):
        with self._lock:
            now = self._clock()
            self._sweep(now)
            if len(self._rooms) >= MAX_ROOMS:
                return None
            code = new_code()
            while code in self._rooms:
                code = new_code()
            teacher = secrets.token_urlsafe(16)
            self._rooms[code] = _Room(teacher, now)
            return code, teacher

    def join(self, code, student=None):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None:
                return None
            if isinstance(student, str) and student in room.students:
                return student
            if len(room.students) >= MAX_STUDENTS:
                return None
            token = secrets.token_urlsafe(12)
            room.students[token] = {}
            return token

    def ask(self, code, teacher, question):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None or not same_secret(teacher, room.teacher) or "id" not in question:
                return False
            if room.question is None or room.question["id"] != question["id"]:
                room.question, room.revealed, room.number = dict(question), False, room.number + 1
                room.asked.setdefault(question["id"], dict(question))
                while len(room.asked) > MAX_KEPT:
                    room.asked.pop(next(iter(room.asked)))
            return True

    def reveal(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None or not same_secret(teacher, room.teacher) or room.question is None:
                return False
            room.revealed = True
            return True

    def answer(self, code, student, question_id, value):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None or not isinstance(student, str) or student not in room.students:
                return False
            if room.question is None or room.question["id"] != question_id or room.revealed:
                return False
            if closed(room.question):
                return False
            answers = room.students[student]
            answers[question_id] = str(value)[:MAX_ANSWER]
            while len(answers) > MAX_KEPT:  # a long lesson keeps the latest answers
                answers.pop(next(iter(answers)))
            return True

    def view(self, code, student=None):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None:
                return None
            qid = room.question["id"] if room.question else None
            answers = tuple(a[qid] for a in room.students.values() if qid in a)
            mine = room.students.get(student, {}).get(qid) if isinstance(student, str) else None
            question = dict(room.question) if room.question else None
            return RoomView(code, question, room.number, room.revealed, len(room.students), answers, mine)

    def is_teacher(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock())
            return room is not None and same_secret(teacher, room.teacher)

    def results(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock())
            if room is None or not same_secret(teacher, room.teacher):
                return None
            return [
                (dict(q), tuple(a[qid] for a in room.students.values() if qid in a)) for qid, q in room.asked.items()
            ]

    def close(self, code, teacher):
        with self._lock:
            room = self._rooms.get(code)
            if room is None or not same_secret(teacher, room.teacher):
                return False
            del self._rooms[code]
            return True
