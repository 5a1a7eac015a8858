"""The ``jobstatus`` command (also ``python -m jobstatus``): detect, parse, convert, validate
and show job-status payloads.

**Input.** Each command reads files, or ``-`` for standard input: one JSON payload per
file, or JSON Lines (``--jsonl``, or a ``.jsonl`` file name), streamed one line at a time so
that memory stays flat however long the stream. Any readable file will do: ``/dev/stdin``,
a named pipe, ``<(command)``. A payload that cannot be read is reported on standard error
as ``FILE:LINE: message`` and the run goes on to the next one (``--fail-fast`` stops it).
A file that cannot be read (missing, a directory, no permission, a closed standard input)
gets one line naming it and why (``FILE: permission denied``), the other files are still
read, and the command exits 2. An empty file is ``FILE: empty``; a JSON document written
over several lines but read as JSON Lines is said once, not once a line.
``jobstatus FILE`` alone is ``jobstatus parse FILE``.

**Output.** JSON goes out pretty on a terminal and compact when piped (``--indent N``
decides, from 0 to 16), one line per payload for JSON Lines input; always JSON, in UTF-8.
A NaN or an Infinity (JSON cannot hold them; ``1e309`` reads as Infinity) is reported as
``FILE:LINE: not written: ...`` with its JSON path, and that payload is not written: never
``NaN``, and never a ``null`` in its place. A lone surrogate (``"\\ud800"`` in JSON text) is
written as the same escape, and reported.

**show.** With the ``cli`` extra (rich) installed, rich draws each job, in colour on a
terminal (``NO_COLOR`` turns colour off, ``FORCE_COLOR`` on). Without rich, or with
``JOBSTATUS_NO_RICH=1``, the view is plain text, with no colour unless ``FORCE_COLOR`` is
set (and ``NO_COLOR`` is not). Lines fit ``COLUMNS``, else the terminal's width; with no
terminal at all they are not cut. Several jobs are each headed by ``==> FILE <==`` (or
``FILE:LINE``). A long message is shown up to 2,000 characters, with a marker saying how
many more there are.

**Progress.** On a long run, a meter shows on standard error when it is a terminal and
standard output is not that terminal: lines done, their rate, the errors, and a bar when
every input is a regular file (the total size is known); drawn by rich when installed,
one plain line otherwise, and erased at the end. Never in a pipe, never on standard output.

**No traceback, ever.** A Ctrl-C exits 130 at any moment (also while the library loads); a
closed pipe (``jobstatus parse big.jsonl | head``) ends the run quietly; a closed standard
output is one line and exit 2; anything unexpected is one line, ``FILE:LINE: unexpected
error: ...`` for a payload (the run goes on) or ``jobstatus: error: ...``, and exit 1.
"""

from __future__ import annotations

# Only light modules at the top: the library is imported inside the functions, where a
# Ctrl-C while it loads is caught by main() (exit 130, no traceback) as at any other
# moment; one while these load ends the same way. tests/test_cli.py checks that importing
# this module loads no pydantic.
try:
    import argparse
    import contextlib
    import os
    import sys
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

    from . import __version__
    from ._cli_io import EXIT_CODES, add_format_option, each, emit, format_name, one_line, say
