"""The public functions: parse, status_of, render, detect, formats (and convert, losses,
validate): a thin facade over the modules below it.

Reading is in :mod:`._read` and parsing in :mod:`._parse`; conversion and validation are
imported when first used (reading a payload needs neither), and neither imports this.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._parse import parse
from ._read import (
    MAX_DEPTH,
    JSONInput,
    check_depth,
    detect,
    detect_loaded,
    load,
    read,
)
from ._status_of import status_of
from .errors import UsageError
from .model import Job
from .registry import REGISTRY

if TYPE_CHECKING:
    from .conversion import OnLoss, convert, losses
    from .validation import validate


def formats() -> tuple[str, ...]:
    """Every registered format name, sorted.

    Examples:
        >>> "nemo_jobs_v2" in formats()
        True
    """
    return REGISTRY.names()


def render(job: Job, fmt: str, *, on_loss: OnLoss = "ignore") -> dict[str, Any]:
    """Write ``job`` as a payload of format ``fmt`` (a JSON-ready dict).

    A job rendered in the format it was read from gives that payload back (only a
    timestamp's or a number's spelling may differ). A format that cannot carry all of
    the job gets what fits.

    Args:
        job: the job to write.
        fmt: the format name.
        on_loss: ``"ignore"`` (the default: no check, no extra cost), ``"warn"`` (one
            :class:`~jobstatus.JobStatusWarning` listing every loss) or ``"raise"`` (one
            :class:`~jobstatus.LossError`). Checking reads the payload back once; see
            :func:`jobstatus.losses` for the list itself.

    Raises:
        LossError: ``on_loss="raise"`` and ``fmt`` cannot carry all of the job.
        UnknownFormatError: no format has that name.

    Examples:
        >>> job = parse({"job_id": "job-1", "status": "active", "steps": []})
        >>> render(job, "nemo_ms_jobs")
        {'status': 'active', 'job_id': 'job-1', 'steps': []}
        >>> render(job, "simplismart", on_loss="raise")
        {'status': 'RUNNING', 'request_id': 'job-1'}
    """
    if not isinstance(job, Job):
        raise UsageError(f"render() takes a Job, got {type(job).__name__}")
    from .conversion import render_checked  # on first render: parsing alone never loads it

    return render_checked(job, fmt, on_loss, stacklevel=2)


_ELSEWHERE = {"convert": ".conversion", "losses": ".conversion", "validate": ".validation"}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name], __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_DEPTH",
    "JSONInput",
    "check_depth",
    "convert",
    "detect",
    "detect_loaded",
    "formats",
    "load",
    "losses",
    "parse",
    "read",
    "render",
    "status_of",
    "validate",
]
