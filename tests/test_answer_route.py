"""A phone's answer posted by its browser (cnn_viz/app/server/answer_route.py): counted as a
button's was, with no script run; refused as a forged message would be; a question the teacher
has just asked is never refused as late; forged ids and floods cost the store little."""

import asyncio

import pytest

from cnn_viz import live
from cnn_viz.app.server import answer_route
from cnn_viz.live import questions, rooms
from tests.test_news import post as post_to

NUMBER = {"id": "q-number", "kind": "conv_value", "options": None, "params": {}}
ESTIMATE = {"id": "q-estimate", "kind": "epoch_accuracy", "options": None, "tolerance": 5, "params": {}}
CHOICE = {"id": "q-choice", "kind": "predict", "options": ["cat", "dog"], "params": {}}
SURE = {**CHOICE, "id": "q-choice-c", "confidence": True}
TAP = {"id": "q-tap", "kind": "look", "options": None, "params": {}}


class Counted(rooms.InProcessRooms):
    """The store, counting its views (what the route reads a question from)."""

    def __init__(self):
        super().__init__()
        self.views = 0

    def view(self, code, student=None, teacher=None):
        self.views += 1
        return super().view(code, student, teacher)


@pytest.fixture
def store(monkeypatch):
    found = Counted()
    monkeypatch.setattr(live, "_store", found)
    return found


def post(app, body, client="10.0.0.9"):
    return post_to(app, body, client, path="/_live/answer")


async def passed_on(scope, receive, send):
    raise AssertionError("the middleware passed an answer on")


def a_class(store, question):
    """A room with a student, asked `question`: (code, teacher, student)."""
    code, teacher = store.open()
    student = store.join(code)
    assert store.ask(code, teacher, question)
    return code, teacher, student


def test_an_answer_is_counted_as_the_room_keeps_it_and_may_be_changed(store):
    app = answer_route.LiveAnswer(passed_on)
    code, teacher, student = a_class(store, NUMBER)
    body = {"room": code.lower(), "student": student, "question": NUMBER["id"], "value": "13.0"}

    async def scene():
        assert await post(app, body) == (200, {"ok": True, "value": "13"})
        assert store.view(code, teacher=teacher).answers == ("13",)
        assert await post(app, {**body, "value": " -2.50 "}) == (200, {"ok": True, "value": "-2.5"})
        assert store.view(code, student).mine == "-2.5"

    asyncio.run(scene())


def test_an_answer_to_another_question_after_the_reveal_or_from_a_stranger_is_late(store):
    app = answer_route.LiveAnswer(passed_on)
    code, teacher, student = a_class(store, CHOICE)
    body = {"room": code, "student": student, "question": CHOICE["id"], "value": "cat"}

    async def scene():
        assert (await post(app, {**body, "question": "q-earlier"}))[0] == 409
        assert (await post(app, {**body, "student": "not-a-student"}))[0] == 409
        assert (await post(app, {**body, "room": "ZZZZZZ"}))[0] == 409
        store.reveal(code, teacher)
        assert await post(app, body) == (409, {"late": True})
        assert store.view(code, teacher=teacher).answers == ()

    asyncio.run(scene())


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (CHOICE, "horse"),  # not one of its options
        (CHOICE, "cat|sure"),  # how sure, to a question that does not ask
        (SURE, "cat"),  # not how sure, to one that asks
        (SURE, "cat|maybe"),
        (SURE, "cat|sure|sure"),
        (NUMBER, "thirteen"),
        (NUMBER, "nan"),
        (NUMBER, "inf"),
        (ESTIMATE, "101"),  # a percentage
        (ESTIMATE, "-1"),
        (TAP, "32,0"),  # off the 32 x 32 grid
        (TAP, "3;4"),
        (NUMBER, "1" * 41),  # longer than a room keeps
    ],
)
def test_an_answer_no_control_could_send_is_refused(store, question, value):
    app = answer_route.LiveAnswer(passed_on)
    code, teacher, student = a_class(store, question)
    status, _ = asyncio.run(post(app, {"room": code, "student": student, "question": question["id"], "value": value}))
    assert status == 400 and store.view(code, teacher=teacher).answers == ()


