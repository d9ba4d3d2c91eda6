"""The home page's picture of the whole network, as SVG: no chart library on the first page."""

import html

from .. import architecture, layers
from .style import PIPELINE_COLORS, WORDS


def pipeline_stages():
    """(stage, shape) for each block of the home page's figure: the shipped specs, their shapes
    the engine's own (no weights needed on the home page)."""
    shape = architecture.INPUT_SHAPE
    stages = [("image", "x".join(map(str, shape)))]
    for spec in architecture.SPECS:
        shape = layers.output_shape(spec, shape)
        stage, text = layers.kind(spec).stage, "x".join(map(str, shape))
        if stage:
            stages.append((stage, text))
        else:  # a kind without a block of its own (an activation, a padding): the block before shows its shape
            stages[-1] = (stages[-1][0], text)
    return tuple(stages[:-1]) + (("classes", stages[-1][1]),)  # the last dense layer gives the classes


def _label_lines(label, longest=12):
    """A stage's name on one line, or a long one of several words on two ("fully / connected"),
    so that the stages can sit close enough for the whole figure to fit at a readable size."""
    words = label.split(" ")
    if len(label) <= longest or len(words) == 1:
        return [label]
    half = max(range(1, len(words)), key=lambda i: -abs(len(" ".join(words[:i])) - len(label) / 2))
    return [" ".join(words[:half]), " ".join(words[half:])]


def pipeline(stages=None, words=WORDS, scale=1.0):
    """The whole network at a glance, as an SVG: one block per stage, its height showing the
    map size. SVG and not Plotly, so that the home page loads no chart library.

    `scale` enlarges it (presenter mode). The type is 15 px per 96 px of stage, so the figure
    fits a laptop's page at 15 px and a projector's at 18 px or more; it is never drawn below
    14 px: on a phone its box scrolls sideways (with shadows and a line saying so)."""
    stages = stages or pipeline_stages()
    step, font = 96 * scale, 15 * scale
    labels = [_label_lines(words["stage." + name]) for name, _ in stages]
    lines = max(len(label) for label in labels)
    top = 10 * scale + lines * 1.15 * font  # the names, above the blocks
    middle = top + 66
    height = middle + 60 + 14 + 1.3 * font
    parts = []
    for i, ((name, shape), label) in enumerate(zip(stages, labels)):
        side = int(shape.split("x")[0]) if "x" in shape else 0
        h = (0.25 + 0.75 * side / 32 if side else 0.9) * 120
        x = i * step + step / 2
        parts.append(
            f'<rect x="{x - 30:.1f}" y="{middle - h / 2:.1f}" width="60" height="{h:.1f}" '
            f'fill="{PIPELINE_COLORS[name]}" fill-opacity="0.85"/>'
        )
        first = top - 6 * scale - (len(label) - 1) * 1.15 * font
        spans = "".join(
            f'<tspan x="{x:.1f}" y="{first + j * 1.15 * font:.1f}">{html.escape(line)}</tspan>'
            for j, line in enumerate(label)
        )
        parts.append(f'<text font-weight="bold">{spans}</text>')
        parts.append(f'<text x="{x:.1f}" y="{middle + 60 + 14 + font:.1f}">{html.escape(shape)}</text>')
        if i:
            parts.append(
                f'<line x1="{x - step + 32:.1f}" y1="{middle}" x2="{x - 36:.1f}" y2="{middle}" '
                'marker-end="url(#arrow)"/>'
            )
    width = len(stages) * step
    least = width * 14 / font  # never below 14 px: a narrower box scrolls instead
    return (
        '<div class="cnnviz-pipeline" tabindex="0" style="overflow-x:auto">'  # a keyboard scrolls it too
        f'<svg role="img" aria-label="{html.escape(words["pipeline"])}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" style="width:100%;min-width:{least:.0f}px;font-family:inherit" '
        f'font-size="{font:.1f}" text-anchor="middle" fill="#111">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>'
        f'<g stroke="#333" stroke-width="2">{"".join(p for p in parts if p.startswith("<line"))}</g>'
        f"{''.join(p for p in parts if not p.startswith('<line'))}</svg></div>"
        # Shown only where the box is narrower than the figure (a phone): the rest is sideways.
        f'<p class="cnnviz-swipe">{html.escape(words["pipeline_swipe"])}</p>'
    )
