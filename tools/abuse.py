"""A scripted abuser against the live class, beside an honest teacher and class.

    python -m tools.abuse [--opens 20] [--joins 150] [--students 40]

Everything speaks Streamlit's own websocket protocol (tools/st_client), as a script would,
each client from a loopback address of its own, which is how the server tells clients apart:

1. the abuser (127.0.9.9) presses "Start a live class" `opens` times, one session each;
2. an honest teacher (127.0.0.1) starts a class;
3. the abuser joins that class `joins` times, one session each, then leaves (a third of them
   bring a made-up student token in the link's `me=`, a third in a made-up cookie);
4. `students` honest students, each on an address of their own, join it;
5. the teacher starts a second class, as after a break.

Printed: how many rooms the abuser got and what it read when refused, whether the teacher
could start both classes, how many of the abuser's phones got in, and how many honest
students got in. Prints numbers; asserts nothing (tests/test_live.py runs it small).
"""

import argparse
import asyncio
import re
import secrets
import time
from dataclasses import dataclass, field

import websockets

from . import st_client
from .classroom import phone_address, rerun_message

ABUSER = "127.0.9.9"
TEACHER = "127.0.0.1"
ROOM = re.compile(r"Room ([A-Z2-9]{6})")


@dataclass
class Run:
    """What one script run drew: its widgets ({label: id}) and every text it wrote."""

    widgets: dict = field(default_factory=dict)
    texts: list = field(default_factory=list)

    def says(self, words):
        return any(words in text for text in self.texts)


async def _run(ws, page, query, widgets=(), timeout=60):
    """Ask for a run (pressing these widgets), read until it ends."""
    await ws.send(rerun_message(query, widgets=widgets, page=page))
    found = Run()
    async for fm in st_client.run_messages(ws, timeout):
        if fm.WhichOneof("type") == "delta" and fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            which = element.WhichOneof("type")
            if which == "button":
                found.widgets[element.button.label] = element.button.id
            elif which in ("markdown", "alert"):
                found.texts.append(getattr(element, which).body)
    return found


def _connect(url, address, headers=()):
    """A session from `address`, its upgrade request carrying `headers` ([(name, value)])."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    return websockets.connect(
        ws_url,
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=60,
        local_addr=(address, 0),
        additional_headers=list(headers),
    )


async def open_room(url, address, headers=()):
    """One session presses Start: (room code or None, the run that answered)."""
    query = "presenter=1&lang=en"
    async with _connect(url, address, headers) as ws:
        first = await _run(ws, "Convolution", query)
        start = first.widgets["Start a live class"]
        pressed = await _run(ws, "Convolution", query, [(start, "trigger_value", True)])
    found = next((ROOM.search(text) for text in pressed.texts if ROOM.search(text)), None)
    return (found.group(1) if found else None), pressed


async def join_room(url, code, address, stay=0.0, forged=None):
    """One phone opens the join link: True when it got in (the page shows the room).
    `forged`: "me" or "cookie", where it brings a student token it made up."""
    made_up = secrets.token_urlsafe(12)
    query = f"room={code}&lang=en" + (f"&me={made_up}" if forged == "me" else "")
    headers = [("Cookie", f"cnnviz_student={code}.{made_up}")] if forged == "cookie" else []
    async with _connect(url, address, headers) as ws:
        joined = await _run(ws, "Live_class", query)
        await asyncio.sleep(stay)
    return joined.says(f"Room {code}") and not joined.says("Too many students")


async def abuse(url, opens=20, joins=150, students=40):
    started = time.perf_counter()
    taken = [await open_room(url, ABUSER) for _ in range(opens)]
    got = [code for code, _ in taken if code]
    refusal = next((text for code, run in taken if not code for text in run.texts if "classes" in text), "")
    honest, _ = await open_room(url, TEACHER)
    forging = (None, "me", "cookie")
    fakes = [join_room(url, honest, ABUSER, 1.0, forging[i % 3]) for i in range(joins)] if honest else []
    fakes = await asyncio.gather(*fakes)
    real = await asyncio.gather(*(join_room(url, honest, phone_address(i), stay=1.0) for i in range(students)))
    again, _ = await open_room(url, TEACHER)
    return dict(
        rooms_taken=len(got),
        refused_with=refusal,
        teacher_started=bool(honest),
        fakes_in=sum(fakes),
        students_in=sum(real),
        teacher_started_again=bool(again),
        seconds=time.perf_counter() - started,
    )


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.abuse", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--opens", type=int, default=20)
    p.add_argument("--joins", type=int, default=150)
    p.add_argument("--students", type=int, default=40)
    args = p.parse_args(argv)
    with st_client.streamlit_server() as (url, _):
        found = asyncio.run(abuse(url, args.opens, args.joins, args.students))
    print(f"the abuser ({ABUSER}) pressed Start {args.opens} times and got {found['rooms_taken']} rooms")
    print(f"  then read: {found['refused_with']!r}")
    print(f"the honest teacher ({TEACHER}) started a class: {found['teacher_started']}")
    print(f"the abuser's {args.joins} phones in that class: {found['fakes_in']}")
    print(f"honest students (each their own address) in it: {found['students_in']} of {args.students}")
    print(f"the teacher started a second class: {found['teacher_started_again']}")
    print(f"{found['seconds']:.1f} s in all")


if __name__ == "__main__":
    main()
