"""A phone's answer controls, where the server takes answers itself (serve.py's
/_live/answer, server/answer_route.py): the choices as big buttons, or a number typed and
Send, and for a question that asks, how sure the student is. The browser posts the answer and
says it was taken ("Your answer: cat. You can change it until your teacher reveals."), with no
script run: a lecture hall's 1,000 answers no longer wait behind the runs drawing the question
on the other phones, nor hold up the projector's.

The same sentences as the Streamlit controls (answers.py), which phones use where the route is
not served (`streamlit run app.py`, AppTest) and for a tap on the picture (a figure of its own).
"""

import streamlit as st

from ...live import questions
from .. import server
from ..server import answer_route
from ..text import t
from . import common

_JS = """
export default function ({ data, parentElement }) {
  parentElement.__cnnvizPad = data;  // the latest data: an answer acknowledged after a redraw draws it
  draw(parentElement);
}

// A number as a phone's keyboard types it, as the text to send, or null: full-width digits and
// signs (a Chinese keyboard), a minus sign, a decimal comma, thousands separators and a
// sentence's full stop are read as meant; anything but a plain decimal number is not one.
function typedNumber(text) {
  let t = text.normalize("NFKC").replace(/\\s+/g, "");
  t = t.replace(/[\\u2212\\u2012\\u2013]/g, "-").replace(/[\\u3002]$/, "");
  if (/^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$/.test(t)) t = t.replaceAll(",", "");
  else t = t.replace(/^([^,]*),([^,]*)$/, "$1.$2");
  return /^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(e[+-]?\\d+)?$/i.test(t) && Number.isFinite(Number(t)) ? t : null;
}

// What is said after the controls have gone (the reveal or time up drew the page again while an
// answer was on its way): a note at the foot of the screen, until read and closed.
function note(text, close) {
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:1000;padding:1rem;"
    + "border-radius:.5rem;background:#fff4d6;color:#5c3b00;box-shadow:0 2px 8px rgba(0,0,0,.3);font-size:1.1rem";
  const shut = Object.assign(document.createElement("button"), { type: "button", textContent: close });
  shut.style.cssText = "display:block;margin-top:.5rem;min-height:2.75rem;padding:0 1rem;font:inherit;"
    + "border-radius:.5rem;border:1px solid #5c3b00;background:#ffffff;color:#111111";
  shut.addEventListener("click", () => box.remove());
  box.append(text, shut);
  document.body.appendChild(box);
  shut.focus();
}

// Drawn again on each run of the phone's room: the controls are rebuilt from the data; what
// this phone sent last to this question (kept on the window: a remount loses the element)
// stays shown, and a number typed but not sent stays in its box.
function draw(parentElement) {
  const data = parentElement.__cnnvizPad;
  const question = data.body.question;
  const kept = (window.cnnvizAnswers ||= {});
  const cut = (text) => {  // "cat|sure": the answer, and how sure
    const at = text ? text.lastIndexOf("|") : -1;
    return at < 0 ? [text, null] : [text.slice(0, at), text.slice(at + 1)];
  };
  let [answer, sure] = cut(kept[question] ?? data.mine);
  if (kept["sure:" + question]) sure = kept["sure:" + question];
  const old = parentElement.querySelector(".pad");
  const typed = old?.dataset.question === question ? old.querySelector(".box")?.value : undefined;
  const focused = parentElement.activeElement?.dataset?.name;  // the control a redraw gives the focus back to
  const root = old || parentElement.appendChild(document.createElement("div"));
  root.className = "pad";
  root.dataset.question = question;
  root.replaceChildren();
  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  // A sentence's **bold** as bold (the page's Markdown), the rest as text; brought into view.
  const say = (node, text) => {
    node.replaceChildren(...text.split("**").map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      return Object.assign(document.createElement("strong"), { textContent: part });
    }));
    if (text && node.isConnected) node.scrollIntoView({ block: "nearest" });
  };
  const words = data.words;
  const status = make("div", "sent");
  status.setAttribute("role", "status");
  const alert = make("div", "warn");
  alert.setAttribute("role", "alert");
  const label = (value) => {
    const shown = (data.options.find((o) => o.value === value)?.label ?? value) + (data.percent ? "%" : "");
    const said = data.sure?.options.find((o) => o.value === sure)?.label;
    return said ? words.with_sure.replace("{answer}", shown).replace("{sure}", said) : shown;
  };
  const has = (value) => value !== null && value !== undefined;
  const showSent = () => { if (has(answer)) say(status, words.sent.replace("{answer}", label(answer))); };
  const buttons = [];
  const mark = () => buttons.forEach((b) => {
    const on = b.dataset.value === (b.dataset.group === "sure" ? sure : answer);
    b.setAttribute("aria-pressed", String(on));
    // A class pressed before how sure: marked as waiting to be sent.
    b.classList.toggle("waiting", b.dataset.group === "choice" && b.dataset.value === kept["waiting:" + question]);
  });
  // What this draw shows of a send, for the sender below, which outlives a redraw.
  parentElement.__cnnvizUi = {
    question, root,
    sending: () => say(status, words.sending),
    sent: () => { [answer, sure] = cut(kept[question]); mark(); showSent(); },  // the box keeps what is typed since
    refuse: (text) => { say(alert, text); showSent(); },
  };
  const ui = () => {
    const shown = parentElement.__cnnvizUi;
    return shown && shown.question === question && shown.root.isConnected ? shown : null;
  };
  // One answer on its way at a time, the latest press next: the server takes them in the order
  // pressed (two on their way at once could arrive the other way round, and the room keep the
  // older). An answer that failed is not tried again once a newer one is waiting.
  const line = (kept["line:" + question] ||= { next: null, busy: false });
  const deliver = async (full) => {
    for (let tries = 0; ; tries++) {
      try {
        const reply = await fetch(data.url, {
          method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ ...data.body, value: full }),
        });
        const body = await reply.json().catch(() => ({}));
        if (reply.ok) { kept[question] = body.value; return "sent"; }
        if (reply.status === 409) return body.late === "time" ? words.time_up_late : words.too_late;
        if (reply.status < 500 && reply.status !== 429) return words.failed;
        throw new Error(String(reply.status));
      } catch (error) {  // the network, or a busy server: again, a little later, for about 20 s
        if (line.next !== null) return null;  // a newer answer replaces it
        if (tries >= 8) return words.failed;
        await new Promise((done) => setTimeout(done, 500 * (tries + 1)));
      }
    }
  };
  const run = async () => {
    line.busy = true;
    try {
      while (line.next !== null) {
        const full = line.next;
        line.next = null;
        const outcome = await deliver(full);
        if (line.next !== null) continue;  // pressed again meanwhile: that one goes next
        const shown = ui();
        if (outcome === "sent") {
          if (shown) shown.sent();
        } else if (outcome) {
          // Said where the student looks now, or, once the controls have gone, at the screen's foot.
          if (shown) shown.refuse(outcome);
          else note(outcome, words.close);
        }
      }
    } finally {
      line.busy = false;
    }
  };
  const post = (value) => {
    say(alert, "");
    say(status, words.sending);
    line.next = data.sure ? value + "|" + sure : value;
    if (!line.busy) run();
  };
  const group = (cls, name, options, groupName, press) => {
    const box = make("div", cls);
    box.setAttribute("role", "group");
    if (name) {
      const title = make("p", "title", name);
      title.id = cls + "-title";
      box.setAttribute("aria-labelledby", title.id);
      box.appendChild(title);
    }
    for (const option of options) {
      const button = make("button", "option", option.label);
      button.type = "button";
      Object.assign(button.dataset, { value: option.value, group: groupName, name: groupName + ":" + option.value });
      button.addEventListener("click", () => press(option.value));
      buttons.push(button);
      box.appendChild(button);
    }
    root.appendChild(box);
  };
  // A choice pressed before how sure: said so, and sent once the student says how sure.
  const needSure = (value) => {
    if (!data.sure || sure) return false;
    kept["waiting:" + question] = value;
    mark();
    say(alert, words.sure_then);
    return true;
  };
  if (data.sure) {
    group("sure", data.sure.label, data.sure.options, "sure", (value) => {
      sure = value;
      kept["sure:" + question] = value;
      mark();
      say(alert, "");
      const waiting = kept["waiting:" + question];
      delete kept["waiting:" + question];
      if (has(waiting)) post(waiting);
      else if (has(answer)) post(answer);  // a changed mind about how sure: the same answer, sent again
    });
  }
  root.appendChild(alert);
  if (data.form === "choice") {
    group("choices", "", data.options, "choice", (value) => { if (!needSure(value)) post(value); });
  } else {
    const form = make("form", "number");
    form.noValidate = true;  // the page's own sentences, in the page's language, not the browser's
    const title = make("label", "title", words.your_number);
    const input = make("input", "box");
    Object.assign(input, { id: "number", type: "text", inputMode: "decimal", autocomplete: "off" });
    input.dataset.name = "number";
    title.htmlFor = "number";
    input.value = typed ?? (has(answer) ? answer : "");
    const send = make("button", "send", words.send);
    send.type = "submit";
    send.dataset.name = "send";
    form.append(title, input, send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = typedNumber(input.value);
      if (text === null) { say(alert, words.type_first); return; }
      if (text.replace(/^[+-]/, "").length > 24) { say(alert, words.too_long); return; }  // the room keeps 40
      if (data.percent && !(Number(text) >= 0 && Number(text) <= 100)) { say(alert, words.percent); return; }
      if (!needSure(text)) post(text);  // the server writes the number as the room keeps it
    });
    root.appendChild(form);
  }
  root.appendChild(status);
  mark();
  showSent();
  if (focused) root.querySelector(`[data-name="${CSS.escape(focused)}"]`)?.focus();
}
"""

