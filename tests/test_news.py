"""Live-class pages that wait without running a script (cnn_viz/app/server/news.py): one
request per waiting page, answered when the room has news for it; one look at the room per
period, however many pages wait; the phones' places held by those looks."""

import asyncio
import json

import pytest

from cnn_viz import live
from cnn_viz.app.server import news
from cnn_viz.live import rooms

QUESTION = {"id": "q1", "kind": "conv", "prompt": "?", "answer": 3.0, "options": []}


class Counted(rooms.InProcessRooms):
    """The store, counting its looks."""

    def __init__(self):
        super().__init__()
        self.looks = []

    def news(self, code, students=(), teacher=None):
        self.looks.append((code, tuple(students), teacher))
        return super().news(code, students, teacher)


@pytest.fixture
def store(monkeypatch):
    found = Counted()
    monkeypatch.setattr(live, "_store", found)
    return found


def post(app, body, client="10.0.0.9", path="/_live/news"):
    """POST `path` to the middleware as a browser would: (status, JSON body)."""
    raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
    headers = [(b"content-type", b"application/json")]
    scope = {"type": "http", "method": "POST", "path": path, "headers": headers,
             "client": (client, 5000), "query_string": b"", "root_path": ""}  # fmt: skip
    sent, given = [], [False]

    async def receive():
        if given[0]:
            await asyncio.sleep(3600)
        given[0] = True
        return {"type": "http.request", "body": raw, "more_body": False}

    async def send(message):
        sent.append(message)

    async def run():
        await app(scope, receive, send)
        status = next(m["status"] for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return status, json.loads(body)

    return run()


async def passed_on(scope, receive, send):
    raise AssertionError("the middleware passed a news request on")


def test_a_waiting_phone_hears_of_the_question_within_a_look(store):
    code, teacher = store.open()
    student = store.join(code)
    app = news.LiveNews(passed_on, news.Watch(period=0.02, hold=5))
    since = store.news(code).stamp

    async def scene():
        waiting = asyncio.create_task(post(app, {"room": code, "since": since, "student": student}))
        await asyncio.sleep(0.1)
        assert not waiting.done(), "nothing new: the request waits"
        store.ask(code, teacher, QUESTION)
        status, body = await asyncio.wait_for(waiting, 1)
        assert status == 200 and body["changed"] and body["stamp"] != since
        stale = await post(app, {"room": code, "since": since})
        assert stale[1]["changed"], "a page drawn before the question is told at once"

    asyncio.run(scene())


def test_a_thousand_waiting_phones_cost_one_look_at_the_room_per_period(store):
    """However many pages wait, one task looks at the room; its looks name the phones that
    asked since the last one (their places are kept), and nothing runs while nothing changes."""
    code, teacher = store.open()
    students = [store.join(code) for _ in range(rooms.MAX_STUDENTS)]
    app = news.LiveNews(passed_on, news.Watch(period=0.05, hold=0.5))
    since = store.news(code).stamp
    store.looks.clear()

    async def scene():
        found = await asyncio.gather(
            *(
                post(app, {"room": code, "since": since, "student": s}, client=f"10.0.{i // 200}.{i % 200}")
                for i, s in enumerate(students)
            )  # fmt: skip
        )
        assert {status for status, _ in found} == {200} and not any(body["changed"] for _, body in found)

    asyncio.run(scene())
    assert 3 <= len(store.looks) <= 15, "about hold / period looks, not one per phone"
    named = {token for _, tokens, _ in store.looks for token in tokens}
    assert named == set(students), "every waiting phone was seen"


def test_a_projector_hears_of_each_answer_and_keeps_the_teacher_here(store):
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    app = news.LiveNews(passed_on, news.Watch(period=0.02, hold=5))
    now = store.news(code)

    async def scene():
        body = {"room": code, "since": now.stamp, "teacher": teacher, "answers": now.answers, "joined": now.joined}
        waiting = asyncio.create_task(post(app, body))
        await asyncio.sleep(0.1)
        assert not waiting.done()
        store.answer(code, student, "q1", "3")
        status, found = await asyncio.wait_for(waiting, 1)
        assert found["changed"] and found["answers"] == 1 and found["stamp"] == now.stamp

    asyncio.run(scene())
    assert any(teacher_seen == teacher for _, _, teacher_seen in store.looks), "the projector's looks keep the room"


def test_a_room_gone_bad_requests_and_a_flood_from_one_address_are_answered_at_once(store, monkeypatch):
    app = news.LiveNews(passed_on, news.Watch(period=0.02, hold=5))
    code, _ = store.open()

    async def scene():
        assert (await post(app, {"room": "ZZZZZZ", "since": ""}))[0] == 404
        for wrong in ({"room": "no", "since": ""}, {"room": code}, [1, 2], b"{" * 3000, b"\xff"):
            assert (await post(app, wrong))[0] == 400
        monkeypatch.setattr(news, "MOST_PER_ADDRESS", 3)
        since = store.news(code).stamp
        held = [asyncio.create_task(post(app, {"room": code, "since": since})) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert (await post(app, {"room": code, "since": since}))[0] == 429
        other = asyncio.create_task(post(app, {"room": code, "since": since}, client="10.9.9.9"))
        await asyncio.sleep(0.05)
        assert not other.done(), "another address waits as usual"
        for task in (*held, other):
            task.cancel()

    asyncio.run(scene())


def test_other_requests_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["path"])

    guard = news.LiveNews(app)
    for method, path in (("GET", "/_live/news"), ("POST", "/_stcore/upload_file/x/y"), ("POST", "/other")):
        asyncio.run(guard({"type": "http", "method": method, "path": path}, None, None))
    assert seen == ["/_live/news", "/_stcore/upload_file/x/y", "/other"]


def test_waiting_phones_are_told_in_turn_as_the_server_runs_their_rooms(store):
    """A question opening to a hall: the phones are told their news in the order they asked,
    none while `most` runs wait their turn (their starts held up the projector's messages by
    seconds); a projector is told at once."""
    code, teacher = store.open()
    students = [store.join(code) for _ in range(6)]
    queue = [3]  # runs waiting their turn, as admission.py counts them
    gate = news.Gate(lambda: queue[0], most=2, spacing=0.001)
    app = news.LiveNews(passed_on, news.Watch(period=0.01, hold=5), gate)
    since = store.news(code).stamp
    told = []

    async def phone(i, student):
        await post(app, {"room": code, "since": since, "student": student}, client=f"10.0.0.{i}")
        told.append(i)

    async def scene():
        phones = []
        for i, student in enumerate(students):
            phones.append(asyncio.create_task(phone(i, student)))
            await asyncio.sleep(0.01)  # they asked in this order
        projector = {"room": code, "since": since, "teacher": teacher, "answers": 0, "joined": 6}
        watching = asyncio.create_task(post(app, projector))
        await asyncio.sleep(0.05)
        store.ask(code, teacher, QUESTION)
        status, found = await asyncio.wait_for(watching, 1)
        assert status == 200 and found["changed"], "the projector is told while the phones wait their turn"
        await asyncio.sleep(0.1)
        assert told == [], "no phone told while the queue is long"
        queue[0] = 0
        await asyncio.wait_for(asyncio.gather(*phones), 2)

    asyncio.run(scene())
    assert told == list(range(6))


def test_an_answer_taken_here_is_looked_for_at_once_not_a_period_later(store):
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    watch = news.Watch(period=2.0, hold=5)
    app = news.LiveNews(passed_on, watch)
    now = store.news(code)

    async def scene():
        body = {"room": code, "since": now.stamp, "teacher": teacher, "answers": 0, "joined": 1}
        waiting = asyncio.create_task(post(app, body))
        await asyncio.sleep(0.2)
        store.answer(code, student, "q1", "3")
        watch.poke(code)  # what the answer route does
        loop = asyncio.get_running_loop()
        poked = loop.time()
        status, found = await asyncio.wait_for(waiting, 1.5)
        return loop.time() - poked, found

    took, found = asyncio.run(scene())
    assert found["answers"] == 1 and took < 0.5, took
