"""Dask: job rows of a bag of raw payloads, each partition parsed by ``parse_batch``.

Each item of the bag is a ``(payload, source)`` pair, as ``dask.bag.read_text(...,
include_path=True)`` gives for the lines of JSON Lines files; each partition becomes one
Arrow record batch of job rows, and the batches make one table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from jobstatus.arrow import parse_batch, schema


def parse_partition(pairs: Iterable[tuple[str | None, str]]) -> list[pa.RecordBatch]:
    pairs = list(pairs)  # a partition may be an iterator, read once
    payloads = [payload for payload, _ in pairs]
    sources = [source for _, source in pairs]
    batch = pa.record_batch(
        {"payload": pa.array(payloads, pa.string()), "source": pa.array(sources, pa.string())}
    )
    return [parse_batch(batch, source="source")]


def job_rows(pairs: Any) -> pa.Table:
    """One table of job rows from a bag of ``(payload, source)`` pairs."""
    return pa.Table.from_batches(pairs.map_partitions(parse_partition).compute(), schema())


def export(pattern: str, out: str) -> None:
    """Write the job rows of the JSON Lines files ``pattern`` names to Parquet file ``out``."""
    import dask.bag
    import pyarrow.parquet as pq

    lines = dask.bag.read_text(pattern, include_path=True)
    pq.write_table(job_rows(lines.filter(lambda pair: pair[0].strip())), out)


if __name__ == "__main__":
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster):
        export("archive/*.jsonl", "jobs.parquet")
