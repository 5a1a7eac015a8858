"""The status of a payload, read from its job-level status key and the format's status
table alone: no other field is read and no model is built.

It is what :func:`jobstatus.parse` would give as ``job.status`` for the same payload, by
the same rules: an absent, null or non-string status is ``unknown``; a value the table
does not list is read by the table's own off-enum rule (a known spelling, another casing),
else ``unknown``. A format that is neither table-driven nor canonical (a plugin's own
adapter) is parsed in full.

JSON text is decoded by orjson when it is installed (the ``fast`` extra), else by
pydantic-core; whatever either refuses is left to :func:`jobstatus.load`, whose errors and
values are the standard library's. The depth walk of :func:`jobstatus.parse` is skipped:
nothing is built from the nested values, so a payload nested past ``MAX_DEPTH`` still has
a status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pydantic_core import from_json

from ._engine.base import Adapter
from ._engine.paths import MISSING, get
from ._quote import describe
from .adapters.canonical import CanonicalAdapter
from .errors import ParseError
from .registry import FormatAdapter
from .status import Status

_CANONICAL = {status.value: status for status in Status}
_SEEN = 1024  # off-enum spellings remembered per format: a hostile stream cannot grow it

_loads: Callable[[str | bytes], Any]
try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - the fast extra is not installed
    _loads = partial(from_json, allow_inf_nan=False)


Reader = Callable[[dict[str, Any]], Status]

# One reader per adapter, built on first use: the table lookups resolved once (this is
# called in polling loops, where the decoding of a small payload costs about a microsecond).
# Keyed by id, the adapter kept alongside: a plugin's adapter need not be hashable.
_READERS: dict[int, tuple[FormatAdapter, Reader]] = {}


def read_status(adapter: FormatAdapter, data: dict[str, Any]) -> Status:
    """The job status ``adapter`` reads from ``data`` (a decoded JSON object).

    Raises:
        ParseError: the canonical format's status is not a canonical status (its parse
            refuses such a payload too).
    """
    found = _READERS.get(id(adapter))
    if found is None or found[0] is not adapter:
        found = _READERS[id(adapter)] = (adapter, _reader(adapter))
    return found[1](data)


def _reader(adapter: FormatAdapter) -> Reader:
    # An adapter whose hook refines the job's status from other keys is parsed in full.
    if isinstance(adapter, Adapter) and not getattr(adapter, "refines_status", False):
        return _from_table(adapter)
    if isinstance(adapter, CanonicalAdapter):
        return _canonical
    return lambda data: adapter.parse(data).status


def _from_table(adapter: Adapter) -> Reader:
    spec = adapter.levels[0]
    key = spec.status
    table = spec.statuses if spec.statuses is not None else adapter.statuses
    seen = dict(table.enum)  # and the off-enum spellings met so far, with their meaning
    meaning = table.meaning
    unknown = Status.unknown
    first = key[0]

    def status(data: dict[str, Any]) -> Status:
        raw = data.get(first) if len(key) == 1 else get(data, key)[0]
        if not isinstance(raw, str):
            return unknown  # absent, null or not a string: parse says so in an issue
        found = seen.get(raw)
        if found is None:
            found = meaning(raw) or unknown
            if len(seen) < _SEEN:
                seen[raw] = found
        return found

    return status


def decode(text: str | bytes) -> Any:
    """``text`` decoded by the fastest decoder installed, or ``MISSING`` if it refused."""
    try:
        return _loads(text)
    except (ValueError, TypeError):  # not JSON, a lone surrogate, a number past 64 bits
        return MISSING


def _canonical(data: dict[str, Any]) -> Status:
    raw = data.get("status", MISSING)
    if raw is MISSING:
        return Status.unknown
    status = _CANONICAL.get(raw) if isinstance(raw, str) else None
    if status is None:
        expected = ", ".join(_CANONICAL)
        what = f"expected a canonical status ({expected}), got {describe(raw)}"
        raise ParseError(what, format="canonical", path="$.status")
    return status


__all__ = ["decode", "read_status"]
