"""What a payload must hold and how exactly it is read: timestamps finer than the model,
the canonical reader's types, payloads without a status, and strict parsing as the vendor's
published contract.

Rules that hold for every format loop over the registered formats; values are generated
(hypothesis) besides the worked examples.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jobstatus
from jobstatus import Issue, Job, ParseError, Status, Step, StrictError, Task
from jobstatus._engine.codecs import (
    NAIVE_UTC_TIMESTAMP,
    TIMESTAMP,
    Codec,
    CodecError,
    timestamp_loss,
)
from jobstatus._engine.paths import put
from jobstatus.registry import REGISTRY
from jobstatus.testing.strategies import jobs

from ._support import FIXTURES

FORMATS = jobstatus.formats()
TABLE_FORMATS = [f for f in FORMATS if REGISTRY.get(f).levels]


def _reads_iso(codec: Codec) -> bool:
    try:
        codec.parse("2000-01-01T00:00:00Z")
    except CodecError:
        return False  # epoch numbers only (OpenAI, Ray)
    return True


def _created_at_key(fmt: str) -> tuple[str, ...] | None:
    """Where ``fmt`` writes a job's ``created_at`` as an ISO 8601 string, if it does."""
    rows = [
        row
        for row in REGISTRY.get(fmt).levels[0].fields
        if row.canonical == ("created_at",) and _reads_iso(row.codec)
    ]
    return rows[0].spellings[0] if rows else None


STAMPED_FORMATS = [f for f in TABLE_FORMATS if _created_at_key(f) is not None]


def _payload_with(fmt: str, raw: str) -> tuple[dict[str, Any], str]:
    """A small payload of ``fmt`` with ``raw`` as the job's creation time, and its path."""
    keys = _created_at_key(fmt)
    assert keys is not None
    payload = jobstatus.render(Job(status=Status.running, id="job-1", name="n"), fmt)
    put(payload, keys, raw)
    return payload, "$." + ".".join(keys)


# -- timestamps: finer than the model holds ------------------------------------------------

_moments = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9000, 1, 1))
_zones = st.sampled_from(["Z", "+00:00", "-05:30", "+14:00", ""])


def _spelled(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _zone(text: str) -> timezone:
    if text in ("", "Z"):
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(text[1:3]), minutes=int(text[4:6])))


@st.composite
def _sub_microsecond(draw: st.DrawFn) -> tuple[str, datetime]:
    """A timestamp with digits past the microsecond (one of them not 0), and the instant
    the model holds for it (the digits cut)."""
    moment = draw(_moments)
    extra = draw(st.from_regex(r"[0-9]{0,2}[1-9]", fullmatch=True))
    zone = draw(_zones)
    raw = f"{_spelled(moment)}.{moment.microsecond:06d}{extra}{zone}"
    return raw, moment.replace(tzinfo=_zone(zone))


@st.composite
def _offset_seconds(draw: st.DrawFn) -> tuple[str, datetime]:
    """A timestamp whose offset has seconds, and the instant it names."""
    moment = draw(_moments).replace(microsecond=0)
    sign = draw(st.sampled_from([1, -1]))
    hours, minutes = draw(st.integers(0, 13)), draw(st.integers(0, 59))
    seconds = draw(st.integers(1, 59))
    zone = f"{'+' if sign > 0 else '-'}{hours:02d}:{minutes:02d}:{seconds:02d}"
    offset = sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return f"{_spelled(moment)}{zone}", moment.replace(tzinfo=timezone(offset))


def _check_kept_and_reported(fmt: str, raw: str, instant: datetime) -> Job:
    payload, path = _payload_with(fmt, raw)
    job = jobstatus.parse(payload, fmt)
    assert job.created_at == instant
    found = [i for i in job.issues if i.code == "precision_loss"]
    assert [(i.path, i.severity) for i in found] == [(path, "warning")]
    assert repr(raw) in found[0].message
    # The same-format round trip gives the exact spelling back, and says what was lost.
    assert jobstatus.render(job, fmt) == payload
    with pytest.raises(StrictError, match=r"past the microsecond|offset with seconds"):
        jobstatus.parse(payload, fmt, strict=True)
    # The canonical JSON holds the instant exactly, and reads back as the same job.
    assert jobstatus.parse(json.dumps(jobstatus.render(job, "canonical")), "canonical") == job
    return job


