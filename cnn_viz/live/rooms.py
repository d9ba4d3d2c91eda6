"""Live-class rooms: a teacher asks, the students answer on their phones.

Everything a room holds sits behind one small interface, `RoomStore`, kept by three stores
under one contract (tests/test_live.py runs it on each): an SQLite file, one instance's
default (sqlite_rooms.py); Redis, shared by the replicas of a deployment (redis_rooms.py);
and this process's memory, for tests (below). The factory is `cnn_viz.live.store()`. No
Streamlit here.

Who may do what: opening a room gives the teacher a secret token, which only the teacher's
browser holds (a cookie); asking, revealing and ending need it (compared in constant time).
Another device of the teacher's (their phone) asks for it: the store gives that device a
secret of its own and a 3-digit number; the projector shows the number and the teacher
allows it there; the device then trades its secret for the token, once. No secret ever
stands on a shared screen. Joining gives a student a token of their own; with it they
answer, and nothing else.
A room's code is 6 characters from 32 (about a billion codes), so codes cannot be enumerated.

How long a room lives, so that nobody can hold rooms they do not use: only the teacher's
activity (asking, revealing, the projector's view) keeps a room, for ROOM_TTL seconds, or
EMPTY_TTL while no student has joined; students' joins and views never extend it. A class
that ended keeps its results until then.

Who holds a place (MAX_STUDENTS of them): a student seen (joining, looking, answering) in the
last ACTIVE seconds. A departed phone, or a script's fake, frees its place a minute later,
whether it answered or not; its answers stay in the results, and the same phone coming back
(its token) always gets back in. A room remembers at most kept_students() students: past
that, one who left without answering is forgotten first, then the one who answered and left
longest ago, with their answers.
"""

import hmac
import secrets
import threading
import time
import unicodedata
from dataclasses import dataclass, field

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 6
ROOM_TTL = 3 * 3600  # a lesson and then some, after the teacher's last action
EMPTY_TTL = 10 * 60  # a room no student joined
ACTIVE = 60  # seconds: a student not seen for this long has left, and their place is free
AWAY = 15  # seconds: a projector silent this long (it looks every REFRESH) is away
MAX_ROOMS = 1000  # cheap (a few kB a room); a script is held back by limits.py, not by this
MAX_STUDENTS = 1000  # a lecture hall: waiting phones cost one look at the room (app/server/news.py)
MAX_ANSWER = 40  # characters: a number or an option's name
MAX_NAME = 20  # characters of a student's nickname
MAX_KEPT = 100  # questions kept per room, and answers per student
ANYONE = object()  # a store's look at a room that checks no teacher token
FULL = "full"  # join's answer for a room with no place left (never a token: those are longer)
DEVICE_TTL = 120  # seconds a device's request waits for the teacher (and, allowed, for its claim)
WAITING, ALLOWED, REFUSED = "waiting", "allowed", "refused"  # a request's state; never a token


@dataclass(frozen=True)
class RoomView:
    """What a room shows now. `answers`: every student's answer to the current question;
    `mine`: the asking student's own answer to it (None if none, or not a student);
    `joined`: the students who answered or are still here; `my_name`: the asking student's
    nickname; `teacher_away`: the teacher's projector has not looked for AWAY seconds;
    `ended`: the teacher ended the class (its results are kept until the room expires).

    A second vote on a question (peer instruction: vote, discuss, vote again) is a question
    of its own whose "again_of" names the first; for it, `first` pairs each student's first
    answer with their second (None until given), for every student who voted the first
    time, and `mine_first` is the asking student's first answer."""

    code: str
    question: dict | None
    number: int  # the open question's number: how many have been asked, a second vote not counted
    revealed: bool
    joined: int
    answers: tuple
    mine: str | None = None
    named: bool = False
    my_name: str | None = None
    teacher_away: bool = False
    ended: bool = False
    first: tuple = ()
    mine_first: str | None = None


@dataclass(frozen=True)
class News:
    """What a waiting page watches of a room, read in one cheap look (RoomStore.news): `stamp`
    changes when a phone has something new to draw (another question, the reveal, the end, time
    up, the teacher away or back), `answers` (to the current question) and `joined` when the
    projector has."""

    stamp: str
    answers: int
    joined: int


def news_stamp(question, revealed, ended, away, now):
    """The stamp of a room's moment: what a phone's page draws depends on nothing else."""
    qid = question["id"] if question else ""
    return f"{qid}|{int(bool(revealed))}|{int(bool(ended))}|{int(bool(away))}|{int(closed(question, now))}"


