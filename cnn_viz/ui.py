"""Shared Streamlit pieces: page set-up, language, presenter mode, the URL, the current
picture and its sources, steppers, quizzes and editable matrices.

Only this module and the page scripts import Streamlit. `*_ui()` functions draw
widgets and return what the visitor chose. Every visible string comes from
cnn_viz.i18n through `t()`.
"""

import base64
import gc
import hashlib
import html
import io
import sys
import threading
import time

import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image

from . import gallery, i18n, images
from .figures import fmt
from .run_slots import RunSlots

# The menu and the lesson, in order: (page id, script, title key, icon).
PAGES = (
    ("home", "app.py", "nav.home", "🏠"),
    ("image", "pages/1_Image_as_numbers.py", "nav.image", "🔢"),
    ("conv", "pages/2_Convolution.py", "nav.conv", "🧮"),
    ("pool", "pages/3_Pooling.py", "nav.pool", "🧊"),
    ("maps", "pages/4_Feature_maps.py", "nav.maps", "🗺️"),
    ("predict", "pages/5_Prediction.py", "nav.predict", "🎯"),
    ("report", "pages/6_Model_report.py", "nav.report", "📈"),
)
PAGE_IDS = [p[0] for p in PAGES]
PAGE_BY_ID = {p[0]: p for p in PAGES}
# Where a page's lesson starts and ends, for the presenter's Next / Back across pages.
LESSON_ENDS = {"conv": ("conv_step", 0, 10**6), "pool": ("pool_step", 0, 10**6),
               "maps": ("fm_layer", "conv1", "logits")}
# Script runs at work at once in this process (see run_slots.py). One is best on 2 cores:
# the other core is left to Streamlit's event loop, which sends every visitor's messages.
# Measured with 60 sessions at once on the prediction page: with no limit all 60 finish
# together after 2.1 s; with one slot half are served within 1.0-1.2 s, the last by 1.7-2.3 s.
RUN_SLOTS = RunSlots(1)
IMAGE_KEY = "current_image"  # {"rgb", "source", "label", "sample_id"}: crosses pages, never a widget's value
SOURCES = ("sample", "upload", "draw", "camera")

CSS = """
<style>
.block-container { padding-top: 4rem; }  /* clear of Streamlit's header, which takes clicks */
</style>
"""
PRESENTER_CSS = """
<style>
html { font-size: 21px; }                       /* Streamlit sizes in rem: everything grows */
.block-container { padding-top: 3.2rem; max-width: 100%; }
.st-key-lesson_next button, .st-key-lesson_back button { font-size: 1.5rem; min-height: 3.2rem; }
.st-key-lesson_next button p, .st-key-lesson_back button p { font-size: 1.5rem; }
</style>
"""


# ---------------------------------------------------------------- language

def lang():
    return st.session_state.get("lang", i18n.DEFAULT)


def t(key, **values):
    """The visitor's-language string for `key`."""
    return i18n.text(lang(), key, **values)


def class_name(name):
    return i18n.class_name(lang(), name)


def words():
    """The words Plotly figures write themselves, in the visitor's language."""
    return i18n.figure_words(lang())


# ---------------------------------------------------------------- URL parameters

def int_param(low, high):
    """A parser for a whole number in [low, high]; anything else is ignored (None)."""
    def parse(raw):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            return None
        return value if low <= value <= high else None
    return parse


def choice_param(options):
    return lambda raw: raw if raw in options else None


def flag_param(raw):
    return {"1": True, "true": True, "0": False, "false": False}.get(str(raw).lower()) if raw else None


GLOBAL_PARAMS = {"lang": ("lang", choice_param(i18n.TABLES)), "presenter": ("presenter", flag_param)}


def _apply_url(page_id, params):
    """On a session's first run of a page, take its state from the URL (a bookmark or a
    shared link). Later runs ignore the URL: the widgets own the state from then on."""
    state = st.session_state
    entered = f"_entered_{page_id}"
    if entered in state:
        return
    state[entered] = True
    for name, (key, parse) in {**GLOBAL_PARAMS, **params}.items():
        value = parse(st.query_params.get(name))
        if value is not None:
            state[key] = value


def finish_page(params=None):
    """The last call of every page: write the view into the URL, give the run slot back."""
    sync_url(params or {})
    RUN_SLOTS.release()


