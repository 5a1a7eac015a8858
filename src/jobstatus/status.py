"""The canonical status vocabulary: one enum, its phases and outcomes, and the transition graph."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum


class Phase(str, Enum):
    """Where a status sits in a job's life."""

    unknown = "unknown"
    pending = "pending"
    active = "active"
    terminal = "terminal"

    def __str__(self) -> str:
        return self.value


class Outcome(str, Enum):
    """How a terminal status ended."""

    success = "success"
    failure = "failure"
    cancelled = "cancelled"
    neutral = "neutral"

    def __str__(self) -> str:
        return self.value


class Status(str, Enum):
    """A job's, step's or task's state, the same for every vendor.

    Each member's docstring says what it means. ``Status("running")`` reads a value; every
    member is also a plain ``str`` so it compares and serializes as its value.
    """

    def __new__(cls, value: str, doc: str) -> Status:
        member = str.__new__(cls, value)
        member._value_ = value
        member.__doc__ = doc
        return member

    unknown = "unknown", "The vendor value is not recognised or is indeterminate."
    created = "created", "Accepted by the platform, not yet scheduled."
    queued = "queued", "Scheduled, waiting for resources."
    initializing = "initializing", "Resources assigned, setting up the environment."
    running = "running", "Doing the work."
    finalizing = "finalizing", "Work done; saving or registering outputs."
    pausing = "pausing", "A pause was requested and is taking effect."
    paused = "paused", "Suspended; can be resumed."
    resuming = "resuming", "A resume was requested and is taking effect."
    retrying = "retrying", "An attempt failed and another one is scheduled."
    cancelling = "cancelling", "A cancel was requested; the work has not stopped yet."
    succeeded = "succeeded", "Finished successfully."
    failed = "failed", "Finished with an error."
    cancelled = "cancelled", "Stopped on request before finishing."
    skipped = "skipped", "Never ran, for example because an earlier step failed."

    def __str__(self) -> str:
        return str(self.value)

    @property
    def phase(self) -> Phase:
        """The phase this status belongs to."""
        return _PHASES[self]

    @property
    def is_terminal(self) -> bool:
        """True when nothing more will happen: succeeded, failed, cancelled or skipped."""
        return _PHASES[self] is Phase.terminal

    @property
    def outcome(self) -> Outcome | None:
        """How a terminal status ended; ``None`` while the job can still change."""
        return _OUTCOMES.get(self)

    def can_transition(self, new: Status) -> bool:
        """Whether a job in this status may next be in ``new`` (see :func:`can_transition`).

        Examples:
            >>> Status.running.can_transition(Status.succeeded)
            True
            >>> Status.succeeded.can_transition(Status.running)
            False
        """
        return can_transition(self, new)


_PHASES: dict[Status, Phase] = {
    Status.unknown: Phase.unknown,
    Status.created: Phase.pending,
    Status.queued: Phase.pending,
    Status.initializing: Phase.pending,
    Status.running: Phase.active,
    Status.finalizing: Phase.active,
    Status.pausing: Phase.active,
    Status.paused: Phase.active,
    Status.resuming: Phase.active,
    Status.retrying: Phase.active,
    Status.cancelling: Phase.active,
    Status.succeeded: Phase.terminal,
    Status.failed: Phase.terminal,
    Status.cancelled: Phase.terminal,
    Status.skipped: Phase.terminal,
}

_OUTCOMES: dict[Status, Outcome] = {
    Status.succeeded: Outcome.success,
    Status.failed: Outcome.failure,
    Status.cancelled: Outcome.cancelled,
    Status.skipped: Outcome.neutral,
}

_S = Status
# Direct transitions a job may make. It is the union of the vendors' lifecycles: the NeMo
# Jobs v2 server's `can_transition_to` (every edge of it maps to an edge here, a test checks)
# plus the initializing/finalizing/retrying states other platforms report.
TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    _S.unknown: frozenset(_S),
    _S.created: frozenset(
        {
            _S.queued,
            _S.initializing,
            _S.running,
            _S.pausing,
            _S.paused,
            _S.cancelling,
            _S.cancelled,
            _S.failed,
            _S.skipped,
        }
    ),
    _S.queued: frozenset(
        {
            _S.initializing,
            _S.running,
            _S.pausing,
            _S.paused,
            _S.cancelling,
            _S.cancelled,
            _S.failed,
            _S.succeeded,
            _S.skipped,
        }
    ),
    _S.initializing: frozenset(
        {_S.running, _S.pausing, _S.paused, _S.cancelling, _S.cancelled, _S.failed, _S.retrying}
    ),
    _S.running: frozenset(
        {
            _S.finalizing,
            _S.succeeded,
            _S.failed,
            _S.cancelling,
            _S.cancelled,
            _S.pausing,
            _S.paused,
            _S.retrying,
        }
    ),
    _S.finalizing: frozenset({_S.succeeded, _S.failed, _S.cancelling, _S.cancelled}),
    _S.pausing: frozenset({_S.paused, _S.failed}),
    _S.paused: frozenset({_S.resuming, _S.running, _S.cancelling, _S.cancelled}),
    _S.resuming: frozenset({_S.queued, _S.initializing, _S.running, _S.failed, _S.cancelling}),
    _S.retrying: frozenset(
        {_S.queued, _S.initializing, _S.running, _S.failed, _S.cancelling, _S.cancelled}
    ),
    _S.cancelling: frozenset({_S.cancelled, _S.failed}),
    _S.succeeded: frozenset(),
    _S.failed: frozenset(),
    _S.cancelled: frozenset(),
    _S.skipped: frozenset(),
}


def can_transition(current: Status, new: Status) -> bool:
    """Whether a job in ``current`` may next be in ``new``.

    Staying in the same status is always allowed; terminal statuses absorb (they go
    nowhere else); ``unknown`` may go anywhere, since it says nothing of where the job was.

    Examples:
        >>> can_transition(Status.running, Status.succeeded)
        True
        >>> can_transition(Status.succeeded, Status.running)
        False
    """
    return current is new or new in TRANSITIONS[current]


__all__ = ["TRANSITIONS", "Outcome", "Phase", "Status", "can_transition"]
