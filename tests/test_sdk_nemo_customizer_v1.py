"""What we write as a NeMo Customizer v1 job, the official SDK's own models accept.

A job is checked against ``CustomizationJob``, the status endpoint's answer against
``CustomizationStatusDetails``. Skipped when ``nemo-microservices`` is not installed (the
``compat`` extra installs it).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import jobstatus
from jobstatus import Job
from jobstatus.testing.strategies import jobs

from ._support import fixture_files

FORMAT = "nemo_customizer_v1"
sdk = pytest.importorskip("nemo_microservices.types.customization")
CustomizationJob = sdk.CustomizationJob
CustomizationStatusDetails = sdk.CustomizationStatusDetails

_JOB_KEYS = ("config", "dataset", "hyperparameters")
_WHEN = datetime(2025, 3, 4, 10, 5, tzinfo=timezone.utc)


def _validate(payload: dict[str, Any]) -> Any:
    """The payload read by the SDK model of its shape."""
    if any(key in payload for key in _JOB_KEYS):
        return CustomizationJob.model_validate(payload)
    return CustomizationStatusDetails.model_validate(payload)


@pytest.mark.parametrize(
    "path", [p for p in fixture_files(FORMAT) if p.suffix == ".json"], ids=lambda p: p.name
)
def test_fixtures_written_back_validate(path: Path) -> None:
    payload = json.loads(path.read_bytes())
    try:
        job = jobstatus.parse(payload, FORMAT, strict=True)
    except jobstatus.JobStatusError:
        pytest.skip("a payload with drift; the SDK would refuse the original too")
    model = _validate(jobstatus.render(job, FORMAT))
    assert model.status == job.vendor_status
    if isinstance(model, CustomizationJob):
        assert model.output_model == job.outputs.model
        details = model.status_details
        assert (details.percentage_done if details else None) == job.progress.percent
    else:
        assert model.percentage_done == job.progress.percent
        assert model.steps_completed == job.progress.step


def _timed(job: Job) -> Job:
    """``job`` with the instants the SDK requires of status details (training start, last
    update), where it lacks them: no writer invents one."""
    return job.model_copy(
        update={
            "started_at": job.started_at or _WHEN,
            "updated_at": job.updated_at or _WHEN,
        }
    )


@settings(max_examples=40)
@given(job=jobs())
def test_any_job_written_as_a_customization_job_validates(job: Job) -> None:
    job = _timed(job)
    payload = jobstatus.render(job, FORMAT)
    # The fine-tuning type is the one thing the SDK requires that no job can say.
    payload["hyperparameters"]["finetuning_type"] = "lora"
    model = CustomizationJob.model_validate(payload)
    assert model.status == jobstatus.render(job, FORMAT)["status"]
    assert model.output_model == job.outputs.model
    assert model.config == (job.base_model or "")
    assert model.status_details is not None
    assert model.status_details.status == model.status
    series = payload["status_details"].get("metrics", {}).get("metrics", {})
    assert sum(map(len, series.values())) == len(job.metrics.history)


def test_the_status_endpoint_answer_is_the_jobs_status_details() -> None:
    """The two endpoints' answers, for the same job, read alike."""
    folder = Path(__file__).parent / "fixtures" / FORMAT
    whole = json.loads((folder / "job_running.json").read_bytes())
    alone = json.loads((folder / "status_running.json").read_bytes())
    assert whole["status_details"] == alone
    CustomizationStatusDetails.model_validate(alone)
    job, status = jobstatus.parse(whole), jobstatus.parse(alone)
    assert (job.format, status.format) == (FORMAT, FORMAT)
    assert status.status is job.status
    assert status.progress == job.progress
    assert status.metrics == job.metrics
    assert status.checkpoints == job.checkpoints
