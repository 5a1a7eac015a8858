"""Progress a vendor does not report, derived from what it does report.

Works on the engine's intermediate dicts (before models are built). A derived percent is
marked ``percent_derived`` so that rendering never writes it back as if the vendor had.
"""

from __future__ import annotations

from typing import Any

from ..status import Status

_COUNTERS = (("step", "total_steps"), ("bytes", "total_bytes"), ("files", "total_files"))
_TRAINING = ("step", "total_steps", "epoch", "total_epochs")


def fill(node: dict[str, Any], reporting: list[dict[str, Any]]) -> None:
    """Fill ``node``'s progress and metrics from its ``reporting`` children (those with
    progress or metrics of their own, or derived from their children), then percent from
    counters.

    The children's progress describes the node only through its principal child: the one
    doing the training if any (it is the bulk of the work; a finished download at 100% says
    nothing of the job), else the first one still running, else the last one reporting.
    """
    progress: dict[str, Any] = node.get("progress") or {}
    if reporting:
        principal = _principal(reporting)
        if not progress and principal.get("progress"):
            progress = dict(principal["progress"])
            if progress.get("percent") is not None:
                progress["percent_derived"] = True
        if not node.get("metrics") and principal.get("metrics"):
            node["metrics"] = principal["metrics"]
    if not progress:  # the common case of a node reporting nothing
        return
    if progress.get("percent") is None:
        for done, total in _COUNTERS:
            if progress.get(done) is not None and progress.get(total):
                # Compared first: a count past the float range over a small total overflows.
                part, whole = progress[done], progress[total]
                ratio = 1.0 if part >= whole else part / whole
                progress["percent"] = round(100 * ratio, 2)
                progress["percent_derived"] = True
                break
    node["progress"] = progress


def _principal(kids: list[dict[str, Any]]) -> dict[str, Any]:
    for kid in kids:
        progress = kid.get("progress")
        if progress:
            for key in _TRAINING:
                if progress.get(key) is not None:
                    return kid
    for kid in kids:
        status = kid.get("status", Status.unknown)
        if not status.is_terminal:
            return kid
    return kids[-1]
