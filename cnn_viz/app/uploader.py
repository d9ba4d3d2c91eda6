"""The app's file uploader: a small component of its own that says everything in the visitor's
language (its button, the limit and types it takes, a file too large or of the wrong type, a
file on its way), and sends the file to the app's own route (server/upload_route.py).

`file_uploader` returns what Streamlit's does, and keeps it under `key` in the session state as
Streamlit's does: an UploadedFile (a list with `multiple`), read with uploads.picture or
uploads.read. Where the route is not served (`streamlit run app.py`, AppTest), it is Streamlit's
own uploader: English texts, and a red mark on a file over the limit.

The browser refuses a file over the limit, or of a type not taken, before sending it, with the
uploader's sentence; the route refuses the same for a client that does not. A file sent is
stored where Streamlit stores its uploads, so a removed file, or one read and let go, comes
back as Streamlit's DeletedFile, as from Streamlit's uploader.
"""

import math

import streamlit as st

from . import server
from .server import softly, upload_route
from .text import lang, t

_JS = """
export default function ({ data, parentElement, setStateValue, setTriggerValue }) {
  // What a remount must not lose (Streamlit draws the element anew when something above it
  // appears): the last sentences said and whether the button had the focus, per uploader, for
  // a few seconds.
  const place = location.pathname + " " + data.key;  // the same uploader on another page starts afresh
  const kept = ((window.cnnvizUploads ||= {})[place] ||= { status: "", error: "", at: 0, focus: false });
  let ui = parentElement.__cnnvizUpload;
  if (!ui) ui = parentElement.__cnnvizUpload = build(parentElement, kept, setStateValue, setTriggerValue);
  ui.data = data;
  ui.files = data.files;
  ui.refresh();
}

function build(parentElement, kept, setStateValue, setTriggerValue) {
  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const ui = { files: [], seq: 0, sending: 0, requests: new Set(), lang: null };
  const label = make("p", "label");
  label.id = "label";
  label.setAttribute("aria-hidden", "true");  // read once, as the group's name
  const zone = make("div", "zone");
  zone.setAttribute("role", "group");
  zone.setAttribute("aria-labelledby", "label");
  const choose = make("button", "choose");
  choose.type = "button";
  choose.setAttribute("aria-describedby", "limits");
  const limits = make("span", "limits");
  limits.id = "limits";
  const input = make("input", "input");
  input.type = "file";
  input.tabIndex = -1;
  input.setAttribute("aria-hidden", "true");
  const progress = make("progress", "progress");
  progress.hidden = true;
  const list = make("ul", "files");
  const status = make("p", "status");
  status.setAttribute("aria-live", "polite");
  const error = make("p", "error");
  error.setAttribute("role", "alert");
  zone.append(choose, limits, input);
  parentElement.append(label, zone, progress, list, status, error);  // after Streamlit's <style>: kept
  const words = () => ui.data.words;
  const say = (where, text) => {
    where.textContent = text;
    kept[where === status ? "status" : "error"] = text;
    kept.at = Date.now();
  };
  const size = (n) =>
    n >= 1e6 ? (n / 1e6).toFixed(1) + " MB" : n >= 1e3 ? Math.round(n / 1e3) + " kB" : words().bytes.replace("{n}", n);
  const draw = () => {
    list.hidden = !ui.files.length;  // no empty list for a screen reader to read
    list.replaceChildren(...ui.files.map((file) => {
      const item = make("li");
      item.append(make("span", "name", file.name + " · " + size(file.size)));
      const remove = make("button", "remove", "✕");
      remove.type = "button";
      remove.setAttribute("aria-label", words().remove.replace("{name}", file.name));
      remove.title = remove.getAttribute("aria-label");
      remove.addEventListener("click", () => {
        ui.files = ui.files.filter((held) => held.id !== file.id);
        draw();
        say(status, words().removed.replace("{name}", file.name));
        choose.focus();
        setStateValue("files", ui.files);
      });
      item.append(remove);
      return item;
    }));
  };
  ui.refresh = () => {
    const d = ui.data;
    if (ui.lang !== null && ui.lang !== d.lang) {  // what it said was in the language just left
      say(status, "");
      say(error, "");
    }
    ui.lang = d.lang;
    label.textContent = d.label;
    choose.textContent = d.multiple ? words().choose_many : words().choose;
    limits.textContent = words().limits;
    input.multiple = d.multiple;
    input.accept = d.types.map((s) => "." + s).join(",");
    draw();
  };
  // One file to the route, its progress counted: its answer, or the sentence that refused it.
  // A busy server (503) is asked again a little later.
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  const named = (file, why) =>
    ui.data.multiple ? words().named.replace("{name}", file.name).replace("{why}", why) : why;
  const send = (file, moved) => new Promise((done) => {
    const request = new XMLHttpRequest();
    request.open("POST", ui.data.url);
    request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    request.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    request.upload.onprogress = (event) => moved(event.loaded);
    const end = (answer) => { ui.requests.delete(request); done(answer); };
    request.onload = () => end(request);
    request.onerror = request.onabort = () => end(null);
    ui.requests.add(request);
    request.send(file);
  });
  const post = async (file, moved) => {
    for (let tries = 0; ; tries++) {
      const reply = await send(file, moved);
      if (!reply) return { error: named(file, words().failed) };
      if (reply.status === 503 && tries < 10) { await pause(Math.min(1000 * (tries + 1), 5000)); continue; }
      if (reply.status === 413) return { error: named(file, words().big) };
      if (reply.status === 415) return { error: named(file, words().type) };
      if (reply.status === 404) { setTriggerValue("stale", Date.now()); return { error: named(file, words().gone) }; }
      if (reply.status !== 200) return { error: named(file, words().failed) };
      return { file: JSON.parse(reply.responseText) };
    }
  };
  // The browser refuses what the uploader does not take before sending anything; the rest goes
  // together, and the page hears of it once every file has arrived. A later choice wins over
  // one still on its way (one file), or joins it (several).
  const take = async (chosen) => {
    if (!chosen.length) return;
    const d = ui.data, w = words(), errors = [], notes = [];
    if (!d.multiple && chosen.length > 1) {
      notes.push(w.one_only.replace("{name}", chosen[0].name));
      chosen = chosen.slice(0, 1);
    }
    const suffix = (file) => (file.name.includes(".") ? file.name.split(".").pop().toLowerCase() : "");
    let room = d.multiple ? d.most - ui.files.length : 1;
    const fits = chosen.filter((file) => {
      if (d.types.length && !d.types.includes(suffix(file))) { errors.push(named(file, w.type)); return false; }
      if (file.size > d.limit) { errors.push(named(file, w.big)); return false; }
      if (d.multiple && ui.files.some((held) => held.name === file.name && held.size === file.size)) {
        notes.push(w.again.replace("{name}", file.name));
        return false;
      }
      return true;
    });
    if (fits.length > room) {
      const left = fits.splice(Math.max(room, 0)).map((file) => file.name).join(w.sep);
      errors.push(w.too_many.replace("{most}", d.most).replace("{names}", left));
    }
    say(error, errors.join("\\n"));
    say(status, notes.join(" "));
    if (!fits.length) return;
    if (!d.multiple) {  // a later choice replaces one still on its way: that one stops
      ui.requests.forEach((request) => request.abort());
      ui.sending = 0;
    }
    const mine = ++ui.seq;
    ui.sending += 1;
    const total = fits.reduce((sum, file) => sum + file.size, 0), moved = fits.map(() => 0);
    progress.max = Math.max(total, 1);
    progress.value = 0;
    progress.hidden = false;
    progress.setAttribute("aria-label", w.sending.replace("{name}", fits.map((file) => file.name).join(", ")));
    say(status, [...notes, progress.getAttribute("aria-label")].join(" "));
    const results = await Promise.all(fits.map((file, i) => post(file, (n) => {
      moved[i] = n;
      progress.value = moved.reduce((sum, m) => sum + m, 0);
    })));
    if (!d.multiple && mine !== ui.seq) return;  // a later choice is on its way, or has arrived
    ui.sending = Math.max(0, ui.sending - 1);
    progress.hidden = ui.sending === 0;
    const arrived = results.filter((r) => r.file).map((r) => ({ id: r.file.id, name: r.file.name, size: r.file.size }));
    errors.push(...results.filter((r) => r.error).map((r) => r.error));
    say(error, errors.join("\\n"));
    say(status, [...notes, ...arrived.map((file) => w.arrived.replace("{name}", file.name))].join(" "));
    if (!arrived.length) return;
    ui.files = d.multiple ? [...ui.files, ...arrived] : arrived;
    draw();
    setStateValue("files", ui.files);
  };
  choose.addEventListener("click", () => input.click());
  choose.addEventListener("focus", () => { kept.focus = true; });
  // Chromium blurs an element as it is removed: then the focus is still the uploader's to give back.
  choose.addEventListener("blur", () => setTimeout(() => { if (choose.isConnected) kept.focus = false; }, 0));
  input.addEventListener("change", () => { take([...input.files]); input.value = ""; });
  zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    take([...event.dataTransfer.files]);
  });
  // Drawn anew on the same page (something above it appeared): what it said is said again, and
  // the focus it had, given back within seconds of its last sentence.
  status.textContent = kept.status;
  error.textContent = kept.error;
  if (kept.focus && Date.now() - kept.at < 10000) choose.focus();
  return ui;
}
"""

