"""The status vocabulary and its transition graph."""

from __future__ import annotations

import pytest
from hypothesis import given

from jobstatus import Outcome, Phase, Status, can_transition
from jobstatus.adapters import _nemo
from jobstatus.status import TRANSITIONS
from jobstatus.testing.strategies import statuses

TABLE = [
    # status, phase, terminal outcome
    (Status.unknown, Phase.unknown, None),
    (Status.created, Phase.pending, None),
    (Status.queued, Phase.pending, None),
    (Status.initializing, Phase.pending, None),
    (Status.running, Phase.active, None),
    (Status.finalizing, Phase.active, None),
    (Status.pausing, Phase.active, None),
    (Status.paused, Phase.active, None),
    (Status.resuming, Phase.active, None),
    (Status.retrying, Phase.active, None),
    (Status.cancelling, Phase.active, None),
    (Status.succeeded, Phase.terminal, Outcome.success),
    (Status.failed, Phase.terminal, Outcome.failure),
    (Status.cancelled, Phase.terminal, Outcome.cancelled),
    (Status.skipped, Phase.terminal, Outcome.neutral),
]


def test_the_table_covers_every_member() -> None:
    assert [row[0] for row in TABLE] == list(Status)
    assert len(Status) == 15


@pytest.mark.parametrize(("status", "phase", "outcome"), TABLE)
def test_phase_outcome_and_terminality(status: Status, phase: Phase, outcome: Outcome) -> None:
    assert status.phase is phase
    assert status.outcome is outcome
    assert status.is_terminal is (phase is Phase.terminal)


@pytest.mark.parametrize("status", list(Status))
def test_each_member_is_documented_and_is_its_value(status: Status) -> None:
    assert status.__doc__
    assert status.__doc__ != Status.__doc__
    assert Status(status.value) is status
    assert str(status) == status.value == status


def test_the_graph_has_a_row_for_every_status_and_no_edge_out_of_unknown_missing() -> None:
    assert set(TRANSITIONS) == set(Status)
    assert TRANSITIONS[Status.unknown] == frozenset(Status)


@given(a=statuses(terminal=True), b=statuses())
def test_terminal_statuses_absorb(a: Status, b: Status) -> None:
    assert can_transition(a, b) is (a is b)


@given(b=statuses())
def test_unknown_goes_anywhere(b: Status) -> None:
    assert can_transition(Status.unknown, b)


@given(a=statuses(), b=statuses())
def test_staying_put_is_always_allowed_and_edges_follow_the_table(a: Status, b: Status) -> None:
    assert can_transition(a, a)
    if a is not b:
        assert can_transition(a, b) is (b in TRANSITIONS[a])


def test_every_status_but_the_terminal_ones_can_reach_a_terminal_one() -> None:
    for start in Status:
        seen, frontier = {start}, [start]
        while frontier:
            for nxt in TRANSITIONS[frontier.pop()] - seen:
                seen.add(nxt)
                frontier.append(nxt)
        assert any(s.is_terminal for s in seen) or start.is_terminal, start


# The NeMo Jobs v2 server's own `can_transition_to` (VENDOR-NOTES): every legal vendor move
# must be a legal canonical move once both ends are mapped.
NEMO_SERVER_TRANSITIONS = {
    "created": ["pending", "active", "cancelling", "cancelled", "pausing", "paused", "error"],
    "pending": ["active", "cancelling", "cancelled", "error", "pausing", "paused", "completed"],
    "active": ["completed", "error", "cancelling", "cancelled", "pausing", "paused"],
    "paused": ["resuming", "active", "cancelling"],
    "cancelling": ["cancelled", "error"],
    "pausing": ["paused", "error"],
    "resuming": ["pending", "active", "error", "cancelling"],
    "completed": [],
    "error": [],
    "cancelled": [],
}


@pytest.mark.parametrize(("source", "targets"), NEMO_SERVER_TRANSITIONS.items())
def test_nemo_server_transitions_are_canonical_transitions(source: str, targets: list[str]) -> None:
    for target in targets:
        a, b = _nemo.STATUSES[source], _nemo.STATUSES[target]
        assert can_transition(a, b), f"{source} -> {target} ({a} -> {b})"


def test_the_method_is_the_function() -> None:
    pairs = [(a, b) for a in Status for b in Status]
    assert [a.can_transition(b) for a, b in pairs] == [can_transition(a, b) for a, b in pairs]
    assert Status.running.can_transition(Status.succeeded)
    assert not Status.succeeded.can_transition(Status.running)
