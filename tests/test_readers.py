"""The one reader: a function generated from each level's rows, one pass over a node's keys.

What it reads is pinned by the golden fixtures and the conformance suite; these are the
properties of the reader itself: what it keeps, how custom codecs take the same path as
stock ones, and that its source can be read.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus._engine import codecs
from jobstatus._engine.base import Adapter
from jobstatus._engine.reader import Reader
from jobstatus._engine.tables import NodeSpec, field, rest
from jobstatus.registry import REGISTRY

from ._support import json_values

ADAPTERS = [a for a in map(REGISTRY.get, jobstatus.formats()) if isinstance(a, Adapter)]
READERS = [
    (f"{adapter.name}[{level}]{'+merged' if reader is not spec.readers[0] else ''}", reader)
    for adapter in ADAPTERS
    for level, spec in enumerate(adapter.levels)
    for reader in dict.fromkeys(spec.readers)
]


@pytest.mark.parametrize(("name", "reader"), READERS, ids=[name for name, _ in READERS])
def test_every_levels_reader_has_readable_source(name: str, reader: Reader) -> None:
    """Each level's reader is generated from its rows, and its source can be read."""
    source = reader.source
    assert source.startswith("def read(data, path, out, taken):")
    assert "for key, raw in node.items():" in source  # one pass over the keys


def _kept_from(kept: Any, data: Any) -> bool:
    """Whether ``kept`` is ``data`` with some keys left out (objects compared key-wise)."""
    if kept is data or kept == data:
        return True
    if not isinstance(kept, dict) or not isinstance(data, dict):
        return False
    return all(key in data and _kept_from(value, data[key]) for key, value in kept.items())


@pytest.mark.parametrize(("name", "reader"), READERS, ids=[name for name, _ in READERS])
@settings(max_examples=25)
@given(
    value=st.dictionaries(
        st.sampled_from(["id", "status_details", "x", "metrics"]) | st.text(max_size=8),
        json_values,
        max_size=6,
    )
)
def test_extensions_are_the_node_less_what_was_read(
    name: str, reader: Reader, value: dict[str, Any]
) -> None:
    """Whatever the node holds, its extensions are the node with keys left out, in the
    node's order, and a key no row reads is always among them."""
    out: dict[str, Any] = {}
    _, extensions = reader.read(value, "$", out, {})
    assert _kept_from(extensions, value)
    assert list(extensions) == [key for key in value if key in extensions]
    read = {keys[0] for row in reader.rows for keys in row.spellings}
    assert all(key in extensions for key in value if key not in read)


_UPPER = codecs.Codec(
    "upper-case word",
    lambda raw: raw.lower() if isinstance(raw, str) and raw.isupper() else _refuse(raw),
    str.upper,
    inline=(("type(raw) is str and raw.isupper() and raw.isalpha()", "raw.lower()"),),
)


def _refuse(raw: Any) -> Any:
    raise codecs.CodecError(f"expected an upper-case word, got {raw!r}")


@pytest.mark.parametrize("codec", [_UPPER, codecs.Codec(_UPPER.name, _UPPER.parse, str.upper)])
def test_a_custom_codec_takes_the_same_path_as_a_stock_one(codec: codecs.Codec) -> None:
    """Inline cases are declared on the codec itself; with or without them, the reading is
    the same."""
    reader = NodeSpec(fields=(field("name", "name", codec=codec), field("id", "id"))).rows(False)
    out: dict[str, Any] = {}
    found, extensions = reader.read({"name": "ABC", "id": "j", "other": 1}, "$", out, {})
    assert out == {"name": "abc", "id": "j"}
    assert (found, extensions) == ([], {"other": 1})
    assert ("raw.isupper() and raw.isalpha()" in reader.source) is bool(codec.inline)
    out = {}
    found, extensions = reader.read({"name": "abc"}, "$", out, {})
    assert out == {}
    assert extensions == {"name": "abc"}
    assert [issue["code"] for _, issue in found] == ["invalid_value"]


def test_objects_emptied_by_reading_are_dropped_and_empty_ones_kept() -> None:
    spec = NodeSpec(
        fields=(
            field("progress.step", "details.step", codec=codecs.COUNT),
            rest("metrics.other", "scores", codec=codecs.NUMBER),
        )
    )
    reader = spec.rows(False)
    node = {"details": {"step": 3}, "scores": {"a": 1.5, "b": "x"}, "empty": {}, "kept": {"k": 1}}
    out: dict[str, Any] = {}
    found, extensions = reader.read(node, "$", out, {"kept": {"k": True}})
    assert out == {"progress": {"step": 3}, "metrics": {"other": {"a": 1.5}}}
    assert extensions == {"scores": {"b": "x"}, "empty": {}}
    assert [issue["path"] for _, issue in found] == ["$.scores.b"]