@pytest.mark.parametrize("fmt", STAMPED_FORMATS)
@settings(max_examples=20)
@given(case=_sub_microsecond())
def test_digits_past_the_microsecond_are_reported_and_kept(
    fmt: str, case: tuple[str, datetime]
) -> None:
    raw, instant = case
    _check_kept_and_reported(fmt, raw, instant)


@pytest.mark.parametrize("fmt", STAMPED_FORMATS)
@settings(max_examples=20)
@given(case=_offset_seconds())
def test_offsets_with_seconds_are_read_in_utc_reported_and_kept(
    fmt: str, case: tuple[str, datetime]
) -> None:
    raw, instant = case
    job = _check_kept_and_reported(fmt, raw, instant)
    assert job.created_at is not None
    assert job.created_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("raw", "instant"),
    [
        (
            "2025-01-01T00:00:00.123456789Z",
            datetime(2025, 1, 1, 0, 0, 0, 123456, tzinfo=timezone.utc),
        ),
        ("2025-01-01T00:00:00+14:00:30", datetime(2024, 12, 31, 9, 59, 30, tzinfo=timezone.utc)),
    ],
)
@pytest.mark.parametrize("fmt", STAMPED_FORMATS)
def test_the_worked_examples(fmt: str, raw: str, instant: datetime) -> None:
    job = _check_kept_and_reported(fmt, raw, instant)
    assert jobstatus.render(job, "canonical")["created_at"] == "2024-12-31T09:59:30Z" or (
        instant.microsecond == 123456
    )


@settings(max_examples=30)
@given(moment=_moments, zone=_zones, digits=st.integers(0, 6), zeros=st.integers(0, 3))
def test_what_the_model_holds_is_read_exactly(
    moment: datetime, zone: str, digits: int, zeros: int
) -> None:
    """Up to microseconds (trailing zeros past them included) and an offset of whole
    minutes: no issue, and the codec takes the value (nothing kept aside)."""
    fraction = f"{moment.microsecond:06d}"[:digits] + "0" * zeros if digits else ""
    raw = _spelled(moment) + (f".{fraction}" if fraction else "") + zone
    assert timestamp_loss(raw) is None
    for codec in (TIMESTAMP, NAIVE_UTC_TIMESTAMP):
        assert codec.keeps(raw, codec.parse(raw))


@settings(max_examples=30)
@given(case=_sub_microsecond() | _offset_seconds())
def test_codecs_never_call_a_finer_spelling_the_same(case: tuple[str, datetime]) -> None:
    raw, _ = case
    for codec in (TIMESTAMP, NAIVE_UTC_TIMESTAMP):
        value = codec.parse(raw)
        assert not codec.keeps(raw, value)
        assert not codec.same(raw, codec.render(value))
        assert codec.same(raw, raw)
        assert codec.means(raw, value)  # so the writer writes the kept spelling back


def test_a_checkpoint_time_finer_than_the_model_is_reported() -> None:
    payload = {
        "jobId": "job-1",
        "status": "running",
        "checkpoints": [{"checkpointId": "c-1", "createdAt": "2025-01-01T00:00:00.1234567Z"}],
    }
    job = jobstatus.parse(payload, "tensorone")
    assert [(i.path, i.code, i.severity) for i in job.issues] == [
        ("$.checkpoints", "precision_loss", "warning")
    ]
    assert jobstatus.render(job, "tensorone") == payload


@settings(max_examples=20)
@given(case=_offset_seconds())
def test_a_job_built_with_an_offset_in_seconds_keeps_its_instant(
    case: tuple[str, datetime],
) -> None:
    _, instant = case
    job = Job(status=Status.running, created_at=instant, steps=(Step(completed_at=instant),))
    assert job.created_at == instant
    assert job.steps[0].completed_at == instant
    assert jobstatus.parse(jobstatus.render(job, "canonical"), "canonical") == job


# -- the canonical reader: as strict as its schema -----------------------------------------

_TIMESTAMP_PATHS = [
    ("created_at",),
    ("steps", 0, "updated_at"),
    ("steps", 0, "tasks", 0, "started_at"),
    ("checkpoints", 0, "created_at"),
    ("metrics", "history", 0, "timestamp"),
]


