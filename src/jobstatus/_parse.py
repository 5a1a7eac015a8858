"""``parse``: a payload of any format into a :class:`~jobstatus.Job`.

Below :mod:`jobstatus.api` (which exports it) and :mod:`jobstatus.conversion` (which reads
through it); validation, needed only by a strict parse, is imported when first used.
"""

from __future__ import annotations

import gc

from ._read import JSONInput, check_depth, detect_loaded, read
from ._walk import with_nonfinite
from .errors import StrictError
from .model import Job
from .registry import REGISTRY, format_name


def parse(payload: JSONInput, fmt: str | None = None, *, strict: bool = False) -> Job:
    """Read a vendor payload into a :class:`~jobstatus.Job`.

    Args:
        payload: a dict, JSON text or bytes, or an SDK response object.
        fmt: the format name; detected from the payload's shape when omitted.
        strict: raise instead of recording drift. A lenient parse (the default) never
            raises on drift: each oddity becomes an issue in ``job.issues`` (JSON path,
            code, message) and the original value is kept in the node's ``extensions``.

    Raises:
        ParseError: the input is not a payload of the format at all.
        StrictError: ``strict`` is set and the payload has error- or warning-level issues,
            or breaks the format's JSON Schema (see :func:`validate`); every one is listed.
        UnknownFormatError: no format has that name.

    Examples:
        >>> job = parse({"job_id": "job-1", "status": "active", "steps": []})
        >>> job.status, job.format
        (<Status.running: 'running'>, 'nemo_ms_jobs')
    """
    if fmt is not None:
        format_name(fmt)
    # Decoding and reading build many objects and free none: a collection during either
    # finds nothing to free, and costs more the more is alive (a payload of 64 MB).
    collecting = gc.isenabled()
    gc.disable()
    try:
        data, found = read(payload, fmt)
        name = fmt if fmt is not None else detect_loaded(data)
        check_depth(found, name)
        job = REGISTRY.get(name).parse(data)
    finally:
        if collecting:
            gc.enable()
    if found.nonfinite:
        job = with_nonfinite(job, found)
    if strict:
        from .validation import strict_issues  # loads the schemas: only when strict

        problems = strict_issues(data, name, job.issues)
        if problems:
            raise StrictError(
                f"{len(problems)} issue(s) in the payload", format=name, issues=problems
            )
    return job


__all__ = ["parse"]
