"""NeMo Customizer v1: ``GET /v1/customization/jobs/{id}`` and ``.../jobs/{id}/status``.

One format, two shapes. The job (the SDK's ``CustomizationJob``: ``config``, ``dataset``,
``hyperparameters``, ``output_model``, ``status``, timestamps) carries its training status
in ``status_details``, a ``CustomizationStatusDetails``; the status endpoint answers with
that same object alone (``status``, ``percentage_done``, ``epochs_completed``,
``steps_completed``, the ``metrics`` series, ``status_logs``, timestamps). Each row of the
details is therefore spelled twice, inside ``status_details`` and at the top, so both
shapes are read by the same table and written back as they came; a job from another
format is written as a job. Neither shape is another format's: the NeMo Platform's
Customizer status document describes Jobs v2 payloads (steps of tasks, status
``active``), which :mod:`nemo_jobs_v2` reads.

What the SDK says the values mean, and where that sets them:

- ``status`` is the v1 ``JobStatus`` enum the NeMo Evaluator v1 shares (the same SDK
  type), so its table is that format's: ``ready`` is a success, never a wait.
- ``config`` names the configuration (base model, version, GPU) the job fine-tunes:
  ``base_model``. A configuration sent as an object is kept as sent, and the base model is
  then read from ``config_snapshot.base_model``. ``output_model`` is ``outputs.model``.
- ``status_details.created_at`` is "the time when training started": ``started_at``.
  The status endpoint's own ``created_at`` and ``updated_at`` are read as the job's, the
  only times it has.
- ``steps_completed`` is the step reached; ``epochs_completed`` counts finished epochs,
  and is read as ``progress.epoch`` (the current one, 1-based, elsewhere): it lags one
  behind while an epoch runs, and agrees once training ends.
- ``train_loss``, ``val_loss`` and ``best_epoch`` describe the best checkpoint, not the
  latest step: they stay as sent and the job's one checkpoint is derived from them.
- ``metrics.metrics`` holds the loss and accuracy series, ``{name: [{step, timestamp,
  value}]}``: ``metrics.history`` (a point without a value is kept as sent, not read).
"""

from __future__ import annotations

from typing import Any

from ..authoring import (
    COUNT,
    NAIVE_UTC_TIMESTAMP,
    NUMBER,
    PERCENT,
    STRING,
    Adapter,
    Codec,
    CodecError,
    Detection,
    Job,
    MetricPoint,
    NodeSpec,
    describe,
    field,
    parse_timestamp,
    put_path,
    render_number,
)
from .nemo_evaluator_v1 import STATUSES

NAME = "nemo_customizer_v1"
D = "status_details"


def _parse_config(raw: Any) -> str | None:
    if isinstance(raw, dict) or raw == "":
        return None  # a configuration object, or none named: kept as sent
    if isinstance(raw, str):
        return raw
    raise CodecError(f"expected a configuration name or object, got {describe(raw)}")


CONFIG = Codec("configuration name (an object is kept as sent)", _parse_config, str)


def _parse_series(raw: Any) -> tuple[MetricPoint, ...]:
    if not isinstance(raw, dict):
        raise CodecError(f"expected an object of metric series, got {describe(raw)}")
    points = []
    for name, series in raw.items():
        if series is None:
            continue
        if not isinstance(series, list):
            raise CodecError(f"expected an array of points for metric {describe(name)}")
        for point in series:
            if not isinstance(point, dict):
                expected = "expected points like {'step', 'timestamp', 'value'}"
                raise CodecError(f"{expected} in {describe(name)}, got {describe(point)}")
            if point.get("value") is None:
                continue  # the SDK allows it; the model has no point without a value
            step, stamp = point.get("step"), point.get("timestamp")
            points.append(
                MetricPoint(
                    name=name,
                    value=NUMBER.parse(point["value"]),
                    step=None if step is None else COUNT.parse(step),
                    timestamp=None if stamp is None else parse_timestamp(stamp),
                )
            )
    return tuple(points)


