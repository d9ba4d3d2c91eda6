"""What the matrix editors accept from a browser is bounded to what the lesson needs."""

import numpy as np
import pandas as pd

from cnn_viz.app.widgets import LIMIT, bounded_matrix
from tests.apptest import open_page

LIKE = np.arange(16.0).reshape(4, 4)


def test_an_honest_edit_comes_back_as_it_is():
    edited = pd.DataFrame(LIKE + 1)
    result, notes = bounded_matrix(edited, LIKE)
    assert np.array_equal(result, LIKE + 1) and notes == []


def test_added_rows_are_dropped_and_missing_ones_keep_their_values():
    """A forged message adding 20,000 rows once made one run take 38 s."""
    big = pd.DataFrame(np.ones((20_000, 6)))
    result, _ = bounded_matrix(big, LIKE)
    assert result.shape == (4, 4) and np.all(result == 1)
    result, _ = bounded_matrix(pd.DataFrame(np.zeros((2, 4))), LIKE)
    assert np.array_equal(result[:2], np.zeros((2, 4))) and np.array_equal(result[2:], LIKE[2:])


def test_extreme_empty_and_non_numbers_are_made_harmless():
    edited = pd.DataFrame(LIKE.copy())
    edited.iloc[0, 0] = np.inf
    edited.iloc[0, 1] = -1e300
    edited.iloc[1, 1] = np.nan
    edited = edited.astype(object)
    edited.iloc[2, 2] = "nine"
    result, notes = bounded_matrix(edited, LIKE)
    assert np.isfinite(result).all() and np.abs(result).max() == LIMIT
    assert result[0, 0] == LIMIT and result[0, 1] == -LIMIT and result[1, 1] == 0 and result[2, 2] == 0
    assert notes == ["editor.empty", "editor.limit"]


def test_the_lessons_editors_are_drawn_only_while_their_expander_is_open():
    """A closed editor costs a first visit nothing: no data grid, so no grid code to download."""
    for page, key, grids in (("pages/2_Convolution.py", "conv_editing", 6), ("pages/3_Pooling.py", "pool_editing", 1)):
        at = open_page(page)
        assert len(at.dataframe) == 0
        at.session_state[key] = True
        at.run()
        assert len(at.dataframe) == grids and not at.exception
        at.session_state[key] = False
        at.run()
        assert len(at.dataframe) == 0 and not at.exception
