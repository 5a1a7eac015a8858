"""Arrow tables of jobs: the fixed schema, the exact round trip, step rows, and parse_batch."""

from __future__ import annotations

import doctest
import importlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow", reason="the arrow extra (pyarrow) is not installed")

import jobstatus  # noqa: E402
from jobstatus import Issue, Job, Status, Step, Task  # noqa: E402
from jobstatus.arrow import (  # noqa: E402
    SCHEMA_VERSION,
    TableError,
    from_table,
    parse_batch,
    schema,
    step_schema,
    steps_table,
    to_table,
)
from jobstatus.testing.strategies import jobs  # noqa: E402

from ._archive import agrees, archive, expected_rows  # noqa: E402
from ._support import fixture_files, json_values  # noqa: E402

_issues = st.builds(
    Issue,
    path=st.just("$.status"),
    code=st.sampled_from(["unknown_status", "wrong_type"]),
    message=st.text(max_size=20),
    severity=st.sampled_from(["error", "warning", "info"]),
    keyword=st.none() | st.just("enum"),
)


@st.composite
def full_jobs(draw: st.DrawFn) -> Job:
    """What jobs() leaves out too: a format, extensions (any JSON, on the job and its steps'
    nodes) and issues."""
    job = draw(jobs())
    extensions = draw(
        st.dictionaries(
            st.sampled_from(["tensorone", "x"]),
            st.dictionaries(st.text(max_size=8), json_values, max_size=3),
            max_size=2,
        )
    )
    return job.model_copy(
        update={
            "format": draw(st.none() | st.sampled_from(jobstatus.formats())),
            "extensions": extensions,
            "issues": tuple(draw(st.lists(_issues, max_size=3))),
        }
    )


# -- the schema --------------------------------------------------------------------------------


def test_the_schema_is_versioned_and_every_column_documented() -> None:
    for found in (schema(), step_schema()):
        assert found.metadata[b"jobstatus.schema_version"] == SCHEMA_VERSION.encode()
        for field in found:
            assert field.metadata[b"description"], field.name
        assert len(set(found.names)) == len(found.names)
    assert schema().names[:4] == ["source", "row", "error", "format"]
    wanted = {
        "status",
        "vendor_status",
        "phase",
        "outcome",
        "is_terminal",
        "created_at",
        "completed_at",
        "progress_percent",
        "progress_eta_seconds",
        "metrics_loss",
        "error_message",
        "error_code",
        "cost_current",
        "resources_gpu_count",
        "step_count",
        "issue_count",
        "extensions",
        "issues",
        "steps",
    }
    assert wanted <= set(schema().names)


def test_tables_of_different_formats_concatenate() -> None:
    tables = []
    for path in fixture_files()[::4]:
        try:
            tables.append(to_table([jobstatus.parse(path.read_bytes())]))
        except jobstatus.JobStatusError:
            continue
    assert len({t.column("format")[0].as_py() for t in tables}) >= 5
    joined = pa.concat_tables(tables)
    assert joined.schema == schema()
    assert joined.num_rows == len(tables)


# -- the round trip ----------------------------------------------------------------------------


@settings(max_examples=25)
@given(st.lists(full_jobs(), max_size=3))
def test_from_table_of_to_table_is_the_jobs(found: list[Job]) -> None:
    table = to_table(found)
    assert table.schema == schema()
    assert table.column("row").to_pylist() == list(range(len(found)))
    assert list(from_table(table)) == found
    # and the same from the bytes of a Parquet file or an Arrow stream
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    assert list(from_table(pa.ipc.open_stream(sink.getvalue()).read_all())) == found


def test_every_fixture_job_round_trips() -> None:
    parsed = []
    for path in fixture_files():
        try:
            parsed.append(jobstatus.parse(path.read_bytes()))
        except jobstatus.JobStatusError:
            continue
    table = to_table(parsed)
    assert list(from_table(table)) == parsed
    assert [jobstatus.render(j, "canonical") for j in from_table(table)] == [
        jobstatus.render(j, "canonical") for j in parsed
    ]


