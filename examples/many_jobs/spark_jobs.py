"""Spark: job rows of a DataFrame of raw payloads, each partition parsed by ``parse_batch``.

The DataFrame needs a ``payload`` column (string or binary) and a ``source`` column (string)
saying where each payload came from; ``mapInArrow`` hands each partition to
``parse_batches`` as Arrow record batches and gets the job rows back, in the columns of
``spark_schema()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from jobstatus.arrow import parse_batch, spark_schema


def parse_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield parse_batch(batch, source="source")


def job_rows(payloads: Any) -> Any:
    """A DataFrame of job rows from a DataFrame of ``payload`` and ``source``."""
    return payloads.mapInArrow(parse_batches, spark_schema())


def export(spark: Any, pattern: str, out: str) -> None:
    """Write the job rows of the JSON Lines files ``pattern`` names to Parquet folder ``out``."""
    from pyspark.sql.functions import input_file_name

    lines = spark.read.text(pattern).withColumnRenamed("value", "payload")
    payloads = lines.where("trim(payload) != ''").withColumn("source", input_file_name())
    job_rows(payloads).write.parquet(out)


if __name__ == "__main__":
    from pyspark.sql import SparkSession

    export(SparkSession.builder.getOrCreate(), "archive/*.jsonl", "jobs.parquet")
