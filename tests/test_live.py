"""Live class: the room store (concurrency, expiry, caps, who may do what), the questions'
answer keys, and the teacher's and students' views through AppTest."""

import re
import threading
import time
import uuid

import numpy as np
import pytest

from cnn_viz import article, gallery, images, live, model, ops
from cnn_viz.data import CLASSES
from cnn_viz.figures import charts as chart_style
from cnn_viz.live import limits, questions, rooms
from cnn_viz.live.redis_rooms import RedisRooms
from cnn_viz.live.sqlite_rooms import SqliteRooms
from tests.apptest import all_text, charts, drawn, open_page

QUESTION = {"id": "q1", "kind": "conv_size", "options": None, "answer": "3", "value": 3.0}


def in_english(monkeypatch):
    """The results' words and labels in English, outside a page's run (a CSV made in a test)."""
    from cnn_viz.app.classroom import common, results
    from cnn_viz.i18n import text

    for module in (results, common):
        monkeypatch.setattr(module, "t", lambda key, **values: text("en", key, **values))


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["memory", "sqlite", pytest.param("redis", marks=pytest.mark.slow)])
def store(request, tmp_path):
    """Every store keeps one contract: each test runs on each (SQLite in a new file, Redis
    under a fresh prefix)."""
    if request.param == "memory":
        return rooms.InProcessRooms()
    if request.param == "sqlite":
        return SqliteRooms(tmp_path / "rooms.sqlite3")

    return RedisRooms(request.getfixturevalue("redis_url"), prefix=f"test-{uuid.uuid4().hex}:")


def test_many_students_answering_at_once_lose_nothing(store):
    code, teacher = store.open()
    students = [store.join(code) for _ in range(120)]
    assert len(set(students)) == 120
    assert store.ask(code, teacher, QUESTION)
    barrier = threading.Barrier(40)

    def answer(chunk):
        barrier.wait()
        for i, token in chunk:
            assert store.answer(code, token, "q1", str(i % 7))
            assert store.view(code, token).mine == str(i % 7)

    chunks = [list(enumerate(students))[i::40] for i in range(40)]
    threads = [threading.Thread(target=answer, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    view = store.view(code)
    assert view.joined == 120 and len(view.answers) == 120
    assert sorted(view.answers) == sorted(str(i % 7) for i in range(120))


def test_only_the_teacher_asks_reveals_and_closes(store):
    code, teacher = store.open()
    student = store.join(code)
    for token in (student, "", None, teacher[:-1] + "x", 42):
        assert not store.ask(code, token, QUESTION)
    assert store.ask(code, teacher, QUESTION)
    assert not store.reveal(code, student) and not store.close(code, student)
    assert not store.view(code).revealed
    assert store.answer(code, student, "q1", "3")
    assert not store.answer(code, "someone-else", "q1", "4"), "only a joined student answers"
    assert not store.answer(code, student, "q0", "4"), "only the current question"
    assert store.reveal(code, teacher) and store.view(code).revealed
    assert not store.answer(code, student, "q1", "5"), "no answers after the reveal"
    assert store.view(code, student).mine == "3"
    assert store.close(code, teacher) and store.view(code).ended
    assert not store.ask(code, teacher, {**QUESTION, "id": "q2"}), "an ended class takes no questions"
    assert store.join(code, student) is None and not store.answer(code, student, "q1", "4"), "nor students"


def test_the_teachers_token_proves_the_teacher(store):
    code, teacher = store.open()
    student = store.join(code)
    assert store.is_teacher(code, teacher)
    assert not any(store.is_teacher(code, token) for token in (student, "", None, teacher[:-1] + "x", 42))
    other, _ = store.open()
    assert not store.is_teacher(other, teacher), "a token opens its own room only"
    assert store.close(code, teacher) and store.is_teacher(code, teacher), "the results stay the teacher's"


def test_a_rejoining_student_keeps_their_answers(store):
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "3")
    assert store.join(code, student) == student
    assert store.view(code, student).mine == "3" and store.view(code).joined == 1
    assert store.join(code, "a-token-nobody-has") not in (None, student), "an unknown token joins anew"


@pytest.fixture(params=["memory", "sqlite"])
def timed(request, tmp_path):
    """(store, clock): a store whose time the test moves."""
    clock = Clock()
    if request.param == "memory":
        return rooms.InProcessRooms(clock), clock
    return SqliteRooms(tmp_path / "rooms.sqlite3", clock), clock


def test_only_the_teachers_activity_keeps_a_room(timed):
    """A room nobody joined is gone within minutes; students' joins and looks never keep a
    room; the teacher's projector keeps it for a lesson once a student is in."""
    store, clock = timed
    empty, teacher = store.open()
    clock.now += rooms.EMPTY_TTL + 1
    assert store.view(empty) is None and store.join(empty) is None
    code, teacher = store.open()
    student = store.join(code)
    assert store.view(code, teacher=teacher), "the projector's look"
    for _ in range(3):
        clock.now += rooms.ROOM_TTL / 3 - 1
        assert store.join(code, student) == student and store.view(code, student)
    clock.now += 5
    assert store.view(code) is None, "the students' looks did not keep it"
    code, teacher = store.open()
    store.join(code)
    store.view(code, teacher=teacher)
    for _ in range(4):
        clock.now += rooms.ROOM_TTL - 1
        assert store.view(code, teacher=teacher) is not None, "the teacher's looks keep it"
    assert store.view(code, teacher="not the teacher") is not None
    clock.now += rooms.ROOM_TTL + 1
    assert store.view(code) is None and store.join(code) is None


@pytest.fixture(params=["memory", "sqlite", pytest.param("redis", marks=pytest.mark.slow)])
def aging(request, tmp_path):
    """(store, later): a store, and later(code, seconds), which moves its students' time on: a
    clock for memory and SQLite; for Redis, whose clock is its own, each student of the room
    is made last seen that much earlier."""
    if request.param != "redis":
        clock = Clock()
        found = rooms.InProcessRooms(clock) if request.param == "memory" else SqliteRooms(tmp_path / "r.db", clock)

        def later(code, seconds):
            clock.now += seconds

        return found, later
    found = RedisRooms(request.getfixturevalue("redis_url"), prefix=f"test-{uuid.uuid4().hex}:")

    def later(code, seconds):
        key = f"{found._prefix}room:{code}:students"
        for token, entry in found._redis.hgetall(key).items():
            mark = "a" if entry.startswith("a") else ""
            found._redis.hset(key, token, f"{mark}{int(entry.removeprefix('a')) - int(seconds * 1000)}")

    return found, later


def test_a_place_is_held_by_being_seen_and_an_answer_stays_in_the_results(aging, monkeypatch):
    """A student who left frees their place ACTIVE seconds later, answered or not (a script's
    fakes that answered once no longer fill a room for good); an answer stays in the results,
    and the phone that gave it gets back in even to a full room."""
    store, later = aging
    monkeypatch.setattr(rooms, "MAX_STUDENTS", 3)
    code, teacher = store.open()
    store.ask(code, teacher, QUESTION)
    answered, idle, gone = store.join(code), store.join(code), store.join(code)
    assert store.answer(code, answered, "q1", "3") and store.join(code) == rooms.FULL
    later(code, rooms.ACTIVE / 2)
    store.view(code, idle)
    later(code, rooms.ACTIVE / 2 + 1)
    assert store.view(code).joined == 2, "the one who answered and the one still looking"
    newcomers = [store.join(code), store.join(code)]
    assert rooms.FULL not in newcomers and store.join(code) == rooms.FULL, "two places were free"
    assert store.join(code, gone) == rooms.FULL, "the phone that left without answering is forgotten"
    assert store.join(code, answered) == answered and store.view(code, answered).mine == "3"
    assert [a for _, a in store.results(code, teacher)] == [(("", "3"),)]


def test_a_room_remembers_twice_its_places_forgetting_who_left_longest_ago(aging, monkeypatch):
    store, later = aging
    monkeypatch.setattr(rooms, "MAX_STUDENTS", 2)
    code, teacher = store.open()
    store.ask(code, teacher, QUESTION)
    left = []
    for i in range(rooms.kept_students() + 1):
        left.append(store.join(code))
        assert left[-1] != rooms.FULL and store.answer(code, left[-1], "q1", str(i))
        later(code, rooms.ACTIVE + 1)
    [(_, given)] = store.results(code, teacher)
    assert sorted(v for _, v in given) == ["1", "2", "3", "4"], "the first to leave gave way, with its answer"
    assert not store.is_student(code, left[0]) and all(store.is_student(code, s) for s in left[1:])


def test_news_says_what_a_waiting_page_needs_in_one_look_and_holds_the_places(aging):
    """A waiting phone's page reruns when the stamp changes (a question, the reveal, the end),
    a projector's when the answers or the joined do; the phones the look names hold their
    places as a view would, and only they."""
    store, later = aging
    code, teacher = store.open()
    waiting, gone = store.join(code), store.join(code)
    first = store.news(code)
    assert first.joined == 2 and first.answers == 0 and store.news("NOROOM") is None
    now = time.time  # the question has no countdown: the stamp's "time up" is the same at any time
    assert rooms.view_stamp(store.view(code, waiting), now()) == first.stamp, "a phone's page knows it from its view"
    assert store.ask(code, teacher, QUESTION)
    asked = store.news(code)
    assert asked.stamp != first.stamp and asked.answers == 0
    assert store.answer(code, waiting, "q1", "3")
    answered = store.news(code)
    assert answered.stamp == asked.stamp and answered.answers == 1, "an answer reruns no phone"
    later(code, rooms.ACTIVE / 2)
    store.news(code, students=[gone, "made-up"])
    later(code, rooms.ACTIVE / 2 + 1)
    assert store.news(code).joined == 2, "one answered, the other was named by the look"
    later(code, rooms.ACTIVE + 1)
    assert store.news(code).joined == 1, "not named again: its place is free"
    assert rooms.view_stamp(store.view(code, waiting), now()) == store.news(code).stamp  # the teacher away now
    assert store.reveal(code, teacher) and store.news(code).stamp != answered.stamp
    assert rooms.view_stamp(store.view(code, waiting), now()) == store.news(code).stamp
    assert store.close(code, teacher) and store.news(code).stamp.split("|")[2] == "1"
    assert rooms.view_stamp(store.view(code), now()) == store.news(code).stamp


def test_news_from_the_projector_keeps_the_teacher_here(timed):
    store, clock = timed
    code, teacher = store.open()
    store.join(code)
    clock.now += rooms.AWAY + 1
    away = store.news(code)
    assert away.stamp.split("|")[3] == "1"
    assert store.news(code, teacher="not the teacher").stamp == away.stamp
    assert store.news(code, teacher=teacher).stamp.split("|")[3] == "0", "the projector's look"
    assert not store.view(code).teacher_away


def test_a_room_knows_the_student_tokens_it_issued(store):
    code, _ = store.open()
    other, _ = store.open()
    student = store.join(code)
    assert store.is_student(code, student)
    assert not store.is_student(other, student), "another room's token"
    assert not store.is_student(code, "made-up-token-123") and not store.is_student(code, None)
    assert not store.is_student("NOROOM", student)


def test_the_phones_see_when_the_teachers_projector_is_away(timed):
    store, clock = timed
    code, teacher = store.open()
    student = store.join(code)
    assert not store.view(code, student).teacher_away
    clock.now += rooms.AWAY + 1
    assert store.view(code, student).teacher_away
    store.view(code, teacher=teacher)
    assert not store.view(code, student).teacher_away, "the projector looked again"


def test_an_ended_class_keeps_its_results_until_the_room_expires(timed):
    store, clock = timed
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "3")
    assert store.close(code, teacher)
    clock.now += rooms.ROOM_TTL - 1
    assert [(q["id"], a) for q, a in store.results(code, teacher)] == [("q1", (("", "3"),))]
    clock.now += rooms.ROOM_TTL + 1
    assert store.results(code, teacher) is None


