"""Small widgets the lessons share: charts sized for the room, editable matrices, settings' inputs."""

import html

import numpy as np
import pandas as pd
import streamlit as st

from .. import figures
from . import settings
from .server import widget_guard
from .text import t

SMALLEST = {True: 18, False: 14}  # px: the least a learner reads, on a projector and elsewhere


def chart(fig, key=None, width="stretch", on_click=None):
    """Draw a figure: an HTML figure (figures.Html: a matrix, bars, tiles, a picture to tap) as
    HTML, or a Plotly chart (the live class's answer bars); larger in presenter mode so the back
    row can read it, and a chart's every text at least SMALLEST px and in dark ink
    (tools/legibility.py measures it).

    on_click: a callback run when the visitor clicks a cell of an HTML figure (a matrix, the
    tiles, a picture to tap); it reads the cell with clicked_cell(key).

    A figures.Html (a matrix, bars) is drawn as HTML in a container named by `key`, its type
    1.3 times larger in presenter mode, as a chart's."""
    presenter = bool(st.session_state.get("presenter"))
    if isinstance(fig, figures.Html):
        size = figures.html.BASE_PX * (1.3 if presenter else 1.0)
        style = f"font-size:{size:g}px;color:{figures.style.INK};line-height:1.25"
        body = f'<div class="cnnviz-figure" data-figure="{fig.kind}" style="{style}">{fig.markup}</div>'
        if on_click or fig.kind in UNSANITISED:
            # Through a component: st.html's sanitiser drops SVG, and only a component reports a click.
            data = {"markup": body, "keys": _keys() if on_click else None, "id": key}
            _figure(key=key, data=data, **({"on_clicked_change": on_click} if on_click else {}))
        else:
            (st.container(key=key) if key else st).html(body)
        return
    if presenter:
        fig.update_layout(font_size=(fig.layout.font.size or 14) * 1.3, height=int((fig.layout.height or 400) * 1.25))
        for trace in fig.data:
            if getattr(trace, "textfont", None) is not None and trace.textfont.size:
                trace.textfont.size = trace.textfont.size * 1.3
    legible(fig, SMALLEST[presenter])
    clicks = {"on_select": on_click, "selection_mode": "points"} if on_click else {}
    st.plotly_chart(fig, key=key, width=width, config={"displayModeBar": False}, **clicks)


def wide_table(lines, key):
    """A markdown table (its lines) in a box that scrolls sideways on a phone, not the page.
    The box takes the keyboard's focus, so arrow keys scroll it too (a scroll box a keyboard
    cannot reach is axe's scrollable-region-focusable); the text is escaped, so a name from a
    file or a visitor is shown as text, never read as HTML."""
    text = html.escape("\n".join(lines), quote=False)
    st.container(key=key).markdown(
        f'<div class="cnnviz-wide" tabindex="0">\n\n{text}\n\n</div>', unsafe_allow_html=True
    )


def legible(fig, smallest):
    """Raise every font of the figure to `smallest` px, and give the ones Streamlit's theme
    would grey (ticks, titles, numbers written outside bars) our ink: 4.5:1 or better."""
    ink = figures.style.INK
    base = max(fig.layout.font.size or 12, smallest)
    fig.update_layout(font=dict(size=base, color=ink))
    grow = lambda font: dict(size=max(font.size or base, smallest), color=font.color or ink)
    fig.for_each_xaxis(lambda axis: axis.update(tickfont=grow(axis.tickfont), title_font=grow(axis.title.font)))
    fig.for_each_yaxis(lambda axis: axis.update(tickfont=grow(axis.tickfont), title_font=grow(axis.title.font)))
    fig.for_each_annotation(lambda note: note.update(font=dict(size=max(note.font.size or base, smallest))))
    if fig.layout.title.text:
        fig.update_layout(title_font=grow(fig.layout.title.font))
    fig.update_layout(legend_font=grow(fig.layout.legend.font))
    for trace in fig.data:
        bar = getattr(trace, "colorbar", None)
        if bar is not None and getattr(trace, "showscale", None) is not False:
            bar.tickfont = grow(bar.tickfont)
        font = getattr(trace, "textfont", None)
        if font is not None:
            size = font.size
            if isinstance(size, (int, float)) or size is None:
                font.size = max(size or base, smallest)
            if getattr(trace, "textposition", None) == "outside" and font.color is None:
                font.color = ink