_CSS = """
:host { display: block; }
.pad { display: flex; flex-direction: column; gap: .75rem; max-width: 44rem; }
.title { margin: 0 0 .35rem; font-size: 1rem; }
.sure { display: flex; flex-wrap: wrap; gap: .5rem; }
.sure .title { flex: 1 1 100%; }
.sure .option { flex: 1 1 8rem; }
/* Two columns on a phone, more on a laptop: ten classes and the sentence after them in view. */
.choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .5rem; }
.option, .send {
  font: inherit; font-size: 1.3rem; min-height: 3.4rem; padding: .4rem .75rem; border-radius: .5rem;
  color: #111111; background: #ffffff; border: 1px solid rgba(49, 51, 63, .3); cursor: pointer;
  overflow-wrap: anywhere;
}
@media (hover: hover) { .option:hover { border-color: #c2185b; color: #c2185b; } }
.option[aria-pressed="true"], .send { background: #c2185b; border-color: #c2185b; color: #ffffff; }
.option.waiting { border: 3px dashed #c2185b; }
.option:focus-visible, .send:focus-visible, .box:focus-visible { outline: 3px solid #1f4e9c; outline-offset: 2px; }
.number { display: flex; flex-direction: column; gap: .5rem; }
.box {
  font: inherit; font-size: 1.3rem; padding: .5rem .75rem; border-radius: .5rem; border: 1px solid #8a8d96;
  background: #f0f2f6; color: #111111;
}
.sent, .warn { padding: .75rem 1rem; border-radius: .5rem; overflow-wrap: anywhere; }
.sent { background: #dff5e3; color: #0e4d1c; }
.warn { background: #fff4d6; color: #5c3b00; }
/* Empty, but there from the start: a live region that appears with its text is often not read. */
.sent:empty, .warn:empty { padding: 0; }
"""