def test_rooms_and_classes_are_capped(store, monkeypatch):
    monkeypatch.setattr(rooms, "MAX_ROOMS", 5)
    monkeypatch.setattr(rooms, "MAX_STUDENTS", 3)
    opened = [store.open() for _ in range(5)]
    assert all(opened) and store.open() is None
    code = opened[0][0]
    assert all(store.join(code) for _ in range(3)) and store.join(code) == rooms.FULL
    token = store.join(opened[1][0])
    assert store.join(code, token) == rooms.FULL, "a token of another room does not open this one"
    assert store.join("NOROOM") is None, "no room is not a full room"


def test_a_question_asked_again_brings_its_answers_back(store):
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "3")
    store.ask(code, teacher, {**QUESTION, "id": "q2"})
    assert store.view(code, student).answers == () and store.view(code, student).mine is None
    assert store.ask(code, teacher, {**QUESTION, "id": "q2"}), "the same question again changes nothing"
    store.ask(code, teacher, QUESTION)
    view = store.view(code, student)
    assert (view.number, view.answers, view.mine, view.question) == (3, ("3",), "3", QUESTION)


def test_a_second_vote_pairs_each_students_first_answer_with_their_second(store):
    """Peer instruction: the second vote is a question of its own ("again_of" the first);
    the room pairs every first answer with the same student's second, and tells each phone
    its own first answer."""
    from collections import Counter

    code, teacher = store.open()
    a, b, c = (store.join(code) for _ in range(3))
    first = {**QUESTION, "kind": "predict", "options": ["cat", "dog"], "answer": "cat"}
    store.ask(code, teacher, first)
    store.answer(code, a, "q1", "dog|sure")
    store.answer(code, b, "q1", "cat|unsure")
    store.ask(code, teacher, {**first, "id": "q1-2", "again_of": "q1"})
    view = store.view(code, a)
    assert (view.mine_first, view.mine, view.answers) == ("dog|sure", None, ())
    assert Counter(view.first) == Counter({("dog|sure", None): 1, ("cat|unsure", None): 1})
    assert store.answer(code, a, "q1-2", "cat|sure") and store.answer(code, c, "q1-2", "cat|unsure")
    assert not store.answer(code, b, "q1", "dog|sure"), "the first vote is closed once the second is asked"
    view = store.view(code, teacher=teacher)
    assert Counter(view.first) == Counter({("dog|sure", "cat|sure"): 1, ("cat|unsure", None): 1})
    assert sorted(view.answers) == ["cat|sure", "cat|unsure"] and view.mine_first is None
    assert store.view(code, c).mine_first is None, "a student who did not vote the first time"
    assert [q["id"] for q, _ in store.results(code, teacher)] == ["q1", "q1-2"]
    store.ask(code, teacher, {**QUESTION, "id": "q2"})
    assert store.view(code, a).first == () and store.view(code, a).mine_first is None


@pytest.mark.slow
def test_two_replicas_share_one_redis_room(redis_url):

    prefix = f"test-{uuid.uuid4().hex}:"
    teachers_replica, students_replica = RedisRooms(redis_url, prefix=prefix), RedisRooms(redis_url, prefix=prefix)
    code, teacher = teachers_replica.open()
    student = students_replica.join(code)
    assert teachers_replica.ask(code, teacher, QUESTION)
    assert students_replica.view(code, student).question == QUESTION
    assert students_replica.answer(code, student, "q1", "3")
    assert teachers_replica.view(code).answers == ("3",)
    assert not students_replica.ask(code, student, QUESTION), "a student's token asks nothing on any replica"


@pytest.mark.slow
def test_redis_rooms_live_as_long_as_their_teacher_keeps_them(redis_url):
    import redis

    prefix = f"test-{uuid.uuid4().hex}:"
    store, client = RedisRooms(redis_url, prefix=prefix), redis.Redis.from_url(redis_url)
    code, teacher = store.open()
    base = f"{prefix}room:{code}"
    assert 0.9 * rooms.EMPTY_TTL * 1000 < client.pttl(base) <= rooms.EMPTY_TTL * 1000, "nobody joined: minutes"
    student = store.join(code)
    store.view(code, student)
    assert client.pttl(f"{base}:students") <= rooms.EMPTY_TTL * 1000, "a student does not keep it"
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "3")
    keys = [base, f"{base}:students", f"{base}:asked", f"{base}:questions", f"{base}:a:q1"]
    assert all(0.99 * rooms.ROOM_TTL * 1000 < client.pttl(key) <= rooms.ROOM_TTL * 1000 for key in keys), [
        client.pttl(key) for key in keys
    ]
    client.hset(f"{base}:students", "left-long-ago", 1)  # seen at the epoch: gone
    assert store.view(code).joined == 1
    client.zadd(f"{prefix}rooms", {"GONE22": 0})  # a room whose time ran out long ago
    assert client.zcard(f"{prefix}rooms") == 2
    store.open()
    assert client.zcard(f"{prefix}rooms") == 2, "opening a room sweeps the expired ones out of the count"


def test_a_redis_store_that_does_not_answer_says_so(monkeypatch):
    from tools import st_client

    store = RedisRooms(f"redis://127.0.0.1:{st_client.free_port()}/0")  # nothing listens there
    with pytest.raises(rooms.Unavailable, match="not answering"):
        store.view("ABCDEF")
    with pytest.raises(rooms.Unavailable, match="did not answer a moment ago"):
        store.ask("ABCDEF", "token", QUESTION)


@pytest.mark.slow
def test_the_store_is_chosen_by_cnn_viz_rooms(monkeypatch, redis_url, tmp_path, caplog):
    monkeypatch.setattr(live, "DEFAULT_PATH", tmp_path / "home" / "rooms.sqlite3")
    assert isinstance(live.make_store(""), SqliteRooms) and live.DEFAULT_PATH.is_file(), "the default: a file"
    assert isinstance(live.make_store(f"sqlite:///{tmp_path}/elsewhere.db"), SqliteRooms)
    assert (tmp_path / "elsewhere.db").is_file()
    assert isinstance(live.make_store("memory"), rooms.InProcessRooms)
    assert isinstance(live.make_store(redis_url), RedisRooms)
    with pytest.raises(ValueError, match="CNN_VIZ_ROOMS must be a redis:// or sqlite:/// URL"):
        live.make_store("postgres://somewhere")
    (tmp_path / "a-file").write_text("")
    assert isinstance(live.make_store(f"sqlite:///{tmp_path}/a-file/rooms.db"), rooms.InProcessRooms)
    assert "Live-class rooms are kept in memory" in caplog.text, "a disk it cannot write costs one log line"
    monkeypatch.setenv("CNN_VIZ_ROOMS", redis_url)
    monkeypatch.setattr(live, "_store", None)
    assert isinstance(live.store(), RedisRooms)
    monkeypatch.setattr(live, "_store", None)  # the next test gets the default again


def test_a_restart_keeps_every_room_question_and_answer(tmp_path):
    """The default store is a file: a new process opening it (an app restarted mid-question)
    finds the room, its question, the answers, and the teacher's token still valid."""
    path = tmp_path / "rooms.sqlite3"
    before = SqliteRooms(path)
    code, teacher = before.open()
    students = [before.join(code) for _ in range(3)]
    assert before.ask(code, teacher, QUESTION)
    for token, value in zip(students, ("3", "3", "4")):
        assert before.answer(code, token, "q1", value)
    after = SqliteRooms(path)
    view = after.view(code, students[2])
    assert (view.question, view.number, view.joined, view.mine) == (QUESTION, 1, 3, "4")
    assert sorted(view.answers) == ["3", "3", "4"]
    assert after.join(code, students[0]) == students[0], "a phone's link still names its student"
    assert after.reveal(code, teacher) and after.view(code).revealed


