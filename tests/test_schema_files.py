"""The vendor JSON Schemas in schemas/: well-formed, documented, and in agreement with the
example payloads of the vendor documents (shared/specs) and VENDOR-NOTES."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parents[1] / "schemas"
SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
DATA_KEYWORDS = {"enum", "const", "default", "examples"}  # their values are data, not schemas

# Closed status enums, as the vendor documents and SDKs list them.
JOBS_V2_STATUSES = [
    "created",
    "pending",
    "active",
    "cancelled",
    "cancelling",
    "error",
    "completed",
    "paused",
    "pausing",
    "resuming",
]
STATUS_ENUMS = {
    "nemo_jobs_v2": JOBS_V2_STATUSES,
    "nemo_ms_jobs": JOBS_V2_STATUSES,
    "nemo_evaluator_v1": [
        "created",
        "pending",
        "running",
        "cancelled",
        "cancelling",
        "failed",
        "completed",
        "ready",
        "unknown",
    ],
    "nemo_evaluator_v2": JOBS_V2_STATUSES,
    "simplismart": ["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELED"],
    "tensorone": [
        "queued",
        "initializing",
        "running",
        "completed",
        "failed",
        "cancelled",
        "paused",
    ],
}


def _format_name(path: Path) -> str:
    return path.name.removesuffix(".schema.json")


def _load(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(fmt: str) -> Draft202012Validator:
    schema = _load(SCHEMA_DIR / f"{fmt}.schema.json")
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _errors(fmt: str, payload: Any) -> list[str]:
    """Every error as "$.json.path: message", including those nested in anyOf branches."""
    out: list[str] = []
    pending = list(_validator(fmt).iter_errors(payload))
    while pending:
        error = pending.pop()
        out.append(f"{error.json_path}: {error.message}")
        pending += error.context
    return out


def _undescribed_properties(node: Any, where: str = "#") -> list[str]:
    """JSON pointers of every entry of a `properties` map that has no description."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in DATA_KEYWORDS:
                continue
            if key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    if not (isinstance(sub, dict) and sub.get("description")):
                        found.append(f"{where}/properties/{name}")
            found += _undescribed_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            found += _undescribed_properties(item, f"{where}/{i}")
    return found


DELETE = object()


