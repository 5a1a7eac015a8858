"""Reading and writing the rows of a field table, for one node of a payload."""

from __future__ import annotations

from typing import Any

from ..errors import Severity
from ..model import Job, Step, Task
from ._codecs import Codec, CodecError
from ._paths import MISSING, Key, get, join, put
from ._tables import Field, NodeSpec, Trie

Node = Job | Step | Task


def index(
    data: dict[str, Any], trie: Trie, path: str, issues: list[Any], flagged: set[str]
) -> dict[int, dict[int, tuple[Key, Any]]]:
    """Row number -> spelling number -> (vendor keys, raw value), for what ``data`` holds."""
    hits: dict[int, dict[int, tuple[Key, Any]]] = {}
    stack: list[tuple[dict[str, Any], Trie, Key]] = [(data, trie, ())]
    while stack:
        node, level, prefix = stack.pop()
        for key, raw in node.items():
            entry = level.get(key)
            if entry is None:
                continue
            ends, below = entry
            keys = (*prefix, key)
            for row, spelling in ends:
                hits.setdefault(row, {})[spelling] = (keys, raw)
            if below:
                if isinstance(raw, dict):
                    stack.append((raw, below, keys))
                elif not ends:
                    flag_container(data, keys, path, issues, flagged)
    return hits


def read_field(
    row: Field,
    found: dict[int, tuple[Key, Any]] | None,
    path: str,
    out: dict[str, Any],
    taken: list[Key],
    issues: list[Any],
) -> None:
    if not found:
        if row.missing is not None:
            message = f"missing {row.spellings[-1][-1]!r}, which the format requires"
            where = join(path, row.spellings[0])
            issues.append(issue(where, "missing_field", message, row.missing))
        return
    for spelling in sorted(found):
        keys, raw = found[spelling]
        value = _read(row.codec, raw, path, keys, issues)
        if _empty(value):
            continue  # an empty list or object is kept as sent: the model has no "empty"
        put(out, row.canonical, value)
        if (
            spelling == 0
            and row.codec.same(raw, row.codec.render(value))
            and not any(_means(row.codec, other, value) for s, (_, other) in found.items() if s)
        ):
            # Taken, so written back from the model. Not when another spelling holds the
            # same value: written back from there, it would stand in for this one too.
            taken.append(keys)
        return


def read_rest(
    row: Field,
    spec: NodeSpec,
    data: dict[str, Any],
    path: str,
    out: dict[str, Any],
    taken: list[Key],
    issues: list[Any],
    flagged: set[str],
) -> None:
    base = row.spellings[0]
    container, bad = get(data, base)
    if bad >= 0:
        flag_container(data, base[: bad + 1], path, issues, flagged)
    if container is MISSING:
        return
    if not isinstance(container, dict):
        flag_container(data, base, path, issues, flagged)
        return
    found: dict[str, Any] = {}
    for key, raw in container.items():
        keys = (*base, key)
        if keys in spec.claimed or (row.match and not row.match(key)):
            continue
        value = _read(row.codec, raw, path, keys, issues)
        if value is None:
            continue
        found[key] = value
        if row.codec.same(raw, row.codec.render(value)):
            taken.append(keys)
    if found:
        existing, _ = get(out, row.canonical)
        put(out, row.canonical, {**(existing or {}), **found})


def write_field(
    row: Field, node: Node, out: dict[str, Any], kept: dict[str, Any], native: bool
) -> None:
    value: Any = node
    for attr in row.canonical:
        value = getattr(value, attr, None)
        if value is None:
            return
    if _empty(value):
        return
    if row.canonical == ("progress", "percent") and node.progress.percent_derived and native:
        # Derived from counters or children when it was read: writing it back would add a
        # field the vendor did not send. Another format gets it, as its only way to know it.
        return
    if row.rest:
        for key, item in value.items():
            keys = (*row.spellings[0], key)
            if (row.match is None or row.match(key)) and not _holds(kept, keys, row.codec, item):
                put(out, keys, row.codec.render(item))
        return
    if any(_holds(kept, keys, row.codec, value) for keys in row.spellings):
        return
    put(out, row.spellings[0], row.codec.render(value))


def _read(codec: Codec, raw: Any, path: str, keys: Key, issues: list[Any]) -> Any:
    """The canonical value of ``raw``, or None (with an issue if it was unreadable)."""
    if raw is None:
        return None
    try:
        return codec.parse(raw)
    except CodecError as error:
        issues.append(issue(join(path, keys), "invalid_value", str(error), "error"))
        return None


def _means(codec: Codec, raw: Any, value: Any) -> bool:
    try:
        return raw is not None and bool(codec.parse(raw) == value)
    except CodecError:
        return False


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (tuple, list, dict)) and not value)


def _holds(kept: dict[str, Any], keys: Key, codec: Codec, value: Any) -> bool:
    """Whether the kept payload spells ``value`` at ``keys`` (so it is written from there)."""
    raw, _ = get(kept, keys)
    return raw is not MISSING and _means(codec, raw, value)


def issue(path: str, code: str, message: str, severity: Severity) -> dict[str, str]:
    # A dict, validated with the job in one pass rather than one model at a time.
    return {"path": path, "code": code, "message": message, "severity": severity}


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def flag_container(
    data: dict[str, Any], keys: Key, path: str, issues: list[Any], flagged: set[str]
) -> None:
    where = join(path, keys)
    if where in flagged:
        return
    flagged.add(where)
    value, _ = get(data, keys)
    if value is None:
        message = "null where the format documents an object"
        issues.append(issue(where, "null_object", message, "info"))
    elif not isinstance(value, dict):
        message = f"expected an object, got {short(value)}"
        issues.append(issue(where, "wrong_type", message, "error"))