def _canonical_with(keys: tuple[str | int, ...], value: Any) -> tuple[dict[str, Any], str]:
    doc: dict[str, Any] = {
        "status": "running",
        "steps": [{"status": "running", "tasks": [{"status": "running"}]}],
        "checkpoints": [{"id": "c-1"}],
        "metrics": {"history": [{"name": "loss", "value": 1.5}]},
    }
    node: Any = doc
    for key in keys[:-1]:
        node = node[key] if isinstance(key, int) else node.setdefault(key, {})
    node[keys[-1]] = value
    path = "$" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)
    return doc, path


def _refused_at(doc: dict[str, Any], path: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        jobstatus.parse(doc, "canonical")
    assert path in [i.path for i in caught.value.issues], caught.value
    assert all(isinstance(i, Issue) and i.severity == "error" for i in caught.value.issues)
    return caught.value


_not_timestamps = (
    st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.booleans()
    | st.from_regex(r"[0-9]{1,12}(\.[0-9]{1,3})?", fullmatch=True)
)


@pytest.mark.parametrize("keys", _TIMESTAMP_PATHS, ids=lambda k: ".".join(map(str, k)))
@settings(max_examples=25)
@given(value=_not_timestamps)
def test_canonical_refuses_epochs_and_digit_strings_for_timestamps(
    keys: tuple[str | int, ...], value: Any
) -> None:
    doc, path = _canonical_with(keys, value)
    _refused_at(doc, path)
    assert path in [i.path for i in jobstatus.validate(doc, "canonical")]


@pytest.mark.parametrize("value", [-1, 0, "0", "1700000000", 1700000000.5, True, "00010110"])
def test_canonical_worked_examples_for_timestamps(value: Any) -> None:
    doc, path = _canonical_with(("created_at",), value)
    _refused_at(doc, path)


@pytest.mark.parametrize("keys", _TIMESTAMP_PATHS, ids=lambda k: ".".join(map(str, k)))
@settings(max_examples=15)
@given(case=_sub_microsecond() | _offset_seconds())
def test_canonical_refuses_timestamps_finer_than_the_model(
    keys: tuple[str | int, ...], case: tuple[str, datetime]
) -> None:
    doc, path = _canonical_with(keys, case[0])
    error = _refused_at(doc, path)
    assert any(i.code == "precision_loss" for i in error.issues)


_NUMBER_PATHS = [
    ("progress", "percent"),
    ("progress", "step"),
    ("metrics", "loss"),
    ("metrics", "other", "bleu"),
    ("resources", "gpu_count"),
    ("cost", "current"),
    ("steps", 0, "progress", "eta_seconds"),
]


@pytest.mark.parametrize("keys", _NUMBER_PATHS, ids=lambda k: ".".join(map(str, k)))
@settings(max_examples=15)
@given(value=st.booleans() | st.from_regex(r"[0-9]{1,3}", fullmatch=True))
def test_canonical_refuses_booleans_and_strings_for_numbers(
    keys: tuple[str | int, ...], value: Any
) -> None:
    doc, path = _canonical_with(keys, value)
    _refused_at(doc, path)
    assert jobstatus.validate(doc, "canonical") != []


def test_canonical_refuses_true_as_a_percent() -> None:
    doc, path = _canonical_with(("progress", "percent"), True)
    error = _refused_at(doc, path)
    assert "number" in str(error)


def _leaves(value: Any, keys: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict) and value:
        return [k for key, item in value.items() for k in _leaves(item, (*keys, key))]
    if isinstance(value, list) and value:
        return [k for index, item in enumerate(value) for k in _leaves(item, (*keys, index))]
    return [keys]


_json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2025-01-01T00:00:00Z", "1700000000", "running", "2025-01-01"])
)


@settings(max_examples=25)
@given(job=jobs(), data=st.data())
def test_canonical_reader_refuses_whatever_its_schema_refuses(
    job: Job, data: st.DataObject
) -> None:
    """A leaf of a canonical job set to another JSON value: when the schema refuses the
    document, so does the reader (it may refuse more: a naive timestamp, say)."""
    doc = jobstatus.render(job, "canonical")
    leaves = [k for k in _leaves(doc) if k and k[0] not in ("extensions", "issues")]
    keys = data.draw(st.sampled_from(leaves))
    edited = copy.deepcopy(doc)
    node: Any = edited
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = data.draw(_json_leaf)
    if jobstatus.validate(edited, "canonical"):
        with pytest.raises(ParseError):
            jobstatus.parse(edited, "canonical")


# -- payloads without a status -------------------------------------------------------------

VENDOR_FORMATS = list(TABLE_FORMATS)


