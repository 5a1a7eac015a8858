"""validate(), the compiled validators, and what parse(strict=True) adds from the schema."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

import jobstatus
from jobstatus import Issue, JobStatusError, ParseError, StrictError, UnknownFormatError, schemas
from jobstatus.registry import REGISTRY

from ._support import fixture_payloads

BACKENDS = ["jsonschema", *(["rs"] if schemas.rs_available() else [])]
TENSORONE: dict[str, Any] = {"jobId": "job-1", "status": "running"}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _found(payload: Any, fmt: str, backend: str = "jsonschema") -> list[tuple[str, str | None]]:
    return [(i.path, i.keyword) for i in jobstatus.validate(payload, fmt, backend=backend)]  # type: ignore[arg-type]


def test_a_valid_payload_has_no_issues(backend: str) -> None:
    assert jobstatus.validate(TENSORONE, "tensorone", backend=backend) == []  # type: ignore[arg-type]


def test_every_error_is_reported_sorted_by_path(backend: str) -> None:
    payload = {
        "status": "done",
        "progress": {"percentComplete": 101, "currentEpoch": -1},
        "resourceUsage": {"gpuUtilization": [12, 140, "x"]},
    }
    assert _found(payload, "tensorone", backend) == [
        ("$.jobId", "required"),
        ("$.progress.currentEpoch", "minimum"),
        ("$.progress.percentComplete", "maximum"),
        ("$.resourceUsage.gpuUtilization[1]", "maximum"),
        ("$.resourceUsage.gpuUtilization[2]", "type"),
        ("$.status", "enum"),
    ]
    for issue in jobstatus.validate(payload, "tensorone", backend=backend):  # type: ignore[arg-type]
        assert (issue.code, issue.severity) == ("schema", "error")
        assert issue.message


def test_a_nullable_object_reports_what_is_wrong_inside_it(backend: str) -> None:
    """An anyOf of an object and null: the object branch's own errors, not "no branch fits"."""
    payload = {"id": "e", "status": "running", "target": {}, "config": {}}
    payload["status_details"] = {"progress": 150, "task_status": {"mmlu": "done"}}
    assert _found(payload, "nemo_evaluator_v1", backend) == [
        ("$.status_details.progress", "maximum"),
        ("$.status_details.task_status.mmlu", "enum"),
    ]
    payload["status_details"] = "done"
    assert _found(payload, "nemo_evaluator_v1", backend) == [("$.status_details", "anyOf")]


def test_date_time_is_what_readers_accept(backend: str) -> None:
    """Both backends assert format date-time the same way: any ISO 8601 timestamp that
    jobstatus can read, with or without a zone."""
    base = {"request_id": "r", "status": "RUNNING"}
    for stamp in ("2025-01-01T10:00:00Z", "2025-01-01T10:00:00.5+02:00", "2025-01-01T10:00:00"):
        assert _found({**base, "created_at": stamp}, "simplismart", backend) == []
    for stamp in ("yesterday", "2025-13-01T10:00:00Z", ""):
        found = _found({**base, "created_at": stamp}, "simplismart", backend)
        assert found == [("$.created_at", "format")]


def test_json_text_and_bytes_are_read_and_the_format_detected() -> None:
    text = json.dumps({**TENSORONE, "status": "done"})
    assert _found(text, "tensorone") == [("$.status", "enum")]
    assert jobstatus.validate(text.encode()) == jobstatus.validate(text, "tensorone")


def test_strict_raises_one_error_listing_every_issue() -> None:
    payload = {"status": "done"}
    issues = jobstatus.validate(payload, "tensorone")
    with pytest.raises(StrictError) as caught:
        jobstatus.validate(payload, "tensorone", strict=True)
    assert caught.value.issues == tuple(issues)
    assert caught.value.format == "tensorone"
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("tensorone: 2 schema issue(s)")
    assert jobstatus.validate(TENSORONE, "tensorone", strict=True) == []


@pytest.mark.parametrize("payload", ["{not json", b"\xff", "[1, 2]", [1, 2], "3", None])
def test_a_payload_that_is_no_json_object_is_a_parse_error_naming_the_format(
    payload: Any, backend: str
) -> None:
    with pytest.raises(ParseError) as caught:
        jobstatus.validate(payload, "tensorone", backend=backend)  # type: ignore[arg-type]
    assert caught.value.format == "tensorone"
    assert str(caught.value).startswith("tensorone: ")
    assert caught.value.__cause__ is None


def test_unknown_names_fail_clearly() -> None:
    with pytest.raises(UnknownFormatError, match="did you mean 'tensorone'"):
        jobstatus.validate(TENSORONE, "tensoron")
    with pytest.raises(JobStatusError, match="unknown backend 'fastest'"):
        jobstatus.validate(TENSORONE, "tensorone", backend="fastest")  # type: ignore[arg-type]


