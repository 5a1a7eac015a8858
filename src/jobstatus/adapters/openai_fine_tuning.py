"""OpenAI fine-tuning jobs: ``GET /v1/fine_tuning/jobs/{fine_tuning_job_id}``.

The ``fine_tuning.job`` object of the ``openai`` SDK (``openai.types.fine_tuning``).
``validating_files`` comes before ``queued`` and reads as ``created``. Times are Unix
seconds, written whole. ``estimated_finish`` is an instant (``progress.eta``), set only
while running (0, as in the API reference's example, is no estimate). ``trained_tokens``
(billable tokens, set once finished) is ``progress.tokens``; ``model`` is the base
model and ``fine_tuned_model`` the resulting one (``outputs.model``).
``error`` is ``{code, message, param}`` or null (``param`` goes to ``error.details``).
``hyperparameters.n_epochs`` is ``progress.total_epochs`` unless it is ``"auto"``, which
is kept as sent; ``method``, ``result_files``, ``integrations``, ``metadata`` and the
other hyperparameters are kept verbatim.

**Events and checkpoints.** Training metrics and checkpoints have endpoints of their own
(``GET .../events`` and ``GET .../checkpoints``, both newest first). Two functions read
either a list page (``{"object": "list", "data": [...]}``) or the list of its ``data``
into a copy of the job (for several pages, join their ``data``):

- ``with_events(job, page)``: each ``metrics`` event's ``data`` becomes points of
  ``metrics.history`` (one per value, named as sent: ``train_loss``, ``valid_loss``,
  ``train_mean_token_accuracy``, ...; with the event's step and time), oldest first.
  The newest point of each gives ``metrics`` (``train_loss`` -> ``loss``,
  ``valid_loss`` -> ``val_loss``, the token accuracies -> ``accuracy`` and
  ``val_accuracy``, any other number -> ``metrics.other``) and ``progress.step`` /
  ``total_steps``; the newest event's ``message`` becomes ``message``.
- ``with_checkpoints(job, page)``: each ``fine_tuning.job.checkpoint`` becomes a
  ``Checkpoint`` (``step_number`` -> ``step``, ``fine_tuned_model_checkpoint``, the
  model name to use it by, -> ``path``, and its metrics as above), oldest first. A
  checkpoint of another job is refused.

Both replace what the job had there and raise ``ParseError`` (naming the JSON path) for
what they cannot read. The functions live in ``jobstatus.adapters._openai``.

For example:

```python
>>> import jobstatus
>>> from jobstatus.adapters.openai_fine_tuning import with_events
>>> job = jobstatus.parse({"id": "ftjob-1", "status": "running"}, "openai_fine_tuning")
>>> event = {"object": "fine_tuning.job.event", "id": "ftevent-2", "created_at":
...     1721764800, "level": "info", "message": "Step 2/9: training loss=0.51",
...     "type": "metrics", "data": {"step": 2, "train_loss": 0.51, "total_steps": 9}}
>>> job = with_events(job, {"object": "list", "data": [event], "has_more": False})
>>> job.metrics.loss, job.progress.step, job.progress.total_steps
(0.51, 2, 9)

```
"""

from __future__ import annotations

from typing import Any

from ..authoring import (
    COUNT,
    STRING,
    UNIX_WHOLE_SECONDS,
    Adapter,
    Codec,
    Detection,
    Job,
    NodeSpec,
    S,
    StatusTable,
    auto_or,
    field,
    rest,
)
from ._openai import with_checkpoints, with_events

NAME = "openai_fine_tuning"

# FineTuningJob.status in the SDK, in its order.
STATUSES = StatusTable(
    {
        "validating_files": S.created,
        "queued": S.queued,
        "running": S.running,
        "succeeded": S.succeeded,
        "failed": S.failed,
        "cancelled": S.cancelled,
    },
    terminal=("succeeded", "failed", "cancelled"),
    # The SDK can pause() and resume() a job but lists no status for a paused one.
    synonyms={"canceled": S.cancelled, "paused": S.paused},
)


# OpenAI's times are integers (the SDK's and the servers'): a finer instant from another
# format is written to the second below, and the conversion reports that.
SECONDS = UNIX_WHOLE_SECONDS


def _estimate(raw: Any) -> Any:
    # The API reference's own example sends 0 for a job with no estimate (the SDK says
    # null): 0 reads as absent and is kept as sent.
    return None if raw == 0 and type(raw) is int else SECONDS.parse(raw)


ESTIMATE = Codec(
    "Unix time in whole seconds, or 0 (no estimate)",
    _estimate,
    SECONDS.render,
    loss=SECONDS.loss,
)

JOB = NodeSpec(
    fields=(
        field("id", "id", codec=STRING, missing="warning"),
        field("base_model", "model", codec=STRING),
        field("outputs.model", "fine_tuned_model", codec=STRING),
        field("progress.tokens", "trained_tokens", codec=COUNT),
        field("progress.total_epochs", "hyperparameters.n_epochs", codec=auto_or(COUNT)),
        field("progress.eta", "estimated_finish", codec=ESTIMATE),
        field("error.code", "error.code", codec=STRING),
        field("error.message", "error.message", codec=STRING),
        rest("error.details", "error"),
        field("created_at", "created_at", codec=SECONDS, missing="warning"),
        field("completed_at", "finished_at", codec=SECONDS),
    ),
    # The SDK requires these; a job from another format gets empty ones (no creation
    # time is invented: such a job is written without ``created_at``, a reported loss).
    defaults={
        "object": "fine_tuning.job",
        "id": "",
        "model": "",
        "organization_id": "",
        "hyperparameters": {},
        "result_files": [],
        "seed": 0,
        "training_file": "",
    },
    nullable=("error",),
)


def _complete_error(job: Job, out: dict[str, Any], native: bool) -> None:
    # The SDK's error requires a code and a message; another format's error may lack one.
    error = out.get("error")
    if job.format != NAME and isinstance(error, dict):
        error.setdefault("code", "")
        error.setdefault("message", "")


# Only OpenAI's jobs name a ``training_file``; the rest is typical of them.
DETECTION = Detection(
    required=("training_file",),
    any_of=("fine_tuned_model", "organization_id", "hyperparameters", "trained_tokens"),
    statuses=frozenset(STATUSES),
)

ADAPTER = Adapter(
    name=NAME,
    vendor="OpenAI",
    endpoint="GET /v1/fine_tuning/jobs/{fine_tuning_job_id}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
    finish_render=_complete_error,
)

__all__ = ["ADAPTER", "DETECTION", "JOB", "NAME", "STATUSES", "with_checkpoints", "with_events"]
