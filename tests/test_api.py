"""The public API on every kind of input, good and bad."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

import jobstatus
from jobstatus import (
    DetectError,
    Job,
    JobStatusError,
    ParseError,
    Status,
    StrictError,
    UnknownFormatError,
)
from jobstatus._walk import CANONICAL_DEPTH, MAX_DEPTH
from jobstatus.api import load

from ._support import json_values

FIXTURES = Path(__file__).parent / "fixtures"
ACTIVE = FIXTURES / "nemo_jobs_v2" / "doc_customizer_active.json"


def active() -> dict[str, Any]:
    return json.loads(ACTIVE.read_text())


def stamped() -> dict[str, Any]:
    """:func:`active` with the timestamps its document omits and the vendor requires."""
    payload = active()
    stamps = {"created_at": "2025-05-01T10:00:00Z", "updated_at": "2025-05-01T10:05:00Z"}
    for node in (payload, *payload["steps"], *(t for s in payload["steps"] for t in s["tasks"])):
        node.update(stamps)
    return payload


@pytest.mark.parametrize(
    "payload",
    [
        active(),
        json.dumps(active()),
        json.dumps(active()).encode(),
        bytearray(json.dumps(active()).encode()),
        memoryview(json.dumps(active()).encode()),
    ],
    ids=["dict", "str", "bytes", "bytearray", "memoryview"],
)
def test_every_input_kind_gives_the_same_job(payload: Any) -> None:
    assert jobstatus.parse(payload) == jobstatus.parse(active(), "nemo_jobs_v2")


class SdkTask(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    status: str


class SdkStep(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    status: str
    tasks: list[SdkTask]


class SdkResponse(BaseModel):
    """Shaped like an SDK response model: declared fields plus unknown extras."""

    model_config = ConfigDict(extra="allow")
    job_id: str
    status: str
    steps: list[SdkStep]
    status_details: dict[str, Any] | None = None


def test_an_sdk_response_object_is_read_through_its_json_dump_with_unknown_fields() -> None:
    sdk = SdkResponse.model_validate(
        {
            "job_id": "job-1",
            "status": "active",
            "steps": [
                {"name": "training", "status": "active", "tasks": [{"id": "t", "status": "active"}]}
            ],
            "brand_new_field": {"x": 1},
        }
    )
    job = jobstatus.parse(sdk)
    assert job.format == "nemo_ms_jobs"
    assert job.steps[0].tasks[0].id == "t"
    assert job.extensions["nemo_ms_jobs"] == {"brand_new_field": {"x": 1}}
    # Unset optional fields are not invented on the way back.
    assert jobstatus.render(job, "nemo_ms_jobs") == sdk.model_dump(exclude_unset=True)


BAD_INPUT = [
    ("not JSON", b'{"id": ', "not JSON"),
    ("NaN", '{"id": "x", "status": "active", "steps": [], "v": NaN}', "NaN is not a JSON value"),
    ("Infinity", '{"id": "x", "status": "active", "v": -Infinity}', "Infinity is not a JSON value"),
    ("array", "[]", "expected a JSON object, got list"),
    ("number", "3", "expected a JSON object, got int"),
    ("null", "null", "expected a JSON object, got NoneType"),
    ("deeply nested text", "[" * 100_000 + "]" * 100_000, "@ $"),
]


@pytest.mark.parametrize(("label", "payload", "fragment"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_raises_a_parse_error_naming_format_and_path(
    label: str, payload: Any, fragment: str
) -> None:
    with pytest.raises(ParseError) as caught:
        jobstatus.parse(payload, "nemo_jobs_v2")
    message = str(caught.value)
    assert message.startswith("nemo_jobs_v2: ")
    assert fragment in message
    assert "@ $" in message
    assert isinstance(caught.value, ValueError)


def _nest(levels: int) -> dict[str, Any]:
    """An object ``levels`` deep (itself counted)."""
    deep: dict[str, Any] = {"leaf": 1}
    for _ in range(levels - 1):
        deep = {"d": deep}
    return deep


def test_details_nested_to_the_limit_are_kept_and_deeper_ones_refused() -> None:
    from jobstatus.api import MAX_DEPTH

    payload = active()
    details = payload["steps"][1]["tasks"][0]["status_details"]
    details["nested"] = _nest(MAX_DEPTH - 6)  # below root, steps, step, tasks, task, details
    job = jobstatus.parse(payload)
    kept = job.steps[1].tasks[0].extensions["nemo_jobs_v2"]["status_details"]["nested"]
    assert kept == details["nested"]
    assert jobstatus.render(job, "nemo_jobs_v2") == payload
    details["nested"] = _nest(MAX_DEPTH - 5)
    with pytest.raises(ParseError, match=f"nested deeper than {MAX_DEPTH} levels") as caught:
        jobstatus.parse(payload)
    assert caught.value.path == "$.steps[1].tasks[0].status_details.nested" + ".d" * 122


@pytest.mark.parametrize(
    ("status", "expected", "code", "severity"),
    [
        ("active", Status.running, None, None),
        ("ACTIVE", Status.running, "off_enum_status", "warning"),
        ("failed", Status.failed, "off_enum_status", "warning"),
        ("suspended", Status.unknown, "unknown_status", "error"),
        (3, Status.unknown, "wrong_type", "error"),
        (None, Status.unknown, "missing_status", "warning"),
    ],
)
def test_status_drift_is_an_issue_never_a_silent_guess(
    status: Any, expected: Status, code: str | None, severity: str | None
) -> None:
    payload = active()
    payload["status"] = status
    job = jobstatus.parse(payload)
    assert job.status is expected
    found = [i for i in job.issues if i.path == "$.status"]
    if code is None:
        assert found == []
    else:
        assert [(i.code, i.severity) for i in found] == [(code, severity)]
    assert jobstatus.render(job, "nemo_jobs_v2") == payload


def test_strict_raises_one_error_listing_every_issue() -> None:
    payload = stamped()
    payload["status"] = "suspended"
    payload["steps"][1]["tasks"][0]["status_details"]["step"] = "eight"
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, strict=True)
    error = caught.value
    assert isinstance(error, JobStatusError)
    assert isinstance(error, ValueError)
    assert [i.path for i in error.issues] == [
        "$.status",
        "$.steps[1].tasks[0].status_details.step",
    ]
    assert "unknown status 'suspended'" in str(error)
    assert "$.steps[1].tasks[0].status_details.step" in str(error)


def test_strict_accepts_what_real_servers_send() -> None:
    # A null job-level error_details is what the server sends for a healthy job: no issue.
    job = jobstatus.parse(stamped(), strict=True)
    assert stamped()["error_details"] is None
    assert job.issues == ()


def test_unknown_format_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownFormatError, match="did you mean 'nemo_jobs_v2'"):
        jobstatus.parse(active(), "nemo_job_v2")
    with pytest.raises(UnknownFormatError, match="known formats: canonical, "):
        jobstatus.render(Job(), "zzz")


def test_detect() -> None:
    assert jobstatus.detect(active()) == "nemo_jobs_v2"
    assert jobstatus.detect({"job_id": "j", "status": "active", "steps": []}) == "nemo_ms_jobs"
    assert jobstatus.detect({"status": "running", "format": "x"}) == "canonical"
    with pytest.raises(DetectError, match="fits no known format"):
        jobstatus.detect({"hello": "world"})
    with pytest.raises(DetectError, match="expected a JSON object"):
        jobstatus.detect([1])


def test_render_refuses_what_is_not_a_job() -> None:
    with pytest.raises(JobStatusError, match="takes a Job"):
        jobstatus.render({"status": "active"}, "nemo_jobs_v2")  # type: ignore[arg-type]


def test_models_are_frozen_and_compare_by_value() -> None:
    a, b = jobstatus.parse(active()), jobstatus.parse(json.dumps(active()))
    assert a == b
    assert a is not b
    with pytest.raises(ValueError, match="frozen"):
        a.status = Status.failed  # type: ignore[misc]


def test_canonical_json_is_a_format() -> None:
    job = jobstatus.parse(active())
    text = json.dumps(jobstatus.render(job, "canonical"))
    assert jobstatus.parse(text) == job
    assert jobstatus.detect(text) == "canonical"
    with pytest.raises(ParseError, match=r"not a valid canonical job") as caught:
        jobstatus.parse({"status": "nope"}, "canonical")
    assert caught.value.issues[0].path == "$.status"


def test_canonical_render_of_a_job_deeper_than_any_payload_is_a_render_error() -> None:
    # No payload reads this deep (parse refuses past MAX_DEPTH); a job built by hand can.
    job = Job(extensions={"x": {"deep": _nest(400)}})
    with pytest.raises(jobstatus.RenderError, match="canonical: cannot write the job"):
        jobstatus.render(job, "canonical")


# -- reading JSON text ------------------------------------------------------------------------


def _reference_load(text: Any) -> Any:
    """What ``load`` gives by definition: the standard library's reading, NaN refused,
    nesting refused past the deepest any format reads."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON value")

    try:
        value = json.loads(text, parse_constant=refuse)
    except (ValueError, RecursionError) as error:
        return ("error", f"not JSON: {error}", "$")
    # Past the deepest nesting any format reads, refused naming the first container too
    # deep, the leftmost of a JSON text made only of arrays, as here.
    if _depth(value) > CANONICAL_DEPTH:
        path = "$" + "[0]" * MAX_DEPTH
        return ("error", f"nested deeper than {MAX_DEPTH} levels of arrays and objects", path)
    return ("ok", value)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            items = item.values() if isinstance(item, dict) else item
            stack.extend((inner, level + 1) for inner in items)
    return deepest