def test_sqlite_rooms_expire_by_the_wall_clock(tmp_path):
    clock = Clock()
    store = SqliteRooms(tmp_path / "rooms.sqlite3", clock)
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "1")
    clock.now += rooms.ROOM_TTL - 1
    assert store.view(code, teacher=teacher) is not None
    clock.now += rooms.ROOM_TTL + 1
    assert store.view(code) is None and store.join(code, student) is None
    code2, _ = store.open()  # opening sweeps the expired room out, answers and students too
    tables = {
        t: store._db.execute(f"SELECT COUNT(*) FROM {t} WHERE code = ?", (code,)).fetchone()[0]
        for t in ("rooms", "students", "answers")
    }
    assert tables == {"rooms": 0, "students": 0, "answers": 0} and code2 != code


def test_codes_are_hard_to_guess_and_forgiving_to_type():
    codes = {rooms.new_code() for _ in range(2000)}
    # 32**6 (about a billion) codes: two of 2,000 alike happens one run in 500 (the stores draw
    # again then); more than three alike would mean the codes are not random.
    assert len(codes) >= 1997
    assert all(len(c) == 6 and set(c) <= set(rooms.CODE_ALPHABET) for c in codes)
    assert not set("01OI") & set(rooms.CODE_ALPHABET)
    assert rooms.normal_code(" abc 234 ") == "ABC234"
    assert rooms.normal_code("ABC10") == "" and rooms.normal_code("ABCDE0") == "" and rooms.normal_code(None) == ""


def test_answers_are_cut_to_size(store):
    code, teacher = store.open()
    student = store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, student, "q1", "9" * 500)
    assert store.view(code, student).mine == "9" * rooms.MAX_ANSWER


def test_questions_carry_the_lessons_own_answers():
    trace = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
    for i, step in enumerate(trace.steps):
        q = questions.conv_value(trace, i, {"k": 2})
        assert q["value"] == step.total and q["query"] == {"k": 2, "step": i}
        assert questions.is_right(q, str(step.total)) and not questions.is_right(q, str(step.total + 1))
    assert questions.conv_value(trace, 0, {})["id"] == questions.conv_value(trace, 0, {})["id"], "stable"
    assert questions.conv_value(trace, 0, {})["id"] != questions.conv_value(trace, 1, {})["id"]
    pooled = ops.pool_trace(ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS), 2, 1, "average")
    q = questions.pool_value(pooled, 3, {})
    assert q["value"] == pooled.steps[3].value and q["kind"] == "pool_average"
    probs = model.load().predict(images.to_model_input(gallery.by_id("cat-1").rgb()))
    q = questions.predict(probs, "cat-1", {"sample": "cat-1"})
    assert q["answer"] == CLASSES[int(np.argmax(probs))] and q["options"] == list(CLASSES)
    assert questions.trap("trap_bias")["answer"] == "false"
    for wrong in (None, "", "abc", "nan", "inf", "−"):
        assert not questions.is_right(QUESTION, wrong)
    assert questions.is_right(QUESTION, "3.0") and questions.is_right(QUESTION, questions.clean_number(3.0))
    third = {**QUESTION, "value": 1 / 3}
    assert questions.is_right(third, "0.333"), "what the page shows, rounded, counts"


# ---------------------------------------------------------------- the app


def start_class(page="pages/2_Convolution.py", **query):
    teacher = open_page(page, presenter=1, **query)
    teacher.button(key="live_start").click().run()
    code = re.search(r"Room (\w{6})", all_text(teacher)).group(1)
    return teacher, code


def test_a_class_answers_and_sees_the_reveal():
    teacher, code = start_class()
    assert any(code in m.value and "/Live_class?room=" in m.value for m in teacher.markdown)
    teacher.button(key="live_ask").click().run()
    assert "What is the output value at row 0, column 0?" in all_text(teacher)

    students = [open_page("pages/10_Live_class.py", room=code) for _ in range(3)]
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    answers = (questions.clean_number(truth), questions.clean_number(truth), "999")
    for student, answer in zip(students, answers):
        assert "What is the output value at row 0, column 0?" in all_text(student)
        student.number_input[0].set_value(float(answer))
        student.button(key="live_send_button").click().run()
        assert f"Your answer: **{answer}**" in all_text(student)
    teacher.run()
    assert "3 of 3 answered" in all_text(teacher)
    teacher.button(key="live_reveal").click().run()
    assert "2 of 3 got it (67%)" in all_text(teacher)
    for student, answer in zip(students, answers):
        student.run()
        text = all_text(student)
        assert ("Right:" in text) == (answer != "999") and "67% of the class got it" in text
        assert "/Convolution?" in text and "step=0" in text


def test_where_pages_wait_on_news_a_phone_answers_and_the_projector_counts_it(monkeypatch):
    """As under serve.py (its middleware answers /_live/news): the phone and the projector draw
    the watcher instead of polling fragments, the phone's answer controls are a fragment of
    their own, which shows the answer it sent at once; the projector, run again, counts it."""
    from cnn_viz.app.server import news

    monkeypatch.setattr(news, "INSTALLED", True)
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    student = open_page("pages/10_Live_class.py", room=code)
    text = all_text(student)
    assert "What is the output value at row 0, column 0?" in text and "Your answer" not in text
    student.number_input[0].set_value(7.0)
    student.button(key="live_send_button").click().run()
    assert "Your answer: **7**" in all_text(student)
    teacher.run()
    assert "1 of 1 answered" in all_text(teacher)
    teacher.button(key="live_reveal").click().run()
    student.run()
    assert "of the class got it" in all_text(student)


def test_the_presenters_next_waits_for_reveal_and_then_asks_nothing_by_itself():
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    student = open_page("pages/10_Live_class.py", room=code)
    assert teacher.button(key="lesson_next").disabled, "Next waits for Reveal: further on shows the answer"
    teacher.button(key="live_reveal").click().run()
    for _ in range(3):  # step 1 into view, then two steps on: only a lesson plan asks as Next walks
        teacher.button(key="lesson_next").click().run()
        assert "**Question 2:**" not in all_text(teacher)
    student.run()
    assert "What is the output value at row 0, column 0?" in all_text(student), "the phones keep the last question"


def test_students_read_the_question_in_their_own_language_and_answer_a_choice():
    teacher, code = start_class("pages/7_Prediction.py", sample="cat-1")
    teacher.selectbox(key="live_kind_pick").set_value("predict").run()
    teacher.button(key="live_ask").click().run()
    student = open_page("pages/10_Live_class.py", room=code, lang="zh")
    assert "网络会把这张图片分成哪一类？" in all_text(student)
    student.button(key="live_opt_cat").click().run()
    assert "你的答案：**猫**" in all_text(student)
    teacher.button(key="live_reveal").click().run()
    student.run()
    assert "答对了，答案是：**猫**" in all_text(student)


def test_a_student_page_has_no_teacher_controls_and_a_wrong_code_says_so():
    teacher, code = start_class()
    student = open_page("pages/10_Live_class.py", room=code)
    keys = {b.key for b in student.button}
    assert not keys & {"live_ask", "live_reveal", "live_end", "live_start"}
    assert "_live_teacher" not in student.session_state
    lost = open_page("pages/10_Live_class.py", room="ZZZZZZ")
    assert "There is no live class with the code ZZZZZZ" in all_text(lost)
    typed = open_page("pages/10_Live_class.py")
    typed.text_input(key="live_code_typed").input("hello")
    typed.button[0].click().run()
    assert "A room code is 6 letters and digits" in all_text(typed)
    typed.text_input(key="live_code_typed").input(code.lower())
    typed.button[0].click().run()
    assert typed.query_params["room"] == code and "me" not in typed.query_params and typed.session_state["live_me"]


def test_a_rejoined_link_keeps_the_students_answer():
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    student = open_page("pages/10_Live_class.py", room=code)
    student.number_input[0].set_value(5.0)
    student.button(key="live_send_button").click().run()
    assert "me" not in student.query_params, "the student's own token never sits in a link"
    again = open_page("pages/10_Live_class.py", room=code, me=student.session_state["live_me"])  # an old link
    assert "Your answer: **5**" in all_text(again)
    assert again.number_input[0].value == 5.0, "the box holds the number it sent, not an empty box"
    teacher.run()
    assert "1 of 1 answered" in all_text(teacher)


def test_a_shared_store_that_is_down_costs_one_sentence_and_the_lesson_goes_on(monkeypatch):
    from tools import st_client

    monkeypatch.setattr(live, "_store", RedisRooms(f"redis://127.0.0.1:{st_client.free_port()}/0"))
    down = "The live class cannot reach its rooms right now"
    student = open_page("pages/10_Live_class.py", room="ABCDEF")
    assert down in all_text(student) and "Live class" in all_text(student)
    teacher = open_page("pages/2_Convolution.py", presenter=1)
    teacher.button(key="live_start").click().run()
    assert not teacher.exception and down in all_text(teacher)
    assert "_live_teacher" not in teacher.session_state
    assert teacher.button(key="live_start"), "the teacher may try again"
    assert "Convolution" in all_text(teacher)


@pytest.mark.slow
def test_a_redis_restart_loses_no_room(tmp_path):
    """Redis as compose, tools.cluster and deploy/kubernetes run it (an append-only file):
    stopped and started again, it still has the room, its question and the answers."""
    from tools import cluster, st_client

    port = st_client.free_port()
    url = f"redis://127.0.0.1:{port}/0"
    with open(tmp_path / "redis.log", "w") as log:
        proc = cluster.start_redis(port, log, data_dir=tmp_path)
        store = RedisRooms(url)
        code, teacher = store.open()
        student = store.join(code)
        assert store.ask(code, teacher, QUESTION) and store.answer(code, student, "q1", "3")
        st_client.stop(proc)  # SIGTERM: Redis flushes its append-only file and ends
        proc = cluster.start_redis(port, log, data_dir=tmp_path)
        try:
            view = RedisRooms(url).view(code, student)
            assert view is not None and view.question["id"] == "q1" and view.answers == ("3",)
            assert view.mine == "3" and RedisRooms(url).reveal(code, teacher), "the teacher's token still works"
        finally:
            st_client.stop(proc)


