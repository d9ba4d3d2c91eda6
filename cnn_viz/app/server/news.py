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
from .http_guard import _relative

PATH = "_live/news"
PERIOD = 0.25  # seconds between two looks at a room while pages wait on it
HOLD = 20.0  # seconds a request waits for news; under the 60 s a proxy lets a request take
MOST_PER_ADDRESS = 2 * limits.JOINS_PER_ROOM + 20  # a class behind one address, and its teacher
MAX_BODY = 2_000  # bytes: a code, a stamp, a token and two counts
INSTALLED = False  # set by serve.py, whose middleware answers PATH
log = logging.getLogger("cnn_viz.live")


class _Room:
    """What this replica knows of a room its pages wait on."""

    def __init__(self):
        self.news = None  # the latest News; None until the first look
        self.gone = False
        self.changed = asyncio.Event()  # set, and replaced, at each change
        self.waiting = 0
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
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(room.changed.wait(), left)

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
                    room.news = news
                    room.changed.set()
                    room.changed = asyncio.Event()
                if room.gone:
                    return
                await asyncio.sleep(self.period)
        finally:
            if self._rooms.get(code) is room and (room.waiting == 0 or room.gone):
                del self._rooms[code]


WATCH = Watch()


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

    def __init__(self, app, watch=None):
        self.app, self.watch = app, watch or WATCH
        self._waiting = {}  # client address -> requests waiting now

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or _relative(scope["path"]) != PATH:
            return await self.app(scope, receive, send)
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        request = Request(scope, receive)
        address = addresses.forwarded_client(
            request.client.host if request.client else "127.0.0.1", request.headers.getlist("x-forwarded-for")
        )
        asked = await self._body(request)
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
        headers = {"Cache-Control": "no-store"}
        if news is None:
            return await JSONResponse({"gone": True}, status_code=404, headers=headers)(scope, receive, send)
        await JSONResponse(reply(news, asked["since"], counts), headers=headers)(scope, receive, send)

    @staticmethod
    async def _body(request):
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_BODY:
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
