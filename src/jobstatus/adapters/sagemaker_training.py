"""AWS SageMaker training jobs: the ``DescribeTrainingJob`` response (botocore's model).

A job has two statuses: ``TrainingJobStatus`` (read by the engine) and ``SecondaryStatus``,
which refines it where both agree on whether the job is over (:func:`refine`):
InProgress+Downloading is ``initializing``, InProgress+Uploading ``finalizing``,
InProgress+Restarting ``retrying``, Stopped+MaxRuntimeExceeded ``failed`` (a time limit,
not a request). ``vendor_status`` keeps the primary, so the pair is written back as it
came. ``SecondaryStatusTransitions`` is the job's history: one step per transition.
``FinalMetricDataList``: the built-in algorithms' ``train:loss``, ``validation:loss``,
``train:accuracy``, ``validation:accuracy`` are the loss and accuracy fields, other names
go to ``metrics.other``, and every point, with its time, to ``metrics.history``.

Timestamps are epoch seconds on the wire; ``json.dumps(default=str)`` of a boto3 result
spells them ``"2024-01-01 12:00:00.123000+00:00"``. Both are read; a value is written as
epoch seconds, so an ISO spelling is kept as sent and written back from there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..authoring import (
    COUNT,
    NON_NEGATIVE,
    NUMBER,
    STRING,
    TIMESTAMP,
    UNIX_SECONDS,
    Adapter,
    Codec,
    CodecError,
    Detection,
    Job,
    MetricPoint,
    Metrics,
    NodeSpec,
    S,
    Status,
    StatusTable,
    describe,
    field,
    render_number,
)

NAME = "sagemaker_training"
PRIMARY = "TrainingJobStatus"
SECONDARY = "SecondaryStatus"
METRIC_KEY = "FinalMetricDataList"

# TrainingJobStatus. Only a finished job can be deleted; its outcome is in SecondaryStatus.
STATUSES = StatusTable(
    {
        "InProgress": S.running,
        "Completed": S.succeeded,
        "Failed": S.failed,
        "Stopping": S.cancelling,
        "Stopped": S.cancelled,
        "Deleting": S.cancelled,
    },
    terminal=("Completed", "Failed", "Stopped", "Deleting"),
    # A pending status is InProgress too (SecondaryStatus tells which).
    choices={S.cancelled: "Stopped"}
    | dict.fromkeys((S.unknown, S.created, S.queued, S.initializing), "InProgress"),
)

# SecondaryStatus, also the status of each SecondaryStatusTransitions entry.
_MEANINGS = {
    S.queued: ("Pending",),
    S.initializing: (
        "Starting",
        "LaunchingMLInstances",
        "PreparingTrainingStack",
        "Downloading",
        "DownloadingTrainingImage",
    ),
    S.running: ("Training", "Updating"),
    S.finalizing: ("Uploading",),
    S.retrying: ("Interrupted", "Restarting"),
    S.cancelling: ("Stopping",),
    S.succeeded: ("Completed",),
    S.failed: ("Failed", "MaxRuntimeExceeded", "MaxWaitTimeExceeded"),
    S.cancelled: ("Stopped",),
}
SECONDARIES = StatusTable(
    {value: status for status, values in _MEANINGS.items() for value in values},
    terminal=("Stopped", "MaxRuntimeExceeded", "Completed", "Failed", "MaxWaitTimeExceeded"),
    # An unknown status is written as running, as TrainingJobStatus writes it.
    choices={S.initializing: "Starting", S.running: "Training", S.retrying: "Restarting"}
    | {S.failed: "Failed", S.unknown: "Training"},
)

# The primaries SecondaryStatus refines; Completed, Failed and Stopping say all there is.
REFINED = frozenset({"InProgress", "Stopped", "Deleting"})


def refine(primary: str, secondary: Any) -> Status:
    """The status of a (TrainingJobStatus, SecondaryStatus) pair.

    Examples:
        >>> refine("InProgress", "Downloading"), refine("Stopped", "MaxRuntimeExceeded")
        (<Status.initializing: 'initializing'>, <Status.failed: 'failed'>)
    """
    base = STATUSES.meaning(primary)
    fine = SECONDARIES.get(secondary) if isinstance(secondary, str) else None
    if base is None:
        return Status.unknown
    if fine is None or primary not in REFINED:
        return base
    return fine if fine.is_terminal is base.is_terminal else base


def _phase(value: Any) -> str:
    if isinstance(value, str) and value in SECONDARIES:
        return value
    raise CodecError(f"expected a SecondaryStatus value, got {describe(value)}")


# SecondaryStatus is what the job is doing now, the vendor's name for it: progress.phase.
PHASE = Codec("SecondaryStatus value", _phase, lambda value: value)


def _finish_parse(job: dict[str, Any]) -> None:
    """The job's status is refined by ``SecondaryStatus`` (:func:`refine`), read as
    ``progress.phase``; each step is named for its transition's status."""
    secondary = job.get("progress", {}).get("phase")
    if job.get("vendor_status") is not None:
        job["status"] = refine(job["vendor_status"], secondary)
    for step in job.get("steps", ()):
        step.setdefault("name", step.get("vendor_status"))


