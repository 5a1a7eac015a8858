"""The canonical model: ``Job -> Step -> Task``, the same for every vendor.

The model names no vendor. Every node carries the same fields (status, timestamps,
progress, metrics, error); the job adds what only a whole job has (resources, cost,
checkpoints, outputs) and the issues found while reading it. Models are frozen and
compare by value. What a vendor sends and the model does not map is kept verbatim in
``extensions[format]``, so writing the job back in its own format loses nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from .errors import Issue
from .status import Status

Percent = Annotated[float, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0)]
NonNegative = Annotated[float, Field(ge=0)]


def _whole_minutes(moment: datetime) -> datetime:
    # RFC 3339, and so the canonical JSON, has no seconds in an offset: pydantic would write
    # +14:00 for +14:00:30, another instant. The same instant in UTC is written exactly.
    offset = moment.utcoffset()
    return moment.astimezone(timezone.utc) if offset and offset % _MINUTE else moment


_MINUTE = timedelta(minutes=1)
Moment = Annotated[AwareDatetime, AfterValidator(_whole_minutes)]
"""A timezone-aware instant whose offset is whole minutes (another is read as UTC)."""


def _empty() -> Any:
    # A fresh {} for each model made by dict(), not by pydantic's deep copy of a {} default:
    # one deep copy per field per node was a sixth of what building a parsed job cost.
    return Field(default_factory=dict, json_schema_extra={"default": {}})


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        allow_inf_nan=False,
        validate_default=False,
        defer_build=True,
        use_attribute_docstrings=True,
    )


class Progress(_Frozen):
    """How far a node has come, in whatever units its vendor reports."""

    percent: Percent | None = None
    """Share of the work done, 0-100."""
    percent_derived: bool = False
    """True when ``percent`` was computed (from counters or from the steps), not reported."""
    step: Count | None = None
    """Current optimizer step (training)."""
    total_steps: Count | None = None
    """Steps the training will take in all."""
    epoch: Count | None = None
    """Current epoch, 1-based as vendors report it."""
    total_epochs: Count | None = None
    """Epochs the training will take in all."""
    files: Count | None = None
    """Files transferred so far (downloads and uploads)."""
    total_files: Count | None = None
    """Files to transfer in all."""
    bytes: Count | None = None
    """Bytes transferred so far."""
    total_bytes: Count | None = None
    """Bytes to transfer in all."""
    samples: Count | None = None
    """Samples processed so far (evaluation)."""
    tokens: Count | None = None
    """Tokens trained on so far (training billed by the token)."""
    eta_seconds: NonNegative | None = None
    """Estimated time remaining, in seconds."""
    eta: Moment | None = None
    """When the vendor expects the work to finish: an instant, where ``eta_seconds`` is a
    duration. Vendors report one or the other; neither is derived from the other, since
    that would need the time the payload was sent."""
    phase: str | None = None
    """The vendor's name for what the node is doing now, e.g. ``training``, ``uploading``."""
    current: str | None = None
    """The item being worked on now, e.g. the file being transferred."""


class MetricPoint(_Frozen):
    """One point of a metric's history."""

    name: str
    """The metric's name, as the vendor spells it in its series."""
    value: float
    """The value at that point."""
    step: Count | None = None
    """The training step the point belongs to."""
    epoch: Count | None = None
    """The epoch the point belongs to."""
    timestamp: Moment | None = None
    """When the point was recorded."""


class Metrics(_Frozen):
    """The latest value of each metric, and the series where a vendor reports them."""

    loss: float | None = None
    """Training loss."""
    val_loss: float | None = None
    """Validation loss."""
    accuracy: float | None = None
    """Training accuracy."""
    val_accuracy: float | None = None
    """Validation accuracy."""
    learning_rate: float | None = None
    """Current learning rate."""
    grad_norm: float | None = None
    """Gradient norm."""
    samples_per_second: NonNegative | None = None
    """Training throughput in samples per second."""
    tokens_per_second: NonNegative | None = None
    """Training throughput in tokens per second."""
    step_time_seconds: NonNegative | None = None
    """Seconds per optimizer step."""
    other: dict[str, float] = _empty()
    """Any other numeric metric, by the vendor's name for it."""
    history: tuple[MetricPoint, ...] = ()
    """Series of points, in the order the vendor reports them."""


class ErrorInfo(_Frozen):
    """Why a node failed."""

    message: str | None = None
    """What went wrong, in the vendor's words."""
    code: str | None = None
    """The vendor's error code, where it gives one."""
    stack: str | None = None
    """A traceback or log excerpt, verbatim."""
    details: dict[str, Any] = _empty()
    """Everything else the vendor said about the failure, verbatim."""


