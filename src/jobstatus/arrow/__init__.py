"""Many jobs at once: Arrow tables of job rows, and the batch function engines call.

Needs the ``arrow`` extra (``pip install "jobstatus[arrow]"``, pyarrow); ``import jobstatus``
never loads it.

- :func:`schema` and :func:`step_schema`: the fixed, versioned columns of job rows and of
  step and task rows.
- :func:`to_table`, :func:`steps_table` and :func:`from_table`: jobs to a table and back,
  exact for everything the canonical format carries.
- :func:`parse_batch`: a batch of raw payloads to job rows, never dropping a row, for
  Ray Data, Dask and Spark (with :func:`spark_schema`).

>>> import jobstatus
>>> from jobstatus.arrow import from_table, to_table
>>> job = jobstatus.parse({"jobId": "j-1", "status": "completed"}, "tensorone")
>>> list(from_table(to_table([job]))) == [job]
True
"""

from __future__ import annotations

try:
    import pyarrow  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on what is installed
    raise ImportError(
        'jobstatus.arrow needs pyarrow: pip install "jobstatus[arrow]"', name=error.name
    ) from error

from ._batch import parse_batch, spark_schema
from ._convert import from_table, steps_table, to_table
from ._schema import SCHEMA_VERSION, TableError, schema, step_schema

__all__ = [
    "SCHEMA_VERSION",
    "TableError",
    "from_table",
    "parse_batch",
    "schema",
    "spark_schema",
    "step_schema",
    "steps_table",
    "to_table",
]
