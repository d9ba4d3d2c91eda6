"""Teaching the network a class of one's own: the new last layer (cnn_viz/new_classes.py) and
its page, as a visitor uses it (AppTest)."""

import numpy as np
import pytest

from cnn_viz import gallery, images, model, new_classes
from tests.apptest import PAGE, all_text, drawn, new_app, open_page, switch


def stripes(i, vertical):
    """A 48 x 48 picture of stripes, vertical or horizontal, of a width and colour per i."""
    rng = np.random.default_rng(i)
    period = 4 + i % 5
    band = (np.arange(48) // period) % 2
    grid = np.repeat(band[None, :], 48, 0) if vertical else np.repeat(band[:, None], 48, 1)
    colour = rng.integers(80, 255, 3)
    return (grid[..., None] * colour).astype(np.uint8)


def test_a_new_layer_learns_on_frozen_features_and_leaves_each_picture_out():
    rng = np.random.default_rng(0)
    feats = rng.normal(size=(30, 8))
    labels = np.arange(30) % 3
    feats[np.arange(30), labels] += 3  # each class shows in one feature
    head = new_classes.train(feats, labels, ["a", "b", "c"])
    assert head.losses[0] == pytest.approx(np.log(3)) and head.losses[-1] < head.losses[0] / 4
    assert head.accuracies[-1] == 1
    guesses = new_classes.leave_one_out(feats, labels, ["a", "b", "c"])
    for i in (0, 7, 29):  # each batched head is the head trained on the others alone
        keep = np.arange(30) != i
        z = (feats - feats.mean(axis=0)) / (feats.std(axis=0) + 1e-6)
        w, b, _, _ = new_classes._descend(z[keep], labels[keep], 3, np.ones((1, 29)), 300, 0.5, 1e-3)
        assert guesses[i] == int(np.argmax(z[i] @ w[0] + b[0]))
    assert (guesses == labels).mean() >= 0.9
    counts = new_classes.confusion(labels, guesses, 3)
    assert counts.sum() == 30 and np.trace(counts) == (guesses == labels).sum()


def test_stripes_one_way_and_the_other_are_learned_from_the_networks_dense_layer():
    net = model.load()
    pics = [stripes(i, True) for i in range(8)] + [stripes(i, False) for i in range(8)]
    labels = np.array([0] * 8 + [1] * 8)
    feats = new_classes.features(net, pics, "dense")
    assert feats.shape == (16, 64)
    expected = net.forward(images.to_model_input(pics[3]))["dense"]
    np.testing.assert_allclose(feats[3], expected, rtol=1e-5, atol=1e-5)  # a batch of 16 vs one: float32 sums
    guesses = new_classes.leave_one_out(feats, labels, ["upright", "lying"])
    assert (guesses == labels).mean() >= 0.8


def test_the_new_layer_in_the_networks_place_gives_its_logits_and_grad_cam():
    """The head folded into the network's last layer: the same logits for the new classes, 0
    for the places beyond them, and a Grad-CAM for each new class, equal to one computed by
    hand from the gradient through the frozen layers."""
    from cnn_viz import explain, gallery

    net = model.load()
    pics = [s.rgb() for s in gallery.samples()[:12]]
    labels = np.arange(12) % 3
    feats = new_classes.features(net, pics)
    head = new_classes.train(feats, labels, ["a", "b", "c"])
    swapped = new_classes.as_network(net, head)
    x = images.to_model_input(pics[4])
    found = swapped.forward(x)
    np.testing.assert_allclose(found["logits"], head.logits(feats[4])[0], atol=1e-4)
    np.testing.assert_allclose(found["probabilities"], head.probabilities(feats[4])[0], atol=1e-5)
    assert swapped.classes == ("a", "b", "c") and not swapped.shipped
    cam = explain.grad_cam_cells(swapped, x, 2)
    outputs = net.forward(x)
    # By hand: d(new logit 2)/d(dense) = W[:, 2] / spread, through dense's ReLU and weights.
    g_dense = (head.weights[:, 2] / head.spread) * (outputs["dense"] > 0)
    g_flat = g_dense @ net.weights["dense"][0].T
    alpha = g_flat.reshape(outputs["conv3"].shape).mean(axis=(0, 1))  # by conv3's output, as Grad-CAM
    np.testing.assert_allclose(cam, np.maximum((outputs["conv3"] * alpha).sum(axis=2), 0), rtol=1e-4, atol=1e-6)


def upload_class(at, index, name, pictures):
    """Name a class and give it these pictures (arrays, or bytes sent as they are)."""
    at.text_input(key=f"teach_name_{index}").set_value(name)
    encoded = [p if isinstance(p, bytes) else images.encode_png(p) for p in pictures]
    files = [(f"{name}-{i}.png", data, "image/png") for i, data in enumerate(encoded)]
    at.file_uploader(key=f"teach_files_{index}").set_value(files).run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_page_teaches_two_classes_and_says_how_it_measured(tmp_path):
    at = open_page(PAGE["teach"], sample="cat-1")
    assert at.button(key="teach_train").disabled
    at.number_input(key="teach_count").set_value(2).run()
    upload_class(at, 0, "upright", [stripes(i, True) for i in range(4)])
    assert "upright has 4 of the 5 pictures it needs." in all_text(at) and at.button(key="teach_train").disabled
    upload_class(at, 0, "upright", [stripes(i, True) for i in range(6)])
    upload_class(at, 1, "lying", [stripes(i, False) for i in range(6)] + [b"not a picture"])
    assert any(e.value.startswith("lying-6.png: ") for e in at.error), "one sentence, naming the file"
    at.button(key="teach_train").click().run()
    assert not at.exception
    text = all_text(at)
    taught = at.session_state["_teach_result"]
    right = int((taught["guesses"] == taught["labels"]).sum())
    assert f"**{right} of 12 right ({right / 12:.0%})**" in text and "One picture is 8 % of that score." in text
    curve = next(f for f in drawn(at) if f.title == "Training, epoch by epoch")
    loss = curve.lines["loss"]  # y runs down the drawing: a falling loss ends lower, a larger y
    assert len(loss) == new_classes.EPOCHS and loss[-1][1] > loss[0][1]
    [confusion] = [f for f in drawn(at) if f.kind == "confusion"]
    assert confusion.values().sum() == 12 and "true upright, predicted lying: " in str(confusion.cells)
    [bars] = [f.bars for f in drawn(at) if f.kind == "probabilities"]
    assert sorted(bars) == ["lying", "upright"], "the sidebar's picture, in the new classes"
    assert "Measured on the 12 pictures you gave, 2 classes." in text
    assert "python -m" not in text, "a developer's command is not the learner's (docs/performance.md has it)"
    assert "The new layer is kept until you reload or close this tab." in text
    looked = [m.value for m in at.markdown if 'alt="where the new layer looked for' in m.value]
    assert len(looked) == 1, "Grad-CAM for the class it answers"
    switch(at, PAGE["predict"])  # Prediction answers with the taught classes too, below the ten
    text = all_text(at)
    assert "With your classes" in text and "The 2 probabilities add up to 1.0000." in text
    assert "The 10 probabilities add up to 1.0000." in text
    taught = [f.bars for f in drawn(at) if f.kind == "probabilities"][-1]
    assert sorted(taught) == ["lying", "upright"]

    # Every model page on the taught classes alone: Why this class? explains each with Grad-CAM.
    switch(at, PAGE["teach"]).button(key="teach_use").click().run()
    assert [m.value for m in at.success] == [
        "Done: Feature maps, Inside a cell, Prediction and Why this class? now use your classes; “Back to the "
        "article's network” at the top of each of them goes back to the ten."
    ]
    switch(at, PAGE["predict"])  # how often it was right, as Teach measured it
    text = all_text(at)
    right_share = f"{right} of 12 of your pictures when each was left out in turn ({right / 12:.0%})"
    assert f"Your classes: upright, lying. Right on {right_share}" in text and "cannot say how often" not in text
    switch(at, PAGE["why"])
    text = all_text(at)
    assert "your model: your classes" in text
    assert at.selectbox(key="why_class").options[1:] == ["upright", "lying"]
    assert at.segmented_control(key="why_method").options[:2] == ["Grad-CAM, conv3", "Grad-CAM, conv2"]
    at.selectbox(key="why_class").set_value(1).run()
    assert "The lying score (its logit, before softmax)" in all_text(at)
    next(b for b in at.button if b.label == "Back to the article's network").click().run()
    assert not switch(at, PAGE["teach"]).success, "back on the ten: the sentence is gone"


def test_a_kept_class_brings_its_shipped_pictures():
    at = open_page(PAGE["teach"])
    upload_class(at, 0, "stripes", [stripes(i, i % 2 == 0) for i in range(6)])
    at.multiselect(key="teach_keep").set_value(["airplane"]).run()
    at.button(key="teach_train").click().run()
    taught = at.session_state["_teach_result"]
    shipped = sum(1 for s in gallery.samples() if s.label == "airplane")
    assert taught["names"] == ["stripes", "airplane"] and list(taught["labels"]).count(1) == shipped


def test_the_page_in_chinese_says_what_is_missing():
    at = open_page(PAGE["teach"], lang="zh")
    text = all_text(at)
    assert "教网络认识你自己的类别" in text and "我的类别 1 有 0 张图片，需要 5 张。" in text
    assert "要学会区别，至少需要两个类别" in text


def test_pictures_from_the_sidebar_join_a_class():
    """A drawing, the camera or a sample: the sidebar's picture, added with one press."""
    at = open_page(PAGE["teach"])
    at.number_input(key="teach_count").set_value(2).run()
    for index, label in enumerate(("cat", "ship")):
        for i in range(5):
            at.sidebar.selectbox[0].set_value(f"{label}-{i}").run()
            at.button(key=f"teach_add_{index}").click().run()
            assert not at.exception
    counts = [c.value for c in at.caption if "(at most 20)" in c.value]
    assert counts[:2] == ["5 pictures (at most 20)", "5 pictures (at most 20)"]
    at.button(key="teach_train").click().run()
    taught = at.session_state["_teach_result"]
    expected = images.model_input_steps(gallery.by_id("ship-4").rgb())["resized"]
    np.testing.assert_array_equal(taught["pics"][-1], expected)
    assert list(taught["labels"]) == [0] * 5 + [1] * 5


def test_prediction_in_chinese_says_how_often_the_taught_classes_were_right():
    """The taught network carries what Teach measured (13 of 16 here), and Prediction says it."""
    net = model.load()
    pics = [stripes(i, True) for i in range(8)] + [stripes(i, False) for i in range(8)]
    labels = np.array([0] * 8 + [1] * 8)
    head = new_classes.train(new_classes.features(net, pics, "dense"), labels, ["竖条", "横条"])
    at = new_app()  # one run, with the network in the session (AppTest reruns a Chinese sidebar badly)
    at.switch_page(PAGE["predict"])
    at.query_params["lang"] = "zh"
    at.session_state["_own_model"] = new_classes.as_network(net, head, "你的类别", left_out=(13, 16))
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "你的类别：竖条、横条。在“教它新类别”页上每次留出一张图片测得：你的 16 张图片中对了 13 张（81%）" in text
    assert "说不出它多常答对" not in text


@pytest.fixture(scope="module")
def phone_photos():
    """Five 4000 x 3000 JPEGs of 2.8 MB each, as a phone takes them (tools/teach_uploads.py)."""
    from tools.teach_uploads import phone_photo

    return [phone_photo(seed) for seed in range(5)]


@pytest.fixture
def arriving(monkeypatch):
    """Uploads arrive as through serve.py: each is stored, then uploads.arrived() (the HTTP
    guard's call) decodes it before the run that reads the uploader's value."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from cnn_viz.app.server import uploads

    stored = LocalScriptRunner.register_file

    def register_and_arrive(self, rec):
        stored(self, rec)
        uploads.arrived(self._session_id, rec.file_id, self._uploaded_file_mgr)

    monkeypatch.setattr(LocalScriptRunner, "register_file", register_and_arrive)


def test_twenty_phone_photos_chosen_at_once_all_count(phone_photos, arriving):
    """20 photos of 2.8 MB arrive before any run reads them: 56 MB unread kept 14 under the
    40 MB a session may park. Decoded as they arrive, all 20 count and their bytes are gone."""
    at = open_page(PAGE["teach"])
    files = [(f"photo-{i}.jpg", phone_photos[i % 5], "image/jpeg") for i in range(20)]
    at.file_uploader(key="teach_files_0").set_value(files).run()
    assert not at.exception and not at.error and not at.warning
    assert "20 pictures (at most 20)" in [c.value for c in at.caption]
    seen = at.session_state["_teach_seen"]
    assert len(seen) == 20 and all(pixels.shape == (32, 32, 3) for pixels, _ in seen.values())
    assert sum(pixels.nbytes for pixels, _ in seen.values()) == 20 * 3072, "what the session keeps: 60 kB"
    expected = images.model_input_steps(images.decode(phone_photos[3]))["resized"]
    np.testing.assert_array_equal(seen[at.session_state["teach_files_0"][3].file_id][0], expected)


def test_more_pictures_than_a_class_takes_are_counted_and_the_page_says_which(phone_photos, arriving):
    at = open_page(PAGE["teach"])
    files = [(f"photo-{i}.jpg", phone_photos[i % 5], "image/jpeg") for i in range(26)]
    at.file_uploader(key="teach_files_0").set_value(files).run()
    assert not at.exception and not at.error
    assert [w.value for w in at.warning] == ["You gave 26 pictures; a class takes 20, so the first 20 are used."]
    assert "20 pictures (at most 20)" in [c.value for c in at.caption]


def test_a_picture_let_go_before_it_was_read_is_said_once_and_can_be_added_again(arriving, monkeypatch):
    """A session's decoded pictures wait for its next run, at most WAITING_PICTURES of them:
    beyond that the oldest are let go, and the page says how many."""
    from cnn_viz.app.server import uploads

    monkeypatch.setattr(uploads, "WAITING_PICTURES", 4)
    at = open_page(PAGE["teach"])
    pictures = [images.encode_png(stripes(i, True)) for i in range(6)]
    at.file_uploader(key="teach_files_0").set_value([(f"s{i}.png", p, "image/png") for i, p in enumerate(pictures)])
    at.run()
    assert not at.exception
    let_go = "2 pictures were let go before they could be read, while others waited: add them again."
    assert [e.value for e in at.error] == [let_go]
    assert "4 pictures (at most 20)" in [c.value for c in at.caption]
    at.run()
    assert not at.error and "4 pictures (at most 20)" in [c.value for c in at.caption], "said once"
    again = [(f"s{i}.png", p, "image/png") for i, p in enumerate(pictures[:2])]
    at.file_uploader(key="teach_files_0").set_value(again).run()
    assert not at.exception and not at.error and "2 pictures (at most 20)" in [c.value for c in at.caption]