def _edit(payload: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of payload with each dotted path ("steps.0.status") set, or removed."""
    out = copy.deepcopy(payload)
    for dotted, value in edits.items():
        *parents, last = [int(k) if k.isdigit() else k for k in dotted.split(".")]
        node: Any = out
        for key in parents:
            node = node[key]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
    return out


# --------------------------------------------------------------------------------------------
# Example payloads, copied verbatim from the vendor documents in shared/specs.

# nemo-platform-jobs-v2-status-openapi.md, "Response".
JOBS_V2_OPENAPI_EXAMPLE: dict[str, Any] = {
    "id": "job-9f8b7c6d-1234-4e56-8a9b-0c1d2e3f4a5b",
    "name": "data-import-2024-06-01",
    "status": "active",
    "status_details": {"progress": "45%", "current_step": "validating data"},
    "error_details": {},
    "steps": [
        {
            "id": "step-1a2b3c4d-5678-4e90-b123-456789abcdef",
            "name": "extract",
            "status": "completed",
            "status_details": {"records_extracted": 15000},
            "error_details": {},
            "tasks": [
                {
                    "id": "task-abc123ef-4567-890a-bcde-f1234567890a",
                    "name": "extract-from-source",
                    "status": "completed",
                    "status_details": {"duration_seconds": 120},
                    "error_details": {},
                    "error_stack": "",
                    "created_at": "2024-06-01T08:00:00Z",
                    "updated_at": "2024-06-01T08:02:00Z",
                }
            ],
            "created_at": "2024-06-01T08:00:00Z",
            "updated_at": "2024-06-01T08:02:00Z",
        },
        {
            "id": "step-5f6e7d8c-9012-4b34-9cde-123456789abc",
            "name": "validate",
            "status": "active",
            "status_details": {"records_validated": 7000, "errors_found": 3},
            "error_details": {},
            "tasks": [
                {
                    "id": "task-def456gh-7890-1234-ijkl-mnopqrstuvwx",
                    "name": "validate-schema",
                    "status": "active",
                    "status_details": {"current_record": 7000},
                    "error_details": {},
                    "error_stack": "",
                    "created_at": "2024-06-01T08:03:00Z",
                    "updated_at": "2024-06-01T08:10:00Z",
                }
            ],
            "created_at": "2024-06-01T08:03:00Z",
            "updated_at": "2024-06-01T08:10:00Z",
        },
    ],
    "created_at": "2024-06-01T08:00:00Z",
    "updated_at": "2024-06-01T08:10:00Z",
}

_DOWNLOAD_STEP: dict[str, Any] = {
    "id": "platform-job-step-4RJTW5wSy4gHJ539EfTUif",
    "error_details": {},
    "name": "model-and-dataset-download",
    "status": "completed",
    "status_details": {"message": "Job completed successfully with exit code 0"},
    "tasks": [
        {
            "id": "platform-job-task-MBC2vcDEyv6Jw7RtFs5JDd",
            "error_details": {},
            "error_stack": "",
            "name": "task-5969b01a4b5a4bb181ba530ff51dafa6",
            "status": "completed",
            "status_details": {
                "message": "Job completed successfully with exit code 0",
                "phase": "completed",
                "total_filesets": 2,
                "completed_filesets": 1,
                "current_fileset": "default/sft-dataset",
                "fileset": "default/sft-dataset",
                "total_files": 2,
                "total_size": 2984632,
                "downloaded_files": 2,
                "downloaded_bytes": 2984632,
                "current_file": "validation.jsonl",
                "progress_pct": 100,
            },
        }
    ],
}

# nemo-customizer-job-status.md, "Active Job (Training in Progress)".
CUSTOMIZER_ACTIVE_EXAMPLE: dict[str, Any] = {
    "id": "platform-job-2k8i3i1HqJHHPVB5M6Bk9Z",
    "error_details": None,
    "name": "my-sft-job",
    "status": "active",
    "status_details": {},
    "steps": [
        _DOWNLOAD_STEP,
        {
            "id": "platform-job-step-9kme8ibxDGES4t9TZvLp4X",
            "error_details": {},
            "name": "customization-training-job",
            "status": "active",
            "status_details": {"message": "Job is running"},
            "tasks": [
                {
                    "id": "platform-job-task-SawMB6ssVZd7NCiruFVJn8",
                    "error_details": {},
                    "error_stack": "",
                    "name": "task-2249da790a574388ba02fcabd06cd338",
                    "status": "active",
                    "status_details": {
                        "message": "Job is running",
                        "phase": "training",
                        "backend": "automodel",
                        "max_steps": 94,
                        "num_epochs": 2,
                        "step": 8,
                        "epoch": 1,
                        "loss": 2.8918895721435547,
                        "lr": 4.9101714686276044e-05,
                        "grad_norm": 26.0,
                    },
                }
            ],
        },
    ],
}

# nemo-customizer-job-status.md, "Completed Job (All Steps Finished)".
CUSTOMIZER_COMPLETED_EXAMPLE: dict[str, Any] = {
    "id": "platform-job-2k8i3i1HqJHHPVB5M6Bk9Z",
    "error_details": None,
    "name": "my-sft-job",
    "status": "completed",
    "status_details": {},
    "steps": [
        _DOWNLOAD_STEP,
        {
            "id": "platform-job-step-9kme8ibxDGES4t9TZvLp4X",
            "error_details": {},
            "name": "customization-training-job",
            "status": "completed",
            "status_details": {"message": "Job completed successfully with exit code 0"},
            "tasks": [
                {
                    "id": "platform-job-task-SawMB6ssVZd7NCiruFVJn8",
                    "error_details": {},
                    "error_stack": "",
                    "name": "task-2249da790a574388ba02fcabd06cd338",
                    "status": "completed",
                    "status_details": {
                        "message": "Job completed successfully with exit code 0",
                        "phase": "processing_checkpoint",
                        "backend": "automodel",
                        "max_steps": 94,
                        "num_epochs": 2,
                        "step": 94,
                        "epoch": 2,
                        "loss": 0.3437718152999878,
                        "lr": 5.000000000000001e-07,
                        "grad_norm": 20.125,
                        "val_loss": 0.5527229905128479,
                        "checkpoint_path": "/var/run/scratch/job/training/checkpoints",
                    },
                }
            ],
        },
        {
            "id": "platform-job-step-6gkKgfT5AwyamBWNtQFA9t",
            "error_details": {},
            "name": "model-upload",
            "status": "completed",
            "status_details": {"message": "Job completed successfully with exit code 0"},
            "tasks": [
                {
                    "id": "platform-job-task-J2wt8G8X3vkUHZJCEhzYTP",
                    "error_details": {},
                    "error_stack": "",
                    "name": "task-9647899028aa44c493ce1d65a4ec8f7b",
                    "status": "completed",
                    "status_details": {
                        "message": "Job completed successfully with exit code 0",
                        "phase": "completed",
                        "total_filesets": 1,
                        "completed_filesets": 0,
                        "current_fileset": "default/customization-b5b20520fe4f",
                        "fileset": "default/customization-b5b20520fe4f",
                        "total_files": 7,
                        "total_size": 2488928480,
                        "uploaded_files": 7,
                        "uploaded_bytes": 2488928480,
                        "current_file": "model-00001-of-00001.safetensors",
                        "progress_pct": 100,
                    },
                }
            ],
        },
        {
            "id": "platform-job-step-9NmC8mrS3VtthjUSo52EiB",
            "error_details": {},
            "name": "model-entity-creation",
            "status": "completed",
            "status_details": {"message": "Job completed successfully with exit code 0"},
            "tasks": [
                {
                    "id": "platform-job-task-8Mbbz6AnZP5fQLu61aVRb",
                    "error_details": {},
                    "error_stack": "",
                    "name": "task-ab80f766085f4203b72a612f38a2c1b0",
                    "status": "completed",
                    "status_details": {"message": "Job completed successfully with exit code 0"},
                }
            ],
        },
    ],
}

# nemo-evaluator-job-details-v1-v2.md, "v1 Example Response": not JSON (// comments).
EVALUATOR_V1_EXAMPLE_TEXT = """\
{
    "created_at": "2025-03-19T22:50:15.684382",
    "updated_at": "2025-03-19T22:50:15.684385",
    "id": "eval-UVW123XYZ456",
    "namespace": "my-organization",
    "description": null,
    "target": {
        //target details
    },
    "config": {
        // config details
    },
    "result": "evaluation_result-1234ABCD5678EFGH",
    "output_files_url": "hf://datasets/evaluation-results/eval-UVW123XYZ456",
    "status_details": {
        "message": "Job completed successfully",
        "task_status": {},
        "progress": null
    },
    "status": "completed",
    "project": null,
    "custom_fields": {},
    "ownership": null
}
"""

# The same, with the // comments stripped.
EVALUATOR_V1_EXAMPLE: dict[str, Any] = {
    "created_at": "2025-03-19T22:50:15.684382",
    "updated_at": "2025-03-19T22:50:15.684385",
    "id": "eval-UVW123XYZ456",
    "namespace": "my-organization",
    "description": None,
    "target": {},
    "config": {},
    "result": "evaluation_result-1234ABCD5678EFGH",
    "output_files_url": "hf://datasets/evaluation-results/eval-UVW123XYZ456",
    "status_details": {
        "message": "Job completed successfully",
        "task_status": {},
        "progress": None,
    },
    "status": "completed",
    "project": None,
    "custom_fields": {},
    "ownership": None,
}

# nemo-evaluator-job-details-v1-v2.md, "v2 Example Response" (no name).
EVALUATOR_V2_EXAMPLE: dict[str, Any] = {
    "id": "job-dq1pjj6vj5p64xaeqgvuk4",
    "spec": {
        "config": {
            "type": "bfclv3",
            "params": {"limit_samples": 10},
            "tasks": {"task1": {"type": "simple"}},
        },
        "target": {
            "type": "model",
            "model": {
                "api_endpoint": {
                    "url": "https://nim.int.aire.nvidia.com/v1/chat/completions",
                    "model_id": "meta/llama-3.1-8b-instruct",
                    "format": "nim",
                }
            },
        },
    },
    "status": "completed",
    "status_details": {},
    "error_details": None,
    "ownership": None,
    "custom_fields": None,
    "created_at": "2025-09-08T19:20:32.655254",
    "updated_at": "2025-09-08T19:20:32.655256",
}

# nemo-evaluator-job-details-v1-v2.md, "Error Information".
EVALUATOR_V2_ERROR_EXAMPLE: dict[str, Any] = {
    "id": "job-dq1pjj6vj5p64xaeqgvuk4",
    "spec": {},
    "status": "failed",
    "error_details": {"message": "Container exited with code 1"},
}

# simplismart-training-job-get.md (progress 123 is a placeholder; no status).
SIMPLISMART_EXAMPLE: dict[str, Any] = {
    "request_id": "<string>",
    "experiment_name": "<string>",
    "created_at": "2023-11-07T05:31:56Z",
    "updated_at": "2023-11-07T05:31:56Z",
    "started_at": "2023-11-07T05:31:56Z",
    "completed_at": "2023-11-07T05:31:56Z",
    "progress": 123,
    "dataset_config": {
        "preprocessing": {
            "lazy_tokenize": True,
            "streaming": True,
            "prompt": {"system": "<string>", "max_length": 123, "template": "<string>"},
        },
        "split": {"ratios": [123]},
    },
    "model_details": {"base_model": "<string>", "quantization": {}},
    "train_config": {
        "tuner_backend": "<string>",
        "hyperparameters": {
            "num_epochs": 123,
            "per_device_train_batch_size": 123,
            "per_device_eval_batch_size": 123,
            "gradient_checkpointing": True,
            "save_steps": 123,
            "save_total_limit": 123,
            "eval_steps": 123,
            "logging_steps": 123,
            "learning_rate": 123,
            "dataloader_num_workers": 123,
        },
        "adapter_config": {"r": 123, "alpha": 123, "dropout": 123, "targets": ["<string>"]},
        "distributed": {},
    },
    "dataset_details": {
        "dataset_name": "<string>",
        "dataset_path": "<string>",
        "dataset_description": "<string>",
        "secret_id": "<string>",
        "region": "<string>",
    },
    "infra_config": {"gpu_count": 2, "infra_type": "<string>", "node_count": 2},
    "output_model_path": "<string>",
    "error_message": "<string>",
}

# tensorone-training-job-get.md (shown twice in the document, identical).
TENSORONE_EXAMPLE: dict[str, Any] = {
    "jobId": "job_train_abc123",
    "name": "Llama-2-7B Fine-tuning",
    "status": "running",
    "progress": {
        "currentEpoch": 2,
        "totalEpochs": 3,
        "currentStep": 450,
        "totalSteps": 600,
        "percentComplete": 75.0,
        "estimatedTimeRemaining": "32m",
    },
    "metrics": {
        "loss": 0.8234,
        "accuracy": 0.847,
        "validationLoss": 0.9123,
        "validationAccuracy": 0.821,
        "learningRate": 0.00008,
        "throughput": {"samplesPerSecond": 45.2, "tokensPerSecond": 2048, "stepTime": 1.8},
    },
    "resourceUsage": {
        "gpuUtilization": [98.5, 97.8],
        "memoryUsage": {"gpuMemory": [38.2, 37.9], "systemMemory": 45.6},
        "storageUsage": 127.3,
    },
    "configuration": {
        "framework": "huggingface",
        "modelConfig": {"modelType": "language_model", "baseModel": "llama-2-7b-hf"},
        "hyperparameters": {
            "learningRate": 0.0001,
            "batchSize": 16,
            "epochs": 3,
            "optimizer": "adamw",
        },
        "infrastructure": {"gpuType": "a100-40gb", "gpuCount": 2, "memory": "64GB"},
    },
    "checkpoints": [
        {
            "checkpointId": "ckpt_epoch_1",
            "epoch": 1,
            "step": 600,
            "metrics": {"loss": 1.234, "validationLoss": 1.345},
            "size": "2.3GB",
            "createdAt": "2024-01-15T16:30:00Z",
        }
    ],
    "costs": {
        "currentCost": 18.75,
        "estimatedTotalCost": 25.00,
        "costBreakdown": {"gpuCost": 16.25, "storageCost": 2.50},
    },
    "timestamps": {
        "createdAt": "2024-01-15T14:30:00Z",
        "startedAt": "2024-01-15T15:15:00Z",
        "lastUpdated": "2024-01-15T17:45:00Z",
    },
}

# (format, payload, valid, the reasons an invalid example fails: each must be among its errors)
DOC_EXAMPLES = [
    pytest.param("nemo_jobs_v2", JOBS_V2_OPENAPI_EXAMPLE, True, (), id="jobs_v2-openapi"),
    # The OpenAPI requires the timestamps that the customizer document's examples omit.
    pytest.param(
        "nemo_jobs_v2",
        CUSTOMIZER_ACTIVE_EXAMPLE,
        False,
        ("$: 'created_at' is a required property", "$.steps[0]: 'updated_at' is a required"),
        id="customizer-active",
    ),
    pytest.param(
        "nemo_jobs_v2",
        CUSTOMIZER_COMPLETED_EXAMPLE,
        False,
        ("$: 'updated_at' is a required property", "$.steps[3].tasks[0]: 'created_at' is a"),
        id="customizer-done",
    ),
    pytest.param("nemo_evaluator_v1", EVALUATOR_V1_EXAMPLE, True, (), id="evaluator_v1-stripped"),
    pytest.param(
        "nemo_evaluator_v2",
        EVALUATOR_V2_EXAMPLE,
        False,
        ("$: 'name' is a required property",),
        id="evaluator_v2-main",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        EVALUATOR_V2_ERROR_EXAMPLE,
        False,
        ("$: 'name' is a required property", "$.status: 'failed' is not one of"),
        id="evaluator_v2-error",
    ),
    pytest.param(
        "simplismart",
        SIMPLISMART_EXAMPLE,
        False,
        ("$.progress: 123 is greater than the maximum of 100",),
        id="simplismart",
    ),
    pytest.param("tensorone", TENSORONE_EXAMPLE, True, (), id="tensorone"),
]

# --------------------------------------------------------------------------------------------
# Hand-made cases, mostly small edits of the documents' examples.

# The NeMo Microservices shape of the customizer active example: job_id, no job name or
# timestamps, steps without id, tasks without name.
MS_JOB: dict[str, Any] = {
    "job_id": "platform-job-2k8i3i1HqJHHPVB5M6Bk9Z",
    "status": "active",
    "status_details": {},
    "error_details": {},
    "steps": [
        {
            "name": "model-and-dataset-download",
            "status": "completed",
            "status_details": {"message": "Job completed successfully with exit code 0"},
            "error_details": {},
            "tasks": [
                {
                    "id": "platform-job-task-MBC2vcDEyv6Jw7RtFs5JDd",
                    "status": "completed",
                    "status_details": {"phase": "completed", "progress_pct": 100},
                    "error_details": {},
                    "error_stack": "",
                }
            ],
        },
        {
            "name": "training",
            "status": "active",
            "status_details": {"message": "Job is running"},
            "error_details": {},
            "tasks": [
                {
                    "id": "platform-job-task-SawMB6ssVZd7NCiruFVJn8",
                    "status": "active",
                    "status_details": {
                        "phase": "training",
                        "step": 8,
                        "max_steps": 94,
                        "epoch": 1,
                        "percentage_done": 8,
                        "train_loss": 2.89,
                        "metrics": {"train_loss": [{"step": 8, "epoch": 1, "value": 2.89}]},
                    },
                    "error_details": {},
                    "error_stack": None,
                }
            ],
        },
    ],
}


def _stamped(payload: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a Jobs v2 payload with the timestamps the OpenAPI requires on every
    node (the customizer document's examples have none)."""
    stamps = {"created_at": "2025-05-01T10:00:00Z", "updated_at": "2025-05-01T10:05:00Z"}
    out = {**copy.deepcopy(payload), **stamps}
    for step in out["steps"]:
        step.update(stamps)
        for task in step["tasks"]:
            task.update(stamps)
    return out


J = JOBS_V2_OPENAPI_EXAMPLE
C = _stamped(CUSTOMIZER_ACTIVE_EXAMPLE)
TRAIN = "steps.1.tasks.0.status_details"  # the training task's details in C
E1 = EVALUATOR_V1_EXAMPLE
E2 = _edit(EVALUATOR_V2_EXAMPLE, {"name": "bfcl-eval"})
S = _edit(SIMPLISMART_EXAMPLE, {"progress": 50, "status": "RUNNING"})
T = TENSORONE_EXAMPLE
ETA = "progress.estimatedTimeRemaining"
SIZE = "checkpoints.0.size"

ACCEPTS = [
    # nemo_jobs_v2
    pytest.param("nemo_jobs_v2", _edit(J, {"vendor_extra": {"a": 1}}), id="v2-extra-prop"),
    pytest.param("nemo_jobs_v2", _edit(J, {"steps.0.tasks.0.new": 1}), id="v2-task-extra-prop"),
    pytest.param("nemo_jobs_v2", _edit(J, {"error_details": None}), id="v2-job-error-null"),
    pytest.param("nemo_jobs_v2", _edit(J, {"status": "created", "steps": []}), id="v2-no-steps"),
    pytest.param("nemo_jobs_v2", _edit(J, {"steps.1.tasks": []}), id="v2-step-no-tasks"),
    pytest.param(
        "nemo_jobs_v2", _edit(J, {"steps.0.tasks.0.error_stack": None}), id="v2-stack-null"
    ),
    pytest.param(
        "nemo_jobs_v2",
        {
            "id": "job-1",
            "name": "j",
            "status": "pending",
            "status_details": {},
            "error_details": None,
            "steps": [],
            "created_at": "2025-05-01T10:00:00Z",
            "updated_at": "2025-05-01T10:00:00Z",
        },
        id="v2-only-required",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(
            C,
            {
                "status": "error",
                "error_details": {"message": "Training failed", "error": "Traceback ..."},
                "steps.1.status": "error",
                "steps.1.tasks.0.status": "error",
                "steps.1.tasks.0.error_details": {"message": "CUDA out of memory"},
                "steps.1.tasks.0.error_stack": "Traceback (most recent call last): ...",
            },
        ),
        id="v2-failed-job",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(
            C,
            {
                f"{TRAIN}.percentage_done": 8,
                f"{TRAIN}.train_loss": 2.89,
                f"{TRAIN}.val_accuracy": 0.5,
                f"{TRAIN}.metrics": {"train_loss": [{"step": 8, "epoch": 1, "value": 2.89}]},
                "status_details": {"phase": "training", "step": 8, "percentage_done": 8},
            },
        ),
        id="v2-released-metric-names",
    ),
    # nemo_ms_jobs
    pytest.param("nemo_ms_jobs", MS_JOB, id="ms-job"),
    pytest.param("nemo_ms_jobs", _edit(MS_JOB, {"error_details": None}), id="ms-job-error-null"),
    pytest.param("nemo_ms_jobs", _edit(MS_JOB, {"steps": [], "extra": 1}), id="ms-no-steps"),
    # nemo_evaluator_v1
    pytest.param("nemo_evaluator_v1", _edit(E1, {"status": "ready"}), id="v1-ready"),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(
            E1,
            {
                "status": "running",
                "result": None,
                "status_details": {
                    "message": "Evaluating",
                    "progress": 42.5,
                    "samples_processed": 10,
                    "task_status": {"mmlu": "running", "gsm8k": "completed"},
                },
            },
        ),
        id="v1-running",
    ),
    pytest.param("nemo_evaluator_v1", _edit(E1, {"status_details": None}), id="v1-details-null"),
    # The SDK's EvaluationJob: status optional; EvaluationStatusDetails: every field nullable.
    pytest.param("nemo_evaluator_v1", _edit(E1, {"status": DELETE}), id="v1-no-status"),
    pytest.param("nemo_evaluator_v1", _edit(E1, {"status": None}), id="v1-null-status"),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(
            E1,
            {
                "status_details": {
                    "message": None,
                    "progress": None,
                    "samples_processed": None,
                    "task_status": None,
                }
            },
        ),
        id="v1-null-details-fields",
    ),
    pytest.param("nemo_evaluator_v1", _edit(E1, {"vendor_extra": True}), id="v1-extra-prop"),
    # nemo_evaluator_v2
    pytest.param("nemo_evaluator_v2", E2, id="v2eval-with-name"),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"status": "error", "error_details": {"message": "Container exited"}}),
        id="v2eval-error",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"spec.config": "default/bfcl", "status_details": None, "extra": 1}),
        id="v2eval-config-ref",
    ),
    # The SDK's EvaluatorV2Job: status optional, so absent or null.
    pytest.param(
        "nemo_evaluator_v2",
        {"id": "job-1", "name": "nightly", "spec": {"config": "ns/cfg", "target": "ns/tgt"}},
        id="v2eval-no-status",
    ),
    pytest.param("nemo_evaluator_v2", _edit(E2, {"status": None}), id="v2eval-null-status"),
    # simplismart
    pytest.param("simplismart", S, id="ss-example-fixed"),
    pytest.param("simplismart", {}, id="ss-nothing-required"),
    pytest.param(
        "simplismart",
        _edit(S, {"status": "CANCELED", "completed_at": None, "error_message": None}),
        id="ss-nulls",
    ),
    pytest.param("simplismart", _edit(S, {"vendor_extra": [1]}), id="ss-extra-prop"),
    # tensorone
    pytest.param("tensorone", _edit(T, {"metrics": DELETE}), id="t1-no-metrics"),
    pytest.param("tensorone", _edit(T, {"logs": [{"line": "step 450"}]}), id="t1-logs"),
    pytest.param("tensorone", _edit(T, {ETA: "1h 5m", SIZE: "512MB"}), id="t1-1h-5m"),
    pytest.param("tensorone", _edit(T, {ETA: "45s", SIZE: "1TB"}), id="t1-45s"),
    pytest.param("tensorone", _edit(T, {ETA: "2d 3h", "status": "paused"}), id="t1-2d-3h"),
    pytest.param("tensorone", _edit(T, {"vendor_extra": {}}), id="t1-extra-prop"),
]