class Resources(_Frozen):
    """What the job runs on and how much of it it uses."""

    gpu_type: str | None = None
    """The GPU model, as the vendor names it."""
    gpu_count: Count | None = None
    """GPUs allocated to the job."""
    node_count: Count | None = None
    """Machines allocated to the job."""
    instance_type: str | None = None
    """The vendor's name for the machine or infrastructure kind."""
    memory_gb: NonNegative | None = None
    """Memory allocated to the job, in GB."""
    gpu_utilization: tuple[Percent, ...] = ()
    """Utilization per GPU, 0-100."""
    gpu_memory_gb: tuple[NonNegative, ...] = ()
    """Memory in use per GPU, in GB."""
    system_memory_gb: NonNegative | None = None
    """Host memory in use, in GB."""
    storage_gb: NonNegative | None = None
    """Storage in use, in GB."""


class Cost(_Frozen):
    """What the job costs. ``currency`` is set only when the vendor states one."""

    current: NonNegative | None = None
    """What the job has cost so far."""
    estimated_total: NonNegative | None = None
    """What the job is expected to cost in all."""
    breakdown: dict[str, float] = _empty()
    """Cost by item, under the vendor's item names."""
    currency: str | None = None
    """ISO 4217 code; never guessed when the vendor does not say."""
    billable_seconds: NonNegative | None = None
    """Compute time the vendor bills for, in seconds (not the wall-clock run time)."""


class Checkpoint(_Frozen):
    """A saved model state."""

    id: str | None = None
    """The vendor's checkpoint id."""
    step: Count | None = None
    """The training step it was saved at."""
    epoch: Count | None = None
    """The epoch it was saved at."""
    created_at: Moment | None = None
    """When it was saved."""
    size_bytes: Count | None = None
    """Its size in bytes."""
    path: str | None = None
    """Where it is stored."""
    metrics: Metrics = Field(default_factory=Metrics)
    """The metrics recorded with it."""


class Outputs(_Frozen):
    """Where a finished job's results are."""

    model: str | None = None
    """The resulting model's name or id, as the vendor names it (a fine-tuned model)."""
    model_path: str | None = None
    """Where the trained model was written."""
    result_id: str | None = None
    """The id of the stored result (an evaluation result)."""
    files_url: str | None = None
    """Where the output files are."""


class _Node(_Frozen):
    id: str | None = None
    """The vendor's id, when it gives one."""
    name: str | None = None
    """The vendor's name, when it gives one."""
    status: Status = Status.unknown
    """The canonical status."""
    vendor_status: str | None = None
    """The status exactly as the vendor spelled it."""
    message: str | None = None
    """The vendor's human-readable status message."""
    error: ErrorInfo | None = None
    """Why the node failed; ``None`` when the vendor reports no error."""
    created_at: Moment | None = None
    """When the node was created (timezone-aware; naive vendor times are UTC)."""
    updated_at: Moment | None = None
    """When the vendor last updated the node."""
    started_at: Moment | None = None
    """When the work started."""
    completed_at: Moment | None = None
    """When the work ended."""
    # An empty Progress (or Resources, Outputs) holds only scalars and tuples, so one frozen
    # instance serves every node: made once, not per node, nor again per node each time a
    # job is written with exclude_defaults, which compares with a new default. Metrics and
    # Cost hold dicts: each node gets its own.
    progress: Progress = Field(default_factory=cache(Progress))
    """How far the node has come."""
    metrics: Metrics = Field(default_factory=Metrics)
    """The latest metrics and their history."""
    extensions: dict[str, dict[str, Any]] = _empty()
    """Vendor fields the model does not map, verbatim, under the format's name."""


class Task(_Node):
    """The smallest unit of work a vendor reports (a pod, a process, an evaluation task)."""


class Step(_Node):
    """A stage of a job, made of tasks."""

    tasks: tuple[Task, ...] = ()
    """The step's tasks, in the vendor's order."""


class Job(_Node):
    """A whole job, as one vendor reported it at one moment."""

    format: str | None = None
    """The format the job was read from, e.g. ``nemo_jobs_v2``."""
    base_model: str | None = None
    """The model the job starts from (the base model of a fine-tune), as the vendor names it."""
    steps: tuple[Step, ...] = ()
    """Only the hierarchy the vendor reports; never invented."""
    resources: Resources = Field(default_factory=cache(Resources))
    """What the job runs on and uses."""
    cost: Cost = Field(default_factory=Cost)
    """What the job costs."""
    checkpoints: tuple[Checkpoint, ...] = ()
    """Saved model states, oldest first as the vendor lists them."""
    outputs: Outputs = Field(default_factory=cache(Outputs))
    """Where the results are."""
    issues: tuple[Issue, ...] = ()
    """Every oddity found while reading the payload."""


__all__ = [
    "Checkpoint",
    "Cost",
    "ErrorInfo",
    "Job",
    "MetricPoint",
    "Metrics",
    "Outputs",
    "Progress",
    "Resources",
    "Step",
    "Task",
]