def sync_url(params):
    """Write this view into the address bar, so copying it reproduces the view."""
    state = st.session_state
    wanted = {"lang": lang(), "presenter": "1" if state.get("presenter") else "0"}
    image = state.get(IMAGE_KEY)
    if image and image["source"] == "sample":
        wanted["sample"] = image["sample_id"]
    for name, (key, _) in params.items():
        if key in state:
            value = state[key]
            wanted[name] = "1" if value is True else "0" if value is False else str(value)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


# ---------------------------------------------------------------- page and state

def setup_page(page_id, params=None):
    """Every page starts here, so a bookmarked link works on a server that has just started.

    params: {url name: (session key, parser)} for the page's own bookmarkable state.
    """
    RUN_SLOTS.acquire(sys._getframe(1))  # held while the calling page script runs
    state = st.session_state
    params = params or {}
    _go_where_the_lesson_said()
    if "lang" not in state:
        state.lang = i18n.pick_language(st.query_params.get("lang"), st.context.locale)
    state.setdefault("presenter", False)
    _apply_url(page_id, params)
    presenter = state.presenter
    _, _, title_key, icon = PAGE_BY_ID[page_id]
    st.set_page_config(page_title=f"{t(title_key)} · CNN Viz", layout="wide", page_icon=icon,
                       initial_sidebar_state="collapsed" if presenter else "auto")
    st.markdown(CSS + (PRESENTER_CSS if presenter else ""), unsafe_allow_html=True)
    if IMAGE_KEY not in state:
        # A link may name a sample (?sample=cat-2); anything unknown falls back to the first one.
        sample = gallery.by_id(st.query_params.get("sample", "")) or gallery.samples()[0]
        set_sample(sample)
    _nav_ui()


def _nav_ui():
    # Every element is one more message per visitor: the menu is just its links.
    with st.sidebar:
        for _, path, title_key, icon in PAGES:
            st.page_link(path, label=t(title_key), icon=icon)


def _copy_to(key):
    st.session_state[key] = st.session_state[f"_w_{key}"]


def toolbar_ui(page_id, lesson_values=None, lesson_key=None):
    """The top row of every page: the presenter's Back / Next, the language, presenter mode.

    lesson_values: the steps of this page's part of the lesson (the values that
    session_state[lesson_key] takes in order), or None for a page without steps.
    """
    state = st.session_state
    presenter = state.presenter
    cols = st.columns([1.7, 1.7, 2, 1.3, 2.1] if presenter else [5, 1.6, 2.3], vertical_alignment="center")
    if presenter:
        _lesson_ui(page_id, lesson_values, lesson_key, cols[0], cols[1], cols[2])
    # Widgets keep their own copies (_w_*): widget state does not survive a page change.
    state["_w_lang"], state["_w_presenter"] = lang(), state.presenter
    cols[-2].selectbox(t("ui.language"), list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
                       key="_w_lang", on_change=_copy_to, args=("lang",), label_visibility="collapsed")
    cols[-1].toggle(t("ui.presenter"), key="_w_presenter", on_change=_copy_to, args=("presenter",),
                    help=t("ui.presenter_help"))


def _lesson_ui(page_id, values, key, back_col, next_col, where_col):
    state = st.session_state
    index = values.index(state[key]) if values and state.get(key) in values else 0
    at_start = page_id == PAGE_IDS[0] and index == 0
    at_end = page_id == PAGE_IDS[-1]
    back_col.button(t("ui.lesson_back"), key="lesson_back", on_click=_lesson_move, disabled=at_start,
                    args=(page_id, values, key, -1), width="stretch")
    next_col.button(t("ui.lesson_next"), key="lesson_next", on_click=_lesson_move, disabled=at_end,
                    args=(page_id, values, key, 1), type="primary", width="stretch")
    title = t(PAGE_BY_ID[page_id][2])
    step = f"{index + 1} / {len(values)}" if values else ""
    where_col.markdown(f"**{t('ui.lesson_where', page=title, step=step)}**" if step else f"**{title}**")