_CSS = """
:host { display: block; }
.label { margin: 0 0 .25rem; font-size: .875rem; }
.zone {
  display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .75rem 1rem;
  border-radius: .5rem; background: #ffffff; border: 1px dashed #8a8d96; position: relative;
}
.zone.over { border-color: #c2185b; background: #fce4ec; }
.choose, .remove {
  font: inherit; color: #111111; background: #ffffff; border: 1px solid rgba(49, 51, 63, .3);
  border-radius: .5rem; cursor: pointer;
}
.choose { padding: .35rem .9rem; min-height: 2.5rem; }
.choose:hover, .remove:hover { border-color: #c2185b; color: #c2185b; }
.choose:focus-visible, .remove:focus-visible { outline: 3px solid #c2185b; outline-offset: 2px; }
.choose:disabled { opacity: .6; cursor: progress; }
.limits { font-size: .875rem; color: #4a4d57; }
.input { position: absolute; width: 1px; height: 1px; opacity: 0; pointer-events: none; }
.files { list-style: none; margin: .25rem 0 0; padding: 0; font-size: .875rem; }
.files li { display: flex; align-items: center; gap: .5rem; padding: .15rem 0; overflow-wrap: anywhere; }
.remove { min-width: 2.25rem; min-height: 2.25rem; padding: 0 .5rem; }
.progress { display: block; width: 100%; height: .5rem; margin-top: .5rem; accent-color: #c2185b; }
.progress[hidden] { display: none; }
.status { margin: .25rem 0 0; font-size: .875rem; color: #4a4d57; overflow-wrap: anywhere; }
.error {
  margin: .5rem 0 0; padding: .75rem 1rem; border-radius: .5rem; background: #ffecec; color: #7d1d1d;
  white-space: pre-line; overflow-wrap: anywhere;
}
/* Empty, but there from the start: a live region that appears with its text is often not read. */
.status:empty, .error:empty { margin: 0; padding: 0; }
"""

