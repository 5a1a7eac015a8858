"""Tables shared by the NeMo formats: the Jobs v2 status enum and NeMo Customizer details.

Customizer jobs run on the Jobs v2 service: each task's ``status_details`` carries the
training or file-transfer progress (the NeMo Customizer "Get Job Status" document), and the
job's own ``status_details`` is a key-wise merge of all of them (last writer wins), so it
describes some task, not the job. The job's progress is therefore derived from its steps
whenever they report any (``NodeSpec.merged``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..authoring import (
    COUNT,
    NUMBER,
    OBJECT,
    PERCENT_TEXT,
    STRING,
    TEXT,
    Codec,
    CodecError,
    Field,
    Job,
    MetricPoint,
    Status,
    StatusTable,
    describe,
    field,
    get_path,
    put_path,
    render_number,
    rest,
)

S = Status

# PlatformJobStatus in the Jobs v2 OpenAPI; the order is the document's.
VALUES: dict[str, Status] = {
    "created": S.created,
    "pending": S.queued,
    "active": S.running,
    "cancelled": S.cancelled,
    "cancelling": S.cancelling,
    "error": S.failed,
    "completed": S.succeeded,
    "paused": S.paused,
    "pausing": S.pausing,
    "resuming": S.resuming,
}
# The server's terminal states (`paused` is not one).
TERMINAL = ("cancelled", "error", "completed")
# Spellings the NeMo documents use although the servers never send them (the Evaluator
# v2 polling example tests for "failed" and "running").
SYNONYMS: dict[str, Status] = {"failed": S.failed, "running": S.running, "canceled": S.cancelled}
# Statuses the enum lacks are written as the nearest one of the same phase (a loss).
STATUSES = StatusTable(VALUES, TERMINAL, synonyms=SYNONYMS)

D = "status_details"


def _parse_series(raw: Any) -> tuple[MetricPoint, ...]:
    series = OBJECT.parse(raw)
    points = []
    for name, values in series.items():
        if not isinstance(values, list):
            raise CodecError(f"expected an array of points for metric {describe(name)}")
        for point in values:
            if not isinstance(point, dict) or "value" not in point:
                expected = "expected points like {'step', 'epoch', 'value'}"
                raise CodecError(f"{expected} in {describe(name)}")
            step, epoch = point.get("step"), point.get("epoch")
            points.append(
                MetricPoint(
                    name=name,
                    value=NUMBER.parse(point["value"]),
                    step=None if step is None else COUNT.parse(step),
                    epoch=None if epoch is None else COUNT.parse(epoch),
                )
            )
    return tuple(points)


def _render_series(points: tuple[MetricPoint, ...]) -> dict[str, list[dict[str, Any]]]:
    series: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        entry: dict[str, Any] = {}
        if point.step is not None:
            entry["step"] = point.step
        if point.epoch is not None:
            entry["epoch"] = point.epoch
        entry["value"] = render_number(point.value)
        series.setdefault(point.name, []).append(entry)
    return series


SERIES = Codec("metric series {name: [{step, epoch, value}]}", _parse_series, _render_series)


def _phase_metric(key: str) -> bool:
    """Released servers prefix every metric with its phase: train_<name>, val_<name>."""
    return key.startswith(("train_", "val_"))


# Task details of Customizer training and file-transfer tasks. The first spelling is what
# released servers send; the document's older names (loss, lr, grad_norm) are read too.
# A row per counter serves downloads and uploads alike: a task does one or the other.
DETAILS: tuple[Field, ...] = (
    field("progress.phase", f"{D}.phase", codec=STRING),
    field("progress.step", f"{D}.step", codec=COUNT),
    field("progress.total_steps", f"{D}.max_steps", codec=COUNT),
    field("progress.epoch", f"{D}.epoch", codec=COUNT),
    field("progress.total_epochs", f"{D}.num_epochs", codec=COUNT),
    field(
        "progress.percent",
        f"{D}.percentage_done",
        f"{D}.progress_pct",
        f"{D}.progress",
        codec=PERCENT_TEXT,
    ),
    field("progress.files", f"{D}.downloaded_files", f"{D}.uploaded_files", codec=COUNT),
    field("progress.total_files", f"{D}.total_files", codec=COUNT),
    field("progress.bytes", f"{D}.downloaded_bytes", f"{D}.uploaded_bytes", codec=COUNT),
    field("progress.total_bytes", f"{D}.total_size", codec=COUNT),
    field("progress.current", f"{D}.current_file", codec=STRING),
    field("metrics.loss", f"{D}.train_loss", f"{D}.loss", codec=NUMBER),
    field("metrics.learning_rate", f"{D}.train_lr", f"{D}.lr", codec=NUMBER),
    field("metrics.grad_norm", f"{D}.train_grad_norm", f"{D}.grad_norm", codec=NUMBER),
    field("metrics.accuracy", f"{D}.train_accuracy", codec=NUMBER),
    field("metrics.val_loss", f"{D}.val_loss", codec=NUMBER),
    field("metrics.val_accuracy", f"{D}.val_accuracy", codec=NUMBER),
    field("metrics.history", f"{D}.metrics", codec=SERIES),
    rest("metrics.other", D, codec=NUMBER, match=_phase_metric),
)

MESSAGE = field("message", f"{D}.message", codec=STRING)
ERROR = (
    field("error.message", "error_details.message", codec=STRING),
    rest("error.details", "error_details"),
)
STACK = field("error.stack", "error_stack", codec=TEXT)


def checkpoints_from(name: str) -> Callable[[dict[str, Any]], None]:
    """A ``finish_parse`` hook listing the training tasks' ``checkpoint_path`` on the job.

    The path stays in the task's extensions (it is written back from there); the job's
    checkpoint is a derived view of it, with the task's step and epoch.
    """
    where = (name, D, "checkpoint_path")

    def finish(job: dict[str, Any]) -> None:
        nodes = [task for step in job.get("steps", []) for task in step.get("tasks", [])]
        found = []
        for node in nodes or [job]:
            path, _ = get_path(node.get("extensions", {}), where)
            if isinstance(path, str) and path:
                progress = node.get("progress", {})
                point = {"path": path, "step": progress.get("step"), "epoch": progress.get("epoch")}
                found.append(point)
        if found:
            job["checkpoints"] = found

    return finish


def render_checkpoint(job: Job, out: dict[str, Any], native: bool) -> None:
    """A ``finish_render`` hook: a job without steps carries its last checkpoint's path."""
    if native or job.steps or not job.checkpoints or job.checkpoints[-1].path is None:
        return
    put_path(out, (D, "checkpoint_path"), job.checkpoints[-1].path)


__all__ = [
    "DETAILS",
    "ERROR",
    "MESSAGE",
    "SERIES",
    "STACK",
    "STATUSES",
    "SYNONYMS",
    "TERMINAL",
    "VALUES",
    "checkpoints_from",
    "render_checkpoint",
]
