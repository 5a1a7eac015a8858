"""Jobs to Arrow and back: one row per job (or per step and task), written column by column
from the declarations of ``_schema`` and read back through the canonical model's validation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from operator import attrgetter
from typing import Any

import pyarrow as pa
from pydantic import ValidationError
from pydantic_core import from_json, to_json

from ..errors import Issue
from ..model import Job, Step
from ..status import Status
from ._schema import JOB, STEP, Column, TableError, schema, step_schema

Getter = Callable[[Any], Any]


def _json(value: Any) -> str:
    """Canonical JSON of a container of the model: models with their own serializers (which
    reading back, by ``Job.model_validate``, turns into the same values), nulls left out
    (every field that may be null defaults to null), not defaults, whose comparisons took
    as long as the writing. A dict's own null values are kept."""
    return to_json(value, exclude_none=True).decode()


# A status's derived values, looked up rather than computed for each node.
_PHASE = {s: s.phase.value for s in Status}
_OUTCOME = {s: None if s.outcome is None else s.outcome.value for s in Status}
_TERMINAL = {s: s.is_terminal for s in Status}

_DERIVED: dict[str, Getter] = {
    "phase": lambda node: _PHASE[node.status],
    "outcome": lambda node: _OUTCOME[node.status],
    "is_terminal": lambda node: _TERMINAL[node.status],
    "step_count": lambda job: len(job.steps),
    "issue_count": lambda job: len(job.issues),
    "task_count": lambda node: len(node.tasks) if isinstance(node, Step) else None,
}


def _getter(column: Column) -> Getter:
    """How to take ``column``'s value from a node."""
    if column.kind == "derived":
        return _DERIVED[column.name]
    if column.path.startswith("error."):
        # No error and an error without details differ: details are "{}" in the second.
        name = column.path.split(".", 1)[1]
        if column.kind != "json":
            return lambda node: None if node.error is None else getattr(node.error, name)
        return lambda node: None if node.error is None else _json(node.error.details)
    get = attrgetter(column.path)
    if column.kind == "list":
        return lambda node: list(value) if (value := get(node)) else None
    if column.kind == "json":
        return lambda node: _json(value) if (value := get(node)) else None
    return get


def _plain(column: Column) -> bool:
    return column.kind == "value" and not column.path.startswith("error.")


@cache
def _readers(columns: tuple[Column, ...]) -> tuple[Callable[[Any], tuple[Any, ...]], Getter]:
    """Two functions of a node: the values of its plain columns, taken all at once by one
    ``attrgetter`` (in C), and the list of the others'. A whole row of a node is read
    before the next node is: going column by column over thousands of nodes, each node
    left the processor's cache before its next column was read, and reading took twice as
    long."""
    plain = attrgetter(*(c.path for c in columns if _plain(c)))
    others = [_getter(c) for c in columns if c.kind != "row" and not _plain(c)]
    return plain, lambda node: [get(node) for get in others]


def encode(
    nodes: Sequence[Any], columns: tuple[Column, ...], given: dict[str, list[Any]]
) -> pa.RecordBatch:
    """A record batch of ``nodes``, one row each; ``given`` holds the ``row`` columns.

    Raises:
        TableError: a value does not fit its column (an integer beyond 64 bits, a string
            that is not Unicode); the message names the column and the row.
    """
    plain, others = _readers(columns)
    count = len(nodes)
    plains = iter(zip(*map(plain, nodes), strict=True)) if count else iter(())
    rest = iter(zip(*map(others, nodes), strict=True)) if count else iter(())
    arrays = []
    for column in columns:
        if column.kind == "row":
            values: Any = given.get(column.name) or [None] * count
        else:
            values = next(plains if _plain(column) else rest, ())
        try:
            arrays.append(pa.array(values, type=column.type, size=count))
        except (pa.ArrowException, ValueError, TypeError, OverflowError) as error:
            what = f"{_culprit(list(values), column)} cannot be written: {error}"
            raise TableError(what) from None
    target = schema() if columns is JOB else step_schema()
    return pa.RecordBatch.from_arrays(arrays, schema=target)


def _culprit(values: list[Any], column: Column) -> str:
    for index, value in enumerate(values):
        try:
            pa.array([value], type=column.type)
        except (pa.ArrowException, ValueError, TypeError, OverflowError):
            return f"the value {value!r} of column {column.name!r} in row {index}"
    return f"column {column.name!r}"


def to_table(jobs: Iterable[Job]) -> pa.Table:
    """One row per job, in the columns of :func:`schema`.

    ``row`` is the job's position in ``jobs``; ``source`` and ``error`` are null.

    Raises:
        TableError: a value does not fit its column (an integer beyond 64 bits).

    Examples:
        >>> import jobstatus
        >>> from jobstatus.arrow import to_table
        >>> job = jobstatus.parse({"job_id": "job-1", "status": "active", "steps": []})
        >>> table = to_table([job])
        >>> table.column("status").to_pylist(), table.column("phase").to_pylist()
        (['running'], ['active'])
    """
    found = list(jobs)
    return pa.Table.from_batches(
        [encode(found, JOB, {"row": list(range(len(found)))})], schema=schema()
    )


