"""A minimal Streamlit client at the websocket level, for the benchmark and the load test.

It speaks Streamlit's own protocol (protobuf BackMsg / ForwardMsg over
/_stcore/stream), asks for one page as a browser would on first load, and
reports how long the script took to finish and whether it showed an exception.
No browser, so a few hundred sessions fit on a laptop.
"""

import asyncio
import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from cnn_viz import ROOT


@dataclass
class SessionResult:
    ok: bool
    seconds: float
    exceptions: int = 0
    error: str = ""
    received: int = 0  # bytes the server sent for the page


async def open_session(base_url, page_name="", query="", timeout=60.0, hold=0.0):
    """Open one session on `page_name` (the URL path, "" for home) with `query` ("sample=cat-1").

    Waits for the script's first run to finish; keeps the socket open `hold` seconds more.
    """
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    start = time.perf_counter()
    exceptions = received = 0
    try:
        async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout) as ws:
            msg = BackMsg()
            msg.rerun_script.query_string = query
            msg.rerun_script.page_name = page_name
            await ws.send(msg.SerializeToString())
            async with asyncio.timeout(timeout):
                while True:
                    data = await ws.recv()
                    received += len(data)
                    fm = ForwardMsg()
                    fm.ParseFromString(data)
                    kind = fm.WhichOneof("type")
                    if (
                        kind == "delta"
                        and fm.delta.WhichOneof("type") == "new_element"
                        and fm.delta.new_element.WhichOneof("type") == "exception"
                    ):
                        exceptions += 1
                    elif kind == "page_not_found":
                        return SessionResult(False, time.perf_counter() - start, exceptions, "page not found", received)
                    elif kind == "script_finished" and fm.script_finished in (
                        ForwardMsg.FINISHED_SUCCESSFULLY,
                        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
                    ):
                        break
            seconds = time.perf_counter() - start
            if hold:
                await asyncio.sleep(hold)
            ok = fm.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and not exceptions
            return SessionResult(ok, seconds, exceptions, "" if ok else "script failed", received)
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        return SessionResult(False, time.perf_counter() - start, exceptions, type(error).__name__, received)


async def run_messages(ws, timeout=60):
    """The messages the server sends for one script run, up to its end (not yielded): what
    tools.abuse, tools.classroom and tools.forged_editor each read their own way."""
    async with asyncio.timeout(timeout):
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await ws.recv())
            if fm.WhichOneof("type") == "script_finished":
                return
            yield fm


async def open_sessions(base_url, specs, hold=0.0, timeout=60.0):
    """Open all sessions at once; specs is a list of (page_name, query)."""
    return await asyncio.gather(*(open_session(base_url, page, query, timeout, hold) for page, query in specs))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(url, timeout=2.0):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def start_streamlit(port, log=subprocess.DEVNULL, env=None, cwd=ROOT, script="serve.py"):
    """`streamlit run serve.py` in `cwd` on 127.0.0.1:port, as users run it; not waited for."""
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    command += ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    return subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)


def wait_healthy(url, proc, timeout, log_name=""):
    deadline = time.time() + timeout
    while not healthy(url):
        if proc.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{url} did not start" + (f"; see {log_name}" if log_name else ""))
        time.sleep(0.3)


def stop(proc, grace=10):
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def streamlit_server(log_dir=None, timeout=90, port=None):
    """Start `streamlit run serve.py` (as users run it) on a loopback port (a free one unless
    given); yield (url, process)."""
    port = port or free_port()
    log_dir = Path(log_dir) if log_dir else None
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_dir / f"server-{port}.log", "w") if log_dir else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = start_streamlit(port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout, log.name if log_dir else "")
        yield url, proc
    finally:
        stop(proc)
        if log_dir:
            log.close()
