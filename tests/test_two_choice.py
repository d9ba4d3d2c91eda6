"""The live class tests what a map wants to see: "which picture makes this map respond more,
A or B?" Its queries and answer come from the engine; the projector shows the references its
kind names and nothing that answers it; four phones answer; the reveal's arithmetic."""

import numpy as np
import pytest

from cnn_viz import exemplars, gallery, model, numbers, visualise
from cnn_viz.app.classroom import two_choice
from cnn_viz.live import questions, scoring, store
from tests.apptest import PAGE, all_text, open_page
from tests.test_live_hiding import ask, start_class

MAP = {"sample": "cat-1", "layer": "conv2", "map": 5}


@pytest.fixture(autouse=True)
def in_english(monkeypatch):
    monkeypatch.delenv("CNN_VIZ_LANG", raising=False)


def pixels(picture):
    return picture.astype(np.float32) / 255.0


def test_the_queries_are_the_engines_extremes_and_the_answer_is_the_stronger():
    """Each kind of reference gets its own pair: the strongest and weakest of the samples,
    the second of each, the third; the answer is the stronger's letter, by the engine."""
    net = model.load()
    others = [s for s in gallery.samples() if s.id != "cat-1"]
    letters = set()
    for layer, unit in [("conv1", 0), ("conv2", 5), ("conv3", 60), *[("conv2", u) for u in range(12)]]:
        offered = two_choice.offers(net, layer, unit, {"sample": "cat-1"})
        if not offered:  # a map dark on every sample is not asked about (the test below)
            continue
        every = np.sort(visualise.activation(net, np.stack([pixels(s.rgb()) for s in others]), layer, unit))
        pairs = set()
        for rank, (condition, question) in enumerate(zip(questions.CONDITIONS, offered)):
            assert question["kind"] == f"excites_{condition}" and question["options"] == ["A", "B"]
            shown = np.stack([pixels(p) for p in questions.query_pixels(question)])
            a, b = visualise.activation(net, shown, layer, unit)
            assert question["answer"] == ("A" if a > b else "B")
            assert (max(a, b), min(a, b)) == pytest.approx((every[-1 - rank], every[rank])), rank
            assert "cat-1" not in (question["params"]["a"], question["params"]["b"]), "not the picture on the screen"
            assert question["means"] == pytest.approx([a, b], rel=1e-6)
            pairs.add(frozenset((question["params"]["a"], question["params"]["b"])))
            letters.add(question["answer"])
        assert len(pairs) == 3, "a pair of its own for each kind of reference"
    assert letters == {"A", "B"}, "the answer is not always the same letter"


def test_a_map_dark_on_every_training_picture_is_not_asked_about():
    """conv1 map 3 is 0 on every training picture after ReLU: no picture excites it."""
    net = model.load()
    assert exemplars.for_map("conv1", 3)[0][1] == 0
    assert two_choice.offers(net, "conv1", 3, {"sample": "cat-1"}) == []
    assert len(two_choice.offers(net, "conv2", 5, {"sample": "cat-1"})) == 3


def test_the_lessons_shares_by_reference_count_first_votes_only():
    q = lambda kind, qid: {"id": qid, "kind": kind, "options": ["A", "B"], "answer": "A"}
    synthetic, natural = q("excites_synthetic", "s"), q("excites_natural", "n")
    results = [
        (synthetic, (("", "A"), ("", "B"), ("", "A|sure"))),
        (questions.again(synthetic), (("", "A"), ("", "A"), ("", "A"))),  # after talking: not counted
        (natural, (("", "A"),)),
        (q("excites_natural", "n2"), (("", "B"), ("", "A"))),
        ({"id": "z", "kind": "zero_maps", "options": None, "answer": "3", "value": 3.0}, (("", "3"),)),
    ]
    assert scoring.by_condition(results) == {"none": (0, 0), "synthetic": (2, 3), "natural": (2, 3)}


@pytest.mark.parametrize("condition", questions.CONDITIONS)
def test_the_projector_shows_the_references_its_question_names_and_holds_the_rest_back(condition):
    teacher, _ = start_class(PAGE["maps"], **MAP)
    assert "That mean is" in all_text(teacher) and "Every map of conv2 (64)" in all_text(teacher)
    ask(teacher, f"excites_{condition}")
    text = all_text(teacher)
    assert "Which picture makes conv2 map 5 respond more, A or B?" in text
    assert "That mean is" not in text and "Every map of conv2" not in text, "what the map wants to see is held back"
    assert "training patches it responds to" not in text
    synthetic = 'alt="conv2 map 5: the picture it responds to most"' in text
    natural = "The 9 training patches that excite conv2 map 5 most" in text.replace("**References: the", "The")
    assert (synthetic, natural) == (condition == "synthetic", condition == "natural")
    if condition == "natural":
        patches = exemplars.for_map("conv2", 5)
        assert len(patches) == 9
    assert text.count(">A</div>") == 1 and text.count(">B</div>") == 1


def test_four_phones_answer_and_the_reveal_counts_them_against_chance_and_the_studies():
    teacher, code = start_class(PAGE["maps"], **MAP)
    ask(teacher, "excites_synthetic")
    question = store().view(code).question
    right, wrong = question["answer"], "B" if question["answer"] == "A" else "A"
    phones = [open_page(PAGE["live"], room=code) for _ in range(4)]
    for phone, choice in zip(phones, [right, right, wrong, None]):
        text = all_text(phone)
        assert 'alt="A"' in text and 'alt="B"' in text, "each phone shows the two pictures"
        if choice:
            phone.button(key=f"live_opt_{choice}").click().run()
            assert not phone.exception
    teacher.button(key="live_reveal").click().run()
    text = all_text(teacher)
    a, b = question["means"]
    high, low = (a, b) if right == "A" else (b, a)
    said = f"**{right}** makes conv2 map 5 respond more: the map's mean (before ReLU) is "
    assert said + f"{numbers.exact(float(high))} on {right} and {numbers.exact(float(low))} on {wrong}." in text
    assert "The class: 2 of 3 chose it (67%); guessing would give 50%." in text
    assert "82% (Borowski et al., ICLR 2021, this task)" in text and "68% (Zimmermann" in text
    assert "what it wants to see 2 of 3 (67%)" in text
    assert "That mean is" in text, "what the map wants to see is back after Reveal"
    phones[2].run()
    assert f"The answer: **{right}** (you said {wrong})." in all_text(phones[2])
