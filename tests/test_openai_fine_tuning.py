"""OpenAI fine-tuning events and checkpoints read into a job: ``with_events`` and
``with_checkpoints`` of ``jobstatus.adapters.openai_fine_tuning``."""

from __future__ import annotations

import doctest
import json
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus import Job, ParseError
from jobstatus.adapters import _openai, openai_fine_tuning
from jobstatus.adapters.openai_fine_tuning import with_checkpoints, with_events

from ._support import FIXTURES

NAME = "openai_fine_tuning"
T0 = 1721764800


def _event(n: int, kind: str, message: str, data: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "object": "fine_tuning.job.event",
        "id": f"ftevent-{n}",
        "created_at": T0 + n,
        "level": "info",
        "message": message,
        "data": data,
        "type": kind,
    }


def _step(n: int, loss: float, valid: float | None) -> dict[str, Any]:
    data = {"step": n, "train_loss": loss, "valid_loss": valid, "total_steps": 3}
    return _event(n, "metrics", f"Step {n}/3: training loss={loss}", data)


# Newest first, as GET .../events lists them.
EVENTS: dict[str, Any] = {
    "object": "list",
    "data": [
        _event(5, "message", "The job has successfully completed", None),
        _step(3, 0.25, 0.5)
        | {
            "data": {
                "step": 3,
                "train_loss": 0.25,
                "total_steps": 3,
                "train_mean_token_accuracy": 0.9,
                "full_valid_loss": 0.4,
            }
        },
        _step(2, 0.5, None),
        _step(1, 1.5, 1.75),
        _event(0, "message", "Fine-tuning job started", None),
    ],
    "has_more": False,
}

# The API reference's checkpoints example: newest first.
CHECKPOINTS: dict[str, Any] = {
    "object": "list",
    "data": [
        {
            "object": "fine_tuning.job.checkpoint",
            "id": "ftckpt_zc4Q7MP6XxulcVzj4MZdwsAB",
            "created_at": 1721764867,
            "fine_tuned_model_checkpoint": (
                "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:96olL566:ckpt-step-2000"
            ),
            "metrics": {"full_valid_loss": 0.134, "full_valid_mean_token_accuracy": 0.874},
            "fine_tuning_job_id": "ftjob-abc123",
            "step_number": 2000,
        },
        {
            "object": "fine_tuning.job.checkpoint",
            "id": "ftckpt_enQCFmOTGj3syEpYVhBRLTSy",
            "created_at": 1721764800,
            "fine_tuned_model_checkpoint": (
                "ft:gpt-4o-mini-2024-07-18:my-org:custom-suffix:7q8mpxmy:ckpt-step-1000"
            ),
            "metrics": {"step": 1000.0, "train_loss": 0.25, "valid_mean_token_accuracy": 0.781},
            "fine_tuning_job_id": "ftjob-abc123",
            "step_number": 1000,
        },
    ],
    "first_id": "ftckpt_zc4Q7MP6XxulcVzj4MZdwsAB",
    "last_id": "ftckpt_enQCFmOTGj3syEpYVhBRLTSy",
    "has_more": False,
}


@pytest.fixture
def running() -> Job:
    return jobstatus.parse((FIXTURES / NAME / "status_running.json").read_bytes(), NAME)


def test_events_give_the_series_oldest_first_and_the_newest_values(running: Job) -> None:
    job = with_events(running, EVENTS)
    history = [(p.name, p.step, p.value) for p in job.metrics.history]
    assert history == [
        ("train_loss", 1, 1.5),
        ("valid_loss", 1, 1.75),
        ("train_loss", 2, 0.5),
        ("train_loss", 3, 0.25),
        ("train_mean_token_accuracy", 3, 0.9),
        ("full_valid_loss", 3, 0.4),
    ]
    assert job.metrics.history[0].timestamp is not None
    assert job.metrics.history[0].timestamp.timestamp() == T0 + 1
    assert (job.metrics.loss, job.metrics.val_loss, job.metrics.accuracy) == (0.25, 1.75, 0.9)
    assert job.metrics.other == {"full_valid_loss": 0.4}
    assert (job.progress.step, job.progress.total_steps) == (3, 3)
    assert job.progress.total_epochs == running.progress.total_epochs == 3
    assert job.message == "The job has successfully completed"
    # A copy: the job read from the job endpoint is unchanged, and the rest is kept.
    assert running.metrics.history == ()
    assert running.message is None
    assert (
        job.model_copy(
            update={"metrics": running.metrics, "progress": running.progress, "message": None}
        )
        == running
    )


def test_a_page_and_its_data_read_the_same(running: Job) -> None:
    assert with_events(running, EVENTS) == with_events(running, EVENTS["data"])
    assert with_checkpoints(running, CHECKPOINTS) == with_checkpoints(running, CHECKPOINTS["data"])


