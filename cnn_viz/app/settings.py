"""Every bookmarkable setting, declared once: its URL name, session key, default and range.

A page's settings are applied from the URL on the session's first visit to that page (a
bookmark or a shared link), filled with their defaults where the URL said nothing, and
written back into the address bar on every run, so copying it reproduces the view. Values
a link gets wrong (out of range, not a number, unknown names) are ignored. Widgets use a
setting's session key as their own key and its range as theirs (`get(key)`).
"""

import re
from dataclasses import dataclass

import streamlit as st

from .. import architecture, article, explain, faithfulness, i18n
from ..data import CLASSES
from . import picture

POOL_MODES = {"both": ("max", "average"), "max": ("max",), "average": ("average",)}
LAYERS = tuple(spec["name"] for spec in architecture.SPECS)
WHY_METHODS = faithfulness.METHODS  # Grad-CAM on the last conv and the one before, occlusion, gradient, IG, SmoothGrad
IG_STEPS = ("8", "16", "32", "64", "128")
NOISE_LEVELS = ("0.05", "0.1", "0.15", "0.2", "0.3")
TEMPERATURES = ("0.25", "0.5", "1", "2", "4", "8")


@dataclass(frozen=True)
class Setting:
    url: str | None  # its name in the address bar; None: kept in the session, not bookmarked
    key: str  # its session_state key, which is also its widget's key
    default: object
    low: int | None = None  # whole numbers: the range a link may ask for
    high: int | None = None
    options: tuple | None = None  # choices: the values a link may ask for
    pattern: str | None = None  # text: the whole value must match this regular expression
    aliases: dict | None = None  # choices: a value older links say, and the choice it is now

    def parse(self, raw):
        """The value a link asks for, or None when it is not one this setting takes."""
        if raw is None:
            return None
        if self.pattern is not None:
            return raw if isinstance(raw, str) and re.fullmatch(self.pattern, raw) else None
        if self.options is not None:
            raw = (self.aliases or {}).get(raw, raw)
            return raw if raw in self.options else None
        if isinstance(self.default, bool):
            return {"1": True, "true": True, "0": False, "false": False}.get(str(raw).lower())
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None
        return value if self.low <= value <= self.high else None

    @property
    def first(self):
        return self.options[0] if self.options is not None else self.low

    @property
    def last(self):
        return self.options[-1] if self.options is not None else self.high


def _int(url, key, default, low, high):
    return Setting(url, key, default, low=low, high=high)


def _choice(url, key, default, options):
    return Setting(url, key, default, options=tuple(options))


GLOBAL = (
    _choice("lang", "lang", i18n.DEFAULT, i18n.TABLES),
    Setting("presenter", "presenter", False),
)
BY_PAGE = {
    "image": (
        _choice("scale", "img_scale", "255", ("255", "1")),
        _int("row", "img_row", 12, 0, 24),
        _int("col", "img_col", 12, 0, 24),
    ),
    "conv": (
        _int("step", "conv_step", 0, 0, 99),
        _choice("preset", "conv_preset", "article", article.PRESETS),
        _int("k", "conv_k", 2, 1, 5),
        _int("s", "conv_s", 1, 1, 3),
        _int("p", "conv_p", 0, 0, 2),
        Setting("quiz", "conv_quiz", False),
        Setting(None, "conv_bias", 0.0),
    ),
    "pool": (
        _int("step", "pool_step", 0, 0, 99),
        _choice("mode", "pool_show", "both", POOL_MODES),
        _int("window", "pool_size", article.TOY_POOL_SIZE, 1, 3),
        _int("stride", "pool_stride", article.TOY_POOL_STRIDE, 1, 3),
        Setting("quiz", "pool_quiz", False),
    ),
    "maps": (
        _choice("layer", "fm_layer", "conv1", LAYERS),
        _int("map", "fm_map", 0, 0, 63),
        Setting("shared", "fm_shared", False),
        _int("relu", "relu_map", 0, 0, 31),
        _int("seed", "fv_seed", 0, 0, 4),  # what a map wants to see: its start, and
        Setting("plain", "fv_plain", False),  # whether the climb goes without its regularisers
    ),
    "cell": (
        _choice("layer", "cell_layer", "conv2", explain.SPATIAL),
        _int("map", "cell_map", 0, 0, 63),
        _int("row", "cell_row", 0, 0, 29),
        _int("col", "cell_col", 0, 0, 29),
        _int("step", "cell_step", 0, 0, 99),
        _choice("class", "cell_class", "top", ("top", *CLASSES)),
    ),
    "predict": (_int("idea", "wants_class", -1, -1, len(CLASSES) - 1),),  # -1: the network's answer
    "report": (_int("at", "replay_at", 0, 0, 15),),  # a moment of the shipped training, replayed
    "live": (  # a student's join link: the room's code only (their own token is a cookie)
        Setting("room", "live_room", "", pattern=r"[A-Z2-9]{6}"),
        Setting(None, "live_me", ""),
        # The teacher's phone, from the projector's 📱 Another device: it asks to run the class
        # (cnn_viz/app/remote.py). The link carries no secret, so anyone may open it.
        Setting("device", "live_device", "", pattern="teacher"),
    ),
    "why": (
        _choice("class", "why_class", "top", ("top", *CLASSES)),
        Setting("method", "why_method", "gradcam_last", options=WHY_METHODS, aliases=faithfulness.OLD_NAMES),
        _int("patch", "why_patch", 4, 1, 16),
        _int("stride", "why_stride", 2, 1, 16),
        _choice("t", "why_temp", "1", TEMPERATURES),
        _choice("baseline", "why_baseline", "black", explain.BASELINES),
        _choice("steps", "why_steps", "32", IG_STEPS),
        _int("samples", "why_samples", 25, 5, 50),
        _choice("noise", "why_noise", "0.15", NOISE_LEVELS),
        _int("random", "why_random", 0, 0, len(explain.CASCADE)),
    ),
}
BY_KEY = {s.key: s for s in (*GLOBAL, *(s for group in BY_PAGE.values() for s in group))}
DEFAULTS = {key: s.default for key, s in BY_KEY.items()}
PAGE_KEY = "_page"  # the id of the page this session is on
_ARRIVAL = "_arrival"  # (page id, keys given) on the run that arrives at a page with settings
_OPENING = "_opening"  # (page id, keys given): another page opened this one with these settings
_UNLINKED = "_unlinked"  # the page id whose settings stay out of the address bar this run
_RESTORED = "_restored"  # settings put back (restore()) that their page has not shown since


