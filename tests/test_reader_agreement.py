"""Side by side: the one-pass reader reads what the former reference walk read."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jobstatus
from jobstatus._engine.base import Adapter
from jobstatus._engine.paths import subtract
from jobstatus._engine.reader import Reader
from jobstatus.registry import REGISTRY

from . import _old_reader
from ._support import fixture_payloads, json_leaves, json_values, mutated

ADAPTERS = [a for a in map(REGISTRY.get, jobstatus.formats()) if isinstance(a, Adapter)]
READERS = [
    (
        f"{adapter.name}[{level}]{'+merged' if reader is spec.readers[1] and spec.merged else ''}",
        reader,
    )
    for adapter in ADAPTERS
    for level, spec in enumerate(adapter.levels)
    for reader in dict.fromkeys(spec.readers)
]


def _objects(value: Any) -> list[dict[str, Any]]:
    """Every JSON object in ``value``, itself included: each one a node some reader may read."""
    found = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


_OLD: dict[int, Any] = {}


def _old(reader: Reader) -> Any:
    if id(reader) not in _OLD:
        below: dict[Any, set[str]] = {}
        for adapter in ADAPTERS:
            for spec in adapter.levels:
                if reader in spec.readers:
                    for keys in spec.claimed:
                        below.setdefault(keys[:-1], set()).add(keys[-1])
        claimed = {k: frozenset(v) for k, v in below.items()}
        _OLD[id(reader)] = _old_reader.Reader(reader.rows, claimed, reader.nullable)
    return _OLD[id(reader)]


def _ordered(out: Any, reader: Reader, depth: int = 0, prefix: tuple[str, ...] = ()) -> Any:
    """``out`` with the keys the rows create sorted: the model does not see their order;
    the order of a row's own value (a dict a rest row reads) is left as it is."""
    inner = {row.canonical[:n] for row in reader.rows for n in range(1, len(row.canonical))}
    if prefix and prefix not in inner:
        return out
    return {k: _ordered(out[k], reader, depth + 1, (*prefix, k)) for k in sorted(out)}


def _agree(reader: Reader, data: dict[str, Any]) -> None:
    old = _old(reader)
    out_old: dict[str, Any] = {}
    taken: dict[str, Any] = {}
    tagged_old = old.walk(data, "$.node", out_old, taken)
    issues_old = [found for _, found in sorted(tagged_old, key=lambda pair: pair[0])]
    reference = (_ordered(out_old, reader), subtract(data, taken), issues_old)
    out_new: dict[str, Any] = {}
    tagged_new, ext = reader.read(data, "$.node", out_new, {})
    issues_new = [found for _, found in sorted(tagged_new, key=lambda pair: pair[0])]
    new = (_ordered(out_new, reader), ext, issues_new)
    assert json.dumps(new, default=repr) == json.dumps(reference, default=repr)
    assert new == reference


@pytest.mark.parametrize(("name", "reader"), READERS, ids=[name for name, _ in READERS])
def test_compiled_reader_agrees_on_every_fixture_node(name: str, reader: Reader) -> None:
    """Each level's generated reader reads every object of every fixture as the reference
    walk does: the same values, the same fields kept, the same issues in the same order."""
    fmt = name.split("[")[0]
    nodes = [node for payload in fixture_payloads(fmt) for node in _objects(payload)]
    assert nodes
    for node in nodes:
        _agree(reader, node)


def _readers_of(fmt: str) -> list[Reader]:
    return [reader for name, reader in READERS if name.startswith(f"{fmt}[")]


FORMATS = [adapter.name for adapter in ADAPTERS]


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_compiled_readers_agree_on_edited_nodes(fmt: str, data: st.DataObject) -> None:
    """The same, on real payloads with random edits."""
    payload = data.draw(st.sampled_from(fixture_payloads(fmt)).flatmap(mutated))
    for reader in _readers_of(fmt):
        for node in _objects(payload):
            _agree(reader, node)


@pytest.mark.parametrize("fmt", FORMATS)
@given(value=st.dictionaries(st.text(max_size=12), json_values, max_size=6))
def test_compiled_readers_agree_on_any_object(fmt: str, value: dict[str, Any]) -> None:
    """The same, on any JSON object."""
    for reader in _readers_of(fmt):
        _agree(reader, value)


# Vendor keys that the tables read, each set to a value of the wrong kind: containers that
# are strings or nulls (the generated code reports one itself and hands two to the walk).
_WRONG = st.sampled_from([None, "x", 3, [], [1], {}, {"x": 1}, -1, 1.5, 10**400, True]).map(
    copy.deepcopy
)


@pytest.mark.parametrize(("name", "reader"), READERS, ids=[name for name, _ in READERS])
@given(data=st.data())
def test_compiled_reader_agrees_on_wrong_kinds_of_known_keys(
    name: str, reader: Reader, data: st.DataObject
) -> None:
    """The same, on objects of the keys the format reads, holding values of every kind."""
    known = sorted({keys for row in reader.rows for keys in row.spellings}, key=str)
    node: dict[str, Any] = {}
    for keys in data.draw(st.lists(st.sampled_from(known), max_size=6)):
        target = node
        for key in keys[:-1]:
            below = target.get(key)
            if not isinstance(below, dict):
                below = target[key] = {}
            target = below
        target[keys[-1]] = data.draw(_WRONG | json_leaves)
        if data.draw(st.booleans()):  # and now and then, a container of the wrong kind
            node[data.draw(st.sampled_from(known))[0]] = data.draw(_WRONG)
    _agree(reader, node)
