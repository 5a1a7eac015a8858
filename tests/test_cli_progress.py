"""The progress meter of the command line: on a terminal (a pty) only, never in a pipe."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

import pytest

from jobstatus import Job, Status, render
from jobstatus._cli_progress import meter, wanted
from jobstatus._show import rich_available

from .test_cli import _LOOKS, COMMAND, ROOT

_ERASE = "\r\x1b[K"


def _drain(fd: int, until: str = "") -> str:
    """What the terminal got: all there is, or (``until``) until that shows, waiting for it
    (a live display never stops writing)."""
    out = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not select.select([fd], [], [], 0.2)[0]:
            if until:
                continue
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end closed: Linux says EIO
            break
        if not chunk:
            break
        out += chunk
        if until and until.encode() in out:
            break
    return out.decode("utf-8", "replace")


def test_the_plain_meter_counts_lines_rate_errors_and_draws_a_bar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOBSTATUS_NO_RICH", "1")
    master, slave = pty.openpty()
    with os.fdopen(slave, "w", encoding="utf-8") as terminal:
        with meter(1000, label="parse", stream=terminal, delay=0) as progress:
            progress.advance(size=500)
            first = _drain(master)
            progress.drawn_at = 0.0  # type: ignore[attr-defined]  # redraw now, not in 0.1 s
            progress.advance(size=500, errors=1)
            second = _drain(master)
        last = _drain(master)
    os.close(master)
    assert first.startswith(_ERASE + "parse [##########----------]  50%  1 lines · ")
    assert second.startswith(_ERASE + "parse [####################] 100%  2 lines · ")
    assert second.rstrip().endswith("/s · 1 error")
    assert last == _ERASE  # erased when done
    assert (progress.lines, progress.size, progress.errors) == (2, 1000, 1)


def test_the_plain_meter_without_a_size_has_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOBSTATUS_NO_RICH", "1")
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    with terminal, meter(None, stream=terminal, delay=0) as progress:
        progress.advance(lines=3, size=10)
        drawn = _drain(master)
    os.close(master)
    assert drawn.startswith(_ERASE + "3 lines · ")
    assert "[" not in drawn.removeprefix(_ERASE)


@pytest.mark.skipif(not rich_available(), reason="the cli extra (rich) is not installed")
def test_the_rich_meter_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOBSTATUS_NO_RICH", raising=False)
    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    with terminal, meter(1000, label="convert", stream=terminal, delay=0) as progress:
        progress.advance(size=250, errors=2)
        progress.display.refresh()  # type: ignore[attr-defined]
        drawn = _drain(master, until="2 errors")
    os.close(master)
    assert "convert" in drawn
    assert "━" in drawn  # rich's bar
    assert "25%" in drawn
    assert "1 lines" in drawn
    assert "2 errors" in drawn


def test_no_meter_in_a_pipe() -> None:
    reading, writing = os.pipe()
    with os.fdopen(writing, "w") as pipe:
        assert not wanted(pipe)
        with meter(1000, stream=pipe, delay=0) as progress:
            progress.advance(size=1000)
    with os.fdopen(reading) as written:
        assert written.read() == ""
    assert progress.lines == 1  # it still counts


def test_the_command_shows_progress_on_a_terminal_and_nothing_in_a_pipe() -> None:
    line = json.dumps(render(Job(id="job-1", status=Status.running), "tensorone")) + "\n"
    env = {k: v for k, v in os.environ.items() if k not in _LOOKS}
    env["JOBSTATUS_NO_RICH"] = "1"
    for stderr_is_a_terminal in (True, False):
        master, slave = pty.openpty()
        with subprocess.Popen(
            [*COMMAND, "parse", "--jsonl", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=slave if stderr_is_a_terminal else subprocess.PIPE,
            env=env,
            cwd=ROOT,
        ) as running:
            os.close(slave)
            assert running.stdin is not None
            running.stdin.write((line * 10 + "{oops\n").encode())
            running.stdin.flush()
            shown = _drain(master, until="<stdin>:11") if stderr_is_a_terminal else ""
            time.sleep(0.7)  # the run is under way: longer than the meter waits to show
            out, err = running.communicate((line * 10).encode(), timeout=120)
            shown += _drain(master)
        os.close(master)
        assert running.returncode == 1
        assert len(out.splitlines()) == 20
        assert b"lines" not in out  # never on standard output
        if stderr_is_a_terminal:
            assert " lines · " in shown
            assert " · 1 error" in shown
            assert shown.endswith(_ERASE)
            assert "<stdin>:11: not JSON" in shown
        else:
            assert err.decode().splitlines() == [err.decode().splitlines()[0]]
            assert err.startswith(b"<stdin>:11: not JSON")  # the message, nothing more
