"""Input and output of the ``jobstatus`` command: payloads in, JSON and messages out.

A file holds one JSON payload, or JSON Lines (one payload per line), which are read one
line at a time: however long the stream, one line is in memory at once. JSON goes out
pretty on a terminal and compact when piped, one line per payload for JSON Lines input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from functools import cache
from typing import Any

from .errors import JobStatusError

Record = tuple[str, bytes, bool]
"""One payload read: where it came from (``file`` or ``file:line``), its text, and whether
it came from JSON Lines (then the output is JSON Lines too)."""
Handler = Callable[[argparse.Namespace, str, bytes, bool], bool]


def records(name: str, jsonl: bool) -> Iterator[Record]:
    """The payloads of file ``name`` (``-``: standard input), one per line if ``jsonl`` or
    the name ends in ``.jsonl``; blank lines are skipped, line numbers count them."""
    label = "<stdin>" if name == "-" else name
    jsonl = jsonl or name.endswith(".jsonl")
    with nullcontext(sys.stdin.buffer) if name == "-" else open(name, "rb") as f:
        if not jsonl:
            yield label, f.read(), False
            return
        for number, line in enumerate(f, 1):  # one line in memory at a time
            if line.strip():
                yield f"{label}:{number}", line, True


def each(handle: Handler) -> Callable[[argparse.Namespace], int]:
    """A command running ``handle`` on every payload of every file.

    A payload whose handling raises a :class:`~jobstatus.JobStatusError` is reported as
    ``FILE:LINE: message`` and the run goes on (unless ``--fail-fast``); the command exits
    1 if any payload failed, else 0.
    """

    def run(options: argparse.Namespace) -> int:
        status = 0
        for name in options.files:
            for where, text, jsonl in records(name, options.jsonl):
                try:
                    ok = handle(options, where, text, jsonl)
                except JobStatusError as error:
                    say(f"{where}: {error}")
                    ok = False
                if not ok:
                    status = 1
                    if options.fail_fast:
                        return status
        return status

    return run


def emit(options: argparse.Namespace, value: Any, jsonl: bool) -> None:
    """Print ``value`` as JSON: one line for JSON Lines; else ``--indent`` spaces, or 2 on
    a terminal and one line when piped."""
    indent = options.indent
    if jsonl:
        indent = 0
    elif indent is None:
        indent = 2 if sys.stdout.isatty() else 0
    encoder = _COMPACT if not indent else _pretty(indent)
    sys.stdout.write(encoder.encode(value) + "\n")


# What json.dumps would build anew on every call: one line per payload adds up.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@cache
def _pretty(indent: int) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, indent=indent)


def say(message: str) -> None:
    """Print a message for people (an error, a loss) on standard error."""
    print(message, file=sys.stderr)


__all__ = ["Handler", "Record", "each", "emit", "records", "say"]
