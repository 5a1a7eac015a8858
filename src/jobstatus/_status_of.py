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
from ._read import JSONInput, detect_loaded, read
from .errors import ParseError
from .registry import REGISTRY, format_name
from .status import Status

_loads: Callable[[str | bytes], Any]
try:
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - the fast extra is not installed
    _loads = partial(from_json, allow_inf_nan=False)


Reader = Callable[[dict[str, Any]], Status]

# One reader per format, asked of its adapter on first use: the table lookups resolved
# once (this is called in polling loops, where the decoding of a small payload costs a
# fraction of a microsecond), with the registry's generation: a format registered again
# gets a new one.
_READERS: dict[str, tuple[int, Reader]] = {}


def status_of(payload: JSONInput, fmt: str | None = None) -> Status:
    """The status of ``payload``, and nothing else: what ``parse(payload, fmt).status``
    gives, in a fraction of the time.

    Only the job's status key and the format's status table are read; no model is built
    and the rest of the payload is not checked (:func:`parse` and :func:`validate` do).
    An absent, null or unreadable status is ``unknown``, as in :func:`parse`.

    Args:
        payload: a dict, JSON text or bytes, or an SDK response object.
        fmt: the format name; detected from the payload's shape when omitted.

    Raises:
        ParseError: the input is not a JSON object (see :func:`load`).
        DetectError: ``fmt`` is omitted and the format cannot be told.
        UnknownFormatError: no format has that name.

    Examples:
        >>> status_of(b'{"jobId": "job-1", "status": "completed"}')
        <Status.succeeded: 'succeeded'>
        >>> status_of({"job_id": "job-1", "steps": []}, "nemo_ms_jobs")
        <Status.unknown: 'unknown'>
    """
    if fmt is not None and type(fmt) is not str:
        format_name(fmt)
    # Written out rather than split into helpers: on a small payload in a polling loop,
    # each Python call here costs a fifth of the decoding.
    data: Any = payload
    if type(payload) is bytes or type(payload) is str:
        try:
            data = _loads(payload)
        except (ValueError, TypeError):  # not JSON, a lone surrogate, a number past 64 bits
            data = MISSING
    if type(data) is not dict:
        data, _ = read(payload, fmt)  # the errors, and what is not a dict, as parse reads them
        if not isinstance(data, dict):
            what = f"expected a JSON object, got {type(data).__name__}"
            raise ParseError(what, format=fmt, path="$")
    name = fmt if fmt is not None else detect_loaded(data)
    found = _READERS.get(name)
    if found is None or found[0] != REGISTRY.generation:
        reader = REGISTRY.get(name).status_reader()
        found = _READERS[name] = (REGISTRY.generation, reader)
    return found[1](data)


__all__ = ["status_of"]