def test_events_replace_what_the_job_had(running: Job) -> None:
    once = with_events(running, EVENTS)
    assert with_events(once, EVENTS) == once
    assert with_events(once, []).metrics.history == ()


def test_checkpoints_oldest_first(running: Job) -> None:
    job = with_checkpoints(running, CHECKPOINTS)
    first, second = job.checkpoints
    assert (first.id, first.step, second.step) == ("ftckpt_enQCFmOTGj3syEpYVhBRLTSy", 1000, 2000)
    assert first.path is not None
    assert first.path.endswith(":ckpt-step-1000")
    assert first.created_at is not None
    assert first.created_at.timestamp() == 1721764800
    assert (first.metrics.loss, first.metrics.val_accuracy) == (0.25, 0.781)
    assert first.metrics.other == {}  # the metrics' float step is the step_number
    assert second.metrics.other == {
        "full_valid_loss": 0.134,
        "full_valid_mean_token_accuracy": 0.874,
    }


def test_a_checkpoint_of_another_job_is_refused(running: Job) -> None:
    other = running.model_copy(update={"id": "ftjob-other"})
    with pytest.raises(ParseError) as caught:
        with_checkpoints(other, CHECKPOINTS)
    assert caught.value.path == "$.data[1].fine_tuning_job_id"
    assert caught.value.format == NAME
    assert "ftjob-abc123" in str(caught.value)


@pytest.mark.parametrize(
    ("page", "path", "expected"),
    [
        ({"object": "list"}, "$.data", "a list page"),
        ("events", "$", "a list page"),
        ([1], "$[0]", "fine_tuning.job.event object"),
        ([_step(1, 0.5, None) | {"data": [0.5]}], "$[0].data", "an object of metrics"),
        ([_step(1, 0.5, None) | {"data": {"step": -1}}], "$[0].data.step", "non-negative"),
        ([_step(1, 0.5, None) | {"data": {"train_loss": "low"}}], "$[0].data.train_loss", "number"),
        ([_step(1, 0.5, None) | {"created_at": "now"}], "$[0].created_at", "Unix time"),
        ([_step(1, 0.5, None) | {"message": 7}], "$[0].message", "string"),
    ],
)
def test_bad_events_raise_naming_the_path(page: Any, path: str, expected: str) -> None:
    with pytest.raises(ParseError) as caught:
        with_events(Job(status="running"), page)
    assert (caught.value.path, caught.value.format) == (path, NAME)
    assert expected in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"step_number": 1.5}, "$.data[0].step_number"),
        ({"metrics": [1]}, "$.data[0].metrics"),
        ({"metrics": {"train_loss": True}}, "$.data[0].metrics.train_loss"),
        ({"id": 3}, "$.data[0].id"),
    ],
)
def test_bad_checkpoints_raise_naming_the_path(change: dict[str, Any], path: str) -> None:
    page = {"data": [CHECKPOINTS["data"][0] | change]}
    with pytest.raises(ParseError) as caught:
        with_checkpoints(Job(id="ftjob-abc123", status="running"), page)
    assert caught.value.path == path


_losses = st.none() | st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=30)
@given(series=st.lists(st.tuples(_losses, _losses), max_size=6))
def test_any_series_reads_every_value_once_and_keeps_the_newest(
    series: list[tuple[float | None, float | None]],
) -> None:
    events = [
        _event(n, "metrics", f"Step {n}", {"step": n, "train_loss": t, "valid_loss": v})
        for n, (t, v) in enumerate(series, start=1)
    ][::-1]
    job = with_events(Job(status="running"), events)
    sent = [
        (n, name, x)
        for n, (t, v) in enumerate(series, start=1)
        for name, x in (("train_loss", t), ("valid_loss", v))
        if x is not None
    ]
    assert [(p.step, p.name, p.value) for p in job.metrics.history] == sent
    newest = {name: x for _, name, x in sent}
    assert (job.metrics.loss, job.metrics.val_loss) == (
        newest.get("train_loss"),
        newest.get("valid_loss"),
    )
    assert job.progress.step == (len(series) or None)
    # The merged job is a canonical job like any other: it survives the canonical format.
    canonical = json.dumps(jobstatus.render(job, "canonical"))
    assert jobstatus.parse(canonical, "canonical") == job


def test_writing_the_merged_job_back_reports_what_the_job_endpoint_cannot_carry(
    running: Job,
) -> None:
    job = with_checkpoints(with_events(running, EVENTS), CHECKPOINTS)
    lost = {issue.path for issue in jobstatus.losses(job, NAME)}
    assert {"$.metrics.history", "$.checkpoints", "$.message"} <= lost


@pytest.mark.parametrize("module", [openai_fine_tuning, _openai], ids=lambda m: m.__name__)
def test_the_documented_examples_run(module: ModuleType) -> None:
    found = doctest.testmod(module)
    assert found.attempted > 0
    assert found.failed == 0
