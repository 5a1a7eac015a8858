"""The loss report: what it names, and how callers get it (ignore, warn, raise, a list)."""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import (
    Issue,
    Job,
    JobStatusError,
    JobStatusWarning,
    LossError,
    Metrics,
    Progress,
    RenderError,
    Status,
    Step,
    StrictError,
    Task,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "nemo_customizer_training.json"
LOSSY = Job(id="j", status=Status.initializing, metrics=Metrics(loss=0.82))


def paths(found: list[Issue]) -> list[str]:
    return [loss.path for loss in found]


# -- what is a loss ----------------------------------------------------------------------

UTC, PLUS2 = timezone.utc, timezone(timedelta(hours=2))
# The timestamps Jobs v2 requires: a job without them is written without (a loss too).
STAMPS: dict[str, Any] = {"created_at": datetime(2025, 1, 1, tzinfo=UTC)}
STAMPS["updated_at"] = STAMPS["created_at"]
CASES: list[tuple[str, Job, str, dict[str, str]]] = [
    (
        "a status the target has no value for goes through its fallback",
        LOSSY,
        "simplismart",
        {
            "$.status": "'initializing' has no simplismart value; wrote 'QUEUED'",
            "$.metrics.loss": "simplismart does not carry metrics.loss; dropped 0.82",
        },
    ),
    (
        "a required field the job lacks is written as a default, and said so",
        Job(status=Status.running),
        "nemo_jobs_v2",
        {
            "$.id": "id is not set; nemo_jobs_v2 wrote ''",
            "$.name": "name is not set; nemo_jobs_v2 wrote ''",
            "$.created_at": "nemo_jobs_v2 requires 'created_at', which the job lacks; left out",
            "$.updated_at": "nemo_jobs_v2 requires 'updated_at', which the job lacks; left out",
        },
    ),
    (
        "a hierarchy the target lacks is dropped as a whole",
        Job(id="j", status=Status.running, steps=(Step(status=Status.running),) * 2),
        "tensorone",
        {"$.steps": "tensorone does not carry steps; dropped 2 of them"},
    ),
    (
        "a child's own fields are located under it",
        Job(
            id="j",
            name="n",
            status=Status.running,
            **STAMPS,
            steps=(
                Step(
                    id="s",
                    name="s",
                    status=Status.running,
                    **STAMPS,
                    tasks=(
                        Task(
                            id="t",
                            name="t",
                            status=Status.running,
                            progress=Progress(samples=3),
                            **STAMPS,
                        ),
                    ),
                ),
            ),
        ),
        "nemo_jobs_v2",
        {
            "$.steps[0].tasks[0].progress.samples": (
                "nemo_jobs_v2 does not carry progress.samples; dropped 3"
            )
        },
    ),
    (
        "an instant keeps its meaning, whatever its offset",
        Job(id="j", status=Status.running, created_at=datetime(2025, 1, 1, 12, tzinfo=PLUS2)),
        "simplismart",
        {},
    ),
]


@pytest.mark.parametrize(("label", "job", "fmt", "expected"), CASES, ids=[c[0] for c in CASES])
def test_losses(label: str, job: Job, fmt: str, expected: dict[str, str]) -> None:
    found = jobstatus.losses(job, fmt)
    assert {loss.path: loss.message for loss in found} == expected
    assert all((loss.code, loss.severity) == ("loss", "warning") for loss in found)


def test_vendor_fields_travel_to_the_same_format_and_are_lost_elsewhere() -> None:
    payload = json.loads(EXAMPLE.read_bytes())
    payload["steps"][1]["node_pool"] = {"name": "a100-pool", "zone": "us-east"}
    job = jobstatus.parse(payload)
    kept = "$.steps[1].extensions.nemo_jobs_v2.node_pool"
    assert jobstatus.losses(job, "nemo_jobs_v2") == []
    # The same family writes the other's vendor fields: what it loses is its own shape.
    assert jobstatus.losses(job, "nemo_ms_jobs") != []
    assert kept not in paths(jobstatus.losses(job, "nemo_ms_jobs"))
    found = jobstatus.losses(job, "tensorone")
    assert "$.steps" in paths(found)
    assert kept not in paths(found)  # under $.steps, already reported as a whole
    found = jobstatus.losses(job, "nemo_evaluator_v1")
    assert {loss.path: loss.message for loss in found}[kept] == (
        "nemo_evaluator_v1 cannot carry the nemo_jobs_v2 field 'node_pool'; dropped "
        '{"name": "a100-pool", "zone": "us-east"}'
    )


def test_the_canonical_format_loses_nothing() -> None:
    job = jobstatus.parse(EXAMPLE.read_bytes())
    assert jobstatus.losses(job, "canonical") == []


# -- how callers get it ---------------------------------------------------------------------


def test_render_checks_nothing_by_default() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jobstatus.render(LOSSY, "simplismart") == {"status": "QUEUED", "request_id": "j"}


def test_warn_issues_one_warning_listing_every_loss_at_the_callers_line() -> None:
    with pytest.warns(JobStatusWarning) as caught:
        payload = jobstatus.render(LOSSY, "simplismart", on_loss="warn")
    assert payload == jobstatus.render(LOSSY, "simplismart")
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, JobStatusWarning)
    assert warning.format == "simplismart"
    assert list(warning.losses) == jobstatus.losses(LOSSY, "simplismart")
    assert str(warning).splitlines() == [
        "simplismart: the conversion loses 2 value(s)",
        "  - [warning] 'initializing' has no simplismart value; wrote 'QUEUED' @ $.status",
        "  - [warning] simplismart does not carry metrics.loss; dropped 0.82 @ $.metrics.loss",
    ]
    assert caught[0].filename == __file__