def _lesson_move(page_id, values, key, delta):
    """Next / Back: a step inside this page while there is one, else the next page's start
    (or the previous page's end)."""
    state = st.session_state
    if values and key:
        index = values.index(state[key]) if state.get(key) in values else 0
        if 0 <= index + delta < len(values):
            state[key] = values[index + delta]
            return
    target = PAGE_IDS[min(max(PAGE_IDS.index(page_id) + delta, 0), len(PAGE_IDS) - 1)]
    state["_goto"] = (target, "start" if delta > 0 else "end")


def _go_where_the_lesson_said():
    goto = st.session_state.pop("_goto", None)
    if goto:
        target, end = goto
        if target in LESSON_ENDS:
            key, first, last = LESSON_ENDS[target]
            st.session_state[key] = first if end == "start" else last
        st.switch_page(PAGE_BY_ID[target][1])


# ---------------------------------------------------------------- the current picture

def set_sample(sample):
    set_image(sample.rgb(), "sample", sample.label, sample.id)


def set_image(rgb, source, label=None, sample_id=None):
    st.session_state[IMAGE_KEY] = {"rgb": rgb, "source": source, "label": label, "sample_id": sample_id}


def current_image():
    return st.session_state[IMAGE_KEY]


def image_caption(image):
    if image["source"] == "sample":
        return t("src.caption_sample", cls=class_name(image["label"]), n=image["sample_id"].rsplit("-", 1)[1])
    return t({"upload": "src.caption_upload", "camera": "src.caption_camera",
              "drawing": "src.caption_drawing"}[image["source"]])


def image_source_ui():
    """The picture picker in the sidebar: sample, upload, drawing or camera. Returns the current picture."""
    image = current_image()
    with st.sidebar:
        st.header(t("src.header"))
        default = {"sample": 0, "upload": 1, "drawing": 2, "camera": 3}[image["source"]]
        source = st.radio(t("src.where"), SOURCES, index=default, horizontal=True,
                          format_func=lambda s: t(f"src.{s}"), key=f"_src_{default}")
        if source == "sample":
            _sample_ui(image)
        elif source == "upload":
            _file_ui(st.file_uploader(t("src.upload_label"), key="uploader"), "upload")
        elif source == "draw":
            _drawing_ui()
        else:
            _file_ui(st.camera_input(t("src.camera_label"), key="camera"), "camera")
        image = current_image()
        picture(image["rgb"], width=160, caption=image_caption(image))  # escaped: never markup
    return image


def _sample_ui(image):
    ids = [s.id for s in gallery.samples()]
    index = ids.index(image["sample_id"]) if image["sample_id"] in ids else 0

    def label(sample_id):
        name, n = sample_id.rsplit("-", 1)
        return t("src.sample_option", cls=class_name(name), n=n)

    chosen = st.selectbox(t("src.sample_label"), ids, index=index, format_func=label, key=f"_sample_{index}")
    if image["source"] != "sample" or chosen != image["sample_id"]:
        set_sample(gallery.by_id(chosen))
        st.rerun()


def _file_ui(uploaded, source):
    """Decode a new upload or camera shot; on failure say why in one sentence and keep the old picture."""
    if uploaded is None:
        return
    state = st.session_state
    if state.get(f"_seen_{source}") != uploaded.file_id:
        state[f"_seen_{source}"] = uploaded.file_id
        try:
            rgb = images.decode(uploaded.getvalue())
        except images.ImageError as error:
            state[f"_error_{source}"] = error
        else:
            state.pop(f"_error_{source}", None)
            set_image(rgb, source)
            st.rerun()
    error = state.get(f"_error_{source}")
    if error:
        st.error(f"{error.message(lang())} {t('src.kept')}")


def _drawing_ui():
    from streamlit_drawable_canvas import st_canvas  # only importable inside a running app

    colour = st.color_picker(t("src.colour"), "#1f5fbf")
    width = st.slider(t("src.brush"), 2, 40, 14)
    version = st.session_state.setdefault("_canvas_version", 0)
    result = st_canvas(stroke_color=colour, stroke_width=width, background_color="#ffffff",
                       height=224, width=224, return_image_data=True, key=f"canvas_{version}")
    use, clear = st.columns(2)
    if clear.button(t("src.clear"), width="stretch"):
        st.session_state["_canvas_version"] = version + 1
        st.rerun()
    if use.button(t("src.use"), type="primary", width="stretch", key="use_drawing"):
        data = result.image_data
        # The canvas is painted white, so "empty" means no pixel that is not white.
        if data is None or not np.any(data[:, :, :3] < 250):
            st.warning(t("src.empty_canvas"))
        else:
            set_image(images.from_rgba(data), "drawing")
            st.rerun()


