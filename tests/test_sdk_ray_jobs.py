"""What we write as a Ray job, Ray's own ``JobDetails`` model accepts.

Skipped when ``ray`` is not installed: it is not in the ``compat`` extra (it installs
some 240 MB), so this runs where Ray is already present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings

import jobstatus
from jobstatus import Job
from jobstatus.testing.strategies import jobs

from ._support import fixture_files

sdk = pytest.importorskip("ray.dashboard.modules.job.pydantic_models")
JobDetails = sdk.JobDetails
if JobDetails is None:  # Ray without pydantic defines no model
    pytest.skip("Ray is installed without pydantic", allow_module_level=True)


def _strict(path: Path) -> Job:
    try:
        return jobstatus.parse(json.loads(path.read_bytes()), "ray_jobs", strict=True)
    except jobstatus.JobStatusError:
        pytest.skip("a payload with drift; Ray's model would refuse the original too")


@pytest.mark.parametrize(
    "path", [p for p in fixture_files("ray_jobs") if p.suffix == ".json"], ids=lambda p: p.name
)
def test_fixtures_written_back_validate(path: Path) -> None:
    job = _strict(path)
    model = JobDetails.model_validate(jobstatus.render(job, "ray_jobs"))
    assert model.submission_id == job.id
    assert str(model.status) == job.vendor_status


@settings(max_examples=30)
@given(job=jobs())
def test_any_job_rendered_as_ray_validates(job: Job) -> None:
    payload = jobstatus.render(job, "ray_jobs")
    model = JobDetails.model_validate(payload)
    assert model.status.is_terminal() is job.status.is_terminal
    assert model.submission_id == job.id
