"""Questions for a live class, made from what the teacher's lesson shows right now.

Never typed by hand: each comes from the same computation the lesson draws (an ops trace,
the network's forward pass), so the answer key is the lesson's own number. A question is a
plain dict (it travels through a room store as JSON):

    id        stable for the same question, so asking it twice changes nothing
    kind      what is asked: one of KINDS ("conv_value", "pool_max", "predict", "trap_bias", ...)
    prompt    a string key; params fill it, in each student's own language
    answer    the correct answer, as text ("4", "-1.5", "cat", "false")
    options   the choices for a multiple-choice question (string keys or class names), or None
    page, query  where the lesson shows why: a page id and its URL settings

Peer instruction (Crouch and Mazur 2001) adds three things to a question, all plain data:
"confidence" (each answer then carries "|sure" or "|unsure", see with_confidence), a second
vote ("again_of" names the first, see again), and the "look" kind: "where did the network
look?", whose answers are taps on the picture ("row,col" on its 32 x 32 grid), right when
they fall on the quarter of the picture Grad-CAM weighs most.

No Streamlit here.
"""

import base64
import hashlib
import json
import math

import numpy as np

from .. import numbers
from ..data import CLASSES
from .rooms import MAX_ANSWER

CONFIDENCE = ("sure", "unsure")
GRID = 32  # a tap's row and column are on the picture's own 32 x 32 grid
TOP_SHARE = 0.25  # a tap is "where the network looked" in the quarter of the picture Grad-CAM weighs most

TRUE_FALSE = ("true", "false")
TRAPS = {  # known misconceptions, each with the lesson step that shows the truth
    "trap_same_filter": ("conv", "false"),  # "the same filter is used on every channel"
    "trap_bias": ("conv", "false"),  # "the bias is added to each channel's sum"
    "trap_pool_stride": ("pool", "false"),  # "a 2 x 2 pooling window always moves 2 cells"
}
# Every kind of question, one registry: a page asks `hiding(kind)` with one of these (a typo is an
# error, not a question never held back), the teacher's menu names each ("live.kind.<kind>"), and
# its prompt is "live.q.<kind>" (tests/test_live.py holds both catalogues to it).
# "Which of two pictures excites this map more?", the two-alternative forced choice of Borowski
# et al. (ICLR 2021): the projector shows reference pictures of the map (none, what it wants to
# see, or its strongest training patches), the phones the two query pictures. One kind per
# condition, so the teacher's menu names it and a lesson's results keep them apart.
CONDITIONS = ("none", "synthetic", "natural")
EXCITES = tuple(f"excites_{c}" for c in CONDITIONS)
QUERIES = ("A", "B")
# What people reached with the same kind of references: Borowski et al. (ICLR 2021, this task)
# and Zimmermann et al. (NeurIPS 2021, a harder one: which of two occlusions of a picture
# changes the unit more), each share right; chance is 50 %.
PUBLISHED = {
    "none": (("zimmermann", 60),),
    "synthetic": (("borowski", 82), ("zimmermann", 68)),
    "natural": (("borowski", 92),),
}
KINDS = (
    "conv_value",
    "conv_size",
    "pool_max",
    "pool_average",
    "predict",
    "look",
    "field_size",
    "zero_maps",
    "epoch_accuracy",
    *EXCITES,
    *TRAPS,
)


def _question(kind, prompt, params, answer, options=None, page=None, query=None, value=None):
    body = {
        "kind": kind,
        "prompt": prompt,
        "params": params,
        "answer": answer,
        "value": value,  # a number's exact value, which the answers are checked against
        "options": list(options) if options else None,
        "page": page,
        "query": query or {},
    }
    body["id"] = hashlib.blake2b(json.dumps(body, sort_keys=True).encode(), digest_size=6).hexdigest()
    return body


def _number(v):
    return numbers.exact(float(v), fractions=False).replace("−", "-").replace(",", "")


def conv_value(trace, i, query):
    """The value of output cell i of a convolution trace (the step the lesson is on)."""
    step = trace.steps[i]
    return _question(
        "conv_value",
        "live.q.conv_value",
        {"row": step.row, "col": step.col},
        _number(step.total),
        page="conv",
        query={**query, "step": i},
        value=float(step.total),
    )


def conv_size(n, k, stride, padding, out, query):
    return _question(
        "conv_size",
        "live.q.conv_size",
        {"n": n, "k": k, "s": stride, "p": padding},
        str(out),
        page="conv",
        query=query,
        value=float(out),
    )


