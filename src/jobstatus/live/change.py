"""What differs between two snapshots of one job, as typed :class:`Change` objects.

The diff walks the model itself, so a field added to the model is diffed with no change
here. Blocks of scalars (progress, metrics, resources, cost, outputs, the error) are
compared field by field; maps, series and lists of records (``metrics.other``,
``metrics.history``, ``checkpoints``, ``extensions``, ``issues``) as whole values; steps
and tasks position by position, a node whose ``id`` and ``name`` differ counting as one
removed and another added. :func:`apply` replays changes onto the earlier snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel

from ..errors import Issue
from ..model import Checkpoint, Job, MetricPoint, Step, Task
from ..status import Status, can_transition

Kind = Literal[
    "status",
    "vendor_status",
    "identity",
    "message",
    "error",
    "timestamp",
    "progress",
    "metrics",
    "resources",
    "cost",
    "checkpoints",
    "outputs",
    "extensions",
    "issues",
    "step_added",
    "step_removed",
    "task_added",
    "task_removed",
]
"""What a change is about.

- ``status``: a node's canonical status (``allowed`` says whether the transition graph
  permits it); ``vendor_status``: the vendor's spelling of it.
- ``identity``: a node's ``id`` or ``name``, or the job's ``format`` or ``base_model``.
- ``message``, ``error``, ``timestamp`` (``created_at``, ``updated_at``, ``started_at``,
  ``completed_at``), ``progress``, ``metrics``, ``resources``, ``cost``, ``checkpoints``,
  ``outputs``: the node field of that name (one change per field of a block).