def test_derived_columns() -> None:
    job = Job(
        id="j",
        status=Status.failed,
        error={"message": "oom", "code": "E1"},
        steps=(Step(tasks=(Task(), Task())), Step()),
        issues=(Issue(path="$", code="c", message="m", severity="info"),),
    )
    (row,) = to_table([job]).to_pylist()
    assert (row["phase"], row["outcome"], row["is_terminal"]) == ("terminal", "failure", True)
    assert (row["step_count"], row["issue_count"]) == (2, 1)
    assert (row["error_message"], row["error_code"], row["error_details"]) == ("oom", "E1", "{}")
    (bare,) = to_table([Job()]).to_pylist()
    assert (bare["outcome"], bare["error_details"], bare["steps"], bare["extensions"]) == (
        None,
        None,
        None,
        None,
    )


def test_no_error_and_an_empty_error_stay_apart() -> None:
    found = [Job(), Job(error={})]
    assert list(from_table(to_table(found))) == found


def test_an_integer_beyond_64_bits_is_a_clear_error() -> None:
    job = Job(progress={"bytes": 2**70})
    with pytest.raises(TableError, match=r"1180591620717411303424 of column 'progress_bytes'"):
        to_table([Job(), job])


# -- step rows ---------------------------------------------------------------------------------


@settings(max_examples=15)
@given(st.lists(jobs(), max_size=3))
def test_steps_table_has_a_row_per_step_and_task(found: list[Job]) -> None:
    table = steps_table(found)
    assert table.schema == step_schema()
    expected = [
        (row, job.id, index, task_index, node.status.value, node.name)
        for row, job in enumerate(found)
        for index, step in enumerate(job.steps)
        for task_index, node in [(None, step), *enumerate(step.tasks)]
    ]
    got = table.select(["job_row", "job_id", "step_index", "task_index", "status", "name"])
    assert [tuple(r.values()) for r in got.to_pylist()] == expected
    tasks = table.column("task_count").to_pylist()
    assert [t is None for t in tasks] == [e[3] is not None for e in expected]


# -- reading foreign tables ------------------------------------------------------------------


def test_from_table_names_what_is_wrong() -> None:
    good = to_table([Job(id="a")])
    with pytest.raises(TableError, match="no column 'status'"):
        list(from_table(good.drop_columns(["status"])))
    bad_status = good.set_column(good.schema.get_field_index("status"), "status", pa.array(["x"]))
    with pytest.raises(TableError, match=r"row 0: not a valid job") as caught:
        list(from_table(bad_status))
    assert [i.path for i in caught.value.issues] == ["$.status"]
    index = good.schema.get_field_index("steps")
    bad_json = good.set_column(index, "steps", pa.array(["[oops"]))
    with pytest.raises(TableError, match="row 0: column 'steps' is not JSON"):
        list(from_table(bad_json))
    index = good.schema.get_field_index("created_at")
    text = good.set_column(index, "created_at", pa.array(["yesterday"]))
    with pytest.raises(TableError, match="column 'created_at' is string, expected timestamp"):
        list(from_table(text))
    assert isinstance(TableError("x"), ValueError)
    assert isinstance(TableError("x"), jobstatus.JobStatusError)


def test_from_table_casts_compatible_types() -> None:
    job = Job(id="a", created_at="2024-01-01T00:00:00Z", progress={"step": 3})
    table = to_table([job])
    narrowed = table.cast(
        pa.schema(
            [
                f.with_type(pa.timestamp("ns", tz="UTC"))
                if f.name == "created_at"
                else f.with_type(pa.int32())
                if f.name == "progress_step"
                else f.with_type(pa.large_string())
                if f.name == "id"
                else f
                for f in table.schema
            ]
        )
    )
    assert list(from_table(narrowed)) == [job]