# ---------------------------------------------------------------- hidden until Reveal

HIDDEN = "Hidden until Reveal: the class is answering this."


def ask(teacher, kind):
    teacher.selectbox(key="live_kind_pick").set_value(kind).run()
    teacher.button(key="live_ask").click().run()
    assert not teacher.exception


def reveal(teacher):
    teacher.button(key="live_reveal").click().run()
    assert HIDDEN not in all_text(teacher)


def test_the_step_being_asked_is_hidden_on_the_projector_until_reveal():
    teacher, _ = start_class()
    assert "**Output** =" in all_text(teacher)
    ask(teacher, "conv_value")
    text = all_text(teacher)
    assert HIDDEN in text and "**Output** =" not in text
    [grid] = [f for f in drawn(teacher) if f.title.startswith("Output, ")]
    assert grid.written()[0, 0] == "", "the output grid does not show the new cell either"
    reveal(teacher)
    assert "**Output** =" in all_text(teacher)


def test_the_output_size_being_asked_is_hidden_until_reveal():
    teacher, _ = start_class()
    ask(teacher, "conv_size")
    assert HIDDEN in all_text(teacher) and "+ 1 = ?" in teacher.latex[0].value
    reveal(teacher)
    assert "= 3" in teacher.latex[0].value


@pytest.mark.parametrize("mode", ["max", "average"])
def test_the_pooled_value_being_asked_is_hidden_until_reveal(mode):
    teacher, _ = start_class("pages/3_Pooling.py")
    shown = {"max": "max(", "average": ") / 4 ="}
    assert all(line in all_text(teacher) for line in shown.values())
    ask(teacher, f"pool_{mode}")
    text = all_text(teacher)
    other = "average" if mode == "max" else "max"
    assert HIDDEN in text and shown[mode] not in text and shown[other] in text, "only the mode asked about"
    reveal(teacher)
    assert shown[mode] in all_text(teacher)


def test_the_networks_answer_is_hidden_on_every_model_page_until_reveal():
    teacher, _ = start_class("pages/7_Prediction.py", sample="cat-1")
    assert "Its answer" in [m.label for m in teacher.metric][0]
    ask(teacher, "predict")
    assert (
        HIDDEN in all_text(teacher) and not teacher.metric and not [m for m in teacher.markdown if "| cat |" in m.value]
    )
    for page, gone in (("pages/8_Why_this_class.py", "The network says"), ("pages/6_Inside_a_cell.py", "predicted")):
        teacher.switch_page(page).run()
        assert not teacher.exception and HIDDEN in all_text(teacher) and gone not in all_text(teacher), page
    teacher.switch_page("pages/7_Prediction.py").run()
    reveal(teacher)
    assert teacher.metric and teacher.metric[0].value == "cat"


def test_a_full_room_says_it_is_full_not_that_it_does_not_exist(monkeypatch):
    monkeypatch.setattr(rooms, "MAX_STUDENTS", 1)
    teacher, code = start_class()
    assert "Your answer" not in all_text(open_page("pages/10_Live_class.py", room=code))
    late = open_page("pages/10_Live_class.py", room=code)
    assert f"The live class {code} is full" in all_text(late) and "There is no live class" not in all_text(late)


# ---------------------------------------------------------------- a store that does not answer


