"""Live-class pages that wait without running a script: serve.py's middleware for
POST /_live/news, and what a page asks it.

A phone waiting for the next question, or for the reveal, used to rerun a fragment every
1.5 s: 150 phones were 100 script runs a second of waiting, run one at a time
(admission.py), and a lecture hall of 1,000 could not be served. Now a waiting page holds
one request here (cnn_viz/app/classroom/common.py draws the small component that sends it),
which answers as soon as the room has news for that page, else after HOLD seconds with
nothing new (the page then asks again); only news reruns the page. However many pages of a
room wait on this replica, one task looks at the room every PERIOD seconds
(RoomStore.news: one cheap look, whatever the class's size), so a phone sees a question
within PERIOD of the teacher's Ask and the projector an answer within PERIOD of its arrival.

The look also keeps the waiting phones' places (their tokens, named in their requests, are
seen in it, as a view would) and the projector's room (its token keeps the room and tells the
phones the teacher is here); each phone is also seen by the address limits (limits.py). Bounds:
at most MOST_PER_ADDRESS requests wait at once per client address, a room code must look like
one, and a room that is gone is answered at once (404), its task ended.

`streamlit run app.py` has no middleware: INSTALLED stays False, and the pages wait as before,
with fragments that rerun every 1.5 s (tests/apptest.py's AppTest runs so).
"""

import asyncio
import contextlib
import json
import logging

from ...live import addresses, limits, rooms, store
from .admission import ADMISSION
from .http_guard import _relative

PATH = "_live/news"
PERIOD = 0.25  # seconds between two looks at a room while pages wait on it
SOONEST = 0.05  # seconds: a look after an answer here waits at most this (answer_route.py)
HOLD = 20.0  # seconds a request waits for news; under the 60 s a proxy lets a request take
MOST_PER_ADDRESS = 2 * limits.JOINS_PER_ROOM + 20  # a class behind one address, and its teacher
MAX_BODY = 2_000  # bytes: a code, a stamp, a token and two counts
QUEUE_MOST = 8  # runs waiting their turn before the next waiting phone is told its news
SPACING = 0.004  # seconds between two phones told: at most 250 a second
INSTALLED = False  # set by serve.py, whose middleware answers PATH
log = logging.getLogger("cnn_viz.live")


class _Room:
    """What this replica knows of a room its pages wait on."""

    def __init__(self):
        self.news = None  # the latest News; None until the first look
        self.gone = False
        self.changed = asyncio.Event()  # set, and replaced, at each change
        self.moved = asyncio.Event()  # the same, when the stamp changes (what a phone waits for)
        self.waiting = 0
        self.poked = asyncio.Event()  # something changed here: look sooner
        self.students, self.teacher = set(), None  # to be named in the next look
        self.task = None


class Watch:
    """Every room this replica's pages wait on, looked at by one task each."""

    def __init__(self, period=PERIOD, hold=HOLD):
        self.period, self.hold = period, hold
        self._rooms = {}

    async def wait(self, code, since, counts=None, student=None, teacher=None):
        """The room's News once it differs from what the page drew (`since`: its stamp;
        `counts`: (answers, joined) for a projector), else the same after `hold` seconds;
        None when the room is gone."""
        room = self._rooms.get(code)
        if room is None:
            room = self._rooms[code] = _Room()
        if isinstance(student, str):
            room.students.add(student)
        if isinstance(teacher, str):
            room.teacher = teacher
        room.waiting += 1
        if room.task is None or room.task.done():
            room.task = asyncio.create_task(self._look(code, room))
        try:
            return await self._until_news(room, since, counts)
        finally:
            room.waiting -= 1

    def poke(self, code):
        """Something changed in the room on this replica (an answer taken): look at it soon,
        so a projector here hears of it within SOONEST s rather than `period`."""
        room = self._rooms.get(code)
        if room is not None:
            room.poked.set()

    async def _until_news(self, room, since, counts):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.hold
        while True:
            news = room.news
            if room.gone:
                return None
            if news is not None and _differs(news, since, counts):
                return news
            left = deadline - loop.time()
            if left <= 0:
                return news
            # A phone wakes only when the room's moment moves on, not at every answer or join
            # (a hall's 1,000 waiters woken 20 times a second cost the event loop its time).
            event = room.changed if counts is not None else room.moved
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), left)

    async def _look(self, code, room):
        """Look at the room every `period` seconds while a page waits on it."""
        try:
            while room.waiting > 0:
                students, room.students = room.students, set()
                teacher, room.teacher = room.teacher, None
                try:
                    news = await asyncio.to_thread(store().news, code, tuple(students), teacher)
                except rooms.Unavailable:  # the store says so on the pages; here, look again a little later
                    await asyncio.sleep(5 * self.period)
                    continue
                room.gone = news is None
                if news != room.news or room.gone:
                    moved = room.gone or room.news is None or news.stamp != room.news.stamp
                    room.news = news
                    room.changed.set()
                    room.changed = asyncio.Event()
                    if moved:
                        room.moved.set()
                        room.moved = asyncio.Event()
                if room.gone:
                    return
                await asyncio.sleep(SOONEST)  # looks at most every SOONEST s, however many answers
                with contextlib.suppress(TimeoutError):  # and at least every `period`
                    await asyncio.wait_for(room.poked.wait(), self.period - SOONEST)
                room.poked.clear()
        finally:
            if self._rooms.get(code) is room and (room.waiting == 0 or room.gone):
                del self._rooms[code]