def view_stamp(view, now):
    """The stamp RoomStore.news gives at the moment of `view` (RoomView): a page that has just
    read the room knows its stamp without a second look."""
    return news_stamp(view.question, view.revealed, view.ended, view.teacher_away, now)


class RoomStore:
    """The interface. Every method is safe to call from many threads at once. A teacher's
    call (with the teacher's token) keeps the room alive; nothing else does."""

    def open(self, named=False):
        """A new room: (code, teacher token), or None when the server holds MAX_ROOMS rooms.
        `named`: the students give a nickname when they join."""
        raise NotImplementedError

    def join(self, code, student=None, name=None):
        """A student's token for the room (the same one again when `student` is in it, so a
        rejoining phone keeps its answers; `name` sets its nickname in a named room); FULL
        when the room has no place left; None for no such room, or one that ended."""
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

    def view(self, code, student=None, teacher=None):
        """A RoomView, or None for no such room. With the teacher's token: the projector's
        look, which keeps the room and tells the phones the teacher is there."""
        raise NotImplementedError

    def close(self, code, teacher):
        """End the class: no more questions or answers; the results stay until it expires."""
        raise NotImplementedError

    def news(self, code, students=(), teacher=None):
        """The room's News, or None for no such room: one look for every page of a replica
        that waits on this room (cnn_viz/app/server/news.py), however many. `students`: the
        tokens of the phones waiting, seen now (they hold their places as a view would);
        `teacher`: the projector's token, which keeps the room as the projector's view does.
        Costs no more than counting the room's students, whatever the phones."""
        raise NotImplementedError

    def is_teacher(self, code, teacher):
        """True when `teacher` is this room's teacher token: a reloaded projector, or another
        tab of the teacher's browser, takes its room back with it."""
        raise NotImplementedError

    def request_device(self, code):
        """A device asks to run the class: (its secret, a 3-digit number), or None for no such
        room or one that ended. The room keeps only this, its latest request, for DEVICE_TTL
        seconds; the number differs from the one it replaces. Callers limit the asks (limits.py)."""
        raise NotImplementedError

    def device_request(self, code, teacher):
        """The number of the room's request still waiting for the teacher, or None (none, or
        not the teacher's token): what the projector shows."""
        raise NotImplementedError

    def allow_device(self, code, teacher, number):
        """Allow the waiting request with this number, and only it (a request that replaced it
        in between has another): True when done."""
        raise NotImplementedError

    def refuse_device(self, code, teacher, number):
        """Refuse the waiting request with this number: True when done."""
        raise NotImplementedError

    def claim_device(self, code, secret):
        """For the requesting device's secret: the teacher's token once allowed (given once:
        the request is gone after), REFUSED once refused, WAITING until either; None for no
        such request (expired, replaced, already claimed) or a room gone or ended."""
        raise NotImplementedError

    def is_student(self, code, student):
        """True when the room issued this student token (a rejoining phone); a token it did
        not (made up, another room's, forgotten) joins as a new student, counted by limits.py."""
        raise NotImplementedError

    def results(self, code, teacher):
        """Every question asked in the room (the latest MAX_KEPT), in order, each with every
        answer and who gave it: [(question, ((nickname or "", answer), ...)), ...], nicknames
        in a named room only; None without the teacher's token."""
        raise NotImplementedError


class Unavailable(RuntimeError):
    """A shared store that does not answer: the live-class pages say so in one sentence."""


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text):
    """What a student typed, as a code: upper case, no spaces; '' if it cannot be one."""
    code = "".join(str(text or "").split()).upper()
    return code if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) else ""


def clean_name(text):
    """A nickname as kept: printable characters only, spaces collapsed, at most MAX_NAME
    characters; '' when nothing is left. (Shown as text, escaped, never as markup.)"""
    kept = "".join(c for c in str(text or "") if unicodedata.category(c)[0] not in "CZ" or c == " ")
    return " ".join(kept.split())[:MAX_NAME].strip()


def closed(question, now=None):
    """True once a question with a countdown ("closes_at", wall-clock seconds) has run out."""
    closes = (question or {}).get("closes_at")
    return isinstance(closes, (int, float)) and (time.time() if now is None else now) > closes


def first_of(question):
    """The id of the question a second vote is about, or None (not a second vote)."""
    again = (question or {}).get("again_of")
    return again if isinstance(again, str) and again else None


def same_secret(given, kept):
    return isinstance(given, str) and isinstance(kept, str) and hmac.compare_digest(given.encode(), kept.encode())


