"""One job followed over time: the latest snapshot, its status history, staleness.

A :class:`Tracker` keeps the last snapshot, not every snapshot: its memory is one job,
plus two bounded queues (the status history and the issues), however many updates it
takes.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..api import parse
from ..errors import Issue
from ..model import Job
from ..status import Phase, Status
from .change import Change, changes

Clock = Callable[[], float]


@dataclass(frozen=True)
class Held:
    """One status of the job's history: when the tracker first saw it and until when.

    Attributes:
        status: the canonical status.
        vendor_status: the vendor's spelling of it, as first seen.
        since: when the tracker first saw it (seconds on the tracker's clock).
        until: when the next status was first seen; ``None`` while it holds.
    """

    status: Status
    vendor_status: str | None
    since: float
    until: float | None = None

    @property
    def first_seen(self) -> datetime:
        """``since`` as a timezone-aware time (meaningful with a wall clock, the default)."""
        return datetime.fromtimestamp(self.since, timezone.utc)

    def duration(self, now: float) -> float:
        """How long the status held, in seconds; up to ``now`` while it still holds."""
        return (self.until if self.until is not None else now) - self.since


class Tracker:
    """The latest snapshot of one job, and what each new one changes.

    Args:
        fmt: the payloads' format; detected from the first payload when omitted, then
            kept for the next ones.
        stale_after: seconds after which a job whose ``updated_at`` has not moved (or,
            without ``updated_at``, whose snapshots have not changed) is :attr:`stale`.
        clock: seconds, for the history and staleness (default :func:`time.time`).
        max_history: statuses kept in :attr:`history` (the oldest go first).
        max_issues: issues kept in :attr:`issues` (the oldest go first).

    Examples:
        >>> from jobstatus import Tracker
        >>> tracker = Tracker("tensorone")
        >>> [c.kind for c in tracker.update({"jobId": "j", "status": "queued"})]
        ['identity', 'status', 'vendor_status', 'identity']
        >>> [str(c) for c in tracker.update({"jobId": "j", "status": "running"})]
        ['$.status: queued -> running', "$.vendor_status: 'queued' -> 'running'"]
        >>> tracker.update({"jobId": "j", "status": "running"})
        ()
    """

    def __init__(
        self,
        fmt: str | None = None,
        *,
        stale_after: float | None = None,
        clock: Clock = time.time,
        max_history: int = 256,
        max_issues: int = 100,
    ) -> None:
        self.fmt = fmt
        self.stale_after = stale_after
        self._clock = clock
        self._job: Job | None = None
        self._history: deque[Held] = deque(maxlen=max_history)
        self._issues: deque[Issue] = deque(maxlen=max_issues)
        self._moved_at: float | None = None
        self._raw: bytes | str | None = None
        self.updates = 0
        """Snapshots taken, the ignored ones included."""

    @property
    def job(self) -> Job | None:
        """The latest snapshot applied; ``None`` before the first."""
        return self._job

    @property
    def history(self) -> tuple[Held, ...]:
        """Each status the job went through, oldest first (at most ``max_history``)."""
        return tuple(self._history)

    @property
    def issues(self) -> tuple[Issue, ...]:
        """What the tracker found wrong in the sequence: ``stale_snapshot`` (an older one,
        ignored) and ``illegal_transition`` (applied, but not in the transition graph)."""
        return tuple(self._issues)

    @property
    def is_terminal(self) -> bool:
        """Whether the latest snapshot's status is terminal."""
        return self._job is not None and self._job.status.is_terminal

    @property
    def stale(self) -> bool:
        """Whether the job, not terminal, has not moved for ``stale_after`` seconds."""
        if self.stale_after is None or self._moved_at is None or self.is_terminal:
            return False
        return self._clock() - self._moved_at >= self.stale_after

    def time_in(self, phase: Phase) -> float:
        """Seconds spent in statuses of ``phase``, as far as the history reaches."""
        now = self._clock()
        return sum(h.duration(now) for h in self._history if h.status.phase is phase)

    @property
    def queue_time(self) -> float:
        """Seconds spent pending (created, queued, initializing)."""
        return self.time_in(Phase.pending)

    @property
    def run_time(self) -> float:
        """Seconds spent active (running, finalizing, paused, ...)."""
        return self.time_in(Phase.active)

    def update(self, snapshot: Job | Any) -> tuple[Change, ...]:
        """Take a new snapshot (a :class:`~jobstatus.Job`, or a payload to parse) and return
        what it changes.

        A snapshot whose ``updated_at`` is older than the latest one's is not applied: it
        gives ``()`` and an issue ``stale_snapshot``. One that repeats the latest gives ``()``.

        Raises:
            JobStatusError: the payload cannot be read (see :func:`jobstatus.parse`).
        """
        if isinstance(snapshot, (bytes, str)):
            # While a job waits, most polls answer the very same bytes: nothing to read.
            if snapshot == self._raw and self._job is not None:
                self.updates += 1
                return ()
            self._raw = snapshot
        job = snapshot if isinstance(snapshot, Job) else parse(snapshot, self.fmt)
        if self.fmt is None:
            self.fmt = job.format
        self.updates += 1
        last = self._job
        now = self._clock()
        if last is not None:
            then, new = last.updated_at, job.updated_at
            if then is not None and new is not None and new < then:
                self._issues.append(_stale(new, then))
                return ()
        found = changes(last, job)
        if last is None:
            moved = True
        elif job.updated_at is not None:
            moved = job.updated_at != last.updated_at
        else:  # no updated_at to go by: any change is a sign of life
            moved = bool(found)
        if moved:
            self._moved_at = now
        if not found:
            return ()
        self._job = job
        if last is None or job.status is not last.status:
            if self._history:
                self._history[-1] = _ended(self._history[-1], now)
            self._history.append(Held(job.status, job.vendor_status, now))
        for change in found:
            if change.allowed is False:
                self._issues.append(_illegal(change))
        return found


def _ended(held: Held, now: float) -> Held:
    return Held(held.status, held.vendor_status, held.since, now)


def _stale(new: datetime, then: datetime) -> Issue:
    return Issue(
        path="$.updated_at",
        code="stale_snapshot",
        message=f"snapshot of {new.isoformat()} is older than the latest, of "
        f"{then.isoformat()}: ignored",
        severity="warning",
    )


def _illegal(change: Change) -> Issue:
    return Issue(
        path=change.path,
        code="illegal_transition",
        message=f"status went from {change.before} to {change.after}, which the transition "
        "graph does not allow",
        severity="warning",
    )


__all__ = ["Clock", "Held", "Tracker"]
