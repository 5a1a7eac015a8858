"""OpenAI fine-tuning events and checkpoints, read into a job (see ``openai_fine_tuning``).

Both lists come newest first from the API; the model holds series and checkpoints oldest
first, so each list is read in reverse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..authoring import (
    COUNT,
    NUMBER,
    STRING,
    UNIX_SECONDS,
    Checkpoint,
    Codec,
    CodecError,
    Job,
    MetricPoint,
    Metrics,
)
from ..errors import ParseError

NAME = "openai_fine_tuning"

# The metrics OpenAI names and the model's names for them; any other number is ``other``.
NAMED = {
    "train_loss": "loss",
    "valid_loss": "val_loss",
    "train_mean_token_accuracy": "accuracy",
    "valid_mean_token_accuracy": "val_accuracy",
}
# Counters, not metrics: events carry the step and the steps in all, checkpoints repeat
# their ``step_number`` as a float ``step`` in their metrics.
_COUNTERS = ("step", "total_steps")

Page = Mapping[str, Any] | Sequence[Any]
"""A list page (``{"object": "list", "data": [...]}``) or the list of its ``data``."""


def _read(codec: Codec, raw: Any, path: str) -> Any:
    try:
        return None if raw is None else codec.parse(raw)
    except CodecError as error:
        raise ParseError(str(error), format=NAME, path=path) from None


def _newest_first(page: Page, what: str) -> list[tuple[str, Mapping[str, Any]]]:
    """The page's items with their JSON paths, as listed."""
    items, base = (page.get("data"), "$.data") if isinstance(page, Mapping) else (page, "$")
    if not isinstance(items, Sequence) or isinstance(items, str):
        expected = f"expected a list page {{'data': [...]}} or a list of {what}"
        raise ParseError(expected, format=NAME, path=base)
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise ParseError(f"expected a {what} object", format=NAME, path=f"{base}[{index}]")
        found.append((f"{base}[{index}]", item))
    return found


def _numbers(values: Any, path: str) -> dict[str, float]:
    """A metrics object's numbers, by the vendor's names; nulls are absent."""
    if not isinstance(values, Mapping):
        raise ParseError("expected an object of metrics", format=NAME, path=path)
    return {
        str(name): _read(NUMBER, value, f"{path}.{name}")
        for name, value in values.items()
        if name not in _COUNTERS and value is not None
    }


def _metrics(base: Metrics, latest: Mapping[str, float], **update: Any) -> Metrics:
    named = {NAMED[name]: value for name, value in latest.items() if name in NAMED}
    other = {name: value for name, value in latest.items() if name not in NAMED}
    values = {**base.model_dump(), **named, **update, "other": {**base.other, **other}}
    return Metrics.model_validate(values)


def with_events(job: Job, page: Page) -> Job:
    """``job`` with the metrics of its events (``GET .../events``).

    Args:
        job: the job, as read from ``openai_fine_tuning`` (or any format).
        page: the events list page, or the list of its ``data`` (join several pages'
            ``data``, newest first as the API lists them).

    Returns:
        A copy of ``job`` whose ``metrics.history`` holds one point per value of each
        ``metrics`` event, oldest first, and whose ``metrics``, ``progress.step`` and
        ``progress.total_steps`` are the newest values; ``message`` is the newest event's.

    Raises:
        ParseError: an item or a value that is not what the SDK's event model declares.

    Examples:
        >>> event = {"id": "ftevent-1", "created_at": 1721764800, "type": "metrics",
        ...     "level": "info", "message": "Step 1/5", "data": {"step": 1, "train_loss": 2.5}}
        >>> job = with_events(Job(status="running"), [event])
        >>> job.metrics.loss, job.metrics.history[0].name, job.message
        (2.5, 'train_loss', 'Step 1/5')
    """
    events = _newest_first(page, "fine_tuning.job.event")
    message = (
        _read(STRING, events[0][1].get("message"), f"{events[0][0]}.message") if events else None
    )
    points: list[MetricPoint] = []
    latest: dict[str, float] = {}
    counters: dict[str, int] = {}
    for path, event in reversed(events):
        if event.get("type") != "metrics":
            continue
        at = _read(UNIX_SECONDS, event.get("created_at"), f"{path}.created_at")
        data = event.get("data")
        if not isinstance(data, Mapping):
            raise ParseError("expected an object of metrics", format=NAME, path=f"{path}.data")
        step = None
        for name in _COUNTERS:
            count = _read(COUNT, data.get(name), f"{path}.data.{name}")
            if count is not None:
                counters[name] = count
                step = count if name == "step" else step
        values = _numbers(data, f"{path}.data")
        points.extend(
            MetricPoint(name=name, value=value, step=step, timestamp=at)
            for name, value in values.items()
        )
        latest.update(values)
    update: dict[str, Any] = {
        "metrics": _metrics(job.metrics, latest, history=points),
        "progress": job.progress.model_copy(update=counters),
    }
    if message is not None:
        update["message"] = message
    return job.model_copy(update=update)


def with_checkpoints(job: Job, page: Page) -> Job:
    """``job`` with its checkpoints (``GET .../checkpoints``).

    Args:
        job: the job, as read from ``openai_fine_tuning`` (or any format).
        page: the checkpoints list page, or the list of its ``data``.

    Returns:
        A copy of ``job`` whose ``checkpoints`` are the page's, oldest first: the vendor's
        ``id``, ``step_number`` as ``step``, ``created_at``, the checkpoint model's name
        (``fine_tuned_model_checkpoint``) as ``path``, and its metrics.

    Raises:
        ParseError: an item or value the SDK's checkpoint model would refuse, or a
            checkpoint whose ``fine_tuning_job_id`` is not the job's id.

    Examples:
        >>> item = {"id": "ftckpt_1", "created_at": 1721764800, "step_number": 44,
        ...     "fine_tuned_model_checkpoint": "ft:gpt-4o-mini:org::abc:ckpt-step-44",
        ...     "fine_tuning_job_id": "ftjob-1", "metrics": {"train_loss": 0.3}}
        >>> job = with_checkpoints(Job(id="ftjob-1", status="running"), [item])
        >>> job.checkpoints[0].step, job.checkpoints[0].metrics.loss
        (44, 0.3)
    """
    found = []
    for path, item in reversed(_newest_first(page, "fine_tuning.job.checkpoint")):
        owner = _read(STRING, item.get("fine_tuning_job_id"), f"{path}.fine_tuning_job_id")
        if owner is not None and job.id is not None and owner != job.id:
            what = f"a checkpoint of job {owner!r}, not of {job.id!r}"
            raise ParseError(what, format=NAME, path=f"{path}.fine_tuning_job_id")
        metrics = _numbers(item.get("metrics") or {}, f"{path}.metrics")
        checkpoint = {
            "id": _read(STRING, item.get("id"), f"{path}.id"),
            "step": _read(COUNT, item.get("step_number"), f"{path}.step_number"),
            "created_at": _read(UNIX_SECONDS, item.get("created_at"), f"{path}.created_at"),
            "path": _read(
                STRING,
                item.get("fine_tuned_model_checkpoint"),
                f"{path}.fine_tuned_model_checkpoint",
            ),
            "metrics": _metrics(Metrics(), metrics),
        }
        found.append(Checkpoint.model_validate(checkpoint))
    return job.model_copy(update={"checkpoints": tuple(found)})


__all__ = ["NAMED", "Page", "with_checkpoints", "with_events"]
