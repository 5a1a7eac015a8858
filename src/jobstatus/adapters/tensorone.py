"""TensorOne training jobs: ``GET /v2/training/jobs/{jobId}``.

camelCase, with nested ``progress``, ``metrics`` (absent with ``includeMetrics=false``),
``resourceUsage`` (GPU memory and storage in GB), ``costs`` (no currency is given, so none
is set), ``checkpoints`` and ``timestamps`` (no completion time). ``estimatedTimeRemaining``
is a human duration ("1h 5m") and a checkpoint's ``size`` a human size ("2.3GB", decimal:
1 GB = 10**9 bytes), written back the same way. The ``logs`` block that
``includeLogs=true`` adds is undocumented and kept verbatim.
"""

from __future__ import annotations

from typing import Any

from ..authoring import (
    COUNT,
    DURATION,
    GIGABYTES,
    NON_NEGATIVE,
    NUMBER,
    NUMBER_LIST,
    NUMBER_MAP,
    PERCENT,
    PERCENT_LIST,
    SIZE,
    STRING,
    TIMESTAMP,
    Adapter,
    Checkpoint,
    Codec,
    CodecError,
    Detection,
    Metrics,
    NodeSpec,
    Status,
    StatusTable,
    field,
    render_number,
    timestamp_loss,
)

S = Status  # the tables read best with a short name
NAME = "tensorone"

STATUSES = StatusTable(
    {
        "queued": S.queued,
        "initializing": S.initializing,
        "running": S.running,
        "completed": S.succeeded,
        "failed": S.failed,
        "cancelled": S.cancelled,
        "paused": S.paused,
    },
    terminal=("completed", "failed", "cancelled"),
    synonyms={"canceled": S.cancelled},
)

# A checkpoint's metrics use the job's metric names.
_CHECKPOINT_METRICS = {
    "loss": "loss",
    "validationLoss": "val_loss",
    "accuracy": "accuracy",
    "validationAccuracy": "val_accuracy",
}
_CHECKPOINT_FIELDS = (
    ("checkpointId", "id", STRING),
    ("epoch", "epoch", COUNT),
    ("step", "step", COUNT),
    ("size", "size_bytes", SIZE),
    ("createdAt", "created_at", TIMESTAMP),
)


def _parse_checkpoints(raw: Any) -> tuple[Checkpoint, ...]:
    if not isinstance(raw, list):
        raise CodecError(f"expected an array of checkpoints, got {type(raw).__name__}")
    found = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise CodecError(f"checkpoint {index}: expected an object")
        try:
            values = {
                ours: codec.parse(item[theirs])
                for theirs, ours, codec in _CHECKPOINT_FIELDS
                if item.get(theirs) is not None
            }
            metrics = item.get("metrics") or {}
            if not isinstance(metrics, dict):
                raise CodecError("metrics: expected an object")
            values["metrics"] = Metrics(
                **{
                    ours: NUMBER.parse(metrics[theirs])
                    for theirs, ours in _CHECKPOINT_METRICS.items()
                    if metrics.get(theirs) is not None
                }
            )
        except CodecError as error:
            raise CodecError(f"checkpoint {index}: {error}") from None
        found.append(Checkpoint(**values))
    return tuple(found)


def _render_checkpoints(checkpoints: tuple[Checkpoint, ...]) -> list[dict[str, Any]]:
    out = []
    for checkpoint in checkpoints:
        item: dict[str, Any] = {}
        for theirs, ours, codec in _CHECKPOINT_FIELDS:
            value = getattr(checkpoint, ours)
            if value is not None:
                item[theirs] = codec.render(value)
        metrics = {
            theirs: render_number(getattr(checkpoint.metrics, ours))
            for theirs, ours in _CHECKPOINT_METRICS.items()
            if getattr(checkpoint.metrics, ours) is not None
        }
        if metrics:
            item["metrics"] = metrics
        out.append(item)
    return out


def _checkpoints_loss(raw: Any) -> str | None:
    # A checkpoint time finer than the model holds: the whole list is kept as sent (its
    # rendering differs), and this says why.
    for index, item in enumerate(raw if isinstance(raw, list) else ()):
        lost = timestamp_loss(item.get("createdAt")) if isinstance(item, dict) else None
        if lost:
            return f"checkpoint {index}: {lost}"
    return None


CHECKPOINTS = Codec(
    "array of checkpoints", _parse_checkpoints, _render_checkpoints, loss=_checkpoints_loss
)

JOB = NodeSpec(
    fields=(
        field("id", "jobId", codec=STRING, missing="warning"),
        field("name", "name", codec=STRING),
        field("progress.epoch", "progress.currentEpoch", codec=COUNT),
        field("progress.total_epochs", "progress.totalEpochs", codec=COUNT),
        field("progress.step", "progress.currentStep", codec=COUNT),
        field("progress.total_steps", "progress.totalSteps", codec=COUNT),
        field("progress.percent", "progress.percentComplete", codec=PERCENT),
        field("progress.eta_seconds", "progress.estimatedTimeRemaining", codec=DURATION),
        field("metrics.loss", "metrics.loss", codec=NUMBER),
        field("metrics.accuracy", "metrics.accuracy", codec=NUMBER),
        field("metrics.val_loss", "metrics.validationLoss", codec=NUMBER),
        field("metrics.val_accuracy", "metrics.validationAccuracy", codec=NUMBER),
        field("metrics.learning_rate", "metrics.learningRate", codec=NUMBER),
        field(
            "metrics.samples_per_second", "metrics.throughput.samplesPerSecond", codec=NON_NEGATIVE
        ),
        field(
            "metrics.tokens_per_second", "metrics.throughput.tokensPerSecond", codec=NON_NEGATIVE
        ),
        field("metrics.step_time_seconds", "metrics.throughput.stepTime", codec=NON_NEGATIVE),
        field("resources.gpu_utilization", "resourceUsage.gpuUtilization", codec=PERCENT_LIST),
        field("resources.gpu_memory_gb", "resourceUsage.memoryUsage.gpuMemory", codec=NUMBER_LIST),
        field(
            "resources.system_memory_gb",
            "resourceUsage.memoryUsage.systemMemory",
            codec=NON_NEGATIVE,
        ),
        field("resources.storage_gb", "resourceUsage.storageUsage", codec=NON_NEGATIVE),
        field("resources.gpu_type", "configuration.infrastructure.gpuType", codec=STRING),
        field("resources.gpu_count", "configuration.infrastructure.gpuCount", codec=COUNT),
        field("resources.memory_gb", "configuration.infrastructure.memory", codec=GIGABYTES),
        field("checkpoints", "checkpoints", codec=CHECKPOINTS),
        field("cost.current", "costs.currentCost", codec=NON_NEGATIVE),
        field("cost.estimated_total", "costs.estimatedTotalCost", codec=NON_NEGATIVE),
        field("cost.breakdown", "costs.costBreakdown", codec=NUMBER_MAP),
        field("created_at", "timestamps.createdAt", codec=TIMESTAMP),
        field("started_at", "timestamps.startedAt", codec=TIMESTAMP),
        field("updated_at", "timestamps.lastUpdated", codec=TIMESTAMP),
    ),
    defaults={"jobId": ""},
)


# Only TensorOne names a job ``jobId`` (camelCase throughout).
DETECTION = Detection(required=("jobId",), statuses=frozenset(STATUSES))


ADAPTER = Adapter(
    name=NAME,
    vendor="TensorOne",
    endpoint="GET /v2/training/jobs/{jobId}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
)
