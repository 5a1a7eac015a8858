"""The canonical model's own JSON, itself a format: what ``Job.model_dump_json`` writes.

Fields equal to their default are left out (but the status), so the JSON stays small;
reading it back gives an identical job. Reading is as strict as the format's schema: a
value of the wrong JSON type (an epoch number or a string of digits for a timestamp,
``true`` for a number) is refused, not converted, and so is a timestamp finer than the
model holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError, to_json

from .._engine.codecs import timestamp_loss
from .._engine.human import describe
from .._engine.paths import child
from .._walk import CANONICAL_DEPTH, refuse_nonfinite
from ..detection import Detection
from ..errors import Issue, ParseError, RenderError
from ..model import Job
from ..status import Status

if TYPE_CHECKING:
    from ..authoring import NodeSpec, StatusTable

NAME = "canonical"
_FIELDS = frozenset(Job.model_fields)
_STATUSES = frozenset(s.value for s in Status)
_BY_VALUE = {s.value: s for s in Status}
_MOMENTS = ("created_at", "updated_at", "started_at", "completed_at")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class CanonicalAdapter:
    """Reads and writes :class:`~jobstatus.Job` as JSON, exactly."""

    name = NAME
    vendor = "jobstatus"
    endpoint = "-"
    max_depth = CANONICAL_DEPTH  # the model's own nesting above a vendor payload's values
    compatible: tuple[str, ...] = ()
    # Every key is a Job field and the status (if any) a canonical one; each field present
    # counts, so that a canonical job outweighs a vendor format that fits it by one key.
    detection = Detection(
        only=_FIELDS, any_of=tuple(sorted(_FIELDS)), statuses=_STATUSES, only_statuses=True
    )
    # The model's own JSON: no field tables, no hooks, and the canonical statuses.
    status_key: tuple[str, ...] = ("status",)
    status_tables: tuple[StatusTable, ...] = ()
    levels: tuple[NodeSpec, ...] = ()
    hooks: Mapping[str, Callable[..., Any]] = MappingProxyType({})

    def status_reader(self) -> Callable[[dict[str, Any]], Status]:
        return _status

    def parse(self, payload: Any) -> Job:
        if not isinstance(payload, dict):
            what = f"expected a JSON object, got {type(payload).__name__}"
            raise ParseError(what, format=NAME, path="$")
        try:
            # NaN is written as such, so that the model refuses it where it is.
            text = to_json(payload, inf_nan_mode="constants")
        except (PydanticSerializationError, ValueError, RecursionError) as error:  # not JSON
            raise ParseError(f"not a JSON object: {error}", format=NAME, path="$") from None
        issues = list(_moment_issues(payload))
        try:
            # JSON's own types, strictly (pydantic would read 0 or "1700000000" as a time,
            # and true as 1.0); the timestamps' spelling is checked above.
            job = Job.model_validate_json(text, strict=True)
        except ValidationError as error:
            issues.extend(
                Issue(path=_json_path(e["loc"]), code=e["type"], message=e["msg"], severity="error")
                for e in error.errors(include_url=False)
                if _json_path(e["loc"]) not in {i.path for i in issues}
            )
        if issues:
            raise ParseError("not a valid canonical job", format=NAME, issues=issues) from None
        return job

    def render(self, job: Job) -> dict[str, Any]:
        # The status is always written, even when unknown, so that the JSON of a bare job
        # is still recognisable as a job.
        refuse_nonfinite(job, NAME)  # the model's JSON would write them as null
        try:
            dump = job.model_dump(mode="json", exclude_defaults=True)
        except ValueError as error:  # pydantic stops serializing below ~255 levels of nesting
            raise RenderError(f"cannot write the job: {error}", format=NAME) from None
        return {"status": job.status.value, **dump}


def _status(data: dict[str, Any]) -> Status:
    """The status alone, as :meth:`CanonicalAdapter.parse` reads it: absent is
    ``unknown``; anything but a canonical status is refused, as parse refuses it."""
    raw = data.get("status", _ABSENT)
    if raw is _ABSENT:
        return Status.unknown
    status = _BY_VALUE.get(raw) if isinstance(raw, str) else None
    if status is None:
        expected = ", ".join(_BY_VALUE)
        what = f"expected a canonical status ({expected}), got {describe(raw)}"
        raise ParseError(what, format=NAME, path="$.status")
    return status


_ABSENT = object()


def _moment_issues(payload: dict[str, Any]) -> Iterator[Issue]:
    """The timestamps of ``payload`` that the model cannot hold as written: not ISO 8601
    (a string of digits), or finer than a microsecond or a minute's offset."""
    for path, raw in _moments(payload, "$"):
        if not isinstance(raw, str):
            continue  # a number or null: the model's own validation says what is wrong
        if not _ISO_DATE.match(raw):  # pydantic reads a string of digits as epoch seconds
            message = f"expected an ISO 8601 timestamp, got {describe(raw)}"
            yield Issue(path=path, code="datetime_parsing", message=message, severity="error")
            continue
        lost = timestamp_loss(raw)
        if lost:
            message = f"{lost}: the model cannot hold it as written"
            yield Issue(path=path, code="precision_loss", message=message, severity="error")


def _moments(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if not isinstance(node, dict):
        return
    for key in _MOMENTS:
        if key in node:
            yield child(path, key), node[key]
    for kids in ("steps", "tasks", "checkpoints"):
        items = node.get(kids)
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield from _moments(item, child(child(path, kids), index))
    metrics = node.get("metrics")
    history = metrics.get("history") if isinstance(metrics, dict) else None
    if isinstance(history, list):
        where = child(child(path, "metrics"), "history")
        for index, point in enumerate(history):
            if isinstance(point, dict) and "timestamp" in point:
                yield child(child(where, index), "timestamp"), point["timestamp"]


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for key in loc:
        path = child(path, key)
    return path


ADAPTER = CanonicalAdapter()
