"""The rich view of a job, for ``jobstatus show`` (rich must be installed: the ``cli`` extra).

It says what the plain view (:func:`jobstatus._show.plain`) says, in the same order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._show import _BAR, _label_parts, clip, colour_of, counters, metric_items, title
from .model import Job, Step, Task

if TYPE_CHECKING:
    from rich.console import RenderableType


def rich_view(job: Job) -> RenderableType:
    """The job as a rich renderable (rich must be installed: the ``cli`` extra)."""
    from rich.console import Group
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    parts: list[RenderableType] = []
    style = colour_of(job.status)
    parts.append(Text.assemble((title(job), "bold"), "  ", (job.status.value, f"bold {style}")))
    where = " · ".join(x for x in (job.format, job.id if job.name else None) if x)
    if where:
        parts.append(Text(where, style="dim"))
    if job.message:
        parts.append(Text(clip(job.message)))
    if job.error and job.error.message:
        parts.append(Text(clip(job.error.message), style="red"))
    percent = job.progress.percent
    if percent is not None:
        row = Table.grid(padding=(0, 1))
        bar = ProgressBar(total=100, completed=percent, width=_BAR, complete_style=style)
        row.add_row(bar, Text(f"{percent:5.1f}%"))
        parts.append(row)
    if found := counters(job.progress):
        parts.append(Text(" · ".join(found)))
    if items := metric_items(job.metrics):
        parts.append(Text.assemble(("metrics: ", "bold"), " · ".join(items)))
    if job.steps:
        tree = Tree(Text("steps", style="bold"))
        for step in job.steps:
            branch = tree.add(_rich_label(step))
            for task in step.tasks:
                branch.add(_rich_label(task))
        parts.append(tree)
    if job.issues:
        parts.append(Text("issues", style="bold"))
        for issue in job.issues:
            tone = {"error": "red", "warning": "yellow"}.get(issue.severity, "dim")
            parts.append(Text.assemble("  ", (f"[{issue.severity}]", tone), f" {clip(str(issue))}"))
    return Group(*parts)


def _rich_label(node: Step | Task) -> Any:
    from rich.text import Text

    status = (node.status.value, colour_of(node.status))
    label = Text.assemble(title(node), "  ", status, *(f"  {part}" for part in _label_parts(node)))
    label.no_wrap, label.overflow = True, "ellipsis"  # one line per node, as in a tree view
    return label


__all__ = ["rich_view"]
