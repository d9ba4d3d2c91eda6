"""A live class: the teacher's panel on the projector and the students' page on their phones.

Pages offer questions made from what they show (`offer`, see cnn_viz.live.questions). In
presenter mode the frame draws the teacher's panel under the toolbar: start a room (its
code, a QR code of the join link, how many joined), ask one of the offered questions, watch
the answers arrive (a fragment that redraws every 1.5 s, not the page), reveal. Once the
teacher has asked a kind of question, the presenter's Next asks the same kind about the new
step, so the class moves with the lesson. Students open the join link (or type the code) on
the Live class page, which shows the current question in their own language.
"""

import csv
import functools
import html
import io
import ipaddress
import os
import re
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import numpy as np
import segno
import streamlit as st

from .. import explain, figures
from ..data import CLASSES
from ..live import limits, questions, rooms, store
from . import browser, picture, remote, settings, stepper, toolbar, widgets
from .pages import BY_ID
from .text import class_name, lang, t

_OFFER = "_live_offer"  # the questions the page on screen offers, in this run
TEACHER = "_live_teacher"  # (code, teacher token): only this session holds it
_KIND = "_live_kind"  # the kind of question the teacher asked last: Next asks it again, if told to
_PENDING = "_live_pending"  # the kind that this run's Next will ask (live_every_step): hidden already
_HIDE = "_live_hide"  # the kind of question the page on screen holds back in this run
_DRAWN = "_live_drawn"  # the room's moment (see moment()) the page on screen was drawn in
_SEEN = "_live_seen"  # the moment the last run's page was drawn in (what changed since decides the scroll)
# The teacher's browser keeps "CODE.TOKEN" in this cookie (never in the address bar, never on
# screen), so a reloaded projector, another tab or a restarted server gives the room back.
COOKIE = "cnnviz_teacher"
COOKIE_AGE = 3 * 3600  # a lesson and then some: the store forgets a room unused for that long
_COOKIE_TODO = "_live_cookie"  # "set" or "clear": written by the next run (callbacks cannot)
_RESUMED = "_live_resumed"  # this session looked for a teacher's cookie already
_LOST = "_live_lost"  # the code of the room this browser's cookie named, gone from the store
REFRESH = 1.5  # seconds between redraws of the answers (projector) and the question (phones)
TIMERS = (0, 30, 60, 90)  # seconds to answer a question (0: until Reveal)
BIG = """
<style>
.st-key-live_choices button, .st-key-live_send button { min-height: 3.4rem; }
.st-key-live_choices button p, .st-key-live_send button p { font-size: 1.3rem; }
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
"""


def before_page():
    """Before the page draws, once a run: what it holds back, decided from the room's state
    however the question opened (Ask, Next, the teacher's other device, a second vote, a
    reload, a restart). The page asks `hiding(kind)`; the projector's fragment reruns the
    page as soon as the room moves on from the moment it was drawn in (see _follow)."""
    state = st.session_state
    moved = state.pop(toolbar.MOVED, False)
    state[_HIDE], state[_DRAWN], state[_PENDING], state[toolbar.WALK_HELD] = (), None, None, False
    if TEACHER not in state:
        return
    if moved and state.get("live_every_step") and state.get(_KIND):
        state[_PENDING] = state[_KIND]  # the panel asks it after the page: hidden from the first frame
    try:
        view = store().view(state[TEACHER][0])
    except rooms.Unavailable:
        return
    state[_DRAWN] = moment(view)
    state[_HIDE] = tuple({state[_PENDING], view.question["kind"] if is_open(view) else None} - {None})
    # Next and Back wait for Reveal: a step further on (the pooling input is the convolution's
    # output) would show the open question's answer.
    state[toolbar.WALK_HELD] = is_open(view)
    if view and view.question and not state.get(_KIND):  # a reload: Next asks what was asked last
        state[_KIND] = view.question["kind"]
    _scroll_to_what_changed(view)


def _scroll_to_what_changed(view):
    """A question that opens brings the step the class works from into view (under the
    toolbar, which holds Reveal); a reveal brings the panel's answers to the top."""
    state = st.session_state
    last, state[_SEEN] = state.get(_SEEN), moment(view)
    if last == state[_SEEN]:
        return
    if is_open(view):
        state[stepper.SCROLL_KEY] = True
    elif last is not None and view and view.revealed:
        toolbar.scroll_to_top()


def hiding(kind):
    """True while this session's class answers a question of this kind (asked, not yet
    revealed), or Next is about to ask one: the page on the projector then holds back all
    that would give the answer away, as the quiz holds a value back until it is answered."""
    return kind in st.session_state.get(_HIDE, ())


def is_open(view):
    """A question the class is answering now (asked, not revealed, the class not ended)."""
    return bool(view and view.question and not view.revealed and not view.ended)


def moment(view):
    """What the page was drawn with: the open question (or the revealed one), and the end."""
    if view is None:
        return None
    return (view.question or {}).get("id"), view.revealed, view.ended


def hidden_note(where=st):
    """What stands where the answer would be."""
    where.info(t("live.hidden"), icon="🙈")


# The room's code while the class joins: read from the back row (84 px on a projector).
ROOM_CODE_CSS = """<style>
.cnnviz-room-code { font-size: 4rem; font-weight: 800; letter-spacing: 0.12em; line-height: 1.15; }
</style>"""


def offer(found):
    """Called by a page: the questions its current view can ask."""
    st.session_state[_OFFER] = list(found)


def offer_prediction(seen, extra=()):
    """On a page about the current picture: "which class will the network give it?" and, while
    a class runs, "where did the network look?" (its Grad-CAM is computed only then), with the
    page's own `extra` questions. `seen`: the page's resources.ModelView."""
    image, probabilities = seen.picture, seen.probabilities
    linkable = image.linkable
    query = {"sample": linkable} if linkable else {}
    found = [questions.predict(probabilities, linkable, query)]
    if TEACHER in st.session_state:
        found.append(_look_question(seen.net, image.pixels, image.x, int(np.argmax(probabilities)), linkable, query))
    offer([*found, *extra])


@st.cache_data(max_entries=64, show_spinner=False)
def _look_question(_net, pixels, x, top, linkable, query):
    """ "Where did the network look?" about a picture: its Grad-CAM and the PNGs it carries are
    made once per picture, not on every run of a page the teacher steps through (each Next is
    a run). `_net` is the shipped network, the only one this question is asked about."""
    return questions.look(pixels, explain.grad_cam(_net, x, top), top, linkable, "why", query)


