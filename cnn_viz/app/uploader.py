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

import streamlit as st

from . import server
from .server import softly, upload_route
from .text import t

_JS = """
export default function ({ data, parentElement, setStateValue, setTriggerValue }) {
  const w = data.words;
  const make = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  // Built once per element: a rerun updates it, so the focus stays where it was.
  let ui = parentElement.__cnnvizUpload;
  if (!ui) {
    ui = parentElement.__cnnvizUpload = { files: [] };
    ui.label = make("p", "label");
    ui.label.id = "label";
    ui.zone = make("div", "zone");
    ui.zone.setAttribute("role", "group");
    ui.zone.setAttribute("aria-labelledby", "label");
    ui.choose = make("button", "choose");
    ui.choose.type = "button";
    ui.choose.setAttribute("aria-describedby", "limits");
    ui.limits = make("span", "limits");
    ui.limits.id = "limits";
    ui.input = make("input", "input");
    ui.input.type = "file";
    ui.input.tabIndex = -1;
    ui.input.setAttribute("aria-hidden", "true");
    ui.list = make("ul", "files");
    ui.status = make("p", "status");
    ui.status.setAttribute("aria-live", "polite");
    ui.error = make("p", "error");
    ui.error.setAttribute("role", "alert");
    ui.zone.append(ui.choose, ui.limits, ui.input);
    parentElement.append(ui.label, ui.zone, ui.list, ui.status, ui.error);  // after Streamlit's <style>: kept
    ui.choose.addEventListener("click", () => ui.input.click());
    ui.input.addEventListener("change", () => { send([...ui.input.files]); ui.input.value = ""; });
    ui.zone.addEventListener("dragover", (event) => { event.preventDefault(); ui.zone.classList.add("over"); });
    ui.zone.addEventListener("dragleave", () => ui.zone.classList.remove("over"));
    ui.zone.addEventListener("drop", (event) => {
      event.preventDefault();
      ui.zone.classList.remove("over");
      send([...event.dataTransfer.files]);
    });
  }
  ui.data = data;
  ui.files = data.files;
  ui.label.textContent = data.label;
  ui.choose.textContent = data.multiple ? w.choose_many : w.choose;
  ui.limits.textContent = w.limits;
  ui.input.multiple = data.multiple;
  ui.input.accept = data.types.map((s) => "." + s).join(",");
  const size = (n) =>
    n >= 1e6 ? (n / 1e6).toFixed(1) + " MB" : n >= 1e3 ? Math.round(n / 1e3) + " kB" : w.bytes.replace("{n}", n);
  const draw = () => {
    ui.list.replaceChildren(...ui.files.map((file) => {
      const item = make("li");
      item.append(make("span", "name", file.name + (file.size ? " · " + size(file.size) : "")));
      const remove = make("button", "remove", "✕");
      remove.type = "button";
      remove.setAttribute("aria-label", w.remove.replace("{name}", file.name));
      remove.title = remove.getAttribute("aria-label");
      remove.addEventListener("click", () => {
        ui.files = ui.files.filter((kept) => kept.id !== file.id);
        draw();
        ui.status.textContent = w.removed.replace("{name}", file.name);
        ui.choose.focus();
        setStateValue("files", ui.files);
      });
      item.append(remove);
      return item;
    }));
  };
  draw();
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  const refused = (file, why) => (ui.data.multiple ? file.name + ": " : "") + why;
  // One file to the route: its id, or the sentence that refused it. A busy server (503) is
  // asked again a little later.
  const post = async (file) => {
    for (let tries = 0; ; tries++) {
      let reply;
      try {
        reply = await fetch(ui.data.url, {
          method: "POST", body: file, cache: "no-store",
          headers: {
            "X-File-Name": encodeURIComponent(file.name),
            "Content-Type": file.type || "application/octet-stream",
          },
        });
      } catch (error) {
        return { error: refused(file, w.failed) };
      }
      if (reply.status === 503 && tries < 5) { await pause(1000 * (tries + 1)); continue; }
      if (reply.status === 413) return { error: refused(file, w.big) };
      if (reply.status === 415) return { error: refused(file, w.type) };
      if (reply.status === 404) { setTriggerValue("stale", Date.now()); return { error: refused(file, w.gone) }; }
      if (!reply.ok) return { error: refused(file, w.failed) };
      return { file: await reply.json() };
    }
  };
  const send = async (chosen) => {
    if (!chosen.length) return;
    const d = ui.data;
    if (!d.multiple) chosen = chosen.slice(0, 1);
    const errors = [];
    const fits = chosen.filter((file) => {
      const suffix = file.name.includes(".") ? file.name.split(".").pop().toLowerCase() : "";
      if (d.types.length && !d.types.includes(suffix)) { errors.push(refused(file, w.type)); return false; }
      if (file.size > d.limit) { errors.push(refused(file, w.big)); return false; }
      return true;
    });
    ui.error.textContent = errors.join("\\n");
    ui.status.textContent = "";
    if (!fits.length) return;
    ui.status.textContent = w.sending.replace("{name}", fits.map((file) => file.name).join(", "));
    ui.choose.disabled = true;
    const results = await Promise.all(fits.map(post));
    ui.choose.disabled = false;
    const arrived = results.filter((r) => r.file).map((r) => ({ id: r.file.id, name: r.file.name, size: r.file.size }));
    errors.push(...results.filter((r) => r.error).map((r) => r.error));
    ui.error.textContent = errors.join("\\n");
    ui.status.textContent = arrived.length ? w.arrived.replace("{name}", arrived.map((f) => f.name).join(", ")) : "";
    if (!arrived.length) return;
    ui.files = d.multiple ? [...ui.files, ...arrived] : arrived;
    draw();
    setStateValue("files", ui.files);
  };
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
.remove { min-width: 1.75rem; min-height: 1.75rem; padding: 0 .4rem; }
.status { margin: .25rem 0 0; font-size: .875rem; color: #4a4d57; }
.status:empty, .error:empty { display: none; }
.error {
  margin: .5rem 0 0; padding: .75rem 1rem; border-radius: .5rem; background: #ffecec; color: #7d1d1d;
  white-space: pre-line;
}
"""