def pool_value(trace, i, query):
    step = trace.steps[i]
    return _question(
        f"pool_{trace.mode}",
        f"live.q.pool_{trace.mode}",
        {"row": step.row, "col": step.col, "size": trace.size, "stride": trace.stride},
        _number(step.value),
        page="pool",
        query={**query, "step": i},
        value=float(step.value),
    )


def predict(probabilities, sample_id, query):
    """Which class the network gives the picture on the screen (and, on reveal, how sure)."""
    top = int(probabilities.argmax())
    return _question(
        "predict",
        "live.q.predict",
        {"sure": f"{float(probabilities[top]):.1%}", "picture": sample_id or ""},
        CLASSES[top],
        options=CLASSES,
        page="predict",
        query=query,
    )


def field_size(layer, size, query):
    """How many pixels wide a cell of `layer` sees of the picture (its receptive field)."""
    return _question("field_size", "live.q.field_size", {"layer": layer}, str(size), page="cell", query=query,
                     value=float(size))  # fmt: skip


def zero_maps(layer, silent, total, query):
    """How many of a layer's maps are all 0 for the picture on the screen."""
    params = {"layer": layer, "total": total}
    return _question(
        "zero_maps", "live.q.zero_maps", params, str(silent), page="maps", query=query, value=float(silent)
    )


def look(pixels, heat, class_index, sample_id, page, query):
    """ "Where did the network look?": the picture (uint8 32 x 32 x 3) and Grad-CAM's heat for
    the class it gives (0-1, 32 x 32) travel with the question, so the phones show the same
    picture and the reveal needs no network; a tap is right on the top TOP_SHARE of the heat."""
    params = {"cls": CLASSES[class_index], "picture": sample_id or ""}
    question = _question("look", "live.q.look", params, "", page=page, query=query)
    heat_bytes = np.round(np.clip(np.asarray(heat, dtype=float), 0, 1) * 255)
    return {**question, "pixels": _as_text(pixels), "heat": _as_text(heat_bytes)}


def _as_text(array):
    """Bytes (a picture, a heat) as text a room store keeps in its JSON: look_pixels reads them back."""
    return base64.b64encode(np.asarray(array, dtype=np.uint8).tobytes()).decode()


ESTIMATE = 5.0  # percentage points: an estimate this close to the run's own counts as right


def epoch_accuracy(share, query):
    """ "After its first epoch, what share of the 1,000 test pictures will the network get right
    (in %)?", about the shipped run replayed: `share` is the engine's measurement of its
    epoch-1 snapshot (replay.measured). An estimate: right within ESTIMATE points."""
    percent = round(100 * float(share), 1)
    return _question("epoch_accuracy", "live.q.epoch_accuracy", {"within": f"{ESTIMATE:g}"}, f"{percent:g}",
                     page="report", query=query, value=percent) | {"tolerance": ESTIMATE}  # fmt: skip


def excites(condition, layer, unit, strong, weak, query):
    """ "Which picture makes this map respond more, A or B?": `strong` and `weak` are
    (sample id, pixels uint8 (32, 32, 3), the map's mean before ReLU on it), both computed by
    the engine (visualise.query_pairs); which one is A is fixed per map and kind, so a class cannot learn
    that the answer is always A. The pictures travel with the question, as a look question's."""
    if condition not in CONDITIONS:
        raise ValueError(f"The references are one of {', '.join(CONDITIONS)} (got {condition!r}).")
    first = hashlib.blake2b(f"{layer}/{unit}/{condition}".encode(), digest_size=1).digest()[0] % 2
    shown = (strong, weak) if first == 0 else (weak, strong)
    params = {"layer": layer, "map": unit, "a": shown[0][0], "b": shown[1][0]}
    answer = QUERIES[shown.index(strong)]
    question = _question(f"excites_{condition}", f"live.q.excites_{condition}", params, answer, QUERIES, "maps", query)
    means = [float(found[2]) for found in shown]  # the map's mean on A and on B, for the reveal
    return {**question, "pixels": [_as_text(found[1]) for found in shown], "means": means}


def condition_of(question):
    """The references an excites question was asked with ("none", "synthetic", "natural"), or None."""
    kind = question["kind"]
    return kind.removeprefix("excites_") if kind in EXCITES else None


def query_pixels(question):
    """An excites question's two pictures, A then B, uint8 (32, 32, 3) each."""
    return [look_pixels(p) for p in question["pixels"]]


