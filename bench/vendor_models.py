# ruff: noqa: N815 (the fields keep the vendor's own camelCase names)
"""Plain pydantic models of each vendor's shape: what reading a payload costs a user of
the vendor's SDK, who gets typed objects but no normalization. The baseline for parse."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class NemoTask(_Open):
    id: str | None = None
    name: str | None = None
    status: str
    status_details: dict[str, Any] | None = None
    error_details: dict[str, Any] | None = None
    error_stack: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class NemoStep(_Open):
    id: str | None = None
    name: str | None = None
    status: str
    status_details: dict[str, Any] | None = None
    error_details: dict[str, Any] | None = None
    tasks: list[NemoTask] = []
    created_at: str | None = None
    updated_at: str | None = None


class NemoJob(_Open):
    id: str | None = None
    job_id: str | None = None
    name: str | None = None
    status: str
    status_details: dict[str, Any] | None = None
    error_details: dict[str, Any] | None = None
    steps: list[NemoStep] = []
    created_at: str | None = None
    updated_at: str | None = None


class EvaluatorV1StatusDetails(_Open):
    message: str | None = None
    progress: float | None = None
    samples_processed: int | None = None
    task_status: dict[str, str] = {}


class EvaluatorV1Job(_Open):
    id: str
    status: str
    status_details: EvaluatorV1StatusDetails | None = None
    target: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    result: str | None = None
    output_files_url: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class EvaluatorV2Job(_Open):
    id: str
    name: str | None = None
    spec: dict[str, Any]
    status: str
    status_details: dict[str, Any] | None = None
    error_details: dict[str, Any] | None = None
    created_at: str | None = None
    updated_at: str | None = None


class SimplismartJob(_Open):
    request_id: str | None = None
    experiment_name: str | None = None
    status: str | None = None
    progress: float | None = None
    created_at: str | None = None
    updated_at: str | None = None
    started_at: str | None = None
    completed_at: str | None = None
    infra_config: dict[str, Any] | None = None
    output_model_path: str | None = None
    error_message: str | None = None


class TensorOneProgress(_Open):
    currentEpoch: int | None = None
    totalEpochs: int | None = None
    currentStep: int | None = None
    totalSteps: int | None = None
    percentComplete: float | None = None
    estimatedTimeRemaining: str | None = None


class TensorOneCheckpoint(_Open):
    checkpointId: str | None = None
    epoch: int | None = None
    step: int | None = None
    metrics: dict[str, float] | None = None
    size: str | None = None
    createdAt: str | None = None


class TensorOneJob(_Open):
    jobId: str
    name: str | None = None
    status: str
    progress: TensorOneProgress | None = None
    metrics: dict[str, Any] | None = None
    resourceUsage: dict[str, Any] | None = None
    configuration: dict[str, Any] | None = None
    checkpoints: list[TensorOneCheckpoint] = []
    costs: dict[str, Any] | None = None
    timestamps: dict[str, str] | None = None


VENDOR_MODELS: dict[str, type[BaseModel]] = {
    "nemo_jobs_v2": NemoJob,
    "nemo_ms_jobs": NemoJob,
    "nemo_evaluator_v1": EvaluatorV1Job,
    "nemo_evaluator_v2": EvaluatorV2Job,
    "simplismart": SimplismartJob,
    "tensorone": TensorOneJob,
}
