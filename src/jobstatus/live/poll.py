"""Polling a job until it ends: ``wait`` and ``watch``, and their asyncio twins.

One loop (:class:`_Loop`, no input or output of its own) decides everything: what a
snapshot changes, how long to pause (exponential backoff with jitter while nothing
changes, back to ``interval`` on a change), when a failed read is retried and when it is
raised, when the timeout has passed. The sync and async functions only read and sleep.
"""

from __future__ import annotations

import asyncio
import inspect
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any

from ..errors import FetchError, JobFailed, JobStatusError, ParseError, WaitTimeout
from ..model import Job
from ..status import Outcome
from .change import Change
from .tracker import Tracker

Source = Callable[[], Any] | str
"""A callable returning a payload (a dict, JSON text or bytes, an SDK object, a
:class:`~jobstatus.Job`), or an ``http(s)://`` URL (the ``http`` extra)."""
AsyncSource = Callable[[], Awaitable[Any]] | Callable[[], Any] | str
OnChange = Callable[[Change], object]


class _Loop:
    """The decisions of a poll loop, given what each read gave."""

    def __init__(
        self,
        fmt: str | None,
        *,
        interval: float,
        max_interval: float,
        timeout: float | None,
        retries: int,
        jitter: float,
        raise_on_failure: bool,
        stale_after: float | None,
        clock: Callable[[], float] | None,
        seed: int | None,
        name: str,
        tracker: Tracker | None = None,
    ) -> None:
        if interval < 0 or max_interval < interval:
            raise JobStatusError(
                f"expected 0 <= interval <= max_interval, got {interval} and {max_interval}"
            )
        if retries < 0:
            raise JobStatusError(f"expected retries >= 0, got {retries}")
        self.clock = clock if clock is not None else time.monotonic
        if tracker is None:
            tracker = Tracker(fmt, stale_after=stale_after, clock=clock or time.time)
        self.tracker = tracker
        self.interval, self.max_interval, self.jitter = interval, max_interval, jitter
        self.delay = interval
        self.retries, self.failures = retries, 0
        self.raise_on_failure = raise_on_failure
        self.timeout = timeout
        self.deadline = None if timeout is None else self.clock() + timeout
        self.random = random.Random(seed)
        self.name = name

    def take(self, payload: Any) -> tuple[Change, ...]:
        """Apply a snapshot; a payload that cannot be read counts as a failed read."""
        try:
            found = self.tracker.update(payload)
        except ParseError as error:  # e.g. a body cut short: the next read may be whole
            self.failed(error)
            return ()
        self.failures = 0
        self.delay = self.interval if found else min(self.delay * 2, self.max_interval)
        return found

    def failed(self, error: BaseException) -> None:
        """Count a failed read; raise it (typed) when retrying cannot help or the budget
        is spent."""
        self.failures += 1
        transient = isinstance(error, (OSError, ParseError)) and not isinstance(error, FetchError)
        transient = transient or (isinstance(error, FetchError) and error.transient)
        if not transient and not isinstance(error, OSError):
            raise error
        if self.failures > self.retries:
            if isinstance(error, JobStatusError):
                raise error
            raise FetchError(
                f"{type(error).__name__}: {error}",
                source=self.name,
                attempts=self.failures,
                transient=True,
                format=self.tracker.fmt,
            ) from error
        self.delay = min(max(self.delay, self.interval) * 2, self.max_interval)

    @property
    def done(self) -> bool:
        return self.tracker.is_terminal

    def finish(self) -> Job:
        job = self.tracker.job
        assert job is not None  # done implies a snapshot
        if self.raise_on_failure and job.status.outcome is not Outcome.success:
            raise JobFailed(job)
        return job

    def pause(self) -> float:
        """Seconds to sleep before the next read; raises :class:`WaitTimeout` when the
        timeout has passed."""
        spread = 1 + self.jitter * (2 * self.random.random() - 1)
        pause = min(self.delay * spread, self.max_interval)
        if self.deadline is not None:
            left = self.deadline - self.clock()
            if left <= 0:
                raise WaitTimeout(self.tracker.job, self.timeout or 0.0)
            pause = min(pause, left)
        return max(pause, 0.0)