def _render_series(points: tuple[MetricPoint, ...]) -> dict[str, list[dict[str, Any]]]:
    series: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        entry: dict[str, Any] = {}
        if point.step is not None:
            entry["step"] = point.step
        if point.timestamp is not None:
            entry["timestamp"] = NAIVE_UTC_TIMESTAMP.render(point.timestamp)
        entry["value"] = render_number(point.value)
        series.setdefault(point.name, []).append(entry)
    return series


SERIES = Codec("metric series {name: [{step, timestamp, value}]}", _parse_series, _render_series)


def _details(canonical: str, key: str, codec: Codec) -> Any:
    """A row of the status details: in the job's ``status_details``, or at the top of the
    status endpoint's answer."""
    return field(canonical, f"{D}.{key}", key, codec=codec)


JOB = NodeSpec(
    fields=(
        field("id", "id", codec=STRING),
        field("base_model", "config", "config_snapshot.base_model", codec=CONFIG),
        field("outputs.model", "output_model", codec=STRING),
        field("created_at", "created_at", codec=NAIVE_UTC_TIMESTAMP),
        field("updated_at", "updated_at", f"{D}.updated_at", codec=NAIVE_UTC_TIMESTAMP),
        field("started_at", f"{D}.created_at", codec=NAIVE_UTC_TIMESTAMP),
        _details("progress.percent", "percentage_done", PERCENT),
        _details("progress.step", "steps_completed", COUNT),
        _details("progress.epoch", "epochs_completed", COUNT),
        _details("metrics.history", "metrics.metrics", SERIES),
    ),
    # What the SDK's CustomizationJob requires; a job from another format names none.
    defaults={"config": "", "dataset": "", "hyperparameters": {}},
    nullable=(D, "metrics", f"{D}.metrics", "config_snapshot"),
)

# The best checkpoint's values (kept as sent, see above) and where the checkpoint has them.
_BEST = (
    ("best_epoch", ("epoch",), COUNT),
    ("train_loss", ("metrics", "loss"), NUMBER),
    ("val_loss", ("metrics", "val_loss"), NUMBER),
)


def best_checkpoint(job: dict[str, Any]) -> None:
    """A ``finish_parse`` hook: the job's one checkpoint, the best, from its kept details.

    A value that does not read is left out of the checkpoint (it stays as sent, and the
    schema names it).
    """
    kept = job.get("extensions", {}).get(NAME, {})
    details = kept.get(D) if isinstance(kept.get(D), dict) else kept
    checkpoint: dict[str, Any] = {}
    for key, canonical, codec in _BEST:
        raw = details.get(key)
        try:
            value = None if raw is None else codec.parse(raw)
        except CodecError:
            continue
        if value is not None:
            put_path(checkpoint, canonical, value)
    if checkpoint:
        job["checkpoints"] = [checkpoint]


def details_status(job: Job, out: dict[str, Any], native: bool) -> None:
    """A ``finish_render`` hook: status details written for a job from another format
    carry its status and its last update, which the SDK requires there too."""
    details = out.get(D)
    if native or not isinstance(details, dict):
        return
    if "status" in out:
        details.setdefault("status", out["status"])
    if job.updated_at is not None:
        details.setdefault("updated_at", NAIVE_UTC_TIMESTAMP.render(job.updated_at))


# Only Customizer v1 jobs carry a dataset and hyperparameters, and only its status
# endpoint answers with training counters at the top; Evaluator v1 (the same status enum,
# a `config` too) has a `target` and evaluation tasks, Jobs v2 has steps.
_COUNTERS = ("percentage_done", "steps_completed", "epochs_completed", "status_logs")
DETECTION = Detection(
    forbidden=("target", "spec", "steps", "job_id", (D, "task_status")),
    any_of=(
        *("config", "config_snapshot", "dataset", "hyperparameters", "output_model"),
        *((D, key) for key in _COUNTERS),
        *(*_COUNTERS, "steps_per_epoch", "best_epoch"),
    ),
    statuses=frozenset(STATUSES),
)


ADAPTER = Adapter(
    name=NAME,
    vendor="NVIDIA NeMo Customizer",
    # The job, which holds its status details; the status endpoint reads as well.
    endpoint="GET /v1/customization/jobs/{id}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
    finish_parse=best_checkpoint,
    finish_render=details_status,
)
