"""Conversion between every ordered pair of registered formats, and the loss report.

The properties hold for any pair; nothing here names a vendor, so a new format joins
these tests by being registered. Inputs: hypothesis jobs written in the source format,
and every JSON fixture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator

import jobstatus
from jobstatus import Issue, Job, JobStatusError, Outcome, Progress, Status, Step, Task
from jobstatus.registry import REGISTRY
from jobstatus.testing.strategies import jobs

from ._support import fixture_files, normalize

FORMATS = jobstatus.formats()
PAIRS = [(source, target) for source in FORMATS for target in FORMATS]
SCHEMAS = Path(__file__).parents[1] / "schemas"
# The pairs multiply the examples (144 pairs for 12 formats) and drawing a job costs far
# more than checking it: the profile's examples times 6 in all, at least 4 per pair.
PAIR_SETTINGS = settings(max_examples=max(4, settings().max_examples * 6 // len(PAIRS)))
FIXTURES = [
    path for path in fixture_files() if path.suffix == ".json" and path.parent.name in FORMATS
]

Node = Job | Step | Task
_DROPPED_CHILD = re.compile(r"(.*\.(?:steps|tasks))\[\d+\]")


@cache
def _validator(fmt: str) -> Draft202012Validator | None:
    path = SCHEMAS / f"{fmt}.schema.json"
    if not path.exists():
        return None
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def _errors(payload: dict[str, Any], fmt: str) -> list[str]:
    """Where ``payload`` breaks ``fmt``'s schema (nothing for a format without one)."""
    validator = _validator(fmt)
    if validator is None:
        return []
    return [f"{e.message} @ {e.json_path}" for e in validator.iter_errors(payload)]


@cache
def _carries_percent(fmt: str) -> bool:
    """Whether ``fmt`` has a job-level percent: a job at 50% comes back at 50%."""
    job = Job(status=Status.running, progress=Progress(percent=50))
    return jobstatus.parse(jobstatus.render(job, fmt), fmt).progress.percent == 50


def _at_level(status: Status, level: int) -> Job:
    if level == 0:
        return Job(status=status)
    if level == 1:
        return Job(status=Status.running, steps=(Step(status=status),))
    return Job(
        status=Status.running, steps=(Step(status=Status.running, tasks=(Task(status=status),)),)
    )


@cache
def _outcomes(fmt: str, level: int) -> frozenset[Outcome]:
    """The outcomes ``fmt`` can say at ``level`` (job, step, task): some status with the
    outcome comes back with it."""
    found = set()
    for status in Status:
        if status.outcome is None:
            continue
        back = jobstatus.parse(jobstatus.render(_at_level(status, level), fmt), fmt)
        nodes = {node_path: node for node_path, node, _ in _nodes(back)}
        node = nodes.get(("$", "$.steps[0]", "$.steps[0].tasks[0]")[level])
        if node is not None and node.status.outcome is status.outcome:
            found.add(status.outcome)
    return frozenset(found)


def _nodes(job: Job) -> Iterator[tuple[str, Node, int]]:
    yield "$", job, 0
    for i, step in enumerate(job.steps):
        yield f"$.steps[{i}]", step, 1
        for j, task in enumerate(step.tasks):
            yield f"$.steps[{i}].tasks[{j}]", task, 2


