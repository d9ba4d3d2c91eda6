"""How a live-class page waits for its room: a small component that holds one request to
the server's /_live/news (cnn_viz/app/server/news.py) and reruns the page (or, drawn inside a
fragment, the fragment) only when the room has news for it. Waiting then runs no script: a
lecture hall of 1,000 phones waiting for the next question costs the server a look at the
room four times a second, not 670 script runs. A question's countdown ticks in the phone's
browser meanwhile (the server's seconds left, counted down there).

`served()` is False under `streamlit run app.py` (no middleware) and AppTest: the pages then
wait as before, with fragments that rerun every REFRESH seconds."""

import time

import streamlit as st

from ...live import rooms, store
from .. import server
from ..server import news
from ..server.admission import ADMISSION
from ..text import t
from . import common

_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  let stopped = false;
  // One watcher per element, however the page redraws it: a newer one, or the element gone
  // from the page, ends this one (its loop would otherwise go on asking, and pressing).
  const mine = {};
  parentElement.__cnnvizWatch = mine;
  const gone = () => stopped || !parentElement.isConnected || parentElement.__cnnvizWatch !== mine;
  const controller = new AbortController();
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  // The countdown, from the seconds the server counted when it drew the page.
  let ticking = null;
  parentElement.innerHTML = "";
  if (data.closes_in !== null && data.ticks) {  // the page draws its countdown: a run a second
    const tick = () => { if (!gone()) setTriggerValue("news", "tick " + Date.now()); };
    ticking = setTimeout(tick, Math.min(1000, data.closes_in * 1000 + 50));
  } else if (data.closes_in !== null) {
    const line = document.createElement("p");
    line.style.margin = "0";
    parentElement.appendChild(line);
    const ends = Date.now() + data.closes_in * 1000;
    const show = () => {
      if (gone()) { clearInterval(ticking); return; }
      const left = Math.ceil((ends - Date.now()) / 1000);
      const text = left > 0 ? data.left.replace("{n}", left) : data.up;
      // The sentence's **bold** as bold (it is the page's Markdown), the rest as text.
      line.replaceChildren(...text.split("**").map((part, i) => {
        if (i % 2 === 0) return document.createTextNode(part);
        const bold = document.createElement("strong");
        bold.textContent = part;
        return bold;
      }));
    };
    show();
    ticking = setInterval(show, 250);
  }
  // News reruns the page, which draws a new watcher and ends this one. A rerun the server
  // dropped (a press that lands during another run can be, as the projector's two fragments
  // rerun at their own paces) must not leave the page stale: while not replaced and the page is
  // not running (a busy server's queue is not pressed again), this watcher presses again every
  // 2 s, for a minute at most (CI once saw the last answer's count lost after three presses),
  // then waits on from the news it has seen.
  const running = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === "running";
  const rerun = async (why) => {
    setTriggerValue("news", why + " " + Date.now());
    for (let tries = 0; tries < 30 && !gone(); ) {
      await pause(2000);
      if (!gone() && !running()) { setTriggerValue("news", why + " " + Date.now()); tries++; }
    }
  };
  let body = data.body;
  (async () => {
    let failures = 0;
    while (!gone()) {
      try {
        const reply = await fetch(data.url, {
          method: "POST", body: JSON.stringify(body), cache: "no-store", signal: controller.signal,
          headers: { "Content-Type": "application/json" },
        });
        if (gone()) return;
        if (reply.status === 404) { await rerun("gone"); return; }
        if (!reply.ok) throw new Error(String(reply.status));
        const found = await reply.json();
        failures = 0;
        if (found.changed) {
          // New answers or joins alone (the projector's) rerun it at most every `every` ms: a
          // class answering at once is then four runs a second, not one per answer, and the
          // count it draws is the latest; a new moment (a question, the reveal) reruns it at once.
          // (When it last did is kept on the element: each rerun draws a new watcher in it.)
          const last = parentElement.__cnnvizRerunAt || 0;
          if (found.stamp === body.since) await pause(Math.max(0, last + data.every - Date.now()));
          if (gone()) return;
          parentElement.__cnnvizRerunAt = Date.now();
          await rerun(found.stamp);
          body = { ...body, since: found.stamp };
          if ("answers" in body) body = { ...body, answers: found.answers, joined: found.joined };
        }
      } catch (error) {
        if (gone()) return;
        failures += 1;  // a server restarting, a phone's network away: ask again, less and less often
        await pause(Math.min(1000 * failures, 10000));
      }
    }
  })();
  return () => { stopped = true; controller.abort(); if (ticking) { clearInterval(ticking); clearTimeout(ticking); } };
}
"""
_component = st.components.v2.component("cnnviz_live_news", js=_JS)
EVERY = 0.25  # seconds: the projector's count of answers reruns on new ones at most this often
CHART_EVERY = 1.0  # seconds: and its chart of them (a Plotly chart to draw again, on a projector's laptop)


def served():
    """Whether this server answers /_live/news: serve.py's middleware is installed."""
    return news.INSTALLED


