"""What we write as ``openai_fine_tuning``, the ``openai`` SDK's own models accept.

Skipped when ``openai`` is not installed (the ``compat`` extra installs it).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

import jobstatus
from jobstatus import Job
from jobstatus.testing.strategies import jobs

from ._support import fixture_files
from .test_openai_fine_tuning import CHECKPOINTS, EVENTS

fine_tuning = pytest.importorskip("openai.types.fine_tuning")
FineTuningJob = fine_tuning.FineTuningJob
checkpoints = pytest.importorskip("openai.types.fine_tuning.jobs")
NAME = "openai_fine_tuning"
FIXTURES = [p for p in fixture_files(NAME) if p.suffix == ".json"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixtures_written_back_validate(path: Path) -> None:
    payload = json.loads(path.read_bytes())
    try:
        FineTuningJob.model_validate(payload)
    except ValidationError:
        pytest.skip("the SDK refuses the original payload too")
    written = jobstatus.render(jobstatus.parse(payload, NAME), NAME)
    model = FineTuningJob.model_validate(written)
    assert model.status == payload["status"]
    assert model.model_dump(mode="json", exclude_unset=True) == payload


def test_the_documented_oddities_are_what_the_sdk_refuses() -> None:
    """The fixtures the SDK refuses are exactly the drift cases and the create example
    (no ``hyperparameters``, no ``seed``)."""
    refused = set()
    for path in FIXTURES:
        try:
            FineTuningJob.model_validate_json(path.read_bytes())
        except ValidationError:
            refused.add(path.stem)
    assert refused == {
        "doc_create",
        "minimal",
        "n_epochs_wrong_type",
        "status_canceled_one_l",
        "status_paused_undocumented",
        "unknown_status_value",
    }


def _created(job: Job) -> Job:
    """``job`` with the creation time the SDK requires and no format can default (none is
    invented: a job without one is written without it, a reported loss)."""
    if job.created_at is not None:
        return job
    return job.model_copy(update={"created_at": datetime(2024, 7, 23, tzinfo=timezone.utc)})


@settings(max_examples=50)
@given(job=jobs())
def test_any_job_written_as_openai_validates(job: Job) -> None:
    job = _created(job)
    written = jobstatus.render(job, NAME)
    model = FineTuningJob.model_validate(written)
    assert model.trained_tokens == job.progress.tokens
    assert model.fine_tuned_model == job.outputs.model
    if job.error is not None and (job.error.message or job.error.code):
        assert model.error is not None
        assert (model.error.code, model.error.message) == (
            job.error.code or "",
            job.error.message or "",
        )


def test_the_events_and_checkpoints_read_are_the_sdks() -> None:
    """The pages the merge tests use are pages the SDK reads."""
    for event in EVENTS["data"]:
        fine_tuning.FineTuningJobEvent.model_validate(event)
    for item in CHECKPOINTS["data"]:
        checkpoints.FineTuningJobCheckpoint.model_validate(item)