def _flat(value: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    """The leaves of canonical JSON, by JSON path; empty containers say nothing."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(item, f"{path}.{key}" if key.isidentifier() else f"{path}[{key!r}]")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flat(item, f"{path}[{index}]")
    elif value is not None:
        yield path, normalize(value)


# Not information (see jobstatus.losses): where the job came from, what reading it found.
_NOT_INFORMATION = ("format", "issues", "vendor_status", "percent_derived")


def _leaves(job: Job) -> dict[str, Any]:
    data = jobstatus.render(job, "canonical")
    return {
        path: value
        for path, value in _flat(data)
        if path.rsplit(".", 1)[-1].split("[")[0] not in _NOT_INFORMATION
        and not path.startswith("$.issues")
    }


_INSTANTS = {("created_at",), ("updated_at",), ("started_at",), ("completed_at",)}


def _unknown_instants(job: Job, target: str) -> dict[str, str]:
    """The schema errors of a timestamp the target requires and the job has no value for
    (no writer invents an instant, so the payload lacks it), and the path of the loss
    that reports it."""
    levels = REGISTRY.get(target).levels
    found: dict[str, str] = {}

    def visit(node: Any, level: int, vendor: str, canonical: str) -> None:
        if level >= len(levels):
            return
        spec = levels[level]
        for row in spec.fields:
            keys = row.spellings[0]
            required = row.missing and row.canonical in _INSTANTS and len(keys) == 1
            if required and getattr(node, row.canonical[0]) is None:
                error = f"'{keys[0]}' is a required property @ {vendor}"
                found[error] = f"{canonical}.{row.canonical[0]}"
        kids = node.steps if level == 0 else node.tasks if level == 1 else ()
        if spec.children and spec.shape == "array":
            what = "steps" if level == 0 else "tasks"
            for index, kid in enumerate(kids):
                where = f"{vendor}.{spec.children}[{index}]"
                visit(kid, level + 1, where, f"{canonical}.{what}[{index}]")

    visit(job, 0, "$", "$")
    return found


def _covered(path: str, named: set[str]) -> bool:
    return any(path == p or path.startswith((p + ".", p + "[")) for p in named)


def _check(payload: dict[str, Any], source: str, target: str) -> None:
    job = jobstatus.parse(payload, source)
    found = jobstatus.losses(job, target)
    out = jobstatus.convert(payload, target, from_=source, on_loss="ignore")
    json.dumps(out, allow_nan=False)
    assert all(isinstance(loss, Issue) and loss.code == "loss" for loss in found)

    # The output is a valid payload of the target format; unless the input was not one of
    # its own and the target writes its vendor fields back (its own format, or one of the
    # same family): then what did not fit is kept, as it came.
    native = target == source or source in getattr(REGISTRY.get(target), "compatible", ())
    if not native or _errors(payload, source) == []:
        unknown = _unknown_instants(job, target)
        assert [e for e in _errors(out, target) if e not in unknown] == [], out
        # What is left out for want of a value is reported, unless the job came from there.
        lacking = {unknown[e] for e in _errors(out, target) if e in unknown}
        assert source == target or lacking <= {loss.path for loss in found}, found

    # Terminality and outcome survive at every node that does; the outcome changes only
    # where the target cannot say it, and then the change is reported.
    back = jobstatus.parse(out, target)
    named = {loss.path for loss in found}
    theirs = {path: node for path, node, _ in _nodes(back)}
    # Nodes are matched by position: once a format drops some of a node's children (it
    # says so), the others no longer line up.
    unmatched = {m.group(1) for m in map(_DROPPED_CHILD.fullmatch, named) if m}
    for path, node, level in _nodes(job):
        other = theirs.get(path)
        if other is None or node.status is Status.unknown or _covered(path, unmatched):
            continue
        assert other.status.is_terminal is node.status.is_terminal, path
        if other.status.outcome is not node.status.outcome:
            assert node.status.outcome not in _outcomes(target, level), path
            assert f"{path}.status" in named, path

    # Percent is kept where the target has one: exactly, when it is the job's own (a
    # derived one is not written) and no steps' percent stands in for it; else the
    # change is reported.
    percent = job.progress.percent
    if percent is not None and _carries_percent(target) and back.progress.percent != percent:
        assert job.steps or job.progress.percent_derived, "percent lost"
        assert "$.progress.percent" in named

    # Whatever a trip to the target and back changes, one of the two reports named.
    again = jobstatus.convert(out, source, from_=target, on_loss="ignore")
    named |= {loss.path for loss in jobstatus.losses(back, source)}
    before, after = _leaves(job), _leaves(jobstatus.parse(again, source))
    changed = {p for p in before if before[p] != after.get(p)}
    assert {p for p in changed if not _covered(p, named)} == set(), found

    # Writing a job in its own format loses nothing and gives the payload back.
    if target == source:
        assert found == []
        assert normalize(out) == normalize(payload)


@pytest.mark.parametrize(("source", "target"), PAIRS)
@PAIR_SETTINGS
@given(job=jobs())
def test_conversion_properties_on_generated_jobs(source: str, target: str, job: Job) -> None:
    _check(jobstatus.render(job, source), source, target)


@pytest.mark.parametrize("target", FORMATS)
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_conversion_properties_on_fixtures(path: Path, target: str) -> None:
    source = path.parent.name
    payload = json.loads(path.read_text(encoding="utf-8"))
    try:
        jobstatus.parse(payload, source)
    except JobStatusError:
        pytest.skip("not a payload of the format: its error is pinned by the golden tests")
    _check(payload, source, target)
