"""Writing the rows of a field table, for one node of a job."""

from __future__ import annotations

from typing import Any

from ..model import Job, Step, Task
from .codecs import Codec
from .paths import MISSING, Key, get, put
from .tables import Field

Node = Job | Step | Task


def write_field(
    row: Field, value: Any, node: Node, out: dict[str, Any], kept: dict[str, Any], native: bool
) -> None:
    """Write ``value`` (``row``'s value in ``node``, not empty: see :func:`empty`)."""
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
    if kept:  # a value the kept payload spells is written from there, as the vendor spelled it
        for keys in row.spellings:
            if keys[0] in kept and _holds(kept, keys, row.codec, value):
                return
    put(out, row.spellings[0], row.codec.render(value))


def _holds(kept: dict[str, Any], keys: Key, codec: Codec, value: Any) -> bool:
    """Whether the kept payload spells ``value`` at ``keys`` (so it is written from there)."""
    raw, _ = get(kept, keys)
    return raw is not MISSING and codec.means(raw, value)
