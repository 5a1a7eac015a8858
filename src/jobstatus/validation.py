"""Validation of payloads against their format's JSON Schema.

:func:`validate` lists every schema error of a payload as an :class:`~jobstatus.Issue`;
``parse(..., strict=True)`` adds them to the adapter's own issues (:func:`strict_issues`).
The schemas and their compiled validators are in :mod:`jobstatus.schemas`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._read import JSONInput, check_depth, detect_loaded, read
from ._walk import not_json
from .errors import Issue, ParseError, StrictError
from .registry import format_name
from .schemas import Backend, available, validator


def validate(
    payload: JSONInput,
    fmt: str | None = None,
    *,
    strict: bool = False,
    backend: Backend = "auto",
) -> list[Issue]:
    """Check ``payload`` against the JSON Schema of its format.

    Every error is reported, not only the first: each is an :class:`~jobstatus.Issue` of
    code ``schema`` (``not_json`` for a NaN or an infinity, which a Python object can hold
    and JSON cannot) and severity ``error``, with the JSON path of the offending value (of
    the missing property, for a ``required`` error) and the schema ``keyword`` that
    failed, sorted by path. The validator is compiled once per format and backend.

    Args:
        payload: a dict, JSON text or bytes, or an SDK response object.
        fmt: the format name; detected from the payload's shape when omitted.
        strict: raise one :class:`~jobstatus.StrictError` listing the issues, if any.
        backend: ``"auto"`` (the default: ``"rs"`` when it is installed, else
            ``"jsonschema"``), ``"jsonschema"`` (pure Python, the reference) or ``"rs"``
            (``jsonschema-rs``, from the ``fast`` extra, far faster). Both find the same
            errors; only the wording of the messages differs.

    Returns:
        The issues; empty when the payload is valid.

    Raises:
        ParseError: the payload is not JSON, or not a JSON object.
        StrictError: ``strict`` is set and the payload breaks the schema.
        DetectError: ``fmt`` is omitted and the format cannot be told.
        UnknownFormatError: no format has that name.
        JobStatusError: the format has no schema, or the backend is not installed.

    Examples:
        >>> issues = validate({"jobId": "job-1", "status": "done"}, "tensorone")
        >>> [(issue.path, issue.keyword) for issue in issues]
        [('$.status', 'enum')]
        >>> validate({"jobId": "job-1", "status": "running"})
        []
    """
    compiled = None if fmt is None else validator(format_name(fmt), backend)
    data, found = read(payload, fmt)
    name = fmt if fmt is not None else detect_loaded(data)
    if not isinstance(data, dict):
        what = f"expected a JSON object, got {type(data).__name__}"
        raise ParseError(what, format=name, path="$")
    check_depth(found, name)
    try:
        issues = (compiled or validator(name, backend)).issues(data)
    except ParseError as error:
        raise ParseError(error.what, format=name, path=error.path) from None
    if found.nonfinite:
        issues = sorted([*issues, *not_json(found)], key=lambda issue: issue.path)
    if strict and issues:
        raise StrictError(
            f"{len(issues)} schema issue(s) in the payload", format=name, issues=issues
        )
    return issues


def strict_issues(data: object, fmt: str, found: Iterable[Issue]) -> list[Issue]:
    """What a strict parse rejects: the adapter's error- and warning-level issues, then the
    schema's issues (when the format has a schema), found by the backend :func:`validate`
    uses by default, so that both list the same issues in the same words.

    A schema issue at a path where the adapter already reported one says the same thing
    (an unknown status, a number out of range, a missing field), so it is left out.
    """
    serious = [issue for issue in found if issue.severity != "info"]
    if fmt not in available():
        return serious
    flagged = {issue.path for issue in serious}
    extra = [i for i in validator(fmt, "auto").issues(data) if i.path not in flagged]
    return [*serious, *extra]


__all__ = ["strict_issues", "validate"]
