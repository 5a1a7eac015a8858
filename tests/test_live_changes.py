"""Changes between snapshots: replaying them rebuilds the last snapshot, and nothing else."""

from __future__ import annotations

import doctest
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus import Change, Job, Metrics, Progress, Status, Step, Task, changes
from jobstatus.live import apply, change, tracker
from jobstatus.testing.strategies import jobs, statuses, steps

from ._support import fixture_payloads

_EDITABLE = ("status", "message", "progress", "metrics", "updated_at", "steps", "cost", "error")


@st.composite
def edited(draw: st.DrawFn, job: Job) -> Job:
    """``job`` with some of its fields taken from another job: what a next poll looks like."""
    other = draw(jobs(with_steps=False))
    names = draw(st.lists(st.sampled_from(_EDITABLE), max_size=4, unique=True))
    update: dict[str, Any] = {name: getattr(other, name) for name in names}
    if "steps" in names:
        update["steps"] = tuple(draw(st.lists(steps(), max_size=2)))
    if draw(st.booleans()) and job.steps:
        # One step edited in place (same identity), as a running step reports progress.
        first = job.steps[0]
        mine = first.model_copy(update={"status": draw(statuses()), "tasks": first.tasks[:1]})
        update["steps"] = (mine, *draw(st.lists(steps(), max_size=2)))
    return job.model_copy(update=update)


@st.composite
def sequences(draw: st.DrawFn) -> list[Job]:
    first = draw(jobs())
    found = [first]
    for _ in range(draw(st.integers(1, 3))):
        found.append(draw(edited(found[-1])))
    return found


@settings(max_examples=20)  # a job is costly to draw: each example draws up to seven
@given(sequences())
def test_applying_the_changes_of_a_sequence_rebuilds_each_snapshot(snapshots: list[Job]) -> None:
    current: Job | None = None
    for snapshot in snapshots:
        current = apply(current, changes(current, snapshot))
        assert current == snapshot
    assert changes(current, snapshots[-1]) == ()


@settings(max_examples=20)
@given(jobs())
def test_a_snapshot_against_itself_has_no_changes(job: Job) -> None:
    assert changes(job, job) == ()
    assert changes(job, job.model_copy()) == ()


@pytest.mark.parametrize("fmt", [f for f in jobstatus.formats() if fixture_payloads(f)])
def test_replaying_every_fixture_of_a_format_in_turn(fmt: str) -> None:
    """Parsed payloads carry extensions and issues too: they replay as well."""
    current: Job | None = None
    for payload in fixture_payloads(fmt):
        try:
            snapshot = jobstatus.parse(payload, fmt)
        except jobstatus.JobStatusError:
            continue
        found = changes(current, snapshot)
        assert all(isinstance(c, Change) and c.path.startswith("$") for c in found)
        current = apply(current, found)
        assert current == snapshot


def test_status_changes_say_whether_the_transition_graph_allows_them() -> None:
    [back] = changes(Job(status=Status.succeeded), Job(status=Status.running))
    assert (back.kind, back.path, back.allowed) == ("status", "$.status", False)
    assert "not an allowed transition" in str(back)
    [forward] = changes(Job(status=Status.running), Job(status=Status.succeeded))
    assert forward.allowed is True


def test_each_kind_has_its_canonical_path() -> None:
    moment = datetime(2025, 1, 2, tzinfo=timezone.utc)
    a = Job(
        status=Status.running,
        progress=Progress(percent=10),
        steps=(Step(name="train", tasks=(Task(name="t0"),)), Step(name="eval")),
    )
    b = Job(
        status=Status.running,
        message="halfway",
        updated_at=moment,
        progress=Progress(percent=50),
        metrics=Metrics(loss=1.5, other={"val bleu": 3.0}),
        steps=(
            Step(name="train", status=Status.running, tasks=(Task(name="t0"), Task(name="t1"))),
            Step(name="export"),
        ),
    )
    found = [(c.kind, c.path, c.before, c.after) for c in changes(a, b)]
    assert found == [
        ("message", "$.message", None, "halfway"),
        ("timestamp", "$.updated_at", None, moment),
        ("progress", "$.progress.percent", 10.0, 50.0),
        ("metrics", "$.metrics.loss", None, 1.5),
        ("metrics", "$.metrics.other", {}, {"val bleu": 3.0}),
        ("status", "$.steps[0].status", Status.unknown, Status.running),
        ("task_added", "$.steps[0].tasks[1]", None, Task(name="t1")),
        ("step_removed", "$.steps[1]", Step(name="eval"), None),
        ("step_added", "$.steps[1]", None, Step(name="export")),
    ]
    assert change.json_path(("metrics", "other", "val bleu")) == "$.metrics.other['val bleu']"


def test_a_change_as_json() -> None:
    [status, vendor] = changes(
        jobstatus.parse({"jobId": "j", "status": "running"}, "tensorone"),
        jobstatus.parse({"jobId": "j", "status": "completed"}, "tensorone"),
    )
    assert status.to_json() == {
        "kind": "status",
        "path": "$.status",
        "before": "running",
        "after": "succeeded",
        "allowed": True,
    }
    assert vendor.to_json()["after"] == "completed"
    [added] = changes(Job(), Job(steps=(Step(name="s"),)))
    assert added.to_json()["after"] == {"name": "s"}


def test_the_examples_in_the_docstrings_hold() -> None:
    for module in (change, tracker):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted, module.__name__
        assert not result.failed, module.__name__