_pad = st.components.v2.component("cnnviz_live_answer", js=_JS, css=_CSS)


def served():
    """Whether this server takes answers posted by the browser: serve.py's middleware is installed."""
    return answer_route.INSTALLED


def takes(question):
    """Whether the pad answers `question`: its choices or a number (a tap is a figure's)."""
    return served() and questions.answer_form(question) in ("choice", "number")


def pad(code, token, question, mine):
    """Draw the controls answering the open `question` of room `code` for the student `token`;
    `mine`: the answer the room has from this phone, shown as sent."""
    sure = question.get("confidence")
    data = {
        "url": server.route_path(answer_route.PATH),
        "body": {"room": code, "student": token, "question": question["id"]},
        "form": questions.answer_form(question),
        "options": [{"value": o, "label": common.option_label(question, o)} for o in question["options"] or ()],
        "percent": bool(question.get("tolerance")),
        "sure": {
            "label": t("live.how_sure"),
            "options": [{"value": c, "label": t(f"live.{c}")} for c in questions.CONFIDENCE],
        }
        if sure
        else None,
        "mine": mine,
        "words": {
            "sent": t("live.sent", answer="{answer}"),
            "with_sure": t("live.with_sure", answer="{answer}", sure="{sure}"),
            "your_number": t("live.your_number"),
            "send": t("live.send"),
            "type_first": t("live.type_first"),
            "sure_then": t("live.sure_then_sent"),
            "time_up_late": t("live.time_up_late"),
            "too_long": t("live.number_too_long"),
            "too_late": t("live.too_late"),
            "failed": t("live.answer_failed"),
            "percent": t("live.percent_range"),
            "sending": t("live.sending"),
            "close": t("live.close_note"),
        },  # fmt: skip
    }
    _pad(key="live_pad", data=data)
