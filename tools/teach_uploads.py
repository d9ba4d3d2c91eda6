"""Phone photos for Teach it a class, sent as a browser sends them, and the server's memory.

    python -m tools.teach_uploads                          # 1 session, 20 photos of ~2.8 MB
    python -m tools.teach_uploads --sessions 10 --mb 2     # ten sessions at once, 2 MB photos
    python -m tools.teach_uploads --app /tmp/before        # the server run from another checkout

Each session opens Teach it a class over Streamlit's websocket, POSTs its photos all at once
to the app's upload route (its uploader does the same, and sends its list of files only when
every upload is answered), then sends the list and reads the page's count of pictures.
The photos are noisy 4000 x 3000 JPEGs at quality 95, the size of a phone's. The server's
resident memory is sampled every 0.1 s: printed are its growth at the peak, once the pages
answered, and `--settle` seconds after the sessions left. Asserts nothing
(tests/test_teach.py holds the count).
"""

import argparse
import asyncio
import io
import json
import re
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import psutil
import websockets
from PIL import Image
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from . import st_client
from .classroom import rerun_message

PAGE = "Teach"
UPLOADER = "_upload_teach_files_0"  # the first class's uploader (cnn_viz/app/uploader.py): its id ends so


def phone_photo(seed, mb=2.8):
    """A 4000 x 3000 JPEG of about `mb` MB (quality 95; noise sets the size): a phone's photo."""
    rng = np.random.default_rng(seed)
    sigma = max(0.5, (mb - 0.08) / 0.72)  # measured: 1.9 MB at 2.5, 2.3 at 3, 3.0 at 4
    h, w = 3000, 4000
    ramps = (np.arange(w) * 255 // w, np.arange(h)[:, None] * 255 // h, np.full(w, 128))
    pixels = np.empty((h, w, 3), np.uint8)
    for channel, ramp in enumerate(ramps):
        pixels[..., channel] = np.clip(ramp + rng.normal(0, sigma, (h, w)).astype(np.int16), 0, 255)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def _post(url, route, name, data):
    """One photo to the app's upload route, as the app's uploader sends it: its answer."""
    request = urllib.request.Request(url + route, data=data, method="POST")
    request.add_header("Content-Type", "image/jpeg")
    request.add_header("X-File-Name", urllib.parse.quote(name))
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


async def _until_finished(ws, found):
    """Read one run's messages; note the uploader (its widget id and route) and what the page wrote."""
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await ws.recv())
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            element = fm.delta.new_element
            which = element.WhichOneof("type")
            if which == "bidi_component" and element.bidi_component.id.endswith(UPLOADER):
                found["uploader"] = element.bidi_component.id
                found["route"] = json.loads(element.bidi_component.json)["url"]
            elif which in ("markdown", "alert"):
                found["text"].append(getattr(element, which).body)
            elif which == "exception":
                found["exceptions"] += 1
        elif kind == "script_finished":
            return


def _value_message(uploader, arrived):
    """The rerun the uploader asks for once every upload is answered: its list of files."""
    msg = BackMsg()
    msg.ParseFromString(rerun_message("lang=en", page=PAGE))
    state = msg.rerun_script.widget_states.widgets.add()
    state.id = uploader
    state.json_value = json.dumps({"files": [{k: a[k] for k in ("id", "name", "size")} for a in arrived]})
    return msg.SerializeToString()


async def teach_session(url, photos, hold=0.0):
    """One visitor giving the first class these photos at once: (pictures the page counts,
    its sentences, exceptions)."""
    found = {"text": [], "exceptions": 0}
    async with websockets.connect(url.replace("http", "ws") + "/_stcore/stream", max_size=None) as ws:
        await ws.send(rerun_message("lang=en", page=PAGE))
        await _until_finished(ws, found)
        names = [f"photo-{i}.jpg" for i in range(len(photos))]
        posts = [asyncio.to_thread(_post, url, found["route"], n, p) for n, p in zip(names, photos)]
        arrived = await asyncio.gather(*posts)
        found["text"].clear()
        await ws.send(_value_message(found["uploader"], arrived))
        await _until_finished(ws, found)
        await asyncio.sleep(hold)
    counted = [int(m.group(1)) for t in found["text"] if (m := re.match(r"(\d+) pictures? \(at most", t))]
    counted = counted or [int(m.group(1)) for t in found["text"] if (m := re.match(r"(\d+) pictures?$", t))]
    return (counted[0] if counted else None), found["text"], found["exceptions"]


class Rss:
    """The server's resident memory, sampled every 0.1 s in a thread: `peak` since started."""

    def __init__(self, pid):
        self.process = psutil.Process(pid)
        self.peak = self.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def now(self):
        return sum(p.memory_info().rss for p in [self.process, *self.process.children(recursive=True)])

    def _sample(self):
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self.now())

    def stop(self):
        self._stop.set()
        self._thread.join()


def measure(url, pid, sessions=1, pictures=20, mb=2.8, settle=60.0):
    photos = [phone_photo(i, mb) for i in range(pictures)]
    asyncio.run(teach_session(url, photos[:5]))  # warm: the page's first run imports and caches
    time.sleep(2)
    rss = Rss(pid)
    start = rss.now()

    async def all_at_once():
        return await asyncio.gather(*(teach_session(url, photos) for _ in range(sessions)))

    results = asyncio.run(all_at_once())
    answered = rss.now()
    time.sleep(settle)
    rss.stop()
    mib = 1024 * 1024
    return dict(
        counted=[r[0] for r in results],
        exceptions=sum(r[2] for r in results),
        sent=sum(len(p) for p in photos) * sessions / 1e6,
        start=start / mib,
        peak=(rss.peak - start) / mib,
        answered=(answered - start) / mib,
        settled=(rss.now() - start) / mib,
    )


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="python -m tools.teach_uploads", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--sessions", type=int, default=1)
    p.add_argument("--pictures", type=int, default=20)
    p.add_argument("--mb", type=float, default=2.8, help="each photo's size")
    p.add_argument("--settle", type=float, default=60.0, help="seconds after the sessions left")
    p.add_argument("--app", type=Path, default=None, help="a checkout to serve (default: this one)")
    args = p.parse_args(argv)
    port = st_client.free_port()
    proc = st_client.start_streamlit(port, cwd=args.app or st_client.ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        st_client.wait_healthy(url, proc, 90)
        found = measure(url, proc.pid, args.sessions, args.pictures, args.mb, args.settle)
    finally:
        st_client.stop(proc)
    print(f"{args.sessions} session(s) x {args.pictures} photos: {found['sent']:.0f} MB sent")
    print(f"pictures each page counted: {found['counted']}; exceptions: {found['exceptions']}")
    print(f"server RSS before: {found['start']:.0f} MiB")
    print(
        f"growth: peak +{found['peak']:.0f} MiB, pages answered +{found['answered']:.0f} MiB, "
        f"{args.settle:.0f} s after the sessions left +{found['settled']:.0f} MiB"
    )


if __name__ == "__main__":
    main()
