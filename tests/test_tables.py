"""What the tables declare: nullable objects, fallbacks derived from phases, "absent"."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jobstatus
from jobstatus.authoring import (
    COUNT,
    STRING,
    Adapter,
    NodeSpec,
    S,
    Status,
    StatusTable,
    auto_or,
    field,
    rest,
)
from jobstatus.registry import REGISTRY
from jobstatus.status import Phase

FOUR = StatusTable(
    {"WAITING": S.queued, "RUNNING": S.running, "DONE": S.succeeded, "ERROR": S.failed},
    terminal=("DONE", "ERROR"),
)
DEMO = Adapter(
    name="tables_demo",
    vendor="Demo",
    endpoint="GET /runs/{id}",
    statuses=FOUR,
    job=NodeSpec(
        fields=(
            field("id", "id", codec=STRING),
            field("error.message", "error.message", codec=STRING),
            rest("error.details", "error"),
            field("progress.step", "details.step", codec=COUNT),
            field("progress.total_epochs", "hyper.epochs", codec=auto_or(COUNT)),
        ),
        nullable=("error",),
    ),
)


def _issues(job: jobstatus.Job) -> list[tuple[str, str, str]]:
    return [(i.path, i.code, i.severity) for i in job.issues]


# -- nullable --------------------------------------------------------------------------


def test_a_documented_null_is_no_issue_and_is_written_back() -> None:
    payload = {"id": "r", "status": "RUNNING", "error": None}
    job = DEMO.parse(payload)
    assert _issues(job) == []
    assert job.error is None
    assert DEMO.render(job) == payload


def test_an_undocumented_null_is_an_info_issue_and_is_written_back() -> None:
    payload = {"id": "r", "status": "RUNNING", "details": None}
    job = DEMO.parse(payload)
    assert _issues(job) == [("$.details", "null_object", "info")]
    assert DEMO.render(job) == payload


def test_a_nullable_object_is_read_when_it_is_there() -> None:
    payload = {"id": "r", "status": "ERROR", "error": {"message": "boom", "code": 7}}
    job = DEMO.parse(payload)
    assert job.error is not None
    assert (job.error.message, job.error.details) == ("boom", {"code": 7})
    assert _issues(job) == []
    assert DEMO.render(job) == payload


def test_a_nullable_object_of_the_wrong_type_is_still_an_error() -> None:
    job = DEMO.parse({"id": "r", "status": "ERROR", "error": "boom"})
    assert _issues(job) == [("$.error", "wrong_type", "error")]


def test_the_reader_reports_only_the_undocumented_null() -> None:
    data = {"id": "r", "error": None, "details": None}
    tagged, kept = DEMO.job.rows(False).read(data, "$", {}, {})
    assert [found for _, found in tagged] == [_info("$.details")]
    assert kept == {"error": None, "details": None}


def _info(path: str) -> dict[str, str]:
    message = "null where the format documents an object"
    return {"path": path, "code": "null_object", "message": message, "severity": "info"}


# -- "absent": a codec's None ------------------------------------------------------------


@pytest.mark.parametrize("epochs", ["auto", 3])
def test_auto_is_absent_kept_verbatim_and_written_back(epochs: Any) -> None:
    payload = {"id": "r", "status": "RUNNING", "hyper": {"epochs": epochs}}
    job = DEMO.parse(payload)
    assert _issues(job) == []
    if epochs == "auto":
        assert job.progress.total_epochs is None
        assert job.extensions == {"tables_demo": {"hyper": {"epochs": "auto"}}}
    else:
        assert job.progress.total_epochs == 3
        assert job.extensions == {}
    assert DEMO.render(job) == payload


def test_neither_auto_nor_a_count_is_an_invalid_value() -> None:
    job = DEMO.parse({"id": "r", "status": "RUNNING", "hyper": {"epochs": "many"}})
    [found] = job.issues
    assert (found.path, found.code) == ("$.hyper.epochs", "invalid_value")
    assert found.message == "expected non-negative integer or 'auto', got 'many'"


# -- fallbacks derived from phases ---------------------------------------------------------


def _tables() -> list[tuple[str, StatusTable]]:
    found = []
    for name in jobstatus.formats():
        adapter = REGISTRY.get(name)
        for number, table in enumerate(adapter.status_tables):
            found.append((f"{name}[{number}]", table))
    return found


TABLES = _tables()


@pytest.mark.parametrize(("where", "table"), TABLES, ids=[w for w, _ in TABLES])
def test_every_stock_inverse_is_total_and_keeps_the_phase_or_falls_back_as_documented(
    where: str, table: StatusTable
) -> None:
    assert set(table.inverse) == set(Status)
    for status, value in table.inverse.items():
        assert value in table.enum, (where, status)
        written = table.enum[value]
        if status not in table.fallbacks:
            assert written is status
        elif status in table.choices:
            continue  # the table's own choice, which overrides the phase's default
        elif status is S.skipped:
            assert written in (S.cancelled, S.failed)
        elif status is S.cancelled:
            assert written is S.failed
        else:  # pending and active statuses stay in their phase, "unknown" is pending
            wanted = Phase.pending if status is S.unknown else status.phase
            assert written.phase is wanted, (where, status, value)


def test_a_table_of_four_values_gets_the_documented_fallbacks() -> None:
    assert dict(FOUR.inverse) == {
        S.unknown: "WAITING",
        S.created: "WAITING",
        S.queued: "WAITING",
        S.initializing: "WAITING",
        S.running: "RUNNING",
        S.finalizing: "RUNNING",
        S.pausing: "RUNNING",
        S.paused: "RUNNING",
        S.resuming: "RUNNING",
        S.retrying: "RUNNING",
        S.cancelling: "RUNNING",
        S.succeeded: "DONE",
        S.failed: "ERROR",
        S.cancelled: "ERROR",
        S.skipped: "ERROR",
    }
    assert FOUR.fallbacks == frozenset(Status) - {S.queued, S.running, S.succeeded, S.failed}


def test_choices_override_a_derived_fallback() -> None:
    table = StatusTable(
        {"NEW": S.created, "WAITING": S.queued, "RUNNING": S.running, "DONE": S.succeeded}
        | {"ERROR": S.failed, "STOPPED": S.cancelled},
        terminal=("DONE", "ERROR", "STOPPED"),
        choices={S.initializing: "RUNNING"},
    )
    assert table.inverse[S.initializing] == "RUNNING"
    assert table.inverse[S.unknown] == "WAITING"  # the nearest: queued before created
    assert table.inverse[S.skipped] == "STOPPED"  # cancelled before failed


@pytest.mark.parametrize(
    ("enum", "terminal", "lacking"),
    [
        (
            {"RUNNING": S.running, "DONE": S.succeeded, "ERROR": S.failed},
            ("DONE", "ERROR"),
            "unknown",
        ),
        ({"WAITING": S.queued, "RUNNING": S.running, "DONE": S.succeeded}, ("DONE",), "failed"),
    ],
    ids=["no pending value", "no failure value"],
)
def test_a_table_of_three_values_must_choose_what_no_phase_gives(
    enum: dict[str, Status], terminal: tuple[str, ...], lacking: str
) -> None:
    with pytest.raises(ValueError, match=f"must name a fallback for '{lacking}'"):
        StatusTable(enum, terminal=terminal)


@given(status=st.sampled_from(list(Status)))
def test_any_status_renders_as_its_table_value_and_reads_back(status: Status) -> None:
    job = jobstatus.Job(status=status, id="r")
    written = DEMO.render(job)
    assert written["status"] == FOUR.inverse[status]
    assert DEMO.parse(written).status is FOUR.enum[written["status"]]
