"""Load run of a live class: one teacher in Chromium, N students over websockets.

    python -m tools.classroom [--students 60] [--within 5] [--question number|confidence|tap]
                              [--rooms 1] [--idle 0] [--join-within 5]

Each teacher (`--rooms` of them, pages of one Chromium) projects Convolution in presenter
mode, starts a class and, once the phones have joined (over `--join-within` seconds) and
waited `--idle` seconds more, asks the output value at step 1 ("number"); or projects
Prediction and asks which class the network gives the picture, each answer with how sure
("confidence"), or where it looked ("tap"). N websocket students per room (Streamlit's own
protocol, tools/st_client, each from a loopback address of its own) open the join link and
wait as a phone's browser does: one request to /_live/news held until the room has news, on
an HTTP connection kept open, and on news a run of the fragment the watcher is drawn in (the
question's fragment every 1.5 s on a server without it); each answers within `within` seconds
of seeing the question, spread evenly, posting it as a phone's browser does (/_live/answer), or,
for a tap or on a server without that route, with a run of the fragment its control is in.
Printed: how the phones got in (the join link to their page drawn, and in what order) and what
another visitor, opening Convolution every 2 s, waited before and while they joined; the
server's CPU and memory while the phones waited; per room, how long the question took to reach
the phones from the teacher's Ask, every answer counted or not, how long each took to be
acknowledged and from an answer to the projector's count including it (p50 / p95 / max: the
teacher's page is read every 100 ms); the server's peak RSS. Prints numbers; asserts nothing. Needs
requirements-dev.txt and Chromium.
"""

import argparse
import asyncio
import json
import re
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg

from cnn_viz.app.classroom import REFRESH

from . import st_client
from .loadtest import CHROMIUM_ARGS, Watch, niced_chromium, percentile


async def _collect(ws, timeout=60):
    """Read messages until the script run ends; returns {label: widget id} of what it drew,
    {"in:" + label: the fragment it is drawn in} where it is in one (a press on it reruns only
    that fragment, as a browser sends it), and the last fragment drawn under "fragment"."""
    widgets = {}
    async for fm in st_client.run_messages(ws, timeout):
        if fm.WhichOneof("type") != "delta":
            continue
        if fm.delta.fragment_id:
            widgets["fragment"] = fm.delta.fragment_id
        if fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            which = element.WhichOneof("type")
            if which in ("button", "number_input", "button_group"):
                widget = getattr(element, which)
                widgets[widget.label] = widget.id
                if fm.delta.fragment_id:
                    widgets["in:" + widget.label] = fm.delta.fragment_id
            elif which == "plotly_chart" and element.plotly_chart.id:
                widgets["chart"] = element.plotly_chart.id
                if fm.delta.fragment_id:
                    widgets["in:chart"] = fm.delta.fragment_id
            elif which == "bidi_component" and element.bidi_component.component_name.endswith("cnnviz_live_answer"):
                widgets["pad"] = json.loads(element.bidi_component.json)  # where the phone's browser posts its answer
            elif which == "bidi_component" and element.bidi_component.component_name.endswith("cnnviz_live_news"):
                widgets["news"] = json.loads(element.bidi_component.json)  # what the page's watcher asks
                if fm.delta.fragment_id:  # its news reruns that fragment (the phone's room), not the page
                    widgets["in:news"] = fm.delta.fragment_id
    return widgets


