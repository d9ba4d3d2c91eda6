"""A lesson plan as a worksheet that prints: each step with the exact numbers a student needs
(the window and the filter, the pooling window, the picture), a box for each answer, and the
answer key on a page of its own for the teacher. One HTML block in the visitor's language,
printed by the browser (its fonts, A4 or Letter): PRINT_CSS leaves Streamlit's own controls off
the paper.

Each step's question is made by the same functions the lesson pages offer it with
(cnn_viz.live.questions, over the same traces and the same forward pass), from the settings the
walk opens the page with (planning.step_settings), so the sheet's numbers are the screen's
(tests/test_plan.py holds the two together, question by question).
"""

import html

import numpy as np

from .. import article, explain, numbers, ops, replay
from ..live import questions
from . import classroom, network_view, picture, planning, resources
from .classroom import common
from .pages import BY_ID
from .text import class_name, t, words

# On paper only the sheet: Streamlit's header, menu, toolbar and the page's buttons stay off.
PRINT_CSS = """<style>
@page { margin: 14mm; }
@media print {
  header, [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], .st-key-toolbar, .st-key-plan_controls,
  [data-testid="stBottom"], [data-testid="stStatusWidget"] { display: none !important; }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"], .block-container,
  [data-testid="stMainBlockContainer"] {
    overflow: visible !important; height: auto !important; min-height: 0 !important;
    position: static !important; padding: 0 !important; margin: 0 !important; max-width: none !important;
  }
  html { font-size: 12pt !important; }
}
.cnnviz-sheet { color: #000; background: #fff; font-size: 1rem; line-height: 1.35; }
.cnnviz-sheet h2 { font-size: 1.5rem; margin: 0 0 0.3rem; padding: 0; }
.cnnviz-sheet h3 { font-size: 1.12rem; margin: 0.2rem 0 0.4rem; padding: 0; }
.cnnviz-sheet .ws-who { display: flex; gap: 2rem; margin: 0.4rem 0 0.8rem; }
.cnnviz-sheet .ws-who span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 0.1rem; }
.cnnviz-sheet .ws-step { border-top: 1px solid #888; padding: 0.5rem 0 0.7rem; break-inside: avoid; }
.cnnviz-sheet .ws-row { display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: flex-start; }
.cnnviz-sheet table.ws-m { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.cnnviz-sheet table.ws-m caption { caption-side: top; font-size: 0.9rem; text-align: left; padding-bottom: 0.15rem;
  white-space: nowrap; }
.cnnviz-sheet table.ws-m td { border: 1px solid #999; min-width: 2.1rem; height: 1.7rem; text-align: center;
  padding: 0 0.25rem; }
.cnnviz-sheet table.ws-m td.ws-in { border: 2.5px solid #000; font-weight: 700; }
.cnnviz-sheet table.ws-m td.ws-pad { color: #666; }
.cnnviz-sheet .ws-q { margin: 0.45rem 0 0.2rem; }
.cnnviz-sheet .ws-box { display: inline-block; min-width: 7rem; height: 1.8rem; border: 1.5px solid #000;
  vertical-align: middle; margin: 0 0.4rem; }
.cnnviz-sheet .ws-choices span { display: inline-block; margin: 0.15rem 1.1rem 0.15rem 0; }
.cnnviz-sheet .ws-choices span::before { content: ""; display: inline-block; width: 0.8rem; height: 0.8rem;
  border: 1.5px solid #000; margin-right: 0.3rem; vertical-align: -0.1rem; }
.cnnviz-sheet img.ws-pic { image-rendering: pixelated; border: 1px solid #000; }
.cnnviz-sheet .ws-grid { position: relative; display: inline-block; }
.cnnviz-sheet .ws-grid::after { content: ""; position: absolute; inset: 0; pointer-events: none;
  background-image: linear-gradient(#000 1px, transparent 1px), linear-gradient(90deg, #000 1px, transparent 1px);
  background-size: 25% 25%; opacity: 0.55; }
.cnnviz-sheet .ws-key { break-before: page; page-break-before: always; margin-top: 1.5rem; }
.cnnviz-sheet .ws-key li { margin: 0.25rem 0; }
.cnnviz-sheet .ws-note { font-size: 0.9rem; color: #333; }
</style>"""


