"""How formats are found: adapter modules by convention, third parties by entry point,
everything imported only when used."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import pytest

import jobstatus
from jobstatus import Job, Status, UnknownFormatError
from jobstatus.detection import Detection
from jobstatus.registry import ENTRY_POINT_GROUP, Registry


def test_every_adapter_module_is_a_format() -> None:
    assert set(jobstatus.formats()) >= {
        "canonical",
        "nemo_jobs_v2",
        "nemo_ms_jobs",
        "nemo_evaluator_v1",
        "nemo_evaluator_v2",
        "simplismart",
        "tensorone",
    }


def test_a_third_party_format_comes_in_through_its_entry_point(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point = importlib.metadata.EntryPoint("acme", "tests.plugins.acme:ADAPTER", ENTRY_POINT_GROUP)
    real = importlib.metadata.entry_points

    def entry_points(**selection: str) -> object:
        if selection.get("group") == ENTRY_POINT_GROUP:
            return importlib.metadata.EntryPoints([point])
        return real(**selection)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    registry = Registry()
    assert "acme" in registry.names()
    adapter = registry.get("acme")
    job = adapter.parse({"acme_id": "a-1", "status": "RUN", "pct": 40})
    assert (job.id, job.status, job.progress.percent) == ("a-1", Status.running, 40)
    assert adapter.render(job) == {"acme_id": "a-1", "status": "RUN", "pct": 40}


def test_a_format_registered_at_run_time_is_used_by_the_api() -> None:
    from tests.plugins.acme import ADAPTER

    jobstatus.registry.REGISTRY.register(ADAPTER)
    try:
        assert jobstatus.detect({"acme_id": "x", "status": "OK"}) == "acme"
        assert jobstatus.parse({"acme_id": "x", "status": "OK"}).status is Status.succeeded
    finally:
        jobstatus.registry.REGISTRY.unregister("acme")
    assert "acme" not in jobstatus.formats()


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownFormatError, match=r"did you mean 'tensorone'\?") as caught:
        Registry().get("tensor_one")
    assert isinstance(caught.value, ValueError)


def test_adapters_are_imported_only_when_used() -> None:
    code = (
        "import sys, jobstatus\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('jobstatus.adapters.'))\n"
        "print(loaded())\n"
        "jobstatus.formats()\n"
        "print(loaded())\n"
        "jobstatus.parse({'jobId': 'j', 'status': 'running'}, 'tensorone')\n"
        "print(loaded())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, listed, used = out.stdout.splitlines()
    assert "tensorone" not in before
    assert "tensorone" not in listed
    assert "jobstatus.adapters.tensorone" in used
    assert "jobstatus.adapters.simplismart" not in used


def test_registering_a_taken_name_is_refused_unless_replacing() -> None:
    from tests.plugins.acme import ADAPTER

    registry = Registry()
    registry.register(ADAPTER)
    with pytest.raises(jobstatus.FormatExistsError, match="'acme' is already registered") as caught:
        registry.register(ADAPTER)
    assert caught.value.format == "acme"
    assert isinstance(caught.value, ValueError)
    with pytest.raises(jobstatus.FormatExistsError, match="'tensorone'"):
        registry.register(dataclasses.replace(ADAPTER, name="tensorone"))
    replacement = dataclasses.replace(ADAPTER, vendor="Acme ML 2")
    registry.register(replacement, replace=True)
    assert registry.get("acme") is replacement


def test_formats_that_fit_a_payload_equally_are_listed() -> None:
    from tests.plugins.acme import ADAPTER

    registry = Registry()
    registry.register(dataclasses.replace(ADAPTER, name="acme_twin"))
    registry.register(ADAPTER)
    payload = {"acme_id": "a-1", "status": "RUN"}
    with pytest.raises(
        jobstatus.DetectError, match="fits several formats equally: acme, acme_twin"
    ):
        registry.detect(payload)
    with pytest.raises(jobstatus.DetectError, match="fits no known format"):
        registry.detect({"nothing": "known"})


def test_detection_rule() -> None:
    """Required and forbidden keys gate; declared keys present count; a status in the
    vocabulary settles a tie; a closed format refuses unknown keys and statuses."""
    from jobstatus.detection import Detection

    found = Detection(
        required=("id",),
        forbidden=("spec",),
        any_of=("steps", ("details", "tasks")),
        statuses=frozenset({"RUN"}),
    )
    assert found.score({"id": 1}) == (1, 0)
    assert found.score({"id": 1, "status": "RUN"}) == (1, 1)
    assert found.score({"id": 1, "steps": [], "details": {"tasks": {}}}) == (3, 0)
    assert found.score({"id": 1, "details": "not an object"}) == (1, 0)
    assert found.score({"steps": []}) is None
    assert found.score({"id": 1, "spec": {}}) is None
    closed = Detection(
        only=frozenset({"id", "status"}),
        any_of=("id", "status"),
        statuses=frozenset({"RUN"}),
        only_statuses=True,
    )
    assert closed.score({"id": 1, "status": "RUN"}) == (2, 1)
    assert closed.score({"id": 1}) == (1, 0)
    assert closed.score({"id": 1, "status": "OK"}) is None
    assert closed.score({"id": 1, "other": 2}) is None
    assert Detection().score({"id": 1}) is None
    with pytest.raises(TypeError, match="a key is a string or a tuple"):
        Detection(required=("",))


def test_an_adapter_says_its_family_and_depth_without_probing() -> None:
    from jobstatus.api import MAX_DEPTH
    from jobstatus.registry import REGISTRY, FormatAdapter

    for name in jobstatus.formats():
        adapter = REGISTRY.get(name)
        assert isinstance(adapter, FormatAdapter)
        assert set(adapter.compatible) <= set(jobstatus.formats()) - {name}
        assert adapter.max_depth >= MAX_DEPTH
    assert REGISTRY.get("canonical").max_depth > MAX_DEPTH
    assert REGISTRY.get("nemo_ms_jobs").compatible == ("nemo_jobs_v2",)


def test_every_adapter_describes_itself_through_the_protocol() -> None:
    """What callers ask of a format (its status key and tables, its field tables, its
    hooks, a status-only reader) is there on every registered adapter, and agrees with
    what it parses."""
    from pathlib import Path

    from jobstatus.registry import REGISTRY

    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in jobstatus.formats():
        adapter = REGISTRY.get(name)
        assert adapter.status_key, name
        assert all(isinstance(key, str) for key in adapter.status_key), name
        assert len(adapter.status_tables) <= max(len(adapter.levels), 1), name
        assert set(adapter.hooks) <= {"finish_parse", "finish_render"}, name
        payload = json.loads((examples / f"{name}.json").read_bytes())
        job = adapter.parse(payload)
        assert adapter.status_reader()(payload) is job.status, name
        if adapter.status_tables:
            table = adapter.status_tables[0]
            assert job.vendor_status is None or table.meaning(job.vendor_status) is job.status


class _Plain:
    """A format written by hand, as a plugin may: no tables, every protocol member."""

    name = "plain"
    vendor = "Plain ML"
    endpoint = "GET /jobs/{id}"
    compatible: tuple[str, ...] = ()
    max_depth = 64
    detection = Detection(required=("plain_id",))
    status_key = ("state",)
    status_tables = ()
    levels = ()
    hooks: Mapping[str, Any] = MappingProxyType({})

    def parse(self, payload: Any) -> Job:
        state = payload.get("state") or "unknown"
        return Job.model_validate({"id": payload.get("plain_id"), "status": state})

    def render(self, job: Job) -> dict[str, Any]:
        return {"plain_id": job.id, "state": job.status.value}

    def status_reader(self) -> Callable[[dict[str, Any]], Status]:
        return lambda data: self.parse(data).status


def test_a_format_without_tables_is_served_through_the_protocol() -> None:
    registry = jobstatus.registry.REGISTRY
    adapter = _Plain()
    assert isinstance(adapter, jobstatus.registry.FormatAdapter)
    registry.register(adapter)
    try:
        payload = {"plain_id": "p-1", "state": "running"}
        assert jobstatus.status_of(payload) is Status.running
        assert jobstatus.status_of(json.dumps(payload), "plain") is Status.running
        job = jobstatus.parse(payload, "plain")
        job = job.model_copy(update={"metrics": {"loss": 0.5}})
        found = [(loss.path, loss.message) for loss in jobstatus.losses(job, "plain")]
        assert found == [("$.metrics.loss", "plain does not carry metrics.loss; dropped 0.5")]
    finally:
        registry.unregister("plain")


def test_an_adapter_lacking_a_member_is_refused_by_name() -> None:
    members = {k: v for k, v in vars(_Plain).items() if k != "status_reader"}
    bare = type("Bare", (), members)()
    with pytest.raises(UnknownFormatError, match=r"adapter \(it lacks status_reader\)$"):
        Registry().register(bare)


def test_no_format_claims_another_formats_fixtures() -> None:
    """Every fixture of every format that is a JSON object, readable or not, fits its own
    format's declaration better than any other format's: detection needs no tie-break and
    no knowledge of the other formats (what ``detect`` picks is pinned by the golden
    tests on the fixtures that parse)."""
    from jobstatus.api import load
    from jobstatus.registry import REGISTRY

    from ._support import fixture_files

    names = jobstatus.formats()
    claimed: list[str] = []
    checked = 0
    for path in fixture_files():
        try:
            data = load(path.read_bytes())
        except jobstatus.ParseError:
            continue  # not JSON: nothing to detect
        if not isinstance(data, dict):
            continue
        checked += 1
        own = path.parent.name
        scores = {name: REGISTRY.get(name).detection.score(data) for name in names}
        mine = scores[own]
        if mine is None:
            claimed.append(f"{own}/{path.name}: its own format's declaration does not fit it")
            continue
        rivals = sorted(n for n, s in scores.items() if n != own and s is not None and s >= mine)
        claimed += [f"{own}/{path.name} is claimed by {rival}" for rival in rivals]
    assert checked > 0
    assert claimed == []
