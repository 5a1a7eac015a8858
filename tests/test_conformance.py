"""The properties every format must have, run over every registered format.

A new adapter joins these tests by being registered; nothing here names a vendor.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus import Job, JobStatusError, Status
from jobstatus.registry import REGISTRY, FormatAdapter
from jobstatus.testing.strategies import jobs

from ._support import fixture_payloads, json_values, mutated, normalize

ROOT = Path(__file__).resolve().parents[1]
FORMATS = jobstatus.formats()
VENDOR_FORMATS = tuple(f for f in FORMATS if f != "canonical")
# The formats with a status vocabulary of their own (the canonical one has none).
TABLE_ADAPTERS = [a for a in (REGISTRY.get(name) for name in FORMATS) if a.status_tables]


def _parse_or_error(payload: Any, fmt: str) -> Job | None:
    try:
        return jobstatus.parse(payload, fmt)
    except JobStatusError:
        return None


@pytest.mark.parametrize("fmt", FORMATS)
@given(value=json_values)
def test_any_json_parses_or_raises_a_jobstatus_error(fmt: str, value: Any) -> None:
    job = _parse_or_error(value, fmt)
    assert job is None or isinstance(job, Job)


@pytest.mark.parametrize("fmt", FORMATS)
@given(text=st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_parses_or_raises_a_jobstatus_error(fmt: str, text: str | bytes) -> None:
    job = _parse_or_error(text, fmt)
    assert job is None or isinstance(job, Job)


@pytest.mark.parametrize("fmt", VENDOR_FORMATS)
@given(data=st.data())
def test_drifted_payloads_round_trip(fmt: str, data: st.DataObject) -> None:
    """Real payloads with random edits: parse never crashes, and whatever parses renders
    back to the same payload (the unreadable parts are kept, not dropped)."""
    payload = data.draw(st.sampled_from(fixture_payloads(fmt)).flatmap(mutated))
    job = _parse_or_error(payload, fmt)
    if job is not None:
        assert normalize(jobstatus.render(job, fmt)) == normalize(payload)
        assert jobstatus.parse(json.dumps(jobstatus.render(job, "canonical")), "canonical") == job


@pytest.mark.parametrize("fmt", FORMATS)
@given(job=jobs())
def test_rendered_jobs_are_clean_and_a_fixed_point(fmt: str, job: Job) -> None:
    """What an adapter writes, it reads without error (a warning only for a field the
    format requires and the job lacks); reading and writing it again changes nothing (the
    lossy projection onto the format is a fixed point)."""
    payload = jobstatus.render(job, fmt)
    json.dumps(payload, allow_nan=False)
    once = jobstatus.parse(payload, fmt)
    assert [i for i in once.issues if i.severity == "error"] == []
    assert {i.code for i in once.issues if i.severity == "warning"} <= {"missing_field"}
    again = jobstatus.render(once, fmt)
    assert normalize(again) == normalize(payload)
    assert jobstatus.parse(again, fmt) == once


@pytest.mark.parametrize("fmt", FORMATS)
@given(job=jobs())
def test_status_survives_rendering(fmt: str, job: Job) -> None:
    tables = REGISTRY.get(fmt).status_tables
    once = jobstatus.parse(jobstatus.render(job, fmt), fmt)
    if tables and job.status in tables[0].fallbacks:
        # The fallback's meaning, or, where the format writes the status with a second key
        # (SageMaker's SecondaryStatus), a status of the same phase.
        written = tables[0][tables[0].inverse[job.status]]
        assert once.status is written or once.status.phase is job.status.phase
    else:
        assert once.status is job.status


@pytest.mark.parametrize("fmt", FORMATS)
@given(job=jobs())
def test_payloads_of_one_format_are_never_detected_as_another(fmt: str, job: Job) -> None:
    """A payload may be too bare to tell (a Simplismart job with nothing but a status),
    but it is never taken for a payload of another format."""
    payload = jobstatus.render(job, fmt)
    try:
        found = jobstatus.detect(payload)
    except jobstatus.DetectError:
        return
    assert found == fmt


@given(job=jobs())
def test_canonical_round_trip_is_exact(job: Job) -> None:
    text = json.dumps(jobstatus.render(job, "canonical"))
    assert jobstatus.parse(text, "canonical") == job
    assert jobstatus.parse(text) == job


@pytest.mark.parametrize("adapter", TABLE_ADAPTERS, ids=lambda a: a.name)
def test_status_table_is_total_and_consistent(adapter: FormatAdapter) -> None:
    """Every level's status table writes every status, as a value that reads back as it
    (or, for a status the vendor lacks, as its fallback); only the values the vendor
    documents as final read as terminal statuses."""
    assert len(adapter.status_tables) <= max(len(adapter.levels), 1)
    for table in adapter.status_tables:
        assert table, "a status table lists the vendor's values"
        assert set(table.inverse) == set(Status)
        for value, status in table.items():
            assert table[table.inverse[status]] is status, value
            assert status.is_terminal is (value in table.terminal)
        for status in Status:
            assert table.inverse[status] in table
            assert (table[table.inverse[status]] is status) is (status not in table.fallbacks)


@pytest.mark.parametrize("adapter", TABLE_ADAPTERS, ids=lambda a: a.name)
def test_every_terminal_vendor_state_is_terminal(adapter: FormatAdapter) -> None:
    bare = jobstatus.render(Job(), adapter.name)
    for value in adapter.status_tables[0].terminal:
        payload = _with_status(bare, adapter.status_key, value)
        assert jobstatus.parse(payload, adapter.name).status.is_terminal, value


def _status_key(fmt: str) -> tuple[str, ...]:
    return REGISTRY.get(fmt).status_key


def _with_status(payload: dict[str, Any], key: tuple[str, ...], value: Any) -> dict[str, Any]:
    """``payload`` with its job status set to ``value`` (removed for ``...``)."""
    out = json.loads(json.dumps(payload))
    node = out
    for part in key[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value is ...:
        node.pop(key[-1], None)
    else:
        node[key[-1]] = value
    return out


def _statuses(fmt: str) -> st.SearchStrategy[Any]:
    """Status values to write: the format's own (exact and in other casings), canonical
    ones, any text, a non-string, null, and none at all."""
    tables = REGISTRY.get(fmt).status_tables
    own = list(tables[0]) if tables else [s.value for s in Status]
    cased = st.sampled_from(own).map(lambda value: value.swapcase())
    return (
        st.sampled_from(own)
        | cased
        | st.sampled_from([s.value for s in Status])
        | st.text(max_size=12)
        | st.integers()
        | st.none()
        | st.just(...)
    )


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=30)  # two parses and four reads per example
@given(data=st.data())
def test_status_of_is_the_parsed_status(fmt: str, data: st.DataObject) -> None:
    """``status_of`` reads the status alone, and says what ``parse`` says, whatever the
    status is (absent, null, off the format's enum, not a string)."""
    sources = [jobs().map(lambda job: jobstatus.render(job, fmt))]
    if fixture_payloads(fmt):
        sources.append(st.sampled_from(fixture_payloads(fmt)).flatmap(mutated))
    payload = data.draw(st.one_of(sources), label="payload")
    if isinstance(payload, dict) and data.draw(st.booleans(), label="restatus"):
        value = data.draw(_statuses(fmt), label="status")
        payload = _with_status(payload, _status_key(fmt), value)
    job = _parse_or_error(payload, fmt)
    if job is None:
        return
    assert jobstatus.status_of(payload, fmt) is job.status
    assert jobstatus.status_of(json.dumps(payload).encode(), fmt) is job.status
    try:
        detected = jobstatus.parse(payload)
    except JobStatusError:
        return
    assert jobstatus.status_of(payload) is detected.status


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_example_is_detected_as_its_format(fmt: str) -> None:
    """``examples/<format>.json`` is detected as its format by the declarations alone: no
    format claims another's example (the golden fixtures are checked the same way)."""
    example = ROOT / "examples" / f"{fmt}.json"
    if not example.exists():
        pytest.skip(f"no examples/{fmt}.json")
    assert jobstatus.detect(example.read_bytes()) == fmt