def _typed(value: Any) -> Any:
    """``value`` with every scalar's type spelled out, so that 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return ["object", [(key, _typed(item)) for key, item in value.items()]]
    if isinstance(value, list):
        return ["array", [_typed(item) for item in value]]
    return [type(value).__name__, repr(value)]


def _load_outcome(text: Any) -> Any:
    try:
        return ("ok", load(text))
    except ParseError as error:
        return ("error", error.what, error.path)


_texts = st.one_of(
    json_values.flatmap(
        lambda value: st.sampled_from(
            [
                json.dumps(value),
                json.dumps(value, ensure_ascii=False),
                json.dumps(value, indent=2),
                json.dumps(value, separators=(",", ":")),
            ]
        )
    ),
    st.text(max_size=40),
    st.binary(max_size=40),
)


@given(text=_texts, encode=st.sampled_from(["str", "utf-8", "utf-8-sig", "utf-16", "bytearray"]))
def test_json_text_reads_as_the_standard_library_reads_it(text: Any, encode: str) -> None:
    if isinstance(text, str) and encode != "str":
        try:
            text = text.encode("utf-8" if encode == "bytearray" else encode)
        except UnicodeEncodeError:
            return
        if encode == "bytearray":
            text = bytearray(text)
    mine, reference = _load_outcome(text), _reference_load(text)
    assert mine[0] == reference[0], (mine, reference)
    if mine[0] == "ok":
        assert _typed(mine[1]) == _typed(reference[1])
    else:
        assert mine == reference


@pytest.mark.parametrize(
    "text",
    [
        b"\xef\xbb\xbf{}",
        '{"a": "\\ud800"}',
        "\ud800",
        b"[NaN]",
        b'{"a": -Infinity}',
        b"[" * 300 + b"]" * 300,
        b"1" * 4301,
        b"123456789012345678901234567890",
        b"1e400",
        b'{"a": 1, "a": 2, "b": 3}',
        '{"é": 1}'.encode("utf-16"),
        memoryview(b'{"a": [1, 2.5, null, true]}'),
    ],
)
def test_json_text_edge_cases_read_as_the_standard_library_reads_them(text: Any) -> None:
    source = bytes(text) if isinstance(text, memoryview) else text
    mine, reference = _load_outcome(text), _reference_load(source)
    assert mine[0] == reference[0]
    if mine[0] == "ok":
        assert _typed(mine[1]) == _typed(reference[1])
    else:
        assert mine == reference


def test_status_of_refuses_what_is_not_a_json_object() -> None:
    with pytest.raises(jobstatus.ParseError, match="not JSON"):
        jobstatus.status_of(b'{"jobId": ', "tensorone")
    with pytest.raises(jobstatus.ParseError, match="expected a JSON object, got list"):
        jobstatus.status_of(b"[1]", "tensorone")
    with pytest.raises(jobstatus.UnknownFormatError):
        jobstatus.status_of({"status": "running"}, "no_such_format")
    with pytest.raises(jobstatus.UsageError):
        jobstatus.status_of({"status": "running"}, 3)  # type: ignore[arg-type]
    with pytest.raises(jobstatus.ParseError, match="canonical status") as raised:
        jobstatus.status_of({"status": "RUNNING"}, "canonical")
    assert raised.value.path == "$.status"


def test_status_of_reads_text_with_what_the_fast_decoder_refuses() -> None:
    # A lone surrogate and an integer past 64 bits: left to the standard library's reader.
    text = '{"jobId": "\\ud800", "status": "running", "n": 123456789012345678901234567890}'
    assert jobstatus.status_of(text, "tensorone") is jobstatus.Status.running
    assert jobstatus.status_of(text.encode(), "tensorone") is jobstatus.parse(text).status
