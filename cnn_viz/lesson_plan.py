"""A teacher's lesson plan: the picture, the steps to show in their order, and where the class
is asked what. Plain data, with no Streamlit: the plan page edits it (cnn_viz/app/planning.py),
the presenter's Next walks it, the worksheet prints it.

A plan travels in a link, so it needs no account and no server state: its JSON, compressed
and written in base64url (`encode` / `decode`). A plan too long for a link (MAX_LINK) is
the same JSON as a file (`to_json` / `from_json`). Both are read by one `parse`, which keeps
only what the app can show (known pages, their settings, the kinds of question each page asks)
and drops the rest, so a link edited by hand, or made by a newer version, opens what it can.
"""

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field

VERSION = 1
TIMERS = (0, 30, 60, 90)  # seconds to answer (0: until Reveal), as the teacher's panel offers them
MAX_STEPS = 60  # a lesson of an hour at a step a minute (any such plan fits a link: tools.plan_link)
MAX_LINK = 2000  # characters of the plan in an address: what every browser, chat app and QR code takes
MAX_FILE = 64_000  # bytes of a plan file, or of a plan unpacked from a link (a zip bomb stops here)
PICTURE_OWN = ""  # the plan names no picture: the one open on the teacher's screen (a student's own)


@dataclass(frozen=True)
class Ask:
    """A question the plan opens at its step: its kind (cnn_viz.live.questions.KINDS), the
    seconds to answer (0: until Reveal), "how sure are you?", and a second vote after discussion."""

    kind: str
    timer: int = 0
    sure: bool = False
    again: bool = False


@dataclass(frozen=True)
class Step:
    """One view of one page: its settings as its link names them ({"step": "4", "k": "3"})."""

    page: str
    values: dict = field(default_factory=dict)
    ask: Ask | None = None

    def __hash__(self):
        return hash((self.page, tuple(sorted(self.values.items())), self.ask))


@dataclass(frozen=True)
class Plan:
    picture: str = PICTURE_OWN  # a sample's id ("cat-2"), or PICTURE_OWN
    steps: tuple = ()
    # What reading it changed, for the page to say: steps left out or read in part (a setting or a
    # question the app does not take), and steps past MAX_STEPS.
    dropped: int = field(default=0, compare=False)
    cut: int = field(default=0, compare=False)
    lost_picture: str = field(default="", compare=False)  # a picture the app has not, now the one on the screen

    def with_steps(self, steps):
        return Plan(self.picture, tuple(steps)[:MAX_STEPS])


def as_data(plan):
    """The plan as JSON-ready data, short keys (it travels in a link)."""
    steps = []
    for step in plan.steps:
        row = [step.page, dict(step.values)]
        if step.ask:
            a = step.ask
            row.append([a.kind, a.timer, int(a.sure), int(a.again)])
        steps.append(row)
    return {"v": VERSION, "p": plan.picture, "s": steps}


def to_json(plan):
    return json.dumps(as_data(plan), ensure_ascii=False, separators=(",", ":"))


def encode(plan):
    """The plan as the text of a link's `plan=`: URL-safe, no padding."""
    packed = zlib.compress(to_json(plan).encode(), 9)
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


class BadPlan(ValueError):
    """Text that is not a plan (cut short, or not one at all); `too_large`: one that is larger
    than any plan the app makes (MAX_FILE)."""

    def __init__(self, why, too_large=False):
        super().__init__(why)
        self.too_large = too_large


def decode(text, known, pictures=None):
    """The plan a link's `plan=` holds, keeping what `known` allows (see parse). Raises BadPlan."""
    text = str(text or "").strip()
    if not text or len(text) > 4 * MAX_FILE:
        raise BadPlan("empty or too long")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj()
        raw = unpacker.decompress(packed, MAX_FILE)
        if unpacker.unconsumed_tail:
            raise BadPlan("too large", too_large=True)
        return from_json(raw, known, pictures)
    except (binascii.Error, zlib.error, ValueError) as error:
        raise BadPlan(str(error)) from error


def from_json(raw, known, pictures=None):
    """The plan a file holds (bytes or text). Raises BadPlan."""
    if len(raw) > MAX_FILE:
        raise BadPlan("too large", too_large=True)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:  # nested past Python's depth
        raise BadPlan(str(error)) from error
    return parse(data, known, pictures)


def parse(data, known, pictures=None):
    """A Plan from data (as_data's form). `known(page, values, kind)` says what the app takes:
    it returns (the page's settings it knows, whether the page asks that kind); a step of a
    page it does not know returns None and is dropped. `pictures(id)`: whether the app has that
    picture (else the plan's picture is the one on the screen, and that counts as a change)."""
    if not isinstance(data, dict) or not isinstance(data.get("s"), list):
        raise BadPlan("no steps")
    picture = data.get("p") if isinstance(data.get("p"), str) and len(data.get("p")) <= 40 else PICTURE_OWN
    lost_picture = bool(picture) and pictures is not None and not pictures(picture)
    picture = PICTURE_OWN if lost_picture else picture
    steps, dropped = [], 0
    for row in data["s"][:MAX_STEPS]:
        step, whole = _step(row, known)
        dropped += not whole
        if step is not None:
            steps.append(step)
    lost = data["p"] if lost_picture else ""
    return Plan(picture, tuple(steps), dropped, max(len(data["s"]) - MAX_STEPS, 0), lost)


def _step(row, known):
    """(the Step a row holds, or None; whether it was read whole)."""
    if not (isinstance(row, list) and 2 <= len(row) <= 3 and isinstance(row[0], str) and isinstance(row[1], dict)):
        return None, False
    page, values = row[0], {str(k): str(v) for k, v in row[1].items() if isinstance(v, (str, int, bool))}
    ask = _ask(row[2]) if len(row) == 3 else None
    found = known(page, values, ask.kind if ask else None)
    if found is None:
        return None, False
    kept, asks = found
    whole = kept == values and (len(row) == 2 or (ask is not None and asks))
    return Step(page, kept, ask if asks else None), whole


def _ask(item):
    if not (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str)):
        return None
    kind, timer, sure, again = item
    timer = timer if isinstance(timer, int) and timer in TIMERS else 0
    return Ask(kind, timer, bool(sure), bool(again))