except KeyboardInterrupt:
    raise SystemExit(130) from None

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_INDENT = 16
COMMANDS = (
    "formats",
    "detect",
    "parse",
    "convert",
    "validate",
    "schema",
    "show",
    "watch",
    "export",
)

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
        "latest metrics, the steps and tasks as a tree, and the issues; each job headed by\n"
        "its FILE (or FILE:LINE) when there are several. With the 'cli' extra (rich)\n"
        "installed: drawn by rich, in colour on a terminal (NO_COLOR turns colour off,\n"
        "FORCE_COLOR on). Without rich, or with JOBSTATUS_NO_RICH=1: plain text, with no\n"
        "colour unless FORCE_COLOR is set (and NO_COLOR is not). Lines fit the terminal\n"
        "(COLUMNS, else the terminal's width); with no terminal they are not cut.",
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see ``jobstatus --help``).

    Never a traceback: a Ctrl-C ends the run with 130, a closed pipe quietly, and anything
    unexpected with one line on standard error and 1.

    Examples:
        >>> main(["detect", "examples/nemo_customizer_training.json"])
        nemo_jobs_v2
        0
    """
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`jobstatus parse big.jsonl | head`): stop quietly.
        _discard_stdout()
        return EXIT_INVALID
    except Exception as error:  # the last resort: one line, never a traceback
        say(f"jobstatus: error: {one_line(error)}")
        if isinstance(error, OSError):  # writing failed (a full disk): not again at exit
            _discard_stdout()
        return EXIT_INVALID


def _main(argv: list[str]) -> int:
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        say("jobstatus: error: standard output is closed")
        return EXIT_USAGE
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        # Text for people (a message quoting a lone surrogate) must not crash the run: what
        # the output's encoding lacks goes out as a backslash escape.
        reconfigure(errors="backslashreplace")
    options = _parser().parse_args(_default_command(argv))
    run: Callable[[argparse.Namespace], int] = options.run
    status = run(options)
    sys.stdout.flush()  # here, so that a failing write is reported like any other
    return status


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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


def _indent(text: str) -> int:
    # Bounded: a billion spaces of indent is a mistake, and would exhaust memory.
    if not text.isdigit() or int(text) > MAX_INDENT:
        raise argparse.ArgumentTypeError(
            f"expected a number of spaces from 0 to {MAX_INDENT}, got {text!r}"
        )
    return int(text)


def _parser() -> argparse.ArgumentParser:
    from ._cli_export import add_export
    from ._cli_watch import add_watch
    from .conversion import ON_LOSS

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
    inputs.add_argument(
        "files", nargs="+", metavar="FILE", help="payload file (any readable file), - for stdin"
    )
    inputs.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines (the default for *.jsonl files)"
    )
    inputs.add_argument(
        "--fail-fast", action="store_true", help="stop at the first payload that fails"
    )
    parsing = argparse.ArgumentParser(add_help=False)
    add_format_option(parsing)
    parsing.add_argument(
        "--strict", action="store_true", help="reject any drift from the format, with every issue"
    )
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--indent",
        type=_indent,
        metavar="N",
        help=f"indent JSON by N spaces (0 to {MAX_INDENT}), 0 for one line (default: 2 on a "
        "terminal, else 0)",
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
        "--to", required=True, type=format_name, metavar="FMT", help="the format to write"
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
    found.add_argument("format", type=format_name, metavar="FMT", help="a format name")
    command("show", inputs, parsing, run=each(_show))
    add_watch(commands)
    add_export(commands)
    return parser


# -- the commands ------------------------------------------------------------------------


def _formats(options: argparse.Namespace) -> int:
    from . import api
    from .registry import REGISTRY

    rows = [
        (name, REGISTRY.get(name).vendor, REGISTRY.get(name).endpoint) for name in api.formats()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, vendor, endpoint in rows:
        print(f"{name:<{widths[0]}}  {vendor:<{widths[1]}}  {endpoint}".rstrip())
    return EXIT_OK


def _detect(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    from . import api

    name = api.detect(text)
    single = len(options.files) == 1 and not jsonl
    print(name if single else f"{where}: {name}")
    return True


def _parse(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    from . import api

    job = api.parse(text, options.source, strict=options.strict)
    emit(options, api.render(job, "canonical"), jsonl, where, job)
    return True


def _convert(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    from . import api
    from .conversion import render_with_losses, report
    from .errors import Issue

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
    emit(options, payload, jsonl, where, job)
    return True


def _validate(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    from . import api
    from .errors import StrictError

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
    from .errors import JobStatusError
    from .schemas import schema

    try:
        emit(options, schema(options.format), False)
    except JobStatusError as error:
        say(f"jobstatus: {error}")
        return EXIT_INVALID
    return EXIT_OK


def _show(options: argparse.Namespace, where: str, text: bytes, jsonl: bool) -> bool:
    from . import api
    from ._show import Looks
    from ._show_out import show

    job = api.parse(text, options.source, strict=options.strict)
    looks: Looks | None = getattr(options, "looks", None)
    if looks is None:
        looks = options.looks = Looks.of(sys.stdout)
    else:
        print()
    several = jsonl or len(options.files) > 1
    show(job, looks, heading=where if several else None)
    return True


if __name__ == "__main__":
    sys.exit(main())
