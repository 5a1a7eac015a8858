"""The status of a payload, read from its job-level status key and the format's status
table alone: no other field is read and no model is built.

It is what :func:`jobstatus.parse` would give as ``job.status`` for the same payload, by
the same rules: an absent, null or non-string status is ``unknown``; a value the table
does not list is read by the table's own off-enum rule (a known spelling, another casing),
else ``unknown``. Each format says how (``FormatAdapter.status_reader``): a table-driven
one reads its status key through its status table, the canonical one refuses what is not
a canonical status, and a plugin's own adapter may parse in full.

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

from ._engine.paths import MISSING
from .registry import FormatAdapter
from .status import Status

_loads: Callable[[str | bytes], Any]
try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - the fast extra is not installed
    _loads = partial(from_json, allow_inf_nan=False)


Reader = Callable[[dict[str, Any]], Status]

# One reader per adapter, asked of it on first use: the table lookups resolved once (this
# is called in polling loops, where the decoding of a small payload costs about a
# microsecond). Keyed by id, the adapter kept alongside: a plugin's adapter need not be
# hashable.
_READERS: dict[int, tuple[FormatAdapter, Reader]] = {}


def read_status(adapter: FormatAdapter, data: dict[str, Any]) -> Status:
    """The job status ``adapter`` reads from ``data`` (a decoded JSON object).

    Raises:
        ParseError: the status cannot be read where ``parse`` refuses it too (the
            canonical format's status must be a canonical status).
    """
    found = _READERS.get(id(adapter))
    if found is None or found[0] is not adapter:
        found = _READERS[id(adapter)] = (adapter, adapter.status_reader())
    return found[1](data)


def decode(text: str | bytes) -> Any:
    """``text`` decoded by the fastest decoder installed, or ``MISSING`` if it refused."""
    try:
        return _loads(text)
    except (ValueError, TypeError):  # not JSON, a lone surrogate, a number past 64 bits
        return MISSING


__all__ = ["decode", "read_status"]