REJECTS = [
    # nemo_jobs_v2
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"status": "running"}),
        "$.status: 'running' is not one of",
        id="v2-status",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"steps.0.tasks.0.status": "failed"}),
        "$.steps[0].tasks[0].status: 'failed' is not one of",
        id="v2-task-status",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"name": DELETE}),
        "$: 'name' is a required property",
        id="v2-no-name",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"steps.0.tasks": DELETE}),
        "$.steps[0]: 'tasks' is a required property",
        id="v2-no-tasks",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"steps.0.tasks.0.id": DELETE}),
        "$.steps[0].tasks[0]: 'id' is a required property",
        id="v2-no-task-id",
    ),
    pytest.param(
        "nemo_jobs_v2", _edit(J, {"id": 123}), "$.id: 123 is not of type 'string'", id="v2-id-int"
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"steps": {}}),
        "$.steps: {} is not of type 'array'",
        id="v2-steps-obj",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"error_details": "boom"}),
        "$.error_details: 'boom' is not valid under any of the given schemas",
        id="v2-error-str",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(J, {"steps.0.error_details": None}),
        "$.steps[0].error_details: None is not of type 'object'",
        id="v2-step-error-null",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(C, {f"{TRAIN}.percentage_done": 101}),
        "percentage_done: 101 is greater than the maximum of 100",
        id="v2-percent-101",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(C, {"steps.0.tasks.0.status_details.progress_pct": -1}),
        "progress_pct: -1 is less than the minimum of 0",
        id="v2-progress-pct-neg",
    ),
    pytest.param(
        "nemo_jobs_v2",
        _edit(C, {f"{TRAIN}.max_steps": 94.5}),
        "max_steps: 94.5 is not of type 'integer'",
        id="v2-max-steps-float",
    ),
    pytest.param("nemo_jobs_v2", MS_JOB, "$: 'id' is a required property", id="v2-ms-shape"),
    # nemo_ms_jobs
    pytest.param("nemo_ms_jobs", J, "$: 'job_id' is a required property", id="ms-v2-shape"),
    pytest.param(
        "nemo_ms_jobs",
        _edit(MS_JOB, {"status": "running"}),
        "$.status: 'running' is not one of",
        id="ms-status",
    ),
    pytest.param(
        "nemo_ms_jobs",
        _edit(MS_JOB, {"steps.0.tasks.0.status_details.progress_pct": 101}),
        "progress_pct: 101 is greater than the maximum of 100",
        id="ms-percent-101",
    ),
    pytest.param(
        "nemo_ms_jobs",
        _edit(MS_JOB, {"steps.1.tasks.0.status": DELETE}),
        "$.steps[1].tasks[0]: 'status' is a required property",
        id="ms-no-task-status",
    ),
    pytest.param(
        "nemo_ms_jobs",
        _edit(MS_JOB, {"steps.0.tasks": "none"}),
        "$.steps[0].tasks: 'none' is not of type 'array'",
        id="ms-tasks-str",
    ),
    # nemo_evaluator_v1
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"status": "active"}),
        "$.status: 'active' is not one of",
        id="v1-status",
    ),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"status_details.progress": 101}),
        "$.status_details.progress: 101 is greater than the maximum of 100",
        id="v1-percent-101",
    ),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"status_details.samples_processed": -1}),
        "samples_processed: -1 is less than the minimum of 0",
        id="v1-samples-neg",
    ),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"status_details.samples_processed": 1.5}),
        "samples_processed: 1.5 is not of type 'integer'",
        id="v1-samples-float",
    ),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"status_details.task_status": {"mmlu": "active"}}),
        "task_status.mmlu: 'active' is not one of",
        id="v1-task-status",
    ),
    pytest.param(
        "nemo_evaluator_v1",
        _edit(E1, {"config": DELETE}),
        "$: 'config' is a required property",
        id="v1-no-config",
    ),
    pytest.param(
        "nemo_evaluator_v1", _edit(E1, {"id": 5}), "$.id: 5 is not of type 'string'", id="v1-id-int"
    ),
    # nemo_evaluator_v2
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"status": "running"}),
        "$.status: 'running' is not one of",
        id="v2eval-running",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"status": "failed"}),
        "$.status: 'failed' is not one of",
        id="v2eval-failed",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"spec.target": DELETE}),
        "$.spec: 'target' is a required property",
        id="v2eval-no-target",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"spec": "x"}),
        "$.spec: 'x' is not of type 'object'",
        id="v2eval-spec-str",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"name": 1}),
        "$.name: 1 is not of type 'string'",
        id="v2eval-name-int",
    ),
    pytest.param(
        "nemo_evaluator_v2",
        _edit(E2, {"status_details": "done"}),
        "$.status_details: 'done' is not of type 'object', 'null'",
        id="v2eval-details-str",
    ),
    # simplismart
    pytest.param(
        "simplismart",
        _edit(S, {"progress": 101}),
        "$.progress: 101 is greater than the maximum of 100",
        id="ss-percent-101",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"progress": -1}),
        "$.progress: -1 is less than the minimum of 0",
        id="ss-percent-neg",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"progress": "50"}),
        "$.progress: '50' is not of type 'number'",
        id="ss-progress-str",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"status": "CANCELLED"}),
        "$.status: 'CANCELLED' is not one of",
        id="ss-two-ls",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"status": "running"}),
        "$.status: 'running' is not one of",
        id="ss-lower",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"infra_config.gpu_count": -1}),
        "$.infra_config.gpu_count: -1 is less than the minimum of 0",
        id="ss-gpus-neg",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"infra_config.node_count": 1.5}),
        "$.infra_config.node_count: 1.5 is not of type 'integer'",
        id="ss-nodes-float",
    ),
    pytest.param(
        "simplismart",
        _edit(S, {"created_at": None}),
        "$.created_at: None is not of type 'string'",
        id="ss-created-null",
    ),
    # tensorone
    pytest.param(
        "tensorone",
        _edit(T, {"status": "canceled"}),
        "$.status: 'canceled' is not one of",
        id="t1-one-l",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"progress.percentComplete": 101}),
        "$.progress.percentComplete: 101 is greater than the maximum of 100",
        id="t1-percent-101",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"resourceUsage.gpuUtilization": [98.5, 101]}),
        "$.resourceUsage.gpuUtilization[1]: 101 is greater than the maximum of 100",
        id="t1-gpu-101",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"progress.currentEpoch": -1}),
        "$.progress.currentEpoch: -1 is less than the minimum of 0",
        id="t1-epoch-neg",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"progress.totalSteps": 600.5}),
        "$.progress.totalSteps: 600.5 is not of type 'integer'",
        id="t1-steps-float",
    ),
    pytest.param(
        "tensorone", _edit(T, {ETA: "32 minutes"}), "'32 minutes' does not match", id="t1-eta-words"
    ),
    pytest.param(
        "tensorone", _edit(T, {ETA: "5m 1h"}), "'5m 1h' does not match", id="t1-eta-order"
    ),
    pytest.param(
        "tensorone", _edit(T, {ETA: "1h5m"}), "'1h5m' does not match", id="t1-eta-no-space"
    ),
    pytest.param(
        "tensorone",
        _edit(T, {SIZE: "2.3 gigabytes"}),
        "'2.3 gigabytes' does not match",
        id="t1-size",
    ),
    pytest.param(
        "tensorone", _edit(T, {"jobId": DELETE}), "$: 'jobId' is a required property", id="t1-no-id"
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"status": DELETE}),
        "$: 'status' is a required property",
        id="t1-no-status",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"costs.currentCost": -1}),
        "$.costs.currentCost: -1 is less than the minimum of 0",
        id="t1-cost-neg",
    ),
    pytest.param(
        "tensorone",
        _edit(T, {"resourceUsage.memoryUsage.gpuMemory": [-1]}),
        "$.resourceUsage.memoryUsage.gpuMemory[0]: -1 is less than the minimum of 0",
        id="t1-gpu-mem-neg",
    ),
]


