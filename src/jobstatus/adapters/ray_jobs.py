"""Ray Jobs: ``GET /api/jobs/{submission_id}`` on the Ray dashboard.

Ray's ``JobDetails`` model, every key always present (null when unset). ``start_time`` is
set when the job is submitted, while it is still ``PENDING`` (Ray's job manager writes it
then, though the model's description says "started"), so it is read as ``created_at``;
``end_time`` is set when the job reaches a terminal status. Both are Unix milliseconds.
``error_type`` (one of Ray's ``JobErrorType`` names) is the error's code; ``message`` says
what the job is doing for every status, so it is the job's message, not an error message.
``submission_id`` is the job's id: a job started by a driver script rather than through the
Jobs API has none (only a ``job_id``, Ray's core job id, kept with ``entrypoint``,
``metadata``, ``runtime_env``, ``driver_info`` and ``driver_exit_code`` as sent).
"""

from __future__ import annotations

from ..authoring import (
    STRING,
    UNIX_WHOLE_MILLISECONDS,
    Adapter,
    Detection,
    NodeSpec,
    Status,
    StatusTable,
    field,
)

S = Status  # the tables read best with a short name
NAME = "ray_jobs"

# Ray's ``JobStatus``: ``is_terminal`` is true for STOPPED, SUCCEEDED and FAILED.
# STOPPED is "intentionally stopped by the user": a cancellation.
STATUSES = StatusTable(
    {
        "PENDING": S.queued,
        "RUNNING": S.running,
        "STOPPED": S.cancelled,
        "SUCCEEDED": S.succeeded,
        "FAILED": S.failed,
    },
    terminal=("STOPPED", "SUCCEEDED", "FAILED"),
)


# Ray's model types both times as integers: a finer instant is written to the millisecond
# below it (a loss the conversion reports); a fraction Ray's server sent is kept as sent.
MILLISECONDS = UNIX_WHOLE_MILLISECONDS

JOB = NodeSpec(
    fields=(
        field("id", "submission_id", codec=STRING),
        field("message", "message", codec=STRING),
        field("error.code", "error_type", codec=STRING),
        field("created_at", "start_time", codec=MILLISECONDS),
        field("completed_at", "end_time", codec=MILLISECONDS),
    ),
    # ``JobDetails`` requires both; a job read from another format was submitted through
    # the Jobs API, with an entrypoint this library cannot know.
    defaults={"type": "SUBMISSION", "entrypoint": ""},
    nullable=("driver_info", "metadata", "runtime_env"),
)


# Every Ray job has an ``entrypoint``; the other keys are Ray's own names for what other
# formats call ids and errors (``job_id`` is also NeMo Microservices' id: the entrypoint
# and the rest outnumber it).
DETECTION = Detection(
    required=("entrypoint",),
    any_of=("submission_id", "job_id", "driver_info", "error_type", "driver_exit_code", "type"),
    statuses=frozenset(STATUSES),
)


ADAPTER = Adapter(
    name=NAME,
    vendor="Ray",
    endpoint="GET /api/jobs/{submission_id}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
)
