"""How a class answered, as numbers: right answers, how sure students were and how often
that was right, how a second vote moved, and the numbers the class saw (no Streamlit here:
cnn_viz/app/classroom writes them as the projector's sentences, charts and CSV)."""

from . import questions, rooms


def score(question, answers):
    """(how many answers are right, that share as text: "67%", or "—" with no answers)."""
    right = sum(questions.is_right(question, v) for v in answers)
    return right, f"{right / len(answers):.0%}" if answers else "—"


def calibration(question, values):
    """{confidence: (right, answered)}: how often the sure and the unsure answers were right."""
    found = {}
    for confidence in questions.CONFIDENCE:
        given = [v for v in values if questions.split(v)[1] == confidence]
        found[confidence] = (sum(questions.is_right(question, v) for v in given), len(given))
    return found


def changes(question, pairs):
    """(to the right answer, away from it, kept): how the second vote moved each student who
    voted twice."""
    right = lambda v: questions.is_right(question, v)
    twice = [(a, b) for a, b in pairs if b is not None]
    to_right = sum(not right(a) and right(b) for a, b in twice)
    away = sum(right(a) and not right(b) for a, b in twice)
    kept = sum(questions.split(a)[0] == questions.split(b)[0] for a, b in twice)
    return to_right, away, kept, len(twice) - to_right - away - kept


def numbered(results):
    """[(number, result)]: the numbers the class saw, a second vote keeping its first's."""
    found, number = [], 0
    for question, given in results:
        number += not rooms.first_of(question)
        found.append((max(number, 1), (question, given)))
    return found


def by_condition(results):
    """{condition: (right, answered)} over a lesson's "which excites it more?" questions, by
    the references they were asked with: first votes only (a second vote comes after the class
    has talked, and the published figures are of people deciding alone)."""
    found = {c: (0, 0) for c in questions.CONDITIONS}
    for question, given in results:
        condition = questions.condition_of(question)
        if condition is None or rooms.first_of(question):
            continue
        right, _ = score(question, [value for _, value in given])
        done, answered = found[condition]
        found[condition] = (done + right, answered + len(given))
    return found
