"""What importing costs: ``import jobstatus`` loads nothing, and each name loads what it needs.

Checked on ``sys.modules`` in a fresh interpreter, not timed (``bench/run.py`` times it).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import jobstatus


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_jobstatus_loads_no_model_and_no_validator() -> None:
    loaded = _loaded_after("import jobstatus")
    assert {m for m in loaded if m.startswith("jobstatus.")} == set()
    assert "pydantic.main" not in loaded
    assert "jsonschema" not in loaded


def test_parsing_loads_neither_schemas_nor_conversion() -> None:
    code = "import jobstatus\njobstatus.parse({'jobId': 'j', 'status': 'running'}, 'tensorone')"
    loaded = _loaded_after(code)
    assert "jobstatus.model" in loaded
    unwanted = {"jsonschema", "jobstatus.schemas", "jobstatus.validation", "jobstatus.conversion"}
    assert not unwanted & loaded


def test_every_exported_name_resolves_and_is_listed() -> None:
    lazy = set(jobstatus._WHERE)
    assert lazy == set(jobstatus.__all__) - {"__version__"}
    for name in jobstatus.__all__:
        value = getattr(jobstatus, name)
        module = getattr(value, "__module__", "jobstatus")
        assert module.startswith("jobstatus"), name
    assert lazy <= set(dir(jobstatus))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        jobstatus.no_such_name  # type: ignore[attr-defined]  # noqa: B018
