"""``jobstatus watch``: follow one job until it ends.

SOURCE is an http(s) URL, a file read again at each poll, or ``-``: JSON Lines snapshots
on standard input, one per line. On a terminal a live view is refreshed in place (rich
when installed, one plain line otherwise); piped, one line per change; with ``--jsonl``,
one CloudEvents 1.0 structured-JSON event per change.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._cli_io import format_name
from ._show import colour_of, counters, eta, rich_available, title
from .errors import FetchError, JobStatusError, WaitTimeout
from .model import Job, Step
from .status import Outcome, Phase, Status

if TYPE_CHECKING:
    from .live.change import Change
    from .live.tracker import Tracker

EXIT_SUCCEEDED, EXIT_UNREADABLE, EXIT_USAGE, EXIT_ENDED, EXIT_TIMEOUT = 0, 1, 2, 3, 4
EXIT_CODES = """\
exit codes:
  0  the job ended succeeded
  1  the source stayed unreadable past the retry budget
  2  usage error: an unknown option or format name, a bad header
  3  the job ended failed, cancelled or skipped
  4  --timeout passed before the job ended"""
_ABOUT = (
    "Follow a job until it ends.",
    "SOURCE is an http(s) URL, a file read again at each poll, or - for JSON Lines\n"
    "snapshots on standard input. On a terminal: a live view (status, progress, step,\n"
    "epoch, loss, ETA, current step). Piped: one line per change. With --jsonl: one\n"
    "CloudEvents 1.0 event (structured JSON) per change.",
)


def add_watch(commands: Any) -> None:
    """Add the ``watch`` command to ``commands`` (the parser's subparsers)."""
    what, more = _ABOUT
    found = commands.add_parser(
        "watch",
        help=what,
        description=f"{what}\n\n{more}",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    found.add_argument("source", metavar="SOURCE", help="http(s) URL, file, or - for stdin")
    found.add_argument("--format", "-f", dest="fmt", type=format_name, metavar="FMT")
    found.add_argument("--interval", type=_seconds, default=2.0, metavar="S", help="default 2")
    found.add_argument("--max-interval", type=_seconds, default=60.0, metavar="S")
    found.add_argument("--timeout", type=_seconds, metavar="S", help="give up after S seconds")
    found.add_argument(
        "--retries", type=_count, default=5, metavar="N", help="failed reads in a row allowed"
    )
    found.add_argument(
        "--stale-after",
        type=_seconds,
        metavar="S",
        help="mark the job stale after S seconds without its updated_at moving",
    )
    found.add_argument(
        "--header",
        "-H",
        dest="headers",
        action="append",
        type=_header,
        default=[],
        metavar="'NAME: VALUE'",
        help="an HTTP header (repeatable); Authorization is never printed",
    )
    found.add_argument("--jsonl", action="store_true", help="CloudEvents, one per line")
    found.set_defaults(run=run)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}")
    return value


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}")
    return int(text)


def _header(text: str) -> tuple[str, str]:
    name, colon, value = text.partition(":")
    if not colon or not name.strip():
        raise argparse.ArgumentTypeError("expected 'Name: value'")  # the value may be secret
    return name.strip(), value.strip()


# -- sources ---------------------------------------------------------------------------------


def _reader(options: argparse.Namespace) -> tuple[Callable[[], Any], Callable[[float], object]]:
    """How to read a snapshot from SOURCE, and how to pause between reads."""
    source: str = options.source
    if source.startswith(("http://", "https://")):
        from .http import Client

        client = Client(
            source,
            options.fmt,
            headers=dict(options.headers),
            retries=2,
            backoff=min(options.interval, 0.5),
        )
        return client.read, time.sleep
    if source == "-":
        lines = (line for line in sys.stdin.buffer if line.strip())

        def next_line() -> bytes:
            line = next(lines, None)
            if line is None:
                raise FetchError("the stream ended before the job did", source="<stdin>")
            return line

        return next_line, lambda seconds: None  # the stream sets its own pace
    return _File(source), time.sleep


class _File:
    """A file read whole at each poll; named by its path in errors."""

    def __init__(self, name: str) -> None:
        self.__name__ = name
        self.path = Path(name)

    def __call__(self) -> bytes:
        return self.path.read_bytes()


# -- output ----------------------------------------------------------------------------------


def cloudevent(change: Change, job: Job, source: str) -> dict[str, Any]:
    """``change`` as a CloudEvents 1.0 event in structured JSON form."""
    head, _, tail = change.kind.rpartition("_")
    kind = f"{head}.{tail}" if tail in ("added", "removed") else f"{change.kind}.changed"
    event: dict[str, Any] = {
        "specversion": "1.0",
        "id": uuid.uuid4().hex,
        "source": source,
        "type": f"jobstatus.{kind}",
        "time": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "data": {"change": change.to_json(), "job": summary(job)},
    }
    subject = job.id or job.name
    if subject:
        event["subject"] = subject
    return event