def test_a_redis_that_hangs_costs_half_a_second_then_nothing_for_a_while():
    """A Redis that accepts connections and never answers (SIGSTOPped, say): the first call
    gives up after RedisRooms.TIMEOUT, and the calls after it within PAUSE fail at once, so the
    visitors in no class never wait for it."""
    import socket
    import time

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # connections are accepted by the kernel; nothing ever answers them
    clock = Clock()
    store = RedisRooms(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", clock=clock)
    try:
        started = time.monotonic()
        with pytest.raises(rooms.Unavailable):
            store.view("ABCDEF")
        assert time.monotonic() - started < 4 * RedisRooms.TIMEOUT
        started = time.monotonic()
        for _ in range(20):
            with pytest.raises(rooms.Unavailable, match="did not answer a moment ago"):
                store.join("ABCDEF")
        assert time.monotonic() - started < 0.05, "the breaker is open: no waiting"
        clock.now += RedisRooms.PAUSE + 0.1
        with pytest.raises(rooms.Unavailable, match="is not answering"):
            store.view("ABCDEF")  # tried again once the pause is over
    finally:
        silent.close()


def test_a_wrong_room_store_address_is_one_log_line_at_start_up(monkeypatch, caplog):
    monkeypatch.setattr(live, "_store", None)
    monkeypatch.setattr(live, "_checked", False)
    monkeypatch.setenv("CNN_VIZ_ROOMS", "postgres://teacher:s3cret@db:5432/rooms")
    line = live.check_configuration()
    assert line and "postgres" in line and "s3cret" not in caplog.text and line in caplog.text
    assert live.check_configuration() is None, "once a process"
    with pytest.raises(rooms.Unavailable):
        live.store()
    student = open_page("pages/10_Live_class.py", room="ABCDEF")
    assert "The live class cannot reach its rooms right now" in all_text(student)
    monkeypatch.setattr(live, "_store", None)


def test_a_redis_that_does_not_answer_at_start_up_is_named_without_its_password(monkeypatch, caplog):
    from tools import st_client

    monkeypatch.setattr(live, "_store", None)
    monkeypatch.setattr(live, "_checked", False)
    monkeypatch.setenv("CNN_VIZ_ROOMS", f"redis://:s3cret@127.0.0.1:{st_client.free_port()}/0")
    line = live.check_configuration()
    assert line and "does not answer" in line and "127.0.0.1" in line and "s3cret" not in caplog.text
    monkeypatch.setattr(live, "_store", None)


# ---------------------------------------------------------------- what one address may do


def test_one_address_opens_a_handful_of_rooms_an_hour():
    from cnn_viz.live import limits as lim

    clock = Clock()
    allowed = lim.Limits(clock)
    assert all(allowed.may_open("10.0.0.9") for _ in range(lim.OPENS))
    assert not allowed.may_open("10.0.0.9") and allowed.may_open("10.0.0.7"), "another teacher still can"
    clock.now += lim.OPENS_WINDOW + 1
    assert allowed.may_open("10.0.0.9"), "an hour later, again"


def test_one_address_cannot_fill_a_room():
    from cnn_viz.live import limits as lim

    clock = Clock()
    allowed = lim.Limits(clock)
    assert lim.JOINS_PER_ROOM < rooms.MAX_STUDENTS
    tickets = [allowed.may_join("10.0.0.9", "ROOM22") for _ in range(lim.JOINS_PER_ROOM)]
    assert all(tickets) and not allowed.may_join("10.0.0.9", "ROOM22")
    assert allowed.may_join("10.0.0.9", "ROOM33") and allowed.may_join("10.0.0.7", "ROOM22")
    for i, ticket in enumerate(tickets):
        allowed.joined("10.0.0.9", "ROOM22", ticket, f"fake{i}")


def test_the_places_one_address_took_free_a_minute_after_its_students_leave():
    """The limit counts the address's students seen in the last minute, as the room does: a
    script's 75 fakes that left do not lock out the class behind the same school address."""
    from cnn_viz.live import limits as lim

    clock = Clock()
    allowed = lim.Limits(clock)
    for i in range(lim.JOINS_PER_ROOM):
        allowed.joined("10.0.0.9", "ROOM22", allowed.may_join("10.0.0.9", "ROOM22"), f"fake{i}")
    clock.now += 30
    allowed.seen("10.0.0.9", "ROOM22", "fake0")  # one fake's phone still looks
    clock.now += 40  # the others were last seen 70 s ago
    assert allowed.may_join("10.0.0.9", "ROOM22") is not None
    for _ in range(lim.JOINS_PER_ROOM - 2):
        assert allowed.may_join("10.0.0.9", "ROOM22")
    assert allowed.may_join("10.0.0.9", "ROOM22") is None, "74 tickets and the fake still looking"


@pytest.mark.slow  # about 15 s of AppTest runs: the full run has it, the inner loop does not
def test_a_script_on_one_address_neither_stops_a_class_nor_fills_it(monkeypatch):
    """The abuser's address is at its limits; the honest teacher and students on other
    addresses start and join as ever, and the abuser reads one sentence."""
    from cnn_viz.app.classroom import common
    from cnn_viz.live import limits as lim

    monkeypatch.setattr(lim, "LIMITS", lim.Limits())
    monkeypatch.setattr(lim, "JOINS_PER_ROOM", 2)
    here = {"address": "10.9.9.9"}
    monkeypatch.setattr(common, "client_address", lambda: here["address"])
    for _ in range(lim.OPENS):
        start_class()
    abuser = open_page("pages/2_Convolution.py", presenter=1)
    abuser.button(key="live_start").click().run()
    assert "started 5 classes within the hour" in all_text(abuser) and "_live_teacher" not in abuser.session_state
    here["address"] = "10.1.1.1"
    teacher, code = start_class()
    here["address"] = "10.9.9.9"
    fakes = [open_page("pages/10_Live_class.py", room=code) for _ in range(3)]
    assert "Too many students have joined this class from your network" in all_text(fakes[-1])
    here["address"] = "10.2.2.2"
    student = open_page("pages/10_Live_class.py", room=code)
    assert student.session_state["live_me"] and "Too many" not in all_text(student)
    teacher.run()
    assert "**3** joined" in all_text(teacher)


LIVE = "pages/10_Live_class.py"


class _WithCookies:
    """st.context with the cookies a browser would send (AppTest sends none)."""

    def __init__(self, real, cookies):
        self._real, self.cookies = real, cookies

    def __getattr__(self, name):
        return getattr(self._real, name)


def open_with_cookie(monkeypatch, value, **query):
    """A phone's browser opening the Live class page with this cnnviz_student cookie."""
    import streamlit

    with monkeypatch.context() as m:
        m.setattr(streamlit, "context", _WithCookies(streamlit.context, {"cnnviz_student": value}))
        return open_page(LIVE, **query)


def written_cookie(at):
    """The cnnviz_student value the page's script writes, or None."""
    found = re.findall(r"cnnviz_student=([^;]*);", everything(at))
    return found[-1] if found else None


def test_a_made_up_student_token_joins_as_a_new_student_within_the_address_limit(monkeypatch):
    """A token the room did not issue (a made-up me=, a made-up cookie) counts against the
    address's joins; a token it did issue comes back without counting."""
    from cnn_viz.app.classroom import common

    monkeypatch.setattr(limits, "LIMITS", limits.Limits())
    monkeypatch.setattr(limits, "JOINS_PER_ROOM", 2)
    monkeypatch.setattr(common, "client_address", lambda: "10.9.9.9")
    teacher, code = start_class()
    phone = open_page(LIVE, room=code)
    forged = open_with_cookie(monkeypatch, f"{code}.made-up-token-0001", room=code)
    assert forged.session_state["live_me"] not in ("", "made-up-token-0001"), "in, as a new student"
    made_up = open_page(LIVE, room=code, me="made-up-token-0002")
    assert "Too many students have joined this class from your network" in all_text(made_up)
    again = open_with_cookie(monkeypatch, f"{code}.{phone.session_state['live_me']}", room=code)
    assert again.session_state["live_me"] == phone.session_state["live_me"] and "Too many" not in all_text(again)
    teacher.run()
    assert "**2** joined" in all_text(teacher)


def test_a_phone_back_in_a_room_after_another_is_the_same_student(monkeypatch):
    """The cookie keeps a token per room (the latest STUDENT_ROOMS), so a phone that went from
    room A to room B and back is still the same student in A."""
    from cnn_viz.app.classroom import joining

    teacher, first = start_class()
    _, second = start_class()
    phone = open_page(LIVE, room=first)
    mine = phone.session_state["live_me"]
    assert written_cookie(phone) == f"{first}.{mine}"
    there = open_with_cookie(monkeypatch, f"{first}.{mine}", room=second)
    theirs = there.session_state["live_me"]
    assert written_cookie(there) == f"{second}.{theirs}:{first}.{mine}"
    others = ":".join(f"{c}.token-{c}" for c in ("AAAAAA", "BBBBBB", "CCCCCC", "DDDDDD"))
    back = open_with_cookie(monkeypatch, f"{second}.{theirs}:{first}.{mine}:{others}", room=first)
    assert back.session_state["live_me"] == mine, "the same student"
    kept = written_cookie(back).split(":")
    assert kept[:2] == [f"{first}.{mine}", f"{second}.{theirs}"] and len(kept) == joining.STUDENT_ROOMS
    teacher.run()
    assert "**1** joined" in all_text(teacher)
    assert written_cookie(open_with_cookie(monkeypatch, '"; alert(1); "', room=second)).count(".") == 1


def test_only_our_proxies_may_say_who_the_client_is():
    from cnn_viz.live.addresses import trusted_proxy

    private = "10.0.0.0/8, 172.16.0.0/12"
    assert trusted_proxy("127.0.0.1", "") and trusted_proxy("::1", "") and trusted_proxy("127.0.0.5", "")
    assert trusted_proxy("172.18.0.4", private) and trusted_proxy("10.1.2.3", private)
    assert not trusted_proxy("203.0.113.9", private) and not trusted_proxy("192.168.1.2", private)
    assert not trusted_proxy("not an address", private) and not trusted_proxy("10.1.2.3", "garbage")


def test_the_client_is_the_right_most_address_our_proxies_did_not_write():
    """X-Forwarded-For as proxies send it: HAProxy appends a line of its own, others a comma
    entry; whatever a client wrote stands to the left of its own address."""
    from cnn_viz.live.addresses import forwarded_client

    ours = "172.16.0.0/12"
    haproxy = ["10.9.0.7", "203.0.113.9"]  # the client's forged line, then the proxy's
    assert forwarded_client("172.18.0.2", haproxy, ours) == "203.0.113.9"
    assert forwarded_client("172.18.0.2", ["10.9.0.7, 10.9.0.8", "203.0.113.9"], ours) == "203.0.113.9"
    assert forwarded_client("172.18.0.2", ["10.9.0.7, 203.0.113.9, 172.18.0.9"], ours) == "203.0.113.9", "two hops"
    assert forwarded_client("172.18.0.2", ["not-an-address", "203.0.113.9"], ours) == "203.0.113.9"
    assert forwarded_client("127.0.0.1", [" 203.0.113.9 "], ours) == "203.0.113.9", "loopback is ours"
    assert forwarded_client("172.18.0.2", ["172.18.0.7", "127.0.0.1"], ours) == "172.18.0.7", "all ours: left-most"
    assert forwarded_client("172.18.0.2", [], ours) == "172.18.0.2" and forwarded_client("172.18.0.2", [None], ours)
    assert forwarded_client("203.0.113.9", ["10.9.0.7"], ours) == "203.0.113.9", "no proxy of ours: the connection"


# ---------------------------------------------------------------- a countdown


def test_a_question_with_a_countdown_takes_answers_until_it_runs_out(store):
    import time

    code, teacher = store.open()
    early, late = store.join(code), store.join(code)
    assert store.ask(code, teacher, {**QUESTION, "closes_at": time.time() + 60})
    assert store.answer(code, early, "q1", "3")
    assert store.ask(code, teacher, {**QUESTION, "id": "q2", "closes_at": time.time() - 1})
    assert not store.answer(code, late, "q2", "3"), "the countdown ran out"
    assert store.view(code).answers == ()


def test_the_teachers_countdown_reaches_the_projector_and_the_phones():
    import time

    teacher, code = start_class()
    teacher.segmented_control(key="live_timer").set_value(30).run()
    teacher.button(key="live_ask").click().run()
    question = live.store().view(code).question
    assert 25 < question["closes_at"] - time.time() <= 30
    assert "s** left to answer" in all_text(teacher)
    student = open_page("pages/10_Live_class.py", room=code)
    assert "s** left to answer" in all_text(student) and student.button(key="live_send_button")
    _, token = teacher.session_state["_live_teacher"]
    ran_out = {**question, "id": "ran-out", "closes_at": time.time() - 1}
    assert live.store().ask(code, token, ran_out)
    student.run()
    assert "Time is up" in all_text(student) and not [b for b in student.button if b.key == "live_send_button"]
    assert not live.store().answer(code, student.session_state["live_me"], "ran-out", "3")


# ---------------------------------------------------------------- results after class


def test_the_results_keep_every_question_with_its_answers(store):
    code, teacher = store.open()
    a, b = store.join(code), store.join(code)
    store.ask(code, teacher, QUESTION)
    store.answer(code, a, "q1", "3")
    store.answer(code, b, "q1", "4")
    store.ask(code, teacher, {**QUESTION, "id": "q2"})
    store.answer(code, a, "q2", "3")
    store.ask(code, teacher, QUESTION)  # asked again: still one entry, first where it was asked
    found = store.results(code, teacher)
    assert [q["id"] for q, _ in found] == ["q1", "q2"]
    assert sorted(found[0][1]) == [("", "3"), ("", "4")] and found[1][1] == (("", "3"),)
    assert store.results(code, a) is None, "only the teacher reads them"


def test_a_named_class_keeps_each_students_nickname(store):
    code, teacher = store.open(named=True)
    ada = store.join(code)
    assert store.view(code, ada).named and store.view(code, ada).my_name is None, "the phone asks for a name"
    assert store.join(code, ada, "  Ada\u202e <b>Lovelace</b> the first of her name\n") == ada
    assert store.view(code, ada).my_name == "Ada <b>Lovelace</b>", "printable, 20 characters at most"
    bob = store.join(code, None, "Bob")
    store.ask(code, teacher, QUESTION)
    store.answer(code, ada, "q1", "3")
    store.answer(code, bob, "q1", "4")
    [(_, given)] = store.results(code, teacher)
    assert sorted(given) == [("Ada <b>Lovelace</b>", "3"), ("Bob", "4")]
    anonymous, _ = store.open()
    carol = store.join(anonymous, None, "Carol")
    assert store.view(anonymous, carol).my_name is None and not store.view(anonymous, carol).named


def test_a_device_gets_the_teachers_token_once_and_only_when_the_teacher_allows_its_number(store):
    code, teacher = store.open()
    student = store.join(code)
    secret, number = store.request_device(code)
    assert re.fullmatch(r"[1-9]\d\d", number) and len(secret) >= 20 and secret != teacher
    assert store.device_request(code, teacher) == number, "the projector sees the request"
    assert all(store.device_request(code, token) is None for token in (student, secret, "", None, teacher[:-1] + "x"))
    assert store.claim_device(code, secret) == rooms.WAITING, "nothing before the teacher allows"
    other = str(100 + (int(number) - 99) % 900)
    assert not store.allow_device(code, teacher, other), "another number allows nothing"
    assert not store.allow_device(code, student, number) and not store.allow_device(code, secret, number)
    assert not store.allow_device(code, teacher, int(number)) and not store.allow_device(code, teacher, None)
    assert store.claim_device(code, secret) == rooms.WAITING
    assert store.allow_device(code, teacher, number)
    assert store.device_request(code, teacher) is None, "answered: the projector stops asking"
    assert not store.allow_device(code, teacher, number) and not store.refuse_device(code, teacher, number)
    for wrong in (secret[:-1] + ("x" if secret[-1] != "x" else "y"), "", None, teacher, 42):
        assert store.claim_device(code, wrong) is None
    assert store.claim_device("NOROOM", secret) is None
    assert store.claim_device(code, secret) == teacher
    assert store.claim_device(code, secret) is None, "once"
    assert store.is_teacher(code, teacher) and store.ask(code, teacher, QUESTION), "the projector keeps control"
    assert store.request_device("NOROOM") is None and store.request_device(None) is None


def test_a_refused_device_hears_it_once(store):
    code, teacher = store.open()
    secret, number = store.request_device(code)
    other = str(100 + (int(number) - 99) % 900)
    assert not store.refuse_device(code, teacher, other) and not store.refuse_device(code, "a student", number)
    assert store.claim_device(code, secret) == rooms.WAITING
    assert store.refuse_device(code, teacher, number)
    assert store.device_request(code, teacher) is None and not store.allow_device(code, teacher, number)
    assert store.claim_device(code, secret) == rooms.REFUSED
    assert store.claim_device(code, secret) is None


def test_a_new_device_request_replaces_the_old_one_with_another_number(store, monkeypatch):
    code, teacher = store.open()
    draws = iter([372, 372, 500])  # the second request draws the first's number, then another
    monkeypatch.setattr(rooms.secrets, "randbelow", lambda n: next(draws))
    first, n1 = store.request_device(code)
    second, n2 = store.request_device(code)
    assert (n1, n2) == ("472", "600"), "the number a teacher may have read is never reused at once"
    assert store.device_request(code, teacher) == n2
    assert not store.allow_device(code, teacher, n1), "the number the teacher read is gone: nothing allowed"
    assert store.claim_device(code, first) is None, "the replaced request ends"
    assert store.claim_device(code, second) == rooms.WAITING
    assert store.allow_device(code, teacher, n2) and store.claim_device(code, second) == teacher


def test_an_ended_class_takes_no_device_requests(store):
    code, teacher = store.open()
    secret, number = store.request_device(code)
    assert store.close(code, teacher)
    assert store.request_device(code) is None
    assert store.device_request(code, teacher) is None and not store.allow_device(code, teacher, number)
    assert store.claim_device(code, secret) is None
    allowed, its_teacher = store.open()
    secret, number = store.request_device(allowed)
    assert store.allow_device(allowed, its_teacher, number) and store.close(allowed, its_teacher)
    assert store.claim_device(allowed, secret) is None, "allowed, then ended: nothing to run"


def test_a_device_request_lasts_two_minutes(timed):
    store, clock = timed
    code, teacher = store.open()
    secret, number = store.request_device(code)
    clock.now += rooms.DEVICE_TTL - 1
    assert store.device_request(code, teacher) == number
    clock.now += 2
    assert store.device_request(code, teacher) is None and not store.allow_device(code, teacher, number)
    assert store.claim_device(code, secret) is None
    secret, number = store.request_device(code)
    clock.now += rooms.DEVICE_TTL - 1
    assert store.allow_device(code, teacher, number)
    clock.now += rooms.DEVICE_TTL - 1
    assert store.claim_device(code, secret) == teacher, "the phone has its time to claim after the allow"
    secret, number = store.request_device(code)
    store.allow_device(code, teacher, number)
    clock.now += rooms.DEVICE_TTL + 1
    assert store.claim_device(code, secret) is None, "an allowed request unclaimed for as long ends too"


@pytest.mark.slow
def test_a_redis_device_request_expires_on_its_own(redis_url):
    store = RedisRooms(redis_url, prefix=f"test-{uuid.uuid4().hex}:")
    code, teacher = store.open()
    secret, number = store.request_device(code)
    key = f"{store._prefix}room:{code}:device"
    assert 0 < store._redis.pttl(key) <= rooms.DEVICE_TTL * 1000
    assert store.allow_device(code, teacher, number)
    assert 0 < store._redis.pttl(key) <= rooms.DEVICE_TTL * 1000
    assert store.claim_device(code, secret) == teacher and not store._redis.exists(key)


def test_end_class_shows_what_the_class_answered_and_its_csv(monkeypatch):
    import csv
    import io

    from cnn_viz.app.classroom import results

    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    students = [open_page("pages/10_Live_class.py", room=code) for _ in range(2)]
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    for student, value in zip(students, (float(truth), 999.0)):
        student.number_input[0].set_value(value)
        student.button(key="live_send_button").click().run()
    teacher.button(key="live_end").click().run()
    text = all_text(teacher)
    assert f"Room {code} has ended." in text and "What is the output value at row 0, column 0?" in text
    [table] = [m.value for m in teacher.markdown if "| share right |" in m.value]
    assert f"| {questions.clean_number(truth)} | 2 | 1 | 50% |" in table
    assert teacher.get("download_button"), "the CSV is offered"
    in_english(monkeypatch)
    rows = results.summary(live.store().results(*teacher.session_state["_live_teacher"]))
    read = list(csv.reader(io.StringIO(results.results_csv(rows).lstrip("\ufeff"))))
    assert read[0] == ["#", "question", "answer", "answered", "right", "share right"]
    assert read[1][2:] == [questions.clean_number(truth), "2", "1", "50%"]


def test_nicknames_reach_the_csv_as_text_never_as_formulas(monkeypatch):
    """CSV formula injection: a cell that starts with = + - @, a tab or a carriage return is
    a formula to a spreadsheet; each is written after a ' (OWASP), in every text cell of both
    CSVs, while a plain negative number stays a number."""
    import csv
    import io

    from cnn_viz.app.classroom import results

    in_english(monkeypatch)
    hostile = ["=1+2", "=cmd|'/c calc'!A1", "@SUM(1+1)*cmd", "+41 22", "-2+3", "\tx=1", "\r=1", "-"]
    question = questions.conv_size(5, 3, 1, 0, 3, {})
    given = tuple((name, "-3") for name in hostile) + (("Ada", "3"),)
    found = [(question, given)]
    for rows, columns in ((results.per_student(found), results.STUDENT_COLUMNS), (hostile, ("name",))):
        text = results.results_csv([r if isinstance(r, list) else [r] for r in rows], columns)
        cells = [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]
        assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells), cells
        assert all(f"'{name}" in cells for name in hostile)
    assert results.spreadsheet_cell("-3") == "-3" and results.spreadsheet_cell("-1.5e+20") == "-1.5e+20"
    assert results.spreadsheet_cell("Ada") == "Ada" and results.spreadsheet_cell(4) == 4
    assert [results.spreadsheet_cell(r) for r in results.summary(found)[0]][3:] == [9, 1, "11%"]


