"""Load run of a live class: one teacher in Chromium, N students over websockets.

    python -m tools.classroom [--students 60] [--within 5] [--question number|confidence|tap]

The teacher projects Convolution in presenter mode, starts a class and asks the output value
at step 1 ("number"); or projects Prediction and asks which class the network gives the
picture, each answer with how sure ("confidence"), or where it looked, each answer a tap on
the picture ("tap"). N websocket students (Streamlit's own protocol, tools/st_client) open the join
link and, as a phone's browser does, ask for the question's fragment every 1.5 s; then
all answer within `within` seconds, spread evenly. Printed: every answer counted
or not, how long each student's answer took to be acknowledged, and how long from an
answer to the projector's count including it (p50 / p95 / max: the teacher's page is read
every 100 ms, and the histogram refreshes itself every 1.5 s), and the server's RSS.
Prints numbers; asserts nothing. Needs requirements-dev.txt and Chromium.
"""

import argparse
import asyncio
import json
import re
import tempfile
import threading
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg

from cnn_viz.app.classroom import REFRESH

from . import st_client
from .loadtest import CHROMIUM_ARGS, Watch, niced_chromium, percentile


async def _collect(ws, timeout=60):
    """Read messages until the script run ends; returns {label: widget id} of what it drew,
    and the id of the fragment it drew them in under "fragment"."""
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
            elif which == "plotly_chart" and element.plotly_chart.id:
                widgets["chart"] = element.plotly_chart.id
    return widgets


def rerun_message(query, fragment=None, widgets=(), page="Live_class"):
    """A browser's request for a run of `page` (or of one fragment), pressing these widgets:
    [(widget id, WidgetState field, value)]. tools.abuse sends the same."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    if fragment:  # what a phone's browser sends every 1.5 s: the question's fragment, nothing else
        msg.rerun_script.fragment_id = fragment
        msg.rerun_script.is_auto_rerun = True
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


async def student(url, code, delay, answer, results, stay, address="127.0.0.1", question="number", i=0):
    """Join; poll the question every 1.5 s as a phone does; after `delay` seconds answer;
    record when the answer was sent and acknowledged; poll on until `stay` seconds passed."""
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    query = f"room={code}&lang=en"
    started = time.perf_counter()
    options = dict(subprotocols=["streamlit"], max_size=None, open_timeout=60, local_addr=(address, 0))
    try:
        async with websockets.connect(ws_url, **options) as ws:
            await ws.send(rerun_message(query))
            widgets = await _collect(ws)
            answered = False
            while time.perf_counter() - started < stay:
                if not answered and time.perf_counter() - started >= delay:
                    states = answer_states(widgets, question, answer, i)
                    sent = time.perf_counter()
                    await ws.send(rerun_message(query, widgets=states))
                    widgets.update(await _collect(ws))  # a full run: the fragment may have a new id
                    results.append((sent, time.perf_counter()))
                    answered = True
                    continue
                await asyncio.sleep(REFRESH)
                await ws.send(rerun_message(query, widgets.get("fragment")))
                await _collect(ws)
    except (OSError, TimeoutError, KeyError, websockets.WebSocketException) as error:
        results.append((None, type(error).__name__))


ASKED = {
    "number": ("Convolution", "What is the output value at row 0, column 0?"),
    "confidence": ("Prediction", "Which class will the network give this picture?"),
    "tap": ("Prediction", "Where did the network look to say"),
}


def _teacher(url, ready, code_box, counts, stop, question="number"):
    """The projector in Chromium: start the class, ask, then read the count every 100 ms."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=niced_chromium(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        where, asked = ASKED[question]
        page.goto(f"{url}/{where}?presenter=1&lang=en&sample=cat-1")
        page.get_by_role("button", name="Start a live class").click(timeout=120_000)
        page.get_by_text("Room ").first.wait_for(timeout=60_000)
        code_box.append(re.search(r"Room ([A-Z2-9]{6})", page.locator(".st-key-live_panel").inner_text()).group(1))
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
        page.get_by_role("button", name="Ask", exact=True).click()
        page.get_by_text(asked).first.wait_for(timeout=60_000)
        ready.set()
        while not stop.is_set():
            status = page.locator(".st-key-live_status")  # the toolbar's line while a question is open
            found = re.search(r"(\d+) of \d+ answered", status.inner_text() if status.count() else "")
            counts.append((time.perf_counter(), int(found.group(1)) if found else 0))
            page.wait_for_timeout(100)
        browser.close()


def run(students=60, within=5.0, question="number"):
    with st_client.streamlit_server(log_dir=Path(tempfile.gettempdir())) as (url, proc):
        print(f"server log: {tempfile.gettempdir()}/server-{url.rsplit(':', 1)[1]}.log")
        watch = Watch(url, proc.pid)
        start_mb = watch.rss_mb()
        ready, stop, code_box, counts = threading.Event(), threading.Event(), [], []
        teacher = threading.Thread(target=_teacher, args=(url, ready, code_box, counts, stop, question))
        teacher.start()
        ready.wait(300)
        code = code_box[0]
        results = []

        async def everyone():
            await asyncio.gather(
                *(
                    student(
                        url,
                        code,
                        3 + within * i / students,
                        "cat" if question == "confidence" else 13.0,
                        results,
                        within + 8,
                        phone_address(i),
                        question,
                        i,
                    )
                    for i in range(students)
                )
            )

        joined = time.perf_counter()
        asyncio.run(everyone())
        stop.set()
        teacher.join()
        watch.stop()
        done = sorted(r for r in results if r[0] is not None)
        failed = [r[1] for r in results if r[0] is None]
        final = counts[-1][1] if counts else 0
        acks = [ack - sent for sent, ack in done]
        to_projector = []
        for k, (sent, _) in enumerate(done, start=1):
            shown = next((t for t, n in counts if t >= sent and n >= k), None)
            if shown is not None:
                to_projector.append(shown - sent)
        took = time.perf_counter() - joined
        print(f"{students} students ({question}) answered within {within:.0f} s ({took:.1f} s in all)")
        print(f"answers acknowledged: {len(done)}/{students}; failed: {failed[:5]}")
        print(f"answers counted on the projector: {final}/{students}")
        print(f"answer -> acknowledged: p50 {percentile(acks, 50):.2f} s, p95 {percentile(acks, 95):.2f} s")
        print(
            f"answer -> on the projector: p50 {percentile(to_projector, 50):.2f} s, "
            f"p95 {percentile(to_projector, 95):.2f} s, max {max(to_projector, default=float('nan')):.2f} s"
        )
        print(f"server RSS {start_mb:.0f} MB at start, peak {watch.peak_mb:.0f} MB")


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.classroom", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--students", type=int, default=60)
    p.add_argument("--within", type=float, default=5.0, help="seconds over which the answers are spread")
    p.add_argument("--question", choices=tuple(ASKED), default="number", help="what the class answers")
    args = p.parse_args(argv)
    run(args.students, args.within, args.question)


if __name__ == "__main__":
    main()
