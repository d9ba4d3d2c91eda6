"""Figures that carry many numbers: what the browser receives is the exact values, once."""

import base64
import io
import re

import numpy as np
import pytest
from plotly.colors import sample_colorscale

from cnn_viz import figures
from cnn_viz.figures.pipeline import _label_lines
from cnn_viz.numbers import exact as numbers_exact
from tests.apptest import HOME, open_page


def test_a_grid_of_maps_is_one_small_picture_per_map_with_its_number():
    from PIL import Image

    maps = np.random.default_rng(0).normal(size=(5, 4, 11))
    for shared in (True, False):
        fig = figures.tiles(maps, columns=4, shared_scale=shared)
        pictures = re.findall(r'src="data:image/png;base64,([^"]+)"', fig.markup)
        assert len(pictures) == 11 and re.findall(r'data-cell="(\d+),0"', fig.markup) == [str(i) for i in range(11)]
        for i in (0, 10):  # each picture is its map: the darkest pixel where the map is lowest
            rgb = np.asarray(Image.open(io.BytesIO(base64.b64decode(pictures[i]))))
            assert rgb.shape == (5, 4, 3)
            brightness = rgb.astype(float).sum(axis=2)
            m = maps[:, :, i]
            assert np.unravel_index(brightness.argmin(), m.shape) == np.unravel_index(m.argmin(), m.shape)
            if not shared:  # each map its own colour range: its lowest value is the scale's darkest
                assert tuple(rgb[np.unravel_index(m.argmin(), m.shape)]) == tuple(figures.html._SEQUENTIAL_LUT[0])
        assert f"map 3: {numbers_exact(maps[:, :, 3].min())} … {numbers_exact(maps[:, :, 3].max())}" in fig.markup
    from cnn_viz import gallery, images, model

    conv1 = model.load().forward(images.to_model_input(gallery.by_id("cat-1").rgb()))["conv1"]
    assert len(figures.tiles(conv1).markup) < 2 * conv1.size, "under 2 bytes a value (the Plotly grid sent 5.5)"


def test_the_home_pipeline_is_an_svg_with_every_stage_and_its_shape():
    svg = figures.pipeline()
    stages = figures.pipeline_stages()
    assert svg.count("<rect") == len(stages) and svg.count("<line") == len(stages) - 1
    for name, shape in stages:
        label = figures.WORDS["stage." + name]
        assert all(f">{line}</tspan>" in svg for line in _label_lines(label)) and f">{shape}</text>" in svg
    assert ">fully</tspan>" in svg and ">connected</tspan>" in svg, "a long name on two lines"
    assert 'role="img"' in svg and "plotly" not in svg.lower()
    assert 'font-size="19.5"' in figures.pipeline(scale=1.3), "larger type for a projector"


def test_the_home_page_draws_the_pipeline_without_a_chart_library():
    at = open_page(HOME, presenter=1)
    svg = [m.value for m in at.markdown if "<svg" in m.value]
    assert len(svg) == 1 and 'font-size="19.5"' in svg[0], "one pipeline, in the projector's larger type"
    assert not at.get("plotly_chart"), "no Plotly on the home page: its 4.7 MB bundle is not fetched"


def _read(fig):
    from tests.apptest import _Reader

    reader = _Reader()
    reader.feed(f'<div data-figure="{fig.kind}">{fig.markup}</div>')
    drawn = reader.figures[0]
    drawn.cells = {k: tuple(v) for k, v in drawn.cells.items()}
    return drawn


def test_a_zoom_names_the_pictures_own_rows_and_columns():
    """The Image page's 8 x 8 zoom read 0-7 on its axes while the text said rows 12-19."""
    from cnn_viz import figures

    fig = figures.matrix(np.arange(64.0).reshape(8, 8), origin=(12, 4))
    ticks = re.findall(r'grid-row:1;grid-column:\d+;[^"]*">(\d+)<', fig.markup)
    assert ticks == [str(c) for c in range(4, 12)], "the column numbers count from the zoom's first column"
    rows = re.findall(r'grid-row:(\d+);grid-column:1;[^"]*">(\d+)<', fig.markup)
    assert [r for _, r in rows] == [str(r) for r in range(12, 20)]
    cells = _read(fig).cells
    assert cells[(0, 0)][1] == "row 12, column 4: value 0" and cells[(7, 7)][1] == "row 19, column 11: value 63"


