"""Live-class rooms in Redis, so that the students and the teacher of one room may sit on
different app instances behind a proxy. Chosen by CNN_VIZ_ROOMS=redis://host:6379/0
(see cnn_viz.live.store); the same RoomStore contract as the other stores, tested against them.

Every change is one Lua script, which Redis runs atomically: a check ("is this the current
question, not yet revealed?") and the write it guards cannot be split by another replica's
write. Times are Redis's own clock, which every replica shares. The teacher's token is
compared here in Python, in constant time; it never changes after the room opens, so
reading it before the script runs is safe. A device's secret is compared the same way before
the script that hands the teacher's token over runs (the script checks it again, so that a
request replaced in between gives nothing).

Keys, under PREFIX and a room's code C, all expiring together when the room does (the
teacher's actions move that time; see rooms.py):
  rooms             sorted set: code -> when it expires (ms), to count and cap open rooms
  room:C            hash: teacher, named, question (JSON), qid, number, revealed,
                    closes, ended, expires (ms), tseen (ms: the teacher's last look)
  room:C:device     hash: secret, number, state (waiting, allowed, refused): the latest
                    device's request to run the class; it expires on its own, DEVICE_TTL after
                    the request (or after the teacher's answer), and is gone once claimed
  room:C:students   hash: student token -> when last seen (ms), after an "a" once they answered
  room:C:names      hash: student token -> nickname
  room:C:asked      list of question ids asked, the latest MAX_KEPT kept
  room:C:questions  hash: question id -> question (JSON), for the results after class
  room:C:a:QID      hash: student token -> answer to question QID
"""

import json
import secrets
import time

import redis

from . import rooms
from .breaker import Breaker

PREFIX = "cnnviz:"

# Shared by every script. keep(): the teacher acted, so the room lives on (every key's
# expiry is moved only when it moves by more than a minute: a projector looks every 1.5 s).
# stamp(key): a key a student's write created expires with its room.
_PRELUDE = """
local p, code = ARGV[1], ARGV[2]
local room_ttl, empty_ttl, active, away = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local base = p .. 'room:' .. code
local students = base .. ':students'
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function stamp(key)
  redis.call('PEXPIREAT', key, tonumber(redis.call('HGET', base, 'expires')))
end
local function keep()
  local now = now_ms()
  local life = empty_ttl
  if redis.call('HLEN', students) > 0 then life = room_ttl end
  redis.call('HSET', base, 'tseen', now)
  if now + life - tonumber(redis.call('HGET', base, 'expires')) < 60000 then return end
  redis.call('HSET', base, 'expires', now + life)
  for _, key in ipairs({base, students, base .. ':names', base .. ':asked', base .. ':questions'}) do
    stamp(key)
  end
  for _, qid in ipairs(redis.call('LRANGE', base .. ':asked', 0, -1)) do stamp(base .. ':a:' .. qid) end
  redis.call('ZADD', p .. 'rooms', now + life, code)
end
-- a student's entry: when last seen (ms), after an 'a' once they answered
local function seen_at(entry) return tonumber((string.gsub(entry, '^a', ''))) or 0 end
local function answered(entry) return string.sub(entry, 1, 1) == 'a' end
local function touch(token, now)
  local entry = redis.call('HGET', students, token)
  redis.call('HSET', students, token, ((entry and answered(entry)) and 'a' or '') .. now)
end
local function here(now)
  -- who counts as joined: answered, or seen lately; in a named class, a phone that has not
  -- given its name has not joined
  local named, n = redis.call('HGET', base, 'named') == '1', 0
  local all = redis.call('HGETALL', students)
  for i = 1, #all, 2 do
    local seen = all[i + 1]
    if (answered(seen) or seen_at(seen) >= now - active)
      and (not named or redis.call('HEXISTS', base .. ':names', all[i]) == 1) then n = n + 1 end
  end
  return n
end
"""