_Options = dict[str, Any]


def _loop(source: Any, fmt: str | None, options: _Options, tracker: Tracker | None = None) -> _Loop:
    name = source if isinstance(source, str) else getattr(source, "__name__", "source")
    return _Loop(fmt, name=str(name), tracker=tracker, **options)


def _reader(
    source: Any, fmt: str | None, headers: Mapping[str, str] | None, sleep: Any, *, sync: bool
) -> Any:
    # A URL is read by the HTTP client, which retries (honouring Retry-After) before the
    # loop counts one failed read.
    if isinstance(source, str):
        # Imported here: httpx is an optional extra, loaded only when a URL is polled.
        if sync:
            from .._fetch import Fetcher

            return Fetcher(source, fmt, headers=headers, sleep=sleep).read
        from .._fetch import AsyncFetcher

        return AsyncFetcher(source, fmt, headers=headers, sleep=sleep).read
    if callable(source):
        return source
    raise JobStatusError(f"source must be a callable or a URL, got {type(source).__name__}")


def _run(
    loop: _Loop, read: Callable[[], Any], sleep: Callable[[float], object]
) -> Iterator[Change]:
    while True:
        try:
            payload = read()
        except Exception as error:  # judged by failed(): retried, or raised typed
            loop.failed(error)
        else:
            yield from loop.take(payload)
            if loop.done:
                loop.finish()
                return
        sleep(loop.pause())


async def _run_async(
    loop: _Loop, read: Callable[[], Any], sleep: Callable[[float], Awaitable[object]]
) -> AsyncIterator[Change]:
    while True:
        try:
            payload = read()
            if inspect.isawaitable(payload):
                payload = await payload
        except Exception as error:  # judged by failed(): retried, or raised typed
            loop.failed(error)
        else:
            for change in loop.take(payload):
                yield change
            if loop.done:
                loop.finish()
                return
        await sleep(loop.pause())


def watch(
    source: Source,
    *,
    fmt: str | None = None,
    interval: float = 2.0,
    max_interval: float = 60.0,
    timeout: float | None = None,
    raise_on_failure: bool = False,
    retries: int = 5,
    jitter: float = 0.1,
    stale_after: float | None = None,
    headers: Mapping[str, str] | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], object] = time.sleep,
    seed: int | None = None,
    tracker: Tracker | None = None,
) -> Iterator[Change]:
    """Poll ``source`` and yield each :class:`Change` as it happens, until the job ends.

    The first snapshot yields what it sets; the generator returns after the changes of
    the first terminal snapshot. Arguments and errors are those of :func:`wait`, and
    ``tracker``: a :class:`~jobstatus.Tracker` of your own, to read the job (``tracker.job``),
    its history and issues as the changes come (its ``fmt`` and ``stale_after`` apply).

    Examples:
        >>> from jobstatus import watch
        >>> seen = iter([{"jobId": "j", "status": "running"}, {"jobId": "j", "status": "failed"}])
        >>> found = watch(lambda: next(seen), fmt="tensorone", sleep=lambda s: None)
        >>> [str(c) for c in found if c.kind == "status"]
        ['$.status: unknown -> running', '$.status: running -> failed']
    """
    options = _options(locals())
    loop = _loop(source, fmt, options, tracker)
    return _run(loop, _reader(source, fmt, headers, sleep, sync=True), sleep)