def _finish_render(job: Job, out: dict[str, Any], native: bool) -> None:
    """A status is written as a (TrainingJobStatus, SecondaryStatus) pair, so a status only
    ``SecondaryStatus`` has (``initializing``, ``finalizing``, ``retrying``, ``queued``) is
    no loss, whatever the status table above says; a job read from this format and left
    unchanged keeps the pair it had."""
    # The metrics row writes a job's metrics whole, and a job without any has them too.
    if out.get(METRIC_KEY) == [] and METRIC_KEY not in job.extensions.get(NAME, {}):
        del out[METRIC_KEY]
    if native and job.vendor_status is not None:
        if refine(job.vendor_status, job.progress.phase) is job.status:
            out[PRIMARY] = job.vendor_status
            return
    elif native and job.status is Status.unknown:
        return  # no status was read: none is written
    out[PRIMARY] = STATUSES.inverse[job.status]
    out[SECONDARY] = SECONDARIES.inverse[job.status]
    # A step named for a SecondaryStatus value that means its status keeps that value.
    for step, written in zip(job.steps, out.get("SecondaryStatusTransitions", ()), strict=False):
        if SECONDARIES.get(step.name or "") is step.status:
            written["Status"] = step.name


def _parse_time(value: Any) -> Any:
    return TIMESTAMP.parse(value) if isinstance(value, str) else UNIX_SECONDS.parse(value)


def _time_loss(value: Any) -> str | None:
    codec = TIMESTAMP if isinstance(value, str) else UNIX_SECONDS
    return codec.loss(value) if codec.loss is not None else None


# Written as epoch seconds; an ISO string is not that spelling, so it is kept as sent.
TIME = Codec(
    "Unix time in seconds, or an ISO 8601 timestamp",
    _parse_time,
    UNIX_SECONDS.render,
    lambda raw, out: not isinstance(raw, str) and UNIX_SECONDS.same(raw, out),
    exact=lambda raw: (
        not isinstance(raw, str) and bool(UNIX_SECONDS.exact and UNIX_SECONDS.exact(raw))
    ),
    loss=_time_loss,
)

# FinalMetricDataList names of the built-in algorithms -> the model's metric fields.
METRIC_NAMES = {
    "train:loss": "loss",
    "validation:loss": "val_loss",
    "train:accuracy": "accuracy",
    "validation:accuracy": "val_accuracy",
}
_VENDOR_NAMES = {ours: theirs for theirs, ours in METRIC_NAMES.items()}


def _parse_metrics(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, list):
        raise CodecError(f"expected an array of metric data, got {describe(raw)}")
    if not raw:
        return None  # absent: the model has no empty metrics, so [] is kept as sent
    named: dict[str, Any] = {}
    other: dict[str, float] = {}
    points = []
    for index, item in enumerate(raw):
        name = item.get("MetricName") if isinstance(item, dict) else None
        if not isinstance(name, str) or item.get("Value") is None:
            raise CodecError(f"metric {index}: expected {{MetricName, Value, Timestamp}}")
        try:
            value = NUMBER.parse(item["Value"])
            stamp = item.get("Timestamp")
            moment = None if stamp is None else TIME.parse(stamp)
        except CodecError as error:
            raise CodecError(f"metric {index} ({describe(name)}): {error}") from None
        points.append(MetricPoint(name=name, value=value, timestamp=moment))
        if name in METRIC_NAMES:
            named[METRIC_NAMES[name]] = value
        else:
            other[name] = value
    return {**named, "other": other, "history": tuple(points)}