def step_rows(jobs: Sequence[Job], job_rows: Sequence[int]) -> pa.RecordBatch:
    """The step and task rows of ``jobs``, whose job rows are ``job_rows``."""
    nodes: list[Any] = []
    given: dict[str, list[Any]] = {"job_id": [], "job_row": [], "step_index": [], "task_index": []}
    for job, row in zip(jobs, job_rows, strict=True):
        for index, step in enumerate(job.steps):
            for task_index, node in [(None, step), *enumerate(step.tasks)]:
                nodes.append(node)
                given["job_id"].append(job.id)
                given["job_row"].append(row)
                given["step_index"].append(index)
                given["task_index"].append(task_index)
    return encode(nodes, STEP, given)


def steps_table(jobs: Iterable[Job]) -> pa.Table:
    """One row per step and one per task, in the columns of :func:`step_schema`.

    Rows are keyed by ``job_id`` and ``job_row`` (the job's position in ``jobs``, as the
    ``row`` of :func:`to_table`); each step row comes before its tasks' rows.

    Examples:
        >>> from jobstatus import Job, Step, Task
        >>> from jobstatus.arrow import steps_table
        >>> job = Job(id="j", steps=(Step(name="train", tasks=(Task(id="pod-0"),)),))
        >>> rows = steps_table([job]).select(["step_index", "task_index", "name", "id"])
        >>> for row in rows.to_pylist():
        ...     print(row)
        {'step_index': 0, 'task_index': None, 'name': 'train', 'id': None}
        {'step_index': 0, 'task_index': 0, 'name': None, 'id': 'pod-0'}
    """
    found = list(jobs)
    batch = step_rows(found, range(len(found)))
    return pa.Table.from_batches([batch], schema=step_schema())


# -- reading back ----------------------------------------------------------------------------

_READ = tuple(c for c in JOB if c.kind in ("value", "list", "json"))


def _conformed(table: pa.Table | pa.RecordBatch) -> pa.Table:
    """``table``'s model columns, cast to their declared types."""
    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    missing = [c.name for c in _READ if c.name not in table.column_names]
    if missing:
        raise TableError(f"not a table of job rows: no column {', '.join(map(repr, missing))}")
    columns = []
    for column in _READ:
        found = table.column(column.name)
        try:
            columns.append(found.cast(column.type) if found.type != column.type else found)
        except (pa.ArrowException, ValueError) as error:
            what = f"column {column.name!r} is {found.type}, expected {column.type}: {error}"
            raise TableError(what) from None
    return pa.Table.from_arrays(columns, names=[c.name for c in _READ])


def from_table(table: pa.Table | pa.RecordBatch) -> Iterator[Job]:
    """The jobs of a table of job rows, one per row, in order: the way back from
    :func:`to_table` (and from :func:`parse_batch`), exact for everything the canonical
    format carries. Timestamps come back in UTC: the same instants.

    A row whose payload could not be read gives a job with status ``unknown`` whose one
    issue says why (as its ``error`` column does). Columns other than the model's are not
    read.

    Raises:
        TableError: a model column is missing or of a type that does not cast, or a row is
            not a valid job (the message names the row and lists what is wrong).

    Examples:
        >>> from jobstatus import Job
        >>> from jobstatus.arrow import from_table, to_table
        >>> jobs = [Job(id="a", status="running"), Job(id="b", status="failed")]
        >>> list(from_table(to_table(jobs))) == jobs
        True
    """
    conformed = _conformed(table)
    offset = 0
    for batch in conformed.to_batches():
        values = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for index in range(batch.num_rows):
            yield _job(_READ, [column[index] for column in values], offset + index)
        offset += batch.num_rows


def _job(columns: tuple[Column, ...], values: list[Any], row: int) -> Job:
    data: dict[str, Any] = {}
    for column, value in zip(columns, values, strict=True):
        if value is None:
            continue
        if column.kind == "json":
            try:
                value = from_json(value)
            except ValueError as error:
                what = f"row {row}: column {column.name!r} is not JSON: {error}"
                raise TableError(what) from None
        *parents, last = column.path.split(".")
        into = data
        for part in parents:
            into = into.setdefault(part, {})
        into[last] = value
    try:
        return Job.model_validate(data)
    except ValidationError as error:
        issues = [
            Issue(
                path="$." + ".".join(map(str, e["loc"])),
                code=e["type"],
                message=e["msg"],
                severity="error",
            )
            for e in error.errors(include_url=False)
        ]
        raise TableError(f"row {row}: not a valid job", issues=issues) from None


__all__ = ["encode", "from_table", "step_rows", "steps_table", "to_table"]
