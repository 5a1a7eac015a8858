"""Rows shared by the NeMo Evaluator formats: the status details of an evaluation job."""

from __future__ import annotations

from ..authoring import COUNT, PERCENT_TEXT, STRING, field

D = "status_details"

DETAILS = (
    field("message", f"{D}.message", codec=STRING),
    field("progress.percent", f"{D}.progress", codec=PERCENT_TEXT),
    field("progress.samples", f"{D}.samples_processed", codec=COUNT),
)

__all__ = ["DETAILS"]
