"""The house's shape: no import circle, no import from a lower layer to a higher one, and the
role folders where docs/architecture.md says they are (python -m tools.imports prints it)."""

from cnn_viz import ROOT
from tools import imports


def test_no_module_imports_a_higher_layer_and_none_closes_a_circle():
    edges = imports.graph()
    assert len(edges) > 50, "the graph finds the project's modules"
    assert imports.upward(edges) == []
    assert imports.circles(edges) == []


def test_the_graph_sees_a_circle_and_an_upward_import_when_there_is_one():
    edges = {"cnn_viz.ops": {"cnn_viz.model"}, "cnn_viz.model": {"cnn_viz.ops", "cnn_viz.app.frame"}}
    edges["cnn_viz.app.frame"] = set()
    assert imports.circles(edges) == [["cnn_viz.model", "cnn_viz.ops"]]
    assert imports.upward(edges) == [("cnn_viz.model", "cnn_viz.app.frame")]


def test_the_role_folders_hold_their_roles():
    layers = {name: imports.layer(name) for name in imports.graph()}
    assert {n for n, layer in layers.items() if layer == "live"} >= {
        "cnn_viz.live",
        "cnn_viz.live.rooms",
        "cnn_viz.live.redis_rooms",
        "cnn_viz.live.questions",
    }
    server = {n.rsplit(".", 1)[-1] for n, layer in layers.items() if layer == "server"}
    assert server >= {"admission", "http_guard", "static_gzip", "uploads", "reconnect", "widget_guard", "memory"}
    assert (ROOT / "cnn_viz/i18n/en.py").is_file() and (ROOT / "cnn_viz/i18n/zh.py").is_file()
    assert not list((ROOT / "cnn_viz").glob("strings_*.py")) and not (ROOT / "cnn_viz/rooms.py").exists()