# ---------------------------------------------------------------- names, another device, a teacher away


def test_a_named_class_asks_each_phone_for_a_nickname_and_lists_every_answer(monkeypatch):
    import csv
    import io

    from cnn_viz.app.classroom import results

    teacher = open_page("pages/2_Convolution.py", presenter=1)
    teacher.toggle(key="live_named").set_value(True).run()
    teacher.button(key="live_start").click().run()
    code = re.search(r"Room (\w{6})", all_text(teacher)).group(1)
    teacher.button(key="live_ask").click().run()
    truth = ops.conv_trace(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS).steps[0].total
    for name, value in (("<b>Zed</b>", 999.0), ("Ada", float(truth))):
        phone = open_page("pages/10_Live_class.py", room=code)
        assert "What is the output value" not in all_text(phone), "a name first"
        phone.text_input(key="live_name_typed").input("   ")
        phone.button(key="FormSubmitter:live_name-Join").click().run()
        assert "Type a nickname" in all_text(phone)
        phone.text_input(key="live_name_typed").input(name)
        phone.button(key="FormSubmitter:live_name-Join").click().run()
        phone.number_input[0].set_value(value)
        phone.button(key="live_send_button").click().run()
        assert "Your answer:" in all_text(phone)
    teacher.button(key="live_end").click().run()
    assert [b.label for b in teacher.get("download_button")] == [
        "Download the results (CSV)",
        "Download every student's answers (CSV)",
        "🖨 Class report (to print)",
    ]
    in_english(monkeypatch)
    found = live.store().results(*teacher.session_state["_live_teacher"])
    rows = list(csv.reader(io.StringIO(results.results_csv(results.per_student(found), results.STUDENT_COLUMNS))))
    assert rows[0] == ["\ufeffnickname", "#", "question", "their answer", "right?", "how sure"]
    assert [r[0] for r in rows[1:]] == ["<b>Zed</b>", "Ada"], "by name, as typed (shown as text)"
    assert rows[1][3:] == ["999", "no", ""] and rows[2][3:] == [questions.clean_number(truth), "yes", ""]


