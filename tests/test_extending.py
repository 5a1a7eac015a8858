"""The "Extending" page's tutorial is a program: its python blocks run in order, as one.

The page walks through a whole format built from ``jobstatus.authoring`` alone; its
assertions are what the tutorial promises, so running the blocks checks them. This also
checks that the adapter's own code imports nothing else, and that the page still covers
each thing a format may declare.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus.authoring import Adapter
from jobstatus.registry import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "extending.md"


def _doc_samples() -> Any:
    spec = importlib.util.spec_from_file_location(
        "doc_samples", ROOT / "scripts" / "doc_samples.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("doc_samples", module)
    spec.loader.exec_module(module)
    return module


BLOCKS = [block for block in _doc_samples().blocks(PAGE) if block.lang == "python"]
TEXT = PAGE.read_text(encoding="utf-8")
# The tutorial's adapter: the blocks before the one that registers it.
ADAPTER_BLOCKS = BLOCKS[: next(n for n, b in enumerate(BLOCKS) if "REGISTRY.register" in b.code)]


def _imported(code: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_tutorial_runs_in_order_and_its_assertions_hold() -> None:
    namespace: dict[str, Any] = {"__name__": "extending_tutorial"}
    try:
        for block in BLOCKS:
            code = compile("\n" * (block.line - 1) + block.code, str(PAGE), "exec")
            exec(code, namespace)
    finally:
        if "orbit" in REGISTRY.names():
            REGISTRY.unregister("orbit")
    adapter = namespace["ADAPTER"]
    assert isinstance(adapter, Adapter)
    assert adapter.name == "orbit"
    asserts = sum(
        isinstance(node, ast.Assert) for b in BLOCKS for node in ast.walk(ast.parse(b.code))
    )
    assert asserts >= 25, "the tutorial checks what it shows"
    assert "orbit" not in jobstatus.formats()


def test_the_adapter_imports_jobstatus_authoring_alone() -> None:
    assert ADAPTER_BLOCKS
    assert {m for b in ADAPTER_BLOCKS for m in _imported(b.code)} == {"jobstatus.authoring"}
    assert "the one module an adapter imports" in TEXT
    assert "jobstatus._engine" not in TEXT


@pytest.mark.parametrize(
    "declares",
    [
        "StatusTable(",  # a status table, its fallbacks derived
        "STATUSES.inverse[S.paused]",
        "field(",
        "rest(",
        "nullable=(",
        "items(",
        "UNIX_SECONDS",
        "auto_or(",
        "Detection(",
        "REGISTRY.register(",
        'jobstatus.render(job, "orbit") == payload',  # the round trip
        "jobstatus.convert(",
    ],
)
def test_the_tutorial_shows(declares: str) -> None:
    assert any(declares in block.code for block in BLOCKS)


def test_the_absent_rule_and_the_generated_blocks_are_on_the_page() -> None:
    assert '**The "absent" rule.**' in TEXT
    assert "returning `None` means *absent*" in TEXT
    for name in ("codecs", "conformance", "entry-point"):
        assert f"<!-- generated:{name} -->" in TEXT
        assert f"<!-- /generated:{name} -->" in TEXT