- ``extensions``: vendor fields the model does not map; ``issues``: what reading found.
- ``step_added`` / ``step_removed`` / ``task_added`` / ``task_removed``: a whole node.
"""

Key = str | int

_KINDS: dict[str, Kind] = {
    "id": "identity",
    "name": "identity",
    "format": "identity",
    "base_model": "identity",
    "status": "status",
    "vendor_status": "vendor_status",
    "message": "message",
    "error": "error",
    "created_at": "timestamp",
    "updated_at": "timestamp",
    "started_at": "timestamp",
    "completed_at": "timestamp",
    "progress": "progress",
    "metrics": "metrics",
    "resources": "resources",
    "cost": "cost",
    "checkpoints": "checkpoints",
    "outputs": "outputs",
    "extensions": "extensions",
    "issues": "issues",
}
# Node lists: the field, and the kinds of a node added to or removed from it.
_NODES: dict[str, tuple[Kind, Kind]] = {
    "steps": ("step_added", "step_removed"),
    "tasks": ("task_added", "task_removed"),
}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
# How a node field is diffed: field by field, as a list of nodes, as a status, or whole.
_RECORD_FIELDS = frozenset({"issues", "checkpoints", "history"})
_BLOCK, _LIST, _RECORDS, _STATUS, _WHOLE_VALUE = "block", "list", "records", "status", "whole"
_HOW = {
    **dict.fromkeys(("progress", "metrics", "resources", "cost", "outputs", "error"), _BLOCK),
    **dict.fromkeys(_NODES, _LIST),
    **dict.fromkeys(_RECORD_FIELDS, _RECORDS),
    "status": _STATUS,
}


@lru_cache(maxsize=4096)  # the same few paths, snapshot after snapshot
def json_path(keys: tuple[Key, ...]) -> str:
    """The canonical JSON path of ``keys``: ``$.steps[1].status``, ``$.metrics.other['a b']``.

    Examples:
        >>> json_path(("steps", 1, "status"))
        '$.steps[1].status'
    """
    parts = ["$"]
    for key in keys:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        elif _NAME.match(key):
            parts.append(f".{key}")
        else:
            parts.append(f"[{key!r}]")
    return "".join(parts)


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots of a job.

    Attributes:
        kind: what the change is about (see :data:`Kind`).
        path: the canonical JSON path of the value, e.g. ``$.steps[1].status``.
        before: the earlier value (``None`` when there was none).
        after: the later value (``None`` when there is none now).
        allowed: for a ``status`` change, whether the transition graph permits it
            (:func:`jobstatus.can_transition`); ``None`` for every other kind.
        keys: ``path`` as keys, for code that follows it (``("steps", 1, "status")``).

    Examples:
        >>> from jobstatus import Job, Status, changes
        >>> changes(Job(status=Status.succeeded), Job(status=Status.running))[0]
        Change(kind='status', path='$.status', before=<Status.succeeded: 'succeeded'>, \
after=<Status.running: 'running'>, allowed=False)
    """

    kind: Kind
    path: str
    before: Any
    after: Any
    allowed: bool | None = None
    keys: tuple[Key, ...] = field(default=(), repr=False, compare=False)

    def __str__(self) -> str:
        flag = " (not an allowed transition)" if self.allowed is False else ""
        return f"{self.path}: {_short(self.before)} -> {_short(self.after)}{flag}"

    def to_json(self) -> dict[str, Any]:
        """The change as JSON-ready values (models become their canonical JSON)."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "before": _jsonable(self.before),
            "after": _jsonable(self.after),
        }
        if self.allowed is not None:
            out["allowed"] = self.allowed
        return out


def _change(
    kind: Kind, keys: tuple[Key, ...], before: Any, after: Any, allowed: bool | None = None
) -> Change:
    # What the frozen dataclass's __init__ does (one object.__setattr__ per field), at a
    # fifth of the cost: a tracker makes a few of these per snapshot.
    change = _NEW(Change)
    change.__dict__.update(
        kind=kind, path=json_path(keys), before=before, after=after, allowed=allowed, keys=keys
    )
    return change


_NEW = object.__new__


def changes(before: Job | None, after: Job) -> tuple[Change, ...]:
    """What changed from snapshot ``before`` to snapshot ``after`` of one job.

    With ``before=None`` (the first snapshot), every field ``after`` sets differently from
    an empty :class:`~jobstatus.Job` is a change. Two equal snapshots give ``()``.

    Examples:
        >>> from jobstatus import Job, Progress, Status, changes
        >>> a = Job(status=Status.running, progress=Progress(percent=10))
        >>> b = Job(status=Status.running, progress=Progress(percent=20))
        >>> [str(c) for c in changes(a, b)]
        ['$.progress.percent: 10.0 -> 20.0']
        >>> changes(b, b)
        ()
    """
    if before is None:
        before = _EMPTY
    if before is after:
        return ()
    found: list[Change] = []
    _diff_node(before, after, (), found)
    return tuple(found)


def apply(job: Job | None, found: Iterable[Change]) -> Job:
    """``job`` with ``found`` applied: ``apply(a, changes(a, b)) == b``.

    Changes are applied in order, each by its ``keys``; a node list change (``step_added``,
    ``step_removed``, ...) sets or clears one position.

    Examples:
        >>> from jobstatus import Job, Status, changes
        >>> a, b = Job(status=Status.queued), Job(status=Status.running, id="j")
        >>> apply(a, changes(a, b)) == b
        True
    """
    data = _thaw(job if job is not None else _EMPTY)
    for change in found:
        *parents, last = change.keys
        node = data
        for key in parents:
            node = node[key]
        if change.kind.endswith("_removed"):
            node[last] = _GONE
        elif isinstance(last, int) and last >= len(node):
            node.extend([_GONE] * (last - len(node)))
            node.append(_thaw(change.after))
        else:
            node[last] = _thaw(change.after)
    return Job.model_validate(_freeze(data))


# -- diffing --------------------------------------------------------------------------------


def _diff_node(
    a: Job | Step | Task, b: Job | Step | Task, at: tuple[Key, ...], out: list[Change]
) -> None:
    # Compared through __dict__, not the models' __eq__: a snapshot differs from the last
    # in a field or two, and pydantic's __eq__ costs several times a dict comparison.
    mine = a.__dict__
    for name, value in b.__dict__.items():
        old = mine[name]
        if old is value:
            continue
        how = _HOW.get(name, _WHOLE_VALUE)
        if how is _WHOLE_VALUE:
            if old != value:
                out.append(_change(_KINDS[name], (*at, name), old, value))
        elif how is _BLOCK:
            if old is None or value is None:
                out.append(_change(_KINDS[name], (*at, name), old, value))
            elif old.__dict__ != value.__dict__:
                _diff_block(_KINDS[name], old, value, (*at, name), out)
        elif how is _STATUS:
            if old is not value:
                out.append(_change("status", (*at, name), old, value, can_transition(old, value)))
        elif how is _LIST:
            # Each node is walked once: comparing whole nodes first would compare their
            # tasks again on the way down.
            _diff_nodes(old, value, (*at, name), _NODES[name], out)
        elif not _same_records(old, value):
            out.append(_change(_KINDS[name], (*at, name), old, value))


def _diff_block(
    kind: Kind, a: BaseModel, b: BaseModel, at: tuple[Key, ...], out: list[Change]
) -> None:
    mine = a.__dict__
    # A comprehension, not a loop of appends: a block holds a dozen fields, and a
    # snapshot changes one or two of them.
    differ = [
        (name, mine[name], value)
        for name, value in b.__dict__.items()
        if value is not mine[name]
        and (
            not _same_records(mine[name], value) if name in _RECORD_FIELDS else mine[name] != value
        )
    ]
    out.extend(_change(kind, (*at, name), old, value) for name, old, value in differ)


def _same_records(a: tuple[BaseModel, ...], b: tuple[BaseModel, ...]) -> bool:
    """Two tuples of models, compared through their ``__dict__``s."""
    return len(a) == len(b) and all(
        x is y or x.__dict__ == y.__dict__ for x, y in zip(a, b, strict=True)
    )


def _diff_nodes(
    a: tuple[Step | Task, ...],
    b: tuple[Step | Task, ...],
    at: tuple[Key, ...],
    kinds: tuple[Kind, Kind],
    out: list[Change],
) -> None:
    added, removed = kinds
    for index in range(max(len(a), len(b))):
        where = (*at, index)
        old = a[index] if index < len(a) else None
        new = b[index] if index < len(b) else None
        if old is not None and new is not None:
            if old is new:
                continue
            if old.id == new.id and old.name == new.name:
                _diff_node(old, new, where, out)
                continue
        if old is not None:
            out.append(_change(removed, where, old, None))
        if new is not None:
            out.append(_change(added, where, None, new))


# -- applying -------------------------------------------------------------------------------


class _Gone:
    """A node list position whose node was removed."""


class _Fields(dict[str, Any]):
    """A model's fields, thawed to be edited."""


