"""Numbers as a learner reads them (cnn_viz/numbers.py), and where the lessons show them."""

import pytest

from cnn_viz import numbers
from tests.apptest import open_page


@pytest.mark.parametrize(
    "value,shown",
    [
        (41 / 4, "10.25"),
        (45 / 4, "11.25"),
        (22, "22"),
        (-4, "−4"),
        (1 / 9, "1/9"),
        (-1 / 9, "−1/9"),
        (2 / 3, "2/3"),
        (0.125, "0.125"),
        (-0.5, "−0.5"),
        (0, "0"),
        (1 / 13, "0.0769"),
        (12345, "12,345"),
        (float("nan"), ""),
    ],
)
def test_a_number_is_written_exactly_when_it_can_be(value, shown):
    assert numbers.exact(value) == shown


def test_products_bracket_negatives_and_fractions():
    assert f"{numbers.factor(4)}×{numbers.factor(-1)}" == "4×(−1)"
    assert f"{numbers.factor(5)}×{numbers.factor(1 / 9)}" == "5×(1/9)"


def test_an_answer_is_judged_against_the_value_as_shown():
    assert numbers.matches(10.25, 41 / 4) and not numbers.matches(10.2, 41 / 4)
    assert numbers.matches(0.111, 1 / 9) and not numbers.matches(0.11, 1 / 9)
    assert numbers.matches(22, 22) and not numbers.matches(21.9, 22)


def pooling_lines(at):
    return " ".join(m.value for m in at.markdown)


def test_average_pooling_shows_exact_quarters_and_the_quiz_accepts_them():
    at = open_page("pages/3_Pooling.py", mode="average", step=2)
    assert "41 / 4 = **10.25**" in pooling_lines(at)
    at = open_page("pages/3_Pooling.py", mode="average", step=2, quiz=1)
    key = next(n.key for n in at.number_input if n.key and n.key.startswith("quiz_in_"))
    at.number_input(key=key).set_value(10.25)
    at.button(key=key.replace("quiz_in_", "quiz_check_")).click().run()
    assert [s.value for s in at.success] == ["Right: it is 10.25."]


def test_a_blurred_cell_is_written_in_ninths():
    at = open_page("pages/2_Convolution.py", preset="blur", k=3, p=1, step=5)
    lines = " ".join(m.value for m in at.markdown)
    assert "4×(1/9)" in lines and "**19/3**" in lines  # 0x(1/9) + ... = 19/3, not 6.33


def test_the_stride_box_explains_only_the_articles_stride():
    why = "Why stride 1?"
    assert any(why in i.value for i in open_page("pages/3_Pooling.py").info)
    at = open_page("pages/3_Pooling.py", window=2, stride=2)
    assert not any("Why stride" in i.value for i in at.info)


def test_the_quiz_does_not_give_the_output_size_away():
    at = open_page("pages/2_Convolution.py", quiz=1)
    assert "Answer the output size above first: the output grid would give it away." in [c.value for c in at.caption]
    assert not any("Output, 3 x 3" in str(c.proto) for c in at.get("plotly_chart"))
