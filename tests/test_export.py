"""``jobstatus export``, run as the installed command in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the arrow extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")

import jobstatus  # noqa: E402
from jobstatus._cli_export import export  # noqa: E402
from jobstatus.arrow import from_table, schema, step_schema, steps_table, to_table  # noqa: E402

from ._support import fixture_files  # noqa: E402
from .test_cli import EXAMPLE, run  # noqa: E402


def _payloads() -> list[bytes]:
    """Every JSON-object fixture that parses, on one line each."""
    found = []
    for path in fixture_files():
        try:
            jobstatus.parse(path.read_bytes())
        except jobstatus.JobStatusError:
            continue
        found.append(json.dumps(json.loads(path.read_bytes())).encode())
    return found


def _stream(tmp_path: Path, lines: int) -> tuple[Path, list[bytes | None]]:
    """A JSON Lines file of ``lines`` lines: fixtures in turn, every fifth one broken, and
    blank lines (which are skipped but counted); and the payload of each line."""
    payloads = _payloads()
    written: list[bytes | None] = []
    for number in range(lines):
        if number % 11 == 10:
            written.append(None)  # blank
        elif number % 5 == 4:
            written.append(b'{"status": "running", "broken": ' + str(number).encode())
        else:
            written.append(payloads[number % len(payloads)])
    path = tmp_path / "archive.jsonl"
    path.write_bytes(b"".join((line or b"") + b"\n" for line in written))
    return path, written


def _expected(written: list[bytes | None]) -> list[tuple[int, str, str | None]]:
    """(line, status, error) of each non-blank line, from parse() one line at a time."""
    rows = []
    for number, line in enumerate(written, 1):
        if line is None:
            continue
        try:
            # as the command reads it: the line with its end
            rows.append((number, jobstatus.parse(line + b"\n").status.value, None))
        except jobstatus.JobStatusError:
            rows.append((number, "unknown", str(_error_of(line + b"\n"))))
    return rows


def _error_of(line: bytes) -> jobstatus.JobStatusError:
    with pytest.raises(jobstatus.JobStatusError) as caught:
        jobstatus.parse(line)
    return caught.value


def test_export_writes_a_row_per_payload_and_reports_the_bad_ones(tmp_path: Path) -> None:
    path, written = _stream(tmp_path, 60)
    out, steps = tmp_path / "jobs.parquet", tmp_path / "steps.parquet"
    done = run("export", "--to", "parquet", out, path, "--steps", steps)
    expected = _expected(written)
    bad = [(line, error) for line, _, error in expected if error is not None]
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [f"{path}:{line}: {error}" for line, error in bad]
    table = pq.read_table(out)
    assert table.schema == schema()
    assert len(bad) == 11
    assert table.num_rows == len(expected) == 60 - 5  # 5 blank lines, every other one a row
    got = table.select(["row", "status", "error"]).to_pylist()
    assert [(r["row"], r["status"], r["error"]) for r in got] == expected
    assert set(table.column("source").to_pylist()) == {str(path)}
    good = [jobstatus.parse(line) for line in written if line is not None and b"broken" not in line]
    assert [j for j, r in zip(from_table(table), got, strict=True) if r["error"] is None] == good
    step_rows = pq.read_table(steps)
    assert step_rows.schema == step_schema()
    assert step_rows.num_rows == steps_table(good).num_rows > 0


def test_arrow_stream_and_workers_give_the_same_rows_in_order(tmp_path: Path) -> None:
    path, _ = _stream(tmp_path, 80)
    one, two = tmp_path / "one.parquet", tmp_path / "two.arrow"
    assert run("export", "--to", "parquet", one, path, "--batch", "7").returncode == 1
    done = run("export", "--to", "arrow", two, path, "--batch", "7", "--workers", "2")
    assert done.returncode == 1
    with pa.ipc.open_stream(two) as reader:
        streamed = reader.read_all()
    assert streamed.equals(pq.read_table(one))
    assert streamed.column("row").to_pylist() == sorted(streamed.column("row").to_pylist())


def test_a_json_file_is_one_row_and_a_clean_run_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "one.parquet"
    done = run("export", "--to", "parquet", out, EXAMPLE)
    assert (done.returncode, done.stderr) == (0, "")
    (row,) = pq.read_table(out).to_pylist()
    assert (row["source"], row["row"], row["format"]) == (str(EXAMPLE), 1, "nemo_jobs_v2")
    assert to_table([jobstatus.parse(EXAMPLE.read_bytes())]).to_pylist()[0] == {
        **row,
        "source": None,
        "row": 0,
    }


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--to", "csv", "o", EXAMPLE], "invalid choice: 'csv'"),
        (["--to", "parquet", "o", EXAMPLE, "--workers", "0"], "expected a number (1 or more)"),
        (["--to", "parquet", "o", "missing.jsonl"], "missing.jsonl: no such file"),
        (["--to", "parquet", "o", EXAMPLE, "--from", "tensoron"], "did you mean 'tensorone'?"),
        (["o", EXAMPLE], "the following arguments are required: --to"),
    ],
)
def test_usage_errors_exit_2(args: list[Any], fragment: str) -> None:
    done = run("export", *args)
    assert done.returncode == 2
    assert fragment in done.stderr


def test_export_calls_progress_after_each_batch(tmp_path: Path) -> None:
    path, written = _stream(tmp_path, 30)
    calls: list[dict[str, int]] = []
    reported: list[str] = []
    failed = export(
        [str(path)],
        str(tmp_path / "o.arrow"),
        to="arrow",
        batch=10,
        progress=lambda **counts: calls.append(counts),
        report=reported.append,
    )
    lines = [line for line in written if line is not None]
    assert failed == len(reported) == sum(c["errors"] for c in calls) == 6
    assert [c["lines"] for c in calls] == [10, 10, len(lines) - 20]
    assert sum(c["size"] for c in calls) == sum(len(line) + 1 for line in lines)


def test_a_file_that_cannot_be_read_is_reported_and_the_others_are_exported(
    tmp_path: Path,
) -> None:
    out = tmp_path / "jobs.parquet"
    done = run("export", "--to", "parquet", out, tmp_path / "missing.jsonl", EXAMPLE, tmp_path)
    assert done.returncode == 2, done.stderr
    assert [line.split(": ")[0] for line in done.stderr.splitlines()] == [
        str(tmp_path / "missing.jsonl"),
        str(tmp_path),
    ]
    table = pq.read_table(out)
    assert table.column("source").to_pylist() == [str(EXAMPLE)]
