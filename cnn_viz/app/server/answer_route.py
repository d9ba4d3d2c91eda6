"""A phone's answer, posted by its browser: serve.py's middleware for POST /_live/answer.

A phone's answer used to be a press of a Streamlit button: a script run of the answer's
fragment for every answer, which a lecture hall's 1,000 answers (five classes' 750 asked in
the same second) made wait behind the runs drawing the question on the other phones, and the
projector's with them. Now the phone's answer controls are a small component
(cnn_viz/app/classroom/answer_pad.py) that posts the answer here; it is stored as the button's
was (RoomStore.answer: the student's token, the open question, before the reveal and the
time up) and acknowledged by this reply, with no script run. The projector sees it through its
news (news.py), as before.

What a browser posts is checked as a forged message would be: the room code must look like
one, the answer must be one the question's controls could send (questions.normal_answer: one of
its options, a number, a tap on the grid, with how sure exactly when it asks), and each client
address may post at most RATE answers a second (BURST at once), enough for a lecture hall
behind one address. To check an answer, the question is read once per replica (a question's
id names its content), and a question not yet known is looked up in the store at most every
LOOK_EVERY seconds per room, however many forged ids are posted.

The reply: 200 {"ok": true, "value": the answer as kept} when counted; 409 {"late": true} when
the question has moved on or been revealed, {"late": "time"} when its time ran out (the page
then says the answer came too late, and why); 400 for a body that is not an answer; 429 past the address's rate.

`streamlit run app.py` has no middleware: INSTALLED stays False, and the phones answer with
Streamlit's buttons (tests/apptest.py's AppTest runs so).
"""

import asyncio
import collections
import math
import time

from ...live import questions, rooms, store
from . import news
from .http_guard import _relative

PATH = "_live/answer"
MAX_BODY = 1_000  # bytes: a code, a token, a question's id and an answer of 40 characters
RATE, BURST = 100.0, 400.0  # answers per second per address: a hall of 1,000 behind one NAT in 10 s
LOOK_EVERY = 0.1  # seconds between two looks at a room for a question not yet known
MAX_KNOWN = 10_000  # questions and addresses remembered, oldest first
INSTALLED = False  # set by serve.py, whose middleware answers PATH


class Questions:
    """The questions answered on this replica, by (room, id), read from the store once each."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._known = collections.OrderedDict()  # (code, question id) -> question
        self._looked = collections.OrderedDict()  # code -> when a look at the store began
        self._read = collections.OrderedDict()  # code -> when the last look that ended began

    async def find(self, code, qid):
        """The room's open question with this id, or None (not that room's current question)."""
        arrived = self._clock()
        while True:
            found = self._known.get((code, qid))
            if found is not None:
                return found
            if self._read.get(code, -math.inf) >= arrived:  # a look begun since found another question
                return None
            # A question the teacher has just asked may be newer than the last look: wait for the
            # next allowed look rather than refuse it (a phone cannot know an id before it is asked).
            wait = self._looked.get(code, -math.inf) + LOOK_EVERY - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            started = self._clock()
            _remember(self._looked, code, started)
            view = await asyncio.to_thread(store().view, code)
            _remember(self._read, code, started)
            if view is not None and not view.ended and view.question is not None:
                _remember(self._known, (code, view.question["id"]), view.question)


def _remember(table, key, value):
    table[key] = value
    table.move_to_end(key)
    while len(table) > MAX_KNOWN:
        table.popitem(last=False)


class Bucket:
    """RATE answers a second per address, BURST at once."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._level = collections.OrderedDict()  # address -> (tokens, when)

    def take(self, address):
        now = self._clock()
        tokens, when = self._level.get(address, (BURST, now))
        tokens = min(BURST, tokens + (now - when) * RATE)
        if tokens < 1:
            return False
        _remember(self._level, address, (tokens - 1, now))
        return True


class LiveAnswer:
    """ASGI middleware: answers POST /_live/answer (under server.baseUrlPath) with a JSON body
    {"room", "student", "question" (its id), "value"}; passes everything else on."""

    def __init__(self, app):
        self.app, self.questions, self.bucket = app, Questions(), Bucket()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or _relative(scope["path"]) != PATH:
            return await self.app(scope, receive, send)
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        request = Request(scope, receive)
        status, body = await self._answer(request)
        await JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})(scope, receive, send)

    async def _answer(self, request):
        """(status, body) of the reply."""
        if not self.bucket.take(news.client_address(request)):
            return 429, {"error": "too many"}
        asked = await news.read_json(request, MAX_BODY)
        code = rooms.normal_code(asked.get("room")) if asked else ""
        fields = [asked.get(name) for name in ("student", "question", "value")] if code else []
        if not code or not all(isinstance(field, str) and field for field in fields):
            return 400, {"error": "not an answer"}
        student, qid, value = fields
        question = await self.questions.find(code, qid)
        if question is None:
            return 409, {"late": True}
        value = questions.normal_answer(question, value)
        if value is None:
            return 400, {"error": "not an answer to this question"}
        try:
            counted = await asyncio.to_thread(store().answer, code, student, qid, value)
        except rooms.Unavailable:
            return 503, {"error": "the class's store does not answer"}
        if not counted:  # why, as far as this replica knows: time up, else the reveal or a newer question
            return 409, {"late": "time" if rooms.closed(question) else True}
        news.WATCH.poke(code)  # the projector's count, soon
        return 200, {"ok": True, "value": value}
