"""NeMo Jobs v2 and Microservices edge cases that read best as small tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import Job, Progress, Status, Step, Task

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, fmt: str = "nemo_jobs_v2") -> dict[str, Any]:
    return json.loads((FIXTURES / fmt / f"{name}.json").read_text())


def parse(name: str, fmt: str = "nemo_jobs_v2") -> Job:
    return jobstatus.parse(load(name, fmt), fmt)


def test_the_job_percent_describes_the_training_not_the_last_file_transfer() -> None:
    # The job-level details hold progress_pct 100 (download) next to percentage_done 8.
    job = parse("merged_job_details")
    assert job.status is Status.running
    assert job.progress.percent == 8
    assert job.progress.percent_derived
    assert (job.progress.step, job.progress.total_steps) == (8, 94)
    assert job.progress.phase == "training"


@pytest.mark.parametrize(
    ("name", "percent", "step", "epoch"),
    [
        ("doc_customizer_active", 8.51, 8, 1),  # counters only: the percent is derived
        ("doc_customizer_completed", 100, 94, 2),
        ("training_released_metrics", 47, 45, 1),
        ("training_grpo_step_name", None, None, None),
        ("upload_in_progress", 100, 94, 2),  # training done; the upload is its own step
    ],
)
def test_job_progress_comes_from_the_step_that_trains_whatever_its_name(
    name: str, percent: float | None, step: int | None, epoch: int | None
) -> None:
    job = parse(name)
    training = [s for s in job.steps if s.progress.total_steps is not None]
    if step is None:
        # This fixture must still recognise its training step by details, not by name.
        assert training
        assert training[0].name == "grpo-training"
        assert job.progress == training[0].progress.model_copy(
            update={"percent_derived": job.progress.percent_derived}
        )
        return
    assert job.progress.percent == percent
    assert job.progress.percent_derived
    assert (job.progress.step, job.progress.epoch) == (step, epoch)


def test_a_job_whose_steps_report_nothing_keeps_its_own_progress() -> None:
    # The OpenAPI example's job-level details say "progress": "45%".
    job = parse("doc_openapi_example")
    assert job.progress.percent == 45
    assert not job.progress.percent_derived
    assert job.extensions["nemo_jobs_v2"]["status_details"] == {
        "progress": "45%",
        "current_step": "validating data",
    }


def test_released_metric_names_history_and_checkpoints() -> None:
    job = parse("training_released_metrics")
    m = job.metrics
    assert (m.loss, m.learning_rate, m.grad_norm, m.val_loss) == (1.27, 2.9e-05, 12.25, 1.58)
    assert m.val_accuracy == 0.6125
    assert m.other == {"train_tokens_per_second": 5123.4}
    assert {p.name for p in m.history} == {"train_loss", "val_loss", "train_lr", "train_grad_norm"}
    first = m.history[0]
    assert (first.name, first.step, first.epoch, first.value) == ("train_loss", 1, 1, 3.1)
    assert [c.path for c in job.checkpoints] == ["/var/run/scratch/job/training/checkpoints"]
    assert job.checkpoints[0].step == 45


def test_documented_metric_names_are_read_and_written_back_as_they_came() -> None:
    payload = load("doc_customizer_completed")
    job = jobstatus.parse(payload)
    task = job.steps[1].tasks[0]
    assert (task.metrics.loss, task.metrics.learning_rate) == (
        0.3437718152999878,
        5.000000000000001e-07,
    )
    assert jobstatus.render(job, "nemo_jobs_v2") == payload


def test_an_upload_counts_uploaded_files_and_bytes() -> None:
    job = parse("upload_in_progress")
    upload = next(s for s in job.steps if s.name == "model-upload")
    task = upload.tasks[0]
    assert task.progress.phase == "uploading"
    assert (task.progress.files, task.progress.total_files) == (3, 7)
    assert (task.progress.bytes, task.progress.total_bytes) == (61472, 2488928480)
    assert task.progress.percent == 42
    assert not task.progress.percent_derived
    assert task.progress.current == "model-00001-of-00001.safetensors"


def test_failures_keep_message_traceback_and_every_other_key() -> None:
    job = parse("failure_with_traceback")
    assert job.status is Status.failed
    assert job.error is not None
    assert job.error.message
    task = next(t for s in job.steps for t in s.tasks if t.status is Status.failed)
    assert task.error is not None
    assert task.error.stack
    assert task.error.stack.startswith("Traceback")
    assert "error" in task.error.details

    other = parse("failure_other_error_keys")
    task = other.steps[0].tasks[0]
    assert task.error is not None
    assert task.error.message is None
    assert set(task.error.details) == {"inspect_failed", "failed"}


@pytest.mark.parametrize(
    ("name", "has_error"),
    [
        ("error_details_null_and_empty", False),
        ("error_stack_null", False),
        ("error_stack_empty_string", False),
    ],
)
def test_empty_error_blocks_are_not_errors(name: str, has_error: bool) -> None:
    job = parse(name)
    nodes = [job, *job.steps, *(t for s in job.steps for t in s.tasks)]
    assert all((n.error is not None) is has_error for n in nodes if n.status is not Status.failed)


def test_a_null_job_level_error_details_is_no_issue() -> None:
    """The server sends it for every job that has not failed: the format declares it."""
    job = parse("error_details_null_and_empty")
    assert [i for i in job.issues if i.path == "$.error_details"] == []
    assert jobstatus.render(job, "nemo_jobs_v2")["error_details"] is None


def test_a_null_where_the_microservices_shape_wants_an_object_is_an_info_issue() -> None:
    job = parse("error_details_null_and_empty", "nemo_ms_jobs")
    assert [(i.code, i.severity) for i in job.issues if i.path == "$.error_details"] == [
        ("null_object", "info")
    ]


def test_the_microservices_shape() -> None:
    job = parse("doc_customizer_active", "nemo_ms_jobs")
    assert job.format == "nemo_ms_jobs"
    assert job.id is not None
    assert job.name is None
    assert [s.name for s in job.steps] == [
        "model-and-dataset-download",
        "customization-training-job",
    ]
    assert all(s.id is None for s in job.steps)
    assert all(t.id and t.name is None for s in job.steps for t in s.tasks)
    assert job.progress.percent == 8.51


def test_the_two_shapes_convert_into_each_other() -> None:
    v2 = parse("training_released_metrics")
    ms = jobstatus.render(v2, "nemo_ms_jobs")
    assert ms["job_id"] == v2.id
    assert "id" not in ms
    assert "name" not in ms
    assert all("id" not in step for step in ms["steps"])
    back = jobstatus.parse(ms, "nemo_ms_jobs")
    assert back.progress == v2.progress
    assert back.metrics == v2.metrics
    # Details the model does not map travel between the two shapes of one family.
    task = ms["steps"][1]["tasks"][0]
    assert task["status_details"]["backend"] == "automodel"


def test_a_job_from_elsewhere_gets_the_fields_the_format_requires() -> None:
    job = Job(
        id="j-1",
        name="sft",
        status=Status.initializing,
        progress=Progress(step=3, total_steps=10, percent=30),
        steps=(
            Step(
                name="training", status=Status.running, tasks=(Task(id="t", status=Status.running),)
            ),
        ),
    )
    out = jobstatus.render(job, "nemo_jobs_v2")
    assert out["status"] == "pending"  # no "initializing" in Jobs v2: the explicit fallback
    assert out["error_details"] is None
    # Its steps report no progress, so the job's own goes where the server would merge it.
    assert out["status_details"] == {"step": 3, "max_steps": 10, "percentage_done": 30}
    assert out["steps"][0]["id"] == ""  # required: written empty, since the job has none
    assert out["steps"][0]["tasks"][0] == {
        "id": "t",
        "name": "",
        "status": "active",
        "status_details": {},
        "error_details": {},
        "error_stack": "",
    }
