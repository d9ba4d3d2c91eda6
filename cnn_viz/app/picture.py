"""The current picture: where it comes from (sample, upload, drawing, camera) and how it is shown.

It lives in one plain session_state key, never in a widget's value, so it crosses pages, as
an `images.Picture` (its pixels, and where they came from).
"""

import base64
import binascii
import hashlib
import html
import io
import threading

import numpy as np
import streamlit as st
from PIL import Image

from .. import gallery, images, oddities
from . import browser, uploader
from .server import uploads, widget_guard
from .text import class_name, lang, t

# On a phone the sidebar covers the page: once a picture is chosen, fold it so the result shows.
_CHOSEN = "_picture_chosen"
CLOSE_ON_PHONE_JS = (
    "if (window.innerWidth < 640) document.querySelector('[data-testid=\"stSidebarCollapseButton\"] button')?.click();"
)
IMAGE_KEY = "current_image"  # an images.Picture
SOURCES = ("sample", "upload", "draw", "camera")
# The drawing's picture says "drawing"; the pictures that are none of the ten classes
# (noise, blank, text, a person) are offered in the sample list, as "odd".
SOURCE_INDEX = {"sample": 0, "odd": 0, "upload": 1, "drawing": 2, "camera": 3}


def ensure():
    """A session's first picture: the sample a link names (?sample=cat-2 or ?sample=noise),
    else the first one (without the sample gallery, the first picture the app draws itself)."""
    if IMAGE_KEY not in st.session_state:
        wanted = st.query_params.get("sample", "")
        sample = gallery.by_id(wanted) or next(iter(gallery.samples()), None)
        if wanted in oddities.available():
            set_odd(wanted, chosen=False)
        elif sample is not None:
            set_sample(sample, chosen=False)
        else:
            set_odd(oddities.KINDS[0], chosen=False)


def linked_pixels(sample_id):
    """The pixels of the picture a link can name (a gallery sample or an odd one), or None."""
    if sample_id in oddities.available():
        return oddities.make(sample_id)
    sample = gallery.by_id(sample_id)
    return sample.rgb() if sample is not None else None


def url_params():
    """What the address bar needs to show this picture again: a sample's id (uploads cannot be linked)."""
    image = st.session_state.get(IMAGE_KEY)
    return {"sample": image.linkable} if image and image.linkable else {}


def linked(sample_id):
    """The picture a link can name (a gallery sample or an odd one), as an images.Picture, or None."""
    if sample_id in oddities.available():
        return images.Picture(oddities.make(sample_id), "odd", None, sample_id)
    sample = gallery.by_id(sample_id)
    return images.Picture(sample.rgb(), "sample", sample.label, sample.id) if sample is not None else None


def set_linked(sample_id):
    """Make the picture a link can name the current one; False if there is no such picture here."""
    found = linked(sample_id)
    if found is not None:
        st.session_state[IMAGE_KEY], st.session_state[_CHOSEN] = found, True
    return found is not None


def set_sample(sample, chosen=True):
    set_image(sample.rgb(), "sample", sample.label, sample.id, chosen)


def set_odd(kind, chosen=True):
    """One of the pictures that are none of the ten classes (see cnn_viz.oddities)."""
    set_image(oddities.make(kind), "odd", None, kind, chosen)


def set_image(rgb, source, label=None, sample_id=None, chosen=True, file_size=None):
    """Make this the current picture; `chosen`: the visitor picked it (not a link or the default)."""
    st.session_state[IMAGE_KEY] = images.Picture(rgb, source, label, sample_id, file_size)
    if chosen:
        st.session_state[_CHOSEN] = True


def current():
    """The current picture (an images.Picture)."""
    return st.session_state[IMAGE_KEY]


def caption(image):
    if image.source == "sample":
        return t("src.caption_sample", cls=class_name(image.label), n=image.sample_id.rsplit("-", 1)[1])
    if image.source == "odd":
        return t(f"odd.caption.{image.sample_id}")
    return t(f"src.caption_{image.source}")


