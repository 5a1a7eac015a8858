"""Input and output of the ``jobstatus`` command: payloads in, JSON and messages out.

A file holds one JSON payload, or JSON Lines (one payload per line), which are read one
line at a time: however long the stream, one line is in memory at once. Any readable file
will do (``/dev/stdin``, a named pipe, ``<(command)``). A file that cannot be read (missing,
a directory, no permission, a closed standard input) is reported in one line and the others
are still read.

JSON goes out pretty on a terminal and compact when piped, one line per payload for JSON
Lines input. What goes out is always JSON, in UTF-8: a NaN or an Infinity (which JSON
cannot hold) is reported and its payload not written, never turned into something else;
a lone surrogate (``"\\ud800"`` read from JSON text) is written escaped, as it was read,
and reported.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from typing import IO, TYPE_CHECKING, Any

from . import _cli_progress
from ._cli_json import refuse_non_finite_job, to_json

if TYPE_CHECKING:
    from .model import Job

Record = tuple[str, bytes, bool]
"""One payload read: where it came from (``file`` or ``file:line``), its text, and whether
it came from JSON Lines (then the output is JSON Lines too)."""
Handler = Callable[[argparse.Namespace, str, bytes, bool], bool]

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
_MESSAGE = 500
"""The most characters of an unexpected error's message shown: one line, whatever it holds."""


class InputError(Exception):
    """A file that cannot be read as asked; ``code`` is the exit code it calls for."""

    def __init__(self, message: str, code: int = EXIT_UNREADABLE) -> None:
        super().__init__(message)
        self.code = code


EXIT_CODES = """\
exit codes:
    0  success
    1  invalid input, failed validation, or a loss under --on-loss raise
    2  usage error: an unknown option or format name; or a file that cannot be
       read (missing, a directory, no permission), after reading the others
  130  interrupted (Ctrl-C)"""


def format_name(name: str) -> str:
    """An argparse type: ``name`` if a format has it, else a usage error with a hint."""
    from .errors import UnknownFormatError
    from .registry import REGISTRY

    try:
        REGISTRY.get(name)
    except UnknownFormatError as error:
        raise argparse.ArgumentTypeError(error.what) from None
    return name


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """``--from``/``--format``/``-f FMT`` (``source``): the payloads' format, as every
    command that reads payloads takes it."""
    parser.add_argument(
        "--from",
        "--format",
        "-f",
        dest="source",
        type=format_name,
        metavar="FMT",
        help="the payloads' format (default: told from each payload's shape)",
    )


def records(name: str, jsonl: bool) -> Iterator[Record]:
    """The payloads of file ``name`` (``-``: standard input), one per line if ``jsonl`` or
    the name ends in ``.jsonl``; blank lines are skipped, line numbers count them.

    Raises:
        InputError: the file cannot be read, or it is not JSON Lines although read as such
            (its first line is not a complete JSON value: one pretty-printed document).
    """
    label = "<stdin>" if name == "-" else name
    hint = "drop --jsonl" if jsonl else "read it from standard input: - < FILE"
    jsonl = jsonl or name.endswith(".jsonl")
    with _open(name, label) as f:
        try:
            if not jsonl:
                yield label, f.read(), False
                return
            first = True
            for number, line in enumerate(f, 1):  # one line in memory at a time
                if not line.strip():
                    continue
                if first and not _complete(line):
                    raise InputError(
                        f"{label}:{number}: not JSON Lines: the first line is not a complete "
                        f"JSON value (one JSON document over several lines? {hint})",
                        EXIT_INVALID,
                    )
                first = False
                yield f"{label}:{number}", line, True
        except OSError as error:  # a read that fails midway (an I/O error, a device)
            raise InputError(f"{label}: cannot read: {_why(error)}") from None


def _open(name: str, label: str) -> Any:
    if name == "-":
        stream = sys.stdin
        if stream is None:  # started with standard input closed (`<&-`)
            raise InputError(f"{label}: cannot read: standard input is closed")
        return nullcontext(getattr(stream, "buffer", stream))
    try:
        found: IO[bytes] = open(name, "rb")  # noqa: SIM115  (closed by the caller's with)
    except OSError as error:
        raise InputError(f"{label}: {_why(error)}") from None
    return found


def _why(error: OSError) -> str:
    """Why a file cannot be read, in the words people expect."""
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()


def _complete(line: bytes) -> bool:
    """Whether ``line`` is not a JSON value cut at its end (the first line of a JSON
    document written over several lines: ``{``, ``[``, ``{"id": "a",``)."""
    try:
        json.loads(line)
    except json.JSONDecodeError as error:
        return error.pos < len(error.doc.rstrip())
    except (ValueError, RecursionError):  # undecodable bytes, deep nesting: a bad line
        pass
    return True