# --------------------------------------------------------------------------------------------
# Tests.


def test_every_format_has_a_schema() -> None:
    assert set(STATUS_ENUMS) <= {_format_name(p) for p in SCHEMA_FILES}


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_format_name)
def test_schema_is_valid_2020_12(path: Path) -> None:
    Draft202012Validator.check_schema(_load(path))


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_format_name)
def test_schema_is_documented(path: Path) -> None:
    schema = _load(path)
    assert schema.get("$id") == f"urn:jobstatus:schema:{_format_name(path)}"
    assert schema.get("title")
    assert _undescribed_properties(schema) == []


@pytest.mark.parametrize(("fmt", "values"), STATUS_ENUMS.items())
def test_status_is_a_closed_enum_in_defs(fmt: str, values: list[str]) -> None:
    schema = _load(SCHEMA_DIR / f"{fmt}.schema.json")
    status = schema["properties"]["status"]
    # Evaluator jobs may have a null status (the SDK's models): the enum, or null.
    assert status.get("$ref") == "#/$defs/status" or status["anyOf"] == [
        {"$ref": "#/$defs/status"},
        {"type": "null"},
    ]
    assert schema["$defs"]["status"]["enum"] == values


def test_no_schema_closes_objects() -> None:
    """Vendors add fields: no vendor schema may forbid unknown properties. (The canonical
    schema, generated from the model, does: the canonical form is jobstatus's own.)"""
    for path in (p for p in SCHEMA_FILES if _format_name(p) != "canonical"):
        assert '"additionalProperties": false' not in path.read_text(encoding="utf-8"), path.name