def source_ui():
    """The picture picker in the sidebar: sample, upload, drawing or camera. Returns the current picture."""
    image = current()
    with st.sidebar:
        st.header(t("src.header"))
        default = SOURCE_INDEX[image.source]
        source = st.radio(
            t("src.where"),
            SOURCES,
            index=default,
            horizontal=True,
            format_func=lambda s: t(f"src.{s}"),
            key=f"_src_{default}",
        )
        if source == "sample":
            _sample_ui(image)
        elif source == "upload":
            limit = images.MAX_FILE_BYTES  # the uploader says the limit the page checks
            too_big = t("src.too_big_browser", mb=images.MAX_FILE_MB)
            _file_ui(uploader.file_uploader(t("src.upload_label"), "uploader", limit, too_big=too_big), "upload")
        elif source == "draw":
            _drawing_ui()
        else:
            _file_ui(st.camera_input(t("src.camera_label"), key="camera"), "camera")
        image = current()
        show(image.rgb, width=160, caption=caption(image))  # escaped: never markup
        if st.session_state.pop(_CHOSEN, False):
            browser.run_script(CLOSE_ON_PHONE_JS)
    return image


def option_label(sample_id):
    """A picture a link can name, as a menu lists it: "cat #2", or an odd picture's name."""
    if sample_id in oddities.KINDS:
        return t(f"odd.option.{sample_id}")
    name, n = sample_id.rsplit("-", 1)
    return t("src.sample_option", cls=class_name(name), n=n)


def _sample_ui(image):
    if not gallery.samples():
        st.info(t("src.no_gallery"))  # where the gallery would be; the app's own pictures stay
    ids = [s.id for s in gallery.samples()] + list(oddities.available())
    index = ids.index(image.sample_id) if image.sample_id in ids else 0

    chosen = st.selectbox(t("src.sample_label"), ids, index=index, format_func=option_label, key=f"_sample_{index}")
    if image.linkable != chosen:
        set_odd(chosen) if chosen in oddities.KINDS else set_sample(gallery.by_id(chosen))
        st.rerun()


def file_bytes(upload):
    """An uploaded file that is no picture (a model), its bytes read once and let go; None for
    a file the server does not hold (a forged value), refused with the widget guard's sentence.
    Here, so that pages read every upload through this module, never the server's."""
    data = uploads.read(upload)
    if data is None:
        widget_guard.refuse()
    return data


def _file_ui(uploaded, source):
    """Decode a new upload or camera shot; on failure say why in one sentence and keep the old picture."""
    if uploaded is None:
        return
    state = st.session_state
    if state.get(f"_seen_{source}") != uploaded.file_id:
        state[f"_seen_{source}"] = uploaded.file_id
        with st.spinner(t("src.reading")):  # large pictures are decoded one at a time: a wait, never an error
            decoded = uploads.picture(uploaded)  # decoded as it arrived, or now
        if decoded is None or decoded.error is None and decoded.rgb is None:  # let go before it was read
            decoded = uploads.Decoded(error=images.ImageError("err.let_go"))
        if decoded.error is not None:
            state[f"_error_{source}"] = decoded.error
        else:
            state.pop(f"_error_{source}", None)
            set_image(decoded.rgb, source, file_size=decoded.file_size)
            st.rerun()
    error = state.get(f"_error_{source}")
    if error:
        st.error(f"{error.message(lang())} {t('src.kept')}")


def _drawing_ui():
    from streamlit_drawable_canvas import st_canvas  # only importable inside a running app

    colour = st.color_picker(t("src.colour"), "#1f5fbf")
    width = st.slider(t("src.brush"), 2, 40, 14)
    version = st.session_state.setdefault("_canvas_version", 0)
    widget_guard.expect(f"canvas_{version}", canvas_state_ok)
    result = st_canvas(
        stroke_color=colour,
        stroke_width=width,
        background_color="#ffffff",
        height=224,
        width=224,
        return_image_data=True,
        key=f"canvas_{version}",
    )
    use, clear = st.columns(2)
    if clear.button(t("src.clear"), width="stretch"):
        st.session_state["_canvas_version"] = version + 1
        st.rerun()
    if use.button(t("src.use"), type="primary", width="stretch", key="use_drawing"):
        _use_drawing(drawn_png(result))