def total_size(names: list[str]) -> int | None:
    """The bytes to be read from ``names``, when each is a regular file; else ``None``."""
    total = 0
    for name in names:
        try:
            info = os.stat(name) if name != "-" else None
        except OSError:
            continue  # reported when its turn comes
        if info is None or not stat.S_ISREG(info.st_mode):
            return None
        total += info.st_size
    return total


def each(handle: Handler) -> Callable[[argparse.Namespace], int]:
    """A command running ``handle`` on every payload of every file.

    A payload whose handling raises is reported as ``FILE:LINE: message`` (an unexpected
    error too, in one line) and the run goes on (unless ``--fail-fast``), as it does past a
    file that cannot be read. The command exits 2 if a file could not be read, else 1 if
    any payload failed, else 0. A progress meter runs on standard error meanwhile, when it
    is a terminal (see :mod:`jobstatus._cli_progress`).
    """

    def run(options: argparse.Namespace) -> int:
        status = EXIT_OK
        label = getattr(options, "command", "") or ""
        with _cli_progress.meter(total_size(options.files), label=label) as progress:
            for name in options.files:
                try:
                    for where, text, jsonl in records(name, options.jsonl):
                        ok = _one(handle, options, where, text, jsonl)
                        progress.advance(size=len(text), errors=0 if ok else 1)
                        if not ok:
                            status = max(status, EXIT_INVALID)
                            if options.fail_fast:
                                return status
                except InputError as problem:
                    say(str(problem))
                    progress.advance(lines=0, errors=1)
                    status = max(status, problem.code)
                    if options.fail_fast:
                        return status
        return status

    return run


def _one(
    handle: Handler, options: argparse.Namespace, where: str, text: bytes, jsonl: bool
) -> bool:
    from .errors import JobStatusError

    if not jsonl and not text.strip():
        say(f"{where}: empty")
        return False
    try:
        return handle(options, where, text, jsonl)
    except JobStatusError as error:
        say(f"{where}: {error}")
    except OSError:
        raise  # writing failed (a closed pipe, a full disk): not this payload's fault
    except Exception as error:  # the library must raise only its own errors; if not, say so
        say(f"{where}: unexpected error: {one_line(error)}")
    return False


def one_line(error: BaseException) -> str:
    """``TypeError: what it says``, on one line of bounded length."""
    text = " ".join(str(error).split())
    if len(text) > _MESSAGE:
        text = f"{text[:_MESSAGE]}… ({len(text) - _MESSAGE:,} more characters)"
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def emit(
    options: argparse.Namespace,
    value: Any,
    jsonl: bool,
    where: str | None = None,
    job: Job | None = None,
) -> None:
    """Print ``value`` as JSON: one line for JSON Lines; else ``--indent`` spaces, or 2 on
    a terminal and one line when piped. Always JSON, in UTF-8 (see :mod:`._cli_json`).

    Args:
        options: the command's options (``indent``).
        value: what to write.
        jsonl: whether it is one line of JSON Lines.
        where: ``FILE:LINE`` of the payload, to report a lone surrogate written escaped.
        job: the job ``value`` was written from: when the text holds a ``null``, the job is
            checked for a NaN or an Infinity that the writer may have turned into it.

    Raises:
        RenderError: ``value`` (or ``job``) holds a NaN or an Infinity; nothing is written.
    """
    indent = options.indent
    if jsonl:
        indent = 0
    elif indent is None:
        indent = 2 if sys.stdout.isatty() else 0
    text, surrogate = to_json(value, indent, getattr(sys.stdout, "encoding", None) or "utf-8")
    if job is not None and "null" in text:
        refuse_non_finite_job(job)
    if surrogate is not None:
        say(
            f"{where + ': ' if where else ''}warning: a lone surrogate (U+{surrogate:04X}) in "
            "a string, which UTF-8 cannot carry: written as its \\u escape, as JSON text "
            "spells it"
        )
    sys.stdout.write(text + "\n")


def say(message: str) -> None:
    """Print a message for people (an error, a loss) on standard error."""
    err = sys.stderr
    if err is None:  # started with standard error closed: nowhere to say it
        return
    _cli_progress.clear()
    # Standard error may have gone away: the exit code still says what happened.
    with contextlib.suppress(OSError, ValueError):
        print(message, file=err)


__all__ = [
    "EXIT_CODES",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_UNREADABLE",
    "Handler",
    "InputError",
    "Record",
    "add_format_option",
    "each",
    "emit",
    "format_name",
    "one_line",
    "records",
    "say",
    "total_size",
]