def forget_offer():
    st.session_state.pop(_OFFER, None)


def join_link(code):
    """The address students open: this server's Live class page with the room's code."""
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}" if here.scheme and here.netloc else ""
    return f"{base}/{BY_ID['live'].url_path}?room={code}"


def qr_picture(text, scale=6):
    """A QR code as an RGB picture (black modules on white, a quiet zone of 4)."""
    matrix = np.array(segno.make(text, error="m").matrix, dtype=bool)
    matrix = np.pad(matrix, 4)
    grey = np.where(matrix, 0, 255).astype(np.uint8)
    return np.kron(grey, np.ones((scale, scale), dtype=np.uint8))[..., None].repeat(3, axis=2)


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


def score(question, answers):
    """(how many answers are right, that share as text: "67%", or "—" with no answers)."""
    right = sum(questions.is_right(question, v) for v in answers)
    return right, f"{right / len(answers):.0%}" if answers else "—"


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


def calibration(question, values):
    """{confidence: (right, answered)}: how often the sure and the unsure answers were right."""
    found = {}
    for confidence in questions.CONFIDENCE:
        given = [v for v in values if questions.split(v)[1] == confidence]
        found[confidence] = (sum(questions.is_right(question, v) for v in given), len(given))
    return found


def changes(question, pairs):
    """(to the right answer, away from it, kept): how the second vote moved each student who
    voted twice."""
    right = lambda v: questions.is_right(question, v)
    twice = [(a, b) for a, b in pairs if b is not None]
    to_right = sum(not right(a) and right(b) for a, b in twice)
    away = sum(right(a) and not right(b) for a, b in twice)
    kept = sum(questions.split(a)[0] == questions.split(b)[0] for a, b in twice)
    return to_right, away, kept, len(twice) - to_right - away - kept


def _guarded(fn):
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
    the client's address the proxies forwarded (see forwarded_client)."""
    peer = st.context.ip_address  # Streamlit says None for loopback (and AppTest, a mock)
    peer = peer if isinstance(peer, str) and peer else "127.0.0.1"
    headers = st.context.headers
    lines = headers.get_all("X-Forwarded-For") if hasattr(headers, "get_all") else [headers.get("X-Forwarded-For")]
    return forwarded_client(peer, lines)


def forwarded_client(peer, lines, networks=None):
    """The client behind our proxies: every X-Forwarded-For line's entries, in order, then
    the connection's own address; from the right, the first that is not a proxy of ours.
    Each proxy appends whom it heard from (HAProxy as a line of its own, others after a
    comma), so a client can write anything to the left of its own address, never to the
    right of it. All ours: the left-most."""
    hops = [entry.strip() for line in lines if line for entry in str(line).split(",") if entry.strip()]
    for hop in reversed([*hops, peer]):
        if not trusted_proxy(hop, networks):
            return hop
    return hops[0] if hops else peer


