"""The two validation backends find the same errors, at the same paths, by the same keywords.

``jsonschema`` is the reference; ``rs`` (jsonschema-rs, the ``fast`` extra) must agree
with it on valid payloads (from each schema, from the model, from the fixtures) and on
those payloads with random edits. Skipped where jsonschema-rs is not installed.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus import JobStatusError, schemas
from jobstatus.registry import REGISTRY
from jobstatus.testing.strategies import payloads

from ._support import fixture_files, fixture_payloads, mutated

pytestmark = pytest.mark.skipif(
    not schemas.rs_available(), reason="jsonschema-rs (the fast extra) is not installed"
)

WITH_SCHEMA = tuple(f for f in jobstatus.formats() if f in schemas.available())


def _verdict(payload: Any, fmt: str, backend: schemas.Backend) -> Any:
    try:
        issues = jobstatus.validate(payload, fmt, backend=backend)
    except JobStatusError as error:
        return type(error).__name__
    return [(issue.path, issue.keyword) for issue in issues]


def _agree(payload: Any, fmt: str) -> None:
    assert _verdict(payload, fmt, "rs") == _verdict(payload, fmt, "jsonschema")


def _sources(fmt: str) -> st.SearchStrategy[dict[str, Any]]:
    found = [payloads(fmt), payloads(fmt, source="schema")]
    if fixture_payloads(fmt):
        found.append(st.sampled_from(fixture_payloads(fmt)))
    return st.one_of(found)


@pytest.mark.parametrize("fmt", WITH_SCHEMA)
# Two validators on two payloads per example make this the dearest property: a quarter of the
# profile's examples keeps the suite's time in bounds.
@settings(
    max_examples=max(25, settings().max_examples // 4),
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(data=st.data())
def test_backends_agree(fmt: str, data: st.DataObject) -> None:
    payload = data.draw(_sources(fmt), label="payload")
    _agree(payload, fmt)
    _agree(data.draw(mutated(payload), label="drifted"), fmt)


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_backends_agree_on_every_fixture(path: Any) -> None:
    _agree(path.read_bytes(), path.parent.name)


def test_rs_refuses_values_that_are_not_json() -> None:
    # Refused before either backend sees it, the same way for both.
    payload = {"jobId": "j", "status": "running", 1: 2}
    for backend in ("rs", "jsonschema"):
        with pytest.raises(jobstatus.ParseError, match=r"tensorone: object keys must be .* @ \$"):
            jobstatus.validate(payload, "tensorone", backend=backend)


@pytest.mark.parametrize("fmt", WITH_SCHEMA)
def test_an_unknown_status_reads_alike_in_both_backends(fmt: str) -> None:
    # Where the statuses are an enum, both list every valid value in the same words.
    payload = next(p for p in fixture_payloads(fmt) or [{}] if isinstance(p, dict))
    drifted = {**payload, REGISTRY.get(fmt).status_key[0]: "no-such-status"}
    rs = [i.message for i in jobstatus.validate(drifted, fmt, backend="rs") if i.keyword == "enum"]
    py = [
        i.message
        for i in jobstatus.validate(drifted, fmt, backend="jsonschema")
        if i.keyword == "enum"
    ]
    assert rs == py
    assert any("'no-such-status' is not one of [" in m for m in py) or fmt == "canonical"


def test_validate_uses_the_fast_backend_by_default() -> None:
    drifted = {"jobId": "job-1", "status": ["not", "a", "string"]}
    assert jobstatus.validate(drifted, "tensorone") == jobstatus.validate(
        drifted, "tensorone", backend="rs"
    )
    assert schemas.validator("tensorone", "auto") is schemas.validator("tensorone", "rs")
