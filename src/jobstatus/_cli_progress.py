"""A progress meter on standard error, for the commands that read long streams.

Shown only when standard error is a terminal and standard output is not that terminal
(when both are the terminal, the output itself is the sign of life, and a meter would be
mixed into it); never on standard output, never in a pipe or a log file. It appears after a
short delay, so that quick runs print nothing, and is erased when the run ends. With
``rich`` installed (the ``cli`` extra) it is rich's progress display; without it (or with
``JOBSTATUS_NO_RICH=1``) one plain line rewritten in place. Either way it says the lines
done, their rate and the errors so far, and draws a bar when the total size is known.

Examples:
    >>> with meter(None, label="parse") as progress:
    ...     progress.advance(size=120)
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_DELAY = 0.5
"""Seconds before a meter first shows: a run that ends sooner prints nothing."""
_REFRESH = 0.1
"""Seconds between two redraws of the plain meter."""


class Meter:
    """Counts what a command has done; this base class shows nothing (not a terminal)."""

    def __init__(self, total_bytes: int | None = None, label: str = "") -> None:
        self.total_bytes = total_bytes
        self.label = label
        self.lines = self.size = self.errors = 0
        self.started = time.monotonic()

    def advance(self, *, lines: int = 1, size: int = 0, errors: int = 0) -> None:
        """Count ``lines`` more lines (payloads) read, ``size`` more bytes, ``errors`` more
        failures."""
        self.lines += lines
        self.size += size
        self.errors += errors

    def clear(self) -> None:
        """Erase the meter before a message is written on standard error (it comes back
        on the next :meth:`advance`)."""

    def close(self) -> None:
        """Erase the meter for good."""

    def summary(self) -> str:
        """``12,000 lines · 3,950/s · 2 errors``: what the meter says, as text."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        parts = [f"{self.lines:,} lines", f"{self.lines / elapsed:,.0f}/s"]
        if self.errors:
            parts.append(f"{self.errors:,} error{'s' if self.errors != 1 else ''}")
        return " · ".join(parts)


class _Plain(Meter):
    """One line on a terminal, rewritten in place: ``parse [#####-----]  48%  12,000 lines ...``."""

    def __init__(self, total_bytes: int | None, label: str, stream: TextIO, delay: float) -> None:
        super().__init__(total_bytes, label)
        self.stream = stream
        self.delay = delay
        self.drawn_at = 0.0
        self.shown = False

    def advance(self, *, lines: int = 1, size: int = 0, errors: int = 0) -> None:
        super().advance(lines=lines, size=size, errors=errors)
        now = time.monotonic()
        if now - self.started >= self.delay and now - self.drawn_at >= _REFRESH:
            self.drawn_at = now
            self._write("\r\x1b[K" + self.line())
            self.shown = True

    def line(self) -> str:
        head = f"{self.label} " if self.label else ""
        if self.total_bytes:
            share = min(self.size / self.total_bytes, 1.0)
            filled = round(20 * share)
            head += f"[{'#' * filled}{'-' * (20 - filled)}] {share:4.0%}  "
        return head + self.summary()

    def clear(self) -> None:
        if self.shown:
            self._write("\r\x1b[K")
            self.shown = False
            self.drawn_at = 0.0  # redraw at the next line

    def close(self) -> None:
        self.clear()

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: the meter is only a nicety
            pass


class _Rich(Meter):
    """rich's progress display, on standard error."""

    def __init__(self, total_bytes: int | None, label: str, stream: TextIO, delay: float) -> None:
        from rich import progress
        from rich.console import Console

        super().__init__(total_bytes, label)
        columns: list[Any] = [progress.TextColumn("{task.description}")]
        if total_bytes:
            columns += [progress.BarColumn(), progress.TaskProgressColumn()]
        columns += [progress.TextColumn("{task.fields[summary]}")]
        self.delay = delay
        self.display = progress.Progress(
            *columns,
            console=Console(file=stream),
            transient=True,
            # Standard output is never touched: it carries the command's result.
            redirect_stdout=False,
        )
        self.task = self.display.add_task(label, total=total_bytes, summary="")
        self.running = False

    def advance(self, *, lines: int = 1, size: int = 0, errors: int = 0) -> None:
        super().advance(lines=lines, size=size, errors=errors)
        if not self.running and time.monotonic() - self.started >= self.delay:
            self.display.start()
            self.running = True
        if self.running:
            self.display.update(self.task, completed=self.size, summary=self.summary())

    def close(self) -> None:
        if self.running:
            self.display.stop()
            self.running = False


_ACTIVE: list[Meter] = []


def clear() -> None:
    """Erase the meter being shown, if any, before writing a message on standard error."""
    for active in _ACTIVE:
        active.clear()


def wanted(stream: Any = None) -> bool:
    """Whether a meter is shown: ``stream`` (standard error) is a terminal, and standard
    output is not the same terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        if stream is None or not stream.isatty():
            return False
        out = sys.stdout
        if out is None or not out.isatty():
            return True
        return not os.path.samestat(os.fstat(out.fileno()), os.fstat(stream.fileno()))
    except (OSError, ValueError, AttributeError):  # closed, or not a real file
        return False


@contextmanager
def meter(
    total_bytes: int | None,
    *,
    label: str = "",
    stream: TextIO | None = None,
    delay: float = _DELAY,
) -> Iterator[Meter]:
    """A progress meter for a run reading ``total_bytes`` bytes (``None``: unknown, no bar).

    Args:
        total_bytes: the size of everything to be read, when known (regular files).
        label: what is running, e.g. the command's name.
        stream: where to draw it (default: standard error); a meter that does nothing is
            given when it is not a terminal, or standard output is the same terminal.
        delay: seconds before the meter first shows.

    Examples:
        >>> with meter(1000, label="convert") as progress:
        ...     for line in [b"{}", b"{}"]:
        ...         progress.advance(size=len(line))
        >>> progress.lines
        2
    """
    target = sys.stderr if stream is None else stream
    found: Meter
    if target is None or not wanted(target):
        found = Meter(total_bytes, label)
    elif rich_available():
        found = _Rich(total_bytes, label, target, delay)
    else:
        found = _Plain(total_bytes, label, target, delay)
    _ACTIVE.append(found)
    try:
        yield found
    finally:
        _ACTIVE.remove(found)
        found.close()


def rich_available() -> bool:
    """Whether the command line draws with rich: it is installed and ``JOBSTATUS_NO_RICH``
    is not set. Here, not in the views, since this module loads no model."""
    if os.environ.get("JOBSTATUS_NO_RICH"):
        return False
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


__all__ = ["Meter", "clear", "meter", "rich_available", "wanted"]