_face = st.components.v2.component("cnnviz_uploader", js=_JS, css=_CSS)


def file_uploader(label, key, limit, types=(), multiple=False, most=100, on_change=None, too_big="", wrong_type=""):
    """An uploader taking files up to `limit` bytes, of the suffixes `types` (any when empty),
    one or `multiple` (at most `most`); `on_change` is called when its files change. `too_big`,
    `wrong_type`: the sentences for a file refused (defaults say the limit and the types).
    Returns what Streamlit's st.file_uploader returns, and keeps it under `key`."""
    sid = server.session_id() if upload_route.usable() else None
    if sid is None:
        return st.file_uploader(
            label, type=list(types) or None, accept_multiple_files=multiple, key=key, on_change=on_change,
            max_upload_size=max(1, math.ceil(limit / 1_000_000)),
        )  # fmt: skip
    state = st.session_state
    face = f"_upload_{key}"
    most = min(most, upload_route.MAX_LISTED) if multiple else 1
    ticket = upload_route.ticket(sid, key, limit, types)
    data = {
        "url": server.route_path(f"{upload_route.PATH}/{ticket}"), "key": key, "label": label, "lang": lang(),
        "words": _words(limit, types, multiple, too_big, wrong_type), "multiple": multiple, "most": most,
        "types": [s.lower() for s in types], "limit": limit, "files": _listed(_sent(face)),
    }  # fmt: skip
    _face(
        key=face, data=data, default={"files": []},
        on_files_change=lambda: _changed(key, multiple, on_change), on_stale_change=lambda: None,
    )  # fmt: skip
    state[key] = _files(_listed(_sent(face)), multiple)
    return state[key]


