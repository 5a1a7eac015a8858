"""The ``jobstatus`` command, run as the installed console script in a subprocess."""

from __future__ import annotations

import ctypes
import fcntl
import io
import json
import math
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jobstatus
from jobstatus import Job, Metrics, Progress, Status, Step, Task
from jobstatus._show import eta, number, plain, rich_available, size

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
        (["shwo", EXAMPLE], "invalid choice: 'shwo'"),
        (["convert", EXAMPLE], "the following arguments are required: --to"),
        (["parse", "--indent", "two", EXAMPLE], "expected a number of spaces"),
        (["parse", "--indent", "1000000000", EXAMPLE], "a number of spaces from 0 to 16"),
        (["schema", "--indent", "-1", "tensorone"], "a number of spaces from 0 to 16"),
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
    # The job-level error_details is null, as the server sends it for a healthy job: no issue.
    assert "issues" not in text


def test_show_lists_the_issues(tmp_path: Path) -> None:
    payload = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del payload["created_at"]
    path = tmp_path / "job.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    done = run("show", str(path), env={"COLUMNS": "100", "JOBSTATUS_NO_RICH": "1"})
    assert done.returncode == 0
    text = "\n".join(_visible(done.stdout))
    assert "issues" in text
    assert "missing 'created_at', which the format requires @ $.created_at" in text


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


# -- files that cannot be read, closed streams -------------------------------------------


