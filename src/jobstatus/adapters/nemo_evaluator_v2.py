"""NeMo Evaluator v2: ``GET /v2/evaluation/jobs/{id}`` (a preview API).

``name`` and ``spec {config, target}`` are required; statuses are the Jobs v2 values;
``status_details`` and ``error_details`` are free-form. The document's own example and
polling code use ``failed`` and ``running``, which v2 servers never send: they are read
as failed and running, with a warning.
"""

from __future__ import annotations

from ..authoring import NAIVE_UTC_TIMESTAMP, STRING, Adapter, Detection, NodeSpec, field
from . import _evaluator, _nemo

NAME = "nemo_evaluator_v2"

JOB = NodeSpec(
    fields=(
        field("id", "id", codec=STRING, missing="warning"),
        field("name", "name", codec=STRING, missing="warning"),
        *_evaluator.DETAILS,
        *_nemo.ERROR,
        field("created_at", "created_at", codec=NAIVE_UTC_TIMESTAMP),
        field("updated_at", "updated_at", codec=NAIVE_UTC_TIMESTAMP),
    ),
    defaults={
        "id": "",
        "name": "",
        "spec": {"config": {}, "target": {}},
        "status_details": {},
        "error_details": None,
    },
    # The document's example has a null error_details; the SDK's EvaluatorV2Job types both
    # details objects as optional.
    nullable=("status_details", "error_details"),
)


# Only Evaluator v2 nests its configuration in ``spec`` (with ``name``, the only keys the
# vendor's model requires: a job may have no ``id`` or ``status``).
DETECTION = Detection(required=("spec",), any_of=("id",), statuses=frozenset(_nemo.STATUSES))


ADAPTER = Adapter(
    name=NAME,
    vendor="NVIDIA NeMo Evaluator",
    endpoint="GET /v2/evaluation/jobs/{id}",
    statuses=_nemo.STATUSES,
    job=JOB,
    detection=DETECTION,
)
