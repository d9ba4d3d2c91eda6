"""The home page's picture of the whole network, as SVG: no chart library on the first page."""

import html

from .. import architecture
from .style import PIPELINE_COLORS, WORDS


def pipeline_stages():
    """(stage, shape) for each block of the home page's figure, read from the architecture."""
    kinds = {"conv": "conv", "maxpool": "pool", "flatten": "flatten", "dense": "dense"}
    rows = architecture.summary()
    stages = [("image", "x".join(map(str, rows[0]["input_shape"])))]
    stages += [(kinds[r["kind"]], "x".join(map(str, r["output_shape"]))) for r in rows]
    return tuple(stages[:-1]) + (("classes", stages[-1][1]),)  # the last dense layer gives the classes


def pipeline(stages=None, words=WORDS, scale=1.0):
    """The whole network at a glance, as an SVG: one block per stage, its height showing the
    map size. SVG and not Plotly, so that the home page loads no chart library.
    `scale` enlarges the type (presenter mode). Never drawn below its 14 px type: on a phone
    its box scrolls sideways (with shadows and a line saying so) instead of shrinking the words."""
    stages = stages or pipeline_stages()
    step, top, height = 110 * scale, 28 * scale, 150 + 40 * scale  # wider blocks for wider words
    middle = top + 60
    parts = []
    for i, (name, shape) in enumerate(stages):
        side = int(shape.split("x")[0]) if "x" in shape else 0
        h = (0.25 + 0.75 * side / 32 if side else 0.9) * 120
        x = i * step + step / 2
        parts.append(
            f'<rect x="{x - 30:.1f}" y="{middle - h / 2:.1f}" width="60" height="{h:.1f}" '
            f'fill="{PIPELINE_COLORS[name]}" fill-opacity="0.85"/>'
        )
        label = html.escape(words["stage." + name])
        parts.append(f'<text x="{x:.1f}" y="{top - 6 * scale:.1f}" font-weight="bold">{label}</text>')
        parts.append(f'<text x="{x:.1f}" y="{middle + 60 + 22 * scale:.1f}">{html.escape(shape)}</text>')
        if i:
            parts.append(
                f'<line x1="{x - step + 32:.1f}" y1="{middle}" x2="{x - 36:.1f}" y2="{middle}" '
                'marker-end="url(#arrow)"/>'
            )
    width = len(stages) * step
    return (
        '<div class="cnnviz-pipeline" style="overflow-x:auto">'
        f'<svg role="img" aria-label="{html.escape(words["pipeline"])}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" style="width:100%;min-width:{width / scale:.0f}px" '
        f'font-family="sans-serif" font-size="{14 * scale:.0f}" text-anchor="middle" fill="#111">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>'
        f'<g stroke="#333" stroke-width="2">{"".join(p for p in parts if p.startswith("<line"))}</g>'
        f"{''.join(p for p in parts if not p.startswith('<line'))}</svg></div>"
        # Shown only where the box is narrower than the figure (a phone): the rest is sideways.
        f'<p class="cnnviz-swipe">{html.escape(words["pipeline_swipe"])}</p>'
    )
