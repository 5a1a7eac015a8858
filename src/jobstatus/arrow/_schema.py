"""The columns of job rows and step rows: one declaration per column drives the Arrow schema,
its documentation, the writing of a node into a row and the reading of a row back.

A column holds a scalar of the model (``progress.percent``), a value derived from one (the
status's ``phase``), a tuple of floats as a list, or a container the model nests (the steps,
the extensions, the issues) as its canonical JSON text, so that nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import pyarrow as pa

from ..errors import JobStatusError

SCHEMA_VERSION = "2"
"""Raised when a column is added, removed or changes meaning; kept in the schema's metadata
under ``jobstatus.schema_version``."""

Kind = Literal["value", "list", "json", "derived", "row"]


class TableError(JobStatusError, ValueError):
    """A table is not one of job rows: a column is missing or of the wrong type, or a row is
    not a valid job. The message names the column and the row."""


@dataclass(frozen=True)
class Column:
    """One column: its name, Arrow type and meaning, and where its value is in a node.

    ``path`` is the dotted attribute path in the model (``progress.percent``); ``kind`` says
    how the value is held: ``value`` as it is, ``list`` a tuple as a list, ``json`` a
    container as canonical JSON text (null when empty), ``derived`` computed from the node
    and ignored on reading, ``row`` not from the model at all (where the row came from).
    """

    name: str
    type: pa.DataType
    doc: str
    path: str = ""
    kind: Kind = "value"

    def field(self) -> pa.Field:
        return pa.field(self.name, self.type, metadata={"description": self.doc})


_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_T = pa.timestamp("us", tz="UTC")
_FLOATS = pa.list_(pa.float64())


def _scalars(block: str, rows: str) -> list[Column]:
    """Columns ``block_name`` for each ``name type doc`` line of ``rows``."""
    types = {"str": _S, "int": _I, "float": _F, "bool": _B, "floats": _FLOATS, "time": _T}
    found = []
    for line in rows.strip().splitlines():
        name, kind, doc = line.split(maxsplit=2)
        found.append(
            Column(
                f"{block}_{name}",
                types[kind],
                doc,
                f"{block}.{name}",
                "list" if kind == "floats" else "value",
            )
        )
    return found


NODE: tuple[Column, ...] = (
    Column("id", _S, "The vendor's id of the node.", "id"),
    Column("name", _S, "The vendor's name of the node.", "name"),
    Column("status", _S, "The canonical status (one of the 15 `Status` values).", "status"),
    Column("vendor_status", _S, "The status exactly as the vendor spelled it.", "vendor_status"),
    Column(
        "phase", _S, "The status's phase: unknown, pending, active or terminal.", kind="derived"
    ),
    Column("outcome", _S, "How a terminal status ended; null while it can change.", kind="derived"),
    Column("is_terminal", _B, "True when nothing more will happen.", kind="derived"),
    Column("message", _S, "The vendor's human-readable status message.", "message"),
    Column("error_message", _S, "What went wrong, in the vendor's words.", "error.message"),
    Column("error_code", _S, "The vendor's error code.", "error.code"),
    Column("error_stack", _S, "A traceback or log excerpt, verbatim.", "error.stack"),
    Column(
        "error_details",
        _S,
        "Everything else the vendor said about the failure (JSON); `{}` for an error without "
        "details, null when the node has no error.",
        "error.details",
        "json",
    ),
    Column("created_at", _T, "When the node was created (UTC).", "created_at"),
    Column("updated_at", _T, "When the vendor last updated the node (UTC).", "updated_at"),
    Column("started_at", _T, "When the work started (UTC).", "started_at"),
    Column("completed_at", _T, "When the work ended (UTC).", "completed_at"),
    *_scalars(
        "progress",
        """
        percent float Share of the work done, 0-100.
        percent_derived bool True when the percent was computed, not reported.
        step int Current optimizer step.
        total_steps int Steps the training will take in all.
        epoch int Current epoch.
        total_epochs int Epochs the training will take in all.
        files int Files transferred so far.
        total_files int Files to transfer in all.
        bytes int Bytes transferred so far.
        total_bytes int Bytes to transfer in all.
        samples int Samples processed so far.
        tokens int Tokens trained on so far.
        eta_seconds float Estimated time remaining, in seconds.
        eta time When the vendor expects the work to finish (UTC).
        phase str The vendor's name for what the node is doing now.
        current str The item being worked on now.
        """,
    ),
    *_scalars(
        "metrics",
        """
        loss float Training loss.
        val_loss float Validation loss.
        accuracy float Training accuracy.
        val_accuracy float Validation accuracy.
        learning_rate float Current learning rate.
        grad_norm float Gradient norm.
        samples_per_second float Training throughput in samples per second.
        tokens_per_second float Training throughput in tokens per second.
        step_time_seconds float Seconds per optimizer step.
        """,
    ),
    Column(
        "metrics_other",
        _S,
        "Any other numeric metric, by name (JSON object).",
        "metrics.other",
        "json",
    ),
    Column(
        "metrics_history", _S, "Series of metric points (JSON array).", "metrics.history", "json"
    ),
    Column(
        "extensions",
        _S,
        "Vendor fields the model does not map, verbatim, under the format's name (JSON).",
        "extensions",
        "json",
    ),
)
"""The columns every node has: a job, a step or a task."""

JOB: tuple[Column, ...] = (
    Column("source", _S, "Where the payload came from: the file, or the column named.", kind="row"),
    Column(
        "row",
        _I,
        "The payload's position: its line in the file, or its row in the batch.",
        kind="row",
    ),
    Column(
        "error",
        _S,
        "Why the payload could not be read (then the status is unknown); null when it was.",
        kind="row",
    ),
    Column("format", _S, "The format the job was read from.", "format"),
    *NODE,
    Column(
        "base_model", _S, "The model the job starts from, as the vendor names it.", "base_model"
    ),
    *_scalars(
        "resources",
        """
        gpu_type str The GPU model, as the vendor names it.
        gpu_count int GPUs allocated to the job.
        node_count int Machines allocated to the job.
        instance_type str The vendor's name for the machine kind.
        memory_gb float Memory allocated to the job, in GB.
        gpu_utilization floats Utilization per GPU, 0-100.
        gpu_memory_gb floats Memory in use per GPU, in GB.
        system_memory_gb float Host memory in use, in GB.
        storage_gb float Storage in use, in GB.
        """,
    ),
    *_scalars(
        "cost",
        """
        current float What the job has cost so far.
        estimated_total float What the job is expected to cost in all.
        currency str ISO 4217 code, only when the vendor states one.
        billable_seconds float Compute time the vendor bills for, in seconds.
        """,
    ),
    Column("cost_breakdown", _S, "Cost by item (JSON object).", "cost.breakdown", "json"),
    *_scalars(
        "outputs",
        """
        model str The resulting model's name or id, as the vendor names it.
        model_path str Where the trained model was written.
        result_id str The id of the stored result.
        files_url str Where the output files are.
        """,
    ),
    Column("step_count", _I, "How many steps the job has.", kind="derived"),
    Column("issue_count", _I, "How many issues were found reading the payload.", kind="derived"),
    Column("steps", _S, "The steps and their tasks, as canonical JSON.", "steps", "json"),
    Column("checkpoints", _S, "Saved model states (JSON array).", "checkpoints", "json"),
    Column("issues", _S, "Every issue found reading the payload (JSON array).", "issues", "json"),
)
"""The columns of a job row, in order."""

STEP: tuple[Column, ...] = (
    Column("job_id", _S, "The id of the job the row belongs to.", kind="row"),
    Column("job_row", _I, "The `row` of the job the row belongs to.", kind="row"),
    Column("step_index", _I, "The step's position in the job, from 0.", kind="row"),
    Column(
        "task_index", _I, "The task's position in its step, from 0; null on a step row.", kind="row"
    ),
    *NODE,
    Column("task_count", _I, "How many tasks the step has (null on a task row).", kind="derived"),
)
"""The columns of a step or task row, in order."""


def _schema(columns: tuple[Column, ...], rows: str) -> pa.Schema:
    metadata = {"jobstatus.schema_version": SCHEMA_VERSION, "jobstatus.rows": rows}
    return pa.schema([column.field() for column in columns], metadata=metadata)


@cache
def schema() -> pa.Schema:
    """The Arrow schema of job rows: the same columns, in the same order, whatever the formats.

    Each field's metadata holds its ``description``; the schema's metadata holds
    ``jobstatus.schema_version``.

    Examples:
        >>> from jobstatus.arrow import schema
        >>> schema().field("status").type
        DataType(string)
        >>> schema().metadata[b"jobstatus.schema_version"]
        b'2'
    """
    return _schema(JOB, "jobs")


@cache
def step_schema() -> pa.Schema:
    """The Arrow schema of step and task rows, keyed by the job's ``job_id`` and ``job_row``.

    A step row has a null ``task_index``; a task row has the index of its step and its own.

    Examples:
        >>> from jobstatus.arrow import step_schema
        >>> step_schema().names[:4]
        ['job_id', 'job_row', 'step_index', 'task_index']
    """
    return _schema(STEP, "steps")


__all__ = ["JOB", "NODE", "SCHEMA_VERSION", "STEP", "Column", "TableError", "schema", "step_schema"]