def _render_metrics(value: Metrics | dict[str, Any]) -> list[dict[str, Any]]:
    # A dict is what parse gave, rendered to see whether it spells the payload's list.
    metrics = Metrics.model_validate(value) if isinstance(value, dict) else value
    values = {
        theirs: getattr(metrics, ours)
        for theirs, ours in METRIC_NAMES.items()
        if getattr(metrics, ours) is not None
    }
    values.update(metrics.other)
    out = []
    for point in metrics.history:  # the points in the order read, at their current values
        item: dict[str, Any] = {
            "MetricName": point.name,
            "Value": render_number(values.pop(point.name, point.value)),
        }
        if point.timestamp is not None:
            item["Timestamp"] = TIME.render(point.timestamp)
        out.append(item)
    out.extend({"MetricName": k, "Value": render_number(v)} for k, v in values.items())
    return out


METRICS = Codec("array of metric data", _parse_metrics, _render_metrics)

JOB = NodeSpec(
    fields=(
        field("name", "TrainingJobName", codec=STRING, missing="warning"),
        field("id", "TrainingJobArn", codec=STRING, missing="warning"),
        field("error.message", "FailureReason", codec=STRING),
        field("outputs.model_path", "ModelArtifacts.S3ModelArtifacts", codec=STRING),
        field("resources.instance_type", "ResourceConfig.InstanceType", codec=STRING),
        field("resources.node_count", "ResourceConfig.InstanceCount", codec=COUNT),
        field("progress.phase", SECONDARY, codec=PHASE),
        field("progress.step", "ProgressInfo.CurrentStep", codec=COUNT),
        field("progress.epoch", "ProgressInfo.CurrentEpoch", codec=COUNT),
        field("progress.total_epochs", "ProgressInfo.MaxEpoch", codec=COUNT),
        field("metrics", METRIC_KEY, codec=METRICS),
        field("cost.billable_seconds", "BillableTimeInSeconds", codec=NON_NEGATIVE),
        field("created_at", "CreationTime", codec=TIME, missing="info"),
        field("started_at", "TrainingStartTime", codec=TIME),
        field("completed_at", "TrainingEndTime", codec=TIME),
        field("updated_at", "LastModifiedTime", codec=TIME),
    ),
    children="SecondaryStatusTransitions",
    status=(PRIMARY,),
    # What DescribeTrainingJob always returns, for a job read from another format: no
    # instant is invented (CreationTime is left out, and the loss says so).
    defaults={
        "TrainingJobName": "",
        "TrainingJobArn": "",
        "StoppingCondition": {},
        "ModelArtifacts": {"S3ModelArtifacts": ""},
    },
)

TRANSITION = NodeSpec(
    fields=(
        field("message", "StatusMessage", codec=STRING),
        field("started_at", "StartTime", codec=TIME, missing="info"),
        field("completed_at", "EndTime", codec=TIME),
    ),
    statuses=SECONDARIES,
    status=("Status",),
)

# Only SageMaker names a job's status ``TrainingJobStatus``.
DETECTION = Detection(
    required=(PRIMARY,),
    statuses=frozenset(STATUSES),
    status_key=PRIMARY,
)


class PairedAdapter(Adapter):
    """The status is the (TrainingJobStatus, SecondaryStatus) pair, for ``status_of`` too."""

    def status_reader(self) -> Callable[[dict[str, Any]], Status]:
        def status(data: dict[str, Any]) -> Status:
            primary = data.get(PRIMARY)
            return refine(primary, data.get(SECONDARY)) if isinstance(primary, str) else S.unknown

        return status


ADAPTER = PairedAdapter(
    name=NAME,
    vendor="AWS SageMaker",
    endpoint="DescribeTrainingJob (POST / with X-Amz-Target: SageMaker.DescribeTrainingJob)",
    statuses=STATUSES,
    job=JOB,
    step=TRANSITION,
    detection=DETECTION,
    finish_parse=_finish_parse,
    finish_render=_finish_render,
)
