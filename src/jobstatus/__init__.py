"""jobstatus: the job-status payloads of ML platforms, in one canonical model.

>>> import jobstatus
>>> job = jobstatus.parse({"job_id": "job-1", "status": "completed", "steps": []})
>>> job.status.is_terminal, job.status.outcome
(True, <Outcome.success: 'success'>)
"""

from .api import detect, formats, parse, render, validate
from .conversion import convert, losses
from .errors import (
    DetectError,
    Issue,
    JobStatusError,
    JobStatusWarning,
    LossError,
    ParseError,
    RenderError,
    StrictError,
    UnknownFormatError,
)
from .model import (
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
from .status import Outcome, Phase, Status, can_transition

__version__ = "0.1.0"

__all__ = [
    "Checkpoint",
    "Cost",
    "DetectError",
    "ErrorInfo",
    "Issue",
    "Job",
    "JobStatusError",
    "JobStatusWarning",
    "LossError",
    "MetricPoint",
    "Metrics",
    "Outcome",
    "Outputs",
    "ParseError",
    "Phase",
    "Progress",
    "RenderError",
    "Resources",
    "Status",
    "Step",
    "StrictError",
    "Task",
    "UnknownFormatError",
    "__version__",
    "can_transition",
    "convert",
    "detect",
    "formats",
    "losses",
    "parse",
    "render",
    "validate",
]