_OPEN = """
local teacher, named, max_rooms = ARGV[7], ARGV[8], tonumber(ARGV[9])
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', p .. 'rooms', '-inf', now)
if redis.call('ZCARD', p .. 'rooms') >= max_rooms then return 0 end
if redis.call('EXISTS', base) == 1 then return -1 end
redis.call('HSET', base, 'teacher', teacher, 'named', named, 'number', 0, 'revealed', 0,
  'ended', 0, 'expires', now + empty_ttl, 'tseen', now)
redis.call('DEL', base .. ':device')  -- a request to a gone room of this code asks nothing of this one
stamp(base)
redis.call('ZADD', p .. 'rooms', now + empty_ttl, code)
return 1
"""

_JOIN = """
local student, fresh, name, max_students, kept = ARGV[7], ARGV[8], ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11])
if redis.call('EXISTS', base) == 0 or redis.call('HGET', base, 'ended') == '1' then return false end
local now = now_ms()
local function forget(token)
  redis.call('HDEL', students, token)
  redis.call('HDEL', base .. ':names', token)
  for _, qid in ipairs(redis.call('LRANGE', base .. ':asked', 0, -1)) do
    redis.call('HDEL', base .. ':a:' .. qid, token)
  end
end
local token = student
if student == '' or redis.call('HEXISTS', students, student) == 0 then
  -- make way (see rooms.py): forget who left without answering, then, past `kept`, who
  -- answered and left longest ago; a place is held by being seen lately
  if redis.call('HLEN', students) >= max_students then
    local all = redis.call('HGETALL', students)
    for i = 1, #all, 2 do
      if not answered(all[i + 1]) and seen_at(all[i + 1]) < now - active then forget(all[i]) end
    end
  end
  local extra = redis.call('HLEN', students) - kept + 1
  if extra > 0 then
    local all, gone = redis.call('HGETALL', students), {}
    for i = 1, #all, 2 do
      if seen_at(all[i + 1]) < now - active then gone[#gone + 1] = {seen_at(all[i + 1]), all[i]} end
    end
    table.sort(gone, function(a, b) return a[1] < b[1] end)
    for j = 1, math.min(extra, #gone) do forget(gone[j][2]) end
  end
  local places, all = 0, redis.call('HGETALL', students)
  for i = 1, #all, 2 do
    if seen_at(all[i + 1]) >= now - active then places = places + 1 end
  end
  if places >= max_students then return 'full' end
  token = fresh
end
touch(token, now)
stamp(students)
if name ~= '' and redis.call('HGET', base, 'named') == '1' then
  redis.call('HSET', base .. ':names', token, name)
  stamp(base .. ':names')
end
return token
"""

_ASK = """
local qid, question, max_kept, closes, again = ARGV[7], ARGV[8], tonumber(ARGV[9]), ARGV[10], ARGV[11]
if redis.call('EXISTS', base) == 0 or redis.call('HGET', base, 'ended') == '1' then return 0 end
if redis.call('HGET', base, 'qid') ~= qid then
  redis.call('HSET', base, 'question', question, 'qid', qid, 'revealed', 0, 'closes', closes, 'again', again)
  if again == '' then redis.call('HINCRBY', base, 'number', 1) end  -- a second vote keeps its number
  local asked = base .. ':asked'
  if not redis.call('LPOS', asked, qid) then redis.call('RPUSH', asked, qid) end  -- first asked, first listed
  redis.call('HSET', base .. ':questions', qid, question)
  stamp(asked)
  stamp(base .. ':questions')
  while redis.call('LLEN', asked) > max_kept do
    local gone = redis.call('LPOP', asked)
    redis.call('DEL', base .. ':a:' .. gone)
    redis.call('HDEL', base .. ':questions', gone)
  end
end
keep()
return 1
"""

_REVEAL = """
if redis.call('EXISTS', base) == 0 or redis.call('HEXISTS', base, 'qid') == 0 then return 0 end
redis.call('HSET', base, 'revealed', 1)
keep()
return 1
"""

