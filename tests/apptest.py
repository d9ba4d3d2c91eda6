"""Helpers for the page tests through Streamlit's AppTest: open a page as a bookmarked link
does, read what it shows. The page scripts are named once, from the app's own registry."""

import base64
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import numpy as np
from streamlit.testing.v1 import AppTest

from cnn_viz import ROOT
from cnn_viz.app.pages import BY_ID

PAGE = {page_id: page.script for page_id, page in BY_ID.items()}  # "conv" -> "pages/2_Convolution.py"
HOME = PAGE["home"]
TITLES = {
    HOME: "How a convolutional network sees a picture",
    PAGE["image"]: "A picture is three matrices",
    PAGE["conv"]: "Convolution: a filter slides over the picture",
    PAGE["pool"]: "Pooling: keep what matters, make it smaller",
    PAGE["data"]: "What the network learned from: CIFAR-10",
    PAGE["maps"]: "Your picture through every layer",
    PAGE["cell"]: "Inside one cell of the real network",
    PAGE["predict"]: "What does the network say?",
    PAGE["why"]: "Why this class?",
    PAGE["report"]: "How good is the network?",
    PAGE["own"]: "Your own model, opened layer by layer",
    PAGE["teach"]: "Teach the network a class of your own",
    PAGE["live"]: "Live class",
    PAGE["plan"]: "Plan a lesson",
}
PAGES = list(TITLES)
HOSTILE_NAME = '<img src=x onerror="alert(1)">.png'

_components = None  # Streamlit's registry of installed components, found once per test process


def new_app():
    """An AppTest of the app's entry point.

    Each AppTest scans every installed package for custom components on its first run (about
    1 s here); the result is the same for all of them, so the tests share the first one's.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if _components is not None:
        at._bidi_component_manager = _components
    return at


def open_page(page, **query):
    """Open a page the way a bookmarked link does: the app's entry point, then straight to the
    page, with the link's query parameters."""
    global _components
    at = new_app()
    if page != HOME:
        at.switch_page(page)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.run()
    _components = at._bidi_component_manager
    assert not at.exception, [e.value for e in at.exception]
    return at


def present(plan, **query):
    """A projector's session walking `plan` from its link: the plan page, then "Present this
    plan", on the plan's first step."""
    from cnn_viz import lesson_plan

    at = open_page(PAGE["plan"], plan=lesson_plan.encode(plan), **query)
    return press(at, "plan_present")


def press(at, key):
    """Click a button whose callback may open another page (the walk's Next): AppTest shows
    that page, but runs its own configured page next, so point it where the app went."""
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(PAGE[at.session_state["_page"]])
    return at


def switch(at, page):
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, name, data):
    """Upload a file through the sidebar's picker, as a visitor does."""
    at.sidebar.radio[0].set_value("Upload").run()
    at.sidebar.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


TEXT_KINDS = ("markdown", "caption", "text", "error", "warning", "info", "success", "title", "header", "subheader")


def all_text(at):
    return " ".join(str(e.value) for kind in TEXT_KINDS for e in getattr(at, kind))


def charts(at):
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def z_of(chart):
    """A heatmap's values from its JSON spec (Plotly sends large arrays base64-encoded)."""
    z = chart["data"][0]["z"]
    if isinstance(z, dict):
        raw = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"])
        return raw.reshape([int(n) for n in z["shape"].split(",")])
    return np.asarray(z, dtype=float)


@dataclass
class Drawn:
    """An HTML figure as the visitor reads it (cnn_viz/figures/html.py): its kind, its title,
    each cell's written number, tooltip and colour, its outlines, its bars' written values."""

    kind: str
    title: str = ""
    cells: dict = field(default_factory=dict)  # (row, col) -> (written, tooltip, background)
    outlines: list = field(default_factory=list)  # (top, left, height, width)
    bars: dict = field(default_factory=dict)  # label -> written value
    lines: dict = field(default_factory=dict)  # name -> [(x, y)] in the drawing's 0-1000 box, y down

    def written(self):
        """The matrix as the visitor reads it, as text: the numbers written in the cells, or
        where the cells are too small to write in, their tooltips'; "" where a cell shows none."""
        rows = 1 + max(r for r, _ in self.cells)
        cols = 1 + max(c for _, c in self.cells)
        out = np.full((rows, cols), "", dtype=object)
        for (r, c), (written, tip, _) in self.cells.items():
            out[r, c] = written or (tip.rsplit(" ", 1)[-1] if ": " in tip else "")
        return out

    def values(self):
        """written() as numbers, NaN where a cell shows nothing."""
        return np.vectorize(lambda s: read_number(s) if s else np.nan, otypes=[float])(self.written())

    def __str__(self):
        return f"{self.kind}: {self.title}"


def read_number(text):
    """A number as the page writes it: a real minus sign, thousands commas, 1/9."""
    text = text.replace("\u2212", "-").replace(",", "").rstrip("%")
    if "/" in text:
        num, den = text.split("/")
        return float(num) / float(den)
    return float(text)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures, self.stack, self.text_to = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("img", "br", "hr", "input", "meta", "link"):  # void: no end tag to pop it
            return
        a = dict(attrs)
        style = a.get("style", "")
        target = None
        if "data-figure" in a:
            self.figures.append(Drawn(a["data-figure"]))
        elif "data-cell" in a:
            r, c = map(int, a["data-cell"].split(","))
            colour = re.search(r"background:(#[0-9a-f]{6})", style)
            self.figures[-1].cells[(r, c)] = ["", a.get("title", ""), colour.group(1) if colour else ""]
            target = ("cell", (r, c))
        elif "data-outline" in a:
            self.figures[-1].outlines.append(tuple(map(int, a["data-outline"].split(","))))
        elif "data-line" in a:
            points = [tuple(map(float, p.split(","))) for p in a["points"].split()]
            self.figures[-1].lines[a["data-line"]] = points
        elif "data-unit" in a:  # a column of a layer's units: its tooltip says "index: value"
            self.figures[-1].bars[a["data-unit"]] = ""
            target = ("bar", a["data-unit"])
        elif "data-bar" in a:
            self.figures[-1].bars[a["data-bar"]] = ""
            target = ("bar", a["data-bar"])
        elif "font-weight:600" in style and self.figures and not self.figures[-1].title:
            target = ("title", None)
        self.stack.append(target)

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        target = next((t for t in reversed(self.stack) if t), None)
        if target is None or not self.figures:
            return
        kind, where = target
        fig = self.figures[-1]
        if kind == "cell":
            fig.cells[where][0] += data
        elif kind == "bar":
            fig.bars[where] += data
        else:
            fig.title += data


def drawn(at):
    """Every HTML figure the page shows (what `charts` is for Plotly's): drawn as HTML first,
    then the matrices to click a cell on."""
    reader = _Reader()
    for element in at.get("html") + at.get("bidi_component"):  # a matrix to click: its markup in its data
        reader.feed(element.proto.body if element.type == "html" else json.loads(element.proto.json)["markup"])
    for fig in reader.figures:
        fig.cells = {k: tuple(v) for k, v in fig.cells.items()}
    return reader.figures