# Kinds whose numbers are on the board, not on paper (a layer's maps, a replayed run, a cell's field).
ON_BOARD = ("zero_maps", "field_size", "epoch_accuracy", *questions.EXCITES)


def sheet(plan, image):
    """The worksheet of `plan` (the picture on screen is `image`, an images.Picture, where the
    plan names none) as HTML, and its answer key: [(step number, question, answer text)].

    Nothing on the students' pages answers a question: a pooling input that holds an earlier
    question's answer shows "(step n)" in that cell (the student uses their own answer), the
    picture is not named, "where did the network look?" does not name the class, and a
    misconception's question comes without the tables that settle it."""
    parts, key = [PRINT_CSS, '<div class="cnnviz-sheet">', _head(plan, image)], []
    asked = [s.ask.kind for s in plan.steps if s.ask]
    context = {"answered": _pooled_answers(plan), "class_asked": "predict" in asked, "own": not plan.picture,
               "size_asked": "conv_size" in asked}  # fmt: skip
    for n, step in enumerate(plan.steps, 1):
        context["n"] = n
        body, answers = _step(step, image, context)
        parts.append(f'<section class="ws-step"><h3>{_e(planning.step_title(step, n - 1))}</h3>{body}</section>')
        key += [(n, question, answer) for question, answer in answers]
    parts.append(_key(key, context))
    parts.append("</div>")
    return "".join(parts), key


def _e(text):
    return html.escape(str(text))


def _head(plan, image):
    pic = ""
    if plan.picture:  # not named: "cat #1" would answer "which class?"
        pic = f'<div class="ws-row">{_picture(image.rgb, 128)}<p>{_e(t("plan.sheet_picture"))}</p></div>'
    return (
        f"<h2>{_e(t('plan.sheet_title'))}</h2>"
        f'<div class="ws-who"><span>{_e(t("plan.sheet_name"))}</span><span>{_e(t("plan.sheet_date"))}</span></div>'
        f"{pic}"
    )


def _picture(rgb, width, grid=False):
    """A picture as an <img> of its own pixels (crisp when printed), with a 4 x 4 grid over it
    for "where did the network look?"."""
    img = f'<img class="ws-pic" src="{picture.data_url(rgb, width)}" width="{width}" height="{width}" alt="">'
    return f'<span class="ws-grid">{img}</span>' if grid else img