def rerun_message(query, fragment=None, widgets=(), page="Live_class", pressed=False):
    """A browser's request for a run of `page` (or of one fragment), pressing these widgets:
    [(widget id, WidgetState field, value)]; `pressed`: a press in that fragment, not its
    timer. tools.abuse sends the same."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    if fragment:  # a fragment's run: its timer's (auto), or a press or news in it
        msg.rerun_script.fragment_id = fragment
        msg.rerun_script.is_auto_rerun = not pressed
    for widget_id, field, value in widgets:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        if field == "string_array_value":  # a segmented control's choice
            state.string_array_value.data.extend(value)
        else:
            setattr(state, field, value)
    return msg.SerializeToString()


def phone_address(i):
    """A loopback address of student i's own (127.0.x.y): each phone is its own client, as
    on a school's wifi without NAT, so the live class's per-address limits see N clients."""
    return f"127.0.{1 + i // 250}.{2 + i % 250}"


def answer_states(widgets, question, answer, i):
    """What a phone sends to answer: a number typed and Send; a class and how sure, in one
    press (as a phone sends both widgets' states with the press); or a tap on the picture."""
    if question == "confidence":
        sure = ["sure" if i % 3 else "not sure"]
        return [(widgets["How sure are you?"], "string_array_value", sure), (widgets[answer], "trigger_value", True)]
    if question == "tap":
        row, col = 4 + i % 24, 6 + (7 * i) % 20
        point = {"x": col, "y": row, "curve_number": 1, "point_number": row * 32 + col, "point_index": row * 32 + col}
        selection = {"selection": {"points": [point], "point_indices": [row * 32 + col], "box": [], "lasso": []}}
        return [(widgets["chart"], "string_value", json.dumps(selection))]
    return [(widgets["Your answer"], "double_value", answer), (widgets["Send"], "trigger_value", True)]


class Http:
    """One HTTP/1.1 connection from `address` (a phone's own loopback address), kept open
    between requests as a phone's browser keeps it; opened again after a failure or a request
    given up on."""

    def __init__(self, url, address):
        self.where, self.address = urlsplit(url), address
        self.reader = self.writer = None

    async def post_json(self, path, body):
        """POST a JSON body: (status, JSON or None)."""
        try:
            if self.writer is None:
                host, port = self.where.hostname, self.where.port
                self.reader, self.writer = await asyncio.open_connection(host, port, local_addr=(self.address, 0))
            data = json.dumps(body).encode()
            head = f"POST {path} HTTP/1.1\r\nHost: {self.where.netloc}\r\nContent-Type: application/json\r\n"
            self.writer.write(f"{head}Content-Length: {len(data)}\r\n\r\n".encode() + data)
            await self.writer.drain()
            lines = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            fields = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
            payload = await self.reader.readexactly(int(fields.get("content-length", 0)))
            if fields.get("connection") == "close":
                self.close()
            return int(lines[0].split()[1]), json.loads(payload) if payload else None
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def pressed_in(widgets, question, answer):
    """The fragment the answer's control is drawn in (its press reruns only that), or None."""
    control = {"number": "Send", "confidence": answer, "tap": "chart"}[question]
    return widgets.get("in:" + control)


def is_open(widgets, question):
    """Whether the page drew the question's answer controls."""
    return (
        "pad" in widgets or {"number": "Send", "confidence": "How sure are you?", "tap": "chart"}[question] in widgets
    )


def posted_answer(pad, question, answer, i):
    """What a phone's browser posts to the server's answer route (answer_pad.py)."""
    value = f"{answer}|{'sure' if i % 3 else 'unsure'}" if question == "confidence" else f"{answer:g}"
    return {**pad["body"], "value": value}


async def student(url, code, offset, answer, results, stay, address="127.0.0.1", question="number", i=0, joins=None):
    """Join; wait as a phone does (one request to /_live/news held until the room has news,
    or, on a server without it, the question's fragment every 1.5 s); `offset` seconds after
    the question appears, answer; record when the answer was sent and acknowledged; wait on
    until `stay` seconds passed. `joins`: where to note how long its page took to open."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    query = f"room={code}&lang=en"
    started = time.perf_counter()
    options = dict(subprotocols=["streamlit"], max_size=None, open_timeout=120, local_addr=(address, 0))
    http, posting = Http(url, address), Http(url, address)  # news held on one connection, answers on another
    try:
        async with websockets.connect(ws_url, **options) as ws:
            await ws.send(rerun_message(query))
            widgets = await _collect(ws, timeout=120)
            if joins is not None:  # (when it opened the link, how long until its page was drawn)
                joins.append((started, time.perf_counter() - started))
            answered, due, seen = False, None, None
            while time.perf_counter() - started < stay:
                now = time.perf_counter()
                if not answered and is_open(widgets, question):
                    seen = seen or now
                    due = due or now + offset
                    if now >= due and "pad" in widgets:  # posted by the phone's browser: no script run
                        sent = time.perf_counter()
                        status, _ = await posting.post_json(
                            widgets["pad"]["url"], posted_answer(widgets["pad"], question, answer, i)
                        )
                        results.append((sent, time.perf_counter(), seen) if status == 200 else (None, f"HTTP {status}"))
                        answered = True
                        continue
                    if now >= due:
                        sent = time.perf_counter()
                        states = answer_states(widgets, question, answer, i)
                        fragment = pressed_in(widgets, question, answer)
                        await ws.send(rerun_message(query, fragment, states, pressed=True))
                        widgets.update(await _collect(ws, timeout=120))  # the answer's run
                        results.append((sent, time.perf_counter(), seen))
                        answered = True
                        continue
                left = (due - now) if due and not answered else stay - (now - started)
                news = widgets.get("news")
                if news is None:  # a server without /_live/news: the fragment, every REFRESH s
                    await asyncio.sleep(min(REFRESH, max(left, 0.01)))
                    await ws.send(rerun_message(query, widgets.get("fragment")))
                    widgets.update(await _collect(ws))
                    continue
                try:
                    status, found = await asyncio.wait_for(http.post_json(news["url"], news["body"]), left)
                except TimeoutError:
                    continue  # time to answer, or to leave
                except (OSError, EOFError, ValueError):  # a kept connection closed under it: again, as a browser does
                    await asyncio.sleep(0.5)
                    continue
                if status == 404 or (found or {}).get("changed"):
                    await ws.send(rerun_message(query, widgets.get("in:news"), pressed=True))
                    widgets = await _collect(ws, timeout=120)  # the room's fragment: all the tool reads
    except (OSError, TimeoutError, KeyError, ValueError, websockets.WebSocketException) as error:
        results.append((None, type(error).__name__))
    finally:
        http.close()
        posting.close()


ASKED = {"number": "Convolution", "confidence": "Prediction", "tap": "Prediction"}  # the page each is asked on


def _start(page, url, question):
    """One projector: start a class for `question`; returns its room's code."""
    where = ASKED[question]
    page.goto(f"{url}/{where}?presenter=1&lang=en&sample=cat-1")
    page.get_by_role("button", name="Start a live class").click(timeout=120_000)
    page.get_by_text("Room ").first.wait_for(timeout=60_000)
    code = re.search(r"Room ([A-Z2-9]{6})", page.locator(".st-key-live_panel").inner_text()).group(1)
    if question == "confidence":  # behind the panel's ⚙️ Options
        page.locator(".st-key-live_options button").first.click()
        page.locator(".st-key-live_confidence label").click()
        page.wait_for_function("() => document.querySelector('.st-key-live_confidence input').checked")
        page.mouse.click(8, 400)  # close the ⚙️ Options, as a teacher does
    elif question == "tap":
        page.locator(".st-key-live_kind_pick").click()
        page.get_by_role("option", name="where the network looked in this picture").click()
        page.wait_for_function(  # the choice made, and the run it caused finished
            """() => (document.querySelector('.st-key-live_kind_pick input')?.value || '').includes('looked')
               && document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')"""
        )
    return code


def _teacher(url, rooms, question, codes, ready, ask, asked, counts, stop):
    """The projectors in one Chromium (a page each): start the classes, ask when `ask` is set
    (asked[room]: when Ask was pressed), then read each room's count every 100 ms
    (counts[room]: [(time, answered)])."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=niced_chromium(), args=CHROMIUM_ARGS)
        pages = [browser.new_context(viewport={"width": 1280, "height": 720}).new_page() for _ in range(rooms)]
        codes.extend(_start(page, url, question) for page in pages)
        ready.set()
        ask.wait()
        for page in pages:  # every room asked at once: the counts are read from then on
            asked.append(time.perf_counter())
            page.get_by_role("button", name="Ask", exact=True).click()
        while not stop.is_set():
            for room, page in enumerate(pages):
                status = page.locator(".st-key-live_status")  # the toolbar's line while a question is open
                found = re.search(r"(\d+) of \d+ answered", status.inner_text() if status.count() else "")
                counts[room].append((time.perf_counter(), int(found.group(1)) if found else 0))
            pages[0].wait_for_timeout(100)
        browser.close()


def run(students=60, within=5.0, question="number", rooms=1, idle=0.0, join_within=5.0):
    """`rooms` classes of `students` each: the phones join over `join_within` seconds, wait
    `idle` seconds more with no question open, then the teachers ask and every phone answers
    within `within` seconds of seeing the question."""
    import psutil

    with st_client.streamlit_server(log_dir=Path(tempfile.gettempdir()), timeout=300) as (url, proc):
        print(f"server log: {tempfile.gettempdir()}/server-{url.rsplit(':', 1)[1]}.log")
        watch, server = Watch(url, proc.pid), psutil.Process(proc.pid)
        start_mb = watch.rss_mb()
        ready, ask, stop, asked = threading.Event(), threading.Event(), threading.Event(), []
        codes, counts = [], [[] for _ in range(rooms)]
        teacher = threading.Thread(target=_teacher, args=(url, rooms, question, codes, ready, ask, asked, counts, stop))
        teacher.start()
        ready.wait(600)
        results = [[] for _ in range(rooms)]
        total = students * rooms
        stay = join_within + idle + within + 40
        answer = "cat" if question == "confidence" else 13.0
        idle_cpu, joins, probes = {}, [], {"before": [], "storm": []}

        async def phone(k):
            room, i = k % rooms, k // rooms
            await asyncio.sleep(join_within * k / total)
            args = (url, codes[room], within * i / students, answer, results[room], stay, phone_address(k), question, i)
            await student(*args, joins=joins)

        async def visitors(until, found):
            """Another visitor opening a lesson page every 2 s until `until` (perf_counter)."""
            while time.perf_counter() < until:
                found.append((await st_client.open_session(url, "Convolution", "lang=en", timeout=120)).seconds)
                await asyncio.sleep(2)

        async def everyone():
            await visitors(time.perf_counter() + 10, probes["before"])
            phones = [asyncio.create_task(phone(k)) for k in range(total)]
            await visitors(time.perf_counter() + join_within, probes["storm"])
            await asyncio.sleep(5)
            before, t0 = server.cpu_times(), time.perf_counter()
            await asyncio.sleep(idle)
            after = server.cpu_times()
            used = after.user + after.system - before.user - before.system
            idle_cpu["share"] = used / max(time.perf_counter() - t0, 1e-9)
            idle_cpu["rss"] = watch.rss_mb()
            ask.set()
            await asyncio.gather(*phones)

        joined = time.perf_counter()
        asyncio.run(everyone())
        stop.set()
        teacher.join()
        watch.stop()
        took = time.perf_counter() - joined
        print(f"{rooms} room(s) of {students} students ({question}); joined within {join_within:.0f} s, "
              f"waited {idle:.0f} s, answered within {within:.0f} s ({took:.1f} s in all)")  # fmt: skip
        if idle:
            print(f"while {total} phones waited: server CPU {100 * idle_cpu['share']:.1f} % of one core, "
                  f"RSS {idle_cpu['rss']:.0f} MB")  # fmt: skip
        _joins_report(joins, total, probes)
        for room in range(rooms):
            _report(room, students, results[room], counts[room], asked[room] if room < len(asked) else None)
        print(f"server RSS {start_mb:.0f} MB at start, peak {watch.peak_mb:.0f} MB")


def _joins_report(joins, total, probes):
    """How the phones got in while they joined, in what order, and what another visitor saw."""
    took = [t for _, t in joins]
    by_start = [t0 for t0, _ in sorted(joins, key=lambda j: j[0] + j[1])]  # in the order they got in
    overtaken = sum(later < earlier for earlier, later in zip(by_start, by_start[1:]))
    print(f"joining: {len(joins)}/{total} got in; link -> page drawn p50 {percentile(took, 50):.2f} s, "
          f"p95 {percentile(took, 95):.2f} s, max {max(took, default=float('nan')):.2f} s; "
          f"{overtaken} got in before one that opened the link earlier")  # fmt: skip
    before, storm = probes["before"], probes["storm"]
    print(f"another visitor opening Convolution: p50 {percentile(before, 50):.2f} s before the phones came "
          f"({len(before)} visits), p50 {percentile(storm, 50):.2f} s / p95 {percentile(storm, 95):.2f} s "
          f"while they joined ({len(storm)} visits)")  # fmt: skip


def _report(room, students, results, counts, asked):
    done = sorted(r[:2] for r in results if r[0] is not None)
    seen = [r[2] - asked for r in results if r[0] is not None and asked is not None]
    failed = [r[1] for r in results if r[0] is None]
    final = counts[-1][1] if counts else 0
    acks = [ack - sent for sent, ack in done]
    to_projector = []
    for k, (sent, _) in enumerate(done, start=1):
        shown = next((t for t, n in counts if t >= sent and n >= k), None)
        if shown is not None:
            to_projector.append(shown - sent)
    print(f"room {room + 1}: answers acknowledged {len(done)}/{students}, failed {failed[:5]}; "
          f"counted on the projector {final}/{students}")  # fmt: skip
    print(f"  Ask -> question on the phone: p50 {percentile(seen, 50):.2f} s, p95 {percentile(seen, 95):.2f} s, "
          f"max {max(seen, default=float('nan')):.2f} s")  # fmt: skip
    print(f"  answer -> acknowledged: p50 {percentile(acks, 50):.2f} s, p95 {percentile(acks, 95):.2f} s")
    print(
        f"  answer -> on the projector: p50 {percentile(to_projector, 50):.2f} s, "
        f"p95 {percentile(to_projector, 95):.2f} s, max {max(to_projector, default=float('nan')):.2f} s"
    )


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.classroom", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--within", type=float, default=5.0, help="seconds over which the answers are spread")
    p.add_argument("--question", choices=tuple(ASKED), default="number", help="what the class answers")
    p.add_argument("--rooms", type=int, default=1, help="classes at once, each of --students")
    p.add_argument("--idle", type=float, default=0.0, help="seconds the joined phones wait before the question")
    p.add_argument("--join-within", type=float, default=5.0, help="seconds over which the phones join")
    args = p.parse_args(argv)
    run(args.students, args.within, args.question, args.rooms, args.idle, args.join_within)


if __name__ == "__main__":
    main()