_face = st.components.v2.component("cnnviz_uploader", js=_JS, css=_CSS)


def file_uploader(label, key, limit, types=(), multiple=False, on_change=None, too_big="", wrong_type=""):
    """An uploader taking files up to `limit` bytes (whole megabytes), of the suffixes `types`
    (any when empty), one or `multiple`; `on_change` is called when its files change.
    `too_big`, `wrong_type`: the sentences for a file refused (defaults say the limit and the
    types). Returns what Streamlit's st.file_uploader returns, and keeps it under `key`."""
    mb = limit // 1_000_000
    sid = server.session_id() if upload_route.usable() else None
    if sid is None:
        return st.file_uploader(
            label, type=list(types) or None, accept_multiple_files=multiple, key=key, on_change=on_change,
            max_upload_size=mb,
        )  # fmt: skip
    state = st.session_state
    face = f"_upload_{key}"
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    route = f"/{base}/{upload_route.PATH}" if base else f"/{upload_route.PATH}"
    shown = ", ".join("." + s for s in types)
    words = {
        "choose": t("upload.choose"), "choose_many": t("upload.choose_many"),
        "limits": t("upload.limits_types" if types else "upload.limits", mb=mb, types=shown),
        "big": too_big or t("upload.too_big", mb=mb), "type": wrong_type or t("upload.wrong_type", types=shown),
        "sending": t("upload.sending", name="{name}"), "arrived": t("upload.arrived", name="{name}"),
        "failed": t("upload.failed"), "gone": t("upload.gone"),
        "remove": t("upload.remove", name="{name}"), "removed": t("upload.removed", name="{name}"),
        "bytes": t("upload.bytes", n="{n}"),
    }  # fmt: skip
    held = state.get(face, {}).get("files") if isinstance(state.get(face), dict) else None
    data = {
        "url": f"{route}/{upload_route.ticket(sid, key, limit, types)}", "label": label, "words": words,
        "multiple": multiple, "types": [s.lower() for s in types], "limit": limit, "files": _listed(held),
    }  # fmt: skip
    _face(
        key=face, data=data, default={"files": []},
        on_files_change=lambda: _changed(key, on_change), on_stale_change=lambda: None,
    )  # fmt: skip
    state[key] = _files(_listed(state[face].get("files") if isinstance(state.get(face), dict) else None), multiple)
    return state[key]


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


def _changed(key, on_change):
    """The browser's files changed: the value under `key` follows before `on_change` reads it."""
    face = st.session_state.get(f"_upload_{key}")
    multiple = isinstance(st.session_state.get(key), list)
    st.session_state[key] = _files(_listed(face.get("files") if isinstance(face, dict) else None), multiple)
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
