"""After class, the results as a report that prints: each question with the lesson step it was
asked on (and its place in the lesson plan), how many answered and the share right, the first
and the second vote, how often the sure and the unsure were right, and the three most common
wrong answers. A page of HTML of its own (a download), so the browser prints only the report,
with the teacher's own fonts, on A4 or Letter."""

import html
from collections import Counter

from ...live import questions, rooms, scoring
from ..pages import BY_ID
from ..text import lang, t
from . import common

MOST_WRONG = 3


def rows(results):
    """One row per question (a second vote joins its first): a dict of what the report prints."""
    found, by_id = [], {}
    for number, (question, given) in scoring.numbered(results):
        answers = [value for _, value in given]
        first = rooms.first_of(question)
        if first and first in by_id:  # the second vote of a question already in the report
            by_id[first]["second"] = scoring.score(question, answers) + (len(answers),)
            by_id[first]["wrong"] = _most_wrong(question, [*by_id[first]["_answers"], *answers])
            continue
        row = {
            "number": number,
            "step": where_asked(question),
            "prompt": common.prompt(question),
            "answer": common.answer_label(question, question["answer"]),
            "answered": len(answers),
            "first": scoring.score(question, answers),
            "second": None,
            "sure": scoring.calibration(question, answers) if question.get("confidence") else None,
            "wrong": _most_wrong(question, answers),
            "_answers": answers,
        }
        by_id[question["id"]] = row
        found.append(row)
    return found


def where_asked(question):
    """ "Plan step 4 · Convolution · step 5": the lesson step a question is about."""
    page = BY_ID.get(question.get("page") or "")
    if page is None:
        return ""
    text = t(page.title_key)
    step = (question.get("query") or {}).get("step")
    if page.lesson and isinstance(step, int):
        text = t("plan.step_of_page", page=text, step=step + 1)
    if isinstance(question.get("plan_step"), int):
        text = t("results.plan_step", n=question["plan_step"], step=text)
    return text


def _most_wrong(question, answers):
    """The three most common wrong answers, as [(label, how many)]."""
    wrong = [questions.split(v)[0] for v in answers if not questions.is_right(question, v)]
    return [(common.answer_label(question, v), n) for v, n in Counter(wrong).most_common(MOST_WRONG)]


CSS = """<style>
@page { margin: 14mm; }
body { font-family: system-ui, sans-serif; color: #000; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #777; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
</style>"""


def page(found, code):
    """The report as a whole HTML page, in the teacher's language."""
    e = lambda value: html.escape(str(value))
    heads = ("number", "step", "question", "answer", "answered", "first", "second", "sure", "wrong")
    head = "".join(f"<th>{e(t(f'results.col_{h}'))}</th>" for h in heads)
    body = []
    for row in found:
        right, share = row["first"]
        second = "—" if row["second"] is None else f"{row['second'][1]} ({row['second'][0]} / {row['second'][2]})"
        sure = "—"
        if row["sure"]:
            parts = [f"{t(f'live.{c}')}: {r} / {n}" for c, (r, n) in row["sure"].items()]
            sure = "<br>".join(e(p) for p in parts)
        wrong = "<br>".join(e(f"{label} × {n}") for label, n in row["wrong"]) or "—"
        cells = [
            f'<td class="n">{e(row["number"])}</td>',
            f"<td>{e(row['step'])}</td>",
            f"<td>{e(row['prompt'])}</td>",
            f"<td>{e(row['answer'])}</td>",
            f'<td class="n">{e(row["answered"])}</td>',
            f'<td class="n">{e(share)} ({e(right)} / {e(row["answered"])})</td>',
            f'<td class="n">{e(second)}</td>',
            f"<td>{sure}</td>",
            f"<td>{wrong}</td>",
        ]
        body.append(f"<tr>{''.join(cells)}</tr>")
    title = t("results.title", code=code)
    return (
        f'<!doctype html><html lang="{lang()}"><head><meta charset="utf-8"><title>{e(title)}</title>{CSS}</head>'
        f"<body><h1>{e(title)}</h1><p>{e(t('results.intro', n=len(found)))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )
