"""The documentation: generated pages are current, every code sample runs, the site builds.

- The generated pages (``scripts/gen_docs.py``) must equal what the generator writes now.
  When they are stale, run ``python scripts/gen_docs.py`` (or this file with
  ``--update-goldens``) and review the diff.
- Every sample of ``docs/**/*.md`` and ``README.md`` runs (``scripts/doc_samples.py`` says
  which blocks and how: python and pycon blocks, and ``jobstatus`` commands in bash and
  console blocks, with their output checked).
- The site builds with ``mkdocs build --strict``, when the docs extra is installed (CI
  builds it in ``.ci/run`` in any case).
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLI_PAGE = "docs/reference/cli.md"


def _load(name: str) -> ModuleType:
    """A module of scripts/, which is not a package."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gen_docs = _load("gen_docs")
doc_samples = _load("doc_samples")


# -- the generated pages -------------------------------------------------------------------------


def _python_of(text: str) -> str | None:
    found = re.search(r"<!-- python (\d+\.\d+):", text)
    return found.group(1) if found else None


def test_generated_pages_are_current(update_goldens: bool) -> None:
    files = gen_docs.generate()
    if update_goldens:
        gen_docs.main([])
    changed, extra = gen_docs.stale(files)
    # argparse lays out help differently from one Python version to another: the CLI page
    # is compared on the version that wrote it.
    if CLI_PAGE in changed and (ROOT / CLI_PAGE).exists():
        committed = _python_of((ROOT / CLI_PAGE).read_text(encoding="utf-8"))
        if committed is not None and committed != _python_of(files[CLI_PAGE]):
            changed.remove(CLI_PAGE)
    diff: list[str] = []
    for path in changed[:1]:
        old = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).exists() else ""
        lines = difflib.unified_diff(
            old.splitlines(), files[path].splitlines(), path, f"{path} (now)", lineterm=""
        )
        diff = list(lines)[:40]
    stale = [*changed, *(f"{path} (no longer generated)" for path in extra)]
    assert not stale, (
        f"stale documentation: {', '.join(stale)}. Run `python scripts/gen_docs.py` (or "
        "pytest tests/test_docs.py --update-goldens) and review the diff.\n" + "\n".join(diff)
    )


def test_every_format_has_a_page() -> None:
    import jobstatus

    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in jobstatus.formats():
        assert (ROOT / "docs" / "formats" / f"{name}.md").exists(), name
        assert f"formats/{name}.md" in nav, name


def test_cli_reference_has_every_subcommand() -> None:
    helps = dict(gen_docs.cli_helps())
    assert helps["jobstatus"].startswith("usage: jobstatus")
    for command in ("parse", "convert", "validate"):
        assert helps[f"jobstatus {command}"].startswith(f"usage: jobstatus {command}")


# -- the code samples ----------------------------------------------------------------------------

SAMPLE_FILES = doc_samples.sample_files()


@pytest.fixture(scope="module")
def sample_problems() -> dict[str, str]:
    """What went wrong in each file's samples, all run at once by scripts/doc_samples.py."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "doc_samples.py"), "--json", *SAMPLE_FILES],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.stdout, done.stderr
    problems: dict[str, str] = json.loads(done.stdout)
    return problems


@pytest.mark.parametrize("relative", SAMPLE_FILES)
def test_code_samples_run(relative: str, sample_problems: dict[str, str]) -> None:
    problem = sample_problems[relative]
    assert not problem, problem


def test_samples_are_found() -> None:
    assert {"README.md", "docs/getting-started.md", "docs/extending.md"} <= set(SAMPLE_FILES)
    found = list(doc_samples.blocks(ROOT / "docs" / "getting-started.md"))
    assert {"python", "pycon", "console"} <= {block.lang for block in found}
    shell = [doc_samples.commands(block) for block in found if block.lang == "console"]
    assert all(shell), "a console block of getting-started.md would not run"


# -- the site ------------------------------------------------------------------------------------


def test_site_builds_strictly(tmp_path: Path) -> None:
    """The real build runs in CI (.ci/run); here only when the docs extra is installed."""
    for module in ("mkdocs", "material", "mkdocstrings"):
        pytest.importorskip(module, reason="the docs extra is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "formats" / "nemo_jobs_v2" / "index.html").exists()


def test_a_new_format_is_listed_without_a_hand_edit() -> None:
    """The README's format table and the format lists of the getting-started page are
    generated from the registry: a format registered is a row and a line there."""
    from jobstatus.registry import REGISTRY
    from tests.plugins.acme import ADAPTER

    REGISTRY.register(ADAPTER)
    try:
        assert "[`acme`](docs/formats/acme.md)" in gen_docs.readme_formats_section()
        assert "'acme'" in gen_docs.formats_repr_section()
        assert re.search(rf"\nacme +{ADAPTER.vendor} +GET ", gen_docs.cli_formats_section())
    finally:
        REGISTRY.unregister("acme")
    assert "acme" not in gen_docs.readme_formats_section()


def test_a_new_format_gets_its_example_from_its_fixtures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``examples/<format>.json`` is generated: a copy of the fixture the folder's README
    names, else of the first fixture that reads cleanly, document examples first."""
    from jobstatus.registry import REGISTRY
    from tests.plugins.acme import ADAPTER

    folder = tmp_path / "tests" / "fixtures" / "acme"
    folder.mkdir(parents=True)
    cases = {
        "doc_placeholder.json": '{"acme_id": "<string>", "status": "RUN"}\n',
        "doc_running.json": '{"acme_id": "a-1", "status": "RUN", "pct": 40}\n',
        "status_done.json": '{"acme_id": "a-2", "status": "OK"}\n',
    }
    for file, text in cases.items():
        (folder / file).write_text(text, encoding="utf-8")
    (folder / "doc_running.expected.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(gen_docs, "ROOT", tmp_path)
    REGISTRY.register(ADAPTER)
    try:
        assert gen_docs.example_files() == {"examples/acme.json": cases["doc_running.json"]}
        (folder / "README.md").write_text("<!-- example: status_done.json -->\n", "utf-8")
        assert gen_docs.example_files() == {"examples/acme.json": cases["status_done.json"]}
        assert gen_docs.example_fixture("acme") == ("examples/acme.json", cases["status_done.json"])
        (folder / "README.md").write_text("<!-- example: gone.json -->\n", "utf-8")
        with pytest.raises(SystemExit, match=r"no fixture 'gone\.json'"):
            gen_docs.example_files()
    finally:
        REGISTRY.unregister("acme")