def look_pixels(encoded):
    """A look question's picture, uint8 (32, 32, 3), from its text ("pixels")."""
    return np.frombuffer(base64.b64decode(encoded), dtype=np.uint8).reshape(GRID, GRID, 3)


def look_pictures(question):
    """(pixels uint8 (32, 32, 3), heat 0-1 (32, 32), top-quarter mask (32, 32)) of a look
    question: the mask holds exactly TOP_SHARE of the pixels, the hottest (ties in reading order)."""
    decode = lambda key: np.frombuffer(base64.b64decode(question[key]), dtype=np.uint8)
    heat = decode("heat").reshape(GRID, GRID)
    top = np.zeros(GRID * GRID, dtype=bool)
    top[np.argsort(-heat.ravel().astype(int), kind="stable")[: round(TOP_SHARE * GRID * GRID)]] = True
    return look_pixels(question["pixels"]), heat / 255.0, top.reshape(GRID, GRID)


def tap_value(row, col):
    """A tap as an answer's text, or None outside the grid (a forged message can send anything)."""
    try:
        r, c = int(row), int(col)
    except (TypeError, ValueError, OverflowError):
        return None
    return f"{r},{c}" if 0 <= r < GRID and 0 <= c < GRID else None


def parse_tap(value):
    """(row, col) of a tap's answer text, or None."""
    row, _, col = str(value or "").partition(",")
    found = tap_value(row, col) if row.isdigit() and col.isdigit() else None
    return tuple(map(int, found.split(","))) if found else None


def again(question):
    """The same question asked a second time, after the class has discussed it."""
    body = {k: v for k, v in question.items() if k not in ("closes_at", "again_of")}
    return {**body, "id": f"{question['id']}-2", "again_of": question["id"]}


def with_confidence(value, confidence):
    """An answer's text with how sure the student is ("sure" or "unsure"), when asked."""
    return f"{value}|{confidence}" if confidence in CONFIDENCE else value


def split(value):
    """(the answer, "sure" / "unsure" or None) of an answer's text."""
    answer, _, confidence = str(value).rpartition("|") if "|" in str(value) else (value, "", None)
    return answer, confidence if confidence in CONFIDENCE else None


def normal_answer(question, value):
    """`value` as the answer's text the room keeps, when it is one a phone's controls could send
    to `question` (a tap on the grid, one of its options, a number: 0-100 for an estimate in %,
    written as clean_number writes it), with "|sure" or "|unsure" exactly when the question asks
    how sure; else None. What a browser posts (the answer route) is checked so; what Streamlit's
    widgets send, the page makes itself."""
    if not isinstance(value, str) or len(value) > MAX_ANSWER:
        return None
    answer, confidence = split(value)
    if bool(question.get("confidence")) != (confidence is not None) or value.count("|") > bool(confidence):
        return None
    form = answer_form(question)
    if form == "tap":
        found = answer if parse_tap(answer) is not None else None
    elif form == "choice":
        found = answer if answer in question["options"] else None
    else:
        found = _typed(answer, 100.0 if question.get("tolerance") else None)
    return None if found is None else with_confidence(found, confidence)


def _typed(text, most):
    """A typed number's text as clean_number writes it (None: not a finite number, or outside 0-`most`)."""
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or (most is not None and not 0 <= number <= most):
        return None
    return clean_number(number + 0.0)  # -0 as 0


def answer_form(question):
    """How a phone answers it: "tap" (where on the picture), "choice" (one of its options) or
    "number" (typed)."""
    if question["kind"] == "look":
        return "tap"
    return "choice" if question["options"] else "number"


def trap(kind):
    page, answer = TRAPS[kind]
    return _question(kind, f"live.q.{kind}", {}, answer, options=TRUE_FALSE, page=page)


def clean_number(v):
    """A typed number as an answer's text: 4.0 -> "4", -1.5 -> "-1.5" (6 significant figures)."""
    return f"{float(v):.6g}"


def is_right(question, value):
    """Whether an answer (text) is the question's answer: numbers within the lesson's
    rounding (numbers.matches), choices exactly, a tap on the network's top quarter."""
    if value is None:
        return False
    value, _ = split(value)
    if question["kind"] == "look":
        tap = parse_tap(value)
        return tap is not None and bool(look_pictures(question)[2][tap])
    if question["options"]:
        return value == question["answer"]
    try:
        given = float(value.replace("−", "-"))
        if question.get("tolerance"):  # an estimate
            return abs(given - question["value"]) <= question["tolerance"]
        return numbers.matches(given, question["value"])
    except (AttributeError, TypeError, ValueError, OverflowError):
        return False
