"""Run the code samples of Markdown files: ``python scripts/doc_samples.py [FILE.md ...]``.

With no file, it runs those of ``docs/**/*.md`` and ``README.md``, from the repository
root (so that ``examples/...`` and ``tests/fixtures/...`` resolve). What runs:

- ```` ```python ```` blocks, in order, in one namespace per file;
- ```` ```pycon ```` blocks (``>>>`` sessions), as doctests in that same namespace, so
  what they show printed is checked too (``...`` matches anything);
- ```` ```bash ```` blocks whose every line is a ``jobstatus ...`` command (no pipes or
  redirections): each command must exit 0, or N for a line ending in ``# exit N``;
- ```` ```console ```` blocks: each ``$ jobstatus ...`` line likewise, and it must print
  the lines that follow it.

A block right after a ``<!-- docs-test: skip -->`` line is left out. Each file's code and
each command runs in a process of its own (forked from one that has imported jobstatus
already, where the platform can fork), so samples cannot lean on one another. It prints
what went wrong, and exits 1 if anything did; ``--json`` prints ``{file: problems}``.
"""

from __future__ import annotations

import argparse
import doctest
import io
import json
import os
import re
import runpy
import shlex
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = "<!-- docs-test: skip -->"
CODE = ("python", "pycon")
SHELL = ("bash", "console")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)")
_SHELL_SYNTAX = re.compile(r"[|<>;&$`]")
_EXPECTED_EXIT = re.compile(r"#\s*exit\s+(\d+)\s*$")


@dataclass(frozen=True)
class Block:
    lang: str
    line: int  # of the block's first line of code, 1-based
    code: str


@dataclass(frozen=True)
class Command:
    args: list[str]
    exit: int
    output: str | None  # what it must print (console blocks); None: not checked


