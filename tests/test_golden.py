"""Golden fixtures: every input under tests/fixtures/<format>/ against its expected output.

The expected outputs (and schemas/canonical.schema.json, generated from the model) are
generated: run ``pytest tests/test_golden.py --update-goldens`` and review the diff. A
case that must fail has its error (class and message) recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import JobStatusError, schemas

from ._support import FIXTURES, expected_path, fixture_files, normalize

CASES = fixture_files()
SCHEMAS = Path(__file__).parents[1] / "schemas"


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def _outcome(path: Path) -> dict[str, Any]:
    fmt = path.parent.name
    try:
        job = jobstatus.parse(path.read_bytes(), fmt)
    except JobStatusError as error:
        return {"error": {"type": type(error).__name__, "message": str(error)}}
    return {"canonical": jobstatus.render(job, "canonical")}


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_golden_output(path: Path, update_goldens: bool) -> None:
    actual = _outcome(path)
    golden = expected_path(path)
    if update_goldens:
        text = json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no expected output; run pytest {__file__} --update-goldens"
    assert actual == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_golden_round_trip(path: Path) -> None:
    """Each fixture that parses renders back to itself, and reads back identically."""
    fmt = path.parent.name
    try:
        job = jobstatus.parse(path.read_bytes(), fmt)
    except JobStatusError:
        pytest.skip("an input that must fail: its error is pinned by test_golden_output")
    original = json.loads(path.read_bytes())
    assert normalize(jobstatus.render(job, fmt)) == normalize(original)
    canonical = jobstatus.render(job, "canonical")
    assert jobstatus.parse(json.dumps(canonical), "canonical") == job


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_golden_strict(path: Path) -> None:
    """Strict parsing fails exactly when a lenient parse records an error or a warning, or
    the payload breaks its format's schema. It lists the adapter's issues, then the
    schema's, less those at a path the adapter already flagged (the same problem)."""
    fmt = path.parent.name
    try:
        job = jobstatus.parse(path.read_bytes(), fmt)
    except JobStatusError:
        with pytest.raises(JobStatusError):
            jobstatus.parse(path.read_bytes(), fmt, strict=True)
        return
    serious = tuple(i for i in job.issues if i.severity != "info")
    flagged = {i.path for i in serious}
    schema = tuple(i for i in jobstatus.validate(path.read_bytes(), fmt) if i.path not in flagged)
    if serious or schema:
        with pytest.raises(jobstatus.StrictError) as caught:
            jobstatus.parse(path.read_bytes(), fmt, strict=True)
        assert caught.value.issues == serious + schema
        assert isinstance(caught.value, ValueError)
    else:
        assert jobstatus.parse(path.read_bytes(), fmt, strict=True) == job


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_golden_schema_valid_means_no_error(path: Path) -> None:
    """What a format's schema accepts, its adapter reads without an error-level issue."""
    fmt = path.parent.name
    try:
        valid = jobstatus.validate(path.read_bytes(), fmt) == []
    except JobStatusError:
        pytest.skip("not a JSON object")
    if valid:
        job = jobstatus.parse(path.read_bytes(), fmt)
        assert [i for i in job.issues if i.severity == "error"] == []


def test_golden_canonical_schema(update_goldens: bool) -> None:
    """schemas/canonical.schema.json is what the model generates."""
    path = SCHEMAS / "canonical.schema.json"
    generated = schemas.canonical_schema()
    if update_goldens:
        path.write_text(json.dumps(generated, indent=2, ensure_ascii=False) + "\n", "utf-8")
    on_file = json.loads(path.read_text(encoding="utf-8"))
    assert on_file == generated, f"the model changed; run pytest {__file__} --update-goldens"


@pytest.mark.parametrize("path", CASES, ids=_id)
def test_golden_detected_as_its_format(path: Path) -> None:
    fmt = path.parent.name
    try:
        jobstatus.parse(path.read_bytes(), fmt)
    except JobStatusError:
        pytest.skip("not a payload of the format")
    assert jobstatus.detect(path.read_bytes()) == fmt


def test_every_fixture_folder_is_a_registered_format() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    vendor_formats = set(jobstatus.formats()) - {"canonical"}
    assert folders == vendor_formats
    for folder in folders:
        assert (FIXTURES / folder / "README.md").exists()
        assert fixture_files(folder), f"{folder} has no fixtures"


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_status_of_agrees_with_parse_on_every_fixture(path: Path) -> None:
    raw = path.read_bytes()
    try:
        job = jobstatus.parse(raw, path.parent.name)
    except jobstatus.JobStatusError:
        return
    assert jobstatus.status_of(raw, path.parent.name) is job.status
    assert jobstatus.status_of(raw.decode("utf-8"), path.parent.name) is job.status