def wait(code, key, student=None, teacher=None, counts=False, question=None, ticks=False, view=None, every=EVERY):
    """Draw the watcher of room `code` (under `key`): the page, or the fragment it is drawn
    in, reruns once the room's stamp moves on from now (a question, the reveal, the end, time
    up, the teacher away or back) or, with `counts` (the projector), once an answer arrives or
    a student joins. The open `question`'s countdown ticks in it (a phone's), or, with `ticks`,
    reruns the fragment every second while it runs (the projector's, which draws its own).
    `view`: the room as the page just read it (a phone's), whose moment is then the stamp,
    with no second look (a question opening to 1,000 phones is 1,000 page runs). `every`:
    the fewest seconds between two reruns for new answers or joins alone. Returns the room's
    News (None: gone)."""
    if view is not None and not counts:
        found = rooms.News(rooms.view_stamp(view, time.time()), 0, 0)
    else:
        found = store().news(code, (student,) if student else (), teacher)
    if found is None:
        return None
    body = {"room": code, "since": found.stamp}
    if student:
        body["student"] = student
    if teacher:
        body["teacher"] = teacher
    if counts:
        body |= {"answers": found.answers, "joined": found.joined}
    state = st.session_state
    state["_live_news_drawn"] = state.get("_live_news_drawn", 0) + 1  # a new request each run
    data = {"url": server.route_path(news.PATH), "body": body}
    data |= {"left": t("live.time_left", n="{n}"), "up": t("live.time_up"), "run": state["_live_news_drawn"]}
    closes = (question or {}).get("closes_at")
    left = closes - time.time() if isinstance(closes, (int, float)) else None
    data["closes_in"] = None if left is None or (ticks and left <= 0) else max(0.0, left)
    data["ticks"] = ticks
    data["every"] = every * 1000
    _component(key=key, data=data, on_news_change=lambda: None)
    return found


def redrawn(draw, key, as_teacher=False, every=EVERY):
    """`draw(code, token)`, which draws part of the projector and returns the room's view, as
    a fragment that reruns when an answer arrives, a student joins or the room moves on (and
    every second while a countdown runs), or, where the server has no news to wait on, every
    REFRESH seconds. as_teacher: its looks keep the room (the projector's own). every: as
    wait's (the count every EVERY s, the chart every CHART_EVERY s)."""

    @st.fragment
    @common.guarded
    def waited(code, token):
        with ADMISSION.first():  # the count a class waits for, ahead of the phones' queued runs
            view = draw(code, token)
        question = view.question if view is not None and not view.revealed else None
        wait(code, key, teacher=token if as_teacher else None, counts=True, question=question, ticks=True, every=every)

    @st.fragment(run_every=common.REFRESH)
    @common.guarded
    def polled(code, token):
        draw(code, token)

    return lambda code, token: (waited if served() else polled)(code, token)