def everything(at, block=None):
    """Every element the browser is sent (markdown, HTML, labels, captions, scripts), as text."""
    found, stack = [], [block or at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        if getattr(node, "proto", None) is not None:
            found.append(str(node.proto))
    return "\n".join(found)


def shown_number(phone):
    return re.search(r"allow the device showing \*\*(\d{3})\*\*", all_text(phone)).group(1)


def test_the_projector_shows_a_link_for_the_teachers_phone_and_no_secret():
    teacher, code = start_class()
    _, token = teacher.session_state["_live_teacher"]
    teacher.run()  # the run after Start wrote the teacher's cookie (a script, never shown)
    [inside] = [everything(teacher, p) for p in teacher.get("popover") if "Ask the projector" in everything(teacher, p)]
    assert f"/Live_class?room={code}&device=teacher" in inside
    assert "keeps control too" in inside, "the teacher learns both devices run the class"
    phone = open_page("pages/10_Live_class.py", room=code, device="teacher")
    phone.button(key="live_device_ask").click().run()
    secret = phone.session_state["_live_device_asked"][1]
    teacher.run()
    assert f"Allow it only if it shows **{shown_number(phone)}**" in all_text(teacher)
    shown = everything(teacher)
    assert token not in shown and secret not in shown, "no secret anywhere on the shared screen"
    assert phone.query_params["device"] == "teacher" and "_live_teacher" not in phone.session_state


def test_the_students_join_page_offers_no_teacher_take_over():
    teacher, code = start_class()
    for student in (open_page("pages/10_Live_class.py"), open_page("pages/10_Live_class.py", room=code)):
        text = everything(student).lower()
        assert "take over" not in text and "teacher code" not in text and "i am the teacher" not in text
        assert not student.get("expander") and not [i for i in student.text_input if "take" in str(i.key)]
    teacher.button(key="live_end").click().run()
    ended = open_page("pages/10_Live_class.py", room=code)
    assert "has ended" in all_text(ended) and "take over" not in everything(ended).lower()
    assert not ended.get("expander")


@pytest.mark.slow  # a projector and three phones through AppTest: the full run has it
def test_the_teachers_phone_asks_and_the_projector_allows_it_by_its_number():
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    _, token = teacher.session_state["_live_teacher"]
    phone = open_page("pages/10_Live_class.py", room=code, device="teacher")
    assert f"Run class {code} from this device" in all_text(phone) and not phone.get("number_input")
    phone.button(key="live_device_ask").click().run()
    number = shown_number(phone)
    assert "Waiting for the projector" in all_text(phone)
    teacher.run()
    assert f"shows **{number}**" in all_text(teacher)
    intruder = open_page("pages/10_Live_class.py", room=code, device="teacher")  # a student who scanned it
    intruder.button(key="live_device_ask").click().run()
    teacher.button(key="live_device_allow").click().run()  # drawn for the teacher's number: allows nothing
    assert "_live_teacher" not in intruder.run().session_state and "Waiting" in all_text(intruder)
    intruders = shown_number(intruder)
    assert intruders != number and f"shows **{intruders}**" in all_text(teacher), "the teacher sees another number"
    phone.run()
    assert "another device asked after it" in all_text(phone) and phone.button(key="live_device_ask")
    teacher.button(key="live_device_refuse").click().run()
    assert "The projector refused this device." in all_text(intruder.run())
    assert "_live_teacher" not in intruder.session_state and "Allow it only" not in all_text(teacher)

    phone.button(key="live_device_ask").click().run()
    teacher.run()
    assert f"shows **{shown_number(phone)}**" in all_text(teacher)
    teacher.button(key="live_device_allow").click().run()
    phone.run()
    assert phone.session_state["_live_teacher"] == (code, token) and phone.session_state["presenter"]
    assert "step" in phone.query_params and phone.button(key="live_reveal"), "the question's step, with Reveal"
    phone.button(key="live_reveal").click().run()
    assert live.store().view(code).revealed
    assert teacher.run().session_state["_live_teacher"] == (code, token), "the projector keeps control too"
    assert teacher.button(key="live_ask") and "Allow it only" not in all_text(teacher)


def test_a_device_that_asks_too_often_or_for_no_class_hears_why(monkeypatch):
    monkeypatch.setattr(limits, "REQUESTS", 2)
    teacher, code = start_class()
    for _ in range(2):
        open_page("pages/10_Live_class.py", room=code, device="teacher").button(key="live_device_ask").click().run()
    flood = open_page("pages/10_Live_class.py", room=code, device="teacher")
    flood.button(key="live_device_ask").click().run()
    assert "asked to run a class 2 times within the hour" in all_text(flood)
    assert "_live_device_asked" not in flood.session_state
    monkeypatch.setattr(limits, "LIMITS", limits.Limits())
    gone = open_page("pages/10_Live_class.py", room="ZZZZZZ", device="teacher")
    gone.button(key="live_device_ask").click().run()
    assert "There is no live class with the code ZZZZZZ" in all_text(gone)


def test_one_address_asks_to_run_a_class_a_few_times_an_hour_apart_from_its_passcode_tries():
    allowed = limits.Limits(Clock())
    assert all(allowed.may_request("10.0.0.9") for _ in range(limits.REQUESTS))
    assert not allowed.may_request("10.0.0.9") and allowed.may_request("10.0.0.7")
    assert allowed.try_wait("10.0.0.9") == 0, "asking slowed none of the passcode's tries"


def test_wrong_passcodes_slow_their_address_down_a_few_seconds_at_most():
    clock, waits = Clock(), []
    allowed = limits.Limits(clock, sleep=waits.append)
    for _ in range(12):
        allowed.hold_try("10.0.0.9")
        allowed.wrong_try("10.0.0.9")
    assert waits == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0], "typos free, then doubling to the cap"
    assert limits.TRY_WAIT_MOST <= 4 and allowed.try_wait("10.0.0.7") == 0, "another address is not slowed"
    assert allowed.may_request("10.0.0.9"), "a device's request is counted apart"
    clock.now += limits.OPENS_WINDOW + 1
    assert allowed.try_wait("10.0.0.9") == 0, "an hour later, full speed again"


