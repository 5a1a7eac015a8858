"""NeMo Evaluator v1: ``GET /v1/evaluation/jobs/{id}``.

A job has no ``name``. Its ``status_details.task_status`` maps each evaluation task to its
status; those tasks become the job's steps. Timestamps are often naive: read as UTC, and
written back naive, as the server writes them.
"""

from __future__ import annotations

from ..authoring import (
    NAIVE_UTC_TIMESTAMP,
    STRING,
    Adapter,
    Detection,
    NodeSpec,
    Status,
    StatusTable,
    field,
)
from . import _evaluator

S = Status  # the tables read best with a short name
NAME = "nemo_evaluator_v1"

# JobStatus in the v1 API. "ready" means the job is finished and its results are ready to
# use: a success, never a waiting state (a poller would hang on it).
STATUSES = StatusTable(
    {
        "created": S.created,
        "pending": S.queued,
        "running": S.running,
        "cancelled": S.cancelled,
        "cancelling": S.cancelling,
        "failed": S.failed,
        "completed": S.succeeded,
        "ready": S.succeeded,
        "unknown": S.unknown,
    },
    terminal=("cancelled", "failed", "completed", "ready"),
    choices={S.succeeded: "completed"},
)
# Per-task values in status_details.task_status.
TASK_STATUSES = StatusTable(
    {"pending": S.queued, "running": S.running, "completed": S.succeeded, "failed": S.failed},
    terminal=("completed", "failed"),
    synonyms={"cancelled": S.cancelled, "canceled": S.cancelled},
)

STEP = NodeSpec(fields=(field("name", "name", codec=STRING),), statuses=TASK_STATUSES)
JOB = NodeSpec(
    fields=(
        field("id", "id", codec=STRING, missing="warning"),
        *_evaluator.DETAILS,
        field("outputs.result_id", "result", codec=STRING),
        field("outputs.files_url", "output_files_url", codec=STRING),
        field("created_at", "created_at", codec=NAIVE_UTC_TIMESTAMP),
        field("updated_at", "updated_at", codec=NAIVE_UTC_TIMESTAMP),
    ),
    children="status_details.task_status",
    shape="status_map",
    defaults={"id": "", "target": {}, "config": {}},
    # The SDK's EvaluationJob types status_details as optional.
    nullable=("status_details",),
)


# v1 jobs carry ``target`` and ``config`` at the top (the only keys the vendor's model
# requires: a job may have no ``id`` or ``status``), or at least the evaluation tasks'
# ``status_details.task_status``; v2 nests its configuration in ``spec``.
DETECTION = Detection(
    forbidden=("spec",),
    any_of=("target", "config", ("status_details", "task_status")),
    statuses=frozenset(STATUSES),
)


ADAPTER = Adapter(
    name=NAME,
    vendor="NVIDIA NeMo Evaluator",
    endpoint="GET /v1/evaluation/jobs/{id}",
    statuses=STATUSES,
    job=JOB,
    step=STEP,
    detection=DETECTION,
)
