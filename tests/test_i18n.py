"""Both languages are complete, and a Chinese page shows no English left behind."""

import ast
import re
from pathlib import Path

import pytest

from cnn_viz import ROOT, i18n

from .test_pages import PAGES, open_page

SOURCES = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("cnn_viz/**/*.py")]

# Words that stay as they are in Chinese: names of things, layers, formats and units.
KEEP = {
    "CNN",
    "Viz",
    "CIFAR",
    "CIFAR-10",
    "ReLU",
    "Keras",
    "TensorFlow",
    "softmax",
    "Softmax",
    "logits",
    "logit",
    "Adam",
    "Grad-CAM",  # method names, written so in Chinese texts too
    "FGSM",
    "JPEG",
    "PNG",
    "GIF",
    "WebP",
    "BMP",
    "TIFF",
    "HEIC",
    "AVIF",
    "conv1",
    "conv2",
    "conv3",
    "pool1",
    "pool2",
    "flatten",
    "dense",
    "Conv2D",
    "MaxPooling2D",
    "max",
    "python",
    "cnn_viz",
    "train",
    "data",
    "dir",
    "shared",
    "cifar10",
    "epochs",
    "augment",
    "numpy",
    "pillow",
    "tensorflow",
    "keras",
    "keras.datasets",
    "copy",
    "tf.nn.conv2d",
    "English",
}


def test_both_tables_have_the_same_keys_and_placeholders():
    assert set(i18n.EN) == set(i18n.ZH)
    for key, template in i18n.EN.items():
        assert i18n.placeholders(template) == i18n.placeholders(i18n.ZH[key]), key


def test_every_key_the_code_asks_for_exists():
    code = "\n".join(p.read_text() for p in SOURCES)
    used = set(re.findall(r"""\bt\(\s*["']([a-z_0-9]+\.[\w.\- ]+)["']""", code))
    assert used, "the pattern finds the keys"
    assert used <= set(i18n.EN), sorted(used - set(i18n.EN))


def test_language_comes_from_the_url_else_the_browser():
    assert i18n.pick_language("zh", "en-US") == "zh"
    assert i18n.pick_language(None, "zh-CN") == "zh"
    assert i18n.pick_language("klingon", "zh_TW") == "zh"
    assert i18n.pick_language(None, "de-DE") == "en"
    assert i18n.pick_language(None, None) == "en"


def visible_text(at):
    """Everything a visitor can read on the page, as one list of strings."""
    texts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "error", "warning", "info", "success"):
        texts += [str(e.value) for e in getattr(at, kind)]
    for kind in (
        "button",
        "toggle",
        "radio",
        "selectbox",
        "slider",
        "number_input",
        "select_slider",
        "segmented_control",
        "pills",
        "expander",
        "metric",
        "page_link",
    ):
        for widget in at.get(kind):
            label = getattr(widget, "label", None) or getattr(widget.proto, "label", "")
            texts.append(str(label))
            texts += [str(o) for o in getattr(widget, "options", [])]
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        texts += re.findall(r'"(?:text|title)":\s*"([^"]*)"', spec)
        texts += re.findall(r'"hovertemplate":\s*"([^"]*)"', spec)
    return texts


ENGLISH_WORD = re.compile(r"(?<![%{\w.])[A-Za-z][A-Za-z0-9.\-_]{3,}")


@pytest.mark.parametrize("page", PAGES)
def test_a_chinese_page_shows_no_untranslated_english(page):
    at = open_page(page, lang="zh")
    leftovers = set()
    for text in visible_text(at):
        text = re.sub(r"<style>[\s\S]*</style>", " ", text)  # our CSS
        text = re.sub(r"%\{[^}]*\}|<[^>]*>|\\[a-z]+|python -m \S+.*", " ", text)  # templates, tags, latex, commands
        leftovers |= {w.strip(".-_") for w in ENGLISH_WORD.findall(text)} - KEEP
    assert not {w for w in leftovers if w}, sorted(leftovers)


def test_tables_are_not_identical_for_prose():
    same = [k for k in i18n.EN if i18n.EN[k] == i18n.ZH[k] and re.search(r"[a-z]{4,} [a-z]{4,}", i18n.EN[k])]
    assert not same, same


def test_strings_files_are_the_only_place_with_prose():
    """Page scripts hold no English sentences of their own: all go through the tables."""
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py")]:
        code = Path(path).read_text()
        code = re.sub(r'"""[\s\S]*?"""', "", code)  # docstrings
        code = re.sub(r"#.*", "", code)  # comments
        sentences = re.findall(r"""["']([A-Z][a-z]+ [a-z]+ [a-z]+[^"']*)["']""", code)
        assert not sentences, (path.name, sentences)


def _strings_in_code():
    """Every string literal in the app's code, and every f-string as a pattern ("preset.{p}" -> preset\\..+)."""
    literals, patterns = set(), []
    for path in SOURCES:
        if path.name.startswith("strings_"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values]
                patterns.append("".join(parts))
            elif isinstance(node, ast.BinOp) and isinstance(getattr(node.left, "value", None), str):
                patterns.append(re.escape(node.left.value) + ".+")  # "stage." + name
    # Keys are dotted words: a pattern with no dot of its own ("{x}", "{n}.png") names none.
    return literals, [re.compile(p) for p in patterns if "\\." in p]


def test_every_string_key_is_used_by_the_code():
    """No string nobody shows: each key is written in the code, or made by an f-string that can
    make it; figures' words (fig.*) are looked up without their prefix."""
    literals, patterns = _strings_in_code()

    def used(name):
        return name in literals or any(p.fullmatch(name) for p in patterns)

    unused = [key for key in i18n.EN if not (used(key) or key.startswith("fig.") and used(key[4:]))]
    assert not unused, unused