_ANSWER = """
local student, qid, value = ARGV[7], ARGV[8], ARGV[9]
if redis.call('EXISTS', base) == 0 then return 0 end
if redis.call('HEXISTS', students, student) == 0 then return 0 end
local now = redis.call('HMGET', base, 'qid', 'revealed', 'closes')
if now[1] ~= qid or now[2] == '1' then return 0 end
local closes = tonumber(now[3] or '0') or 0
if closes > 0 and now_ms() > closes then return 0 end  -- the countdown ran out
redis.call('HSET', base .. ':a:' .. qid, student, value)
stamp(base .. ':a:' .. qid)
redis.call('HSET', students, student, 'a' .. now_ms())
return 1
"""

_VIEW = """
local student, teacher = ARGV[7], ARGV[8]
if redis.call('EXISTS', base) == 0 then return false end
if teacher == '1' then keep() end
local now = now_ms()
local m = redis.call('HMGET', base, 'question', 'qid', 'number', 'revealed', 'named', 'tseen', 'ended', 'again')
local answers, mine, name, pairs, mine_first = {}, {}, {}, {}, {}
local again = m[8]
if again == '' then again = nil end
if student ~= '' and redis.call('HEXISTS', students, student) == 1 then
  touch(student, now)
  local own = redis.call('HGET', base .. ':names', student)
  if own then name = {own} end
  if m[2] then
    own = redis.call('HGET', base .. ':a:' .. m[2], student)
    if own then mine = {own} end
  end
  if again then
    own = redis.call('HGET', base .. ':a:' .. again, student)
    if own then mine_first = {own} end
  end
end
if again and m[2] then  -- a second vote: each first answer with its second ('' until given)
  local first = redis.call('HGETALL', base .. ':a:' .. again)
  for i = 1, #first, 2 do
    pairs[#pairs + 1] = first[i + 1]
    pairs[#pairs + 1] = redis.call('HGET', base .. ':a:' .. m[2], first[i]) or ''
  end
end
if m[2] then answers = redis.call('HVALS', base .. ':a:' .. m[2]) end
local gone = 0
if now - tonumber(m[6]) > away then gone = 1 end
return {m[1] or '', m[3], m[4], here(now), mine, answers, m[5], name, gone, m[7], pairs, mine_first}
"""

_NEWS = """
local teacher = ARGV[7]
if redis.call('EXISTS', base) == 0 then return false end
if teacher == '1' then keep() end
local now = now_ms()
for i = 8, #ARGV do
  if redis.call('HEXISTS', students, ARGV[i]) == 1 then touch(ARGV[i], now) end
end
local m = redis.call('HMGET', base, 'question', 'qid', 'revealed', 'tseen', 'ended')
local answers = 0
if m[2] then answers = redis.call('HLEN', base .. ':a:' .. m[2]) end
local gone = 0
if now - tonumber(m[4]) > away then gone = 1 end
return {m[1] or '', m[3], m[5], gone, answers, here(now), now}
"""

_CLOSE = """
if redis.call('EXISTS', base) == 0 then return 0 end
redis.call('HSET', base, 'ended', 1, 'revealed', 0)
redis.call('HDEL', base, 'question', 'qid')
keep()
return 1
"""

_REQUEST = """
local secret, number, ttl = ARGV[7], ARGV[8], tonumber(ARGV[9])
if redis.call('EXISTS', base) == 0 or redis.call('HGET', base, 'ended') == '1' then return 0 end
local device = base .. ':device'
if redis.call('HGET', device, 'number') == number then return -1 end  -- the number it replaces: another
redis.call('DEL', device)
redis.call('HSET', device, 'secret', secret, 'number', number, 'state', 'waiting')
redis.call('PEXPIRE', device, ttl)
return 1
"""

_DECIDE = """
local number, state, ttl = ARGV[7], ARGV[8], tonumber(ARGV[9])
if redis.call('EXISTS', base) == 0 or redis.call('HGET', base, 'ended') == '1' then return 0 end
local device = base .. ':device'
local now = redis.call('HMGET', device, 'number', 'state')
if now[1] ~= number or now[2] ~= 'waiting' then return 0 end
redis.call('HSET', device, 'state', state)
redis.call('PEXPIRE', device, ttl)  -- the phone has this long to claim
keep()
return 1
"""