def test_a_matrix_without_a_chart_library_writes_every_number_and_outlines():
    from cnn_viz import figures

    values = np.array([[1.0, -2.5, 10.25], [1 / 9, np.nan, 0.0]])
    fig = figures.matrix(
        values,
        "Output",
        figures.DIVERGING,
        -3,
        3,
        highlight=(0, 1, 1, 2),
        marks=[(1, 2, 1, 1, figures.WINNER, 6, 0.12)],
    )
    drawn = _read(fig)
    assert drawn.title == "Output" and drawn.outlines == [(0, 1, 1, 2), (1, 2, 1, 1)]
    assert [drawn.cells[(0, c)][0] for c in range(3)] == ["1", "\u22122.5", "10.25"]
    assert drawn.cells[(1, 0)][0] == "1/9" and drawn.cells[(1, 1)] == ("", "row 1, column 1", ""), "not computed yet"
    np.testing.assert_allclose(drawn.values(), values)
    assert "plotly" not in fig.markup.lower()
    big = _read(figures.matrix(np.arange(900.0).reshape(30, 30) / 7, text=False, height=380))
    assert big.cells[(29, 29)][0] == "" and big.cells[(29, 29)][1] == "row 29, column 29: value 128.4"


@pytest.mark.parametrize("scale", ["Cividis", "DIVERGING", "red", "green", "blue"])
def test_every_number_in_a_cell_stands_out_from_its_cell(scale):
    """Plotly wrote white on light green (2.2:1): each number is now black or white by its
    cell's colour, 4.5:1 or better on every scale the pages use, at every value."""
    from cnn_viz import figures
    from cnn_viz.figures import style

    colours = {"Cividis": "Cividis", "DIVERGING": style.DIVERGING, **style.CHANNEL_SCALES}[scale]
    values = np.linspace(-3, 7, 101).reshape(1, 101)
    fig = figures.matrix(values, colorscale=colours, zmin=-3, zmax=7, height=400)
    written = [c[0] for _, c in sorted(_read(fig).cells.items())]
    assert written == [numbers_exact(v) for v in values[0]]
    inks = re.findall(r";color:(#[0-9a-f]{6});", fig.markup)
    backgrounds = [c[2] for _, c in sorted(_read(fig).cells.items())]
    cells = [style.colour_rgb(c) for c in sample_colorscale(colours, np.linspace(0, 1, 101).tolist())]
    np.testing.assert_allclose([style.colour_rgb(b) for b in backgrounds], cells, atol=1), "Plotly's own colours"
    worst = min(style.contrast(style.colour_rgb(b), style.colour_rgb(ink)) for b, ink in zip(backgrounds, inks))
    assert worst >= 4.5, worst
    padded = figures.matrix(np.ones((3, 3)), padding=1)
    assert f"color:{style.INK}" in padded.markup.split('data-cell="0,0"')[1].split("</div>")[0], "a padding zero in ink"


def test_every_chart_text_is_raised_to_the_smallest_legible_size_in_ink():
    from cnn_viz import figures
    from cnn_viz.app import widgets

    fig = figures.answers([("a", 3), ("b", 1)])
    fig.update_xaxes(tickfont=dict(size=9))
    widgets.legible(fig, 18)
    assert fig.layout.xaxis.tickfont.size == 18, "9 px ticks raised to 18"
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[1.0, -2.0], y=["x", "y"], orientation="h", text=["1", "-2"], textposition="outside"))
    widgets.legible(fig, 18)
    assert fig.layout.font.size >= 18 and fig.data[0].textfont.size >= 18
    assert fig.data[0].textfont.color == figures.style.INK, "numbers beside bars in ink, not the theme's grey"
    assert fig.layout.yaxis.tickfont.color == figures.style.INK


def test_signed_bars_write_each_value_beside_its_bar():
    from cnn_viz import figures

    drawn = _read(figures.signed_bars([0.35, -1 / 9], ["x", "y"], "adds to dog", exact=True))
    assert drawn.title == "adds to dog" and drawn.bars == {"x": "0.35", "y": "\u22121/9"}
    drawn = _read(figures.signed_bars([4.2764, -1.4], ["cat", "dog"], "logits"))
    assert drawn.bars == {"cat": "4.276", "dog": "\u22121.400"}, "as the softmax table writes them"
