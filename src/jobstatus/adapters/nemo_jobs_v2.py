"""NeMo Platform Jobs v2: ``GET /apis/jobs/v2/workspaces/{workspace}/jobs/{name}/status``.

The platform's ``PlatformJobStatusResponse``: a job of steps of tasks, each with ``id``,
``name``, status and timestamps. NeMo Customizer reports training and file-transfer
progress in each task's ``status_details`` (``_nemo.DETAILS``).
"""

from __future__ import annotations

from ..authoring import STRING, TIMESTAMP, Adapter, Detection, NodeSpec, field
from . import _nemo

NAME = "nemo_jobs_v2"

# The OpenAPI requires the timestamps, yet the documents' own examples omit them: a
# payload without them is read with an info-level issue.
_IDENTITY = (
    field("id", "id", codec=STRING, missing="warning"),
    field("name", "name", codec=STRING, missing="warning"),
)
_STAMPS = (
    field("created_at", "created_at", codec=TIMESTAMP, missing="info"),
    field("updated_at", "updated_at", codec=TIMESTAMP, missing="info"),
)

# Every level requires both; a job from a format without them gets empty ones.
_REQUIRED = {"id": "", "name": ""}

TASK = NodeSpec(
    fields=(*_IDENTITY, _nemo.MESSAGE, *_nemo.DETAILS, *_nemo.ERROR, _nemo.STACK, *_STAMPS),
    defaults={**_REQUIRED, "status_details": {}, "error_details": {}, "error_stack": ""},
)
STEP = NodeSpec(
    fields=(*_IDENTITY, _nemo.MESSAGE, *_nemo.ERROR, *_STAMPS),
    children="tasks",
    defaults={**_REQUIRED, "status_details": {}, "error_details": {}, "tasks": []},
)
JOB = NodeSpec(
    fields=(*_IDENTITY, _nemo.MESSAGE, *_nemo.ERROR, *_STAMPS),
    children="steps",
    merged=_nemo.DETAILS,
    # The server sends a null job-level error_details for every job that has not failed.
    defaults={**_REQUIRED, "status_details": {}, "error_details": None, "steps": []},
    nullable=("error_details",),
)


# Jobs v2 payloads have ``id`` (not ``job_id``) and ``steps`` (unlike Evaluator v2, which
# has ``spec``), and mostly the ``status_details``/``error_details`` pair.
DETECTION = Detection(
    required=("id", "steps"),
    forbidden=("job_id", "spec"),
    any_of=("status_details", "error_details"),
    statuses=frozenset(_nemo.STATUSES),
)


ADAPTER = Adapter(
    name=NAME,
    vendor="NVIDIA NeMo Platform",
    endpoint="GET /apis/jobs/v2/workspaces/{workspace}/jobs/{name}/status",
    statuses=_nemo.STATUSES,
    job=JOB,
    step=STEP,
    task=TASK,
    compatible=("nemo_ms_jobs",),
    detection=DETECTION,
    finish_parse=_nemo.checkpoints_from(NAME),
    finish_render=_nemo.render_checkpoint,
)
