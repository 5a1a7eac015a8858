"""The canonical model: ``Job -> Step -> Task``, the same for every vendor.

The model names no vendor. Every node carries the same fields (status, timestamps,
progress, metrics, error); the job adds what only a whole job has (resources, cost,
checkpoints, outputs) and the issues found while reading it. Models are frozen and
compare by value. What a vendor sends and the model does not map is kept verbatim in
``extensions[format]``, so writing the job back in its own format loses nothing.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from .errors import Issue
from .status import Status

Percent = Annotated[float, Field(ge=0, le=100)]
Count = Annotated[int, Field(ge=0)]
NonNegative = Annotated[float, Field(ge=0)]


class _Frozen(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", allow_inf_nan=False, validate_default=False
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
    epoch: Count | None = None
    """Current epoch, 1-based as vendors report it."""
    total_epochs: Count | None = None
    files: Count | None = None
    """Files transferred so far (downloads and uploads)."""
    total_files: Count | None = None
    bytes: Count | None = None
    """Bytes transferred so far."""
    total_bytes: Count | None = None
    samples: Count | None = None
    """Samples processed so far (evaluation)."""
    eta_seconds: NonNegative | None = None
    """Estimated time remaining, in seconds."""
    phase: str | None = None
    """The vendor's name for what the node is doing now, e.g. ``training``, ``uploading``."""
    current: str | None = None
    """The item being worked on now, e.g. the file being transferred."""


class MetricPoint(_Frozen):
    """One point of a metric's history."""

    name: str
    value: float
    step: Count | None = None
    epoch: Count | None = None
    timestamp: AwareDatetime | None = None


class Metrics(_Frozen):
    """The latest value of each metric, and the series where a vendor reports them."""

    loss: float | None = None
    """Training loss."""
    val_loss: float | None = None
    """Validation loss."""
    accuracy: float | None = None
    val_accuracy: float | None = None
    learning_rate: float | None = None
    grad_norm: float | None = None
    samples_per_second: NonNegative | None = None
    tokens_per_second: NonNegative | None = None
    step_time_seconds: NonNegative | None = None
    other: dict[str, float] = {}
    """Any other numeric metric, by the vendor's name for it."""
    history: tuple[MetricPoint, ...] = ()
    """Series of points, in the order the vendor reports them."""


class ErrorInfo(_Frozen):
    """Why a node failed."""

    message: str | None = None
    code: str | None = None
    stack: str | None = None
    """A traceback or log excerpt, verbatim."""
    details: dict[str, Any] = {}
    """Everything else the vendor said about the failure, verbatim."""


class Resources(_Frozen):
    """What the job runs on and how much of it it uses."""

    gpu_type: str | None = None
    gpu_count: Count | None = None
    node_count: Count | None = None
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
    estimated_total: NonNegative | None = None
    breakdown: dict[str, float] = {}
    currency: str | None = None


class Checkpoint(_Frozen):
    """A saved model state."""

    id: str | None = None
    step: Count | None = None
    epoch: Count | None = None
    created_at: AwareDatetime | None = None
    size_bytes: Count | None = None
    path: str | None = None
    metrics: Metrics = Metrics()


class Outputs(_Frozen):
    """Where a finished job's results are."""

    model_path: str | None = None
    result_id: str | None = None
    files_url: str | None = None


class _Node(_Frozen):
    id: str | None = None
    name: str | None = None
    status: Status = Status.unknown
    vendor_status: str | None = None
    """The status exactly as the vendor spelled it."""
    message: str | None = None
    """The vendor's human-readable status message."""
    error: ErrorInfo | None = None
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    started_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None
    progress: Progress = Progress()
    metrics: Metrics = Metrics()
    extensions: dict[str, dict[str, Any]] = {}
    """Vendor fields the model does not map, verbatim, under the format's name."""


class Task(_Node):
    """The smallest unit of work a vendor reports (a pod, a process, an evaluation task)."""


class Step(_Node):
    """A stage of a job, made of tasks."""

    tasks: tuple[Task, ...] = ()


class Job(_Node):
    """A whole job, as one vendor reported it at one moment."""

    format: str | None = None
    """The format the job was read from, e.g. ``nemo_jobs_v2``."""
    steps: tuple[Step, ...] = ()
    """Only the hierarchy the vendor reports; never invented."""
    resources: Resources = Resources()
    cost: Cost = Cost()
    checkpoints: tuple[Checkpoint, ...] = ()
    outputs: Outputs = Outputs()
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
