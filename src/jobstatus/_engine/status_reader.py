"""A status-only reader for a table-driven format: the job's status key and the job
level's status table, and nothing else (see :func:`jobstatus.status_of`).

It gives what the full reader gives as the job's status: an absent, null or non-string
status is ``unknown``; a value the table does not list is read by the table's off-enum
rule (a known spelling, another casing), else ``unknown``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..status import Status
from .paths import Key, get
from .tables import StatusTable

_SEEN = 1024  # off-enum spellings remembered per format: a hostile stream cannot grow it


def status_reader(key: Key, table: StatusTable) -> Callable[[dict[str, Any]], Status]:
    """The job status at ``key`` of a decoded object, read through ``table``."""
    seen = dict(table.enum)  # and the off-enum spellings met so far, with their meaning
    meaning = table.meaning
    unknown = Status.unknown
    first = key[0]

    def status(data: dict[str, Any]) -> Status:
        raw = get(data, key)[0]
        return read(raw) if isinstance(raw, str) else unknown

    def status_at_top(data: dict[str, Any]) -> Status:
        raw = data.get(first)
        if not isinstance(raw, str):
            return unknown  # absent, null or not a string: parse says so in an issue
        found = seen.get(raw)
        return read(raw) if found is None else found

    def read(raw: str) -> Status:
        found = seen.get(raw)
        if found is None:
            found = meaning(raw) or unknown
            if len(seen) < _SEEN:
                seen[raw] = found
        return found

    return status_at_top if len(key) == 1 else status


__all__ = ["status_reader"]