def sh(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``script`` run by sh with ``$JOBSTATUS`` the command: for ``<&-`` and ``>&-``."""
    base = {k: v for k, v in os.environ.items() if k not in _LOOKS}
    command = " ".join(f"'{part}'" for part in COMMAND)
    return subprocess.run(
        ["sh", "-c", script.replace("$JOBSTATUS", command)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, "PYTHONIOENCODING": "utf-8", **env},
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_a_file_that_cannot_be_read_is_named_and_the_others_are_read(tmp_path: Path) -> None:
    other = ROOT / "tests" / "fixtures" / "tensorone" / "doc_example.json"
    done = run("detect", tmp_path, EXAMPLE, "missing.json", other)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"{tmp_path}: is a directory", "missing.json: no such file"]
    assert done.stdout.splitlines() == [f"{EXAMPLE}: nemo_jobs_v2", f"{other}: tensorone"]
    stopped = run("detect", "--fail-fast", tmp_path, EXAMPLE)
    assert (stopped.returncode, stopped.stdout) == (2, "")


def _without_dac_override() -> None:
    """Run as root without the capabilities that let root read any file (the bounding set
    of the child, which its command inherits): then a mode of 000 stops it as it stops
    anyone."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(sys.platform != "linux", reason="capabilities are Linux's")
def test_a_file_without_read_permission_is_named_and_the_others_are_read(tmp_path: Path) -> None:
    locked = tmp_path / "locked.json"
    locked.write_bytes(EXAMPLE.read_bytes())
    locked.chmod(0)
    as_root = os.geteuid() == 0
    try:
        done = subprocess.run(
            [*COMMAND, "detect", str(locked), str(EXAMPLE)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            check=False,
            preexec_fn=_without_dac_override if as_root else None,
        )
    except subprocess.SubprocessError as error:  # prctl refused in the child
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE to make a file unreadable by root: {error}")
    finally:
        locked.chmod(0o600)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"{locked}: permission denied\n"
    assert done.stdout == f"{EXAMPLE}: nemo_jobs_v2\n"


def test_closed_standard_input_and_output_are_one_line_each() -> None:
    no_stdin = sh(f"$JOBSTATUS detect - '{EXAMPLE}' <&-")
    assert no_stdin.returncode == 2
    assert no_stdin.stderr == "<stdin>: cannot read: standard input is closed\n"
    assert no_stdin.stdout == f"{EXAMPLE}: nemo_jobs_v2\n"
    no_stdout = sh(f"$JOBSTATUS parse '{EXAMPLE}' >&-")
    assert no_stdout.returncode == 2
    assert no_stdout.stderr == "jobstatus: error: standard output is closed\n"
    if Path("/dev/full").exists():  # every write fails: a full disk
        full = sh(f"$JOBSTATUS parse '{EXAMPLE}' > /dev/full")
        assert full.returncode == 1
        assert full.stderr == "jobstatus: error: OSError: [Errno 28] No space left on device\n"
    # The reader goes away after one line: the run stops quietly.
    closed = sh(
        f"yes \"$(cat '{ROOT / 'examples' / 'tensorone.json'}' | tr -d '\\n')\" "
        "| head -n 5000 | $JOBSTATUS parse --jsonl - | head -n 1"
    )
    assert (closed.stderr, closed.stdout.count("\n")) == ("", 1)  # no "Exception ignored"


def test_dev_stdin_and_a_named_pipe_are_files_like_any_other(tmp_path: Path) -> None:
    done = run("parse", "/dev/stdin", stdin=EXAMPLE.read_bytes())
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == canonical(EXAMPLE.read_bytes())
    fifo = tmp_path / "jobs.jsonl"
    os.mkfifo(fifo)
    line = json.dumps(initializing()) + "\n"
    with subprocess.Popen(
        [*COMMAND, "detect", str(fifo)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as reader:
        with fifo.open("w", encoding="utf-8") as writer:  # waits for the reader to open it
            writer.write(line * 3)
        out, err = reader.communicate(timeout=120)
    assert (reader.returncode, err) == (0, "")
    assert out.splitlines() == [f"{fifo}:{n}: tensorone" for n in (1, 2, 3)]


# -- what is written: always JSON, always UTF-8, never altered ----------------------------


def _strict_json(line: str) -> Any:
    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} written")

    return json.loads(line, parse_constant=refuse)


def test_a_lone_surrogate_is_written_escaped_and_reported(tmp_path: Path) -> None:
    good = json.dumps(initializing())
    odd = [
        '{"jobId": "a", "status": "running", "note": "\\ud800"}',
        '{"jobId": "b\\udfff", "status": "running", "\\udc00key": ["x\\ud83d"]}',
    ]
    stream = tmp_path / "odd.jsonl"
    stream.write_bytes(f"{odd[0]}\n{good}\n{odd[1]}\n{good}\n".encode())
    for command in (["parse"], ["convert", "--to", "tensorone"]):
        done = run(*command, stream)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert len(lines) == 4
        values = [_strict_json(line) for line in lines]
        if command == ["convert", "--to", "tensorone"]:
            expected = [json.loads(odd[0]), json.loads(good), json.loads(odd[1]), json.loads(good)]
            assert values == expected
        warned = [line.split(": ")[0] for line in done.stderr.splitlines()]
        assert warned == [f"{stream}:1", f"{stream}:3"]
        assert "lone surrogate (U+D800)" in done.stderr
    shown = run("show", "--from", "tensorone", stream)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("==> ") == 4
    assert "\\udfff" in shown.stdout  # as an escape: the text is UTF-8


def test_infinity_and_nan_are_never_written_nor_turned_into_null(tmp_path: Path) -> None:
    good = json.dumps(initializing())
    huge = [
        '{"jobId": "a", "status": "running", "extra": 1e309}',
        '{"jobId": "b", "status": "running", "extra": {"deep": [1, -1e400]}}',
        '{"jobId": "c", "status": "running", "extra": 1' + "0" * 400 + ".5}",
    ]
    stream = tmp_path / "huge.jsonl"
    stream.write_text("\n".join([huge[0], good, huge[1], huge[2], good]) + "\n", encoding="utf-8")
    for command in (["parse"], ["convert", "--to", "tensorone"], ["convert", "--to", "canonical"]):
        done = run(*command, stream)
        assert done.returncode == 1, command
        assert [_strict_json(line) for line in done.stdout.splitlines()] == [
            _strict_json(line)
            for line in run(
                *command, "--jsonl", "-", stdin=f"{good}\n{good}\n".encode()
            ).stdout.splitlines()
        ]
        # Each of the three lines is reported, and nothing else (a loss, under convert).
        reported = [line for line in done.stderr.splitlines() if ": loss: " not in line]
        assert [line.split(": ")[0] for line in reported] == [f"{stream}:{n}" for n in (1, 3, 4)]
        # Refused by the library's writer (canonical) or by the command's (a vendor format).
        written = ("not written", "cannot write")
        assert all(any(w in line for w in written) and "Infinity" in line for line in reported), (
            reported
        )
        assert "null" not in done.stdout


def test_an_unexpected_error_is_one_line_and_the_run_goes_on(tmp_path: Path) -> None:
    code = (
        "import sys, jobstatus.api as api\n"
        "real = api.parse\n"
        "def parse(text, *args, **kwargs):\n"
        "    if b'boom' in text: raise RuntimeError('boom\\nsecond line')\n"
        "    return real(text, *args, **kwargs)\n"
        "api.parse = parse\n"
        "from jobstatus.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    good = json.dumps(initializing())
    stream = tmp_path / "jobs.jsonl"
    stream.write_text(f'{{"boom": 1}}\n{good}\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code, "parse", str(stream)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"{stream}:1: unexpected error: RuntimeError: boom second line\n"
    assert [json.loads(line) for line in done.stdout.splitlines()] == [canonical(good)]
    broken = code.replace("api.parse = parse", "import jobstatus.cli as c; c._parser = parse")
    last = subprocess.run(
        [sys.executable, "-c", broken, "parse", str(stream)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert last.returncode == 1
    assert last.stderr.startswith("jobstatus: error: TypeError: ")
    assert len(last.stderr.splitlines()) == 1


# -- Ctrl-C ------------------------------------------------------------------------------

_INTERRUPT_AT = """
import sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == sys.argv[1]:
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupt())
from jobstatus.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(
    "module", ["argparse", "jobstatus._cli_io", "jobstatus.api", "pydantic", "jobstatus.adapters"]
)
def test_ctrl_c_while_modules_load_exits_130_quietly(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_AT, module, "parse", str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # No output: the run was stopped in that import, not after it.
    assert (done.returncode, done.stderr, done.stdout) == (130, "", "")


def _interruptible() -> None:
    # A command started in the background by a shell inherits SIGINT ignored (and Python
    # then leaves it so): give it back the terminal's behaviour, that of a Ctrl-C.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_while_reading_exits_130_quietly() -> None:
    with subprocess.Popen(
        [*COMMAND, "parse", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_interruptible,
    ) as running:
        assert running.stdin is not None
        running.stdin.write(json.dumps(initializing()))
        running.stdin.flush()  # no end of file: it waits for more
        time.sleep(2)
        running.send_signal(signal.SIGINT)
        out, err = running.communicate(timeout=120)
    assert (running.returncode, err, out) == (130, "", "")


# -- JSON Lines that are not, empty files --------------------------------------------------


def test_a_pretty_printed_file_read_as_json_lines_is_said_once(tmp_path: Path) -> None:
    done = run("parse", "--jsonl", EXAMPLE)
    assert done.returncode == 1
    assert done.stderr == (
        f"{EXAMPLE}:1: not JSON Lines: the first line is not a complete JSON value (one JSON "
        "document over several lines? drop --jsonl)\n"
    )
    named = tmp_path / "pretty.jsonl"
    named.write_text(json.dumps(initializing(), indent=2), encoding="utf-8")
    assert run("detect", named).stderr.count("\n") == 1
    empty = tmp_path / "empty.json"
    empty.write_bytes(b" \n")
    done = run("parse", empty)
    assert (done.returncode, done.stderr) == (1, f"{empty}: empty\n")
    none = tmp_path / "none.jsonl"
    none.write_bytes(b"")
    assert run("parse", none).returncode == 0  # no lines, no payloads: nothing to say


# -- show, more


def on_terminal(*args: str | Path, env: dict[str, str] | None = None, columns: int = 100) -> str:
    """The command's standard output when it is a terminal ``columns`` wide (a pty)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    base = {k: v for k, v in os.environ.items() if k not in _LOOKS}
    with subprocess.Popen(
        [*COMMAND, *map(str, args)],
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env={**base, "TERM": "xterm-256color", **(env or {})},
        cwd=ROOT,
    ) as running:
        os.close(slave)
        out = b""
        while chunk := _read(master):
            out += chunk
        running.wait(timeout=120)
    os.close(master)
    return out.decode("utf-8")


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other end closed: Linux says EIO
        return b""


def test_show_without_rich_is_plain_on_a_terminal_unless_colour_is_forced() -> None:
    plain_text = on_terminal("show", EXAMPLE, env={"JOBSTATUS_NO_RICH": "1"})
    assert "\x1b[" not in plain_text
    _check_view(plain_text.replace("\r\n", "\n").splitlines())
    forced = on_terminal("show", EXAMPLE, env={"JOBSTATUS_NO_RICH": "1", "FORCE_COLOR": "1"})
    assert "\x1b[36;1mrunning\x1b[0m" in forced
    both = {"JOBSTATUS_NO_RICH": "1", "FORCE_COLOR": "1", "NO_COLOR": "1"}
    assert "\x1b[" not in on_terminal("show", EXAMPLE, env=both)


@pytest.mark.skipif(not rich_available(), reason="the cli extra (rich) is not installed")
def test_show_with_rich_is_in_colour_on_a_terminal_and_as_wide_as_it(tmp_path: Path) -> None:
    payload = json.loads(EXAMPLE.read_bytes())
    payload["steps"][1]["name"] = "training-" + "x" * 120
    wide = tmp_path / "wide.json"
    wide.write_text(json.dumps(payload), encoding="utf-8")
    coloured = on_terminal("show", wide, columns=200)
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", coloured)  # a colour
    assert payload["steps"][1]["name"] + "  running" in _ANSI.sub("", coloured)
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", on_terminal("show", wide, env={"NO_COLOR": "1"}))
    piped = run("show", wide)  # no terminal at all: lines are not cut
    assert payload["steps"][1]["name"] + "  running  47%" in piped.stdout
    narrow = run("show", wide, env={"COLUMNS": "60"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60


def test_several_jobs_are_each_headed_by_their_file(tmp_path: Path) -> None:
    other = ROOT / "tests" / "fixtures" / "tensorone" / "doc_example.json"
    done = run("show", EXAMPLE, other)
    assert done.returncode == 0
    heads = [line for line in done.stdout.splitlines() if line.startswith("==> ")]
    assert heads == [f"==> {EXAMPLE} <==", f"==> {other} <=="]
    stream = tmp_path / "jobs.jsonl"
    stream.write_text(json.dumps(initializing()) + "\n", encoding="utf-8")
    assert run("show", stream).stdout.startswith(f"==> {stream}:1 <==\n")
    assert "==>" not in run("show", EXAMPLE).stdout  # one job: no heading


def test_show_help_says_how_colour_is_decided() -> None:
    text = " ".join(run("show", "--help").stdout.split())
    for word in ("NO_COLOR", "FORCE_COLOR", "JOBSTATUS_NO_RICH=1", "plain text, with no colour"):
        assert word in text


def test_show_huge_numbers_and_a_10_mb_message(tmp_path: Path) -> None:
    payload = {
        "status": "running",
        "message": "word " * 2_000_000,
        "progress": {"bytes": 10**400, "total_bytes": 10**401, "step": 10**400},
    }
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    for env in ({}, {"JOBSTATUS_NO_RICH": "1"}):
        done = run("show", "--from", "canonical", path, env={"COLUMNS": "100", **env})
        assert done.returncode == 0, done.stderr
        assert "step 1.00e+400/? · bytes 1.00e+385 PB/1.00e+386 PB" in done.stdout
        assert "… (9,998,000 more characters)" in done.stdout
    job = Job(message="word " * 2_000_000, progress=Progress(bytes=10**400))
    started = time.perf_counter()
    text = plain(job, width=100)
    if rich_available():
        from rich.console import Console

        from jobstatus._show_rich import rich_view

        Console(file=io.StringIO(), width=100).print(rich_view(job))
    assert time.perf_counter() - started < 2  # wrapping all of it took ~45 s
    assert len(text) < 10_000


@given(
    count=st.integers(min_value=0, max_value=10**1200),
    seconds=st.floats(min_value=0) | st.sampled_from([math.inf, math.nan]),
)
def test_counters_spell_any_number_without_raising(count: int, seconds: float) -> None:
    # JSON numbers have no size: a counter of 400 digits is valid, and overflows a float.
    assert size(count).endswith(("B", "kB", "MB", "GB", "TB", "PB"))
    assert len(number(count)) <= 30
    assert eta(seconds)
    finite = seconds if math.isfinite(seconds) else None  # the model takes no other
    progress = Progress(step=count, total_steps=count, bytes=count, eta_seconds=finite)
    text = plain(Job(progress=progress), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80


def test_importing_the_command_loads_no_pydantic() -> None:
    code = "import sys, jobstatus.cli\nprint('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


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
