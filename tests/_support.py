"""Shared test helpers: the fixture catalogue, payload comparison, payload mutation."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from jobstatus._engine.codecs import parse_timestamp

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = ".expected.json"


def fixture_files(fmt: str | None = None) -> list[Path]:
    """Every fixture input (``*.json`` or ``*.txt``), per format folder or all of them."""
    folders = [FIXTURES / fmt] if fmt else sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    return sorted(
        path
        for folder in folders
        for path in folder.glob("*")
        if path.suffix in (".json", ".txt") and not path.name.endswith(EXPECTED)
    )


def expected_path(path: Path) -> Path:
    return path.with_name(path.stem + EXPECTED)


def fixture_payloads(fmt: str) -> list[Any]:
    """The decoded JSON-object fixtures of ``fmt`` (the broken ones left out)."""
    out = []
    for path in fixture_files(fmt):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                out.append(data)
    return out


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def normalize(value: Any) -> Any:
    """What the fidelity contract keeps: values, not the spelling of numbers or instants.

    ``75`` and ``75.0`` compare equal; so do two spellings of one instant (a naive
    timestamp is an instant in UTC). Booleans stay apart from numbers.
    """
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, bool) or value is None:
        return ("bool", value)
    if isinstance(value, int):
        return ("number", value)  # exact: an int past 2**53 is no float, and compares as itself
    if isinstance(value, float):
        return ("number", value) if math.isfinite(value) else ("number", repr(value))
    if isinstance(value, str) and _STAMP.match(value):
        # The library's own reader: datetime.fromisoformat refuses some spellings on 3.10
        # (a one-digit fraction) that every supported version of jobstatus reads.
        try:
            return ("instant", parse_timestamp(value))
        except ValueError:
            return value
    return value


# -- mutation of real payloads, for robustness and round trips on drifted input ---------------

json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    # JSON numbers have no size: past 2**53 no float holds them, past ~10**308 none comes near.
    | st.sampled_from([2**53 + 1, 2**64, -(2**64), 10**30 + 1, 10**400, -(10**400)])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


@st.composite
def mutated(draw: st.DrawFn, payload: Any, max_edits: int = 3) -> Any:
    """``payload`` with a few random edits: a value replaced, a key removed or added."""
    data = _copy(payload)
    for _ in range(draw(st.integers(1, max_edits))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=12))] = draw(json_values)
    return data
