"""The project's import graph: its modules, their layers, and any circle.

`python -m tools.imports` prints how many modules each layer has, every import that goes from
a lower layer up to a higher one, and every circle (imports inside functions count: a lazy
import that closes a circle is still one). tests/test_layers.py holds the project to it.

The layers, lowest first (a module may import its own layer and those below it):
  engine   cnn_viz/*.py, cnn_viz/i18n, cnn_viz/figures: numpy, Pillow and Plotly, no Streamlit
  live     cnn_viz/live: the live class's rooms, stores and questions (no Streamlit)
  server   cnn_viz/app/server, and the page registry cnn_viz/app/pages.py: what guards the server
  app      the rest of cnn_viz/app: the Streamlit side that draws pages
  top      app.py, serve.py, pages/, tools/: nothing imports these but tests and tools
"""

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("engine", "live", "server", "app", "top")


def modules():
    """{module name: path} for every Python file of the project outside tests/."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in ("tests", "test-artifacts", ".git") or any(p.startswith(".") for p in rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def layer(name):
    if name.startswith("cnn_viz.live"):
        return "live"
    if name.startswith("cnn_viz.app.server") or name == "cnn_viz.app.pages":
        return "server"
    if name.startswith("cnn_viz.app"):
        return "app"
    if name.startswith("cnn_viz"):
        return "engine"
    return "top"


def _resolve(name, path, node):
    """The absolute module an import statement names (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if not node.level:
        base = node.module or ""
    else:
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([node.module] if node.module else []))
    # `from pkg import mod` imports the module pkg.mod when there is one
    return [f"{base}.{a.name}" for a in node.names] + [base]


def graph():
    """{module: set of project modules it imports}."""
    known = modules()
    edges = defaultdict(set)
    for name, path in known.items():
        edges[name]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for target in _resolve(name, path, node):
                while target and target not in known:
                    target = target.rpartition(".")[0]  # cnn_viz.ops.conv2d -> cnn_viz.ops
                if target and target != name and not name.startswith(target + "."):
                    edges[name].add(target)
    return dict(edges)


def upward(edges):
    """Imports from a lower layer to a higher one: [(module, imported)]."""
    rank = {name: i for i, name in enumerate(LAYERS)}
    return sorted((a, b) for a, targets in edges.items() for b in targets if rank[layer(b)] > rank[layer(a)])


def circles(edges):
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main():
    edges = graph()
    counts = defaultdict(int)
    for name in edges:
        counts[layer(name)] += 1
    print(f"{len(edges)} modules, {sum(map(len, edges.values()))} imports between them")
    for name in LAYERS:
        print(f"  {name:7} {counts[name]:3} modules")
    up = upward(edges)
    print(f"upward imports: {len(up)}")
    for a, b in up:
        print(f"  {a} ({layer(a)}) -> {b} ({layer(b)})")
    found = circles(edges)
    print(f"circles: {len(found)}")
    for group in found:
        print("  " + " <-> ".join(group))


if __name__ == "__main__":
    main()
