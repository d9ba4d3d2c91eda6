"""What a figure shows, as text for assistive technology, made from the same values the figure
draws (so the two cannot drift): a small matrix as a table with row and column headers, a large
map or a heat map as a sentence (its size, its range, where its strongest region is and what
share of the total it holds), a curve as a table of its values.

Each returns HTML that is visually hidden (HIDDEN) and read by a screen reader in place of the
drawing, which is then aria-hidden. The words come from the figure words (i18n fig.*), in the
visitor's language. No Streamlit here.
"""

import html

import numpy as np

from .. import numbers

# Visually hidden, still read: the usual "screen-reader only" rules, inline (st.html keeps
# inline styles; a class would need a style sheet on every page).
HIDDEN = (
    "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0,0,0,0);white-space:nowrap;border:0"
)
PLACES = ("upper_left", "top", "upper_right", "left", "centre", "right", "lower_left", "bottom", "lower_right")
MOST_ROWS = 60  # a curve's table reads at most this many of its points, evenly spread
MOST_CELLS = 256  # a matrix of at most this many written cells is read as a table, a larger one described


def _esc(text):
    return html.escape(str(text))


def hidden(markup, tag="div"):
    return f'<{tag} style="{HIDDEN}">{markup}</{tag}>'


def table(labels, title, words, names=None, origin=(0, 0)):
    """A matrix's written values (labels: (H, W) of text) as a table: a caption, the column
    numbers (or names) as column headers, the row numbers (or names) as row headers."""
    rows, cols = labels.shape
    col_names = names[1] if names else [f"{words['column']} {origin[1] + c}" for c in range(cols)]
    row_names = names[0] if names else [f"{words['row']} {origin[0] + r}" for r in range(rows)]
    head = "<tr><td></td>" + "".join(f'<th scope="col">{_esc(n)}</th>' for n in col_names) + "</tr>"
    body = "".join(
        f'<tr><th scope="row">{_esc(row_names[r])}</th>' + "".join(f"<td>{_esc(v)}</td>" for v in labels[r]) + "</tr>"
        for r in range(rows)
    )
    # Named by aria-label, not a <caption>: the drawing's own title already stands on the page as text.
    name = _esc(title or words["sr_matrix"].format(rows=rows, cols=cols))
    return hidden(f'<table aria-label="{name}">{head}{body}</table>')


def strongest(values):
    """Where a map is strongest: (top, left, side, share of the total, place), the side x side
    window (a quarter of the shorter side) whose sum of positive values is largest, and its
    place among the nine (PLACES) by its centre; share None when nothing is above 0."""
    values = np.nan_to_num(np.asarray(values, dtype=float))
    positive = np.maximum(values, 0.0)
    rows, cols = positive.shape
    side = max(1, min(rows, cols) // 4)
    total = float(positive.sum())
    sums = np.lib.stride_tricks.sliding_window_view(positive, (side, side)).sum(axis=(2, 3))
    top, left = (int(i) for i in np.unravel_index(np.argmax(sums), sums.shape))  # the first, on ties
    share = float(sums[top, left]) / total if total > 0 else None
    row_third = min(int(3 * (top + side / 2) / rows), 2)
    col_third = min(int(3 * (left + side / 2) / cols), 2)
    return top, left, side, share, PLACES[3 * row_third + col_third]


def summary(values, words, name=""):
    """A large map in one sentence: "32 × 32 values from 0 to 1; strongest 8 × 8 region: upper
    left, 31% of the total"."""
    values = np.asarray(values, dtype=float)
    rows, cols = values.shape
    known = values[~np.isnan(values)]
    lo, hi = (float(known.min()), float(known.max())) if known.size else (0.0, 0.0)
    text = words["sr_size"].format(rows=rows, cols=cols, lo=numbers.exact(lo, False), hi=numbers.exact(hi, False))
    _, _, side, share, place = strongest(values)
    if share is None:
        text += words["sr_sep"] + words["sr_none_above"]
    else:
        strongest_part = words["sr_strongest"].format(k=side, where=words[f"place.{place}"], share=f"{share:.0%}")
        text += words["sr_sep"] + strongest_part
    return f"{name}: {text}" if name else text


def series(series_list, x_title, label, words):
    """Curves as a table: the x values down the first column, one column per curve (its name),
    each value written as the axes write them (`label`); at most MOST_ROWS rows."""
    names = [name for name, *_ in series_list]
    xs = np.asarray(series_list[0][1], dtype=float)
    keep = np.unique(np.linspace(0, len(xs) - 1, min(len(xs), MOST_ROWS)).round().astype(int))
    head = f'<tr><th scope="col">{_esc(x_title or words["sr_x"])}</th>' + "".join(
        f'<th scope="col">{_esc(n)}</th>' for n in names
    )
    rows = []
    for i in keep:
        cells = []
        for _, sx, sy, *_ in series_list:
            sx, sy = np.asarray(sx, dtype=float), np.asarray(sy, dtype=float)
            found = np.flatnonzero(np.isclose(sx, xs[i]))
            cells.append(f"<td>{_esc(label(sy[found[0]]))}</td>" if found.size else "<td>—</td>")
        rows.append(f'<tr><th scope="row">{_esc(label(xs[i]))}</th>{"".join(cells)}</tr>')
    return hidden(f"<table>{head}</tr>{''.join(rows)}</table>")


def units(values, words, most=3):
    """A layer's units in one sentence: how many, their range, the largest few with their index."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(-values, kind="stable")[:most]
    top = ", ".join(f"{i} ({numbers.exact(values[i], False)})" for i in order)
    lo, hi = numbers.exact(float(values.min()), False), numbers.exact(float(values.max()), False)
    return words["sr_units"].format(n=len(values), lo=lo, hi=hi, top=top)
