"""Questions for a live class, made from what the teacher's lesson shows right now.

Never typed by hand: each comes from the same computation the lesson draws (an ops trace,
the network's forward pass), so the answer key is the lesson's own number. A question is a
plain dict (it travels through a room store as JSON):

    id        stable for the same question, so asking it twice changes nothing
    kind      what is asked ("conv_value", "conv_size", "pool_value", "predict", "trap_...")
    prompt    a string key; params fill it, in each student's own language
    answer    the correct answer, as text ("4", "-1.5", "cat", "false")
    options   the choices for a multiple-choice question (string keys or class names), or None
    page, query  where the lesson shows why: a page id and its URL settings

No Streamlit here.
"""

import hashlib
import json

from .. import numbers
from ..data import CLASSES

TRUE_FALSE = ("true", "false")
TRAPS = {  # known misconceptions, each with the lesson step that shows the truth
    "trap_same_filter": ("conv", "false"),  # "the same filter is used on every channel"
    "trap_bias": ("conv", "false"),  # "the bias is added to each channel's sum"
    "trap_pool_stride": ("pool", "false"),  # "a 2 x 2 pooling window always moves 2 cells"
}


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


def trap(kind):
    page, answer = TRAPS[kind]
    return _question(kind, f"live.q.{kind}", {}, answer, options=TRUE_FALSE, page=page)


def clean_number(v):
    """A typed number as an answer's text: 4.0 -> "4", -1.5 -> "-1.5" (6 significant figures)."""
    return f"{float(v):.6g}"


def is_right(question, value):
    """Whether an answer (text) is the question's answer: numbers within the lesson's
    rounding (numbers.matches), choices exactly."""
    if value is None:
        return False
    if question["options"]:
        return value == question["answer"]
    try:
        return numbers.matches(float(value.replace("−", "-")), question["value"])
    except (AttributeError, TypeError, ValueError, OverflowError):
        return False
