"""The human view of a job, for ``jobstatus show``: plain text, or rich when installed.

Both views say the same things in the same order: the job's name and status, a progress
bar with the percent, the step and epoch counters and the ETA, the latest metrics, the
steps and tasks as a tree with their statuses, and the issues found while reading.

How it looks (:class:`Looks`): rich draws it when installed, unless
``JOBSTATUS_NO_RICH`` is set; rich colours it on a terminal and follows ``NO_COLOR`` and
``FORCE_COLOR``. The plain view has no colour unless ``FORCE_COLOR`` asks for it (and
``NO_COLOR`` is not set): plain text means plain. Lines fit ``COLUMNS``, else the width of
the terminal (standard output, error or input, the first that is one); with no terminal
they are not cut. Free text (a message, an issue) is shown up to :data:`TEXT_LIMIT`
characters, with a marker saying how many more there are: a 10 MB message costs no more
than a short one.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TextIO

from ._cli_progress import rich_available
from .model import Job, Metrics, Progress, Step, Task
from .status import Phase, Status

_BAR = 30
TEXT_LIMIT = 2000
"""The most characters of one free text (a message, an issue) shown."""
_UNLIMITED = 10**6
"""The width with no terminal: lines are not cut."""
_ANSI = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34"}
_ANSI |= {"magenta": "35", "cyan": "36"}
_WELL_KNOWN = (
    "loss",
    "val_loss",
    "accuracy",
    "val_accuracy",
    "learning_rate",
    "grad_norm",
    "samples_per_second",
    "tokens_per_second",
    "step_time_seconds",
)


@dataclass(frozen=True)
class Looks:
    """How ``show`` draws: with rich or plain, in colour or not, how wide, which glyphs."""

    rich: bool
    colour: bool
    width: int | None
    unicode: bool

    @classmethod
    def of(cls, stream: TextIO) -> Looks:
        """What the environment asks for, writing to ``stream`` (see the module's rules)."""
        env = os.environ
        colour = bool(env.get("FORCE_COLOR")) and not env.get("NO_COLOR")
        unicode = "utf" in (getattr(stream, "encoding", None) or "").lower()
        return cls(rich=rich_available(), colour=colour, width=columns(), unicode=unicode)


def columns() -> int | None:
    """``COLUMNS``, else the width of the first of standard output, error and input that is
    a terminal; ``None`` when there is none."""
    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    for fd in (1, 2, 0):
        try:
            width = os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
        if width > 0:
            return width
    return None


def clip(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, with a marker saying how many more it has.

    Examples:
        >>> clip("x" * 12, 5)
        'xxxxx… (7 more characters)'
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def colour_of(status: Status) -> str:
    """The colour a status is shown in: green done, red failed, yellow stopped or paused."""
    if status is Status.succeeded:
        return "green"
    if status is Status.failed:
        return "red"
    if status.is_terminal or status in (Status.paused, Status.pausing, Status.cancelling):
        return "yellow"
    if status.phase is Phase.active:
        return "cyan"
    return "blue" if status.phase is Phase.pending else "magenta"


def title(node: Job | Step | Task) -> str:
    return clip(node.name or node.id or f"({type(node).__name__.lower()})", 200)


def eta(seconds: float) -> str:
    """``5m 20s``, ``1h 05m``, ``2d 3h``: a duration as people read it.

    Examples:
        >>> eta(320), eta(3900), eta(183600)
        ('5m 20s', '1h 05m', '2d 3h')
    """
    if not math.isfinite(seconds):
        return "?"
    whole = round(seconds)
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days >= 1000:  # the hours no longer matter; a number of 300 digits is no duration
        return f"{number(days)}d"
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def size(count: int) -> str:
    """A byte count in decimal units: ``2.98 MB``.

    Examples:
        >>> size(999), size(2984632), size(25 * 10**9)
        ('999 B', '2.98 MB', '25 GB')
    """
    units = ("B", "kB", "MB", "GB", "TB", "PB")
    # Decimal, not float: a byte counter of 400 digits is valid JSON and overflows a float.
    value, index = Decimal(count), 0
    while value >= 1000 and index < len(units) - 1:
        value, index = value / 1000, index + 1
    return f"{number(count)} B" if index == 0 else f"{value:.3g} {units[index]}"


def number(count: int) -> str:
    """An integer as digits, or in scientific notation past 30 digits.

    Examples:
        >>> number(45), number(10**400)
        ('45', '1.00e+400')
    """
    if -(10**30) < count < 10**30:
        return str(count)
    return f"{Decimal(count):.2e}"


def counters(progress: Progress) -> list[str]:
    """The counters a progress reports, e.g. ``['step 45/94', 'epoch 1/2', 'ETA 5m 20s']``."""
    found = []
    spellings: tuple[tuple[str, int | None, int | None, Callable[[int], str]], ...] = (
        ("step", progress.step, progress.total_steps, number),
        ("epoch", progress.epoch, progress.total_epochs, number),
        ("files", progress.files, progress.total_files, number),
        ("bytes", progress.bytes, progress.total_bytes, size),
    )
    for label, done, total, spell in spellings:
        if done is not None or total is not None:
            mine = "?" if done is None else spell(done)
            found.append(f"{label} {mine}/{'?' if total is None else spell(total)}")
    if progress.samples is not None:
        found.append(f"samples {number(progress.samples)}")
    if progress.eta_seconds is not None:
        found.append(f"ETA {eta(progress.eta_seconds)}")
    if progress.phase:
        found.append(f"phase {clip(progress.phase, 200)}")
    return found


def metric_items(metrics: Metrics) -> list[str]:
    """The latest value of each metric, well-known ones first: ``['loss 1.27', ...]``."""
    values: dict[str, float | None] = {name: getattr(metrics, name) for name in _WELL_KNOWN}
    values.update(metrics.other)
    return [f"{clip(name, 100)} {value:.6g}" for name, value in values.items() if value is not None]


def _label_parts(node: Step | Task) -> list[str]:
    parts = []
    if node.progress.percent is not None:
        parts.append(f"{node.progress.percent:.0f}%")
    parts.extend(c for c in counters(node.progress) if not c.startswith("phase"))
    return parts


# -- plain text ----------------------------------------------------------------------------


def plain(job: Job, *, colour: bool = False, width: int = 80, unicode: bool = True) -> str:
    """The job as plain text, ``width`` columns wide, in ANSI colours if ``colour``."""

    def paint(text: str, *styles: str) -> str:
        if not colour or not styles:
            return text
        codes = ";".join(_ANSI[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def wrap(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, width, subsequent_indent=indent) or [""]

    status = job.status.value
    lines = [f"{paint(title(job), 'bold')}  {paint(status, colour_of(job.status), 'bold')}"]
    where = " · ".join(x for x in (job.format, job.id if job.name else None) if x)
    if where:
        lines.append(paint(where, "dim"))
    for text, style in ((job.message, ""), (job.error and job.error.message, "red")):
        if text:
            lines.extend(paint(line, style) if style else line for line in wrap(clip(text)))
    percent = job.progress.percent
    if percent is not None:
        filled = round(_BAR * percent / 100)
        full, empty = ("█", "░") if unicode else ("#", "-")
        bar = paint(full * filled, colour_of(job.status)) + paint(empty * (_BAR - filled), "dim")
        lines.append(f"{bar} {percent:5.1f}%")
    if found := counters(job.progress):
        lines.extend(wrap(" · ".join(found)))
    if items := metric_items(job.metrics):
        lines.extend(wrap("metrics: " + " · ".join(items), "  "))
    if job.steps:
        lines.append(paint("steps", "bold"))
        marks = ("├── ", "└── ", "│   ") if unicode else ("|-- ", "`-- ", "|   ")
        for i, step in enumerate(job.steps):
            lead = marks[1] if i == len(job.steps) - 1 else marks[0]
            lines.append(lead + _plain_label(step, paint, width - len(lead)))
            for j, task in enumerate(step.tasks):
                inner = ("    " if lead == marks[1] else marks[2]) + marks[j == len(step.tasks) - 1]
                lines.append(inner + _plain_label(task, paint, width - len(inner)))
    if job.issues:
        lines.append(paint("issues", "bold"))
        for issue in job.issues:
            tone = {"error": "red", "warning": "yellow"}.get(issue.severity, "dim")
            lines.extend(wrap(f"  {paint(f'[{issue.severity}]', tone)} {clip(str(issue))}", "    "))
    return "\n".join(lines)


def _plain_label(node: Step | Task, paint: Any, room: int) -> str:
    """``name  status  47%  step 45/94`` in ``room`` columns: the counters that do not fit
    are left out, and the name is shortened if even name and status do not fit."""
    name, status = title(node), node.status.value
    spare = room - len(status) - 2
    if len(name) > spare:
        name = name[: max(spare - 1, 8)] + "…"
    parts, used = [name, paint(status, colour_of(node.status))], len(name) + 2 + len(status)
    for part in _label_parts(node):
        if used + 2 + len(part) > room:
            break
        parts.append(part)
        used += 2 + len(part)
    return "  ".join(parts)


__all__ = [
    "TEXT_LIMIT",
    "Looks",
    "clip",
    "colour_of",
    "columns",
    "counters",
    "eta",
    "metric_items",
    "number",
    "plain",
    "rich_available",
]