def size_words(n):
    """A size as the uploader says it: "10 MB", "64 kB"."""
    return f"{n / 1e6:g} MB" if n >= 1_000_000 else f"{n / 1e3:g} kB"


def _words(limit, types, multiple, too_big, wrong_type):
    """Everything the uploader says, in the visitor's language ({name} and {n} filled in the browser)."""
    size, shown = size_words(limit), t("upload.sep").join("." + s for s in types)
    limits = [t("upload.drop_many" if multiple else "upload.drop_one"), t("upload.per_file", size=size)]
    return {
        "choose": t("upload.choose"), "choose_many": t("upload.choose_many"),
        "limits": " · ".join(limits + ([shown] if shown else [])),
        "big": too_big or t("upload.too_big", size=size), "type": wrong_type or t("upload.wrong_type", types=shown),
        "sending": t("upload.sending", name="{name}"), "arrived": t("upload.arrived", name="{name}"),
        "failed": t("upload.failed"), "gone": t("upload.gone"),
        "remove": t("upload.remove", name="{name}"), "removed": t("upload.removed", name="{name}"),
        "bytes": t("upload.bytes", n="{n}"), "one_only": t("upload.one_only", name="{name}"),
        "again": t("upload.again", name="{name}"), "too_many": t("upload.too_many", most="{most}", names="{names}"),
        "named": t("upload.named", name="{name}", why="{why}"), "sep": t("upload.sep"),
    }  # fmt: skip


def _sent(face):
    """The browser's list of files, as its component state holds it (None before any)."""
    held = st.session_state.get(face)
    return held.get("files") if isinstance(held, dict) else None


def _listed(sent):
    """The files the browser lists ({"id", "name", "size"} each), as far as they are that."""
    if not isinstance(sent, list):
        return []
    keys = {"id": str, "name": str, "size": int}
    return [
        {name: kind(item[name]) for name, kind in keys.items()}
        for item in sent[: upload_route.MAX_LISTED]
        if isinstance(item, dict) and all(isinstance(item.get(name), kind) for name, kind in keys.items())
    ]


def _changed(key, multiple, on_change):
    """The browser's files changed: the value under `key` follows before `on_change` reads it."""
    st.session_state[key] = _files(_listed(_sent(f"_upload_{key}")), multiple)
    if on_change is not None:
        on_change()


def _files(listed, multiple):
    """The browser's files as Streamlit's uploader gives them: an UploadedFile for each the
    server holds, a DeletedFile for one it has let go."""

    def found():
        from streamlit.proto.Common_pb2 import FileURLs
        from streamlit.runtime import Runtime
        from streamlit.runtime.uploaded_file_manager import DeletedFile, UploadedFile

        ids = [item["id"] for item in listed]
        recs = {rec.file_id: rec for rec in Runtime.instance().uploaded_file_mgr.get_files(server.session_id(), ids)}
        urls = FileURLs()
        return [UploadedFile(recs[i], urls) if i in recs else DeletedFile(i) for i in ids]

    files = (softly("the app's own uploader", found) or []) if listed else []
    if multiple:
        return files
    return files[-1] if files else None
