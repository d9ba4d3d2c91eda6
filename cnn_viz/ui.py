"""Shared Streamlit pieces: page set-up, the current image and its sources, steppers, editors.

Only this module and the page scripts import Streamlit. `*_ui()` functions
draw widgets and return what the visitor chose.
"""

import numpy as np
import pandas as pd
import streamlit as st
from PIL import Image

from . import gallery, images

# The menu, in lesson order. Our own (not Streamlit's, which is switched off in the config)
# so that entries have real titles: Streamlit's would call the home page "app".
PAGES = (
    ("app.py", "Home", "🏠"),
    ("pages/1_Image_as_numbers.py", "Image as numbers", "🔢"),
    ("pages/2_Convolution.py", "Convolution", "🧮"),
    ("pages/3_Pooling.py", "Pooling", "🧊"),
    ("pages/4_Feature_maps.py", "Feature maps", "🗺️"),
    ("pages/5_Prediction.py", "Prediction", "🎯"),
    ("pages/6_Model_report.py", "Model report", "📈"),
)
IMAGE_KEY = "current_image"  # {"rgb", "name", "source", "label"}: crosses pages, never a widget's value
SOURCES = ("Sample gallery", "Upload", "Draw", "Camera")
CSS = """
<style>
/* crisp pixels when a small picture is shown large */
[data-testid="stImage"] img { image-rendering: pixelated; }
.block-container { padding-top: 2.2rem; }
</style>
"""


# ---------------------------------------------------------------- page and state

def setup_page(title, icon="🔎"):
    """Every page starts here, so a bookmarked link works on a server that just started."""
    st.set_page_config(page_title=f"{title} · CNN Viz", page_icon=icon, layout="wide")
    st.markdown(CSS, unsafe_allow_html=True)
    nav_ui()
    if IMAGE_KEY not in st.session_state:
        # A link may name a sample (?sample=cat-2); anything unknown falls back to the first one.
        sample = gallery.by_id(st.query_params.get("sample", "")) or gallery.samples()[0]
        set_image(sample.rgb(), f"sample {sample.id}", "sample", sample.label, sample.id)


def nav_ui():
    with st.sidebar:
        st.markdown("### CNN Viz")
        for path, title, icon in PAGES:
            st.page_link(path, label=title, icon=icon)
        st.divider()


def set_image(rgb, name, source, label=None, sample_id=None):
    st.session_state[IMAGE_KEY] = {"rgb": rgb, "name": name, "source": source,
                                   "label": label, "sample_id": sample_id}


def current_image():
    return st.session_state[IMAGE_KEY]


# ---------------------------------------------------------------- image sources

def image_source_ui():
    """The image picker in the sidebar: sample, upload, drawing or camera. Returns the current image."""
    image = current_image()
    with st.sidebar:
        st.header("Your picture")
        default = {"sample": 0, "upload": 1, "drawing": 2, "camera": 3}[image["source"]]
        source = st.radio("Where from?", SOURCES, index=default, horizontal=True)
        if source == "Sample gallery":
            _sample_ui(image)
        elif source == "Upload":
            _file_ui(st.file_uploader("Upload a picture (PNG, JPEG, GIF, WebP, BMP, TIFF; up to 10 MB)",
                                      key="uploader"), "upload")
        elif source == "Draw":
            _drawing_ui()
        else:
            _file_ui(st.camera_input("Take a picture", key="camera"), "camera")
        thumbnail(current_image(), width=160)
    return current_image()


def _sample_ui(image):
    samples = gallery.samples()
    ids = [s.id for s in samples]
    index = ids.index(image["sample_id"]) if image["sample_id"] in ids else 0
    chosen = st.selectbox("CIFAR-10 test image", ids, index=index,
                          format_func=lambda i: i.replace("-", " #"))
    if image["source"] != "sample" or chosen != image["sample_id"]:
        sample = gallery.by_id(chosen)
        set_image(sample.rgb(), f"sample {sample.id}", "sample", sample.label, sample.id)
        st.rerun()