# -- parse_batch -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [pa.binary(), pa.large_string()])
def test_parse_batch_equals_parse_row_by_row(kind: Any) -> None:
    pairs = archive()
    payloads = [
        raw if kind == pa.binary() or raw is None else raw.decode("utf-8", "replace")
        for _, raw in pairs
    ]
    if kind != pa.binary():  # as text, the payload that is not UTF-8 reads differently
        pairs = tuple(
            (k, p if p is None else p.encode()) for (k, _), p in zip(pairs, payloads, strict=True)
        )
    batch = pa.record_batch(
        {"key": [key for key, _ in pairs], "payload": pa.array(payloads, type=kind)}
    )
    got = parse_batch(batch, source="key", first_row=100)
    assert got.schema == schema()
    assert got.num_rows == len(pairs)
    assert got.column("row").to_pylist() == list(range(100, 100 + len(pairs)))
    agrees(got.to_pylist(), expected_rows(pairs))
    errors = [row for row in got.to_pylist() if row["error"] is not None]
    assert len(errors) >= 8
    assert all(json.loads(row["issues"])[0]["code"] == "unreadable" for row in errors)


@settings(max_examples=40)
@given(st.lists(st.binary(max_size=30) | json_values.map(json.dumps) | st.none(), max_size=6))
def test_parse_batch_never_raises_and_never_drops_a_row(payloads: list[Any]) -> None:
    kind = pa.binary() if any(isinstance(p, bytes) for p in payloads) else pa.string()
    values = [p.encode() if isinstance(p, str) and kind == pa.binary() else p for p in payloads]
    got = parse_batch(pa.table({"payload": pa.array(values, type=kind)}))
    assert got.num_rows == len(payloads)
    for row, payload in zip(got.to_pylist(), values, strict=True):
        try:
            job = jobstatus.parse(payload) if payload is not None else None
        except jobstatus.JobStatusError:
            job = None
        if job is None:
            assert row["status"] == "unknown"
            assert row["error"]
            assert json.loads(row["issues"])[0]["code"] == "unreadable"
        else:
            assert (row["status"], row["error"]) == (job.status.value, None)


def test_parse_batch_keeps_a_job_too_large_for_its_columns_as_an_error_row() -> None:
    huge = json.dumps({"jobId": "j", "status": "running", "progress": {"currentStep": 2**70}})
    assert jobstatus.parse(huge).progress.step == 2**70  # a count has no upper bound
    got = parse_batch(pa.record_batch({"payload": [huge, '{"jobId": "k", "status": "failed"}']}))
    first, second = got.to_pylist()
    assert "of column 'progress_step'" in first["error"]
    assert (first["status"], first["format"]) == ("unknown", None)
    assert (second["status"], second["error"]) == ("failed", None)


def test_parse_batch_with_a_format_and_errors_of_the_caller() -> None:
    batch = pa.record_batch({"payload": ['{"jobId": "j", "status": "running"}'], "n": [7]})
    (row,) = parse_batch(batch, fmt="tensorone", source="n").to_pylist()
    assert (row["format"], row["status"], row["source"]) == ("tensorone", "running", "7")
    (row,) = parse_batch(batch, fmt="canonical").to_pylist()
    assert (row["status"], row["format"]) == ("unknown", "canonical")
    assert row["error"].startswith("canonical: not a valid canonical job")
    assert json.loads(row["issues"])[1]["path"] == "$.jobId"  # the issues behind the error
    with pytest.raises(jobstatus.UnknownFormatError, match="did you mean 'tensorone'"):
        parse_batch(batch, fmt="tensoron")
    with pytest.raises(TableError, match="no column 'body' \\(its columns: payload, n\\)"):
        parse_batch(batch, "body")
    with pytest.raises(TableError, match="column 'n' is int64; expected JSON payloads"):
        parse_batch(batch, "n")
    with pytest.raises(TableError, match="no column 'key'"):
        parse_batch(batch, source="key")


def test_error_rows_read_back_as_unknown_jobs_with_the_error_as_issue() -> None:
    got = parse_batch(pa.record_batch({"payload": ["{oops", None]}))
    first, second = from_table(got)
    assert first.status is Status.unknown
    assert first.issues[0].code == "unreadable"
    assert first.issues[0].message.startswith("not JSON")
    assert second.issues[0].message == "no payload (null)"


@pytest.mark.parametrize(
    "module",
    [
        "jobstatus.arrow",
        "jobstatus.arrow._schema",
        "jobstatus.arrow._convert",
        "jobstatus.arrow._batch",
    ],
)
def test_docstring_examples(module: str) -> None:
    found = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert found.attempted > 0
    assert found.failed == 0