# Drawing a job costs far more than checking it: a few per format.
@pytest.mark.parametrize("fmt", VENDOR_FORMATS)
@settings(max_examples=8)
@given(job=jobs(), absent=st.sampled_from(["missing", "null"]))
def test_a_job_without_a_status_is_unknown_with_a_warning(fmt: str, job: Job, absent: str) -> None:
    payload = jobstatus.render(job, fmt)
    whole = jobstatus.parse(payload, fmt)
    [key] = REGISTRY.get(fmt).status_key
    if absent == "missing":
        del payload[key]
    else:
        payload[key] = None
    bare = jobstatus.parse(payload, fmt)
    assert bare.status is Status.unknown
    assert bare.vendor_status is None
    assert [(i.path, i.code, i.severity) for i in bare.issues if i.path == f"$.{key}"] == [
        (f"$.{key}", "missing_status", "warning")
    ]
    # Everything else is read as it was.
    ignored = {"status", "vendor_status", "issues", "extensions"}
    assert bare.model_dump(exclude=ignored) == whole.model_dump(exclude=ignored)
    assert jobstatus.render(bare, fmt) == payload
    with pytest.raises(StrictError, match="no status"):
        jobstatus.parse(payload, fmt, strict=True)


def _has_steps(fmt: str) -> bool:
    return len(REGISTRY.get(fmt).levels) > 1


@pytest.mark.parametrize("fmt", [f for f in VENDOR_FORMATS if _has_steps(f)])
def test_a_step_without_a_status_is_unknown_with_a_warning(fmt: str) -> None:
    task = Task(id="t", status=Status.running)
    job = Job(status=Status.running, steps=(Step(name="s", status=Status.running, tasks=(task,)),))
    payload = jobstatus.render(job, fmt)
    levels = REGISTRY.get(fmt).levels
    if levels[0].shape == "array":
        steps, [key] = levels[0].children, levels[1].status
        del payload[steps][0][key]
        where = f"$.{steps}[0].{key}"
    else:  # a status map (Evaluator v1's task_status): a null status
        payload["status_details"]["task_status"]["s"] = None
        where = "$.status_details.task_status.s"
    parsed = jobstatus.parse(payload, fmt)
    assert parsed.steps[0].status is Status.unknown
    found = [(i.code, i.severity) for i in parsed.issues if i.path == where]
    assert found == [("missing_status", "warning")]
    assert jobstatus.render(parsed, fmt) == payload


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        ({"target": {"type": "model"}, "config": {"type": "gsm8k"}}, "nemo_evaluator_v1"),
        ({"id": "eval-1", "status": None, "target": {}, "config": {}}, "nemo_evaluator_v1"),
        ({"name": "n", "spec": {"config": "ns/c", "target": "ns/t"}}, "nemo_evaluator_v2"),
        (
            {"id": "j", "name": "n", "status": None, "spec": {"config": "c", "target": "t"}},
            "nemo_evaluator_v2",
        ),
        ({"id": "j", "name": "n", "status_details": {}, "steps": []}, "nemo_jobs_v2"),
        ({"job_id": "j", "steps": []}, "nemo_ms_jobs"),
        ({"jobId": "j"}, "tensorone"),
        ({"request_id": "r", "experiment_name": "e"}, "simplismart"),
    ],
)
def test_status_less_objects_are_detected_and_read(payload: dict[str, Any], fmt: str) -> None:
    assert jobstatus.detect(payload) == fmt
    job = jobstatus.parse(payload)
    assert job.format == fmt
    assert job.status is Status.unknown
    assert ("$.status", "missing_status", "warning") in [
        (i.path, i.code, i.severity) for i in job.issues
    ]
    assert [i for i in job.issues if i.severity == "error"] == []
    assert jobstatus.render(job, fmt) == payload


@pytest.mark.parametrize("fmt", VENDOR_FORMATS)
@settings(max_examples=8)
@given(job=jobs())
def test_status_less_payloads_are_never_taken_for_another_format(fmt: str, job: Job) -> None:
    payload = jobstatus.render(job, fmt)
    payload.pop(REGISTRY.get(fmt).status_key[0], None)
    try:
        found = jobstatus.detect(payload)
    except jobstatus.DetectError:
        return
    if found == "canonical" and set(payload) <= set(Job.model_fields):
        return  # {"started_at": ...} is a canonical job too: the canonical format takes it
    assert found == fmt


