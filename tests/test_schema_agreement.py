"""Adapters, schemas and fixtures agree, for every registered format; nothing here names one.

Every vendor format has its schema file and its fixtures folder (and nothing else does), and
each table-driven adapter's status tables hold exactly the values of its schema's status
enums, level by level: a status added on one side only fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import schemas
from jobstatus._engine.tables import StatusTable
from jobstatus.registry import REGISTRY, FormatAdapter

from ._support import FIXTURES

SCHEMA_DIR = Path(__file__).parents[1] / "schemas"
FORMATS = jobstatus.formats()
TABLE_ADAPTERS = [a for a in (REGISTRY.get(f) for f in FORMATS) if a.levels]


def test_formats_schemas_and_fixture_folders_match() -> None:
    files = {p.name.removesuffix(schemas.SUFFIX) for p in SCHEMA_DIR.glob(f"*{schemas.SUFFIX}")}
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert files == set(FORMATS), "a format without a schema, or a schema without a format"
    assert folders == set(FORMATS) - {"canonical"}, (
        "a vendor format without fixtures, or the reverse"
    )
    assert set(schemas.available()) == files, "the package does not see the schemas/ folder"


# -- walking a schema along an adapter's levels --------------------------------------------


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with local ``$ref``s followed and a nullable ``anyOf`` reduced to its
    non-null branch."""
    while True:
        if "$ref" in node:
            target: Any = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        elif "anyOf" in node:
            (node,) = [n for n in node["anyOf"] if n.get("type") != "null"]
        else:
            return node


def _below(root: dict[str, Any], node: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    for key in keys:
        node = _resolve(root, _resolve(root, node)["properties"][key])
    return node


def _status_enums(adapter: FormatAdapter) -> list[tuple[int, StatusTable, list[str]]]:
    """(level, the adapter's status table, the schema's enum) for each level it has."""
    root = schemas.schema(adapter.name)
    found = []
    node, from_map = root, False
    for level, spec in enumerate(adapter.levels):
        # A status map's values are the children's statuses themselves.
        status = node if from_map else _below(root, node, spec.status)
        found.append((level, adapter.status_tables[level], _resolve(root, status)["enum"]))
        if spec.children is None:
            break
        container = _resolve(root, _below(root, node, spec.children_key))
        from_map = spec.shape == "status_map"
        node = container["additionalProperties" if from_map else "items"]
    return found


@pytest.mark.parametrize("adapter", TABLE_ADAPTERS, ids=lambda a: a.name)
def test_status_tables_equal_the_schema_enums(adapter: FormatAdapter) -> None:
    levels = _status_enums(adapter)
    assert len(levels) == len(adapter.levels), "a level has no status in the schema"
    for level, table, enum in levels:
        assert len(enum) == len(set(enum)), f"level {level}: the schema repeats a status"
        only_adapter = sorted(set(table) - set(enum))
        only_schema = sorted(set(enum) - set(table))
        assert not only_adapter, f"level {level}: not in the schema's enum: {only_adapter}"
        assert not only_schema, f"level {level}: not in the adapter's table: {only_schema}"
