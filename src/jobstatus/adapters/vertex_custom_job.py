"""Google Vertex AI custom jobs: ``GET projects/*/locations/*/customJobs/*``.

The ``CustomJob`` message in proto3 JSON: camelCase keys, RFC 3339 timestamps (to the
nanosecond; the model holds microseconds), and fields at their default left out rather
than null. ``name`` is the job's full resource name and ``displayName`` what the user
called it. ``error`` is a ``google.rpc.Status``: its numeric ``code`` is read as the
``google.rpc.Code`` name (``13`` as ``INTERNAL``) and its ``details`` are kept as sent.
``jobSpec`` (worker pools, containers, output directory), ``labels`` and
``webAccessUris`` are kept as sent.

What the states mean, where Google's one-line descriptions leave it open:

- ``JOB_STATE_PARTIALLY_SUCCEEDED`` ("some results may be missing due to errors") is
  **failed**: a tool that goes on when a job succeeds must not go on with results that
  may be missing. ``vendor_status`` keeps the value for a caller that accepts them.
- ``JOB_STATE_EXPIRED`` is **failed**: the job ended without doing its work, and not on
  anyone's request (the platform gave up on it).
- ``JOB_STATE_PAUSED`` ("stopped, and can be resumed") is **paused**, not terminal. The
  ``google-cloud-aiplatform`` SDK counts it among its "complete" states and counts
  neither EXPIRED nor PARTIALLY_SUCCEEDED there; this table does not follow it.
- ``JOB_STATE_UNSPECIFIED`` is **unknown**, and ``JOB_STATE_UPDATING`` (a running job
  being updated, which returns to RUNNING) is **running**; a running job is written as
  ``JOB_STATE_RUNNING``.
- ``JOB_STATE_PENDING`` ("the service is preparing to run the job") is **initializing**
  and ``JOB_STATE_QUEUED`` ("just created or resumed") is **queued**.
"""

from __future__ import annotations

from typing import Any

from ..authoring import (
    STRING,
    TIMESTAMP,
    Adapter,
    Codec,
    CodecError,
    Detection,
    NodeSpec,
    Status,
    StatusTable,
    field,
)

S = Status  # the tables read best with a short name
NAME = "vertex_custom_job"

STATUSES = StatusTable(
    {
        "JOB_STATE_UNSPECIFIED": S.unknown,
        "JOB_STATE_QUEUED": S.queued,
        "JOB_STATE_PENDING": S.initializing,
        "JOB_STATE_RUNNING": S.running,
        "JOB_STATE_SUCCEEDED": S.succeeded,
        "JOB_STATE_FAILED": S.failed,
        "JOB_STATE_CANCELLING": S.cancelling,
        "JOB_STATE_CANCELLED": S.cancelled,
        "JOB_STATE_PAUSED": S.paused,
        "JOB_STATE_EXPIRED": S.failed,
        "JOB_STATE_UPDATING": S.running,
        "JOB_STATE_PARTIALLY_SUCCEEDED": S.failed,
    },
    terminal=(
        "JOB_STATE_SUCCEEDED",
        "JOB_STATE_FAILED",
        "JOB_STATE_CANCELLED",
        "JOB_STATE_EXPIRED",
        "JOB_STATE_PARTIALLY_SUCCEEDED",
    ),
    choices={S.running: "JOB_STATE_RUNNING", S.failed: "JOB_STATE_FAILED"},
)

# google.rpc.Code, by number.
_CODES = (
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
)
_NUMBERS = {name: number for number, name in enumerate(_CODES)}
_UNKNOWN = _NUMBERS["UNKNOWN"]


def _parse_code(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw < len(_CODES):
        raise CodecError(f"expected a google.rpc.Code number (0-{len(_CODES) - 1}), got {raw!r}")
    return _CODES[raw]


def _render_code(code: str) -> int:
    # A code from another vendor has no number: it is written as UNKNOWN, which reads
    # back as another code, so the conversion reports it.
    if code.isdigit() and int(code) < len(_CODES):
        return int(code)
    return _NUMBERS.get(code, _UNKNOWN)


def _resources(job: dict[str, Any]) -> None:
    """The resources of the job's worker pools: machines and GPUs summed over the pools,
    the machine and GPU kinds where every pool has the same one.

    Derived, not read by a row: the pools are an array the field table cannot address, and
    they stay in the extensions as sent (so they are what is written back). Pools of an
    unexpected shape give no resources rather than a guess.
    """
    spec = job.get("extensions", {}).get(NAME, {}).get("jobSpec")
    pools = spec.get("workerPoolSpecs") if isinstance(spec, dict) else None
    if not isinstance(pools, list) or not pools or not all(isinstance(p, dict) for p in pools):
        return
    nodes = gpus = 0
    machines: set[str] = set()
    accelerators: set[str] = set()
    for pool in pools:
        if not pool:  # an empty pool holds a place in the pool order, and nothing else
            continue
        machine = pool.get("machineSpec", {})
        if not isinstance(machine, dict):
            return
        # replicaCount is an int64, a string in proto3 JSON; acceleratorCount an int32.
        replicas, count = pool.get("replicaCount", "0"), machine.get("acceleratorCount", 0)
        kind, accelerator = machine.get("machineType", ""), machine.get("acceleratorType", "")
        if not (isinstance(replicas, str) and replicas.isdigit() and type(count) is int):
            return
        if not (isinstance(kind, str) and isinstance(accelerator, str) and count >= 0):
            return
        nodes += int(replicas)
        gpus += int(replicas) * count
        machines.add(kind)
        if count:
            accelerators.add(accelerator)
    found: dict[str, Any] = {"node_count": nodes, "gpu_count": gpus}
    if len(machines) == 1 and "" not in machines:
        found["instance_type"] = machines.pop()
    if len(accelerators) == 1 and "" not in accelerators:
        found["gpu_type"] = accelerators.pop()
    job["resources"] = {**job.get("resources", {}), **found}


RPC_CODE = Codec("google.rpc.Code number, read as its name", _parse_code, _render_code)

JOB = NodeSpec(
    fields=(
        field("id", "name", codec=STRING),
        field("name", "displayName", codec=STRING),
        field("error.code", "error.code", codec=RPC_CODE),
        field("error.message", "error.message", codec=STRING),
        field("created_at", "createTime", codec=TIMESTAMP),
        field("started_at", "startTime", codec=TIMESTAMP),
        field("completed_at", "endTime", codec=TIMESTAMP),
        field("updated_at", "updateTime", codec=TIMESTAMP),
    ),
    status=("state",),
    # The API requires both; a job from another format has neither, and inventing a
    # worker pool would be wrong, so they are written empty (and reported as defaults).
    defaults={"displayName": "", "jobSpec": {"workerPoolSpecs": []}},
)


# Only a Vertex job has a ``jobSpec``; ``state`` and camelCase times are typical of it.
DETECTION = Detection(
    required=("jobSpec",),
    any_of=("name", "displayName", "state", "createTime"),
    statuses=frozenset(STATUSES),
    status_key="state",
)


ADAPTER = Adapter(
    name=NAME,
    vendor="Google Vertex AI",
    endpoint="GET /v1/projects/{project}/locations/{location}/customJobs/{custom_job}",
    statuses=STATUSES,
    job=JOB,
    detection=DETECTION,
    finish_parse=_resources,
)
