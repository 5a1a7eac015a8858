"""Arrays of vendor objects as child tables: ``items(model, *rows)``.

What one declaration reads and writes, what it refuses (with the item's index and key),
and how the engine keeps an array whose rendering would differ from what came.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstatus import authoring
from jobstatus.adapters.tensorone import CHECKPOINTS
from jobstatus.authoring import (
    COUNT,
    NUMBER,
    STRING,
    UNIX_SECONDS,
    Adapter,
    Checkpoint,
    Codec,
    CodecError,
    Items,
    MetricPoint,
    Metrics,
    NodeSpec,
    S,
    StatusTable,
    field,
    items,
    rest,
)

UTC = timezone.utc

POINTS = items(
    MetricPoint,
    field("name", "metric", codec=STRING),
    field("value", "value", codec=NUMBER),
    field("step", "step", codec=COUNT),
    field("timestamp", "at", codec=UNIX_SECONDS),
)
DEMO = Adapter(
    name="items_demo",
    vendor="Demo",
    endpoint="GET /runs/{id}",
    statuses=StatusTable(
        {"WAIT": S.queued, "RUN": S.running, "DONE": S.succeeded, "FAIL": S.failed},
        terminal=("DONE", "FAIL"),
    ),
    job=NodeSpec(
        fields=(
            field("id", "id", codec=STRING),
            field("checkpoints", "saves", codec=CHECKPOINTS),
            field("metrics.history", "points", codec=POINTS),
        )
    ),
)

SAVE = {
    "checkpointId": "ckpt-1",
    "epoch": 1,
    "step": 600,
    "metrics": {"loss": 1.25, "validationLoss": 1.5},
    "size": "2.3GB",
    "createdAt": "2024-01-15T16:30:00Z",
}


def _payload(saves: Any, points: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": "r-1", "status": "RUN", "saves": saves}
    if points is not None:
        out["points"] = points
    return out


def test_one_declaration_reads_and_writes_the_array() -> None:
    read = CHECKPOINTS.parse([SAVE])
    assert read == (
        Checkpoint(
            id="ckpt-1",
            epoch=1,
            step=600,
            size_bytes=2_300_000_000,
            created_at=datetime(2024, 1, 15, 16, 30, tzinfo=UTC),
            metrics=Metrics(loss=1.25, val_loss=1.5),
        ),
    )
    assert CHECKPOINTS.render(read) == [SAVE]
    assert isinstance(CHECKPOINTS, Items)
    assert CHECKPOINTS.label == "checkpoint"
    assert POINTS.name == "array of metric points"


def test_it_is_exported_from_the_authoring_module() -> None:
    assert {"items", "Items"} <= set(authoring.__all__)


def test_the_engine_takes_an_array_it_writes_back_the_same() -> None:
    payload = _payload([SAVE], [{"metric": "loss", "value": 0.5, "step": 3, "at": 1700000000}])
    job = DEMO.parse(payload)
    assert not job.issues
    assert job.extensions == {}
    assert job.checkpoints[0].id == "ckpt-1"
    assert job.metrics.history == (
        MetricPoint(
            name="loss", value=0.5, step=3, timestamp=datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
        ),
    )
    assert DEMO.render(job) == payload


def test_only_the_spelling_of_a_number_or_an_instant_may_change() -> None:
    spelled = {**SAVE, "epoch": 1.0, "createdAt": "2024-01-15T17:30:00+01:00"}
    job = DEMO.parse(_payload([spelled]))
    assert job.extensions == {}  # taken: written back from the model
    assert job.checkpoints[0].created_at == datetime(2024, 1, 15, 16, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "item",
    [
        {**SAVE, "downloadUrl": "https://example.com/c.tar"},  # a key no row reads
        {**SAVE, "metrics": {**SAVE["metrics"], "perplexity": 3.5}},  # one deeper
        {**SAVE, "checkpointId": None},  # a null: absent, but written back as it came
        {**SAVE, "size": "2.30GB"},  # read as 2.3 GB, written "2.3GB"
        {**SAVE, "metrics": None},
    ],
    ids=["unknown key", "unknown nested key", "null", "spelling", "null object"],
)
def test_an_array_whose_rendering_differs_is_kept_verbatim(item: dict[str, Any]) -> None:
    payload = _payload([item, SAVE])
    job = DEMO.parse(payload)
    assert not job.issues
    assert len(job.checkpoints) == 2  # read all the same
    assert job.extensions == {"items_demo": {"saves": [item, SAVE]}}
    assert DEMO.render(job) == payload


@pytest.mark.parametrize(
    ("saves", "message"),
    [
        ([SAVE, {**SAVE, "size": "huge"}], "checkpoint 1, size: expected a size like"),
        ([{**SAVE, "step": -3}], "checkpoint 0, step: expected a non-negative integer, got -3"),
        (
            [SAVE, SAVE, {**SAVE, "metrics": {"loss": "low"}}],
            "checkpoint 2, metrics.loss: expected",
        ),
        ([{**SAVE, "metrics": [1]}], "checkpoint 0, metrics: expected an object, got [1]"),
        ([SAVE, "ckpt-2"], "checkpoint 1: expected an object, got 'ckpt-2'"),
        ({"ckpt-1": SAVE}, "expected array of checkpoints, got {"),
    ],
)
def test_a_bad_item_is_an_invalid_value_naming_its_index_and_key(saves: Any, message: str) -> None:
    with pytest.raises(CodecError, match="expected"):
        CHECKPOINTS.parse(saves)
    payload = _payload(saves)
    job = DEMO.parse(copy.deepcopy(payload))
    [found] = job.issues
    assert (found.path, found.code, found.severity) == ("$.saves", "invalid_value", "error")
    assert found.message.startswith(message), found.message
    assert job.checkpoints == ()
    assert job.extensions == {"items_demo": {"saves": saves}}  # kept as sent
    assert DEMO.render(job) == payload


def test_a_model_field_the_item_lacks_is_named_by_its_vendor_key() -> None:
    with pytest.raises(CodecError, match=r"^metric point 1: missing 'value'$"):
        POINTS.parse([{"metric": "a", "value": 1}, {"metric": "b", "step": 2}])


def test_a_precision_loss_is_reported_and_the_array_kept_as_sent() -> None:
    fine = {**SAVE, "createdAt": "2024-01-15T16:30:00.123456789Z"}
    payload = _payload([SAVE, fine])
    job = DEMO.parse(payload)
    [found] = job.issues
    assert (found.path, found.code, found.severity) == ("$.saves", "precision_loss", "warning")
    assert found.message.startswith("checkpoint 1, createdAt: timestamp '2024-01-15T16:30")
    assert found.message.endswith("; kept as sent")
    assert job.checkpoints[1].created_at == datetime(2024, 1, 15, 16, 30, 0, 123456, tzinfo=UTC)
    assert DEMO.render(job) == payload
    seconds = POINTS.loss
    assert seconds is not None
    assert seconds([{"metric": "a", "value": 1, "at": 1700000000.1234567}]) is not None
    assert seconds([{"metric": "a", "value": 1, "at": 1700000000.5}]) is None


def test_an_empty_array_is_kept_as_sent() -> None:
    job = DEMO.parse(_payload([]))
    assert job.checkpoints == ()
    assert job.extensions == {"items_demo": {"saves": []}}


def test_a_rest_row_reads_the_keys_no_other_row_claims() -> None:
    table = items(
        Checkpoint,
        field("id", "id", codec=STRING),
        field("metrics.loss", "scores.loss", codec=NUMBER),
        rest("metrics.other", "scores", codec=NUMBER),
    )
    raw = [{"id": "c", "scores": {"loss": 0.5, "bleu": 31.5, "rouge": 0.25}}]
    [read] = table.parse(raw)
    assert read.metrics == Metrics(loss=0.5, other={"bleu": 31.5, "rouge": 0.25})
    assert table.render((read,)) == raw
    assert table.same(raw, table.render((read,)))
    with pytest.raises(CodecError, match=r"^checkpoint 0, scores.bleu: expected a finite"):
        table.parse([{"id": "c", "scores": {"bleu": "high"}}])


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: items(Checkpoint, field("ident", "id", codec=STRING)), "no field 'ident'"),
        (lambda: items(Checkpoint, field("metrics.lost", "l", codec=NUMBER)), "'metrics.lost'"),
        (lambda: items(Checkpoint, field("id", "id", missing="warning")), "missing="),
        (
            lambda: items(Checkpoint, field("metrics", "m"), field("metrics.loss", "l")),
            "two rows write the same canonical value",
        ),
        (lambda: items(dict, field("id", "id")), "a pydantic model class"),  # type: ignore[arg-type]
    ],
)
def test_a_wrong_declaration_fails_when_it_is_built(build: Any, error: str) -> None:
    with pytest.raises((ValueError, TypeError), match=error):
        build()


checkpoints = st.builds(
    Checkpoint,
    id=st.none() | st.text(max_size=8),
    step=st.none() | st.integers(0, 10**9),
    epoch=st.none() | st.integers(0, 1000),
    created_at=st.none()
    | st.datetimes(
        min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
    size_bytes=st.none() | st.integers(0, 10**15).map(lambda n: n // 1000 * 1000),
    metrics=st.builds(
        Metrics,
        loss=st.none() | st.floats(allow_nan=False, allow_infinity=False),
        val_loss=st.none() | st.floats(allow_nan=False, allow_infinity=False),
    ),
)


@settings(max_examples=40)
@given(found=st.lists(checkpoints, max_size=4).map(tuple))
def test_reading_what_it_writes_gives_the_same_objects(found: tuple[Checkpoint, ...]) -> None:
    written = CHECKPOINTS.render(found)
    assert CHECKPOINTS.parse(written) == found
    assert CHECKPOINTS.same(written, CHECKPOINTS.render(CHECKPOINTS.parse(written)))


def test_a_bool_read_as_a_number_is_no_mere_spelling() -> None:
    flag = Codec("flag", lambda raw: int(raw) if isinstance(raw, bool) else NUMBER.parse(raw), int)
    table = items(Checkpoint, field("step", "on", codec=flag))
    raw = [{"on": True}]
    assert table.parse(raw) == (Checkpoint(step=1),)
    assert table.render(table.parse(raw)) == [{"on": 1}]  # equal to the raw array, by ==
    assert not table.same(raw, table.render(table.parse(raw)))
    assert CHECKPOINTS.same([{"step": 1.0}], [{"step": 1}])  # a number's spelling is
