"""What each vendor's documents promise, as one table: fixture -> what the model says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import Job, Status

FIXTURES = Path(__file__).parent / "fixtures"


def parse(case: str) -> Job:
    fmt, name = case.split("/")
    return jobstatus.parse((FIXTURES / fmt / f"{name}.json").read_bytes(), fmt)


def issue_codes(job: Job) -> set[tuple[str, str, str]]:
    return {(i.path, i.code, i.severity) for i in job.issues}


CASES: list[tuple[str, dict[str, Any], set[tuple[str, str, str]]]] = [
    # v1: "ready" is a finished success, never a waiting state.
    ("nemo_evaluator_v1/status_ready", {"status": Status.succeeded}, set()),
    ("nemo_evaluator_v1/status_unknown", {"status": Status.unknown}, set()),
    (
        "nemo_evaluator_v1/progress_out_of_range",
        {"progress.percent": None},
        {("$.status_details.progress", "invalid_value", "error")},
    ),
    # v2: the document's own "failed" and "running" are read, with a warning.
    (
        "nemo_evaluator_v2/status_failed_not_v2",
        {"status": Status.failed},
        {("$.status", "off_enum_status", "warning")},
    ),
    (
        "nemo_evaluator_v2/status_running_not_v2",
        {"status": Status.running},
        {("$.status", "off_enum_status", "warning")},  # error_details is nullable
    ),
    ("nemo_evaluator_v2/status_active", {"status": Status.running, "progress.percent": 40}, set()),
    # Simplismart's example has no status and a placeholder progress of 123.
    (
        "simplismart/doc_example",
        {"status": Status.unknown, "progress.percent": None},
        {("$.status", "missing_status", "warning"), ("$.progress", "invalid_value", "error")},
    ),
    (
        "simplismart/status_cancelled_two_l",
        {"status": Status.cancelled, "vendor_status": "CANCELLED"},
        {("$.status", "off_enum_status", "warning")},
    ),
    ("simplismart/status_lower_case", {"status": Status.running}, None),
    ("simplismart/progress_negative", {"progress.percent": None}, None),
    # TensorOne: human durations and sizes; costs without a currency.
    ("tensorone/eta_spellings", {"progress.eta_seconds": 3900}, set()),
    ("tensorone/eta_days", {"progress.eta_seconds": 2 * 86400 + 3 * 3600}, set()),
    ("tensorone/eta_seconds", {"progress.eta_seconds": 45}, set()),
    ("tensorone/doc_example", {"cost.current": 18.75, "cost.currency": None}, set()),
    ("tensorone/status_initializing", {"status": Status.initializing}, set()),
    ("tensorone/status_paused", {"status": Status.paused}, set()),
    (  # the reported percent is refused; the one derived from the step counters stands
        "tensorone/percent_out_of_range",
        {"progress.percent": 100, "progress.percent_derived": True},
        {("$.progress.percentComplete", "invalid_value", "error")},
    ),
]


@pytest.mark.parametrize(("case", "expected", "issues"), CASES, ids=[c[0] for c in CASES])
def test_vendor_semantics(
    case: str, expected: dict[str, Any], issues: set[tuple[str, str, str]] | None
) -> None:
    job = parse(case)
    for path, value in expected.items():
        actual: Any = job
        for attr in path.split("."):
            actual = getattr(actual, attr)
        assert actual == value, path
    if issues is not None:
        assert issue_codes(job) == issues
    else:
        assert job.issues


def test_tensorone_sizes_are_decimal_and_written_back_the_same_way() -> None:
    job = parse("tensorone/size_megabytes")
    sizes = [c.size_bytes for c in job.checkpoints]
    assert 512_000_000 in sizes
    assert 498_700_000 in sizes
    payload = json.loads((FIXTURES / "tensorone" / "size_megabytes.json").read_bytes())
    assert jobstatus.render(job, "tensorone")["checkpoints"] == payload["checkpoints"]


def test_evaluator_v1_tasks_become_steps_and_back() -> None:
    job = parse("nemo_evaluator_v1/status_running")
    assert [(s.name, s.status) for s in job.steps] == [
        ("qa-accuracy", Status.succeeded),
        ("tool-calling", Status.running),
        ("summarization", Status.running),
        ("safety-refusal", Status.queued),
    ]
    out = jobstatus.render(job, "nemo_evaluator_v1")
    assert out["status_details"]["task_status"]["safety-refusal"] == "pending"


def test_evaluator_v1_naive_timestamps_are_utc_and_written_naive() -> None:
    job = parse("nemo_evaluator_v1/status_running")
    assert job.created_at is not None
    assert job.created_at.utcoffset() is not None
    assert jobstatus.render(job, "nemo_evaluator_v1")["created_at"] == "2025-04-14T02:00:05.551902"


def test_the_commented_v1_example_is_a_clear_error() -> None:
    text = (FIXTURES / "nemo_evaluator_v1" / "doc_example_commented.txt").read_text()
    with pytest.raises(jobstatus.ParseError, match=r"^nemo_evaluator_v1: not JSON: .* @ \$"):
        jobstatus.parse(text, "nemo_evaluator_v1")
