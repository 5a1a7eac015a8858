"""The ``jobstatus`` command (also ``python -m jobstatus``): detect, parse, convert, validate
and show job-status payloads.

Each command reads files, or ``-`` for standard input: one JSON payload per file, or JSON
Lines (``--jsonl``, or a ``.jsonl`` file name), streamed one line at a time so that memory
stays flat however long the stream. A payload that cannot be read is reported on standard
error as ``FILE:LINE: message`` and the run goes on to the next one (``--fail-fast`` stops
it). JSON goes out pretty on a terminal and compact when piped (``--indent N`` decides),
one line per payload for JSON Lines input. ``jobstatus FILE`` alone is ``jobstatus parse
FILE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__, api
from ._cli_export import add_export
from ._cli_io import each, emit, say
from ._show import plain, rich_available, rich_view
from .conversion import ON_LOSS, render_with_losses, report
from .errors import Issue, JobStatusError, StrictError, UnknownFormatError
from .registry import REGISTRY

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
COMMANDS = ("formats", "detect", "parse", "convert", "validate", "schema", "show", "export")
EXIT_CODES = """\
exit codes:
  0  success
  1  invalid input, failed validation, or a loss under --on-loss raise
  2  usage error: an unknown option or format name, a missing file"""

_ABOUT = {
    "formats": (
        "List the formats.",
        "One line per registered format: its name, its vendor, and the endpoint it answers.",
    ),
    "detect": (
        "Print the format of each payload.",
        "The format is told from the payload's shape. With several payloads each line is\n"
        "'FILE: FMT' ('FILE:LINE: FMT' for JSON Lines).",
    ),
    "parse": (
        "Print each payload as canonical JSON.",
        "The canonical JSON is the model's own format ('canonical'): the same fields for\n"
        "every vendor. JSON Lines in, JSON Lines out.",
    ),
    "convert": (
        "Convert each payload to another format.",
        "What the target format cannot carry (a field, a status, the steps) is a loss,\n"
        "printed on stderr as 'FILE: loss: message @ $.json.path' (see --on-loss).",
    ),
    "validate": (
        "Check each payload against its format's JSON Schema.",
        "Prints every issue as 'FILE: [severity] message @ $.json.path', or 'FILE: valid\n"
        "FMT'. With --strict, what a strict parse rejects counts too (the drift the\n"
        "format's reader finds besides the schema).",
    ),
    "schema": ("Print the JSON Schema of a format.", "JSON Schema 2020-12."),
    "show": (
        "Show each job for people.",
        "Its name and status, a progress bar, the step and epoch counters and the ETA, the\n"
        "latest metrics, the steps and tasks as a tree, and the issues. In colour with the\n"
        "'cli' extra (rich) installed, plain text without it or with JOBSTATUS_NO_RICH=1.",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see ``jobstatus --help``).

    Examples:
        >>> main(["detect", "examples/nemo_customizer_training.json"])
        nemo_jobs_v2
        0
    """
    args = _default_command(list(sys.argv[1:] if argv is None else argv))
    parser = _parser()
    options = parser.parse_args(args)
    for name in getattr(options, "files", ()):
        if name != "-" and not Path(name).is_file():
            parser.exit(EXIT_USAGE, f"jobstatus: error: {name}: no such file\n")
    try:
        run: Callable[[argparse.Namespace], int] = options.run
        return run(options)
    except BrokenPipeError:
        # The reader went away (`jobstatus parse big.jsonl | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130


def _default_command(args: list[str]) -> list[str]:
    """``jobstatus FILE`` and ``jobstatus --strict FILE`` read as ``jobstatus parse ...``,
    as the command did before it had subcommands."""
    if not args or args[0] in COMMANDS or args[0] in ("-h", "--help", "--version"):
        return args
    first = args[0]
    if first == "-" or first.startswith("-") or Path(first).exists() or "." in first:
        return ["parse", *args]
    return args


# -- the parser --------------------------------------------------------------------------


def _format_name(name: str) -> str:
    try:
        REGISTRY.get(name)
    except UnknownFormatError as error:
        raise argparse.ArgumentTypeError(error.what) from None
    return name