def model_page_keys():
    """The session keys of the model pages' settings (Feature maps, Inside a cell, Why this class?)."""
    return [s.key for page in ("maps", "cell", "why") for s in BY_PAGE[page]]


def get(key):
    """The setting whose session key is `key`."""
    return BY_KEY[key]


def enter(page_id):
    """Before a page runs: on this session's first visit to it, take its settings from the
    URL; from then on the widgets own them. Settings nobody set get their defaults."""
    state = st.session_state
    state[PAGE_KEY] = page_id
    page_settings = BY_PAGE.get(page_id, ())
    state.pop(_ARRIVAL, None)
    state.pop(_UNLINKED, None)
    if f"_entered_{page_id}" not in state:
        state[f"_entered_{page_id}"] = True
        given = set()
        for setting in (*GLOBAL, *page_settings):
            value = setting.parse(st.query_params.get(setting.url)) if setting.url else None
            if value is not None:
                state[setting.key] = value
                given.add(setting.key)
        state[_ARRIVAL] = (page_id, frozenset(given))
    opening = state.pop(_OPENING, None)
    if opening and opening[0] == page_id:
        state[_ARRIVAL] = opening
    for setting in (*GLOBAL, *page_settings):
        state.setdefault(setting.key, setting.default)
    restored = state.get(_RESTORED, set())
    for setting in page_settings:
        if setting.key in restored:  # set again in the run its widget is made, as a link's value is:
            state[setting.key] = state[setting.key]  # else the browser shows the widget's old choice
            restored.discard(setting.key)


def restore(values):
    """Put settings back ({key: value}), for pages that may not be on the screen now."""
    st.session_state.update(values)
    st.session_state.setdefault(_RESTORED, set()).update(values)


def arrival():
    """On the run that arrives at this page (the session's first visit, or another page opening
    it with settings): the keys whose values a link or that page gave. None on other runs."""
    found = st.session_state.get(_ARRIVAL)
    return found[1] if found and found[0] == st.session_state.get(PAGE_KEY) else None


def unlinked():
    """This run's page shows a network a link cannot name (a visitor's own): its settings stay
    out of the address bar, which keeps the picture and the language only."""
    st.session_state[_UNLINKED] = st.session_state.get(PAGE_KEY)


def clamp(key, choices):
    """Keep a setting among the choices this page's network offers (another network, or a
    link, may have left one it does not have): its default where that is one, else the first."""
    state = st.session_state
    if state.get(key) not in choices:
        default = BY_KEY[key].default if key in BY_KEY else None
        state[key] = default if default in choices else choices[0]
    return state[key]


def open_with(page_id, **values):
    """From a callback: set these settings of another page, which then arrives with them."""
    known = {s.key for s in BY_PAGE[page_id]}
    if not set(values) <= known:
        raise ValueError(f"{sorted(set(values) - known)} are not settings of the page {page_id!r}.")
    st.session_state.update(values)
    st.session_state[_OPENING] = (page_id, frozenset(values))


def from_url(page_id, query):
    """A link's query ({url name: value}) as this page's settings ({session key: value}),
    keeping only the values the page takes."""
    found = {s.key: s.parse(query.get(s.url)) for s in BY_PAGE.get(page_id, ()) if s.url}
    return {key: value for key, value in found.items() if value is not None}


def reset(*keys):
    """Put these settings back to their defaults."""
    st.session_state.update({key: BY_KEY[key].default for key in keys})


def _encode(value):
    return "1" if value is True else "0" if value is False else str(value)


def sync_url():
    """Write this view into the address bar, so copying it reproduces the view."""
    state = st.session_state
    wanted = {s.url: _encode(state.get(s.key, s.default)) for s in GLOBAL}
    # A student's phone names no picture (a sample's name is its class); nor does the lesson plan,
    # whose own picture is in the plan (and a printed worksheet's footer would name it).
    if state.get(PAGE_KEY) not in ("live", "plan"):
        wanted.update(picture.url_params())
    wanted.update(state.get("_url_extra") or {})  # a lesson plan's walk (planning.address_extra)
    page = state.get(PAGE_KEY)
    for setting in BY_PAGE.get(page, ()) if state.get(_UNLINKED) != page else ():
        if setting.url and state.get(setting.key, "") != "":  # empty text (no room yet) stays out
            wanted[setting.url] = _encode(state[setting.key])
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
