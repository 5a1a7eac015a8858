"""What we write in the Microservices shape, the official SDK's own model accepts.

Skipped when ``nemo-microservices`` is not installed (the ``compat`` extra installs it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import jobstatus
from jobstatus import Job
from jobstatus.testing.strategies import jobs

from ._support import fixture_files

sdk = pytest.importorskip("nemo_microservices.types.jobs.platform_job_status_response")
Response = sdk.PlatformJobStatusResponse


def _identified(job: Job) -> bool:
    """The SDK requires ``job_id``, step names and task ids."""
    return job.id is not None and all(
        s.name is not None and all(t.id is not None for t in s.tasks) for s in job.steps
    )


_SDK_EMPTY: dict[str, Any] = {"status_details": {}, "error_details": {}, "error_stack": ""}


def _sdk_typed(node: Any) -> Any:
    """The payload as the SDK types it: servers send null details and stacks (VENDOR-NOTES),
    which the SDK's model declares as objects and strings and only its lenient response
    parsing lets through."""
    if isinstance(node, dict):
        return {k: _SDK_EMPTY.get(k) if v is None else _sdk_typed(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_sdk_typed(item) for item in node]
    return node


@pytest.mark.parametrize(
    "path", [p for p in fixture_files("nemo_jobs_v2") if p.suffix == ".json"], ids=lambda p: p.name
)
def test_jobs_v2_fixtures_rendered_in_the_microservices_shape_validate(path: Path) -> None:
    payload = _sdk_typed(json.loads(path.read_bytes()))
    try:
        job = jobstatus.parse(payload, "nemo_jobs_v2", strict=True)
    except jobstatus.JobStatusError:
        pytest.skip("a payload with drift; the SDK would refuse the original too")
    if not _identified(job):
        pytest.skip("the SDK requires identifiers this payload lacks")
    model = Response.model_validate(jobstatus.render(job, "nemo_ms_jobs"))
    assert model.job_id == job.id
    assert [s.name for s in model.steps] == [s.name for s in job.steps]


@pytest.mark.parametrize(
    "path", [p for p in fixture_files("nemo_ms_jobs") if p.suffix == ".json"], ids=lambda p: p.name
)
def test_microservices_fixtures_written_back_validate(path: Path) -> None:
    payload = _sdk_typed(json.loads(path.read_bytes()))
    try:
        job = jobstatus.parse(payload, "nemo_ms_jobs", strict=True)
    except jobstatus.JobStatusError:
        pytest.skip("a payload with drift; the SDK would refuse the original too")
    Response.model_validate(jobstatus.render(job, "nemo_ms_jobs"))


def _identify(job: Job) -> Job:
    """``job`` with the identifiers the SDK requires, where it lacks them (drawing only
    identified jobs would reject most of what the strategy draws)."""
    steps = tuple(
        step.model_copy(
            update={
                "name": step.name if step.name is not None else f"step-{i}",
                "tasks": tuple(
                    task.model_copy(update={"id": task.id if task.id is not None else f"task-{j}"})
                    for j, task in enumerate(step.tasks)
                ),
            }
        )
        for i, step in enumerate(job.steps)
    )
    return job.model_copy(update={"id": job.id if job.id is not None else "job", "steps": steps})


@given(job=jobs())
def test_any_identified_job_rendered_in_the_microservices_shape_validates(job: Job) -> None:
    job = _identify(job)
    assert _identified(job)
    Response.model_validate(jobstatus.render(job, "nemo_ms_jobs"))
