"""``jobstatus export``: payload files to a Parquet file or an Arrow stream of job rows.

Payloads are read like the other commands read them (JSON, or JSON Lines a line at a time),
parsed a batch of lines at a time, and each batch of rows is written as it is made, so that
memory stays flat however large the input. With ``--workers N`` the batches are parsed by
N processes and written in input order. A payload that cannot be read is a row too (status
``unknown``, the reason in ``error``), and is reported on standard error.
"""

from __future__ import annotations

import argparse
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from . import _cli_progress
from ._cli_io import (
    EXIT_CODES,
    InputError,
    add_format_option,
    records,
    say,
    total_size,
)

if TYPE_CHECKING:
    import pyarrow as pa

BATCH_LINES = 1024
"""Payloads parsed per batch: small enough for a steady progress display and little memory."""
ROW_GROUP = 8 * BATCH_LINES
"""Rows per Parquet row group: large enough that a million jobs make few of them, small
enough that the rows waiting to be written take little memory."""


class Progress(Protocol):
    """Told after each batch is written: how many payloads, bytes and errors it held."""

    def __call__(self, *, lines: int, size: int, errors: int) -> None: ...


@dataclass
class Chunk:
    """A batch of payloads read, not yet parsed: what a worker process is sent."""

    payloads: list[bytes] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    wheres: list[str] = field(default_factory=list)
    size: int = 0


def chunks(
    files: Sequence[str],
    jsonl: bool,
    lines: int = BATCH_LINES,
    unreadable: Callable[[InputError], None] | None = None,
) -> Iterator[Chunk]:
    """The payloads of ``files``, ``lines`` at a time, each with its file and line number.

    A file that cannot be read is passed to ``unreadable`` and the next one is read, as
    every command does; without ``unreadable`` its :class:`InputError` is raised.
    """
    chunk = Chunk()
    for name in files:
        source = "<stdin>" if name == "-" else name
        try:
            for where, text, is_jsonl in records(name, jsonl):
                chunk.payloads.append(text)
                chunk.rows.append(int(where.rsplit(":", 1)[1]) if is_jsonl else 1)
                chunk.sources.append(source)
                chunk.wheres.append(where)
                chunk.size += len(text)
                if len(chunk.payloads) >= lines:
                    yield chunk
                    chunk = Chunk()
        except InputError as problem:
            if unreadable is None:
                raise
            unreadable(problem)
    if chunk.payloads:
        yield chunk


Parsed = tuple[Chunk, "pa.RecordBatch", "pa.RecordBatch | None"]