def summary(job: Job) -> dict[str, Any]:
    """What a consumer of one event needs to know of the job."""
    outcome: Outcome | None = job.status.outcome
    return {
        "id": job.id,
        "name": job.name,
        "format": job.format,
        "status": job.status.value,
        "vendor_status": job.vendor_status,
        "phase": job.status.phase.value,
        "terminal": job.status.is_terminal,
        "outcome": outcome.value if outcome is not None else None,
        "percent": job.progress.percent,
    }


def current_step(job: Job) -> Step | None:
    """The step being worked on: the first active one, else the last one that started."""
    active = [s for s in job.steps if s.status.phase is Phase.active]
    if active:
        return active[0]
    started = [s for s in job.steps if s.status.phase is not Phase.pending]
    return started[-1] if started else None


def line(job: Job, *, width: int = 80, stale: bool = False) -> str:
    """The job on one line: status, bar and percent, counters, loss, ETA, current step."""
    parts = [title(job), job.status.value + (" (stale)" if stale else "")]
    percent = job.progress.percent
    if percent is not None:
        filled = round(20 * percent / 100)
        parts.append(f"[{'#' * filled}{'-' * (20 - filled)}] {percent:5.1f}%")
    parts.extend(c for c in counters(job.progress) if c.split()[0] in ("step", "epoch", "ETA"))
    if job.metrics.loss is not None:
        parts.append(f"loss {job.metrics.loss:.4g}")
    step = current_step(job)
    if step is not None:
        parts.append(f"at {title(step)}")
    text = "  ".join(parts)
    return text if len(text) <= width else text[: width - 1] + "…"


def rich_line(job: Job, stale: bool = False) -> Any:
    """The same as :func:`line`, for rich: a progress bar that fills the terminal."""
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    style = colour_of(job.status)
    grid = Table.grid(padding=(0, 1))
    status = Text.assemble((title(job), "bold"), " ", (job.status.value, f"bold {style}"))
    if stale:
        status.append(" (stale)", style="yellow")
    cells: list[Any] = [status]
    percent = job.progress.percent
    if percent is not None:
        cells += [ProgressBar(total=100, completed=percent, width=30), f"{percent:5.1f}%"]
    rest = [c for c in counters(job.progress) if c.split()[0] in ("step", "epoch")]
    if job.metrics.loss is not None:
        rest.append(f"loss {job.metrics.loss:.4g}")
    if job.progress.eta_seconds is not None:
        rest.append(f"ETA {eta(job.progress.eta_seconds)}")
    step = current_step(job)
    if step is not None:
        rest.append(f"at {title(step)}")
    cells.append(Text(" · ".join(rest)))
    grid.add_row(*cells)
    return grid


class _Views:
    """Where each change goes: CloudEvents, one line per change, or a live view."""

    def __init__(self, options: argparse.Namespace, tracker: Tracker) -> None:
        self.options, self.tracker = options, tracker
        self.live: Any = None
        self.terminal = sys.stdout.isatty() and not options.jsonl
        self.width = shutil.get_terminal_size().columns

    def __enter__(self) -> _Views:
        if self.terminal and rich_available():
            from rich.live import Live

            self.live = Live(auto_refresh=False, transient=False)
            self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()
        elif self.terminal:
            print()

    def show(self, change: Change) -> None:
        job = self.tracker.job
        if job is None:
            return
        if self.options.jsonl:
            event = cloudevent(change, job, self.options.source)
            sys.stdout.write(json.dumps(event, ensure_ascii=False) + "\n")
        elif self.live is not None:
            self.live.update(rich_line(job, self.tracker.stale), refresh=True)
        elif self.terminal:
            sys.stdout.write("\r\x1b[2K" + line(job, width=self.width - 1))
        else:
            sys.stdout.write(f"{change}\n")
        sys.stdout.flush()


def run(options: argparse.Namespace) -> int:
    """Run ``jobstatus watch``; returns the exit code."""
    # Imported here: the other commands need neither the live layer nor asyncio.
    from .live.poll import watch
    from .live.tracker import Tracker

    read, sleep = _reader(options)
    tracker = Tracker(options.fmt, stale_after=options.stale_after)
    changes = watch(
        read,
        fmt=options.fmt,
        interval=options.interval,
        max_interval=max(options.max_interval, options.interval),
        timeout=options.timeout,
        retries=options.retries,
        sleep=sleep,
        tracker=tracker,
    )
    try:
        with _Views(options, tracker) as views:
            for change in changes:
                views.show(change)
    except WaitTimeout as error:
        print(f"jobstatus watch: {error}", file=sys.stderr)
        return EXIT_TIMEOUT
    except JobStatusError as error:
        print(f"jobstatus watch: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    job = tracker.job
    assert job is not None
    return EXIT_SUCCEEDED if job.status is Status.succeeded else EXIT_ENDED


__all__ = ["EXIT_CODES", "add_watch", "cloudevent", "current_step", "line", "run", "summary"]
