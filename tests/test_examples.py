"""``examples/``: one realistic payload per registered format, each taken from the fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import jobstatus

from ._support import fixture_files

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("fmt", jobstatus.formats())
def test_every_format_has_an_example_that_reads_cleanly(fmt: str) -> None:
    path = EXAMPLES / f"{fmt}.json"
    assert path.exists(), f"examples/{fmt}.json is missing: add one, taken from the fixtures"
    text = path.read_bytes()
    job = jobstatus.parse(text, fmt)
    assert [i for i in job.issues if i.severity == "error"] == []
    assert jobstatus.detect(text) == fmt
    assert b"<string>" not in text  # a payload, not a document's placeholders


@pytest.mark.parametrize("fmt", [f for f in jobstatus.formats() if f != "canonical"])
def test_each_vendor_example_is_one_of_its_fixtures(fmt: str) -> None:
    text = (EXAMPLES / f"{fmt}.json").read_bytes()
    assert any(path.read_bytes() == text for path in fixture_files(fmt))


def test_the_canonical_example_is_the_nemo_jobs_v2_one_read(update_goldens: bool) -> None:
    job = jobstatus.parse((EXAMPLES / "nemo_jobs_v2.json").read_bytes(), "nemo_jobs_v2")
    expected = jobstatus.render(job, "canonical")
    path = EXAMPLES / "canonical.json"
    if update_goldens:
        path.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", "utf-8")
    assert json.loads(path.read_bytes()) == expected, "stale: run make update-goldens"


def test_no_example_is_left_over() -> None:
    names = {path.stem for path in EXAMPLES.glob("*.json")}
    # The README's first example, a NeMo Customizer training job, is kept by its own name.
    assert names == {*jobstatus.formats(), "nemo_customizer_training"}
