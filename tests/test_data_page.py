"""The data page (CIFAR-10 itself), and what other pages tell a learner about the data and a silent map."""

import dataclasses

from cnn_viz import gallery, numbers
from cnn_viz.app.picture import IMAGE_KEY
from cnn_viz.data import CLASSES
from tests.apptest import open_page


def texts(at):
    return " ".join(m.value for m in at.markdown)


def test_the_data_page_states_the_facts_and_shows_one_training_picture_per_class():
    at = open_page("pages/4_Data.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "colour pictures": "60,000",
        "pixels x channels": "32 x 32 x 3",
        "classes x pictures": "10 x 6,000",
        "training / test": "50,000 / 10,000",
    }
    first = gallery.training_pictures()
    assert [s.label for s in first] == list(CLASSES)
    body = texts(at)
    assert all(f'alt="{c}"' in body for c in CLASSES)


def test_the_scaled_numbers_are_the_pictures_own():
    at = open_page("pages/4_Data.py")
    r, g, b = (int(v) for v in gallery.training_pictures()[0].rgb()[0, 0])
    assert f"red {r}, green {g}, blue {b}" in texts(at)
    sign = "=" if numbers.is_exact(r / 255) else "≈"
    assert f"{r} / 255 {sign} {numbers.exact(r / 255)}" in texts(at)


def test_the_data_page_in_chinese():
    at = open_page("pages/4_Data.py", lang="zh")
    assert at.title[0].value == "网络从哪里学：CIFAR-10"
    assert 'alt="猫"' in texts(at)


def test_the_visitors_own_picture_comes_with_a_caution_and_the_kind_of_pictures_it_knows():
    at = open_page("pages/7_Prediction.py", sample="cat-0")
    assert "A confident answer can still be wrong" not in texts(at)
    image = dataclasses.replace(at.session_state[IMAGE_KEY], source="upload", label=None, sample_id=None)
    at.session_state[IMAGE_KEY] = image
    at.run()
    assert "A confident answer can still be wrong" in texts(at) and 'alt="truck"' in texts(at)


def test_every_page_but_the_last_ends_with_the_next_lesson_except_in_presenter_mode():
    at = open_page("pages/3_Pooling.py")
    assert any(link.label == "Next: The data: CIFAR-10" for link in at.get("page_link"))
    at = open_page("pages/3_Pooling.py", presenter=1)
    assert not any(link.label.startswith("Next:") for link in at.get("page_link"))
    assert any(link.label == "Next: Your own model" for link in open_page("pages/9_Model_report.py").get("page_link"))
    assert not any(link.label.startswith("Next:") for link in open_page("pages/12_Teach.py").get("page_link"))


def test_the_training_command_is_folded_away_for_teachers():
    at = open_page("pages/9_Model_report.py")
    [folded] = [e for e in at.expander if e.label == "For teachers: how this model was built"]
    assert any("Command:" in c.value for c in folded.caption)


def test_an_all_zero_feature_map_says_why():
    from cnn_viz import images, model

    rgb = gallery.by_id("cat-1").rgb()
    conv3 = model.load().forward(images.to_model_input(rgb))["conv3"]
    silent = [i for i in range(conv3.shape[2]) if not conv3[:, :, i].any()]
    lit = next(i for i in range(conv3.shape[2]) if conv3[:, :, i].any())
    assert silent, "the test needs a map this picture leaves all zero"
    at = open_page("pages/5_Feature_maps.py", layer="conv3", map=silent[0], sample="cat-1")
    assert any("ReLU set them all to zero" in i.value for i in at.info)
    assert any(f"{len(silent)} of these 64 maps are all 0" in c.value for c in at.caption)
    at = open_page("pages/5_Feature_maps.py", layer="conv3", map=lit, sample="cat-1")
    assert not any("ReLU set them all to zero" in i.value for i in at.info)