def test_a_format_without_a_schema() -> None:
    """A plugin format may ship no schema: validate() says so; a strict parse still works."""
    adapter = dataclasses.replace(REGISTRY.get("tensorone"), name="schemaless")  # type: ignore[type-var]
    REGISTRY.register(adapter)
    try:
        with pytest.raises(JobStatusError, match="schemaless: the format has no schema"):
            jobstatus.validate(TENSORONE, "schemaless")
        assert jobstatus.parse(TENSORONE, "schemaless", strict=True).status == "running"
    finally:
        REGISTRY.unregister("schemaless")


def test_without_jsonschema_rs_rs_fails_and_auto_falls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schemas, "rs_available", lambda: False)
    monkeypatch.setattr(schemas, "_COMPILED", {})
    with pytest.raises(JobStatusError, match=r"pip install 'jobstatus\[fast\]'"):
        jobstatus.validate(TENSORONE, "tensorone", backend="rs")
    assert schemas.validator("tensorone", "auto").backend == "jsonschema"


def test_validators_are_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = schemas.validator("tensorone")
    assert schemas.validator("tensorone") is compiled

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again")

    import jsonschema

    # What jsonschema.validate() pays on every call: checking the schema itself.
    monkeypatch.setattr(jsonschema, "validate", refuse)
    monkeypatch.setattr(jsonschema.Draft202012Validator, "check_schema", classmethod(refuse))
    assert jobstatus.validate({"status": "done"}, "tensorone")


def test_the_api_exports_validate() -> None:
    assert jobstatus.validate is jobstatus.api.validate
    assert "validate" in jobstatus.__all__


# -- parse(strict=True) ---------------------------------------------------------------------


def test_strict_parse_adds_what_only_the_schema_catches() -> None:
    """Evaluator v2 requires spec.config and spec.target; the adapter reads neither."""
    payload = {"id": "j", "name": "n", "status": "active", "spec": {}}
    assert jobstatus.parse(payload, "nemo_evaluator_v2").issues == ()
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, "nemo_evaluator_v2", strict=True)
    assert [(i.path, i.keyword) for i in caught.value.issues] == [
        ("$.spec.config", "required"),
        ("$.spec.target", "required"),
    ]


def test_strict_parse_reports_a_problem_both_see_once() -> None:
    """The adapter's issue stands for the schema's at the same path."""
    payload = {**TENSORONE, "status": "preempted", "progress": {"percentComplete": 101}}
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, "tensorone", strict=True)
    paths = [i.path for i in caught.value.issues]
    assert sorted(paths) == ["$.progress.percentComplete", "$.status"]
    assert all(i.keyword is None for i in caught.value.issues)  # the adapter's


def test_strict_parse_of_every_clean_fixture_passes() -> None:
    for fmt in jobstatus.formats():
        for payload in fixture_payloads(fmt) if fmt != "canonical" else []:
            try:
                job = jobstatus.parse(payload, fmt)
            except JobStatusError:
                continue
            clean = all(i.severity == "info" for i in job.issues)
            if clean and not jobstatus.validate(payload, fmt):
                assert jobstatus.parse(payload, fmt, strict=True) == job


def test_canonical_jobs_are_valid_under_the_canonical_schema() -> None:
    for fmt in jobstatus.formats():
        for payload in fixture_payloads(fmt) if fmt != "canonical" else []:
            try:
                job = jobstatus.parse(payload, fmt)
            except JobStatusError:
                continue
            canonical = jobstatus.render(job, "canonical")
            assert jobstatus.validate(canonical, "canonical") == [], (fmt, canonical)


def test_issues_from_the_schema_are_issues() -> None:
    (issue,) = jobstatus.validate({**TENSORONE, "status": "done"}, "tensorone")
    assert isinstance(issue, Issue)
    assert str(issue).endswith("@ $.status")


def test_references_are_inlined_for_the_reference_backend() -> None:
    """jsonschema looks $refs up on every call: they are inlined once, with the same
    meaning (a sibling keyword still applies; a recursive schema is left as it is)."""
    from jobstatus._validators import _inlined

    schema = {
        "properties": {
            "a": {"$ref": "#/$defs/n", "description": "d"},
            "b": {"$ref": "#/$defs/n", "maximum": 3},
        },
        "$defs": {"n": {"type": "integer"}},
    }
    inlined = _inlined(schema)
    assert inlined["properties"] == {
        "a": {"type": "integer"},
        "b": {"maximum": 3, "allOf": [{"type": "integer"}]},
    }
    recursive = {"properties": {"next": {"$ref": "#"}}, "$defs": {}}
    assert (
        _inlined({"$ref": "#/$defs/x", "$defs": {"x": {"$ref": "#/$defs/x"}}})["$ref"]
        == "#/$defs/x"
    )
    assert _inlined(recursive) == recursive