_CLAIM = """
local secret = ARGV[7]
if redis.call('EXISTS', base) == 0 or redis.call('HGET', base, 'ended') == '1' then return false end
local device = base .. ':device'
local now = redis.call('HMGET', device, 'secret', 'state')
if now[1] ~= secret then return false end
if now[2] == 'waiting' then return 'waiting' end
redis.call('DEL', device)  -- once
if now[2] == 'allowed' then return redis.call('HGET', base, 'teacher') end
return 'refused'
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
        self._breaker = Breaker("The Redis at CNN_VIZ_ROOMS", self.PAUSE, clock)
        room_ttl = rooms.ROOM_TTL if ttl is None else ttl
        self._times = [int(s * 1000) for s in (room_ttl, min(rooms.EMPTY_TTL, room_ttl), rooms.ACTIVE, rooms.AWAY)]
        self._prefix = prefix
        self._scripts = {
            name: self._redis.register_script(_PRELUDE + src)
            for name, src in dict(
                open=_OPEN,
                join=_JOIN,
                ask=_ASK,
                reveal=_REVEAL,
                answer=_ANSWER,
                view=_VIEW,
                news=_NEWS,
                close=_CLOSE,
                request=_REQUEST,
                decide=_DECIDE,
                claim=_CLAIM,
            ).items()
        }

    def _call(self, work):
        """work(), or Unavailable at once while the breaker is open, or after TIMEOUT."""
        if self._breaker.down():
            raise rooms.Unavailable("The live-class store at CNN_VIZ_ROOMS did not answer a moment ago.")
        try:
            result = work()
        except redis.RedisError as error:
            self._breaker.failed(f"is not answering ({type(error).__name__})")  # one log line an outage
            raise rooms.Unavailable(f"The live-class store at CNN_VIZ_ROOMS is not answering ({error}).") from error
        self._breaker.answered()
        return result

    def _run(self, name, code, *args):
        return self._call(lambda: self._scripts[name](args=[self._prefix, code, *self._times, *args]))

    def _kept(self, code, *fields):
        if not isinstance(code, str):
            return [None] * len(fields)
        return self._call(lambda: self._redis.hmget(f"{self._prefix}room:{code}", fields))

    def ping(self):
        """True when Redis answers (an operator's check at start-up)."""
        return bool(self._call(self._redis.ping))

    def is_teacher(self, code, teacher):
        (kept,) = self._kept(code, "teacher")
        # a teacher's look keeps the room (the script is the same as the projector's)
        return rooms.same_secret(teacher, kept) and self._run("view", code, "", "1") is not None

    def open(self, named=False):
        teacher = secrets.token_urlsafe(16)
        while True:
            code = rooms.new_code()
            done = self._run("open", code, teacher, int(bool(named)), rooms.MAX_ROOMS)
            if done == 1:
                return code, teacher
            if done == 0:
                return None

    def join(self, code, student=None, name=None):
        if not isinstance(code, str):
            return None
        known = student if isinstance(student, str) else ""
        fresh = secrets.token_urlsafe(12)
        found = self._run("join", code, known, fresh, rooms.clean_name(name), rooms.MAX_STUDENTS, rooms.kept_students())
        return found or None

    def is_student(self, code, student):
        if not isinstance(code, str) or not isinstance(student, str):
            return False
        return bool(self._call(lambda: self._redis.hexists(f"{self._prefix}room:{code}:students", student)))

    def ask(self, code, teacher, question):
        if "id" not in question or not self.is_teacher(code, teacher):
            return False
        closes = question.get("closes_at")
        closes_ms = int(closes * 1000) if isinstance(closes, (int, float)) else 0
        again = rooms.first_of(question) or ""
        return self._run("ask", code, str(question["id"]), json.dumps(question), rooms.MAX_KEPT, closes_ms, again) == 1

    def reveal(self, code, teacher):
        return self.is_teacher(code, teacher) and self._run("reveal", code) == 1

    def answer(self, code, student, question_id, value):
        if not isinstance(code, str) or not isinstance(student, str):
            return False
        return self._run("answer", code, student, str(question_id), str(value)[: rooms.MAX_ANSWER]) == 1

    def view(self, code, student=None, teacher=None):
        if not isinstance(code, str):
            return None
        as_teacher = teacher is not None and rooms.same_secret(teacher, self._kept(code, "teacher")[0])
        found = self._run("view", code, student if isinstance(student, str) else "", "1" if as_teacher else "0")
        if not found:
            return None
        question, number, revealed, joined, mine, answers, named, name, away, ended, pairs, mine_first = found
        return rooms.RoomView(
            code,
            json.loads(question) if question else None,
            int(number),
            revealed == "1",
            int(joined),
            tuple(answers),
            mine[0] if mine else None,
            named == "1",
            name[0] if name else None,
            away == 1,
            ended == "1",
            tuple((a, b or None) for a, b in zip(pairs[::2], pairs[1::2])),
            mine_first[0] if mine_first else None,
        )

    def news(self, code, students=(), teacher=None):
        if not isinstance(code, str):
            return None
        as_teacher = teacher is not None and rooms.same_secret(teacher, self._kept(code, "teacher")[0])
        tokens = [token for token in students if isinstance(token, str)]
        found = self._run("news", code, "1" if as_teacher else "0", *tokens)
        if not found:
            return None
        question, revealed, ended, away, answers, joined, now_ms = found
        question = json.loads(question) if question else None
        stamp = rooms.news_stamp(question, revealed == "1", ended == "1", away == 1, now_ms / 1000)
        return rooms.News(stamp, int(answers), int(joined))

    def request_device(self, code):
        if not isinstance(code, str):
            return None
        secret = secrets.token_urlsafe(16)
        while True:
            number = rooms.new_number()
            done = self._run("request", code, secret, number, rooms.DEVICE_TTL * 1000)
            if done != -1:
                return (secret, number) if done == 1 else None

    def device_request(self, code, teacher):
        if not isinstance(code, str):
            return None
        base = f"{self._prefix}room:{code}"

        def read():
            pipe = self._redis.pipeline(transaction=False)
            pipe.hmget(base, "teacher", "ended")
            pipe.hmget(f"{base}:device", "number", "state")
            return pipe.execute()

        (kept, ended), (number, state) = self._call(read)
        mine = rooms.same_secret(teacher, kept) and ended != "1"
        return number if mine and state == rooms.WAITING else None

    def allow_device(self, code, teacher, number):
        return self._decide(code, teacher, number, rooms.ALLOWED)

    def refuse_device(self, code, teacher, number):
        return self._decide(code, teacher, number, rooms.REFUSED)

    def _decide(self, code, teacher, number, state):
        if not isinstance(number, str) or not self.is_teacher(code, teacher):
            return False
        return self._run("decide", code, number, state, rooms.DEVICE_TTL * 1000) == 1

    def claim_device(self, code, secret):
        if not isinstance(code, str):
            return None
        (kept,) = self._call(lambda: self._redis.hmget(f"{self._prefix}room:{code}:device", ["secret"]))
        if not rooms.same_secret(secret, kept):
            return None
        return self._run("claim", code, secret) or None

    def results(self, code, teacher):
        if not self.is_teacher(code, teacher):
            return None
        base = f"{self._prefix}room:{code}"

        def read():
            asked = self._redis.lrange(f"{base}:asked", 0, -1)
            pipe = self._redis.pipeline(transaction=False)
            pipe.hgetall(f"{base}:names")
            pipe.hkeys(f"{base}:students")
            for qid in asked:
                pipe.hget(f"{base}:questions", qid)
                pipe.hgetall(f"{base}:a:{qid}")
            names, order, *found = pipe.execute()
            rank = {token: i for i, token in enumerate(order)}
            return [
                (
                    json.loads(q),
                    tuple((names.get(s, ""), v) for s, v in sorted(a.items(), key=lambda i: rank.get(i[0], 0))),
                )
                for q, a in zip(found[::2], found[1::2])
                if q
            ]

        return self._call(read)

    def close(self, code, teacher):
        return self.is_teacher(code, teacher) and self._run("close", code) == 1
