"""Widget values a browser could never send (a client speaking Streamlit's protocol can send
anything) cost the session one sentence, never a traceback (cnn_viz/app/server/widget_guard.py)."""

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from cnn_viz.app import settings
from tests.apptest import PAGES, open_page

pytestmark = pytest.mark.streamlit_internals  # each test holds a place that reaches inside Streamlit

REFUSED = "A control sent a value it cannot take, so it is back at its default."
# For each kind of value a widget takes, one that is of that kind and hostile.
HOSTILE = {
    "double_value": float("inf"),
    "int_value": 2**62,
    "double_array_value": [float("nan"), 1e300],
    "string_value": "\x00 no such option",
    "string_array_value": ["\x00 no such option"],
    "bool_value": True,
}


def forge(at, widget_id, field, value):
    """Make the next run send `value` in `field` for this widget, whatever the widget is."""
    honest = at._tree.get_widget_states

    def forged():
        states = honest()
        for state in states.widgets:
            if state.id == widget_id:
                state.CopyFrom(WidgetState(id=widget_id))
                target = getattr(state, field) if field.endswith("array_value") else None
                if target is not None:
                    target.data[:] = value
                else:
                    setattr(state, field, value)
        return states

    at._tree.get_widget_states = forged


def test_an_infinite_whole_number_gets_one_sentence_and_the_default():
    """int(inf) raised inside Streamlit before any line of the app ran, on every run."""
    at = open_page("pages/2_Convolution.py")
    at.number_input(key="conv_k").set_value(float("inf")).run()
    assert not at.exception and [w.value for w in at.warning] == [REFUSED]
    assert at.session_state.conv_k == settings.get("conv_k").default
    at.run()
    assert not at.exception and not at.warning, "the sentence is said once"


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_every_widget_survives_a_wrong_kind_and_a_hostile_value(page):
    at = open_page(page)
    widgets = [(s.id, s.WhichOneof("value")) for s in at._tree.get_widget_states().widgets]
    assert widgets
    for widget_id, kind in widgets:
        wrong = "string_array_value" if kind == "double_value" else "double_value"
        for field in {wrong, kind} & set(HOSTILE):
            forge(at, widget_id, field, HOSTILE[field])
            at.run()
            assert not at.exception, (widget_id, field, at.exception[0].message)
            at = open_page(page)  # a fresh session: each forgery on its own


def test_a_whole_number_sent_as_the_browser_sends_it_is_kept():
    """The browser sends a whole-number input as int_value, though Streamlit registers it as
    double_value: an honest value of that kind is not refused."""
    at = open_page("pages/2_Convolution.py")
    widget_id = at.number_input(key="conv_k").id
    forge(at, widget_id, "int_value", 3)
    at.run()
    assert not at.exception and not at.warning and at.session_state.conv_k == 3


@pytest.mark.parametrize(
    "page,key",
    [
        ("pages/3_Pooling.py", "pool_show"),
        ("pages/5_Feature_maps.py", "fm_layer"),
        ("pages/8_Why_this_class.py", "why_method"),
        ("pages/6_Inside_a_cell.py", "cell_layer"),
    ],
)
def test_an_empty_choice_gets_one_sentence_and_the_default(page, key):
    """A choice a browser can never empty (its control requires one) sent as []: the page
    looked its None up (KeyError, ValueError)."""
    at = open_page(page)
    [widget_id] = [s.id for s in at._tree.get_widget_states().widgets if s.id.endswith(f"-{key}")]
    forge(at, widget_id, "string_array_value", [])
    at.run()
    assert not at.exception, at.exception[0].message
    assert REFUSED in [w.value for w in at.warning] and at.session_state[key] == settings.get(key).default


@pytest.mark.parametrize(
    "raised",
    [
        ValueError("not enough values to unpack"),  # no ";base64," in it
        __import__("binascii").Error("Incorrect padding"),  # not base64
        AttributeError("'int' object has no attribute 'split'"),  # a number
    ],
)
def test_a_forged_drawing_is_read_as_a_file_that_is_not_a_picture(raised):
    """The canvas library decodes the data URL the browser sent, and raised on a forged one
    before any check of ours: now it is a file the decoder refuses with its one sentence."""
    from cnn_viz import images
    from cnn_viz.app import picture

    class Forged:
        @property
        def image_bytes(self):
            raise raised

    png = picture.drawn_png(Forged())
    with pytest.raises(images.ImageError) as refused:
        images.decode(png)
    assert refused.value.message("en").endswith(".")