def picture(rgb, width=256, caption=None, container=None):
    """Show a picture as an inline data URL, small ones enlarged with crisp square pixels.

    Not st.image: that goes through Streamlit's media file manager, whose lock every
    session waits on; a class of 60 opening a page at once spent a third of its time there.
    Small pictures are enlarged here (nearest neighbour), not by the browser: headless
    Chromium painted CSS-enlarged data-URL pictures at their natural size.
    """
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    src = _data_url(hashlib.blake2b(rgb.tobytes(), digest_size=16).digest() + bytes(str(rgb.shape), "ascii"),
                    rgb, width)
    alt = html.escape(caption or "")
    tag = f'<img src="{src}" alt="{alt}" style="width:{width}px;max-width:100%;border-radius:0.4rem">'
    if caption:
        tag = (f'<figure style="margin:0">{tag}<figcaption style="font-size:0.85rem;opacity:0.7">'
               f'{alt}</figcaption></figure>')
    (container or st).markdown(tag, unsafe_allow_html=True)


_URLS = {}  # (picture digest, width) -> data URL; a class shares the same samples
_URLS_LOCK = threading.Lock()


def _data_url(digest, rgb, width):
    key = (digest, width)
    with _URLS_LOCK:
        cached = _URLS.get(key)
    if cached is None:
        im = Image.fromarray(rgb)
        if max(im.size) > 2 * width:
            im.thumbnail((2 * width, 2 * width))
        elif im.width * 2 <= width:
            scale = width // im.width
            im = im.resize((im.width * scale, im.height * scale), Image.Resampling.NEAREST)
        buf = io.BytesIO()
        blocky = len(im.getcolors(256 * 256) or ()) <= 4096  # enlarged or small: PNG keeps it exact
        im.save(buf, "PNG" if blocky else "JPEG", quality=88)
        cached = f"data:image/{'png' if blocky else 'jpeg'};base64,{base64.b64encode(buf.getvalue()).decode()}"
        with _URLS_LOCK:
            if len(_URLS) >= 256:
                _URLS.pop(next(iter(_URLS)))  # oldest first: dicts keep insertion order
            _URLS[key] = cached
    return cached


# ---------------------------------------------------------------- charts

def chart(fig, key=None, width="stretch"):
    """st.plotly_chart, larger in presenter mode so the back row can read it."""
    if st.session_state.get("presenter"):
        fig.update_layout(font_size=(fig.layout.font.size or 14) * 1.3,
                          height=int((fig.layout.height or 400) * 1.25))
        for trace in fig.data:
            if getattr(trace, "textfont", None) is not None and trace.textfont.size:
                trace.textfont.size = trace.textfont.size * 1.3
    st.plotly_chart(fig, key=key, width=width, config={"displayModeBar": False})


# ---------------------------------------------------------------- stepping through a computation

def _move(key, delta, last):
    st.session_state[key] = int(min(max(st.session_state.get(key, 0) + delta, 0), last))


PLAY_SPEEDS = [0.5, 1.0, 1.5, 2.0, 3.0]  # seconds per step


def stepper_ui(key, n_steps, label, quiz=False):
    """Back / Next, Play with a speed, and a slider; returns the step index in [0, n_steps).

    quiz: the page asks for each value before showing it, so Play (which would walk past
    the questions) is off.
    """
    state = st.session_state
    last = n_steps - 1
    state[key] = int(min(max(state.get(key, 0), 0), last))
    if state[key] == last or quiz:
        state[f"{key}_play"] = False  # at the end, or quizzing: Play shows off (set before it is drawn)
    back, fwd, play, speed, slide = st.columns([1, 1, 1.1, 1.4, 4], vertical_alignment="center")
    back.button(t("ui.back"), key=f"{key}_back", on_click=_move, args=(key, -1, last),
                disabled=state[key] == 0, width="stretch")
    fwd.button(t("ui.next"), key=f"{key}_next", on_click=_move, args=(key, 1, last),
               disabled=state[key] == last, width="stretch")
    playing = play.toggle(t("ui.play"), key=f"{key}_play", disabled=last == 0 or quiz, on_change=_play_from_now,
                          args=(key,), help=t("ui.play_quiz") if quiz else None)
    seconds = speed.select_slider(t("ui.speed"), PLAY_SPEEDS, value=1.0, key=f"{key}_speed")
    if playing and state[key] < last:
        _autoplay(key, last, seconds)
    if last > 0:
        slide.slider(label, 0, last, key=key, format="%d")
    return state[key]