def parsed(found: Iterable[Chunk], fmt: str | None, steps: bool, workers: int) -> Iterator[Parsed]:
    """Each chunk with its job rows (and step rows), in input order.

    With several workers, at most two chunks per worker are in flight, so that reading does
    not run ahead of parsing by more than that.
    """
    from .arrow._batch import read

    if workers <= 1:
        for chunk in found:
            yield (chunk, *read(chunk.payloads, fmt, chunk.rows, chunk.sources, steps=steps))
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    # Not fork: the parent holds pyarrow's threads, which a forked child must not. A fork
    # server is a fresh process that imports the parser once and forks each worker from
    # there, in a fraction of the second a spawned worker takes to import it all again.
    context: Any = multiprocessing.get_context("spawn")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jobstatus.arrow._batch"])
    pending: deque[tuple[Chunk, Future[Any]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for chunk in found:
            job = pool.submit(read, chunk.payloads, fmt, chunk.rows, chunk.sources, steps=steps)
            chunk.payloads = []  # sent: the parent needs only the counts and the places
            pending.append((chunk, job))
            if len(pending) >= 2 * workers:
                done, result = pending.popleft()
                yield (done, *result.result())
        while pending:
            done, result = pending.popleft()
            yield (done, *result.result())


class Sink:
    """A Parquet file (rows grouped by ``ROW_GROUP``) or an Arrow IPC stream being written."""

    def __init__(self, path: str, schema: pa.Schema, to: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self._buffer: list[pa.RecordBatch] = []
        self._rows = 0
        if to == "parquet":
            self._parquet: Any = pq.ParquetWriter(path, schema, compression="zstd")
            self._stream: Any = None
        else:
            self._parquet = None
            self._stream = pa.ipc.new_stream(path, schema)

    def write(self, batch: pa.RecordBatch) -> None:
        if self._stream is not None:
            self._stream.write_batch(batch)
            return
        self._buffer.append(batch)
        self._rows += batch.num_rows
        if self._rows >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            table = self._pa.Table.from_batches(self._buffer)
            self._parquet.write_table(table, row_group_size=max(self._rows, 1))
        self._buffer, self._rows = [], 0

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
        else:
            self._flush()
            self._parquet.close()


def export(
    files: Sequence[str],
    out: str,
    *,
    to: str = "parquet",
    steps: str | None = None,
    fmt: str | None = None,
    jsonl: bool = False,
    workers: int = 1,
    batch: int = BATCH_LINES,
    progress: Progress | None = None,
    report: Callable[[str], None] = say,
    unreadable: Callable[[InputError], None] | None = None,
) -> int:
    """Write the job rows of every payload of ``files`` to ``out`` (and the step rows to
    ``steps``); returns how many payloads could not be read (each is passed to ``report``).

    ``progress``, when given, is called after each batch is written with the number of
    payloads, of bytes and of unreadable payloads it held. A file that cannot be read at
    all goes to ``unreadable`` (see :func:`chunks`).
    """
    from .arrow import schema, step_schema

    jobs_out = Sink(out, schema(), to)
    steps_out = Sink(steps, step_schema(), to) if steps else None
    failed = 0
    try:
        for chunk, rows, step_rows in parsed(
            chunks(files, jsonl, batch, unreadable), fmt, steps is not None, workers
        ):
            jobs_out.write(rows)
            if steps_out is not None and step_rows is not None:
                steps_out.write(step_rows)
            errors = rows.column("error").to_pylist()
            for where, error in zip(chunk.wheres, errors, strict=True):
                if error is not None:
                    report(f"{where}: {error}")
            count = len(errors) - errors.count(None)
            failed += count
            if progress is not None:
                progress(lines=len(errors), size=chunk.size, errors=count)
    finally:
        jobs_out.close()
        if steps_out is not None:
            steps_out.close()
    return failed


# -- the command -------------------------------------------------------------------------------

ABOUT = (
    "Write the payloads as a table of job rows (Parquet or Arrow).",
    "One row per payload, in the columns of jobstatus.arrow.schema(): the canonical status\n"
    "and its phase, the timestamps, progress, metrics, cost and resources, and the steps,\n"
    "extensions and issues as JSON. A payload that cannot be read is a row too, with status\n"
    "'unknown' and the reason in its 'error' column, and is reported on stderr as\n"
    "'FILE:LINE: message' (exit 1). Needs the 'arrow' extra (pyarrow).",
)


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number (1 or more), got {text!r}")
    return int(text)


def add_export(commands: Any) -> argparse.ArgumentParser:
    """Add the ``export`` subcommand to the ``commands`` of the ``jobstatus`` parser."""
    what, more = ABOUT
    found: argparse.ArgumentParser = commands.add_parser(
        "export",
        help=what,
        description=f"{what}\n\n{more}",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    found.add_argument(
        "--to",
        required=True,
        choices=("parquet", "arrow"),
        help="a Parquet file, or an Arrow IPC stream",
    )
    found.add_argument("out", metavar="OUT", help="the file to write")
    found.add_argument("files", nargs="+", metavar="FILE", help="payload file, - for stdin")
    found.add_argument(
        "--steps", metavar="OUT", help="also write one row per step and per task to this file"
    )
    add_format_option(found)
    found.add_argument(
        "--jsonl", action="store_true", help="read JSON Lines (the default for *.jsonl files)"
    )
    found.add_argument(
        "--batch",
        type=_count,
        default=BATCH_LINES,
        metavar="N",
        help=f"payloads parsed and written at a time (default {BATCH_LINES})",
    )
    found.add_argument(
        "--workers",
        type=_count,
        default=1,
        metavar="N",
        help="parse with N processes (default 1)",
    )
    found.set_defaults(run=run)
    return found


def run(options: argparse.Namespace) -> int:
    """Run ``jobstatus export``: 0 when every payload was read, 1 when any could not be."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        say('jobstatus: error: export needs pyarrow: pip install "jobstatus[arrow]"')
        return 2
    codes: list[int] = []

    def skip(problem: InputError) -> None:
        say(str(problem))
        codes.append(problem.code)

    with _cli_progress.meter(total_size(options.files), label="export") as meter:
        failed = export(
            options.files,
            options.out,
            to=options.to,
            steps=options.steps,
            fmt=options.source,
            jsonl=options.jsonl,
            workers=options.workers,
            batch=options.batch,
            progress=meter.advance,
            unreadable=skip,
        )
    # As every command: a file that could not be read outranks a payload that could not be.
    return max(codes) if codes else 1 if failed else 0


__all__ = ["Chunk", "Progress", "Sink", "add_export", "chunks", "export", "parsed", "run"]
