"""Other visitors while one client forges a matrix editor's message.

    python -m tools.forged_editor [--visitors 10] [--rows 50000]

A forged client opens the Pooling lesson's matrix editor and sends, over Streamlit's own
websocket protocol, one message that adds `rows` rows to its 4 x 4 matrix (1.6 MB at 50,000:
before the editor refused such messages on arrival, Streamlit applied every row and kept the
server busy for 51-59 s). At the same moment `visitors` honest visitors open the page. Printed:
the visitors' time to a finished page alone (baseline) and beside the forger, and how long
the forger's own run took. Prints numbers; asserts nothing (tests/test_forged_widgets.py
holds the refusal).
"""

import argparse
import asyncio
import json
import time

import websockets

from . import st_client
from .classroom import rerun_message
from .loadtest import percentile

PAGE = "Pooling"


async def _run(ws, widgets=()):
    """Ask for a run of the page (with these widget values); read until it ends. Returns the
    ids of the expanders and data editors it drew, and what its warnings said."""
    await ws.send(rerun_message("lang=en", widgets=widgets, page=PAGE))
    found = {"expander": [], "editor": [], "warnings": []}
    async for fm in st_client.run_messages(ws, timeout=120):
        delta = fm.delta.WhichOneof("type") if fm.WhichOneof("type") == "delta" else None
        if delta == "add_block" and fm.delta.add_block.WhichOneof("type") == "expandable":
            found["expander"].append(fm.delta.add_block.expandable.id or fm.delta.add_block.id)
        elif delta == "new_element" and fm.delta.new_element.WhichOneof("type") == "dataframe":
            found["editor"].append(fm.delta.new_element.dataframe.id)
        elif delta == "new_element" and fm.delta.new_element.WhichOneof("type") == "alert":
            found["warnings"].append(fm.delta.new_element.alert.body)
    return found


async def _forge(url, rows, ready, go):
    """Open the editor, say ready, wait for the go, send the forged message: its seconds and
    what the page said."""
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", max_size=None) as ws:
        first = await _run(ws)
        expander = [(first["expander"][0], "bool_value", True)]
        opened = await _run(ws, expander)
        added = [{str(c): i for c in range(4)} for i in range(rows)]
        forged = json.dumps({"edited_rows": {}, "added_rows": added, "deleted_rows": []})
        ready.set()
        await go.wait()
        started = time.perf_counter()
        answer = await _run(ws, expander + [(opened["editor"][0], "string_value", forged)])
        return time.perf_counter() - started, len(forged), answer["warnings"]


async def _visitors(url, n):
    results = await st_client.open_sessions(url, [(PAGE, "lang=en")] * n)
    return [r.seconds for r in results if r.ok], sum(not r.ok for r in results)


async def measure(url, visitors=10, rows=50_000):
    await _visitors(url, 2)  # warm: the first run of a page imports and caches
    alone, _ = await _visitors(url, visitors)
    ready, go = asyncio.Event(), asyncio.Event()
    forger = asyncio.create_task(_forge(url, rows, ready, go))
    await ready.wait()
    go.set()
    beside, failed = await _visitors(url, visitors)
    forged_seconds, size, said = await forger
    return dict(alone=alone, beside=beside, failed=failed, forged_seconds=forged_seconds, size=size, said=said)


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.forged_editor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--visitors", type=int, default=10)
    p.add_argument("--rows", type=int, default=50_000)
    args = p.parse_args(argv)
    with st_client.streamlit_server() as (url, _):
        found = asyncio.run(measure(url, args.visitors, args.rows))
    for name in ("alone", "beside"):
        times = sorted(found[name])
        print(
            f"{args.visitors} visitors {name:6}: p50 {percentile(times, 50):.2f} s, "
            f"p95 {percentile(times, 95):.2f} s, max {times[-1]:.2f} s"
        )
    print(f"failed beside the forger: {found['failed']}")
    size, took = found["size"] / 1e6, found["forged_seconds"]
    print(f"forged message: {size:.1f} MB, {args.rows:,} added rows; its run took {took:.2f} s")
    print(f"the forger read: {found['said'][0] if found['said'] else '(nothing)'}")


if __name__ == "__main__":
    main()