def wait(
    source: Source,
    *,
    fmt: str | None = None,
    interval: float = 2.0,
    max_interval: float = 60.0,
    timeout: float | None = None,
    on_change: OnChange | None = None,
    raise_on_failure: bool = False,
    retries: int = 5,
    jitter: float = 0.1,
    stale_after: float | None = None,
    headers: Mapping[str, str] | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], object] = time.sleep,
    seed: int | None = None,
) -> Job:
    """Poll ``source`` until the job is terminal, and return that last snapshot.

    Args:
        source: a callable returning a payload (dict, JSON text or bytes, SDK object,
            or a :class:`~jobstatus.Job`), or an ``http(s)://`` URL (the ``http`` extra).
        fmt: the payloads' format; detected from the first one when omitted.
        interval: seconds between reads while the job changes.
        max_interval: the longest pause: it doubles (with jitter) while nothing changes.
        timeout: seconds after which :class:`~jobstatus.WaitTimeout` is raised, carrying
            the last snapshot; ``None`` waits for ever.
        on_change: called with each :class:`Change` as it is found.
        raise_on_failure: raise :class:`~jobstatus.JobFailed` when the job ends failed,
            cancelled or skipped (by default that job is returned like any other).
        retries: failed reads in a row tolerated (an ``OSError``, a transient HTTP
            error, a body that cannot be read) before the last one is raised: as the
            :class:`~jobstatus.JobStatusError` it was, or as a
            :class:`~jobstatus.FetchError` wrapping it. Other errors are raised at once.
        jitter: each pause is spread by up to this share, either way.
        stale_after: see :class:`~jobstatus.Tracker`.
        headers: HTTP headers for a URL source (credentials are never shown or logged).
        clock: seconds, for the timeout (default :func:`time.monotonic`) and the
            tracker's history (default :func:`time.time`).
        sleep: how to pause (default :func:`time.sleep`); tests pass a fake one.
        seed: seeds the jitter, for reproducible pauses.

    Raises:
        WaitTimeout: ``timeout`` passed before a terminal status.
        JobFailed: ``raise_on_failure`` and the job did not succeed.
        FetchError: the source stayed unreadable past ``retries``.

    Examples:
        >>> from jobstatus import wait
        >>> seen = iter([{"jobId": "j", "status": "queued"}, {"jobId": "j", "status": "completed"}])
        >>> wait(lambda: next(seen), fmt="tensorone", sleep=lambda s: None).status
        <Status.succeeded: 'succeeded'>
    """
    options = _options(locals())
    loop = _loop(source, fmt, options)
    for change in _run(loop, _reader(source, fmt, headers, sleep, sync=True), sleep):
        if on_change is not None:
            on_change(change)
    return loop.finish()


def watch_async(
    source: AsyncSource,
    *,
    fmt: str | None = None,
    interval: float = 2.0,
    max_interval: float = 60.0,
    timeout: float | None = None,
    raise_on_failure: bool = False,
    retries: int = 5,
    jitter: float = 0.1,
    stale_after: float | None = None,
    headers: Mapping[str, str] | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    seed: int | None = None,
    tracker: Tracker | None = None,
) -> AsyncIterator[Change]:
    """:func:`watch` under asyncio: ``async for change in watch_async(...)``.

    ``source`` may be a coroutine function, a plain callable, or a URL (read with
    :class:`jobstatus.http.AsyncClient`).
    """
    options = _options(locals())
    loop = _loop(source, fmt, options, tracker)
    return _run_async(loop, _reader(source, fmt, headers, sleep, sync=False), sleep)


async def wait_async(
    source: AsyncSource,
    *,
    fmt: str | None = None,
    interval: float = 2.0,
    max_interval: float = 60.0,
    timeout: float | None = None,
    on_change: OnChange | None = None,
    raise_on_failure: bool = False,
    retries: int = 5,
    jitter: float = 0.1,
    stale_after: float | None = None,
    headers: Mapping[str, str] | None = None,
    clock: Callable[[], float] | None = None,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    seed: int | None = None,
) -> Job:
    """:func:`wait` under asyncio: ``job = await wait_async(...)``.

    ``on_change`` may return an awaitable; it is awaited before the next change.
    """
    options = _options(locals())
    loop = _loop(source, fmt, options)
    async for change in _run_async(loop, _reader(source, fmt, headers, sleep, sync=False), sleep):
        if on_change is not None:
            done = on_change(change)
            if inspect.isawaitable(done):
                await done
    return loop.finish()


_LOOP_OPTIONS = (
    "interval",
    "max_interval",
    "timeout",
    "retries",
    "jitter",
    "raise_on_failure",
    "stale_after",
    "clock",
    "seed",
)


def _options(arguments: Mapping[str, Any]) -> _Options:
    return {name: arguments[name] for name in _LOOP_OPTIONS}


__all__ = ["AsyncSource", "OnChange", "Source", "wait", "wait_async", "watch", "watch_async"]
