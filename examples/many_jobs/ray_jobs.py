"""Ray Data: job rows of a dataset of raw payloads, each block parsed by ``parse_batch``.

The dataset needs a ``payload`` column (string or binary) and a ``source`` column saying
where each payload came from; ``map_batches`` hands ``parse_table`` Arrow tables.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from jobstatus.arrow import parse_batch


def parse_table(table: pa.Table) -> pa.Table:
    return pa.Table.from_batches([parse_batch(table, source="source")])


def job_rows(payloads: Any) -> Any:
    """A dataset of job rows from a dataset of ``payload`` and ``source``."""
    return payloads.map_batches(parse_table, batch_format="pyarrow")


def export(folder: str, out: str) -> None:
    """Write the job rows of the JSON Lines files of ``folder`` to Parquet folder ``out``."""
    import ray.data

    lines = ray.data.read_text(folder, include_paths=True)  # columns: text, path
    job_rows(lines.rename_columns({"text": "payload", "path": "source"})).write_parquet(out)


if __name__ == "__main__":
    export("archive/", "jobs/")
