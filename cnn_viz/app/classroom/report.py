"""After class, the results as a report that prints: each question with the lesson step it was
asked on (and its place in the lesson plan), and for each vote how many answered, the share
right, how often the sure and the unsure were right, and the three most common wrong answers.
A page of HTML of its own (a download), so the browser prints only the report, with the
teacher's own fonts, on A4 or Letter."""

import datetime
import html
from collections import Counter

from ...lesson_plan import Step
from ...live import questions, rooms, scoring
from .. import planning, settings
from ..pages import BY_ID
from ..text import lang, t
from . import common

MOST_WRONG = 3


def rows(results):
    """One row per question (a second vote joins its first): its number, step, prompt, answer,
    and "votes": [the first vote's figures, the second's if there was one] (see _vote)."""
    found, by_id = [], {}
    for number, (question, given) in scoring.numbered(results):
        answers = [value for _, value in given]
        first = rooms.first_of(question)
        if first and first in by_id:  # the second vote of a question already in the report
            by_id[first]["votes"].append(_vote(question, answers))
            continue
        row = {
            "number": number,
            "step": where_asked(question),
            "prompt": common.prompt(question),
            "answer": common.answer_label(question, question["answer"]),
            "votes": [_vote(question, answers)],
        }
        by_id[question["id"]] = row
        found.append(row)
    return found


def _vote(question, answers):
    """One vote: how many answered, (right, share), {sure / unsure: (right, answered)} when
    asked, and its most common wrong answers [(label, how many)]."""
    # A tap's place is no "wrong answer" to list: its share on the quarter Grad-CAM weighs most says it.
    wrong = (
        []
        if question["kind"] == "look"
        else [questions.split(v)[0] for v in answers if not questions.is_right(question, v)]
    )
    return {
        "answered": len(answers),
        "right": scoring.score(question, answers),
        "sure": scoring.calibration(question, answers) if question.get("confidence") else None,
        "wrong": [(common.answer_label(question, v), n) for v, n in Counter(wrong).most_common(MOST_WRONG)],
    }


def where_asked(question):
    """ "Plan step 4 · Convolution · step 5": the lesson step a question was asked at."""
    planned = question.get("plan_where")
    if isinstance(planned, list) and len(planned) == 2 and planned[0] in BY_ID:
        text = planning.step_title(Step(planned[0], dict(planned[1])))
        return t("results.plan_step", n=question.get("plan_step"), step=text)
    page = BY_ID.get(question.get("page") or "")
    if page is None:
        return ""
    step = (question.get("query") or {}).get("step")  # a stepper's step, as its link names it
    if page.lesson and settings.get(page.lesson).url == "step" and isinstance(step, int):
        return t("plan.step_of_page", page=t(page.title_key), step=step + 1)
    return t(page.title_key)


CSS = """<style>
@page { margin: 14mm; }
body { font-family: system-ui, sans-serif; color: #000; margin: 0 auto; max-width: 62rem; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #777; padding: 0.3rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; }
</style>"""


def _cell(vote, part):
    """One vote's figure for a column, as HTML."""
    e = lambda value: html.escape(str(value))
    if part == "right":
        right, share = vote["right"]
        return f"{e(share)} ({e(right)} / {e(vote['answered'])})"
    if part == "sure":
        if not vote["sure"]:
            return "—"
        return "<br>".join(e(f"{t(f'live.{c}')}: {r} / {n}") for c, (r, n) in vote["sure"].items())
    return "<br>".join(e(f"{label} × {n}") for label, n in vote["wrong"]) or "—"


def page(found, code, today=None):
    """The report as a whole HTML page, in the teacher's language."""
    e = lambda value: html.escape(str(value))
    heads = ("number", "step", "question", "answer", "vote", "right", "sure", "wrong")
    head = "".join(f"<th>{e(t(f'results.col_{h}'))}</th>" for h in heads)
    body = []
    for row in found:
        votes = row["votes"]
        span = f' rowspan="{len(votes)}"' if len(votes) > 1 else ""
        for i, vote in enumerate(votes):
            cells = []
            if i == 0:
                cells += [
                    f'<td class="n"{span}>{e(row["number"])}</td>',
                    f"<td{span}>{e(row['step'])}</td>",
                    f"<td{span}>{e(row['prompt'])}</td>",
                    f"<td{span}>{e(row['answer'])}</td>",
                ]
            which = t("results.first_vote" if i == 0 else "results.second_vote") if len(votes) > 1 else ""
            cells += [f"<td>{e(which)}</td>", f'<td class="n">{_cell(vote, "right")}</td>']
            cells += [f"<td>{_cell(vote, 'sure')}</td>", f"<td>{_cell(vote, 'wrong')}</td>"]
            body.append(f"<tr>{''.join(cells)}</tr>")
    today = today or datetime.date.today().isoformat()
    title = t("results.title", code=code)
    votes = sum(len(row["votes"]) for row in found)
    intro = t("results.intro", n=len(found), votes=votes, date=today)
    return (
        f'<!doctype html><html lang="{lang()}"><head><meta charset="utf-8"><title>{e(title)}</title>{CSS}</head>'
        f"<body><h1>{e(title)}</h1><p>{e(intro)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></body></html>"
    )