def clicked_cell(key):
    """(row, column) of the cell last clicked on an HTML figure (its "r,c"); None when there is
    none or it is not a cell."""
    try:  # what a browser sends; a forged message may send anything
        row, col = str(st.session_state[key]["clicked"]).split(",")
        return int(row), int(col)
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
        return None


def _keys():
    """What a figure whose cells are clicked says to a keyboard and screen-reader user: how to
    move and choose, and where the cursor is (a cell's own tooltip says more where it has one)."""
    return {"help": t("fig.keys_help"), "cell": t("fig.keys_cell", row="{row}", col="{col}")}  # filled in the browser


# A figure drawn by Streamlit's own component API (no iframe, no chart library): a matrix whose
# cells are clicked (Feature maps, Inside a cell), the browser reporting the clicked "row,col"
# once, and the figures with SVG in them (lines), which st.html's sanitiser would strip.
# Whatever a mouse clicks, the keyboard reaches too: the figure takes the focus, the arrow keys
# move a cursor over its cells (announced politely: "row 3, column 4", or the cell's tooltip),
# and Enter or Space chooses the cell, as a click does.
UNSANITISED = ("lines", "vector")
_FIGURE_JS = """
const STYLE = "<style>[data-cell] { cursor: pointer; } [data-cell]:hover { box-shadow: inset 0 0 0 2px #222; }"
  + " [data-picked] { box-shadow: inset 0 0 0 3px #222; }"
  + " [data-keys]:focus-visible { outline: 3px solid #1f4e9c; outline-offset: 2px; }"
  + " [data-keys]:focus-visible [data-cursor] { outline: 3px solid #c2185b; outline-offset: -1px; z-index: 3;"
  + " position: relative; box-shadow: 0 0 0 2px #ffffff; }</style>";
const HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap";
function keyboard(root, keys, choose, id) {
  const box = root.querySelector(".cnnviz-figure");
  const cells = [...root.querySelectorAll("[data-cell]")];
  if (!box || !cells.length) return;
  const at = cells.map((c) => c.dataset.cell.split(",").map(Number));
  const index = new Map(at.map((p, i) => [p.join(","), i]));
  const flat = at.every((p) => p[1] === 0);  // tiles: one list, wrapped in rows
  const live = document.createElement("div");
  live.setAttribute("aria-live", "polite");
  live.style.cssText = HIDDEN;
  root.appendChild(live);
  Object.assign(box, {tabIndex: 0});
  box.setAttribute("data-keys", "");
  box.setAttribute("role", "application");
  box.setAttribute("aria-label", keys.help);
  const mark = root.querySelector("[data-outline]")?.dataset.outline.split(",").slice(0, 2).join(",");
  const picked = cells.findIndex((c) => c.hasAttribute("data-picked"));
  const rows = Math.max(...at.map((p) => p[0])) + 1, cols = Math.max(...at.map((p) => p[1])) + 1;
  // Where the cursor was before this redraw (a choice reruns the page and draws the figure
  // anew), else the chosen or outlined cell, else the middle (a picture to tap) or the first.
  const memory = window.cnnvizFigureFocus?.id === id ? window.cnnvizFigureFocus : null;
  const kept = memory ? index.get(memory.cursor) : undefined;
  const middle = flat ? 0 : index.get(`${rows >> 1},${cols >> 1}`) ?? 0;
  let now = kept ?? (picked >= 0 ? picked : index.get(mark) ?? middle);
  const say = (i) => {
    const [r, c] = at[i];
    const tip = cells[i].getAttribute("title") || cells[i].querySelector("img")?.getAttribute("alt");
    return tip || keys.cell.replace("{row}", r).replace("{col}", c);
  };
  const show = (i) => {
    cells[now].removeAttribute("data-cursor");
    now = i;
    window.cnnvizFigureFocus = {id, cursor: at[now].join(",")};
    cells[now].setAttribute("data-cursor", "");
    cells[now].scrollIntoView({block: "nearest", inline: "nearest"});
    live.textContent = say(now);
  };
  const perRow = () => cells.filter((c) => c.offsetTop === cells[0].offsetTop).length || 1;
  box.addEventListener("focus", () => show(now));
  box.addEventListener("blur", (e) => { if (e.relatedTarget) window.cnnvizFigureFocus = null; });  // left by Tab
  box.addEventListener("keydown", (e) => {
    let next = null;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      choose(cells[now]);
      return;
    }
    const [r, c] = at[now];
    if (flat) {
      const step = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -perRow(), ArrowDown: perRow(), Home: -now,
                    End: cells.length - 1 - now}[e.key];
      if (step !== undefined) next = Math.min(Math.max(now + step, 0), cells.length - 1);
    } else {
      const to = {ArrowLeft: [r, c - 1], ArrowRight: [r, c + 1], ArrowUp: [r - 1, c], ArrowDown: [r + 1, c]}[e.key];
      if (to) next = index.get(to.join(",")) ?? now;
    }
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    show(next);
  });
  const lost = !document.activeElement || document.activeElement === document.body;
  if (memory && lost) box.focus();  // redrawn after a choice: the keyboard stays where it was
}
export default function ({ data, parentElement, setTriggerValue }) {
  parentElement.innerHTML = STYLE + data.markup;
  const choose = (cell) => {
    // Marked at once, before the server's rerun draws the answer: a tap on a phone is seen.
    parentElement.querySelectorAll("[data-picked]").forEach((c) => c.removeAttribute("data-picked"));
    cell.setAttribute("data-picked", "");
    setTriggerValue("clicked", cell.dataset.cell);
  };
  const click = (event) => {
    const cell = event.target.closest("[data-cell]");
    if (cell) choose(cell);
  };
  parentElement.addEventListener("click", click);
  if (data.keys) keyboard(parentElement, data.keys, choose, data.id);
  // A matrix wider than a phone scrolls sideways in its box: bring its outlined cell into view.
  const box = parentElement.querySelector("[data-scroll]");
  const mark = parentElement.querySelector("[data-outline]");
  if (box && mark && box.scrollWidth > box.clientWidth) {
    const offset = mark.getBoundingClientRect().left - box.getBoundingClientRect().left;
    box.scrollLeft += offset - (box.clientWidth - mark.getBoundingClientRect().width) / 2;
  }
  return () => parentElement.removeEventListener("click", click);
}
"""
_figure = st.components.v2.component("cnnviz_figure", js=_FIGURE_JS)