def trusted_proxy(address, networks=None):
    """Whether a connection from `address` is one of our proxies (see client_address)."""
    if networks is None:
        networks = os.environ.get("CNN_VIZ_TRUSTED_PROXIES", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if ip.is_loopback:
        return True
    for network in networks.replace(",", " ").split():
        try:
            if ip in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            continue  # a typo in the setting trusts nothing more
    return False


def passcode():
    """The deployment's teacher passcode (CNN_VIZ_TEACHER_PASSCODE, or teacher_passcode in
    st.secrets), or "" for none. With one, only who knows it starts a class: a school whose
    students share the teacher's address (one NAT) cannot have its rooms taken by one of them."""
    found = os.environ.get("CNN_VIZ_TEACHER_PASSCODE", "")
    if not found:
        try:
            found = str(st.secrets.get("teacher_passcode", ""))
        except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: no passcode
            found = ""
    return found.strip()


@_guarded
def _open():
    state, needed = st.session_state, passcode()
    if needed:  # the passcode replaces the per-address limit; wrong tries slow the address down
        address = client_address()
        limits.LIMITS.hold_try(address)  # never refused: the right passcode always opens
        if not rooms.same_secret(str(state.get("live_passcode") or "").strip(), needed):
            limits.LIMITS.wrong_try(address)
            state["_live_start_refused"] = "live.bad_passcode"
            return
    elif not limits.LIMITS.may_open(client_address()):
        state["_live_start_refused"] = "live.too_many_rooms"
        return
    opened = store().open(named=bool(state.get("live_named")))
    if opened is None:
        st.session_state["_live_start_refused"] = "live.full"
    else:
        st.session_state[TEACHER] = opened
        st.session_state[_COOKIE_TODO] = "set"


@_guarded
def _close():
    """End class: the room takes no more answers; its results stay in the store, and on
    this screen (the cookie stays, so a reload shows them again), until the room expires."""
    store().close(*st.session_state[TEACHER])
    st.session_state.pop(_KIND, None)


def numbered(results):
    """[(number, result)]: the numbers the class saw, a second vote keeping its first's."""
    found, number = [], 0
    for question, given in results:
        number += not rooms.first_of(question)
        found.append((max(number, 1), (question, given)))
    return found


def summary(results):
    """One row per question asked: [number, question, answer, answered, right, share]."""
    rows = []
    for number, (question, given) in numbered(results):
        answers = [value for _, value in given]
        right, share = score(question, answers)
        rows.append([number, prompt(question), answer_label(question, question["answer"]), len(answers), right, share])
    return rows


def per_student(results):
    """One row per answer in a named class: [nickname, number, question, their answer, right?,
    how sure], by nickname, then question (a second vote is a row of its own, with its first's number)."""
    rows = []
    for number, (question, given) in numbered(results):
        for name, value in given:
            right = t("live.yes") if questions.is_right(question, value) else t("live.no")
            sure = questions.split(value)[1]
            rows.append(
                [
                    name or "—",
                    number,
                    prompt(question),
                    answer_label(question, value),
                    right,
                    t(f"live.{sure}") if sure else "",
                ]
            )
    return sorted(rows, key=lambda row: (row[0].casefold(), row[1]))


COLUMNS = ("number", "question", "answer", "answered", "right", "share")
STUDENT_COLUMNS = ("name", "number", "question", "given", "correct", "sure")


def results_csv(rows, columns=COLUMNS):
    """Rows as CSV (UTF-8 with a byte-order mark, so a spreadsheet reads the Chinese), every
    text cell made safe to open (spreadsheet_cell)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_cell(t(f"live.col_{c}")) for c in columns])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def spreadsheet_cell(value):
    """A cell a spreadsheet shows as the text it is: text starting with = + - @, a tab or a
    carriage return (a formula, to Excel and LibreOffice: "=cmd|'/c calc'!A1" in a nickname)
    gets a leading ' (OWASP's advice). A plain number ("-3", a student's answer) stays one."""
    if not isinstance(value, str) or not value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return value
    return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value


_PLAIN_NUMBER = re.compile(r"-\d+(\.\d+)?(e[+-]?\d+)?")  # as questions.clean_number writes them


def _results_ui(where, code, token, named):
    """After End class: what the class answered, question by question, and its CSV (and a
    row per student's answer when the students gave names)."""
    found = store().results(code, token) or []
    rows = summary(found)
    with where.container(border=True, key="live_results"):
        st.markdown(t("live.results", code=code, n=len(rows)))
        if not rows:
            return
        cell = lambda value: html.escape(str(value)).replace("|", "\\|")
        lines = ["| " + " | ".join(t(f"live.col_{c}") for c in COLUMNS) + " |", "|--:|---|---|--:|--:|--:|"]
        lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
        st.markdown("\n".join(lines))
        left, right = st.columns(2)
        name = f"live-class-{code}"
        left.download_button(t("live.download"), results_csv(rows), f"{name}.csv", "text/csv", key="live_download")
        if named:
            by_student = results_csv(per_student(found), STUDENT_COLUMNS)
            right.download_button(
                t("live.download_students"),
                by_student,
                f"{name}-students.csv",
                "text/csv",
                key="live_download_students",
            )


def resume():
    """Before a presenter's page runs: a browser that holds a room's teacher cookie (a reload,
    another tab, a restarted server, another replica) takes its room back, once a session."""
    state = st.session_state
    if TEACHER in state or state.get(_RESUMED) or not state.get("presenter"):
        return
    state[_RESUMED] = True
    code, _, token = str(st.context.cookies.get(COOKIE) or "").partition(".")
    if not (rooms.normal_code(code) == code and token):
        return
    try:
        if store().is_teacher(code, token):
            state[TEACHER] = (code, token)
            state["_live_resumed_now"] = True
        else:  # the room is gone (expired, or the store lost it): say so, and forget it
            state[_COOKIE_TODO], state[_LOST] = "clear", code
    except rooms.Unavailable:
        state[_RESUMED] = False  # try again on the next run


def _set_cookie(name, code, token, where=st):
    """Keep "CODE.TOKEN" in a cookie of this browser; token None clears it. A constant script:
    the code must be one of our codes and the token URL-safe (secrets.token_urlsafe), so no
    visitor's input ever reaches it."""
    if token is None:
        browser.run_script(f'document.cookie = "{name}=; path=/; max-age=0; samesite=strict";', where)
    elif rooms.normal_code(code) == code and token.replace("-", "").replace("_", "").isalnum():
        value = f"{code}.{token}; path=/; max-age={COOKIE_AGE}; samesite=strict"
        browser.run_script(f'document.cookie = "{name}={value}";', where)


def _write_cookie(where):
    """Set or clear the teacher's cookie, as the last callback asked."""
    todo = st.session_state.pop(_COOKIE_TODO, None)
    if todo == "set" and TEACHER in st.session_state:
        _set_cookie(COOKIE, *st.session_state[TEACHER], where)
    elif todo == "clear":
        _set_cookie(COOKIE, "", None, where)


def base_id(question):
    """The id a question has before the teacher's choices (confidence, a second vote) change it."""
    return question.get("base", question["id"])


def _timed(question):
    """The question with the teacher's countdown, if one is set: answers close at zero (the
    store refuses later ones)."""
    seconds = st.session_state.get("live_timer") or 0
    return {**question, "closes_at": time.time() + seconds, "timer": seconds} if seconds else question


@_guarded
def _ask(question):
    state = st.session_state
    code, token = state[TEACHER]
    if state.get("live_confidence") and question["kind"] != "look":
        question = {**question, "confidence": True, "id": f"{question['id']}-c", "base": base_id(question)}
    view = store().view(code)
    if view and view.question and base_id(view.question) == base_id(question):  # the same question
        if is_open(view):
            state["_live_notice"] = "live.already_open"
            return
        # asked again after its reveal (or its time ran out): a fresh question, with no answers yet
        question = {**question, "id": f"{question['id']}-{view.number + 1}", "base": base_id(question)}
    question = _timed(question)
    if store().ask(code, token, question):
        st.session_state[_KIND] = question["kind"]


def _ask_chosen():
    """Ask what "Ask about" says now: the choice a press sends with it, not the one the button
    was drawn with (a teacher who picks and presses at once got the question before)."""
    offered = {q["kind"]: q for q in st.session_state.get(_OFFER, [])}
    question = offered.get(st.session_state.get("live_kind_pick"))
    if question is not None:
        _ask(question)


@_guarded
def _again():
    """Discuss, then vote again: the same question as a second vote; the first stays on the
    projector beside it."""
    code, token = st.session_state[TEACHER]
    view = store().view(code, teacher=token)
    if view and view.question and not rooms.first_of(view.question) and not view.revealed:
        question = _timed(questions.again(view.question))
        store().ask(code, token, {**question, "base": base_id(view.question)})


@_guarded
def _reveal():
    code, token = st.session_state[TEACHER]
    store().reveal(code, token)


@_guarded
def teacher_panel(where):
    """In presenter mode: start a class, or run the one this browser started."""
    state = st.session_state
    _write_cookie(where)
    _write_prefs(where)
    if TEACHER not in state:
        if state.get(_LOST):
            where.warning(t("live.gone", code=state.pop(_LOST)))
        _start_ui(where)
        return
    code, token = state[TEACHER]
    view = store().view(code, teacher=token)
    if view is None:  # expired, or the store lost it
        state.pop(TEACHER)
        state[_COOKIE_TODO] = "clear"
        where.info(t("live.gone", code=code))
        _start_ui(where)
        return
    if view.ended:
        _results_ui(where, code, token, view.named)
        _start_ui(where)
        return
    offered = state.get(_OFFER, [])
    view = _ask_pending(code, token, view, offered)
    if _held_back(view) != set(state.get(_HIDE, ())):
        st.rerun()  # Next's kind is not asked on this step after all: draw the page again, not hidden
    state[_DRAWN] = moment(view)
    notice = state.pop("_live_notice", None)
    if notice:
        st.toast(t(notice), icon="📊")
    if state.pop("_live_resumed_now", False):
        st.toast(t("live.resumed", code=code), icon="📡")  # a toast: it pushes no control down
    with where:
        remote.device_prompt(code, token)  # a device asking to run this class, whatever the panel shows
    if is_open(view):  # compact: the class works from the step under it (Reveal is in the toolbar)
        _open_panel(where, code, token, offered, view)
        return
    with where.expander(t("live.panel", code=code), expanded=True), st.container(key="live_panel"):
        link = join_link(code)
        st.html(ROOM_CODE_CSS)
        if view.question is None:  # the class is joining: the code and QR code for the back row
            qr, about = st.columns([1, 2], vertical_alignment="top")
            picture.show(qr_picture(link, scale=8), 330, container=qr)
            qr.caption(link)
            big, joined = about.columns([2.2, 1], vertical_alignment="center")
            big.markdown(f'<div class="cnnviz-room-code">{code}</div>', unsafe_allow_html=True)
            with joined:
                projector(code, token)
            room, other = about.columns([2.2, 1], vertical_alignment="center")
            room.markdown(t("live.room", code=code))
            _other_device(other, code)
            _teacher_controls(about, offered, "joining")  # beside the QR code: all in view at 1280 x 720
        else:  # revealed: what the class learns on the left; the controls, then the bars, on the right
            lessons, controls = st.columns([2.6, 2.4], vertical_alignment="top")
            with lessons:
                _revealed_lessons(view)
            with controls:
                projector(code, token)  # draws nothing now: it looks for the room's next move
            device = functools.partial(_other_device, code=code)  # the room's code is in the panel's title
            _teacher_controls(controls, offered, "revealed", view.question, view.revealed, device)
            with controls:
                _answers(view, height=105)  # under the controls: the busiest reveal (two votes, how sure) fits 720 rows


def _ask_pending(code, token, view, offered):
    """The question Next said to ask (live_every_step), if this step offers its kind; the
    room's view after it."""
    pending = st.session_state.get(_PENDING)
    following = next((q for q in offered if q["kind"] == pending), None) if pending else None
    if following is None or (view and view.question and base_id(view.question) == following["id"]):
        return view  # nothing to ask, or this step's question is the room's (open or revealed) already
    _ask(following)
    return store().view(code, teacher=token) or view


def _held_back(view):
    """The kinds a page drawn now would hold back for this view."""
    return {view.question["kind"]} if is_open(view) else set()


def _open_panel(where, code, token, offered, view):
    """While the class answers: one row, so the step it works from stays on the projector's
    screen. The room's code for latecomers; the answers so far and the other controls behind
    two buttons (the answers are not shown to the class unless the teacher opens them)."""
    with where.container(key="live_panel_open"):
        room, answers, more = st.columns([2.6, 1.6, 1.6], vertical_alignment="center")
        room.markdown(t("live.room_short", code=code))
        with answers.popover(t("live.answers_so_far"), icon="📊", width="stretch", key="live_answers"):
            projector(code, token)
        with more.popover(t("live.more"), icon="⚙️", width="stretch", key="live_more"):
            _teacher_controls(st, offered, "stacked", view.question, view.revealed)


def _start_ui(where):
    if passcode():  # a form: Start sends what the box holds, even when it was never left (Tab, the eye)
        with where.form("live_start_form", border=False, enter_to_submit=True):
            cols = st.columns([1.2, 1, 1.4], vertical_alignment="bottom")
            cols[0].text_input(t("live.passcode"), key="live_passcode", type="password", max_chars=64)
            cols[1].form_submit_button(t("live.start"), key="live_start", on_click=_open, help=t("live.start_help"))
            cols[2].toggle(t("live.named"), key="live_named", help=t("live.named_help"))
    else:
        cols = where.columns([1, 1.4], vertical_alignment="bottom")
        cols[0].button(t("live.start"), key="live_start", on_click=_open, help=t("live.start_help"))
        cols[1].toggle(t("live.named"), key="live_named", help=t("live.named_help"))
    refused = st.session_state.pop("_live_start_refused", None)
    if refused:
        where.warning(t(refused, n=limits.OPENS))


def _teacher_controls(where, offered, layout="stacked", question=None, revealed=False, device=None):
    """What to ask, then Ask and End, with the options (how sure, the time to answer,
    whether Next asks at every step): `layout` "joining" (beside the QR code) or "revealed"
    (beside the answers), the options behind a ⚙️ button so that each fits a projector's
    720 rows, or "stacked" (all in view, in the open question's ⚙️ menu). `device(where)` draws
    📱 Another device beside the options. While a
    question is open, Ask is not the primary button (Reveal is, in the toolbar): a press
    would replace the open question."""
    if not offered:
        where.caption(t("live.nothing_here"))
        where.button(t("live.end"), key="live_end", on_click=_close)
        return
    kinds = {q["kind"]: q for q in offered}
    _restore_choices(kinds, question)
    choice = where.selectbox(
        t("live.ask_about"),
        list(kinds),
        key="live_kind_pick",
        format_func=lambda k: t(f"live.kind.{k}"),
        on_change=_keep_choices,
        # beside a reveal, the choice reads as what Ask will ask, and its label's row goes to the bars
        label_visibility="collapsed" if layout == "revealed" else "visible",
    )
    if layout == "stacked":
        _options(where, where, where)
        ask, end = where.columns(2)
    else:  # the options behind a button, so that every state fits a projector's 720 rows
        if layout == "joining":
            options, ask, end = where.columns([1.3, 1, 1], vertical_alignment="center")
        else:
            ask, end = where.columns(2)
            options, other = where.columns(2)
            if device is not None:  # 📱 Another device beside the options
                device(other)
        with options.popover(t("live.options"), icon="⚙️", width="stretch", key="live_options"):
            _options(st, st, st)
    open_now = bool(question) and not revealed
    label = t("live.ask_instead") if open_now and kinds.get(choice) else t("live.ask")
    kind = "secondary" if open_now else "primary"
    ask.button(label, key="live_ask", on_click=_ask_chosen, type=kind, width="stretch")
    end.button(t("live.end"), key="live_end", on_click=_close, width="stretch")


def _options(time_box, sure, every):
    timer = lambda n: t("live.timer_off") if not n else t("live.timer_seconds", n=n)
    time_box.segmented_control(
        t("live.timer"), TIMERS, key="live_timer", format_func=timer, required=True, on_change=_keep_choices
    )
    sure.toggle(t("live.confidence"), key="live_confidence", help=t("live.confidence_help"), on_change=_keep_choices)
    every.toggle(t("live.every_step"), key="live_every_step", help=t("live.every_step_help"), on_change=_keep_choices)


PREFS_COOKIE = "cnnviz_teacher_prefs"  # "kind~sure~timer~every": the teacher's choices survive a reload
_PREFS_TODO = "_live_prefs_todo"


CHOICES = ("live_kind_pick", "live_confidence", "live_timer", "live_every_step")  # as the cookie keeps them
_CHOSEN = "_live_chosen"  # the choices, kept where no widget can drop them


def _keep_choices():
    """A control changed: kept in the session (a widget's own value goes when a page without
    the panel runs, or when the language changes its label) and, by the next run, in this
    browser's cookie."""
    state = st.session_state
    state[_CHOSEN] = {key: state.get(key) for key in CHOICES}
    state[_PREFS_TODO] = True


def _restore_choices(kinds, question):
    """The teacher's choices onto the controls, from the session's record of them (seeded
    once a session, after a reload or on another device, from this browser's cookie, else from
    the open question); "Ask about" then takes a kind this step offers."""
    state = st.session_state
    if _CHOSEN not in state:
        state[_CHOSEN] = dict(zip(CHOICES, _read_prefs() or _prefs_of(question)))
    chosen = state[_CHOSEN]
    for key in CHOICES[1:]:
        state[key] = chosen[key]
    state["live_kind_pick"] = chosen["live_kind_pick"] if chosen["live_kind_pick"] in kinds else next(iter(kinds))


def _prefs_of(question):
    """(kind, how sure?, timer, every step) as the open question was asked."""
    if not question:
        return None, False, 0, False
    timer = question.get("timer") if question.get("timer") in TIMERS else 0
    return question["kind"], bool(question.get("confidence")), timer, False


def _read_prefs():
    kind, sure, timer, every = (str(st.context.cookies.get(PREFS_COOKIE) or "").split("~") + ["", "", "", ""])[:4]
    if not (kind.replace("_", "").isalnum() and timer.isdigit() and int(timer) in TIMERS):
        return None
    return kind, sure == "1", int(timer), every == "1"


def _write_prefs(where):
    """The choices as a cookie: a constant script, every value checked (a kind is letters and _)."""
    state = st.session_state
    if not state.pop(_PREFS_TODO, False):
        return
    kind, timer = str(state.get("live_kind_pick") or ""), state.get("live_timer") or 0
    if kind.replace("_", "").isalnum() and timer in TIMERS:
        sure, every = int(bool(state.get("live_confidence"))), int(bool(state.get("live_every_step")))
        value = f"{kind}~{sure}~{timer}~{every}; path=/; max-age={COOKIE_AGE}; samesite=strict"
        browser.run_script(f'document.cookie = "{PREFS_COOKIE}={value}";', where)


def _other_device(where, code):
    """📱 Another device: a link for the teacher's phone, which asks and is allowed here (remote.py)."""
    link = remote.device_link(join_link(code))
    remote.other_device(where, link, qr_picture(link, scale=4))


@st.fragment(run_every=REFRESH)
@_guarded
def projector(code, token):
    """The answers as they arrive: redrawn every REFRESH seconds, without rerunning the page.
    Each look tells the store the teacher is here (the room is kept, the phones are told)."""
    view = store().view(code, teacher=token)
    _follow(view)
    if view is None or view.ended or view.revealed:  # a revealed question is drawn by the panel
        return
    if view.question is None:
        st.markdown(t("live.joined", n=view.joined))
        return
    question = view.question
    st.markdown(f"**{t('live.question_n', n=view.number)}** {prompt(question)}")
    answered = t("live.answered", n=len(view.answers), joined=view.joined)
    st.markdown(f"{t('live.joined', n=view.joined)} · {answered}")
    countdown(question)
    if question["kind"] == "look":
        _look_projector(question, view)
    else:
        _answers(view)


def _answers(view, height=170):
    """The answers: as bars, the first vote frozen beside a second (the options either named),
    the right answer's bar green after Reveal; for a look question, after Reveal, its pictures."""
    question = view.question
    if question["kind"] == "look":
        if view.revealed:
            _look_pictures(view)
        return
    correct = answer_label(question, question["answer"]) if view.revealed else None
    if rooms.first_of(question):
        before = [a for a, _ in view.first]
        named = {questions.split(v)[0] for v in (*before, *view.answers)} | {question["answer"]}
        first, second = st.columns(2)
        with first:
            _histogram(question, before, correct, t("live.first_vote"), "live_histogram_first", named, height)
        with second:
            _histogram(question, view.answers, correct, t("live.second_vote"), "live_histogram", named, height)
    else:
        _histogram(question, view.answers, correct, None, "live_histogram", height=height)


def _revealed_lessons(view):
    """After Reveal, on the projector: the question and what the class learns from its answers."""
    question = view.question
    st.markdown(f"**{t('live.question_n', n=view.number)}** {prompt(question)}")
    if question["kind"] == "look":
        _look_projector(question, view)
    else:
        _revealed_projector(question, view, answer_label(question, question["answer"]))


def _histogram(question, values, correct, title, key, named=None, height=170):
    """One vote's answers as bars (split by how sure, when asked); `named`: only these options."""
    if title:
        st.caption(f"**{title}**")
    if not values:
        return
    if named is not None and question["options"]:
        question = {**question, "options": [o for o in question["options"] if o in named]}
    if question.get("confidence"):
        labels, sure, unsure = tally_by_confidence(question, values)
        names = {c: t(f"live.{c}") for c in questions.CONFIDENCE}
        widgets.chart(figures.answers_by_confidence(labels, sure, unsure, names, correct, height=height + 30), key=key)
    else:
        widgets.chart(figures.answers(tally(question, values), correct, height=height), key=key)


def _revealed_projector(question, view, correct):
    """After Reveal: who got it, and what the class can learn from its own answers: how the
    second vote moved, how sure the right and the wrong answers were, how sure the network was."""
    right, share = score(question, view.answers)
    if view.answers:
        st.success(t("live.revealed", answer=correct, right=right, n=len(view.answers), share=share))
    else:
        st.success(t("live.revealed_none", answer=correct))
    if rooms.first_of(question):
        _, first_share = score(question, [a for a, _ in view.first])
        to_right, away, kept, other = changes(question, view.first)
        words = dict(first=first_share, second=share, to_right=to_right, away=away, kept=kept, other=other)
        st.markdown(t("live.changes", **words))
    if question.get("confidence"):
        found = calibration(question, view.answers)
        parts = {}
        for c, (r, n) in found.items():
            parts[c] = t("live.calibration_part", right=r, n=n, share=f"{r / n:.0%}" if n else "—")
        st.markdown(t("live.calibration", sure=parts["sure"], unsure=parts["unsure"]))
    if question["kind"] == "predict":
        st.caption(network_verdict(question))


def network_verdict(question):
    """The network's own confidence for its answer beside the class's, and whether it was
    right (for a shipped sample, whose true class is known)."""
    from .. import gallery

    params = question["params"]
    sample = gallery.by_id(params.get("picture") or "")
    cls = class_name(question["answer"])
    if sample is None or not sample.label:
        return t("live.network_sure", cls=cls, sure=params["sure"])
    key = "live.network_right" if sample.label == question["answer"] else "live.network_wrong"
    return t(key, cls=cls, sure=params["sure"], true=class_name(sample.label))


def _look_projector(question, view):
    """The class's taps as dots on a smoothed heat of them; after Reveal, Grad-CAM under the
    same dots and how many fell on the quarter of the picture it weighs most."""
    pixels, _, top = questions.look_pictures(question)
    taps, cls = _taps(view), class_name(question["params"]["cls"])
    if not view.revealed:
        picture.show(figures.taps_picture(pixels, taps), 320, t("live.taps_caption", n=len(taps)))
        return
    on_top = sum(bool(top[tap]) for tap in taps)
    share = f"{on_top / len(taps):.0%}" if taps else "—"
    chance = f"{top.mean():.0%}"
    st.success(t("live.look_reveal", k=on_top, n=len(taps), share=share, cls=cls, chance=chance))
    st.caption(t("why.legend"))  # the heat's colours, for the pictures beside the controls


def _taps(view):
    """The class's taps on the open (or revealed) look question, as (row, col)."""
    return [tap for tap in (questions.parse_tap(questions.split(v)[0]) for v in view.answers) if tap]


def _look_pictures(view, size=180):
    """After Reveal: the class's taps on their own heat, and on Grad-CAM's."""
    question = view.question
    pixels, heat, _ = questions.look_pictures(question)
    taps, cls = _taps(view), class_name(question["params"]["cls"])
    left, right = st.columns(2)
    picture.show(figures.taps_picture(pixels, taps), size, t("live.taps_caption", n=len(taps)), left)
    picture.show(figures.taps_picture(pixels, taps, heat), size, t("live.gradcam_caption", cls=cls), right)


def status_line(where):
    """In the presenter's sticky toolbar, while a question is open: its number, how many have
    answered, the time left, and Reveal (with "Discuss, vote again" on a first vote): in view
    wherever the lesson scrolls (the step the class works from is under it)."""
    state = st.session_state
    if TEACHER not in state:
        return
    code, token = state[TEACHER]
    try:
        view = store().view(code)
    except rooms.Unavailable:
        return
    if not is_open(view):
        return
    line, buttons = where.columns([3, 2.2], vertical_alignment="center")
    with line:
        _status(code, token)
    question = view.question
    again, reveal = buttons.columns([1.3, 1]) if _may_vote_again(question) else (None, buttons)
    if again is not None:
        again.button(t("live.again"), key="live_again", on_click=_again, help=t("live.again_help"), width="stretch")
    reveal.button(t("live.reveal"), key="live_reveal", on_click=_reveal, type="primary", width="stretch")


def _may_vote_again(question):
    """A first vote on a question with answers to choose or type (not a tap) may be voted again."""
    return not rooms.first_of(question) and question["kind"] != "look"


@st.fragment(run_every=REFRESH)
@_guarded
def _status(code, token):
    view = store().view(code)
    _follow(view)
    if not is_open(view):
        return
    line = t("live.status", number=view.number, n=len(view.answers), joined=view.joined, prompt=prompt(view.question))
    closes = view.question.get("closes_at")
    if isinstance(closes, (int, float)):
        left = max(0, int(np.ceil(closes - time.time())))
        line += " · ⏱ " + (t("live.timer_seconds", n=left) if left else t("live.time_up_short"))
    st.container(key="live_status").markdown(line)


def _follow(view):
    """In a projector's fragment: once the room has moved on from the moment the page was
    drawn in (a question asked, revealed or voted again from the teacher's other device, a
    question that opened during a restart), the whole page is drawn again, holding back what
    the new question asks; a question asked elsewhere opens the lesson step it is about."""
    state = st.session_state
    if _DRAWN not in state or moment(view) == state[_DRAWN]:
        return
    state[_DRAWN] = moment(view)  # once: the rerun below is the page's own
    question = view.question if is_open(view) else {}
    if question.get("page") != state.get(settings.PAGE_KEY) or question.get("query"):
        _open_step(question)
    st.rerun(scope="app")


def _open_step(question):
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


# ---------------------------------------------------------------- the students


@_guarded
def student_page():
    st.markdown(BIG, unsafe_allow_html=True)
    state = st.session_state
    st.title(t("live.title"))
    if remote.wanted():  # the teacher's phone, from the projector's 📱 Another device
        claimed = remote.phone_page(state.live_room, client_address())
        if claimed:  # the projector allowed it: this phone runs the class too
            take_room(*claimed)
            st.rerun()  # to the lesson page take_room opens
        return
    code = state.get("live_room", "")
    if code:
        known, ticket = _known_student(code), None
        if known is None:
            ticket = limits.LIMITS.may_join(client_address(), code)
            if ticket is None:
                st.error(t("live.too_many_joins"))
                state.live_room = ""
                _code_form()
                return
        token = store().join(code, known)
        if ticket is not None and token not in (None, rooms.FULL):
            limits.LIMITS.joined(client_address(), code, ticket, token)
        if token is None or token == rooms.FULL:
            found = store().view(code)
            why = "live.full_room" if token == rooms.FULL else "live.ended_room" if found else "live.no_room"
            st.error(t(why, code=code))
            state.live_room, state.live_me = "", ""
        elif token != state.get("live_me"):
            state.live_me = token
            _remember_student(code, token)
    if not state.get("live_room"):
        _code_form()
        return
    st.caption(t("live.in_room", code=state.live_room))
    view = store().view(state.live_room, state.live_me)
    if answering(view):
        question_page(state.live_room, state.live_me, view)
    else:
        student_view(state.live_room, state.live_me)


def answering(view):
    """Whether the phone shows an open question to answer (drawn in the page, not polled)."""
    named = not (view and view.named and view.my_name is None)
    return bool(view and named and not view.ended and view.question and not view.revealed)


def question_page(code, token, view):
    """An open question and its answer controls, drawn once in the page: the fragment that
    looks for news every 1.5 s (_watch) sends a line, not the question, its picture and its
    buttons again, and reruns the page when the question moves on, is revealed or runs out."""
    question = view.question
    _question_head(question, view, first=True)
    if st.session_state.pop("_live_refused", False):
        st.warning(t("live.too_late"))
    closed = rooms.closed(question)
    _watch(code, token, question["id"], closed)
    if closed:  # time is up: the answer stands as sent
        if view.mine is not None:
            st.success(t("live.sent_closed", answer=answer_label(question, view.mine, sure=True)))
        return
    if question["kind"] == "look":
        _tap_ui(code, token, question, view.mine)
    else:
        _answer_ui(code, token, question, view.mine)


@st.fragment(run_every=REFRESH)
@_guarded
def _watch(code, token, question_id, closed):
    """Rerun the page once the room has news for this phone: another question, the reveal,
    the end, or the countdown run out; say when the teacher's screen is away."""
    limits.LIMITS.seen(client_address(), code, token)
    view = store().view(code, token)
    if view is None or view.ended or view.question is None or view.revealed:
        st.rerun()
    if view.question["id"] != question_id or rooms.closed(view.question) != closed:
        st.rerun()
    if view.teacher_away:
        st.warning(t("live.teacher_away"), icon="⏸")
    countdown(view.question)


# "CODE.TOKEN:CODE.TOKEN...", the latest room first: the phone that reopens a room's link, even
# after another room's, is the same student there.
STUDENT_COOKIE = "cnnviz_student"
STUDENT_ROOMS = 5  # rooms a phone's cookie remembers
_TOKENS = "_live_tokens"  # {room: this browser's student token}, latest first


def _known_student(code):
    """This browser's student token for the room (from this session, its cookie, or an old
    link's `me=`, honoured, never written again), when the room issued it. Any other (made
    up, another room's, forgotten) is None: a new join, which limits.may_join counts."""
    old = st.query_params.get("me")
    for token in (_student_tokens().get(code), old if isinstance(old, str) and 8 <= len(old) <= 40 else None):
        if token and store().is_student(code, token):
            return token
    return None


def _student_tokens():
    """{room: token} this browser holds, read from its cookie once a session."""
    state = st.session_state
    if _TOKENS not in state:
        found = {}
        for pair in str(st.context.cookies.get(STUDENT_COOKIE) or "").split(":")[:STUDENT_ROOMS]:
            code, _, token = pair.partition(".")
            if rooms.normal_code(code) == code and _url_safe(token):
                found.setdefault(code, token)
        state[_TOKENS] = found
    return state[_TOKENS]


def _remember_student(code, token):
    """Keep the room's token first in the cookie, with the latest few other rooms'."""
    kept = {code: token, **{c: t for c, t in _student_tokens().items() if c != code}}
    kept = dict(list(kept.items())[:STUDENT_ROOMS])
    st.session_state[_TOKENS] = kept
    pairs = ":".join(f"{c}.{t}" for c, t in kept.items() if rooms.normal_code(c) == c and _url_safe(t))
    browser.run_script(f'document.cookie = "{STUDENT_COOKIE}={pairs}; path=/; max-age={COOKIE_AGE}; samesite=strict";')


def _url_safe(token):
    """A token as secrets.token_urlsafe makes them: nothing else reaches a cookie's script."""
    return isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", token) is not None


def _join():
    state = st.session_state
    code = rooms.normal_code(state.get("live_code_typed"))
    if not code:
        state["_live_bad_code"] = True
        return
    state.live_room, state.live_me = code, ""


def _code_form():
    st.write(t("live.enter_code"))
    with st.form("live_join", border=False):
        st.text_input(t("live.code"), key="live_code_typed", max_chars=8, placeholder="ABC123")
        st.form_submit_button(t("live.join"), on_click=_join, type="primary", width="stretch")
    if st.session_state.pop("_live_bad_code", False):
        st.error(t("live.bad_code"))
    st.caption(t("live.teacher_hint"))


def take_room(code, token):
    """This device runs the class from now on, as the projector does (which keeps control
    too): the teacher's token in this session and, by the next run, its cookie; presenter
    mode; the lesson step of the open question, else Convolution (on the next run). For the
    phone the projector allowed (remote.py)."""
    state = st.session_state
    state[TEACHER], state[_COOKIE_TODO], state["presenter"] = (code, token), "set", True
    state["_live_resumed_now"] = True
    view = store().view(code)
    if not _open_step(view.question if view else None):  # where the class is, else the first lesson
        toolbar.open_page("conv")


@_guarded
def _send(code, token, question_id, value):
    if value is not None and value == value and not store().answer(code, token, question_id, value):
        st.session_state["_live_refused"] = True


def _sure(question):
    """How sure the student said they are, for a question that asks ("sure", "unsure"), else
    None; for one that asks and has no answer yet, "missing"."""
    if not question.get("confidence"):
        return None
    return st.session_state.get(f"live_conf_{question['id']}") or "missing"


def _send_choice(code, token, question, value):
    sure = _sure(question)
    if sure == "missing":
        st.session_state["_live_need_sure"] = True
        return
    _send(code, token, question["id"], questions.with_confidence(value, sure))


def _send_number(code, token, question, key):
    value = st.session_state.get(key)
    if value is not None and np.isfinite(value):
        _send_choice(code, token, question, questions.clean_number(value))


def _resend(code, token, question, mine):
    """A student who changes how sure they are after answering: the same answer, re-sent. A
    tap on the chosen one again keeps it (a segmented control would clear it: the student
    would then be told to say how sure they are, having said it)."""
    state, key = st.session_state, f"live_conf_{question['id']}"
    if state.get(key) is None:
        state[key] = state.get(f"_was_{key}")
        return
    state[f"_was_{key}"] = state[key]
    if mine is not None:
        _send_choice(code, token, question, questions.split(mine)[0])


def _send_tap(code, token, question):
    cell = widgets.clicked_cell("live_tap")
    value = questions.tap_value(*cell) if cell else None  # off the grid, or forged: nothing sent
    if value is not None:
        _send(code, token, question["id"], value)


@st.fragment(run_every=REFRESH)
@_guarded
def student_view(code, token):
    """Between questions: the wait, the reveal, the end; a new open question reruns the page,
    which draws it (question_page)."""
    limits.LIMITS.seen(client_address(), code, token)
    view = store().view(code, token)
    if view is None or view.ended:
        st.info(t("live.ended"))
        return
    if view.teacher_away:
        st.warning(t("live.teacher_away"), icon="⏸")
    if view.named and view.my_name is None:
        _name_form(code, token)
        return
    if view.question is None:
        st.info(t("live.wait_first"))
        return
    if answering(view):
        st.rerun()
    question = view.question
    _question_head(question, view)
    _revealed(question, view)


def _question_head(question, view, first=False):
    """The question's number, its words and, for "which class?", the picture. first: while
    the second vote is open, the phone's own first answer under it."""
    st.subheader(t("live.question_n", n=view.number))
    st.markdown(f"### {prompt(question)}")
    if first and rooms.first_of(question) and view.mine_first is not None:
        st.info(t("live.your_first", answer=answer_label(question, view.mine_first, sure=True)), icon="💬")
    shown = picture.linked_pixels(question["params"].get("picture", "")) if question["kind"] == "predict" else None
    if shown is not None:
        picture.show(shown, 160)


def _answer_ui(code, token, question, mine_given):
    """How sure (when asked), then the options as big buttons, or a number and Send."""
    if question.get("confidence"):
        key = f"live_conf_{question['id']}"
        st.session_state.setdefault(key, questions.split(mine_given)[1] if mine_given else None)
        st.session_state.setdefault(f"_was_{key}", st.session_state[key])
        st.segmented_control(
            t("live.how_sure"),
            questions.CONFIDENCE,
            key=key,
            format_func=lambda c: t(f"live.{c}"),
            on_change=_resend,
            args=(code, token, question, mine_given),
            width="stretch",
        )
        if st.session_state.pop("_live_need_sure", False):
            st.warning(t("live.sure_first"))
    mine = questions.split(mine_given)[0] if mine_given is not None else None
    if question["options"]:
        with st.container(key="live_choices"):
            for option in question["options"]:
                st.button(
                    option_label(question, option),
                    key=f"live_opt_{option}",
                    on_click=_send_choice,
                    args=(code, token, question, option),
                    type="primary" if mine == option else "secondary",
                    width="stretch",
                )
    else:
        # A form: the typed number travels with the Send that sends it, in one message. Loose,
        # the input's blur would rerun the page first and the Send could be lost under that rerun
        # (1 phone in 5 in a test); in a form, Enter on the phone's keyboard sends too.
        key = f"live_number_{question['id']}"
        with st.form(f"live_answer_{question['id']}", border=False):
            st.number_input(t("live.your_number"), value=None, key=key, step=1.0, format="%g")
            with st.container(key="live_send"):
                st.form_submit_button(
                    t("live.send"),
                    key="live_send_button",
                    on_click=_send_number,
                    args=(code, token, question, key),
                    type="primary",
                    width="stretch",
                )
    if mine_given is not None:
        st.success(t("live.sent", answer=answer_label(question, mine_given, sure=True)))


def _tap_ui(code, token, question, mine):
    """The picture large: one tap says where the student thinks the network looked (they can
    tap again until the reveal); their tap shows as a dot. Drawn as HTML, so a phone loads no
    chart library for it; the browser marks a tap at once, the rerun then draws the dot."""
    tap = questions.parse_tap(mine) if mine else None
    st.caption(t("live.tap_here"))
    drawn = figures.tap_picture(questions.look_pixels(question["pixels"]), tap, alt=t("live.tap_here"))
    widgets.chart(drawn, key="live_tap", on_click=functools.partial(_send_tap, code, token, question))
    if tap:
        st.success(t("live.your_tap", row=tap[0], col=tap[1]))


def _name_form(code, token):
    """A named class: the student's nickname first (printable, at most MAX_NAME characters)."""
    with st.form("live_name", border=False):
        st.text_input(t("live.your_name"), key="live_name_typed", max_chars=rooms.MAX_NAME)
        st.form_submit_button(t("live.join"), on_click=_give_name, args=(code, token), type="primary", width="stretch")
    if st.session_state.pop("_live_bad_name", False):
        st.error(t("live.bad_name"))


@_guarded
def _give_name(code, token):
    name = rooms.clean_name(st.session_state.get("live_name_typed"))
    if not name:
        st.session_state["_live_bad_name"] = True
    else:
        store().join(code, token, name)


def _revealed(question, view):
    if question["kind"] == "look":
        _look_revealed(question, view)
        return
    correct = answer_label(question, question["answer"])
    right, share = score(question, view.answers)
    if view.mine is None:
        st.info(t("live.you_missed", answer=correct))
    elif questions.is_right(question, view.mine):
        st.success(t("live.you_right", answer=correct))
    else:
        st.error(t("live.you_wrong", answer=correct, mine=answer_label(question, view.mine)))
    if rooms.first_of(question) and view.mine_first is not None:
        key = "live.first_right" if questions.is_right(question, view.mine_first) else "live.first_wrong"
        st.caption(t(key, answer=answer_label(question, view.mine_first)))
    if view.answers:
        st.markdown(t("live.class_share", share=share, right=right, n=len(view.answers)))
    else:
        st.markdown(t("live.nobody_answered"))
    link = lesson_link(question)
    if link:
        st.markdown(link, unsafe_allow_html=True)


def _look_revealed(question, view):
    """The student's tap on Grad-CAM's heat, and whether it fell where the network looked most."""
    pixels, heat, top = questions.look_pictures(question)
    tap = questions.parse_tap(view.mine) if view.mine else None
    cls = class_name(question["params"]["cls"])
    picture.show(figures.taps_picture(pixels, [tap] if tap else [], heat), 300, t("live.gradcam_mine", cls=cls))
    st.caption(t("why.legend"))
    if tap is None:
        st.info(t("live.tap_missed"))
    else:
        st.success(t("live.tap_on")) if top[tap] else st.error(t("live.tap_off"))
    right, share = score(question, view.answers)
    st.markdown(t("live.class_taps", share=share, right=right, n=len(view.answers), chance=f"{top.mean():.0%}"))
    link = lesson_link(question)
    if link:
        st.markdown(link, unsafe_allow_html=True)