def new_number(replaced=None):
    """A device request's number, "100" to "999": not a secret (the projector shows it), only
    what tells the teacher which device they allow, so never the number it replaces."""
    number = str(100 + secrets.randbelow(900))
    return number if number != replaced else new_number(replaced)


def kept_students():
    """How many students a room remembers: its places, and as many who answered and left."""
    return 2 * MAX_STUDENTS


def lifetime(has_students):
    """How long a teacher's action keeps the room."""
    return ROOM_TTL if has_students else EMPTY_TTL


@dataclass
class _Student:
    seen: float
    name: str = ""
    answers: dict = field(default_factory=dict)  # question id -> answer

    def here(self, now):
        """Holds a place: seen in the last ACTIVE seconds."""
        return now - self.seen <= ACTIVE

    def joined(self, now):
        """Counts as joined: here, or answered."""
        return bool(self.answers) or self.here(now)


@dataclass
class _Device:
    """A device's request to run the room's class."""

    secret: str
    number: str
    expires: float
    state: str = WAITING


@dataclass
class _Room:
    teacher: str
    named: bool
    expires: float
    teacher_seen: float
    students: dict = field(default_factory=dict)  # token -> _Student
    question: dict | None = None
    number: int = 0
    revealed: bool = False
    ended: bool = False
    asked: dict = field(default_factory=dict)  # question id -> question, in the order first asked
    device: _Device | None = None  # the latest device request, while it lasts

    def keep(self, now):
        """The teacher acted: the room lives on."""
        self.expires, self.teacher_seen = now + lifetime(bool(self.students)), now

    def request(self, now):
        """The device request, while it lasts and the class runs; else None."""
        if self.ended or self.device is None or self.device.expires < now:
            return None
        return self.device


def _make_way(room, now):
    """Whether a new student has a place in the room, forgetting (see the module's note)
    who left without answering, then, past kept_students(), who answered and left longest ago."""
    students = room.students
    if len(students) >= MAX_STUDENTS:
        room.students = students = {t: s for t, s in students.items() if s.answers or s.here(now)}
    if len(students) >= kept_students():
        gone = sorted((s.seen, t) for t, s in students.items() if not s.here(now))
        for _, token in gone[: len(students) - kept_students() + 1]:
            del students[token]
    return sum(s.here(now) for s in students.values()) < MAX_STUDENTS