def test_evaluator_v1_document_example_is_not_json() -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(EVALUATOR_V1_EXAMPLE_TEXT)
    stripped = re.sub(r"^\s*//.*$", "", EVALUATOR_V1_EXAMPLE_TEXT, flags=re.MULTILINE)
    assert json.loads(stripped) == EVALUATOR_V1_EXAMPLE


def test_simplismart_requires_nothing() -> None:
    """The vendor marks no response field required (see the schema's $comment)."""
    assert "required" not in _load(SCHEMA_DIR / "simplismart.schema.json")


@pytest.mark.parametrize(("fmt", "payload", "valid", "because"), DOC_EXAMPLES)
def test_document_example(
    fmt: str, payload: dict[str, Any], valid: bool, because: tuple[str, ...]
) -> None:
    errors = _errors(fmt, payload)
    assert (errors == []) is valid, errors
    for reason in because:
        assert any(reason in e for e in errors), (reason, errors)


@pytest.mark.parametrize(("fmt", "payload"), ACCEPTS)
def test_accepts(fmt: str, payload: dict[str, Any]) -> None:
    assert _errors(fmt, payload) == []


@pytest.mark.parametrize(("fmt", "payload", "because"), REJECTS)
def test_rejects(fmt: str, payload: dict[str, Any], because: str) -> None:
    errors = _errors(fmt, payload)
    assert any(because in e for e in errors), errors