def _matrix(values, caption, window=None, padding=0, instead=None):
    """A small matrix as a table, the window (top, left, size) outlined, padding's zeros grey;
    `instead`: {(row, col): text} written in place of those cells' values."""
    values = np.asarray(values, dtype=float)
    rows = []
    for r in range(values.shape[0]):
        cells = []
        for c in range(values.shape[1]):
            classes = []
            if window and window[0] <= r < window[0] + window[2] and window[1] <= c < window[1] + window[2]:
                classes.append("ws-in")
            if padding and not (padding <= r < values.shape[0] - padding and padding <= c < values.shape[1] - padding):
                classes.append("ws-pad")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            written = (instead or {}).get((r, c), numbers.exact(values[r, c]))
            cells.append(f"<td{attr}>{_e(written)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="ws-m"><caption>{_e(caption)}</caption>{"".join(rows)}</table>'


def _prompt(question, context):
    """The question as the sheet asks it: on paper one shades, and "where did the network look?"
    does not name the class where the sheet also asks which class it is."""
    if question["kind"] == "look":
        return (
            t("plan.sheet_look")
            if context["class_asked"]
            else t("plan.sheet_look_cls", cls=class_name(question["params"]["cls"]))
        )
    return common.prompt(question)


def _box(question):
    """Where the student writes: a box, ticks beside the choices, a grid on the picture."""
    form = questions.answer_form(question)
    if form == "choice":
        names = [common.option_label(question, o) for o in question["options"]]
        return '<div class="ws-choices">' + "".join(f"<span>{_e(n)}</span>" for n in names) + "</div>"
    if form == "tap":
        return _picture(questions.look_pictures(question)[0], 192, grid=True)
    box = '<span class="ws-box"></span>'
    return f"<p>{box}{'%' if question.get('tolerance') else ''}</p>"


def _answer(question):
    if question["kind"] == "look":
        pixels, heat, top = questions.look_pictures(question)
        marked = pixels.copy()
        marked[~top] = (marked[~top] * 0.25 + 191).astype(np.uint8)  # the quarter it weighs most stays bright
        return None, marked
    return common.answer_label(question, question["answer"]), None


def _key(key, context):
    items = []
    if context["own"] and key:  # the screen's picture, which may not be the one in class
        items.append(f'<li class="ws-note">{_e(t("plan.sheet_own_picture"))}</li>')
    for n, question, _ in key:
        text, pic = _answer(question)
        shown = _e(text) if pic is None else f"{_e(t('plan.sheet_looked'))}<br>{_picture(pic, 128)}"
        items.append(f"<li>{_e(t('plan.sheet_key_step', n=n))} {_e(_prompt(question, context))}<br><b>{shown}</b></li>")
    body = "".join(items) or f"<li>{_e(t('plan.sheet_no_questions'))}</li>"
    return (
        f'<div class="ws-key"><h2>{_e(t("plan.sheet_key"))}</h2><ol style="list-style:none;padding:0">{body}</ol></div>'
    )


def _step(step, image, context):
    """A step's numbers and questions: (HTML, [(question, answer text)])."""
    values = planning.step_settings(step)
    kinds = [step.ask.kind] if step.ask else []
    draw = {"conv": _conv, "pool": _pool}.get(step.page, _model_step)
    context["page"] = step.page
    body, asked = draw(values, kinds, image, context)
    if any(kind in questions.TRAPS for kind in kinds):
        body = ""  # the filters or the bias line would settle a misconception's question
    parts, answers = [body], []
    for question in asked:
        parts.append(f'<p class="ws-q"><b>{_e(t("plan.sheet_question"))}</b> {_e(_prompt(question, context))}</p>')
        if question["kind"] in ON_BOARD:
            board = "plan.sheet_on_board_pictures" if question["kind"] in questions.EXCITES else "plan.sheet_on_board"
            parts.append(f'<p class="ws-note">{_e(t(board))}</p>')
        parts.append(_box(question))
        if step.ask and step.ask.again:
            parts.append(f'<p class="ws-note">{_e(t("plan.sheet_again"))}</p>{_box(question)}')
        answers.append((question, _answer(question)[0]))
    return "".join(parts), answers


def _conv(values, kinds, image, context):
    """The article's picture with the window outlined, the filter and the bias, at the step."""
    k, s, p = values["conv_k"], values["conv_s"], values["conv_p"]
    n = article.TOY_IMAGE.shape[0]
    if k > n + 2 * p:
        return f"<p>{_e(t('conv.no_fit', k=k, n=n, p=p, padded=n + 2 * p))}</p>", []
    kernel = article.kernel_preset(values["conv_preset"], k)
    trace = ops.conv_trace(article.TOY_IMAGE, kernel, values["conv_bias"], s, p)
    i = min(values["conv_step"], len(trace.steps) - 1)
    here = trace.steps[i]
    names = [words()[c] for c in article.CHANNELS]
    tables = []
    for c, name in enumerate(names):
        tables.append(
            _matrix(trace.padded[:, :, c], t("conv.channel_title", channel=name), (here.top, here.left, k), p)
        )
        tables.append(_matrix(kernel[:, :, c], t("plan.sheet_filter", channel=name)))
    bias = f"<p>{_e(t('plan.sheet_bias', bias=numbers.exact(values['conv_bias'])))}</p>"
    where = t("plan.sheet_cell", row=here.row, col=here.col)
    body = f'<p>{_e(where)}</p><div class="ws-row">{"".join(tables)}</div>{bias}'
    query = {"preset": values["conv_preset"], "k": k, "s": s, "p": p}
    made = {
        "conv_value": lambda: questions.conv_value(trace, i, query),
        "conv_size": lambda: questions.conv_size(n, k, s, p, trace.output.shape[0], query),
    }
    asked = [made[kind]() if kind in made else questions.trap(kind) for kind in kinds]
    return body, asked


# The convolution whose output the pooling lesson pools: the article's filter, 2 x 2, stride 1, no
# padding, no bias (pages/3_Pooling.py's ARTICLE_INPUT).
POOLED = (article.TOY_KERNEL.shape[0], 1, 0, "article", article.TOY_BIAS)


def _pooled_answers(plan):
    """{(row, col): step number} of the pooling input's cells that a convolution question of the
    plan asks, wherever it stands (the whole sheet is handed out at once)."""
    found = {}
    for n, step in enumerate(plan.steps, 1):
        if step.page != "conv" or not step.ask or step.ask.kind != "conv_value":
            continue
        v = planning.step_settings(step)
        if (v["conv_k"], v["conv_s"], v["conv_p"], v["conv_preset"], v["conv_bias"]) != POOLED:
            continue
        out = ops.output_size(article.TOY_IMAGE.shape[0], POOLED[0])
        at = min(v["conv_step"], out * out - 1)
        found.setdefault((at // out, at % out), n)
    return found


def _pool(values, kinds, image, context):
    """The pooling lesson's input (the article's convolution) with the window outlined."""
    matrix = ops.conv2d(article.TOY_IMAGE, article.TOY_KERNEL, article.TOY_BIAS)
    size, stride, n = values["pool_size"], values["pool_stride"], matrix.shape[0]
    if size > n:
        return f"<p>{_e(t('pool.no_fit', size=size, n=n))}</p>", []
    i = min(values["pool_step"], ops.positions(n, size, stride) - 1)
    query = {"window": size, "stride": stride, "mode": values["pool_show"]}
    traces = {f"pool_{mode}": ops.pool_trace(matrix, size, stride, mode) for mode in ("max", "average")}
    here = traces["pool_max"].steps[i]
    answers = {cell: t("plan.sheet_your_answer", n=n) for cell, n in context["answered"].items()}
    if context["size_asked"]:  # the whole input would show the output size the sheet asks: the window only
        window = matrix[here.top : here.top + size, here.left : here.left + size]
        answers = {(r - here.top, c - here.left): a for (r, c), a in answers.items()}
        table = _matrix(window, t("plan.sheet_pool_window"), instead=answers)
    else:
        table = _matrix(matrix, t("plan.sheet_pool_input"), (here.top, here.left, size), instead=answers)
    body = f'<p>{_e(t("plan.sheet_cell", row=here.row, col=here.col))}</p><div class="ws-row">{table}</div>'
    asked = [questions.pool_value(traces[kind], i, query) if kind in traces else questions.trap(kind) for kind in kinds]
    return body, asked


def _model_step(values, kinds, image, context):
    """A page about the network: the picture, and its question made from the network's own numbers."""
    page = BY_ID[context["page"]]
    shows_picture = page.id in ("image", "maps", "cell", "predict", "why")
    drawn_in_box = "look" in kinds  # the tap question prints the picture under its grid
    body = f'<div class="ws-row">{_picture(image.rgb, 128)}</div>' if shows_picture and not drawn_in_box else ""
    if page.id == "maps":
        body += f"<p>{_e(t('plan.sheet_layer', layer=values['fm_layer']))}</p>"
    return body, [q for q in (_network_question(kind, values, image) for kind in kinds) if q is not None]


def _network_question(kind, values, image):
    net = resources.network()
    query = {"sample": image.linkable} if image.linkable else {}
    outputs = net.forward(image.x)
    if kind == "predict":
        return questions.predict(outputs["probabilities"], image.linkable, query)
    if kind == "look":
        top = int(np.argmax(outputs["probabilities"]))
        return classroom.look_question(net, image.pixels, image.x, top, image.linkable, query)
    if kind == "zero_maps":
        layer = values["fm_layer"]
        out = outputs[layer]
        if out.ndim != 3:
            return None
        where = {"layer": layer, **query}
        return questions.zero_maps(layer, network_view.silent_maps(out), out.shape[2], where)
    if kind == "field_size":
        layer, row, col = values["cell_layer"], values["cell_row"], values["cell_col"]
        chain = explain.window_chain(net, layer, row, col)
        where = {"layer": layer, "map": values["cell_map"], "row": row, "col": col, **query}
        return questions.field_size(layer, chain[-1][3] - chain[-1][1] + 1, where)
    if kind == "epoch_accuracy":
        first = next((i for i, s in enumerate(replay.load().snapshots) if s.moment == ("epoch", 1)), None)
        return (
            None
            if first is None
            else questions.epoch_accuracy(replay.measured(first)["accuracy"], {"at": first, **query})
        )
    if kind in questions.EXCITES:
        layer = values["fm_layer"]
        conv = network_view.source_conv(net, layer)
        pick = min(values["fm_map"], outputs[layer].shape[-1] - 1)
        found = {
            q["kind"]: q for q in classroom.excites_offers(net, conv, pick, {"layer": layer, **query, "map": pick})
        }
        return found.get(kind)
    return None
