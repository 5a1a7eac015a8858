"""Small helpers over nested JSON objects: reading, writing and subtracting key paths."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Final

Key = tuple[str, ...]


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
"""Marks a key that is absent, as opposed to present with the value ``null``."""

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def child(path: str, key: str | int) -> str:
    """The JSON path of ``key`` below ``path``: ``$.a.b``, ``$.a[0]``, ``$['odd key']``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _plain(key) if len(key) <= _CACHED else _PLAIN.match(key) is not None:
        return f"{path}.{key}"
    return f"{path}[{key!r}]"


# Keys past this length are not cached: the cache then holds at most 4096 short keys,
# however long the keys of the payloads it sees.
_CACHED = 64


@lru_cache(maxsize=4096)
def _plain(key: str) -> bool:
    # Cached: payloads repeat the same few dozen keys, and a match costs more than a lookup.
    return _PLAIN.match(key) is not None


def join(path: str, keys: Iterable[str]) -> str:
    for key in keys:
        path = child(path, key)
    return path


def split(dotted: str) -> Key:
    return tuple(dotted.split("."))


def get(data: Mapping[str, Any], keys: Key) -> tuple[Any, int]:
    """Read ``keys`` below ``data``.

    Returns the value (or ``MISSING``) and, when a container on the way is not an object,
    how many keys deep that container sits (else -1), so the caller can report it once.
    """
    value: Any = data
    for depth, key in enumerate(keys):
        if not isinstance(value, dict):
            return MISSING, depth - 1
        value = value.get(key, MISSING)
        if value is MISSING:
            return MISSING, -1
    return value, -1


def empty(value: Any) -> bool:
    """Whether ``value`` says nothing: a null, or an empty array or object."""
    return value is None or (isinstance(value, (tuple, list, dict)) and not value)


def put(data: dict[str, Any], keys: Key, value: Any) -> None:
    """Write ``value`` at ``keys``, creating objects on the way."""
    if len(keys) == 1:
        data[keys[0]] = value
        return
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def has(data: Mapping[str, Any], keys: Key) -> bool:
    return get(data, keys)[0] is not MISSING


Taken = dict[str, Any]
"""The key paths a reader took, as a tree: ``{"id": True, "status_details": {"step": True}}``."""


def take(taken: Taken, keys: Key) -> None:
    """Add ``keys`` to ``taken``; a key taken whole stays whole."""
    for key in keys[:-1]:
        below = taken.get(key)
        if below is True:
            return
        if below is None:
            below = taken[key] = {}
        taken = below
    taken[keys[-1]] = True


def subtract(data: Mapping[str, Any], taken: Taken) -> dict[str, Any]:
    """``data`` without the ``taken`` key paths.

    An object that only held taken keys is dropped as well; an object that was empty to
    begin with is kept, since it is part of what the vendor sent.
    """
    out: dict[str, Any] = {}
    for key, value in data.items():
        below = taken.get(key)
        if below is None:
            out[key] = value
        elif below is not True:
            if below and isinstance(value, dict):
                rest = subtract(value, below)
                if rest:
                    out[key] = rest
            else:
                out[key] = value
    return out


def merge(into: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge ``extra`` into ``into``: objects merge key-wise, anything else replaces."""
    for key, value in extra.items():
        mine = into.get(key)
        if isinstance(mine, dict) and isinstance(value, dict):
            merge(mine, value)
        elif isinstance(value, (dict, list)):
            into[key] = copy_json(value)
        else:  # a scalar is its own copy
            into[key] = value
    return into


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON value, so rendered payloads never share objects with a model.

    Iterative, since vendor details can nest deeper than Python's recursion limit allows.
    """
    if not isinstance(value, (dict, list)):
        return value
    root: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, root, 0, 0)]
    while stack:
        source, parent, slot, depth = stack.pop()
        if depth > _COPY_DEPTH:  # a job built by hand may hold a cycle: end, do not grow
            raise ValueError(f"a value nests deeper than {_COPY_DEPTH} levels, or holds itself")
        if isinstance(source, dict):
            copy: Any = {}
            parent[slot] = copy
            for key, item in source.items():
                copy[key] = None
                stack.append((item, copy, key, depth + 1))
        elif isinstance(source, list):
            copy = [None] * len(source)
            parent[slot] = copy
            stack.extend((item, copy, index, depth + 1) for index, item in enumerate(source))
        else:
            parent[slot] = source
    return root[0]


# Far past what any payload may nest (see jobstatus._walk.MAX_DEPTH): reached only by a
# value that holds itself.
_COPY_DEPTH = 4096