NOT_A_PICTURE = b"\x00"  # what a forged canvas value becomes: the decoder's own sentence for it
FIT = ("naturalWidth", "naturalHeight", "scaleX", "scaleY", "offsetX", "offsetY")


def canvas_state_ok(state):
    """What streamlit-drawable-canvas reads of its state without a check (a forged one made
    st_canvas raise): a dict whose "drawing" is nothing or a dict with a dict (or nothing) as
    "raw" and a string (or nothing) as "data", and whose "backgroundFit" is nothing or six
    numbers. widget_guard refuses anything else before the canvas sees it."""
    if not isinstance(state, dict):
        return False
    drawing, fit = state.get("drawing"), state.get("backgroundFit")
    if drawing is not None and not (
        isinstance(drawing, dict)
        and isinstance(drawing.get("raw"), (dict, type(None)))
        and isinstance(drawing.get("data"), (str, type(None)))
    ):
        return False
    numbers = (int, float)
    return fit is None or isinstance(fit, dict) and all(isinstance(fit.get(k), numbers) for k in FIT)


def drawn_png(result):
    """The canvas's PNG. Its library decodes the data URL the browser sent; a forged message
    (not a data URL, not base64, a number) made it raise before any check of ours."""
    try:
        return result.image_bytes
    except (ValueError, TypeError, AttributeError, binascii.Error):
        return NOT_A_PICTURE


def _use_drawing(png):
    """The canvas sends a PNG: decoded like an upload, with its limits, since a forged message
    can send any file (a 9000 x 9000 one took gigabytes through the canvas's own decoder)."""
    try:
        rgb = images.decode(png) if png else None
    except images.ImageError as error:
        st.error(f"{error.message(lang())} {t('src.kept')}")
        return
    # The canvas is painted white, so "empty" means no pixel that is not white.
    if rgb is None or not np.any(rgb < 250):
        st.warning(t("src.empty_canvas"))
        return
    set_image(rgb, "drawing")
    st.rerun()


def show(rgb, width=256, caption=None, container=None, described=None):
    """Show a picture as an inline data URL, small ones enlarged with crisp square pixels.

    Not st.image: that goes through Streamlit's media file manager, whose lock every
    session waits on; a class of 60 opening a page at once spent a third of its time there.
    Small pictures are enlarged here (nearest neighbour), not by the browser: headless
    Chromium painted CSS-enlarged data-URL pictures at their natural size.
    """
    (container or st).markdown(_figure(rgb, width, caption, described=described), unsafe_allow_html=True)


def row(pictures, width=64, container=None):
    """Several small pictures, each with its caption, side by side (wrapping on a phone), in
    one element: one message to the browser. `pictures` is [(rgb, caption), ...] or
    [(rgb, caption, description), ...]: what a screen reader reads of a picture beyond its
    caption (a heat map's strongest region, figures.described.summary)."""
    tags = "".join(
        _figure(rgb, width, caption, center=True, described=more[0] if more else None)
        for rgb, caption, *more in pictures
    )
    (container or st).markdown(
        f'<div style="display:flex;flex-wrap:wrap;gap:0.8rem">{tags}</div>', unsafe_allow_html=True
    )


def data_url(rgb, width):
    """A picture as a data URL for an <img> `width` pixels wide (small ones enlarged, crisp)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    digest = hashlib.blake2b(rgb.tobytes(), digest_size=16).digest() + bytes(str(rgb.shape), "ascii")
    return _data_url(digest, rgb, width)


def _figure(rgb, width, caption, center=False, described=None):
    """An <img> with its caption; its alt is the caption, and the description when given."""
    alt = html.escape(f"{caption}: {described}" if described and caption else described or caption or "")
    style = f"width:{width}px;max-width:100%;border-radius:0.4rem"
    tag = f'<img src="{data_url(rgb, width)}" alt="{alt}" style="{style}">'
    if not caption:
        return tag
    align = "text-align:center;" if center else ""
    return (  # the caption under it is the alt's beginning: read once, with the picture
        f'<figure style="margin:0;{align}">{tag}<figcaption aria-hidden="true" style="font-size:0.86rem;opacity:0.75">'
        f"{html.escape(caption)}</figcaption></figure>"
    )


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
