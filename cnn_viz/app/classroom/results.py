"""What a class answered, after End class: a summary per question, a row per student's answer
when the class gave nicknames, and both as CSV a spreadsheet opens safely."""

import csv
import html
import io
import re

import streamlit as st

from ...live import questions, scoring, store
from ..text import t
from . import common, report


def summary(results):
    """One row per question asked: [number, question, answer, answered, right, share]."""
    rows = []
    for number, (question, given) in scoring.numbered(results):
        answers = [value for _, value in given]
        right, share = scoring.score(question, answers)
        rows.append(
            [
                number,
                common.prompt(question),
                common.answer_label(question, question["answer"]),
                len(answers),
                right,
                share,
            ]
        )
    return rows


def per_student(results):
    """One row per answer in a named class: [nickname, number, question, their answer, right?,
    how sure], by nickname, then question (a second vote is a row of its own, with its first's number)."""
    rows = []
    for number, (question, given) in scoring.numbered(results):
        for name, value in given:
            right = t("live.yes") if questions.is_right(question, value) else t("live.no")
            sure = questions.split(value)[1]
            rows.append(
                [
                    name or "—",
                    number,
                    common.prompt(question),
                    common.answer_label(question, value),
                    right,
                    t(f"live.{sure}") if sure else "",
                ]
            )
    return sorted(rows, key=lambda row: (row[0].casefold(), row[1]))


COLUMNS = ("number", "question", "answer", "answered", "right", "share")
STUDENT_COLUMNS = ("name", "number", "question", "given", "correct", "sure")


def results_csv(rows, columns=COLUMNS):
    """Rows as CSV (UTF-8 with a byte-order mark, so a spreadsheet reads the Chinese), every
    text cell made safe to open (spreadsheet_cell)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([spreadsheet_cell(t(f"live.col_{c}")) for c in columns])
    writer.writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def spreadsheet_cell(value):
    """A cell a spreadsheet shows as the text it is: text starting with = + - @, a tab or a
    carriage return (a formula, to Excel and LibreOffice: "=cmd|'/c calc'!A1" in a nickname)
    gets a leading ' (OWASP's advice). A plain number ("-3", a student's answer) stays one."""
    if not isinstance(value, str) or not value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return value
    return value if _PLAIN_NUMBER.fullmatch(value) else "'" + value


_PLAIN_NUMBER = re.compile(r"-\d+(\.\d+)?(e[+-]?\d+)?")  # as questions.clean_number writes them


def show(where, code, token, named):
    """After End class: what the class answered, question by question, and its CSV (and a
    row per student's answer when the students gave names)."""
    found = store().results(code, token) or []
    rows = summary(found)
    with where.container(border=True, key="live_results"):
        st.markdown(t("live.results", code=code, n=len(rows)))
        if not rows:
            return
        cell = lambda value: html.escape(str(value)).replace("|", "\\|")
        lines = ["| " + " | ".join(t(f"live.col_{c}") for c in COLUMNS) + " |", "|--:|---|---|--:|--:|--:|"]
        lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows]
        st.markdown("\n".join(lines))
        left, right, printed = st.columns(3)
        name = f"live-class-{code}"
        left.download_button(t("live.download"), results_csv(rows), f"{name}.csv", "text/csv", key="live_download")
        if named:
            by_student = results_csv(per_student(found), STUDENT_COLUMNS)
            right.download_button(
                t("live.download_students"),
                by_student,
                f"{name}-students.csv",
                "text/csv",
                key="live_download_students",
            )
        printed.download_button(  # last: after the CSVs, in the order a teacher reads them
            t("live.download_report"), report.page(report.rows(found), code), f"{name}-report.html", "text/html",
            key="live_download_report",
        )  # fmt: skip