def _indent(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a number of spaces, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    layout = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="jobstatus",
        description="Read the job-status payloads of ML platforms, in one canonical model.",
        epilog=f"{EXIT_CODES}\n\n'jobstatus FILE' is 'jobstatus parse FILE'.",
        formatter_class=layout,
    )
    parser.add_argument("--version", action="version", version=f"jobstatus {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("files", nargs="+", metavar="FILE", help="payload file, - for stdin")
    inputs.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines (the default for *.jsonl files)"
    )
    inputs.add_argument(
        "--fail-fast", action="store_true", help="stop at the first payload that fails"
    )
    parsing = argparse.ArgumentParser(add_help=False)
    parsing.add_argument(
        "--from",
        "--format",
        "-f",
        dest="source",
        type=_format_name,
        metavar="FMT",
        help="the payloads' format (default: told from each payload's shape)",
    )
    parsing.add_argument(
        "--strict", action="store_true", help="reject any drift from the format, with every issue"
    )
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--indent",
        type=_indent,
        metavar="N",
        help="indent JSON by N spaces, 0 for one line (default: 2 on a terminal, else 0)",
    )

    def command(name: str, *parents: argparse.ArgumentParser, run: Any) -> Any:
        what, more = _ABOUT[name]
        found = commands.add_parser(
            name,
            help=what,
            description=f"{what}\n\n{more}",
            parents=parents,
            epilog=EXIT_CODES,
            formatter_class=layout,
        )
        found.set_defaults(run=run)
        return found

    command("formats", run=_formats)
    command("detect", inputs, run=each(_detect))
    command("parse", inputs, parsing, output, run=each(_parse))
    found = command("convert", inputs, parsing, output, run=each(_convert))
    found.add_argument(
        "--to", required=True, type=_format_name, metavar="FMT", help="the format to write"
    )
    found.add_argument(
        "--on-loss",
        choices=ON_LOSS,
        default="warn",
        help="on a loss: print it on stderr (warn, the default), fail the payload (raise), "
        "or say nothing (ignore)",
    )
    command("validate", inputs, parsing, run=each(_validate))
    found = command("schema", output, run=_schema)
    found.add_argument("format", type=_format_name, metavar="FMT", help="a format name")
    command("show", inputs, parsing, run=each(_show))
    add_export(commands)
    return parser


# -- the commands ------------------------------------------------------------------------


def _formats(options: argparse.Namespace) -> int:
    rows = [
        (name, REGISTRY.get(name).vendor, REGISTRY.get(name).endpoint) for name in api.formats()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, vendor, endpoint in rows:
        print(f"{name:<{widths[0]}}  {vendor:<{widths[1]}}  {endpoint}".rstrip())
    return EXIT_OK


def _detect(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    name = api.detect(text)
    single = len(options.files) == 1 and not jsonl
    print(name if single else f"{where}: {name}")
    return True


def _parse(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    job = api.parse(text, options.source, strict=options.strict)
    emit(options, api.render(job, "canonical"), jsonl)
    return True


def _convert(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    job = api.parse(text, options.source, strict=options.strict)
    found: list[Issue] = []
    if options.on_loss == "ignore":
        payload = api.render(job, options.to)
    else:
        payload, found = render_with_losses(job, options.to)
    if options.on_loss == "raise":
        report(found, options.to, "raise")  # one LossError listing them all, if any
    for loss in found:
        say(f"{where}: loss: {loss}")
    emit(options, payload, jsonl)
    return True


def _validate(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    name = options.source or api.detect(text)
    if options.strict:
        try:
            api.parse(text, name, strict=True)
            issues = []
        except StrictError as error:
            issues = list(error.issues)
    else:
        from .validation import validate  # imported on use: it compiles schemas

        issues = validate(text, name)
    for issue in issues:
        print(f"{where}: [{issue.severity}] {issue}")
    if not issues:
        print(f"{where}: valid {name}")
    return not issues


def _schema(options: argparse.Namespace) -> int:
    from .schemas import schema

    try:
        emit(options, schema(options.format), False)
    except JobStatusError as error:
        say(f"jobstatus: {error}")
        return EXIT_INVALID
    return EXIT_OK


def _show(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    job = api.parse(text, options.source, strict=options.strict)
    if getattr(options, "shown", False):
        print()
    options.shown = True
    if rich_available():
        from rich.console import Console

        Console(highlight=False).print(rich_view(job))
        return True
    out = sys.stdout
    colour = (out.isatty() or bool(os.environ.get("FORCE_COLOR"))) and not os.environ.get(
        "NO_COLOR"
    )
    unicode = "utf" in (out.encoding or "").lower()
    print(plain(job, colour=colour, width=shutil.get_terminal_size().columns, unicode=unicode))
    return True


if __name__ == "__main__":
    sys.exit(main())