def blocks(path: Path) -> Iterator[Block]:
    """The fenced code blocks of a Markdown file, but those marked to be skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    number, previous = 0, ""
    while number < len(lines):
        opening = _FENCE.match(lines[number])
        if not opening:
            previous = lines[number].strip() or previous
            number += 1
            continue
        indent, fence = opening.group("indent"), opening.group("fence")
        end = number + 1
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = "".join(line[len(indent) :] + "\n" for line in lines[number + 1 : end])
        if previous != SKIP_MARK:
            yield Block(opening.group("lang"), number + 2, body)
        number, previous = end + 1, ""


def commands(block: Block) -> list[Command] | None:
    """The ``jobstatus`` commands of a shell block; None when it runs anything else."""
    found: list[Command] = []
    console = block.lang == "console"
    for line in block.code.splitlines():
        text = line.strip()
        if console and not text.startswith("$ "):
            if found:
                last = found[-1]
                found[-1] = Command(last.args, last.exit, f"{last.output}{line}\n")
            continue
        text = text.removeprefix("$ ")
        if not text or text.startswith("#"):
            continue
        expected = _EXPECTED_EXIT.search(text)
        text = _EXPECTED_EXIT.sub("", text).strip()
        if not text.startswith("jobstatus ") or _SHELL_SYNTAX.search(text):
            return None
        status = int(expected.group(1)) if expected else 0
        found.append(Command(shlex.split(text)[1:], status, "" if console else None))
    return found


def jobs(relative: str) -> list[dict[str, Any]]:
    """What to run for one file: its code, then each of its commands."""
    found = list(blocks(ROOT / relative))
    out: list[dict[str, Any]] = []
    code = [[b.lang, b.line, b.code] for b in found if b.lang in CODE]
    if code:
        out.append({"file": relative, "blocks": code})
    for block in found:
        for command in (commands(block) if block.lang in SHELL else None) or []:
            out.append({"file": relative, "line": block.line, **asdict(command)})
    return out


# -- running, in a process of its own ------------------------------------------------------------


def _run_code(job: dict[str, Any]) -> str:
    path, namespace = job["file"], {"__name__": "__docs__"}
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for lang, line, code in job["blocks"]:
        try:
            if lang == "python":
                exec(compile("\n" * (line - 1) + code, path, "exec"), namespace)
                continue
            test = doctest.DocTestParser().get_doctest(code, namespace, path, path, line - 1)
            report = io.StringIO()
            runner = doctest.DocTestRunner(optionflags=flags)
            runner.run(test, out=report.write, clear_globs=False)
            namespace.update(test.globs)
            if runner.failures:
                return report.getvalue()
        except BaseException:
            return f"{path}:{line}: the block raised\n{traceback.format_exc()}"
    return ""


def _run_command(job: dict[str, Any]) -> str:
    shown = f"`jobstatus {shlex.join(job['args'])}` ({job['file']}:{job['line']})"
    sys.argv = ["jobstatus", *job["args"]]
    status: object = 0
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        try:
            runpy.run_module("jobstatus", run_name="__main__", alter_sys=True)
        except SystemExit as done:
            status = done.code
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        out.seek(0)
        err.seek(0)
        printed, errors = out.read().decode(), err.read().decode()
    code = status if isinstance(status, int) else 0 if status is None else 1
    if code != job["exit"]:
        return f"{shown} exited {code}, not {job['exit']}:\n{errors}"
    if job["output"] is not None and _lines(printed) != _lines(job["output"]):
        return f"{shown} printed:\n{printed}instead of:\n{job['output']}"
    return ""


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


def run_one(job: dict[str, Any], report: int) -> None:
    """Run one job in this process, writing what went wrong (or nothing) to fd ``report``.

    What the sample itself prints is discarded (a command's output is captured to check).
    """
    os.chdir(ROOT)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        problem = _run_code(job) if "blocks" in job else _run_command(job)
    except BaseException:
        problem = f"{job['file']}: the runner failed\n{traceback.format_exc()}"
    os.write(report, problem.encode())


def run(files: Sequence[str]) -> dict[str, str]:
    """What went wrong in each file's samples ("" for none)."""
    todo = [job for relative in files for job in jobs(relative)]
    results = dict.fromkeys(files, "")
    for job, problem in zip(
        todo, _forked(todo) if hasattr(os, "fork") else _spawned(todo), strict=True
    ):
        results[job["file"]] += problem
    return results


def _forked(todo: list[dict[str, Any]]) -> list[str]:
    """Run each job in a child forked from this process, all at once."""
    import jobstatus.cli  # noqa: F401  (every job needs it: imported once, before forking)

    children = []
    with ExitStack() as files:
        for job in todo:
            report = files.enter_context(tempfile.TemporaryFile())
            pid = os.fork()
            if pid == 0:
                run_one(job, report.fileno())
                os._exit(0)
            children.append((pid, report))
        problems = []
        for pid, report in children:
            _, status = os.waitpid(pid, 0)
            report.seek(0)
            text = report.read().decode()
            problems.append(text if status == 0 else f"{text}\nits process died ({status})")
    return problems


def _spawned(todo: list[dict[str, Any]]) -> list[str]:
    """Run each job in an interpreter of its own (where the platform cannot fork)."""
    problems = []
    for job in todo:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "report"
            command = [sys.executable, __file__, "--job", json.dumps(job), "--report", str(report)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            text = report.read_text(encoding="utf-8") if report.exists() else done.stderr
        problems.append(text)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the code samples of Markdown files.")
    parser.add_argument("files", nargs="*", help="Markdown files (default: docs/ and README)")
    parser.add_argument("--json", action="store_true", help="print {file: problems} as JSON")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    parser.add_argument("--report", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.job:
        with open(args.report, "wb") as report:
            run_one(json.loads(args.job), report.fileno())
        return 0
    files = args.files or sample_files()
    results = run([Path(f).resolve().relative_to(ROOT).as_posix() for f in files])
    if args.json:
        print(json.dumps(results))
    else:
        print("".join(f"{problem}\n" for problem in results.values() if problem), end="")
    return 1 if any(results.values()) else 0


def sample_files() -> list[str]:
    """The Markdown files of the repository that have samples to run."""
    paths = [*(ROOT / "docs").rglob("*.md"), ROOT / "README.md"]
    return sorted(
        path.relative_to(ROOT).as_posix()
        for path in paths
        if any(block.lang in CODE + SHELL for block in blocks(path))
    )


if __name__ == "__main__":
    sys.exit(main())