class InProcessRooms(RoomStore):
    """Rooms in this process's memory, behind one lock."""

    def __init__(self, clock=time.monotonic):
        self._rooms = {}
        self._lock = threading.Lock()
        self._clock = clock

    def _room(self, code, now, teacher=ANYONE):
        """The room (None if none or expired); with `teacher`, only for its teacher, and kept."""
        for gone in [c for c, room in self._rooms.items() if room.expires < now]:
            del self._rooms[gone]
        room = self._rooms.get(code) if isinstance(code, str) else None
        if room is not None and teacher is not ANYONE:
            if not same_secret(teacher, room.teacher):
                return None
            room.keep(now)
        return room

    def _looked(self, code, now, teacher):
        """The room for a look at it (view, news), None if none; a look with the teacher's
        token (the projector's) keeps it."""
        room = self._room(code, now)
        if room is not None and teacher is not None:
            self._room(code, now, teacher)
        return room

    def open(self, named=False):
        with self._lock:
            now = self._clock()
            self._room(None, now)
            if len(self._rooms) >= MAX_ROOMS:
                return None
            code = new_code()
            while code in self._rooms:
                code = new_code()
            teacher = secrets.token_urlsafe(16)
            self._rooms[code] = _Room(teacher, bool(named), now + EMPTY_TTL, now)
            return code, teacher

    def join(self, code, student=None, name=None):
        with self._lock:
            now = self._clock()
            room = self._room(code, now)
            if room is None or room.ended:
                return None
            known = room.students.get(student) if isinstance(student, str) else None
            if known is None:
                if not _make_way(room, now):
                    return FULL
                student, known = secrets.token_urlsafe(12), _Student(now)
                room.students[student] = known
            known.seen = now
            if room.named and clean_name(name):
                known.name = clean_name(name)
            return student

    def ask(self, code, teacher, question):
        with self._lock:
            room = self._room(code, self._clock(), teacher)
            if room is None or room.ended or "id" not in question:
                return False
            if room.question is None or room.question["id"] != question["id"]:
                room.question, room.revealed = dict(question), False
                room.number += not first_of(question)  # a second vote keeps its first's number
                room.asked.setdefault(question["id"], dict(question))
                while len(room.asked) > MAX_KEPT:
                    room.asked.pop(next(iter(room.asked)))
            return True

    def reveal(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock(), teacher)
            if room is None or room.ended or room.question is None:
                return False
            room.revealed = True
            return True

    def answer(self, code, student, question_id, value):
        with self._lock:
            now = self._clock()
            room = self._room(code, now)
            known = room.students.get(student) if room is not None and isinstance(student, str) else None
            if known is None or room.ended or room.question is None or room.question["id"] != question_id:
                return False
            if room.revealed or closed(room.question):
                return False
            known.seen = now
            known.answers[question_id] = str(value)[:MAX_ANSWER]
            while len(known.answers) > MAX_KEPT:  # a long lesson keeps the latest answers
                known.answers.pop(next(iter(known.answers)))
            return True

    def view(self, code, student=None, teacher=None):
        with self._lock:
            now = self._clock()
            room = self._looked(code, now, teacher)
            if room is None:
                return None
            me = room.students.get(student) if isinstance(student, str) else None
            if me is not None:
                me.seen = now
            qid = room.question["id"] if room.question else None
            again = first_of(room.question)
            pairs = tuple((s.answers[again], s.answers.get(qid)) for s in room.students.values() if again in s.answers)
            return RoomView(
                code,
                dict(room.question) if room.question else None,
                room.number,
                room.revealed,
                sum(bool(s.joined(now) and (s.name or not room.named)) for s in room.students.values()),
                tuple(s.answers[qid] for s in room.students.values() if qid in s.answers),
                me.answers.get(qid) if me else None,
                room.named,
                me.name or None if me else None,
                now - room.teacher_seen > AWAY,
                room.ended,
                pairs,
                me.answers.get(again) if me and again else None,
            )

    def news(self, code, students=(), teacher=None):
        with self._lock:
            now = self._clock()
            room = self._looked(code, now, teacher)
            if room is None:
                return None
            for token in students:
                me = room.students.get(token) if isinstance(token, str) else None
                if me is not None:
                    me.seen = now
            qid = room.question["id"] if room.question else None
            answers = sum(qid in s.answers for s in room.students.values()) if qid else 0
            joined = sum(bool(s.joined(now) and (s.name or not room.named)) for s in room.students.values())
            away = now - room.teacher_seen > AWAY
            # closed() reads wall-clock time: so does a question's "closes_at"
            return News(news_stamp(room.question, room.revealed, room.ended, away, None), answers, joined)

    def is_teacher(self, code, teacher):
        with self._lock:
            return self._room(code, self._clock(), teacher) is not None

    def is_student(self, code, student):
        with self._lock:
            room = self._room(code, self._clock())
            return room is not None and isinstance(student, str) and student in room.students

    def request_device(self, code):
        with self._lock:
            now = self._clock()
            room = self._room(code, now)
            if room is None or room.ended:
                return None
            replaced = room.request(now)
            secret, number = secrets.token_urlsafe(16), new_number(replaced.number if replaced else None)
            room.device = _Device(secret, number, now + DEVICE_TTL)
            return secret, number

    def device_request(self, code, teacher):
        with self._lock:
            now = self._clock()
            room = self._room(code, now, teacher)
            device = room.request(now) if room else None
            return device.number if device and device.state == WAITING else None

    def allow_device(self, code, teacher, number):
        return self._decide(code, teacher, number, ALLOWED)

    def refuse_device(self, code, teacher, number):
        return self._decide(code, teacher, number, REFUSED)

    def _decide(self, code, teacher, number, state):
        with self._lock:
            now = self._clock()
            room = self._room(code, now, teacher)
            device = room.request(now) if room else None
            if device is None or device.state != WAITING or device.number != number:
                return False
            device.state, device.expires = state, now + DEVICE_TTL  # the phone has time to claim
            return True

    def claim_device(self, code, secret):
        with self._lock:
            now = self._clock()
            room = self._room(code, now)
            device = room.request(now) if room else None
            if device is None or not same_secret(secret, device.secret):
                return None
            if device.state == WAITING:
                return WAITING
            room.device = None  # once
            return room.teacher if device.state == ALLOWED else REFUSED

    def results(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock(), teacher)
            if room is None:
                return None
            return [
                (dict(q), tuple((s.name, s.answers[qid]) for s in room.students.values() if qid in s.answers))
                for qid, q in room.asked.items()
            ]

    def close(self, code, teacher):
        with self._lock:
            room = self._room(code, self._clock(), teacher)
            if room is None:
                return False
            room.ended, room.question, room.revealed = True, None, False
            return True