def _play_from_now(key):
    st.session_state[f"{key}_due"] = time.monotonic() + st.session_state.get(f"{key}_speed", 1.0)


def _autoplay(key, last, seconds):
    """While Play is on, a timer fragment moves one step every `seconds`, then redraws the page.

    The fragment's body also runs each time the page draws it, not only on the timer; the
    time it is due decides whether this run moves. It is drawn before the slider, so the
    step can still change in the run that draws it; on the timer's own runs no widget is
    drawn at all.
    """
    due_key = f"{key}_due"

    @st.fragment(run_every=seconds)
    def tick():
        state = st.session_state
        now = time.monotonic()
        if now < state.get(due_key, 0.0) - seconds / 2 or state[key] >= last:
            return
        state[due_key] = now + seconds
        _move(key, 1, last)
        st.rerun(scope="app")

    tick()


# ---------------------------------------------------------------- quiz

def quiz_id(*parts):
    """A short stable id for one question (its inputs decide it, so new numbers ask again)."""
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:12]


def _check_answer(qid):
    """Check button: keep the answer (a callback, so the rerun that follows shows the result)."""
    state = st.session_state
    answer = state.get(f"quiz_in_{qid}")
    if answer is None:
        state["_quiz_missing"] = qid
    else:
        state.setdefault("_quiz", {})[qid] = float(answer)


def quiz_ui(qid, question, truth):
    """Ask for a number before revealing it. Returns True once answered (then the page reveals)."""
    answers = st.session_state.setdefault("_quiz", {})
    if qid in answers:
        answer, right = answers[qid], abs(answers[qid] - truth) < 0.01
        shown = dict(value=fmt(float(truth)), answer=fmt(answer))
        (st.success if right else st.error)(t("quiz.right" if right else "quiz.wrong", **shown))
        return True
    with st.container(border=True):
        st.markdown(f"**{question}**")
        cols = st.columns([2, 1], vertical_alignment="bottom")
        cols[0].number_input(t("quiz.answer"), value=None, step=1.0, key=f"quiz_in_{qid}")
        cols[1].button(t("quiz.check"), key=f"quiz_check_{qid}", on_click=_check_answer, args=(qid,),
                       width="stretch")
        if st.session_state.get("_quiz_missing") == qid:
            st.warning(t("quiz.no_answer"))
    return False


# ---------------------------------------------------------------- editable matrices

def matrix_editor(values, key, label):
    """An editable matrix (st.data_editor). Empty cells count as 0; returns a float array."""
    values = np.asarray(values, dtype=float)
    frame = pd.DataFrame(values, columns=[str(c) for c in range(values.shape[1])])
    st.caption(label)
    edited = st.data_editor(frame, key=key, hide_index=True, width="stretch")
    result = edited.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(result).any():
        st.warning(t("editor.empty"))
        result = np.nan_to_num(result)
    return result


# ---------------------------------------------------------------- the trained network

@st.cache_resource(show_spinner=False)
def network():
    """The trained weights, loaded once per process and shared by every session (read-only)."""
    from threadpoolctl import threadpool_limits

    from . import model

    # The server runs one script thread per visitor; BLAS threads on top of those only fight
    # each other (one thread is faster even alone for matrices this small).
    threadpool_limits(1, user_api="blas")
    return model.load()


@st.cache_resource(show_spinner=False)
def model_metrics():
    from . import model

    return model.load_metrics()


# Streamlit collects all garbage after every script run (runner.postScriptGC). A full
# collection walks every tracked object, here ~120,000 of them, nearly all from the modules
# imported above, and takes ~30 ms holding the interpreter lock: a class of 60 arriving at
# once waited ~2 s for it alone (python -m cnn_viz.loadtest: slowest of 60 sessions 5.5 s
# before, under 3 s after). Those objects live as long as the server, so take them out of the
# collector's sight; the collection after each run still frees what the visitors left.
gc.freeze()
