"""Dependencies inside ``pipeline/`` go one way: no module imports, even lazily inside a function, a module that
imports it back (directly or through others, or through a sub-package's ``__init__``)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


def modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__)."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of pipeline/ it imports anywhere in its source (top level or inside functions).
    Importing ``pipeline.a.b`` runs ``pipeline/a/__init__.py`` first, so it counts as importing ``pipeline.a`` too;
    the top package is left out of that rule: every module would otherwise import it."""
    mods = modules()
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in mods.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        targets: set[str] = set()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {id(n) for block in ast.walk(tree) if _type_checking(block) for n in ast.walk(block)}
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # ``if TYPE_CHECKING:`` imports are for annotations only: never run
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in mods)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    targets.add(full if full in mods else module)
        edges = set()
        for target in targets & set(mods):
            parts = target.split(".")
            edges.update(".".join(parts[:k]) for k in range(2, len(parts) + 1))
        # a module's own packages are being imported already when it runs: no edge back to them
        graph[name] = {e for e in edges if e in mods and e != name and not name.startswith(e + ".")}
    return graph


def _type_checking(node) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (as a path that ends where it starts), or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_the_graph_sees_imports_inside_functions():
    graph = import_graph()
    assert "pipeline.extractor" in graph["pipeline.cli"]  # imported inside the commands only
    assert "pipeline.batch.engine" in graph["pipeline.extractor"]  # inside Extractor.pipe
    assert "pipeline.batch" in graph["pipeline.extractor"]  # the sub-package's __init__ runs first


def test_the_cycle_finder_finds_one():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_pipeline_has_no_import_cycle():
    found = cycle(import_graph())
    assert not found, "import cycle: " + " -> ".join(found)
