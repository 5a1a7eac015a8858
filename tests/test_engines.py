"""parse_batch on real engines: a Dask LocalCluster of worker processes, a SparkSession on
``local[2]`` and a local Ray, each running the recipe of ``docs/many-jobs.md``
(``examples/many_jobs/``) over an archive of payloads of every format, unreadable ones
included. What each gives must be what ``parse()`` gives, one payload at a time.

Each engine is started once for the module; its tests skip when it is not installed (the
``test`` extra) or, for Spark, when there is no Java.
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the arrow extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")

# One worker runs every engine, one after the other: each starts once for the module, and
# two of them at once would only compete for the same two cores.
pytestmark = pytest.mark.xdist_group("engines")

import jobstatus  # noqa: E402
from jobstatus.arrow import schema  # noqa: E402

from ._archive import agrees, archive, expected_rows  # noqa: E402

RECIPES = Path(__file__).resolve().parents[1] / "examples" / "many_jobs"


def _recipe(name: str, pickler: Any) -> ModuleType:
    """The recipe module, sent to the engine's workers by value (they cannot import it)."""
    sys.path.insert(0, str(RECIPES))
    try:
        module = importlib.import_module(name)
    finally:
        sys.path.remove(str(RECIPES))
    pickler.register_pickle_by_value(module)
    return module


def _as_text() -> tuple[tuple[str, str | None], ...]:
    """The archive as text (the payload that is not UTF-8 read with replacement marks)."""
    return tuple(
        (key, None if raw is None else raw.decode("utf-8", "replace")) for key, raw in archive()
    )


def _expected_for_text() -> list[dict[str, Any]]:
    return expected_rows(tuple((k, None if p is None else p.encode()) for k, p in _as_text()))


def _lines_folder(folder: Path) -> list[bytes]:
    """Two JSON Lines files of the archive's payloads (one per line), and those lines."""
    lines = []
    for _, raw in archive():
        if raw is None or not raw.strip():
            continue
        try:
            lines.append(json.dumps(json.loads(raw)).encode())
        except ValueError:
            lines.append(raw.replace(b"\n", b" ").decode("utf-8", "replace").encode())
    folder.mkdir()
    half = len(lines) // 2
    (folder / "a.jsonl").write_bytes(b"\n".join(lines[:half]) + b"\n")
    (folder / "b.jsonl").write_bytes(b"\n".join(lines[half:]) + b"\n")
    return lines


def _statuses(lines: list[bytes]) -> list[str]:
    found = []
    for line in lines:
        try:
            found.append(jobstatus.parse(line).status.value)
        except jobstatus.JobStatusError:
            found.append("unknown")
    return sorted(found)


# -- Dask ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    pytest.importorskip("dask.bag", reason="dask is not installed")
    # Dask sends functions by reference: its worker processes import the recipe themselves,
    # from the sys.path this process has when it starts them.
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(RECIPES))
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        with cluster, distributed.Client(cluster) as client:
            yield client


def test_dask_recipe_equals_parse_row_by_row(dask_client: Any) -> None:
    import cloudpickle
    import dask.bag

    recipe = _recipe("dask_jobs", cloudpickle)
    pairs = [(payload, key) for key, payload in _as_text()]
    table = recipe.job_rows(dask.bag.from_sequence(pairs, npartitions=6))
    assert table.schema == schema()
    agrees(table.to_pylist(), _expected_for_text())
    assert len(dask_client.scheduler_info()["workers"]) == 2


def test_dask_recipe_exports_json_lines_files(dask_client: Any, tmp_path: Path) -> None:
    import cloudpickle

    recipe = _recipe("dask_jobs", cloudpickle)
    lines = _lines_folder(tmp_path / "archive")
    recipe.export(str(tmp_path / "archive" / "*.jsonl"), str(tmp_path / "jobs.parquet"))
    table = pq.read_table(tmp_path / "jobs.parquet")
    assert sorted(table.column("status").to_pylist()) == _statuses(lines)


# -- Spark -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="pyspark is not installed")
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java, and there is none on the PATH")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("jobstatus-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_recipe_equals_parse_row_by_row(spark: Any) -> None:
    from pyspark import cloudpickle
    from pyspark.sql.types import BinaryType, StringType, StructField, StructType

    recipe = _recipe("spark_jobs", cloudpickle)
    columns = StructType(
        [StructField("source", StringType()), StructField("payload", BinaryType())]
    )
    frame = spark.createDataFrame(list(archive()), columns).repartition(4)
    table = recipe.job_rows(frame).toArrow()
    assert table.schema.names == schema().names
    agrees(table.cast(schema()).to_pylist(), expected_rows(archive()))


def test_spark_recipe_exports_json_lines_files(spark: Any, tmp_path: Path) -> None:
    from pyspark import cloudpickle

    recipe = _recipe("spark_jobs", cloudpickle)
    lines = _lines_folder(tmp_path / "archive")
    recipe.export(spark, str(tmp_path / "archive" / "*.jsonl"), str(tmp_path / "jobs"))
    table = pq.read_table(tmp_path / "jobs")
    assert sorted(table.column("status").to_pylist()) == _statuses(lines)


# -- Ray -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="ray is not installed")
    pytest.importorskip("ray.data", reason="ray[data] is not installed")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_recipe_equals_parse_row_by_row(ray: Any) -> None:
    from ray import cloudpickle

    recipe = _recipe("ray_jobs", cloudpickle)
    text = _as_text()
    payloads = pa.table({"payload": [p for _, p in text], "source": [k for k, _ in text]})
    dataset = ray.data.from_arrow(payloads).repartition(4)
    table = pa.concat_tables(ray.get(recipe.job_rows(dataset).to_arrow_refs()))
    agrees(table.cast(schema()).to_pylist(), _expected_for_text())


def test_ray_recipe_exports_json_lines_files(ray: Any, tmp_path: Path) -> None:
    from ray import cloudpickle

    recipe = _recipe("ray_jobs", cloudpickle)
    lines = _lines_folder(tmp_path / "archive")
    recipe.export(str(tmp_path / "archive"), str(tmp_path / "jobs"))
    table = pq.read_table(tmp_path / "jobs")
    assert sorted(table.column("status").to_pylist()) == _statuses(lines)