def _file_ui(uploaded, source):
    """Decode a new upload or camera shot; on failure say why in one sentence and keep the old image."""
    if uploaded is None:
        return
    seen = st.session_state.get(f"_seen_{source}")
    if seen != uploaded.file_id:
        st.session_state[f"_seen_{source}"] = uploaded.file_id
        try:
            rgb = images.decode(uploaded.getvalue())
        except images.ImageError as error:
            st.session_state[f"_error_{source}"] = str(error)
        else:
            st.session_state.pop(f"_error_{source}", None)
            set_image(rgb, "your photo" if source == "camera" else "your upload", source)
            st.rerun()
    error = st.session_state.get(f"_error_{source}")
    if error:
        st.error(error + " The previous picture is still in use.")


def _drawing_ui():
    from streamlit_drawable_canvas import st_canvas  # only importable inside a running app

    colour = st.color_picker("Colour", "#1f5fbf")
    width = st.slider("Brush width", 2, 40, 14)
    version = st.session_state.setdefault("_canvas_version", 0)
    result = st_canvas(stroke_color=colour, stroke_width=width, background_color="#ffffff",
                       height=224, width=224, return_image_data=True, key=f"canvas_{version}")
    use, clear = st.columns(2)
    if clear.button("Clear", width="stretch"):
        st.session_state["_canvas_version"] = version + 1
        st.rerun()
    if use.button("Use drawing", type="primary", width="stretch"):
        data = result.image_data
        if data is None or not np.any(data[:, :, 3] > 0):
            st.warning("The canvas is empty: draw something first.")
        else:
            set_image(images.from_rgba(data), "your drawing", "drawing")
            st.rerun()


def thumbnail(image, width=160):
    """The current image with what it is, written as plain text (a file name is never HTML)."""
    st.image(image["rgb"], width=width)
    label = f" · true class: {image['label']}" if image["label"] else ""
    st.text(f"{image['name']}{label}")


def enlarge(rgb, side=256):
    """Nearest-neighbour enlargement so each pixel stays a crisp square."""
    im = Image.fromarray(np.asarray(rgb, dtype=np.uint8))
    scale = max(1, side // max(im.size))
    return np.asarray(im.resize((im.width * scale, im.height * scale), Image.Resampling.NEAREST))


# ---------------------------------------------------------------- stepping through a computation

def _move(key, delta, last):
    st.session_state[key] = int(min(max(st.session_state.get(key, 0) + delta, 0), last))


def stepper_ui(key, n_steps, label="Step"):
    """Previous / next buttons, a slider and play; returns the step index in [0, n_steps)."""
    last = n_steps - 1
    if st.session_state.get(key, 0) > last:
        st.session_state[key] = last
    st.session_state.setdefault(key, 0)
    back, fwd, play, slide = st.columns([1, 1, 1.3, 5], vertical_alignment="center")
    back.button("◀ Back", key=f"{key}_back", on_click=_move, args=(key, -1, last),
                disabled=st.session_state[key] == 0, width="stretch")
    fwd.button("Next ▶", key=f"{key}_next", on_click=_move, args=(key, 1, last),
               disabled=st.session_state[key] == last, width="stretch")
    playing = play.toggle("Play", key=f"{key}_play", disabled=last == 0)
    if last > 0:
        slide.slider(label, 0, last, key=key, format="%d")
    if playing:
        _autoplay(key, last)
    return st.session_state[key]


def _autoplay(key, last):
    """Advance one step per second while Play is on; stop at the end."""
    if st.session_state[key] >= last:
        return

    @st.fragment(run_every=1.0)
    def tick():
        if st.session_state.get(f"{key}_play") and st.session_state[key] < last:
            _move(key, 1, last)
            st.rerun(scope="app")

    tick()


# ---------------------------------------------------------------- editable matrices

def matrix_editor(values, key, label):
    """An editable matrix (st.data_editor). Empty cells count as 0; returns a float array."""
    values = np.asarray(values, dtype=float)
    frame = pd.DataFrame(values, columns=[str(c) for c in range(values.shape[1])])
    st.caption(label)
    edited = st.data_editor(frame, key=key, hide_index=True, width="stretch")
    result = edited.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(result).any():
        st.warning("An empty cell counts as 0.")
        result = np.nan_to_num(result)
    return result


# ---------------------------------------------------------------- the trained network

@st.cache_resource(show_spinner=False)
def network():
    """The trained weights, loaded once per process and shared by every session (read-only)."""
    from . import model

    return model.load()


@st.cache_resource(show_spinner=False)
def model_metrics():
    from . import model

    return model.load_metrics()
