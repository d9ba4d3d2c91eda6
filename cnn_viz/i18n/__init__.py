"""Every visible string, in English and Simplified Chinese, looked up by key.

Pages and widgets never write prose themselves: they call `text(lang, key, **values)`
(through `cnn_viz.app.text.t`). The catalogues are en.py and zh.py, one per language, in the
menu's order; a test checks that both have the same keys and the same {placeholders}.

A plural is a dict: {"count": the placeholder that counts, "one": ..., "other": ...}. English
uses "one" for exactly 1; Chinese has one form, "other". No Streamlit here.
"""

import re
import string

from .en import STRINGS as EN
from .zh import STRINGS as ZH

TABLES = {"en": EN, "zh": ZH}
LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
PLURAL_FORMS = ("one", "other")


def text(lang, key, **values):
    """The string for `key` in `lang`, with {placeholders} filled from `values`."""
    entry = TABLES.get(lang, EN)[key]
    if isinstance(entry, dict):
        entry = entry.get("one") if values[entry["count"]] == 1 and "one" in entry else entry["other"]
    return entry.format(**values)


def forms(entry):
    """The templates of one entry: itself, or each form of a plural."""
    return [entry[f] for f in PLURAL_FORMS if f in entry] if isinstance(entry, dict) else [entry]


def class_name(lang, name):
    """A CIFAR-10 class name ("cat") in `lang`."""
    return text(lang, f"class.{name}")


def figure_words(lang):
    """The words figures write themselves ("row", "epoch", ...): the table's fig.* entries."""
    return {key[4:]: value for key, value in TABLES.get(lang, EN).items() if key.startswith("fig.")}


def placeholders(template):
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def pick_language(requested=None, locale=None):
    """The language to show: an explicit ?lang=, else the browser's locale, else English."""
    if requested in TABLES:
        return requested
    if locale and re.match(r"zh\b", str(locale).strip().lower().replace("_", "-")):
        return "zh"
    return DEFAULT
