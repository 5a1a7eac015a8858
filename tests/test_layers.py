"""The modules of ``jobstatus`` import downwards only: no import circle anywhere.

The graph is built from the source with :mod:`ast`: every import, at the top of a module
or inside a function, except those under ``if TYPE_CHECKING:`` (never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "jobstatus"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(name: str, path: Path) -> set[str]:
    """The ``jobstatus`` modules that ``name`` imports when it runs."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if _type_checking(node):
            stack.extend(node.orelse)  # type: ignore[attr-defined]
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return {module for module in found if module in MODULES and module != name}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph``, as the modules along it; ``None`` if there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        state[start] = 1
        edges = [iter(sorted(graph[start]))]
        while edges:
            step = next(edges[-1], None)
            if step is None:
                state[path.pop()] = 2
                edges.pop()
            elif state.get(step) == 1:
                return [*path[path.index(step) :], step]
            elif not state.get(step):
                state[step] = 1
                path.append(step)
                edges.append(iter(sorted(graph[step])))
    return None


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


# The circles still to break, each as the set of modules on it: the table engine's two
# readers (the generated one and the walk, which falls back on each other), and the HTTP
# client's wait/watch methods over the polling loop that reads a URL with the client.
KNOWN = {
    frozenset({"jobstatus.http", "jobstatus.live.poll"}),
}


def _graph() -> dict[str, set[str]]:
    graph = {name: _imports(name, path) for name, path in MODULES.items()}
    # A package's __init__ that imports its submodules lazily is no edge back: a
    # submodule importing its package only reads the package's own names.
    for name in graph:
        graph[name] -= {parent for parent in graph if name.startswith(parent + ".")}
    return graph


def test_no_import_circle_in_the_package() -> None:
    graph = _graph()
    while (found := _cycle(graph)) is not None:
        assert frozenset(found) in KNOWN, "import circle: " + " -> ".join(found)
        graph[found[-2]].discard(found[-1])  # a known one: look for others


def test_the_public_functions_import_downwards() -> None:
    graph = _graph()
    assert "jobstatus.api" not in graph["jobstatus.conversion"] | graph["jobstatus.validation"]
    assert "jobstatus.api" not in graph["jobstatus._read"] | graph["jobstatus._parse"]
    assert graph["jobstatus._read"].isdisjoint({"jobstatus.conversion", "jobstatus.validation"})
