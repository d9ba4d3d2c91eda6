"""Live-class rooms in Redis, so that the students and the teacher of one room may sit on
different app instances behind a proxy. Chosen by CNN_VIZ_ROOMS=redis://host:6379/0
(see cnn_viz.live.store); the same RoomStore contract as the in-process store, tested against it.

Every change is one Lua script, which Redis runs atomically: a check ("is this the current
question, not yet revealed?") and the write it guards cannot be split by another replica's
write. The teacher's token is compared here in Python, in constant time; it never changes
after the room opens, so reading it before the script runs is safe.

Keys, under PREFIX and a room's code C, all dying ROOM_TTL after the room's last use:
  rooms             sorted set: code -> when it expires (ms), to count and cap open rooms
  room:C            hash: teacher, question (JSON), qid, number, revealed
  room:C:students   set of student tokens
  room:C:asked      list of question ids asked, the latest MAX_KEPT kept
  room:C:questions  hash: question id -> question (JSON), for the results after class
  room:C:a:QID      hash: student token -> answer to question QID
"""

import json
import secrets
import time

import redis

from . import rooms

PREFIX = "cnnviz:"

# Shared by every script: Redis's own clock (every replica agrees on it) and the touch that
# keeps a room's keys alive while it is used.
_PRELUDE = """
local p, code, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3])
local base = p .. 'room:' .. code
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function touch(qid)
  for _, key in ipairs({base, base .. ':students', base .. ':asked', base .. ':questions'}) do
    redis.call('PEXPIRE', key, ttl)
  end
  if qid then redis.call('PEXPIRE', base .. ':a:' .. qid, ttl) end
  redis.call('ZADD', p .. 'rooms', now_ms() + ttl, code)
end
"""

_OPEN = """
local teacher, max_rooms = ARGV[4], tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', p .. 'rooms', '-inf', now_ms())
if redis.call('ZCARD', p .. 'rooms') >= max_rooms then return 0 end
if redis.call('EXISTS', base) == 1 then return -1 end
redis.call('HSET', base, 'teacher', teacher, 'number', 0, 'revealed', 0)
touch(nil)
return 1
"""

_JOIN = """
local student, fresh, max_students = ARGV[4], ARGV[5], tonumber(ARGV[6])
if redis.call('EXISTS', base) == 0 then return false end
touch(nil)
local students = base .. ':students'
if student ~= '' and redis.call('SISMEMBER', students, student) == 1 then return student end
if redis.call('SCARD', students) >= max_students then return false end
redis.call('SADD', students, fresh)
redis.call('PEXPIRE', students, ttl)
return fresh
"""

_ASK = """
local qid, question, max_kept, closes = ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7]
if redis.call('EXISTS', base) == 0 then return 0 end
if redis.call('HGET', base, 'qid') ~= qid then
  redis.call('HSET', base, 'question', question, 'qid', qid, 'revealed', 0, 'closes', closes)
  redis.call('HINCRBY', base, 'number', 1)
  local asked = base .. ':asked'
  if not redis.call('LPOS', asked, qid) then redis.call('RPUSH', asked, qid) end  -- first asked, first listed
  redis.call('HSET', base .. ':questions', qid, question)
  while redis.call('LLEN', asked) > max_kept do
    local gone = redis.call('LPOP', asked)
    redis.call('DEL', base .. ':a:' .. gone)
    redis.call('HDEL', base .. ':questions', gone)
  end
end
touch(qid)
return 1
"""

_REVEAL = """
if redis.call('EXISTS', base) == 0 or redis.call('HEXISTS', base, 'qid') == 0 then return 0 end
redis.call('HSET', base, 'revealed', 1)
touch(nil)
return 1
"""

_ANSWER = """
local student, qid, value = ARGV[4], ARGV[5], ARGV[6]
if redis.call('EXISTS', base) == 0 then return 0 end
if redis.call('SISMEMBER', base .. ':students', student) == 0 then return 0 end
local now = redis.call('HMGET', base, 'qid', 'revealed', 'closes')
if now[1] ~= qid or now[2] == '1' then return 0 end
local closes = tonumber(now[3] or '0') or 0
if closes > 0 and now_ms() > closes then return 0 end  -- the countdown ran out
redis.call('HSET', base .. ':a:' .. qid, student, value)
touch(qid)
return 1
"""

_VIEW = """
local student = ARGV[4]
if redis.call('EXISTS', base) == 0 then return false end
touch(nil)
local m = redis.call('HMGET', base, 'question', 'qid', 'number', 'revealed')
local answers, mine = {}, {}
if m[2] then
  answers = redis.call('HVALS', base .. ':a:' .. m[2])
  if student ~= '' then
    local own = redis.call('HGET', base .. ':a:' .. m[2], student)
    if own then mine = {own} end
  end
end
return {m[1] or '', m[3], m[4], redis.call('SCARD', base .. ':students'), mine, answers}
"""

