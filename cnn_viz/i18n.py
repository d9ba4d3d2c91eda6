"""Every visible string, in English and Simplified Chinese, looked up by key.

Pages and widgets never write prose themselves: they call `text(lang, key, **values)`
(through `cnn_viz.app.text.t`). The tables live in strings_en.py and strings_zh.py; a test checks that
both have the same keys and the same {placeholders}. No Streamlit here.
"""

import re
import string

from .strings_en import STRINGS as EN
from .strings_zh import STRINGS as ZH

TABLES = {"en": EN, "zh": ZH}
LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"


def text(lang, key, **values):
    """The string for `key` in `lang`, with {placeholders} filled from `values`."""
    return TABLES.get(lang, EN)[key].format(**values)


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