class _Nodes(list[Any]):
    """A list of steps or tasks, thawed to be edited."""


_GONE = _Gone()
_EMPTY = Job()


def _thaw(value: Any) -> Any:
    # Only what the diff goes into is thawed: a node, a block, a list of nodes. Every other
    # value (a map, a series, an issue) is replaced whole, so it is kept as it is.
    if isinstance(value, BaseModel) and not isinstance(value, _WHOLE):
        return _Fields(
            (name, _Nodes(map(_thaw, item)) if name in _NODES else _thaw(item))
            for name, item in value.__dict__.items()
        )
    return value


_WHOLE = (Issue, MetricPoint, Checkpoint)


def _freeze(value: Any) -> Any:
    if isinstance(value, _Nodes):
        return tuple(_freeze(item) for item in value if item is not _GONE)
    if isinstance(value, _Fields):
        return {name: _freeze(item) for name, item in value.items()}
    return value


def _short(value: Any) -> str:
    if isinstance(value, Status):
        return str(value.value)
    if isinstance(value, (Step, Task)):
        return (
            f"{type(value).__name__.lower()} {value.name or value.id or ''} ({value.status.value})"
        )
    if isinstance(value, BaseModel):
        return type(value).__name__
    if isinstance(value, datetime):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, Status):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


__all__ = ["Change", "Kind", "apply", "changes", "json_path"]
