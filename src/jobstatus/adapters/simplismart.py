"""Simplismart training suite: ``GET /job/get/?org_id=...&request_id=...``.

Upper-case statuses with one L in ``CANCELED``; ``progress`` is a percentage. The vendor
marks nothing in the response as required (its own example has no status at all), so a
payload without a status reads as ``unknown`` with a warning, not as an error.
"""

from __future__ import annotations

from ..authoring import (
    COUNT,
    PERCENT,
    STRING,
    TIMESTAMP,
    Adapter,
    Detection,
    NodeSpec,
    Status,
    StatusTable,
    field,
)

S = Status  # the tables read best with a short name
NAME = "simplismart"

STATUSES = StatusTable(
    {
        "QUEUED": S.queued,
        "RUNNING": S.running,
        "COMPLETED": S.succeeded,
        "FAILED": S.failed,
        "CANCELED": S.cancelled,
    },
    terminal=("COMPLETED", "FAILED", "CANCELED"),
    synonyms={"CANCELLED": S.cancelled},
)

JOB = NodeSpec(
    fields=(
        field("id", "request_id", codec=STRING),
        field("name", "experiment_name", codec=STRING),
        field("progress.percent", "progress", codec=PERCENT),
        field("error.message", "error_message", codec=STRING),
        field("resources.gpu_count", "infra_config.gpu_count", codec=COUNT),
        field("resources.node_count", "infra_config.node_count", codec=COUNT),
        field("resources.instance_type", "infra_config.infra_type", codec=STRING),
        field("outputs.model_path", "output_model_path", codec=STRING),
        field("created_at", "created_at", codec=TIMESTAMP),
        field("updated_at", "updated_at", codec=TIMESTAMP),
        field("started_at", "started_at", codec=TIMESTAMP),
        field("completed_at", "completed_at", codec=TIMESTAMP),
    ),
)


# Simplismart names a job by ``request_id`` and ``experiment_name``.
DETECTION = Detection(any_of=("request_id", "experiment_name"), statuses=frozenset(STATUSES))


ADAPTER = Adapter(
    name=NAME,
    vendor="Simplismart",
    endpoint="GET /job/get/?org_id={org_id}&request_id={request_id}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
)