_CLOSE = """
if redis.call('EXISTS', base) == 0 then return 0 end
for _, qid in ipairs(redis.call('LRANGE', base .. ':asked', 0, -1)) do
  redis.call('DEL', base .. ':a:' .. qid)
end
redis.call('DEL', base, base .. ':students', base .. ':asked', base .. ':questions')
redis.call('ZREM', p .. 'rooms', code)
return 1
"""


class RedisRooms(rooms.RoomStore):
    """Rooms in Redis at `url` (redis://host:port/db). `ttl` in seconds, for tests."""

    # A Redis that does not answer must cost a class a sentence, not its time: every call
    # waits at most TIMEOUT, and after a failure the store says "unavailable" at once for
    # PAUSE seconds (a circuit breaker) instead of making every visitor wait again.
    TIMEOUT = 0.5
    PAUSE = 5.0

    def __init__(self, url, ttl=None, prefix=PREFIX, clock=time.monotonic):
        self._redis = redis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=self.TIMEOUT,
            socket_connect_timeout=self.TIMEOUT,
            health_check_interval=30,
        )
        self._clock, self._down_until = clock, 0.0
        self._ttl_ms = int((rooms.ROOM_TTL if ttl is None else ttl) * 1000)
        self._prefix = prefix
        self._scripts = {
            name: self._redis.register_script(_PRELUDE + src)
            for name, src in dict(
                open=_OPEN, join=_JOIN, ask=_ASK, reveal=_REVEAL, answer=_ANSWER, view=_VIEW, close=_CLOSE
            ).items()
        }

    def _call(self, work):
        """work(), or Unavailable at once while the breaker is open, or after TIMEOUT."""
        if self._clock() < self._down_until:
            raise rooms.Unavailable("The live-class store at CNN_VIZ_ROOMS did not answer a moment ago.")
        try:
            return work()
        except redis.RedisError as error:
            self._down_until = self._clock() + self.PAUSE
            raise rooms.Unavailable(f"The live-class store at CNN_VIZ_ROOMS is not answering ({error}).") from error

    def _run(self, name, code, *args):
        return self._call(lambda: self._scripts[name](args=[self._prefix, code, self._ttl_ms, *args]))

    def ping(self):
        """True when Redis answers (an operator's check at start-up)."""
        return bool(self._call(self._redis.ping))

    def is_teacher(self, code, teacher):
        if not isinstance(code, str) or not isinstance(teacher, str):
            return False
        kept = self._call(lambda: self._redis.hget(f"{self._prefix}room:{code}", "teacher"))
        return kept is not None and rooms.same_secret(teacher, kept)

    def open(self):
        teacher = secrets.token_urlsafe(16)
        while True:
            code = rooms.new_code()
            done = self._run("open", code, teacher, rooms.MAX_ROOMS)
            if done == 1:
                return code, teacher
            if done == 0:
                return None

    def join(self, code, student=None):
        if not isinstance(code, str):
            return None
        known = student if isinstance(student, str) else ""
        token = self._run("join", code, known, secrets.token_urlsafe(12), rooms.MAX_STUDENTS)
        return token or None

    def ask(self, code, teacher, question):
        if "id" not in question or not self.is_teacher(code, teacher):
            return False
        closes = question.get("closes_at")
        closes_ms = int(closes * 1000) if isinstance(closes, (int, float)) else 0
        return self._run("ask", code, str(question["id"]), json.dumps(question), rooms.MAX_KEPT, closes_ms) == 1

    def reveal(self, code, teacher):
        return self.is_teacher(code, teacher) and self._run("reveal", code) == 1

    def answer(self, code, student, question_id, value):
        if not isinstance(code, str) or not isinstance(student, str):
            return False
        return self._run("answer", code, student, str(question_id), str(value)[: rooms.MAX_ANSWER]) == 1

    def view(self, code, student=None):
        if not isinstance(code, str):
            return None
        found = self._run("view", code, student if isinstance(student, str) else "")
        if not found:
            return None
        question, number, revealed, joined, mine, answers = found
        return rooms.RoomView(
            code,
            json.loads(question) if question else None,
            int(number),
            revealed == "1",
            int(joined),
            tuple(answers),
            mine[0] if mine else None,
        )

    def results(self, code, teacher):
        if not self.is_teacher(code, teacher):
            return None
        base = f"{self._prefix}room:{code}"

        def read():
            asked = self._redis.lrange(f"{base}:asked", 0, -1)
            pipe = self._redis.pipeline(transaction=False)
            for qid in asked:
                pipe.hget(f"{base}:questions", qid)
                pipe.hvals(f"{base}:a:{qid}")
            found = pipe.execute()
            return [(json.loads(q), tuple(a)) for q, a in zip(found[::2], found[1::2]) if q]

        return self._call(read)

    def close(self, code, teacher):
        return self.is_teacher(code, teacher) and self._run("close", code) == 1
