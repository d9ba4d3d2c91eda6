"""What the live class's sides share: the teacher's session key, the refresh, a room store
that does not answer (one sentence, and the page tries again), who is asking, labels of
questions and answers as the class reads them, the countdown, and taking a room."""

import functools
import html
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import numpy as np
import segno
import streamlit as st

from ... import images, lesson_plan
from ...data import CLASSES
from ...live import addresses, questions, rooms, store
from .. import settings, toolbar
from ..pages import BY_ID
from ..text import class_name, lang, t

# The teacher's browser keeps "CODE.TOKEN" in this cookie (never in the address bar, never on
# screen), so a reloaded projector, another tab or a restarted server gives the room back.
COOKIE = "cnnviz_teacher"
COOKIE_AGE = 3 * 3600  # a lesson and then some: the store forgets a room unused for that long
COOKIE_TODO = "_live_cookie"  # "set" or "clear": written by the next run (callbacks cannot)
TEACHER = "_live_teacher"  # (code, teacher token): only this session holds it
REFRESH = 1.5  # seconds between redraws of the answers (projector) and the question (phones)
TIMERS = lesson_plan.TIMERS  # seconds to answer a question (0: until Reveal)


def base_url():
    """This server's address as the browser reached it ("https://host"), or "" unknown."""
    here = urlsplit(st.context.url or "")
    return f"{here.scheme}://{here.netloc}" if here.scheme and here.netloc else ""


def join_link(code):
    """The address students open: this server's Live class page with the room's code."""
    return f"{base_url()}/{BY_ID['live'].url_path}?room={code}"


def qr_picture(text, scale=6):
    """A QR code as an RGB picture (black modules on white, a quiet zone of 4)."""
    matrix = np.array(segno.make(text, error="m").matrix, dtype=bool)
    matrix = np.pad(matrix, 4)
    grey = np.where(matrix, 0, 255).astype(np.uint8)
    return images.as_rgb(np.kron(grey, np.ones((scale, scale), dtype=np.uint8))[..., None])


def option_label(question, option):
    if option in CLASSES:
        return class_name(option)
    return t(f"live.{option}")


def answer_label(question, value, sure=False):
    """An answer as the class reads it: an option's name, a number, a tap's place; with
    `sure`, how sure the student said they were."""
    value, confidence = questions.split(value)
    if question["kind"] == "look":
        tap = questions.parse_tap(value)
        label = t("live.tap_at", row=tap[0], col=tap[1]) if tap else "—"
    else:
        label = option_label(question, value) if question["options"] else value
        if question.get("tolerance"):  # an estimate, in %
            label = f"{label}%"
    return t("live.with_sure", answer=label, sure=t(f"live.{confidence}")) if sure and confidence else label


def prompt(question):
    params = dict(question["params"])
    if question["kind"] == "predict":
        params.pop("sure", None)
    if question["kind"] == "look":
        params["cls"] = class_name(params["cls"])
    text = t(question["prompt"], **params)
    gap = "" if lang() == "zh" else " "  # Chinese sets no space before its full-width bracket
    return f"{text}{gap}{t('live.second_vote_suffix')}" if rooms.first_of(question) else text


def lesson_link(question):
    """An <a> to the lesson step that shows why (built from our own data, escaped anyway)."""
    page = BY_ID.get(question.get("page"))
    if page is None:
        return ""
    href = html.escape(f"/{page.url_path}?{urlencode(question.get('query') or {})}")
    return f'<a href="{href}" target="_blank">{html.escape(t("live.why_link", page=t(page.title_key)))}</a>'


def tally(question, values):
    """[(label, count), ...]: every option in order, or the numbers given, most common first."""
    values = [questions.split(v)[0] for v in values]
    if question["options"]:
        counts = Counter(values)
        return [(option_label(question, o), counts.get(o, 0)) for o in question["options"]]
    counts = Counter(values).most_common(8)
    return [(v, n) for v, n in counts]


def tally_by_confidence(question, values):
    """(labels, sure counts, unsure counts), in tally's order."""
    labels = [label for label, _ in tally(question, values)]
    by = {c: tally(question, [v for v in values if questions.split(v)[1] == c]) for c in questions.CONFIDENCE}
    counts = {c: dict(found) for c, found in by.items()}
    return labels, [counts["sure"].get(x, 0) for x in labels], [counts["unsure"].get(x, 0) for x in labels]


def guarded(fn):
    """A shared room store that does not answer (rooms.Unavailable) costs one sentence; the
    page around it, and the lesson, go on."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except rooms.Unavailable:
            if time.monotonic() - st.session_state.get(_DOWN, -9.0) > 1.0:  # a callback's and its run's: once
                st.error(t("live.unavailable"))
            st.session_state[_DOWN] = time.monotonic()

    return run


_DOWN = "_live_down"  # when the room store last did not answer this session (a run or its callback)


def retry_when_back():
    """The last line of a run (frame.run): after the store did not answer, look at it every
    3 s and run the page again once it does. A phone has nothing else to press: before, one
    that sent an answer or joined during a locked store stayed on the sentence until reloaded."""
    if st.session_state.pop(_DOWN, None) is not None:
        _retry()


@st.fragment(run_every=3)
def _retry():
    st.container(key="live_retry")  # where it is (and a test's sign that it runs)
    try:
        store().view("HEALTH")
    except rooms.Unavailable:
        return
    st.rerun(scope="app")


# ---------------------------------------------------------------- the teacher


def client_address():
    """Who is asking, for the limits: the connection's own address; when that is a proxy of
    ours (loopback, or in CNN_VIZ_TRUSTED_PROXIES: addresses or networks, comma-separated),
    the client's address the proxies forwarded (cnn_viz.live.addresses)."""
    peer = st.context.ip_address  # Streamlit says None for loopback (and AppTest, a mock)
    peer = peer if isinstance(peer, str) and peer else "127.0.0.1"
    headers = st.context.headers
    lines = headers.get_all("X-Forwarded-For") if hasattr(headers, "get_all") else [headers.get("X-Forwarded-For")]
    return addresses.forwarded_client(peer, lines)


def base_id(question):
    """The id a question has before the teacher's choices (confidence, a second vote) change it."""
    return question.get("base", question["id"])


def open_step(question):
    """From outside the page's run: open the lesson step a question is about (its page, with
    its link's settings). False when it names no page."""
    page = BY_ID.get((question or {}).get("page"))
    if page is None:
        return False
    query = {k: str(v) for k, v in (question.get("query") or {}).items()}
    toolbar.open_page(page.id, **settings.from_url(page.id, query))
    return True


def countdown(question):
    """The seconds left to answer, or that time is up; nothing for a question with no timer.
    Returns True while answers are still taken."""
    closes = question.get("closes_at")
    if not isinstance(closes, (int, float)):
        return True
    left = closes - time.time()
    if left <= 0:
        st.markdown(t("live.time_up"))
        return False
    st.markdown(t("live.time_left", n=int(np.ceil(left))))
    return True


def take_room(code, token):
    """This device runs the class from now on, as the projector does (which keeps control
    too): the teacher's token in this session and, by the next run, its cookie; presenter
    mode; the lesson step of the open question, else Convolution (on the next run). For the
    phone the projector allowed (remote.py)."""
    state = st.session_state
    state[TEACHER], state[COOKIE_TODO], state["presenter"] = (code, token), "set", True
    state["_live_resumed_now"] = True
    view = store().view(code)
    if not open_step(view.question if view else None):  # where the class is, else the first lesson
        toolbar.open_page("conv")
