"""Widget values a browser could never send (a client speaking Streamlit's protocol can send
anything) cost the session one sentence, never a traceback (cnn_viz/app/server/widget_guard.py)."""

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from cnn_viz.app import settings
from tests.apptest import PAGE, PAGES, open_page

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
        found = [state for state in states.widgets if state.id == widget_id] or [states.widgets.add()]
        for state in found:  # a widget the browser has sent nothing for yet (a data grid) is added
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


def test_a_matrix_editor_refuses_rows_it_does_not_have_before_streamlit_applies_them():
    """One forged 1.6 MB message adding 50,000 rows kept the server busy 51-59 s: Streamlit
    applied every row before the lesson bounded the matrix. Refused now on arrival, in the
    time a JSON parse takes; honest edits of the matrix's own cells still arrive."""
    import json
    import time

    from cnn_viz import article, ops

    at = open_page("pages/3_Pooling.py")
    at.session_state["pool_editing"] = True
    at.run()
    widget_id = at.dataframe[0].id  # the pooling lesson's editable 4 x 4 matrix
    rows = [{"0": i, "1": i, "2": i, "3": i} for i in range(50_000)]
    for forged in (
        {"edited_rows": {}, "added_rows": rows, "deleted_rows": []},
        {"edited_rows": {"99": {"0": 5}}, "added_rows": [], "deleted_rows": []},
        {"edited_rows": {}, "added_rows": [], "deleted_rows": [0, 1, 2, 3]},
        {"edited_rows": {"0": {"nine": 5}}, "added_rows": [], "deleted_rows": []},
    ):
        forge(at, widget_id, "string_value", json.dumps(forged))
        started = time.perf_counter()
        at.run()
        took = time.perf_counter() - started
        assert not at.exception and REFUSED in [w.value for w in at.warning], forged.keys()
        assert took < 5, f"{took:.1f} s"  # the whole AppTest run; the refusal itself is milliseconds
    honest = {"edited_rows": {"0": {"0": 7}}, "added_rows": [], "deleted_rows": []}
    forge(at, widget_id, "string_value", json.dumps(honest))
    at.run()
    assert not at.exception and REFUSED not in [w.value for w in at.warning]
    before = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)  # what the pooling lesson edits
    assert at.session_state["_kept_pool_in_0"][0, 0] == 7 != before[0, 0], "the edit arrived"


def state_id(at, key):
    """The id Streamlit gave the widget of this key (a component too, which AppTest does not list)."""
    metadata = at.session_state._state._state._new_widget_state.widget_metadata
    [found] = [widget_id for widget_id in metadata if widget_id.endswith(f"-{key}")]
    return found


@pytest.mark.parametrize(
    "state",
    [
        {"drawing": 5},  # streamlit-drawable-canvas called .get on it
        {"drawing": [1, 2]},
        {"drawing": None, "backgroundFit": {}},  # it read six numbers from it: KeyError
        {"backgroundFit": [1, 2]},  # TypeError
        {"drawing": {"raw": {"objects": [0] * 1_000_000}, "data": None}},  # 3 MB kept in the session
        [1, 2, 3],
    ],
)
def test_a_forged_drawing_state_gets_one_sentence_and_a_fresh_canvas(state):
    """The canvas library reads its state unchecked: four forged states raised inside st_canvas."""
    import json

    at = open_page(PAGE["image"])
    at.sidebar.radio[0].set_value("draw").run()
    forge(at, state_id(at, "canvas_0"), "json_value", json.dumps(state))
    at.run()
    assert not at.exception, at.exception[0].message
    assert [w.value for w in at.warning] == [REFUSED]
    at.button(key="use_drawing").click().run()
    assert not at.exception and "The canvas is empty: draw something first." in [w.value for w in at.sidebar.warning]


def test_an_honest_drawing_state_passes_the_guard():
    from cnn_viz.app import picture

    fit = dict.fromkeys(picture.FIT, 1.0)
    for state in ({}, {"drawing": {"raw": {"objects": []}, "data": "data:image/png;base64,"}, "backgroundFit": fit}):
        assert picture.canvas_state_ok(state)


def test_a_forged_model_upload_gets_one_sentence_and_the_page_goes_on():
    """An unknown file id reached the page as Streamlit's DeletedFile (AttributeError); a file
    whose name does not end in .keras raised inside Streamlit's uploader."""
    from streamlit.proto.Common_pb2 import FileUploaderState

    at = open_page(PAGE["own"])
    sent = FileUploaderState()
    info = sent.uploaded_file_info.add()
    info.file_id, info.name, info.size = "no-such-file", "model.keras", 10
    honest = at._tree.get_widget_states
    widget_id = at.file_uploader(key="own_file").id

    def forged():
        states = honest()
        [state] = [s for s in states.widgets if s.id == widget_id] or [states.widgets.add()]
        state.CopyFrom(WidgetState(id=widget_id))
        state.file_uploader_state_value.CopyFrom(sent)
        return states

    at._tree.get_widget_states = forged
    at.run()
    assert not at.exception and REFUSED in [w.value for w in at.warning]
    at = open_page(PAGE["own"])
    at.file_uploader(key="own_file").set_value(("model.txt", b"PK\x03\x04", "text/plain")).run()
    assert not at.exception and REFUSED in [w.value for w in at.warning]
    assert any(i.value.startswith("No model of your own yet") for i in at.info), "the page goes on"


def test_a_thousand_kept_classes_get_one_sentence_and_none_kept():
    at = open_page(PAGE["teach"])
    forge(at, at.multiselect(key="teach_keep").id, "string_array_value", [f"class {i}" for i in range(1000)])
    at.run()
    assert not at.exception and [w.value for w in at.warning] == [REFUSED]
    assert at.multiselect(key="teach_keep").value == []
    forge(at, at.multiselect(key="teach_keep").id, "string_array_value", ["airplane", "cat"])
    at.run()
    assert not at.exception and not at.warning and at.multiselect(key="teach_keep").value == ["airplane", "cat"]