WATCH = Watch()


class Gate:
    """Tells the waiting phones of their news no faster than the server runs their rooms: a
    phone told reruns its room (a script run), and a lecture hall told all at once sends the
    server 1,000 runs in a second, whose starts alone (a thread each, on Streamlit's event loop)
    held up every other message by seconds, the projector's among them. So a phone is told
    when fewer than `most` runs wait their turn (admission.py), in the order they were ready,
    at most one per `spacing` seconds; a projector, which reruns a small fragment, is told at
    once."""

    def __init__(self, queued, most=QUEUE_MOST, spacing=SPACING):
        self._queued, self._most, self._spacing = queued, most, spacing
        self._lock = None  # made in the event loop, on the first turn

    async def turn(self):
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:  # first come, first told
            while self._queued() >= self._most:
                await asyncio.sleep(self._spacing)
            await asyncio.sleep(self._spacing)


GATE = Gate(ADMISSION.waiting)


def _differs(news, since, counts):
    """Whether the page has something new to draw: the stamp moved on, or the counts a projector drew."""
    return news.stamp != since or (counts is not None and counts != (news.answers, news.joined))


def reply(news, since, counts):
    """The answer's body: the news, and whether the page has something new to draw."""
    changed = _differs(news, since, counts)
    return {"changed": changed, "stamp": news.stamp, "answers": news.answers, "joined": news.joined}


class LiveNews:
    """ASGI middleware: answers POST /_live/news (under server.baseUrlPath) with a JSON body
    {"room", "since", "student" or "teacher", "answers" and "joined" for a projector}; passes
    everything else on."""

    def __init__(self, app, watch=None, gate=None):
        self.app, self.watch, self.gate = app, watch or WATCH, gate or GATE
        self._waiting = {}  # client address -> requests waiting now

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or _relative(scope["path"]) != PATH:
            return await self.app(scope, receive, send)
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        request = Request(scope, receive)
        address = client_address(request)
        asked = await read_json(request, MAX_BODY)
        code = rooms.normal_code(asked.get("room")) if asked else ""
        if not code or not isinstance(asked.get("since"), str):
            return await JSONResponse({"error": "not a room's news"}, status_code=400)(scope, receive, send)
        if self._waiting.get(address, 0) >= MOST_PER_ADDRESS:
            return await JSONResponse({"error": "too many"}, status_code=429)(scope, receive, send)
        counts = _counts(asked)
        student = asked.get("student") if isinstance(asked.get("student"), str) else None
        if student:
            limits.LIMITS.seen(address, code, student)
        self._waiting[address] = self._waiting.get(address, 0) + 1
        try:
            news = await self.watch.wait(code, asked["since"], counts, student, asked.get("teacher"))
        finally:
            self._waiting[address] -= 1
            if not self._waiting[address]:
                del self._waiting[address]
        if student and news is not None and _differs(news, asked["since"], counts):
            await self.gate.turn()  # its room's run, in turn with the others'
        headers = {"Cache-Control": "no-store"}
        if news is None:
            return await JSONResponse({"gone": True}, status_code=404, headers=headers)(scope, receive, send)
        await JSONResponse(reply(news, asked["since"], counts), headers=headers)(scope, receive, send)


def client_address(request):
    """The client behind our proxies (addresses.forwarded_client) of a request to one of our routes."""
    peer = request.client.host if request.client else "127.0.0.1"
    return addresses.forwarded_client(peer, request.headers.getlist("x-forwarded-for"))


async def read_json(request, most):
    """A request's body as a JSON object, or None: not one, or longer than `most` bytes (no more is read)."""
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > most:
            return None
    try:
        found = json.loads(raw)
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def _counts(asked):
    answers, joined = asked.get("answers"), asked.get("joined")
    if isinstance(answers, int) and isinstance(joined, int):
        return answers, joined
    return None
