"""wait and watch (sync and asyncio) on callable sources, with a fake clock and sleep."""

from __future__ import annotations

import asyncio
import doctest
import pickle
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import jobstatus
from jobstatus import (
    FetchError,
    HTTPError,
    Job,
    JobFailed,
    ParseError,
    Status,
    WaitTimeout,
    wait,
    wait_async,
    watch,
    watch_async,
)
from jobstatus.live import poll
from jobstatus.registry import REGISTRY


class Time:
    """A clock that only moves when slept on; every pause is recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.pauses.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


def served(payloads: list[Any]) -> Callable[[], Any]:
    """A source answering each payload in turn, then the last one for ever."""
    answers: Iterator[Any] = iter(payloads)
    last: list[Any] = []

    def source() -> Any:
        source.reads += 1  # type: ignore[attr-defined]
        last[:] = [next(answers, *last)]
        if isinstance(last[0], BaseException):
            raise last[0]
        return last[0]

    source.reads = 0  # type: ignore[attr-defined]
    return source


def vendor_values(fmt: str) -> dict[str, Status]:
    """Every status value of ``fmt``'s table, and what it means (the canonical format's
    values are the statuses themselves)."""
    table = getattr(REGISTRY.get(fmt), "statuses", None)
    return dict(table) if table is not None else {s.value: s for s in Status}


def with_vendor_status(fmt: str, value: str) -> dict[str, Any]:
    """A payload of ``fmt`` whose status is the vendor value ``value``, verbatim."""
    status = vendor_values(fmt)[value]
    payload = jobstatus.render(Job(id="job-1", name="job-1", status=status), fmt)
    written = jobstatus.parse(payload, fmt).vendor_status or status.value
    keys = [key for key, item in payload.items() if item == written]
    assert keys, (fmt, payload)
    payload[keys[0]] = value
    return payload


_CASES = [(fmt, value) for fmt in jobstatus.formats() for value in vendor_values(fmt)]


def test_every_format_and_status_value_is_covered() -> None:
    assert {fmt for fmt, _ in _CASES} == set(jobstatus.formats())
    assert len(_CASES) > 40


@pytest.mark.parametrize(("fmt", "value"), _CASES)
def test_wait_ends_on_every_terminal_vendor_status_and_on_no_other(fmt: str, value: str) -> None:
    first = with_vendor_status(fmt, value)
    assert jobstatus.parse(first, fmt).vendor_status in (value, None)
    end = next(v for v, status in vendor_values(fmt).items() if status.is_terminal)
    source = served([first, first, first, with_vendor_status(fmt, end)])
    time = Time()
    job = wait(source, fmt=fmt, interval=1, clock=time.clock, sleep=time.sleep)
    assert job.status.is_terminal
    if vendor_values(fmt)[value].is_terminal:
        assert source.reads == 1  # type: ignore[attr-defined]
        assert job.status is vendor_values(fmt)[value]
    else:
        assert source.reads == 4  # type: ignore[attr-defined]
        assert job.status is vendor_values(fmt)[end]
        assert len(time.pauses) == 3


def tensorone(status: str, percent: float | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"jobId": "j", "status": status}
    if percent is not None:
        payload["progress"] = {"percentComplete": percent}
    return payload


def test_the_pause_doubles_while_nothing_changes_and_resets_on_a_change() -> None:
    same = tensorone("running", 10)
    source = served([same, same, same, same, same, tensorone("running", 20)])
    time = Time()
    with pytest.raises(WaitTimeout) as caught:
        for _ in watch(
            source,
            fmt="tensorone",
            interval=1,
            max_interval=5,
            jitter=0,
            timeout=30,
            clock=time.clock,
            sleep=time.sleep,
        ):
            pass
    assert time.pauses[:9] == [1, 2, 4, 5, 5, 1, 2, 4, 5]
    assert caught.value.job is not None
    assert caught.value.job.progress.percent == 20
    assert time.now == 30


def test_jitter_spreads_each_pause_within_its_share() -> None:
    time = Time()
    with pytest.raises(WaitTimeout):
        wait(
            lambda: tensorone("running"),
            fmt="tensorone",
            interval=10,
            max_interval=10,
            jitter=0.2,
            timeout=1000,
            clock=time.clock,
            sleep=time.sleep,
            seed=7,
        )
    spread = time.pauses[:-1]
    assert all(8 <= pause <= 10 for pause in spread)
    assert len(set(spread)) > 10


def test_timeout_carries_the_last_job_and_pickles() -> None:
    time = Time()
    with pytest.raises(WaitTimeout) as caught:
        wait(
            served([tensorone("queued")]),
            fmt="tensorone",
            timeout=7,
            clock=time.clock,
            sleep=time.sleep,
        )
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert isinstance(error, ValueError)
    assert error.job is not None
    assert error.job.status is Status.queued
    again = pickle.loads(pickle.dumps(error))
    assert (again.job, again.timeout, str(again)) == (error.job, 7, str(error))
    assert time.now == 7


def test_a_failed_job_is_returned_or_raised() -> None:
    time = Time()
    failed = {"jobId": "j", "status": "failed", "error": "out of memory"}
    job = wait(served([failed]), fmt="tensorone", clock=time.clock, sleep=time.sleep)
    assert job.status is Status.failed
    with pytest.raises(JobFailed) as caught:
        wait(served([failed]), fmt="tensorone", raise_on_failure=True, sleep=time.sleep)
    assert caught.value.job == job
    assert pickle.loads(pickle.dumps(caught.value)).job == job
    done = wait(served([tensorone("completed")]), fmt="tensorone", raise_on_failure=True)
    assert done.status is Status.succeeded


def test_transient_failures_are_retried_within_the_budget() -> None:
    time = Time()
    flaky = [ConnectionResetError("reset"), b'{"jobId": "j", "sta', TimeoutError("slow")]
    source = served([*flaky, tensorone("completed")])
    job = wait(source, fmt="tensorone", retries=3, clock=time.clock, sleep=time.sleep)
    assert job.status is Status.succeeded
    assert source.reads == 4  # type: ignore[attr-defined]


def test_past_the_budget_the_error_is_raised_typed() -> None:
    time = Time()
    source = served([ConnectionRefusedError("refused")])
    with pytest.raises(FetchError) as caught:
        wait(source, fmt="tensorone", retries=2, clock=time.clock, sleep=time.sleep)
    assert caught.value.attempts == 3
    assert "ConnectionRefusedError: refused" in str(caught.value)
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert (again.source, again.attempts, again.transient, str(again)) == (
        caught.value.source,
        3,
        True,
        str(caught.value),
    )
    assert source.reads == 3  # type: ignore[attr-defined]
    with pytest.raises(ParseError):
        wait(served([b"not json"]), fmt="tensorone", retries=1, sleep=time.sleep)


def test_an_error_retrying_cannot_mend_is_raised_at_once() -> None:
    source = served([HTTPError(401, "unauthorized", source="https://x")])
    with pytest.raises(HTTPError):
        wait(source, fmt="tensorone", retries=5, sleep=Time().sleep)
    assert source.reads == 1  # type: ignore[attr-defined]
    broken = served([KeyError("a bug in the source")])
    with pytest.raises(KeyError):
        wait(broken, fmt="tensorone", sleep=Time().sleep)


def test_on_change_sees_every_change_watch_yields() -> None:
    payloads = [tensorone("queued"), tensorone("running", 50), tensorone("completed", 100)]
    seen: list[Any] = []
    wait(served(payloads), fmt="tensorone", on_change=seen.append, sleep=Time().sleep)
    assert seen == list(watch(served(payloads), fmt="tensorone", sleep=Time().sleep))
    statuses = [(c.before, c.after) for c in seen if c.path == "$.status"]
    assert statuses == [
        (Status.unknown, Status.queued),
        (Status.queued, Status.running),
        (Status.running, Status.succeeded),
    ]


def test_bad_arguments_are_typed_errors() -> None:
    with pytest.raises(jobstatus.JobStatusError, match="interval"):
        wait(served([tensorone("queued")]), interval=5, max_interval=1)
    with pytest.raises(jobstatus.JobStatusError, match="callable or a URL"):
        wait(42)  # type: ignore[arg-type]


def test_wait_async_and_watch_async_on_asyncio() -> None:
    time = Time()
    payloads = [tensorone("queued"), tensorone("running", 50), tensorone("completed", 100)]
    answers = iter(payloads)

    async def source() -> dict[str, Any]:
        return next(answers)

    async def main() -> tuple[Job, list[Any], list[Any]]:
        seen: list[Any] = []

        async def note(change: Any) -> None:
            seen.append(change)

        job = await wait_async(source, fmt="tensorone", on_change=note, sleep=time.asleep)
        changes = [
            c async for c in watch_async(served(payloads), fmt="tensorone", sleep=time.asleep)
        ]
        return job, seen, changes

    job, seen, changes = asyncio.run(main())
    assert job.status is Status.succeeded
    assert seen == changes
    assert len(time.pauses) == 4


def test_wait_async_times_out_too() -> None:
    time = Time()

    async def main() -> Job:
        return await wait_async(
            lambda: tensorone("running"), timeout=5, clock=time.clock, sleep=time.asleep
        )

    with pytest.raises(WaitTimeout):
        asyncio.run(main())
    assert time.now == 5


def test_the_examples_in_the_docstrings_hold() -> None:
    result = doctest.testmod(poll, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted
    assert not result.failed


def test_watch_with_a_tracker_of_ones_own() -> None:
    tracker = jobstatus.Tracker("tensorone")
    payloads = [tensorone("queued"), tensorone("running", 50), tensorone("completed", 100)]
    seen = []
    for change in watch(served(payloads), tracker=tracker, sleep=Time().sleep):
        assert tracker.job is not None
        seen.append((change.path, tracker.job.status))
    assert ("$.status", Status.running) in seen
    assert [h.status for h in tracker.history] == [Status.queued, Status.running, Status.succeeded]


def test_waiting_on_a_callable_loads_no_http_client() -> None:
    code = (
        "import sys, jobstatus\n"
        "jobstatus.wait(lambda: {'jobId': 'j', 'status': 'completed'}, fmt='tensorone')\n"
        "print('httpx' in sys.modules, 'jobstatus.http' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
