"""What we write as a SageMaker ``DescribeTrainingJob`` response, botocore reads as one.

botocore validates no response, so besides running its own JSON parser over the payload,
a small walker checks every member against the service model's output shape: its name,
type, enum and, for the fixtures (real-shaped responses), the required members.
Skipped when ``botocore`` is not installed.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import jobstatus
from jobstatus import Job
from jobstatus.testing.strategies import jobs

from ._support import fixture_files

botocore_session = pytest.importorskip("botocore.session")
parsers = pytest.importorskip("botocore.parsers")

FORMAT = "sagemaker_training"
MODEL = botocore_session.get_session().get_service_model("sagemaker")
OUTPUT = MODEL.operation_model("DescribeTrainingJob").output_shape
_NUMBERS = {"integer": int, "long": int, "float": (int, float), "double": (int, float)}


def _timestamp(value: Any) -> bool:
    if isinstance(value, str):  # what json.dumps(default=str) writes for a datetime
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def walk(shape: Any, value: Any, path: str, required: bool) -> list[str]:
    """Every way ``value`` departs from ``shape`` (an empty list when it fits)."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        found = [f"{path}.{key}: not a member" for key in value if key not in shape.members]
        if required:
            found += [f"{path}.{k}: required" for k in shape.required_members if k not in value]
        for key, item in value.items():
            if key in shape.members:
                found += walk(shape.members[key], item, f"{path}.{key}", required)
        return found
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: expected an array"]
        return [
            e for i, v in enumerate(value) for e in walk(shape.member, v, f"{path}[{i}]", required)
        ]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: expected an object"]
        return [e for k, v in value.items() for e in walk(shape.value, v, f"{path}.{k}", required)]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: expected a string"]
        # Instance types: the enum grows with every botocore release, and its parser
        # takes any string; an instance type from another vendor is written as it is.
        enum = shape.enum if shape.name != "TrainingInstanceType" else ()
        return [f"{path}: {value!r} not in the enum"] if enum and value not in enum else []
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean"]
    if kind == "timestamp":
        return [] if _timestamp(value) else [f"{path}: expected a timestamp"]
    wanted = _NUMBERS[kind]
    ok = isinstance(value, wanted) and not isinstance(value, bool)
    return [] if ok else [f"{path}: expected {kind}"]


def botocore_reads(payload: dict[str, Any]) -> dict[str, Any]:
    """The response as boto3 returns it, parsed by botocore's own JSON protocol parser."""
    response = {"body": json.dumps(payload).encode(), "headers": {}, "status_code": 200}
    parsed: dict[str, Any] = parsers.create_parser("json").parse(response, OUTPUT)
    return parsed


CLEAN = [
    p
    for p in fixture_files(FORMAT)
    if p.suffix == ".json" and not jobstatus.validate(json.loads(p.read_bytes()), FORMAT)
]


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_fixtures_and_their_rendering_fit_the_service_model(path: Path) -> None:
    payload = json.loads(path.read_bytes())
    assert walk(OUTPUT, payload, "$", required=True) == []
    job = jobstatus.parse(payload, FORMAT)
    rendered = jobstatus.render(job, FORMAT)
    assert walk(OUTPUT, rendered, "$", required=True) == []
    parsed = botocore_reads(rendered)
    assert parsed["TrainingJobStatus"] == payload["TrainingJobStatus"]
    assert isinstance(parsed["CreationTime"], datetime)


def test_the_walker_finds_what_the_model_refuses() -> None:
    bad = {"TrainingJobStatus": "Running", "CreationTime": "yesterday", "Extra": 1}
    found = walk(OUTPUT, bad, "$", required=True)
    assert "$.TrainingJobStatus: 'Running' not in the enum" in found
    assert "$.CreationTime: expected a timestamp" in found
    assert "$.Extra: not a member" in found
    assert "$.TrainingJobName: required" in found


@settings(max_examples=30)
@given(job=jobs())
def test_rendered_jobs_fit_the_service_model(job: Job) -> None:
    """Members are named, typed and spelled as the model says. A job from another format
    lacks what SageMaker requires (an ARN, a creation time) unless it has them: the
    required members are not checked here."""
    payload = jobstatus.render(job, FORMAT)
    assert walk(OUTPUT, payload, "$", required=False) == []
    parsed = botocore_reads(payload)
    assert parsed["TrainingJobStatus"] in OUTPUT.members["TrainingJobStatus"].enum
    assert parsed["SecondaryStatus"] in OUTPUT.members["SecondaryStatus"].enum
