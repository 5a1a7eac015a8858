"""NeMo Microservices job status: ``GET /v1/jobs/{id}/status`` (``nemo-microservices``).

The same endpoint family as :mod:`nemo_jobs_v2`, in the Microservices SDK's shape: the job
has ``job_id`` and no ``id``, ``name`` or timestamps; steps have ``name`` and no ``id``;
tasks have ``id`` and no ``name``. Statuses and details are the Jobs v2 ones.
"""

from __future__ import annotations

from ..authoring import STRING, Adapter, Detection, NodeSpec, field
from . import _nemo

NAME = "nemo_ms_jobs"

TASK = NodeSpec(
    fields=(
        field("id", "id", codec=STRING, missing="warning"),
        _nemo.MESSAGE,
        *_nemo.DETAILS,
        *_nemo.ERROR,
        _nemo.STACK,
    ),
    defaults={"id": "", "status_details": {}, "error_details": {}, "error_stack": ""},
)
STEP = NodeSpec(
    fields=(field("name", "name", codec=STRING, missing="warning"), _nemo.MESSAGE, *_nemo.ERROR),
    children="tasks",
    defaults={"name": "", "status_details": {}, "error_details": {}, "tasks": []},
)
JOB = NodeSpec(
    fields=(field("id", "job_id", codec=STRING, missing="warning"), _nemo.MESSAGE, *_nemo.ERROR),
    children="steps",
    merged=_nemo.DETAILS,
    # The SDK's model types it as an object; the server may still send null (kept as sent).
    defaults={"job_id": "", "status_details": {}, "error_details": {}, "steps": []},
)


# The Microservices shape is the only one keyed by ``job_id``.
DETECTION = Detection(required=("job_id",), any_of=("steps",), statuses=frozenset(_nemo.STATUSES))


ADAPTER = Adapter(
    name=NAME,
    vendor="NVIDIA NeMo Microservices",
    endpoint="GET /v1/jobs/{id}/status",
    statuses=_nemo.STATUSES,
    job=JOB,
    step=STEP,
    task=TASK,
    compatible=("nemo_jobs_v2",),
    detection=DETECTION,
    finish_parse=_nemo.checkpoints_from(NAME),
    finish_render=_nemo.render_checkpoint,
)