def test_the_phones_say_when_the_teachers_screen_is_away(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(live, "_store", rooms.InProcessRooms(clock))
    teacher, code = start_class()
    phone = open_page("pages/10_Live_class.py", room=code)
    assert "not connected" not in all_text(phone)
    clock.now += rooms.AWAY + 1
    phone.run()
    assert "Your teacher's screen is not connected right now" in all_text(phone)
    teacher.run()
    phone.run()
    assert "not connected" not in all_text(phone)
    monkeypatch.setattr(live, "_store", None)


@pytest.mark.slow
def test_a_scripted_abuser_on_another_address_neither_takes_the_rooms_nor_fills_a_class(tmp_path, monkeypatch):
    """tools.abuse, small: real websocket sessions, the abuser on 127.0.9.9, the teacher on
    127.0.0.1 and each student on an address of their own."""
    import asyncio

    from tests.browser import streamlit_server
    from tools import abuse

    monkeypatch.setenv("CNN_VIZ_ROOMS", f"sqlite:///{tmp_path}/rooms.sqlite3")
    monkeypatch.setenv("CNN_VIZ_JOINS_PER_ADDRESS", "75")  # the server's limit, small enough to reach soon
    with streamlit_server() as (url, _):
        found = asyncio.run(abuse.abuse(url, opens=8, joins=80, students=6))
    assert found["rooms_taken"] == limits.OPENS and "started 5 classes within the hour" in found["refused_with"]
    assert found["teacher_started"] and found["teacher_started_again"]
    assert found["fakes_in"] == 75 and found["students_in"] == 6


@pytest.mark.slow  # about 20 s of AppTest runs, one per try: the full run has it
def test_with_a_teacher_passcode_only_who_knows_it_starts_a_class(monkeypatch):
    """A school behind one address (NAT): a student there could use up the address's rooms.
    With CNN_VIZ_TEACHER_PASSCODE set, Start asks for it, and that address limit is off. A
    student guessing from the teacher's address slows it down and never locks the teacher out."""
    monkeypatch.setenv("CNN_VIZ_TEACHER_PASSCODE", "owl-42")
    waits = []
    monkeypatch.setattr(limits, "LIMITS", limits.Limits(sleep=waits.append))  # every session here: 127.0.0.1
    student = open_page("pages/2_Convolution.py", presenter=1)
    for typed in ("", "owl-41"):
        student.text_input(key="live_passcode").input(typed)
        student.button(key="live_start").click().run()
        assert "That is not this server's teacher passcode." in all_text(student)
        assert "_live_teacher" not in student.session_state
    teacher = open_page("pages/2_Convolution.py", presenter=1)
    for _ in range(limits.OPENS + 1):  # more than one address may open without a passcode
        teacher.text_input(key="live_passcode").input(" owl-42 ")
        teacher.button(key="live_start").click().run()
        assert "_live_teacher" in teacher.session_state
        del teacher.session_state["_live_teacher"]  # as a new session would
        teacher.run()
    guesser = open_page("pages/2_Convolution.py", presenter=1)
    for _ in range(12):
        guesser.text_input(key="live_passcode").input("guess")
        guesser.button(key="live_start").click().run()
        assert "That is not this server's teacher passcode." in all_text(guesser)
    assert "_live_teacher" not in guesser.session_state and max(waits) == limits.TRY_WAIT_MOST
    teacher = open_page("pages/2_Convolution.py", presenter=1)
    teacher.text_input(key="live_passcode").input("owl-42")
    teacher.button(key="live_start").click().run()
    assert "_live_teacher" in teacher.session_state, "the right passcode from the same address opens a room"
    assert waits[-1] == limits.TRY_WAIT_MOST, "after waiting a few seconds, as every try from there does"


# ---------------------------------------------------------------- peer instruction


def test_taps_and_confidence_are_bounded_answers():
    assert questions.tap_value(0, 31) == "0,31" and questions.parse_tap("0,31") == (0, 31)
    for row, col in ((32, 0), (-1, 3), ("1e9", 2), (None, 1), (float("nan"), 1)):
        assert questions.tap_value(row, col) is None
    for forged in ("99,99", "-1,2", "1,2,3", "a,b", "", "1;2"):
        assert questions.parse_tap(forged) is None
    assert questions.split(questions.with_confidence("cat", "sure")) == ("cat", "sure")
    assert questions.with_confidence("cat", "very") == "cat" and questions.split("cat|very") == ("cat", None)
    heat = np.arange(32 * 32, dtype=float).reshape(32, 32) / 1023  # the bottom rows weigh most
    look = questions.look(np.zeros((32, 32, 3), np.uint8), heat, 3, "cat-1", "why", {})
    assert questions.is_right(look, "31,0|sure") and not questions.is_right(look, "0,0")
    assert not questions.is_right(look, "99,99") and questions.look_pictures(look)[2].mean() == 0.25
    again = questions.again({**QUESTION, "closes_at": 5.0})
    assert again["again_of"] == "q1" and again["id"] != "q1" and "closes_at" not in again
    assert [questions.answer_form(q) for q in (look, questions.trap("trap_bias"), again)] == ["tap", "choice", "number"]


def test_a_peer_instruction_cycle_with_confidence_vote_again_and_reveal():
    teacher, code = start_class("pages/7_Prediction.py", sample="cat-1")
    teacher.selectbox(key="live_kind_pick").set_value("predict").run()
    teacher.toggle(key="live_confidence").set_value(True).run()
    teacher.button(key="live_ask").click().run()
    probs = model.load().predict(images.to_model_input(gallery.by_id("cat-1").rgb()))
    truth = CLASSES[int(np.argmax(probs))]
    wrong = next(c for c in CLASSES if c != truth)
    students = [open_page("pages/10_Live_class.py", room=code) for _ in range(4)]
    first = [(truth, "sure"), (truth, "unsure"), (wrong, "sure"), (wrong, "unsure")]
    qid = next(k for k in students[0].session_state if k.startswith("live_conf_"))
    students[0].button(key=f"live_opt_{truth}").click().run()
    assert "Say how sure you are first" in all_text(students[0]), "no answer without how sure"
    for student, (answer, sure) in zip(students, first):
        student.segmented_control(key=qid).set_value(sure).run()
        student.button(key=f"live_opt_{answer}").click().run()
        assert "Your answer: **" in all_text(student) and f"({'sure' if sure == 'sure' else 'not sure'})**" in all_text(
            student
        )
    teacher.run()
    stacked = next(c for c in charts(teacher) if c["layout"].get("barmode") == "stack")
    keys = [trace for trace in stacked["data"] if trace.get("showlegend") is not False]
    assert [trace.get("name") for trace in keys] == ["sure", "not sure"], "the legend's keys"
    assert [trace["marker"]["color"] for trace in keys] == [chart_style.BAR, chart_style.BAR_PALE], "bars' colours"
    text = next(trace for trace in stacked["data"] if trace.get("mode") == "text")
    totals = dict(zip(text["x"], text["text"]))
    assert int(totals[truth]) == 2 and int(totals[wrong]) == 2

    teacher.button(key="live_again").click().run()
    assert "First vote" in all_text(teacher) and "(second vote)" in all_text(teacher)
    for student, (answer, _) in zip(students, first):
        student.run()
        assert f"Your first answer: {answer} (" in all_text(student)
    for student in students[:3]:  # the two who were wrong and sure/unsure: one changes to the right answer
        key = next(k for k in student.session_state if k.startswith("live_conf_") and k.endswith("-2"))
        student.segmented_control(key=key).set_value("sure").run()
        student.button(key=f"live_opt_{truth}").click().run()
    teacher.button(key="live_reveal").click().run()
    text = all_text(teacher)
    assert "First vote 50% right, second vote 100%. 1 changed to the right answer, 0 changed away" in text
    assert "Sure answers: 3 of 3 right (100%). Not sure: 0 of 0 right (—)." in text
    assert f"The network says {truth}, {float(probs.max()):.1%} sure, and it is right" in text
    for student, (answer, _) in zip(students[:3], first):
        student.run()
        assert ("Your first answer, " in all_text(student)) == (answer == truth)

    # The export carries both votes and how sure each answer was.
    from cnn_viz.app.classroom import results

    found = live.store().results(code, teacher.session_state["_live_teacher"][1])
    rows = results.summary(found)
    assert [row[1].endswith("(second vote)") for row in rows] == [False, True]
    assert [row[4] for row in rows] == [2, 3]
    given = sorted(row[3:] for row in results.per_student(found))
    assert given.count([truth, "yes", "sure"]) == 4 and [wrong, "no", "not sure"] in given


def test_where_did_the_network_look_taps_and_its_reveal():
    from cnn_viz import explain

    teacher, code = start_class("pages/8_Why_this_class.py", sample="cat-1")
    teacher.selectbox(key="live_kind_pick").set_value("look")  # picked and pressed at once: the pick is asked
    teacher.button(key="live_ask").click().run()
    assert "Where did the network look to say" in all_text(teacher)
    assert "Hidden until Reveal" in all_text(teacher) and "Grad-CAM" not in all_text(teacher), "no answer on screen"
    students = [open_page("pages/10_Live_class.py", room=code, lang=lang) for lang in ("en", "zh")]
    assert "Tap the picture where you think the network looked" in all_text(students[0])
    assert "在图片上点出你认为网络看的地方" in all_text(students[1])
    net = model.load()
    x = images.to_model_input(gallery.by_id("cat-1").rgb())
    top = int(np.argmax(net.predict(x)))
    heat = explain.grad_cam(net, x, top)
    hot = np.unravel_index(np.argmax(heat), heat.shape)
    cold = np.unravel_index(np.argmin(heat), heat.shape)
    store = live.store()
    for student, tap in zip(students, (hot, cold)):
        (tap_picture,) = drawn(student)  # HTML, not a chart: no chart library on the phone
        assert tap_picture.kind == "tap" and not charts(student)
        assert sorted(tap_picture.cells) == [(r, c) for r in range(32) for c in range(32)], "every pixel a target"
        assert tap_picture.outlines == [], "no tap yet"
        assert store.answer(
            code, student.session_state["live_me"], store.view(code).question["id"], f"{tap[0]},{tap[1]}"
        )
        student.run()
        assert drawn(student)[0].outlines == [(*map(int, tap), 1, 1)], "the tap, as a dot on its pixel"
        assert f"row {tap[0]}, column {tap[1]}" in all_text(student) or f"第 {tap[0]} 行第 {tap[1]} 列" in all_text(
            student
        )
    teacher.run()
    assert "taps (2): each a dot" in all_text(teacher)
    teacher.button(key="live_reveal").click().run()
    assert "1 of 2 taps (50%) fell on the quarter of the picture Grad-CAM weighs most" in all_text(teacher)
    students[0].run()
    assert "Your tap is on the quarter of the picture the network weighed most." in all_text(students[0])


def test_the_cell_and_the_maps_ask_their_own_questions():
    """Inside a cell asks how wide a square its cell sees (the receptive field held back until
    Reveal); Feature maps asks how many of the layer's maps are all zero (their count held back)."""
    teacher, code = start_class("pages/6_Inside_a_cell.py", sample="cat-1", layer="conv2", row=3, col=4)
    teacher.selectbox(key="live_kind_pick").set_value("field_size").run()
    teacher.button(key="live_ask").click().run()
    assert "A cell of conv2 depends on a square of the picture" in all_text(teacher)
    assert "This cell depends on rows" not in all_text(teacher), "the answer is not on the projector"
    student = open_page("pages/10_Live_class.py", room=code)
    student.number_input[0].set_value(8.0)
    student.button(key="live_send_button").click().run()
    teacher.button(key="live_reveal").click().run()
    assert "The answer: **8**. 1 of 1 got it (100%)." in all_text(teacher)
    assert "This cell depends on rows 6-13 and columns 8-15" in all_text(teacher)

    teacher, code = start_class("pages/5_Feature_maps.py", sample="cat-1", layer="conv3")
    outputs = model.load().forward(images.to_model_input(gallery.by_id("cat-1").rgb()))
    silent = int((outputs["conv3"].reshape(-1, 64).max(axis=0) <= 0).sum())
    teacher.selectbox(key="live_kind_pick").set_value("zero_maps").run()
    teacher.button(key="live_ask").click().run()
    assert "Of the 64 maps of conv3 on the screen, how many are all zero" in all_text(teacher)
    assert "maps are all 0 for this picture" not in all_text(teacher)
    question = live.store().view(code).question
    assert question["answer"] == str(silent) and question["query"]["layer"] == "conv3"


def test_a_second_vote_keeps_its_number_and_a_nameless_phone_has_not_joined(store):
    code, teacher = store.open(named=True)
    first = {"id": "q1", "kind": "conv_value", "options": None}
    store.ask(code, teacher, first)
    store.ask(code, teacher, questions.again(first))
    assert store.view(code).number == 1, "a second vote keeps its first's number"
    store.ask(code, teacher, {"id": "q2", "kind": "conv_size", "options": None})
    assert store.view(code).number == 2
    phone = store.join(code)  # the join page is open, no nickname yet: a tab closed now never joined
    assert store.view(code).joined == 0
    store.join(code, phone, "Ada")
    assert store.view(code).joined == 1


def test_every_kind_of_question_is_in_the_registry_with_its_words_in_both_languages():
    """questions.KINDS is the one list: the teacher's menu and the prompt of each kind are in
    both catalogues (the menu's keys are built by f-string, so the catalogue test cannot see
    them), and a page that asks hiding() about a kind that is none (a typo) fails loudly."""
    from cnn_viz.app.classroom import lesson
    from cnn_viz.i18n import en, zh

    for kind in questions.KINDS:
        for key in (f"live.kind.{kind}", f"live.q.{kind}"):
            assert key in en.STRINGS and key in zh.STRINGS, key
    with pytest.raises(ValueError, match="No question is of the kind 'feild_size'"):
        lesson.hiding("feild_size")


def test_the_answer_bars_come_with_their_counts_for_a_screen_reader():
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    for answer in (7.0, 7.0, 13.0):
        student = open_page("pages/10_Live_class.py", room=code)
        student.number_input[0].set_value(answer)
        student.button(key="live_send_button").click().run()
    teacher.button(key="live_reveal").click().run()
    lists = [h.proto.body for h in teacher.get("html") if "<ul>" in h.proto.body]
    assert lists and "<li>7: 2</li>" in lists[0] and "<li>13: 1</li>" in lists[0], lists


def test_send_with_an_empty_box_says_to_type_a_number_first():
    teacher, code = start_class()
    teacher.button(key="live_ask").click().run()
    student = open_page("pages/10_Live_class.py", room=code)
    student.button(key="live_send_button").click().run()
    assert "Type a number first, then Send." in all_text(student) and "Your answer" not in all_text(student)
    student.number_input[0].set_value(13.0)
    student.button(key="live_send_button").click().run()
    assert "Your answer: **13**" in all_text(student) and "Type a number first" not in all_text(student)