@settings(max_examples=25)
@given(
    message=st.none() | st.text(max_size=10),
    progress=st.none() | st.floats(0, 100),
    samples=st.none() | st.integers(0, 10**6),
    tasks=st.none() | st.dictionaries(st.text(min_size=1, max_size=5), st.just("running")),
)
def test_evaluator_v1_details_may_be_null(
    message: str | None, progress: float | None, samples: int | None, tasks: Any
) -> None:
    """The SDK types every field of the status details as optional: null is read, never
    an error, and the schema accepts it."""
    details = {
        "message": message,
        "progress": progress,
        "samples_processed": samples,
        "task_status": tasks,
    }
    payload = {"id": "eval-1", "status": "running", "target": {}, "config": {}}
    payload["status_details"] = details
    job = jobstatus.parse(payload, "nemo_evaluator_v1")
    assert [i for i in job.issues if i.severity != "info"] == []
    assert jobstatus.validate(payload, "nemo_evaluator_v1") == []
    assert jobstatus.render(job, "nemo_evaluator_v1") == payload
    assert job.progress.percent == progress
    assert job.message == message


# -- strict parsing: the vendor's published contract ---------------------------------------

# The keys each node must have in the vendor's contract (the OpenAPI, the SDK's models),
# beyond id, name, status and children.
CONTRACT = {
    "nemo_jobs_v2": {
        "job": ("created_at", "updated_at", "status_details", "error_details"),
        "step": ("created_at", "updated_at", "status_details", "error_details"),
        "task": ("created_at", "updated_at", "status_details", "error_details", "error_stack"),
    },
    "nemo_ms_jobs": {
        "job": ("status_details", "error_details"),
        "step": ("status_details", "error_details"),
        "task": ("status_details", "error_details", "error_stack"),
    },
}
_STAMPS = {"created_at": "2025-05-01T10:00:00Z", "updated_at": "2025-05-01T10:05:00Z"}


def _complete(fmt: str) -> dict[str, Any]:
    """A payload of ``fmt`` with every key its contract requires, at every level."""
    job = Job(
        id="j",
        name="n",
        status=Status.running,
        steps=(Step(id="s", name="s", status=Status.running, tasks=(Task(id="t", name="t"),)),),
    )
    payload = jobstatus.render(job, fmt)
    if fmt == "nemo_jobs_v2":
        for node in (payload, payload["steps"][0], payload["steps"][0]["tasks"][0]):
            node.update(_STAMPS)
    assert jobstatus.validate(payload, fmt) == []
    jobstatus.parse(payload, fmt, strict=True)
    return payload


_LEVELS = {"job": (), "step": ("steps", 0), "task": ("steps", 0, "tasks", 0)}


@pytest.mark.parametrize(
    ("fmt", "level", "key"),
    [
        (f, level, key)
        for f, levels in CONTRACT.items()
        for level, keys in levels.items()
        for key in keys
    ],
)
def test_a_key_the_contract_requires_fails_strict_and_validate(
    fmt: str, level: str, key: str
) -> None:
    payload = _complete(fmt)
    node: Any = payload
    for part in _LEVELS[level]:
        node = node[part]
    del node[key]
    node_path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in _LEVELS[level])
    where = f"${node_path}.{key}"  # a required error is located at the missing property
    assert (where, "required") in [(i.path, i.keyword) for i in jobstatus.validate(payload, fmt)]
    with pytest.raises(StrictError, match=f"'{key}' is a required property"):
        jobstatus.parse(payload, fmt, strict=True)
    # The lenient parse reads it: a missing timestamp is an info-level issue, nothing worse.
    job = jobstatus.parse(payload, fmt)
    assert [i for i in job.issues if i.severity != "info"] == []
    if key.endswith("_at"):
        missing = [(i.path, i.severity) for i in job.issues if i.code == "missing_field"]
        assert missing == [(where, "info")]
    assert jobstatus.render(job, fmt) == payload


def test_the_documents_own_example_without_timestamps_fails_strict() -> None:
    payload = json.loads((FIXTURES / "nemo_jobs_v2" / "doc_customizer_active.json").read_text())
    job = jobstatus.parse(payload, "nemo_jobs_v2")
    assert {i.severity for i in job.issues} == {"info"}
    assert "$.created_at" in [i.path for i in job.issues]
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, "nemo_jobs_v2", strict=True)
    assert {"$.created_at", "$.updated_at", "$.steps[0].created_at"} <= {
        i.path for i in caught.value.issues
    }
