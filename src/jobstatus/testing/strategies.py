"""Hypothesis strategies for property tests of code that consumes jobstatus.

Importing this module needs ``hypothesis`` (the ``testing`` extra); the core package never
imports it. Every strategy shrinks towards the smallest job: no steps, no tasks, unknown
fields absent, numbers towards zero, lists towards empty.

>>> from hypothesis import given
>>> from jobstatus.testing.strategies import payloads
>>> @given(payloads("nemo_jobs_v2"))
... def test_my_dashboard_reads_any_nemo_job(payload): ...
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any, Literal, cast

from hypothesis import strategies as st

from ..api import render
from ..model import (
    Checkpoint,
    Cost,
    ErrorInfo,
    Job,
    MetricPoint,
    Metrics,
    Outputs,
    Progress,
    Resources,
    Step,
    Task,
)
from ..schemas import schema
from ..status import Status

__all__ = ["jobs", "payloads", "statuses", "steps", "tasks"]

_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=16)
_text = st.text(max_size=40)
_counts = st.integers(min_value=0, max_value=10**6)
_big_counts = st.integers(min_value=0, max_value=10**13)
_reals = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
_positive = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
_percents = st.floats(min_value=0, max_value=100, allow_nan=False)
_offsets = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=2)), timezone(-timedelta(hours=5))]
)
_moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=_offsets
)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def statuses(*, terminal: bool | None = None) -> st.SearchStrategy[Status]:
    """Canonical statuses; ``terminal=True`` or ``False`` keeps only those. Shrinks to ``unknown``
    (or the first status of the kind asked for)."""
    members = [s for s in Status if terminal is None or s.is_terminal is terminal]
    return st.sampled_from(members)


@st.composite
def _progress(draw: st.DrawFn) -> Progress:
    percent = draw(_maybe(_percents))
    return Progress(
        percent=percent,
        step=draw(_maybe(_counts)),
        total_steps=draw(_maybe(_counts)),
        epoch=draw(_maybe(st.integers(0, 1000))),
        total_epochs=draw(_maybe(st.integers(0, 1000))),
        files=draw(_maybe(_counts)),
        total_files=draw(_maybe(_counts)),
        bytes=draw(_maybe(_big_counts)),
        total_bytes=draw(_maybe(_big_counts)),
        samples=draw(_maybe(_counts)),
        eta_seconds=draw(_maybe(st.integers(0, 10**7))),
        phase=draw(_maybe(_names)),
        current=draw(_maybe(_names)),
    )


@st.composite
def _metrics(draw: st.DrawFn) -> Metrics:
    history = draw(
        st.lists(
            st.builds(
                MetricPoint,
                name=st.sampled_from(["train_loss", "val_loss", "train_lr"]),
                value=_reals,
                step=_maybe(_counts),
                epoch=_maybe(st.integers(0, 100)),
            ),
            max_size=4,
        )
    )
    return Metrics(
        loss=draw(_maybe(_reals)),
        val_loss=draw(_maybe(_reals)),
        accuracy=draw(_maybe(_reals)),
        val_accuracy=draw(_maybe(_reals)),
        learning_rate=draw(_maybe(_reals)),
        grad_norm=draw(_maybe(_reals)),
        samples_per_second=draw(_maybe(_positive)),
        tokens_per_second=draw(_maybe(_positive)),
        step_time_seconds=draw(_maybe(_positive)),
        other=draw(
            st.dictionaries(st.sampled_from(["train_ppl", "val_bleu", "perplexity"]), _reals)
        ),
        history=tuple(history),
    )


_errors = st.builds(
    ErrorInfo,
    message=_maybe(_text.filter(bool)),
    stack=_maybe(_text.filter(bool)),
    details=st.dictionaries(_names, _text, max_size=2),
)


def _node_fields(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(statuses())
    return {
        "id": draw(_maybe(_names)),
        "name": draw(_maybe(_names)),
        "status": status,
        "message": draw(_maybe(_text)),
        "error": draw(_errors) if status is Status.failed and draw(st.booleans()) else None,
        "created_at": draw(_maybe(_moments)),
        "updated_at": draw(_maybe(_moments)),
        "started_at": draw(_maybe(_moments)),
        "completed_at": draw(_maybe(_moments)) if status.is_terminal else None,
        "progress": draw(_progress()) if draw(st.booleans()) else Progress(),
        "metrics": draw(_metrics()) if draw(st.booleans()) else Metrics(),
    }


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    """Canonical tasks with any status, progress and metrics."""
    return Task(**_node_fields(draw))


@st.composite
def steps(draw: st.DrawFn) -> Step:
    """Canonical steps of up to three tasks; shrinks towards a step with no tasks."""
    return Step(**_node_fields(draw), tasks=tuple(draw(st.lists(tasks(), max_size=3))))


@st.composite
def jobs(draw: st.DrawFn, *, with_steps: bool = True) -> Job:
    """Canonical jobs as a vendor-neutral producer would build them (no ``format``, no
    extensions, no issues). Shrinks towards a job with no steps and empty blocks."""
    fields = _node_fields(draw)
    return Job(
        **fields,
        steps=tuple(draw(st.lists(steps(), max_size=3))) if with_steps else (),
        resources=draw(
            st.builds(
                Resources,
                gpu_type=_maybe(_names),
                gpu_count=_maybe(st.integers(0, 64)),
                node_count=_maybe(st.integers(0, 64)),
                instance_type=_maybe(_names),
                memory_gb=_maybe(_positive),
                gpu_utilization=st.lists(_percents, max_size=4).map(tuple),
                gpu_memory_gb=st.lists(_positive, max_size=4).map(tuple),
                system_memory_gb=_maybe(_positive),
                storage_gb=_maybe(_positive),
            )
        ),
        cost=draw(
            st.builds(
                Cost,
                current=_maybe(_positive),
                estimated_total=_maybe(_positive),
                breakdown=st.dictionaries(_names, _positive, max_size=3),
            )
        ),
        checkpoints=tuple(
            draw(
                st.lists(
                    st.builds(
                        Checkpoint,
                        id=_maybe(_names),
                        step=_maybe(_counts),
                        epoch=_maybe(st.integers(0, 100)),
                        created_at=_maybe(_moments),
                        size_bytes=_maybe(_big_counts),
                        path=_maybe(_names),
                    ),
                    max_size=2,
                )
            )
        ),
        outputs=draw(
            st.builds(
                Outputs,
                model_path=_maybe(_names),
                result_id=_maybe(_names),
                files_url=_maybe(_names),
            )
        ),
    )


_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})


def _bounded(node: Any, most: int = 3) -> Any:
    """A copy of a schema whose arrays hold at most ``most`` items (or their minimum)."""
    if isinstance(node, list):
        return [_bounded(item, most) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: v if k in _DATA_KEYWORDS else _bounded(v, most) for k, v in node.items()}
    if out.get("type") == "array" or "items" in out:
        out["maxItems"] = max(out.get("minItems", 0), min(out.get("maxItems", most), most))
    return out


def payloads(
    fmt: str, *, source: Literal["model", "schema"] = "model"
) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads of format ``fmt``.

    Args:
        fmt: the format name.
        source: ``"model"`` (the default): written by the format's adapter from
            :func:`jobs`, so they are what a conforming server could send; shrinking
            follows :func:`jobs`. ``"schema"``: anything the format's JSON Schema accepts
            (:func:`hypothesis_jsonschema.from_schema`, from the ``testing`` extra), unknown
            extra fields included, with at most three items per array as in :func:`jobs`
            (a large schema is slow to draw from); it shrinks towards the smallest valid
            payload (only the required fields, empty strings, zeros).

    Examples:
        >>> from jobstatus.testing.strategies import payloads
        >>> strategy = payloads("tensorone", source="schema")
    """
    if source == "schema":
        return _from_schema(fmt)
    if source != "model":
        raise ValueError(f"source must be 'model' or 'schema', not {source!r}")
    return jobs().map(lambda job: render(job, fmt))


@cache
def _from_schema(fmt: str) -> st.SearchStrategy[dict[str, Any]]:
    # Built once per format: from_schema checks and rewrites the whole schema, which
    # costs far more than drawing from it.
    from hypothesis_jsonschema import from_schema

    # hypothesis-jsonschema resolves "#/$defs/..." against the schema's $id, and cannot
    # against a urn: one; without it, the references are local, as they are meant.
    local = {key: value for key, value in schema(fmt).items() if key != "$id"}
    # Every vendor schema has "type": "object" at the top: the values are dicts.
    return cast("st.SearchStrategy[dict[str, Any]]", from_schema(_bounded(local)))