def test_raise_raises_one_error_listing_every_loss() -> None:
    with pytest.raises(LossError) as caught:
        jobstatus.render(LOSSY, "simplismart", on_loss="raise")
    assert isinstance(caught.value, JobStatusError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.format == "simplismart"
    assert list(caught.value.issues) == jobstatus.losses(LOSSY, "simplismart")
    assert "@ $.metrics.loss" in str(caught.value)


def test_nothing_lost_nothing_said() -> None:
    job = Job(id="j", status=Status.running, progress=Progress(percent=40))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jobstatus.render(job, "simplismart", on_loss="raise")["progress"] == 40


def _payload() -> dict[str, Any]:
    return jobstatus.render(LOSSY, "tensorone")


def test_convert_warns_by_default() -> None:
    with pytest.warns(JobStatusWarning) as caught:
        out = jobstatus.convert(_payload(), to="simplismart")
    assert out == {"status": "QUEUED", "request_id": "j"}
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jobstatus.convert(_payload(), "simplismart", on_loss="ignore") == out
    with pytest.raises(LossError):
        jobstatus.convert(json.dumps(_payload()), "simplismart", from_="tensorone", on_loss="raise")


def test_convert_to_the_same_format_gives_the_payload_back() -> None:
    payload = json.loads(EXAMPLE.read_bytes())
    assert jobstatus.convert(payload, to="nemo_jobs_v2", on_loss="raise") == payload


def test_convert_parses_strictly_when_asked() -> None:
    drifted = {**_payload(), "status": "RUNNING"}
    assert jobstatus.convert(drifted, "canonical")["status"] == "running"
    with pytest.raises(StrictError):
        jobstatus.convert(drifted, "canonical", strict=True)


@pytest.mark.parametrize("on_loss", ["error", None, "WARN"])
def test_on_loss_must_be_one_of_three(on_loss: Any) -> None:
    with pytest.raises(RenderError, match="on_loss must be one of 'ignore', 'warn', 'raise'"):
        jobstatus.render(LOSSY, "simplismart", on_loss=on_loss)
    with pytest.raises(RenderError):
        jobstatus.convert(_payload(), "simplismart", on_loss=on_loss)


def test_losses_takes_a_job() -> None:
    with pytest.raises(JobStatusError, match="expected a Job, got dict"):
        jobstatus.losses(_payload(), "simplismart")  # type: ignore[arg-type]
