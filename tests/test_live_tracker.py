"""The tracker: ordering by updated_at, history, staleness, bounded memory."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from jobstatus import Job, Progress, Status, Tracker
from jobstatus.status import Phase

T0 = datetime(2025, 3, 1, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def snapshot(minute: int, status: Status = Status.running, percent: float = 0) -> Job:
    return Job(
        id="j",
        status=status,
        updated_at=T0 + timedelta(minutes=minute),
        progress=Progress(percent=percent),
    )


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 100)), min_size=1, max_size=12))
def test_the_tracker_keeps_the_newest_snapshot_whatever_order_they_come_in(
    stamps: list[tuple[int, int]],
) -> None:
    tracker = Tracker()
    newest: Job | None = None
    stale = 0
    for minute, percent in stamps:
        job = snapshot(minute, percent=percent)
        found = tracker.update(job)
        if newest is not None and job.updated_at < newest.updated_at:  # type: ignore[operator]
            stale += 1
            assert found == ()
        else:
            assert bool(found) is (job != newest)
            newest = job
        assert tracker.job == newest
    assert [i.code for i in tracker.issues] == ["stale_snapshot"] * stale


def test_a_repeated_snapshot_changes_nothing() -> None:
    tracker = Tracker("tensorone")
    payload = {"jobId": "j", "status": "running", "progress": {"percentComplete": 10}}
    assert tracker.update(payload)
    assert tracker.update(payload) == ()
    assert tracker.update(dict(payload)) == ()
    assert tracker.updates == 3


def test_history_says_when_each_status_was_first_seen_and_how_long_it_held() -> None:
    clock = Clock()
    tracker = Tracker(clock=clock)
    for minute, status, wait in [
        (0, Status.queued, 30),
        (1, Status.queued, 90),
        (2, Status.running, 200),
        (3, Status.running, 100),
        (4, Status.succeeded, 0),
    ]:
        tracker.update(snapshot(minute, status))
        clock.now += wait
    assert [(h.status, h.since, h.until) for h in tracker.history] == [
        (Status.queued, 1000.0, 1120.0),
        (Status.running, 1120.0, 1420.0),
        (Status.succeeded, 1420.0, None),
    ]
    assert (tracker.queue_time, tracker.run_time) == (120.0, 300.0)
    assert tracker.time_in(Phase.terminal) == 0.0
    assert tracker.history[0].first_seen == datetime.fromtimestamp(1000.0, timezone.utc)
    assert tracker.is_terminal


def test_a_job_whose_updated_at_does_not_move_goes_stale() -> None:
    clock = Clock()
    tracker = Tracker(stale_after=60, clock=clock)
    tracker.update(snapshot(0, percent=1))
    clock.now += 59
    # A new percent under the same updated_at is no sign that the vendor is still there.
    tracker.update(snapshot(0, percent=2))
    assert not tracker.stale
    clock.now += 1
    assert tracker.stale
    tracker.update(snapshot(1, percent=2))
    assert not tracker.stale
    clock.now += 600
    tracker.update(snapshot(2, Status.succeeded))
    assert not tracker.stale  # a terminal job is done, not stale


def test_without_updated_at_any_change_is_a_sign_of_life() -> None:
    clock = Clock()
    tracker = Tracker(stale_after=10, clock=clock)
    tracker.update(Job(status=Status.running, progress=Progress(percent=1)))
    clock.now += 10
    assert tracker.stale
    tracker.update(Job(status=Status.running, progress=Progress(percent=2)))
    assert not tracker.stale


def test_an_illegal_transition_is_applied_and_reported() -> None:
    tracker = Tracker()
    tracker.update(snapshot(0, Status.succeeded))
    [change] = [c for c in tracker.update(snapshot(1, Status.running)) if c.kind == "status"]
    assert change.allowed is False
    assert tracker.job is not None
    assert tracker.job.status is Status.running
    [issue] = tracker.issues
    assert (issue.code, issue.path) == ("illegal_transition", "$.status")


def test_memory_stays_bounded_over_many_updates() -> None:
    tracker = Tracker(max_history=16, max_issues=8)
    statuses = [Status.running, Status.paused]

    def feed(start: int, count: int) -> None:
        for n in range(start, start + count):
            tracker.update(snapshot(n, statuses[n % 2], percent=n % 100))
            tracker.update(snapshot(n - 1))  # stale: an issue each time

    feed(0, 200)
    assert (len(tracker.history), len(tracker.issues)) == (16, 8)
    tracemalloc.start()
    try:
        feed(200, 300)
        first, _ = tracemalloc.get_traced_memory()
        feed(500, 1500)
        second, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (len(tracker.history), len(tracker.issues)) == (16, 8)
    assert tracker.updates == 4000
    # Five times the updates, the same memory: nothing grows with the count.
    assert second - first < 64 * 1024, (first, second)


def test_the_same_bytes_again_are_not_read_again() -> None:
    tracker = Tracker("tensorone")
    body = b'{"jobId": "j", "status": "running"}'
    assert tracker.update(body)
    assert tracker.update(body) == ()
    assert tracker.update(b'{"jobId": "j", "status": "completed"}')
    assert tracker.is_terminal
    assert tracker.updates == 3