def number_setting(label, key, where=st, widget="number_input"):
    """An input (a number input, or a slider) for a whole-number setting, with the setting's own range."""
    setting = settings.get(key)
    return getattr(where, widget)(label, setting.low, setting.high, key=key)


LIMIT = 1_000_000  # the lessons' numbers are small; anything larger is a typo or a forged message


def matrix_editor(values, key, label, shown=True):
    """An editable matrix (st.data_editor) of the same shape as `values`; returns a float array.

    What comes back from the browser is bounded to what the lesson needs, whatever a forged
    message says: the original shape (added rows are dropped, missing cells keep their old
    value), finite numbers within +-LIMIT (empty cells count as 0).

    shown=False (its expander is closed) draws nothing and returns the matrix as last edited:
    the data grid's code then reaches only visitors who open the editor. The edits
    are kept here, because Streamlit forgets a widget's state once a run does not draw it.
    """
    state = st.session_state
    kept, base_key = f"_kept_{key}", f"_base_{key}"
    if not shown:
        state.pop(base_key, None)  # the grid's own edits are gone; next time it starts from `kept`
        return state.get(kept, np.asarray(values, dtype=float))
    base = state.setdefault(base_key, state.get(kept, np.asarray(values, dtype=float)))
    frame = pd.DataFrame(base, columns=[str(c) for c in range(base.shape[1])])
    st.caption(label)
    widget_guard.fixed_grid(key, *base.shape)  # edits outside the matrix are refused before they apply
    edited = st.data_editor(frame, key=key, hide_index=True, width="stretch")
    result, notes = bounded_matrix(edited, base)
    for note in notes:
        st.warning(t(note, limit=f"{LIMIT:,}"))
    state[kept] = result
    return result


def bounded_matrix(edited, like):
    """(matrix of like's shape, [string keys of what was changed]) from an edited table."""
    notes = []
    try:
        raw = pd.DataFrame(edited).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raw = np.full(like.shape, np.nan)
    result = like.copy()
    rows, cols = min(raw.shape[0], like.shape[0]), min(raw.shape[1], like.shape[1])
    result[:rows, :cols] = raw[:rows, :cols]
    if np.isnan(result).any():
        notes.append("editor.empty")
        result = np.nan_to_num(result, nan=0.0, posinf=np.inf, neginf=-np.inf)
    if (np.abs(result) > LIMIT).any():
        notes.append("editor.limit")
        result = np.clip(result, -LIMIT, LIMIT)
    return result, notes
