"""Raw payloads to job rows, a batch at a time: the function engines call on each partition."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from ..api import parse
from ..errors import Issue, JobStatusError, ParseError
from ..model import Job
from ..registry import REGISTRY
from ._convert import encode, step_rows
from ._schema import JOB, TableError, schema

_TEXT_TYPES = ("string", "large_string", "string_view", "binary", "large_binary", "binary_view")


def _printable(text: str) -> str:
    """``text`` with what UTF-8 cannot hold (a lone surrogate from a JSON escape) escaped."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def unread(error: JobStatusError) -> Job:
    """The job row of a payload that could not be read: status unknown, and the error as
    its first issue (then the issues behind it)."""
    first = Issue(
        path=error.path or "$",
        code="unreadable",
        message=_printable(error.what),
        severity="error",
    )
    behind = [i.model_copy(update={"message": _printable(i.message)}) for i in error.issues]
    return Job(format=error.format, issues=(first, *behind))


def read(
    payloads: Sequence[str | bytes | None],
    fmt: str | None,
    rows: Sequence[int],
    sources: Sequence[str | None],
    *,
    steps: bool = False,
) -> tuple[pa.RecordBatch, pa.RecordBatch | None]:
    """Parse each payload into a job row (an error row when it cannot be read), and the step
    rows of those jobs when ``steps`` is set."""
    # A batch of jobs is thousands of live objects, which the cyclic garbage collector walks
    # again at every collection while the batch is built: a third more time than parsing
    # them one by one. Jobs hold no reference cycles, so it waits until the batch is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(payloads, fmt, rows, sources, steps)
    finally:
        if collecting:
            gc.enable()


def _read(
    payloads: Sequence[str | bytes | None],
    fmt: str | None,
    rows: Sequence[int],
    sources: Sequence[str | None],
    steps: bool,
) -> tuple[pa.RecordBatch, pa.RecordBatch | None]:
    jobs: list[Job] = []
    errors: list[str | None] = []
    for payload in payloads:
        try:
            if payload is None:
                raise ParseError("no payload (null)", format=fmt, path="$")
            jobs.append(parse(payload, fmt))
            errors.append(None)
        except JobStatusError as error:
            jobs.append(unread(error))
            errors.append(_printable(str(error)))
    given: dict[str, list[Any]] = {"source": list(sources), "row": list(rows), "error": errors}
    try:
        batch = encode(jobs, JOB, given)
    except TableError:
        # A job that parsed but does not fit the columns (an integer beyond 64 bits) becomes
        # an error row of its own; the rest of the batch stays as it is.
        for index, job in enumerate(jobs):
            try:
                encode([job], JOB, {})
            except TableError as error:
                jobs[index] = unread(error)
                errors[index] = _printable(str(error))
        batch = encode(jobs, JOB, given)
    if not steps:
        return batch, None
    return batch, step_rows(jobs, list(rows))


def _payload_column(batch: pa.RecordBatch | pa.Table, column: str) -> list[Any]:
    if column not in batch.column_names:
        found = ", ".join(batch.column_names) or "none"
        raise TableError(f"the batch has no column {column!r} (its columns: {found})")
    values = batch.column(column)
    kind = str(values.type)
    if kind not in _TEXT_TYPES and kind != "null":
        raise TableError(f"column {column!r} is {kind}; expected JSON payloads as string or binary")
    payloads: list[Any] = values.to_pylist()
    return payloads


def parse_batch(
    batch: pa.RecordBatch | pa.Table,
    column: str = "payload",
    fmt: str | None = None,
    *,
    source: str | None = None,
    first_row: int = 0,
) -> pa.RecordBatch:
    """Job rows (the columns of :func:`schema`) of a batch of raw payloads, one per row.

    A pure function of its batch, for the engines: Ray Data's ``map_batches`` (with
    ``batch_format="pyarrow"``), Dask's ``map_partitions``, Spark's ``mapInArrow`` (with
    :func:`spark_schema`). No row is ever dropped and a bad payload never raises: a payload
    that cannot be read (not JSON, of no known format, null) gives a row with status
    ``unknown``, the error's text in ``error`` and the error as the row's first issue.

    Args:
        batch: a record batch or table holding JSON payloads as string or binary.
        column: the column of payloads.
        fmt: the payloads' format; told from each payload's shape when omitted.
        source: a column of ``batch`` to copy (as text) into ``source``, to key the rows
            (the file a payload came from, its object key); ``source`` is null without it.
        first_row: the ``row`` of the batch's first row (rows count from it).

    Raises:
        TableError: ``column`` or ``source`` is missing, or ``column`` holds neither
            strings nor bytes.
        UnknownFormatError: no format is named ``fmt``.

    Examples:
        >>> import pyarrow as pa
        >>> from jobstatus.arrow import parse_batch
        >>> raw = pa.record_batch({"payload": ['{"jobId": "j", "status": "running"}', "{oops"]})
        >>> rows = parse_batch(raw).to_pylist()
        >>> [(r["row"], r["format"], r["status"]) for r in rows]
        [(0, 'tensorone', 'running'), (1, None, 'unknown')]
        >>> rows[1]["error"].splitlines()[0]
        'not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1) @ $'
    """
    if fmt is not None:
        REGISTRY.get(fmt)  # a wrong name is the caller's error, not the payloads'
    payloads = _payload_column(batch, column)
    if source is None:
        sources: list[Any] = [None] * len(payloads)
    else:
        if source not in batch.column_names:
            raise TableError(f"the batch has no column {source!r} to take sources from")
        try:
            sources = batch.column(source).cast(pa.string()).to_pylist()
        except (pa.ArrowException, ValueError) as error:
            raise TableError(f"column {source!r} cannot be read as text: {error}") from None
    rows = range(first_row, first_row + len(payloads))
    found, _ = read(payloads, fmt, rows, sources)
    return found


def spark_schema() -> Any:
    """The Spark ``StructType`` of :func:`schema`, for ``DataFrame.mapInArrow``.

    pyspark is imported here only; the types follow from the Arrow schema (strings, longs,
    doubles, booleans, UTC timestamps, arrays of doubles).

    Examples:
        >>> from jobstatus.arrow import spark_schema
        >>> spark_schema()["status"].dataType  # doctest: +SKIP
        StringType()
    """
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema())


__all__ = ["parse_batch", "read", "spark_schema", "unread"]
