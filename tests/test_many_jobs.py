"""The "Many jobs" page: its column tables are the schema, its samples and recipes are the
tested files, and its DuckDB queries give over an exported file what the jobs say."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the arrow extra (pyarrow) is not installed")

import jobstatus  # noqa: E402
from jobstatus import Job, Status  # noqa: E402
from jobstatus.arrow import schema, step_schema  # noqa: E402

from .test_cli import run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "many-jobs.md"
QUERIES = ROOT / "examples" / "many_jobs" / "queries.sql"


def columns_table(found: Any) -> str:
    rows = ["| column | type | meaning |", "|---|---|---|"]
    for field in found:
        meaning = field.metadata[b"description"].decode().replace("|", "\\|")
        rows.append(f"| `{field.name}` | `{field.type}` | {meaning} |")
    return "\n".join(rows)


def _filled(text: str) -> str:
    for name, found in (("jobs", schema()), ("steps", step_schema())):
        text = re.sub(
            rf"(<!-- columns:{name} -->\n).*?(<!-- /columns:{name} -->)",
            lambda m, found=found: f"{m.group(1)}{columns_table(found)}\n{m.group(2)}",
            text,
            flags=re.DOTALL,
        )
    return text


def test_the_column_tables_are_the_schema(update_goldens: bool) -> None:
    text = PAGE.read_text(encoding="utf-8")
    if update_goldens:
        PAGE.write_text(_filled(text), encoding="utf-8")
        text = PAGE.read_text(encoding="utf-8")
    assert text == _filled(text), (
        "the column tables of docs/many-jobs.md are stale: run "
        "pytest tests/test_many_jobs.py --update-goldens and review the diff"
    )
    assert (
        f"| `status` | `string` | {schema().field('status').metadata[b'description'].decode()}"
        in text
    )


def test_the_page_shows_the_tested_files() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in ("ray_jobs.py", "dask_jobs.py", "spark_jobs.py", "queries.sql"):
        assert f'--8<-- "examples/many_jobs/{name}"' in text
        assert (ROOT / "examples" / "many_jobs" / name).is_file()
    assert "- pymdownx.snippets" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_python_sample_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run here, not by scripts/doc_samples.py, which runs without the arrow extra."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## In Python", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    exec(compile(code, str(PAGE), "exec"), {"__name__": "__docs__"})


# -- the DuckDB queries ------------------------------------------------------------------------


def queries() -> dict[str, str]:
    """The named queries of queries.sql (``-- name: NAME`` starts each)."""
    text = QUERIES.read_text(encoding="utf-8")
    found = {}
    for part in text.split("-- name: ")[1:]:
        name, body = part.split("\n", 1)
        found[name.strip()] = body.strip()
    return found


def _jobs() -> list[Job]:
    """Jobs of several formats, failed at several points, queued for several times."""
    found = []
    for number in range(24):
        fmt = ("tensorone", "simplismart", "nemo_jobs_v2", "nemo_evaluator_v2")[number % 4]
        status = (Status.failed, Status.succeeded, Status.running)[number % 3]
        job = Job(
            id=f"job-{number}",
            status=status,
            error={"message": f"boom {number}"} if status is Status.failed else None,
            created_at="2024-05-01T10:00:00+00:00",
            started_at=f"2024-05-01T10:{number:02d}:30+00:00",
            progress={"percent": (91.5, 40.0, 99.0, 12.5, 95.0)[number % 5]},
        )
        found.append(jobstatus.parse(jobstatus.render(job, fmt), fmt))
    return found


def test_the_queries_over_an_exported_file(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb (the test extra) is not installed")
    jobs = _jobs()
    archive = tmp_path / "archive.jsonl"
    lines = [json.dumps(jobstatus.render(job, job.format or "canonical")) for job in jobs]
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "jobs.parquet"
    assert run("export", "--to", "parquet", out, archive).returncode == 0
    found = queries()
    assert set(found) == {"time_in_queue", "failed_late"}

    def query(name: str) -> list[tuple[Any, ...]]:
        sql = found[name].replace("'jobs.parquet'", f"'{out}'")
        return duckdb.sql(sql).fetchall()

    waits: dict[str, list[float]] = {}
    for job in jobs:
        if job.created_at and job.started_at:
            seconds = (job.started_at - job.created_at).total_seconds()
            waits.setdefault(job.format or "", []).append(seconds)
    expected_waits = [
        (fmt, len(w), statistics.median(w), max(w)) for fmt, w in sorted(waits.items())
    ]
    assert len(expected_waits) >= 2
    assert query("time_in_queue") == expected_waits

    late = [
        (
            str(archive),
            row,
            job.format,
            job.id,
            job.progress.percent,
            job.error.message if job.error else None,
        )
        for row, job in enumerate(jobs, 1)
        if job.status is Status.failed and (job.progress.percent or 0) >= 90
    ]
    assert late
    assert query("failed_late") == late
