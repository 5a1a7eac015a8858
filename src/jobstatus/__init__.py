"""jobstatus: the job-status payloads of ML platforms, in one canonical model.

>>> import jobstatus
>>> job = jobstatus.parse({"job_id": "job-1", "status": "completed", "steps": []})
>>> job.status.is_terminal, job.status.outcome
(True, <Outcome.success: 'success'>)

Names are imported on first use, as pydantic's are: ``import jobstatus`` costs a few
milliseconds, and a program that only parses never loads the schemas or the validator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import detect, formats, parse, render, status_of
    from .conversion import convert, losses
    from .errors import (
        DetectError,
        FetchError,
        FormatExistsError,
        HTTPError,
        Issue,
        JobFailed,
        JobStatusError,
        JobStatusWarning,
        LossError,
        ParseError,
        RenderError,
        StrictError,
        UnknownFormatError,
        UsageError,
        WaitTimeout,
    )
    from .live import Change, Tracker, changes, wait, wait_async, watch, watch_async
    from .model import (
        Checkpoint,
        Cost,
        ErrorInfo,
        Job,
        MetricPoint,
        Metrics,
        Outputs,
        Progress,
        Resources,
        Step,
        Task,
    )
    from .status import Outcome, Phase, Status, can_transition
    from .validation import validate

__version__ = "0.1.0"

_MODULES = {
    ".api": ("detect", "formats", "parse", "render", "status_of"),
    ".conversion": ("convert", "losses"),
    ".validation": ("validate",),
    ".errors": (
        "DetectError",
        "FetchError",
        "FormatExistsError",
        "HTTPError",
        "Issue",
        "JobFailed",
        "JobStatusError",
        "JobStatusWarning",
        "LossError",
        "ParseError",
        "RenderError",
        "StrictError",
        "UnknownFormatError",
        "WaitTimeout",
        "UsageError",
    ),
    ".live": ("Change", "Tracker", "changes", "wait", "wait_async", "watch", "watch_async"),
    ".model": (
        "Checkpoint",
        "Cost",
        "ErrorInfo",
        "Job",
        "MetricPoint",
        "Metrics",
        "Outputs",
        "Progress",
        "Resources",
        "Step",
        "Task",
    ),
    ".status": ("Outcome", "Phase", "Status", "can_transition"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # found once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = [
    "Change",
    "Checkpoint",
    "Cost",
    "DetectError",
    "ErrorInfo",
    "FetchError",
    "FormatExistsError",
    "HTTPError",
    "Issue",
    "Job",
    "JobFailed",
    "JobStatusError",
    "JobStatusWarning",
    "LossError",
    "MetricPoint",
    "Metrics",
    "Outcome",
    "Outputs",
    "ParseError",
    "Phase",
    "Progress",
    "RenderError",
    "Resources",
    "Status",
    "Step",
    "StrictError",
    "Task",
    "Tracker",
    "UnknownFormatError",
    "UsageError",
    "WaitTimeout",
    "__version__",
    "can_transition",
    "changes",
    "convert",
    "detect",
    "formats",
    "losses",
    "parse",
    "render",
    "status_of",
    "validate",
    "wait",
    "wait_async",
    "watch",
    "watch_async",
]
