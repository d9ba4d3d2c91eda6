"""A server without its sample gallery (models/samples missing, or there and empty): every page
opened with FileNotFoundError. Now the gallery's place says so in one sentence, and the rest
(the app's own pictures, an upload, a drawing, the lessons and the model pages) works."""

import numpy as np
import pytest

from cnn_viz import gallery, images, oddities
from cnn_viz.app import resources
from cnn_viz.app.picture import IMAGE_KEY
from tests.apptest import PAGE, PAGES, all_text, open_page, upload

MISSING = "The sample pictures are not on this server, so none can be shown here."
SIDEBAR = "The sample pictures are not on this server: upload a picture, take one or draw one"


@pytest.fixture(params=["missing", "empty"])
def no_gallery(request, monkeypatch, tmp_path):
    """The gallery's folder (and the person's photo in it) is not there, or is an empty folder."""
    folder = tmp_path / "samples"
    if request.param == "empty":
        folder.mkdir()
    monkeypatch.setattr(gallery, "GALLERY_DIR", folder)
    monkeypatch.setattr(oddities, "PERSON_PATH", folder / "other" / "person.jpg")
    resources.sample_predictions.clear()  # what another test's gallery left in this process
    yield request.param
    resources.sample_predictions.clear()


@pytest.mark.slow  # every page twice: the full run's; the inner loop keeps the pages that show the gallery
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_without_the_gallery(no_gallery, page):
    at = open_page(page)
    assert not at.exception
    image = at.session_state[IMAGE_KEY]
    assert image.source == "odd" and image.sample_id == "noise", "the app's own first picture"
    if at.sidebar.selectbox:  # a page with the picture picker
        assert [i.value for i in at.sidebar.info if i.value.startswith(SIDEBAR)], "one sentence for the gallery"
        offered = ["Not CIFAR-10: noise", "Not CIFAR-10: a blank picture", "Not CIFAR-10: text"]
        assert at.sidebar.selectbox[0].options == offered, "no person: its photo is in the gallery's folder"


def test_an_upload_and_a_link_to_a_sample_still_work_without_the_gallery(no_gallery):
    at = open_page(PAGE["image"], sample="cat-2")  # a bookmarked sample that is not there
    assert at.session_state[IMAGE_KEY].sample_id == "noise"
    rgb = np.arange(40 * 30 * 3, dtype=np.uint8).reshape(30, 40, 3)
    at = upload(at, "photo.png", images.encode_png(rgb))
    assert at.session_state[IMAGE_KEY].source == "upload" and not at.sidebar.error
    np.testing.assert_array_equal(at.session_state[IMAGE_KEY].rgb, rgb)


def test_the_pages_that_show_the_gallery_say_it_is_missing(no_gallery):
    at = open_page(PAGE["data"])
    assert [i.value for i in at.info].count(MISSING) == 2, "the training pictures and the test pictures"
    assert "Its top-left pixel is red" in all_text(at), "the scaling lesson, on the current picture"
    at = open_page(PAGE["report"])
    assert MISSING in all_text(at)
    at = open_page(PAGE["teach"])
    at.multiselect(key="teach_keep").set_value(["airplane"]).run()
    assert not at.exception and MISSING in [c.value for c in at.caption]
    assert "airplane has 0 of the 5 pictures it needs." in all_text(at)
