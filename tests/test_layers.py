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


# No circle is left to break; a new one fails the test below.
KNOWN: set[frozenset[str]] = set()


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


def _below(graph: dict[str, set[str]], name: str) -> set[str]:
    """Every module ``name`` imports, directly or through others."""
    found: set[str] = set()
    stack = [name]
    while stack:
        for module in graph[stack.pop()] - found:
            found.add(module)
            stack.append(module)
    return found


# Each module (or package prefix) and what it must never reach, directly or not: the
# formats and the registry know no public function; reading knows neither parsing,
# validation, conversion nor the facade; the status-only reading sits beside parsing;
# validation sits below parsing (a strict parse uses it), conversion below the facade; the
# HTTP reading half below both the clients and the polling loop that reads a URL with it.
_PUBLIC = {"jobstatus.api", "jobstatus.conversion", "jobstatus.validation", "jobstatus._parse"}
_NEVER = {
    "jobstatus._engine": _PUBLIC | {"jobstatus._read", "jobstatus.registry"},
    "jobstatus.adapters": _PUBLIC | {"jobstatus._read", "jobstatus.registry"},
    "jobstatus.authoring": _PUBLIC | {"jobstatus._read", "jobstatus.registry"},
    "jobstatus.registry": _PUBLIC | {"jobstatus._read"},
    "jobstatus._read": _PUBLIC,
    "jobstatus._status_of": _PUBLIC,
    "jobstatus.validation": _PUBLIC - {"jobstatus.validation"},
    "jobstatus._parse": {"jobstatus.api", "jobstatus.conversion"},
    "jobstatus.conversion": {"jobstatus.api"},
    "jobstatus._fetch": {"jobstatus.api", "jobstatus.http", "jobstatus.live"},
}


def test_each_layer_reaches_only_the_layers_below_it() -> None:
    graph = _graph()
    checked = 0
    for name in graph:
        for prefix, never in _NEVER.items():
            if name == prefix or name.startswith(prefix + "."):
                reached = _below(graph, name)
                wrong = {m for m in reached for n in never if m == n or m.startswith(n + ".")}
                assert not wrong, f"{name} imports {sorted(wrong)}"
                checked += 1
    assert checked >= len(_NEVER)


def test_what_the_reading_functions_accept_is_a_precise_union() -> None:
    """``JSONInput`` names what reading accepts; nothing in it is ``Any``, so a type
    checker refuses what cannot be read (a list, a number) where a payload is expected."""
    import typing
    from collections.abc import Mapping

    from jobstatus._read import JSONInput, SDKObject

    members = set(typing.get_args(JSONInput))
    assert typing.Any not in members
    assert {str, bytes, bytearray, memoryview, SDKObject} <= members
    assert Mapping[str, typing.Any] in members
    assert len(members) == 6
