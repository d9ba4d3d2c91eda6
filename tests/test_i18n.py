"""Both languages are complete, and a Chinese page shows no English left behind."""

import ast
import re
from pathlib import Path

import pytest

from cnn_viz import ROOT, i18n
from tests.apptest import PAGES, open_page

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
    "SmoothGrad",
    "Adebayo",  # a paper cited by its first author
    "models",  # a file path: models/faithfulness.json
    "faithfulness.json",
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
    "AveragePooling2D",  # the Keras layers a model of one's own may have, by their API names
    "Flatten",
    "Dense",
    "Dropout",
    "BatchNormalization",
    "Rescaling",
    "Activation",
    "Sequential",
    "Functional",
    "DepthwiseConv2D",
    "SeparableConv2D",
    "GlobalAveragePooling2D",
    "GlobalMaxPooling2D",
    "ZeroPadding2D",
    "LeakyReLU",
    "RandomFlip",
    "RandomRotation",
    "RandomZoom",
    "RandomTranslation",
    "RandomContrast",
    "RandomBrightness",
    "relu",
    "linear",
    "model.save",
    "name.keras",
    # the ONNX operators a PyTorch model's file may have, by their names in the format, and how to export one
    "ONNX",
    "PyTorch",
    "onnx",
    "opset",
    "Conv",
    "Relu",
    "LeakyRelu",
    "Sigmoid",
    "Tanh",
    "Clip",
    "ReLU6",
    "MaxPool",
    "AveragePool",
    "GlobalAveragePool",
    "GlobalMaxPool",
    "Reshape",
    "Gemm",
    "MatMul",
    "Identity",
    "LogSoftmax",
    "torch.onnx.export",
    "name.onnx",
    "external_data",
    "False",
    "class_names",
    "count_include_pad",
    "model",  # the code torch.onnx.export(model, ...)
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
    for key in i18n.EN:
        found = {
            lang: set().union(*map(i18n.placeholders, i18n.forms(table[key]))) for lang, table in i18n.TABLES.items()
        }
        assert found["en"] == found["zh"], key
        for table in i18n.TABLES.values():
            if isinstance(table[key], dict):  # a plural: its count is one of its placeholders, "other" is there
                assert table[key]["count"] in found["en"] and "other" in table[key], key


def test_plurals_take_their_form_from_the_count():
    assert i18n.text("en", "maps.silent_maps", n=1, total=64).startswith("1 of these 64 maps is all 0")
    assert i18n.text("en", "maps.silent_maps", n=3, total=64).startswith("3 of these 64 maps are all 0")
    assert "the last row and the last column are" in i18n.text("en", "conv.uneven", rest=1)
    assert "the last 2 rows and 2 columns are" in i18n.text("en", "conv.uneven", rest=2)
    assert "有 1 张全是 0" in i18n.text("zh", "maps.silent_maps", n=1, total=64)
    assert "(s)" not in " ".join(f for entry in i18n.EN.values() for f in i18n.forms(entry))


def test_the_catalogues_follow_the_menu():
    """Shared words first, then one block per page in the menu's order: a string is found
    where its page is."""
    from cnn_viz.app.pages import PAGES as MENU

    page_prefix = {"image": "img", "predict": "pred", "report": "rep"}
    menu = [page_prefix.get(p.id, p.id) for p in MENU]
    for table in i18n.TABLES.values():
        blocks = []
        for key in table:
            prefix = key.split(".")[0]
            if prefix in menu and (not blocks or blocks[-1] != prefix):
                blocks.append(prefix)
        assert blocks == [p for p in menu if p in blocks], blocks
        first_page_key = next(i for i, key in enumerate(table) if key.split(".")[0] in menu)
        assert not any(key.split(".")[0] == "nav" for key in list(table)[first_page_key:])


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
    same = [k for k in i18n.EN if i18n.EN[k] == i18n.ZH[k] and re.search(r"[a-z]{4,} [a-z]{4,}", str(i18n.EN[k]))]
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
        if path.parent.name == "i18n" and path.name != "__init__.py":  # the catalogues themselves
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
