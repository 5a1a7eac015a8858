"""The ``jobstatus`` command, run as the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import jobstatus
from jobstatus import Job, Metrics, Progress, Status, Step, Task
from jobstatus._show import plain, rich_available

from ._support import normalize

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "nemo_customizer_training.json"
SCHEMAS = ROOT / "schemas"
_SCRIPT = shutil.which("jobstatus") or shutil.which(
    "jobstatus", path=str(Path(sys.executable).parent)
)
COMMAND = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "jobstatus"]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# What a user's shell may set that changes how output looks: cleared for every run.
_LOOKS = ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "JOBSTATUS_NO_RICH")


def run(
    *args: str | Path, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in _LOOKS}
    return subprocess.run(
        [*COMMAND, *map(str, args)],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, "PYTHONIOENCODING": "utf-8", **(env or {})},
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def canonical(payload: Any) -> dict[str, Any]:
    return jobstatus.render(jobstatus.parse(payload), "canonical")


def initializing() -> dict[str, Any]:
    """A payload whose status simplismart has no value for (a loss when converted)."""
    return jobstatus.render(Job(id="job-1", status=Status.initializing), "tensorone")


# -- help, formats, usage errors ---------------------------------------------------------


def test_help_lists_every_command_and_the_exit_codes() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("formats", "detect", "parse", "convert", "validate", "schema", "show"):
        assert command in done.stdout
        sub = run(command, "--help")
        assert sub.returncode == 0, command
        assert f"usage: jobstatus {command}" in sub.stdout
        assert "exit codes:" in sub.stdout
    assert "0  success" in done.stdout
    assert "1  invalid input, failed validation, or a loss under --on-loss raise" in done.stdout
    assert "2  usage error" in done.stdout


def test_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"jobstatus {jobstatus.__version__}")


def test_formats_prints_name_vendor_and_endpoint_one_line_each() -> None:
    done = run("formats")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(jobstatus.formats())
    for line, name in zip(lines, jobstatus.formats(), strict=True):
        adapter = jobstatus.registry.REGISTRY.get(name)
        assert adapter.vendor in line
        assert line.rstrip().endswith(adapter.endpoint)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["convert", "--to", "simplesmart", EXAMPLE], "did you mean 'simplismart'?"),
        (["parse", "--from", "nemo_job_v2", EXAMPLE], "did you mean 'nemo_jobs_v2'"),
        (["schema", "tensoron"], "did you mean 'tensorone'?"),
        (["parse", "no-such-file.json"], "no-such-file.json: no such file"),
        (["show", EXAMPLE, "missing.jsonl"], "missing.jsonl: no such file"),
        (["shwo", EXAMPLE], "invalid choice: 'shwo'"),
        (["convert", EXAMPLE], "the following arguments are required: --to"),
        (["parse", "--indent", "two", EXAMPLE], "expected a number of spaces"),
        ([], "required"),
    ],
)
def test_usage_errors_exit_2(args: list[str | Path], fragment: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert fragment in done.stderr
    assert done.stdout == ""


# -- detect, parse, convert, validate, schema --------------------------------------------


def test_detect_one_file_several_files_and_stdin() -> None:
    assert run("detect", EXAMPLE).stdout == "nemo_jobs_v2\n"
    other = ROOT / "tests" / "fixtures" / "tensorone" / "doc_example.json"
    assert run("detect", EXAMPLE, other).stdout.splitlines() == [
        f"{EXAMPLE}: nemo_jobs_v2",
        f"{other}: tensorone",
    ]
    assert run("detect", "-", stdin=json.dumps(initializing()).encode()).stdout == "tensorone\n"


def test_parse_prints_canonical_json_compact_when_piped() -> None:
    done = run("parse", EXAMPLE)
    assert done.returncode == 0
    assert done.stdout.count("\n") == 1  # one line: stdout is a pipe
    assert json.loads(done.stdout) == canonical(EXAMPLE.read_bytes())
    pretty = run("parse", "--indent", "2", EXAMPLE).stdout
    assert pretty.startswith('{\n  "status": "running",')
    assert json.loads(pretty) == json.loads(done.stdout)


def test_parse_reads_stdin() -> None:
    done = run("parse", "-", stdin=EXAMPLE.read_bytes())
    assert json.loads(done.stdout) == canonical(EXAMPLE.read_bytes())


@pytest.mark.parametrize("args", [[EXAMPLE], ["--strict", EXAMPLE], ["-f", "nemo_jobs_v2", "-"]])
def test_a_file_alone_is_parse_as_before_subcommands(args: list[str | Path]) -> None:
    done = run(*args, stdin=EXAMPLE.read_bytes())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == canonical(EXAMPLE.read_bytes())
    module = subprocess.run(
        [sys.executable, "-m", "jobstatus", EXAMPLE], capture_output=True, text=True, check=True
    )
    assert json.loads(module.stdout) == json.loads(done.stdout)


def test_strict_parsing_fails_with_every_issue() -> None:
    drifted = ROOT / "tests" / "fixtures" / "tensorone" / "percent_out_of_range.json"
    assert run("parse", drifted).returncode == 0
    done = run("parse", "--strict", drifted)
    assert done.returncode == 1
    assert done.stderr.startswith(f"{drifted}: tensorone: ")
    assert "@ $.progress.percentComplete" in done.stderr


def test_jsonl_streams_and_a_bad_line_is_reported_with_its_number(tmp_path: Path) -> None:
    good = json.dumps(initializing())
    stream = tmp_path / "jobs.jsonl"
    stream.write_text(f"{good}\n{{not json\n\n{good}\n", encoding="utf-8")
    done = run("parse", stream)
    assert done.returncode == 1
    assert [json.loads(line) for line in done.stdout.splitlines()] == [canonical(good)] * 2
    assert done.stderr.startswith(f"{stream}:2: not JSON")
    stopped = run("parse", "--fail-fast", stream)
    assert (stopped.returncode, len(stopped.stdout.splitlines())) == (1, 1)
    piped = run("convert", "--jsonl", "--to", "tensorone", "-", stream, stdin=f"{good}\n".encode())
    assert [json.loads(line) for line in piped.stdout.splitlines()] == [json.loads(good)] * 3
    assert "<stdin>" not in piped.stderr
    assert f"{stream}:2: not JSON" in piped.stderr


def test_convert_reports_losses_as_asked() -> None:
    payload = json.dumps(initializing()).encode()
    warned = run("convert", "--to", "simplismart", "-", stdin=payload)
    assert warned.returncode == 0
    assert json.loads(warned.stdout) == {"status": "QUEUED", "request_id": "job-1"}
    assert warned.stderr == (
        "<stdin>: loss: 'initializing' has no simplismart value; wrote 'QUEUED' @ $.status\n"
    )
    raised = run("convert", "--to", "simplismart", "--on-loss", "raise", "-", stdin=payload)
    assert (raised.returncode, raised.stdout) == (1, "")
    assert raised.stderr.startswith("<stdin>: simplismart: the conversion loses 1 value(s)\n")
    assert "@ $.status" in raised.stderr
    quiet = run("convert", "--to", "simplismart", "--on-loss", "ignore", "-", stdin=payload)
    assert (quiet.returncode, quiet.stderr) == (0, "")


def test_convert_to_the_payloads_own_format_gives_it_back() -> None:
    done = run("convert", "--to", "nemo_jobs_v2", "--on-loss", "raise", EXAMPLE)
    assert (done.returncode, done.stderr) == (0, "")
    assert normalize(json.loads(done.stdout)) == normalize(json.loads(EXAMPLE.read_bytes()))


def test_validate_lists_every_issue_with_its_path() -> None:
    valid = run("validate", EXAMPLE)
    assert (valid.returncode, valid.stdout) == (0, f"{EXAMPLE}: valid nemo_jobs_v2\n")
    broken = {"jobId": "job-1", "status": "done", "progress": {"percentComplete": 150}}
    done = run("validate", "--from", "tensorone", "-", stdin=json.dumps(broken).encode())
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(line.startswith("<stdin>: [error] ") and "@ $.status" in line for line in lines)
    assert any("@ $.progress.percentComplete" in line for line in lines)
    strict = run("validate", "--strict", "-", stdin=json.dumps(initializing()).encode())
    assert (strict.returncode, strict.stdout) == (0, "<stdin>: valid tensorone\n")


def test_schema_prints_the_format_schema() -> None:
    done = run("schema", "simplismart")
    assert done.returncode == 0
    expected = json.loads((SCHEMAS / "simplismart.schema.json").read_text(encoding="utf-8"))
    assert json.loads(done.stdout) == expected


# -- show ------------------------------------------------------------------------------


def _visible(text: str) -> list[str]:
    return _ANSI.sub("", text).splitlines()


def _check_view(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert lines[0].split() == ["automodel-0f9e8d7c6b5a", "running"]
    assert "47.0%" in text
    assert "step 45/94 · epoch 1/2" in text
    assert "loss 1.27" in text
    assert "model-and-dataset-download  succeeded  100%" in text
    assert "training  running  47%" in text
    assert "issues" in text
    assert "@ $.error_details" in text


def test_show_piped_is_plain_text() -> None:
    done = run("show", EXAMPLE, env={"COLUMNS": "80"})
    assert done.returncode == 0
    assert "\x1b[" not in done.stdout
    _check_view(done.stdout.splitlines())


@pytest.mark.skipif(not rich_available(), reason="the cli extra (rich) is not installed")
def test_show_on_a_terminal_is_in_colour_and_fits_its_width() -> None:
    env = {"COLUMNS": "80", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    done = run("show", EXAMPLE, env=env)
    assert done.returncode == 0
    assert "\x1b[" in done.stdout
    lines = _visible(done.stdout)
    assert max(len(line) for line in lines) <= 80
    _check_view(lines)
    assert "└── training" in done.stdout  # rich's tree


def test_show_without_rich_still_shows_everything() -> None:
    env = {"JOBSTATUS_NO_RICH": "1", "FORCE_COLOR": "1", "COLUMNS": "80"}
    done = run("show", EXAMPLE, env=env)
    assert done.returncode == 0
    assert "\x1b[36;1mrunning\x1b[0m" in done.stdout  # colour without rich too
    lines = _visible(done.stdout)
    assert max(len(line) for line in lines) <= 80
    _check_view(lines)


def test_plain_view() -> None:
    job = Job(
        name="train",
        status=Status.failed,
        error={"message": "out of memory"},
        progress=Progress(percent=50, step=5, total_steps=10, eta_seconds=65),
        metrics=Metrics(loss=0.5, other={"perplexity": 3.25}),
        steps=(Step(name="s", status=Status.skipped, tasks=(Task(id="t", status=Status.failed),)),),
    )
    assert plain(job, width=60, unicode=False).splitlines() == [
        "train  failed",
        "out of memory",
        "###############---------------  50.0%",
        "step 5/10 · ETA 1m 05s",
        "metrics: loss 0.5 · perplexity 3.25",
        "steps",
        "`-- s  skipped",
        "    `-- t  failed",
    ]
    coloured = plain(job, colour=True)
    assert "\x1b[31;1mfailed\x1b[0m" in coloured
    assert _visible(coloured) == plain(job).splitlines()


# -- memory ----------------------------------------------------------------------------

_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _peak_kib(*args: str | Path) -> int:
    """The peak resident memory of one run of the command, in KiB (Linux's ru_maxrss)."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *COMMAND, *map(str, args)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return int(done.stdout)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss units differ off Linux")
def test_jsonl_is_streamed_in_constant_memory(tmp_path: Path) -> None:
    line = json.dumps(initializing()) + "\n"
    small, large = tmp_path / "20k.jsonl", tmp_path / "200k.jsonl"
    small.write_text(line * 20_000, encoding="utf-8")
    large.write_text(line * 200_000, encoding="utf-8")
    at_20k, at_200k = _peak_kib("parse", small), _peak_kib("parse", large)
    print(f"peak RSS: {at_20k} KiB at 20k lines, {at_200k} KiB at 200k lines")
    # Ten times the lines, the same memory: a few MiB of allocator noise at most.
    assert at_200k <= at_20k + max(4096, at_20k // 10)
