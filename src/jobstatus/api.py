"""The public functions: parse, render, detect, formats (and convert, losses, validate).

Conversion and validation are imported when first used: reading a payload needs neither.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic_core import from_json

from ._quote import describe
from ._status_of import decode, read_status
from ._walk import MAX_DEPTH, Findings, depth_error, walk, with_nonfinite
from .errors import DetectError, ParseError, StrictError, UsageError
from .model import Job
from .registry import REGISTRY, format_name
from .status import Status

if TYPE_CHECKING:
    from .conversion import OnLoss, convert, losses
    from .validation import validate

JSONInput = Mapping[str, Any] | str | bytes | bytearray | memoryview | Any


def formats() -> tuple[str, ...]:
    """Every registered format name, sorted.

    Examples:
        >>> "nemo_jobs_v2" in formats()
        True
    """
    return REGISTRY.names()


def load(payload: JSONInput, fmt: str | None = None) -> Any:
    """Decode ``payload`` into plain JSON values.

    Accepts a mapping, JSON text or bytes, or an SDK response object (a pydantic model:
    its JSON dump, unknown fields included). NaN and Infinity are not JSON and are refused
    in text; in Python objects they are noted (see :func:`parse`).

    Raises:
        ParseError: the text is not JSON; or the value holds a cycle, a key that is not a
            string, nesting past the limit (:data:`MAX_DEPTH`, the canonical format a few
            levels more), or cannot be read at all (the error is chained).
    """
    return read(payload, fmt)[0]


def read(payload: JSONInput, fmt: str | None = None) -> tuple[Any, Findings]:
    """:func:`load`, and what the one walk over the value found (see :mod:`._walk`)."""
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        # Decoded text holds no cycle and no key that is not a string, but it may nest past
        # the limit, and 1e309 reads as infinity. The walk costs a few percent of a parse;
        # a gate on the text (a regular expression, a translate) cost as much.
        data = _decode(payload, fmt)
        return data, walk(data, fmt, objects=False)
    try:
        if isinstance(payload, dict):
            data = payload
        elif isinstance(payload, Mapping):
            data = dict(payload)
        else:
            dump = getattr(payload, "model_dump", None)
            data = (
                dump(mode="json", by_alias=True, exclude_unset=True) if callable(dump) else payload
            )
    except Exception as error:  # a Mapping whose iteration fails, a model that cannot dump
        what = f"cannot read the {type(payload).__name__}: {type(error).__name__}: "
        raise ParseError(what + describe(str(error)), format=fmt, path="$") from error
    return data, walk(data, fmt, objects=True)


def _decode(payload: str | bytes | bytearray | memoryview, fmt: str | None) -> Any:
    text = bytes(payload) if isinstance(payload, memoryview) else payload
    try:
        # pydantic-core's reader (jiter) gives what json.loads gives, in a third of the
        # time; what it refuses (NaN, a byte order mark, UTF-16, a lone surrogate, deep
        # nesting) json.loads decides, so that both what is read and every error
        # message stay the standard library's.
        return from_json(text, allow_inf_nan=False)
    except (ValueError, TypeError):  # TypeError: a str that is not UTF-8 (a surrogate)
        pass
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"not JSON: {error}", format=fmt, path="$") from None


def check_depth(found: Findings, name: str) -> None:
    """Refuse input nested past :data:`MAX_DEPTH` unless format ``name`` reads deeper (an
    adapter's ``max_depth``: the canonical format's JSON nests a vendor's values deeper).
    """
    deeper = found.too_deep is not None
    if deeper and getattr(REGISTRY.get(name), "max_depth", MAX_DEPTH) <= MAX_DEPTH:
        raise depth_error(found, name)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def detect(payload: JSONInput) -> str:
    """The name of the format ``payload`` is in, told by its shape.

    Raises:
        DetectError: the payload fits no format, or several equally; the message lists them.
        ParseError: the payload cannot be read (see :func:`load`).

    Examples:
        >>> detect({"job_id": "job-1", "status": "active", "steps": []})
        'nemo_ms_jobs'
    """
    return detect_loaded(load(payload))


def detect_loaded(data: Any) -> str:
    """:func:`detect` for a value :func:`load` gave."""
    if not isinstance(data, dict):
        raise DetectError(f"expected a JSON object, got {type(data).__name__}", path="$")
    return REGISTRY.detect(data)


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
    data, found = read(payload, fmt)
    name = fmt if fmt is not None else detect_loaded(data)
    check_depth(found, name)
    job = REGISTRY.get(name).parse(data)
    if found.nonfinite:
        job = with_nonfinite(job, found)
    if strict:
        from .validation import strict_issues

        problems = strict_issues(data, name, job.issues)
        if problems:
            raise StrictError(
                f"{len(problems)} issue(s) in the payload", format=name, issues=problems
            )
    return job


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
    data = decode(payload) if isinstance(payload, (bytes, str)) else payload
    if type(data) is not dict:
        data, _ = read(payload, fmt)  # the errors, and what is not a dict, as parse reads them
        if not isinstance(data, dict):
            what = f"expected a JSON object, got {type(data).__name__}"
            raise ParseError(what, format=fmt, path="$")
    return read_status(REGISTRY.get(fmt if fmt is not None else detect_loaded(data)), data)


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
    from .conversion import render_checked

    return render_checked(job, fmt, on_loss, stacklevel=2)


_ELSEWHERE = {"convert": ".conversion", "losses": ".conversion", "validate": ".validation"}


def __getattr__(name: str) -> Any:
    if name in _ELSEWHERE:
        return getattr(importlib.import_module(_ELSEWHERE[name], __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_DEPTH",
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