def test_what_each_kind_of_control_sends_is_kept_as_its_button_kept_it():
    assert questions.normal_answer(SURE, "dog|unsure") == "dog|unsure"
    assert questions.normal_answer(ESTIMATE, "87.50") == "87.5"
    assert questions.normal_answer(NUMBER, "1e3") == "1000"
    assert questions.normal_answer(NUMBER, "0.1234567") == questions.clean_number(0.1234567) == "0.123457"
    assert questions.normal_answer(TAP, "31,0") == "31,0"
    assert questions.normal_answer({**NUMBER, "confidence": True}, "4|sure") == "4|sure"


@pytest.mark.parametrize("wrong", [{"room": "no"}, [1, 2], b"{" * 3000, b"\xff", {"value": 3}])
def test_a_body_that_is_not_an_answer_is_refused(store, wrong):
    app = answer_route.LiveAnswer(passed_on)
    code, _, student = a_class(store, NUMBER)
    if isinstance(wrong, dict):
        wrong = {"room": code, "student": student, "question": NUMBER["id"], "value": "1", **wrong}
    assert asyncio.run(post(app, wrong))[0] == 400


def test_a_question_asked_just_after_the_last_look_is_taken_not_refused_as_late(store):
    """The route read Q1 an instant ago; the teacher asks Q2 and a phone answers it at once:
    the route looks again (after LOOK_EVERY) rather than say "too late"."""
    app = answer_route.LiveAnswer(passed_on)
    code, teacher, student = a_class(store, CHOICE)

    async def scene():
        first = {"room": code, "student": student, "question": CHOICE["id"], "value": "dog"}
        assert (await post(app, first))[0] == 200
        assert store.ask(code, teacher, NUMBER)
        second = {"room": code, "student": student, "question": NUMBER["id"], "value": "7"}
        assert await post(app, second) == (200, {"ok": True, "value": "7"})

    asyncio.run(scene())


def test_forged_question_ids_cost_one_look_at_the_room_per_period(store):
    app = answer_route.LiveAnswer(passed_on)
    code, _, student = a_class(store, NUMBER)
    store.views = 0

    async def scene():
        loop = asyncio.get_running_loop()
        started = loop.time()
        forged = [{"room": code, "student": student, "question": f"forged-{i}", "value": "1"} for i in range(60)]
        statuses = await asyncio.gather(*(post(app, body) for body in forged))
        return [s for s, _ in statuses], loop.time() - started

    statuses, took = asyncio.run(scene())
    assert statuses == [409] * 60
    assert store.views <= took / answer_route.LOOK_EVERY + 2, (store.views, took)
    real = {"room": code, "student": student, "question": NUMBER["id"], "value": "1"}
    assert asyncio.run(post(app, real))[0] == 200


def test_a_flood_from_one_address_is_slowed_and_another_address_is_not(store, monkeypatch):
    monkeypatch.setattr(answer_route, "BURST", 5.0)
    monkeypatch.setattr(answer_route, "RATE", 0.001)
    app = answer_route.LiveAnswer(passed_on)
    code, teacher, student = a_class(store, NUMBER)
    body = {"room": code, "student": student, "question": NUMBER["id"], "value": "1"}

    async def scene():
        statuses = [(await post(app, body))[0] for _ in range(8)]
        assert statuses == [200] * 5 + [429] * 3
        assert (await post(app, body, client="10.9.9.9"))[0] == 200

    asyncio.run(scene())


def test_other_requests_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["path"])

    route = answer_route.LiveAnswer(app)
    for method, path in (("GET", "/_live/answer"), ("POST", "/_live/news"), ("POST", "/other")):
        asyncio.run(route({"type": "http", "method": method, "path": path}, None, None))
    assert seen == ["/_live/answer", "/_live/news", "/other"]


def test_an_answer_after_time_up_is_late_and_says_so(store):
    app = answer_route.LiveAnswer(passed_on)
    timed = {**NUMBER, "id": "q-timed", "closes_at": 1.0}  # ran out long ago
    code, _, student = a_class(store, timed)
    body = {"room": code, "student": student, "question": timed["id"], "value": "4"}
    assert asyncio.run(post(app, body)) == (409, {"late": "time"})
