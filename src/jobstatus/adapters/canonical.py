"""The canonical model's own JSON, itself a format: what ``Job.model_dump_json`` writes.

Fields equal to their default are left out (but the status), so the JSON stays small;
reading it back gives an identical job.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from .._walk import CANONICAL_DEPTH, refuse_nonfinite
from ..errors import Issue, ParseError, RenderError
from ..model import Job
from ..status import Status
from ._paths import child

NAME = "canonical"
_FIELDS = frozenset(Job.model_fields)
_STATUSES = frozenset(s.value for s in Status)


class CanonicalAdapter:
    """Reads and writes :class:`~jobstatus.Job` as JSON, exactly."""

    name = NAME
    vendor = "jobstatus"
    endpoint = "-"
    max_depth = CANONICAL_DEPTH  # the model's own nesting above a vendor payload's values

    def parse(self, payload: Any) -> Job:
        if not isinstance(payload, dict):
            what = f"expected a JSON object, got {type(payload).__name__}"
            raise ParseError(what, format=NAME, path="$")
        try:
            return Job.model_validate(payload)
        except ValidationError as error:
            issues = [
                Issue(path=_json_path(e["loc"]), code=e["type"], message=e["msg"], severity="error")
                for e in error.errors(include_url=False)
            ]
            raise ParseError("not a valid canonical job", format=NAME, issues=issues) from None

    def render(self, job: Job) -> dict[str, Any]:
        # The status is always written, even when unknown, so that the JSON of a bare job
        # is still recognisable as a job.
        refuse_nonfinite(job, NAME)  # the model's JSON would write them as null
        try:
            dump = job.model_dump(mode="json", exclude_defaults=True)
        except ValueError as error:  # pydantic stops serializing below ~255 levels of nesting
            raise RenderError(f"cannot write the job: {error}", format=NAME) from None
        return {"status": job.status.value, **dump}

    def detect(self, payload: Mapping[str, Any]) -> float:
        """Every key is a ``Job`` field, and the status (if any) a canonical one."""
        if not payload or not _FIELDS.issuperset(payload):
            return 0.0
        status = payload.get("status", "unknown")
        if not isinstance(status, str) or status not in _STATUSES:
            return 0.0
        return 0.9


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = "$"
    for key in loc:
        path = child(path, key)
    return path


ADAPTER = CanonicalAdapter()
