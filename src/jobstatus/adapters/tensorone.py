"""TensorOne training jobs: ``GET /v2/training/jobs/{jobId}``.

camelCase, with nested ``progress``, ``metrics`` (absent with ``includeMetrics=false``),
``resourceUsage`` (GPU memory and storage in GB), ``costs`` (no currency is given, so none
is set), ``checkpoints`` and ``timestamps`` (no completion time). ``estimatedTimeRemaining``
is a human duration ("1h 5m") and a checkpoint's ``size`` a human size ("2.3GB", decimal:
1 GB = 10**9 bytes), written back the same way. The ``logs`` block that
``includeLogs=true`` adds is undocumented and kept verbatim.
"""

from __future__ import annotations

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
    Detection,
    NodeSpec,
    Status,
    StatusTable,
    field,
    items,
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

# Each checkpoint is a row of a child table; its metrics use the job's metric names.
CHECKPOINTS = items(
    Checkpoint,
    field("id", "checkpointId", codec=STRING),
    field("epoch", "epoch", codec=COUNT),
    field("step", "step", codec=COUNT),
    field("metrics.loss", "metrics.loss", codec=NUMBER),
    field("metrics.val_loss", "metrics.validationLoss", codec=NUMBER),
    field("metrics.accuracy", "metrics.accuracy", codec=NUMBER),
    field("metrics.val_accuracy", "metrics.validationAccuracy", codec=NUMBER),
    field("size_bytes", "size", codec=SIZE),
    field("created_at", "createdAt", codec=TIMESTAMP),
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
