"""What writing a job in a format loses, found by reading the written payload back.

Nothing here knows a vendor. The job is rendered, the payload is parsed again by the same
format, and the two jobs are compared field by field; every canonical value that did not
come back the same is a loss, located by its canonical JSON path
(``$.steps[1].tasks[0].metrics.loss``). What is not information is not compared: where
the job came from (``format``), what reading it found (``issues``), whether a percent was
derived, the vendor's spelling of a status that came back the same, and the spelling of
numbers and instants (models compare ``75`` and ``75.0``, and aware datetimes by instant).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ._engine.paths import child, empty
from ._quote import cut, describe
from .errors import Issue
from .model import Job, Step, Task
from .status import Status

if TYPE_CHECKING:
    from .registry import FormatAdapter

Node = Job | Step | Task

# Compared on their own (status, extensions, the children), or not information at all.
_SKIPPED = frozenset(
    {"format", "issues", "percent_derived", "status", "vendor_status", "extensions"}
)
_CHILDREN = ("steps", "tasks")


def compare(job: Job, back: Job, fmt: str, adapter: FormatAdapter) -> list[Issue]:
    """Every difference between ``job`` and ``back`` (``job`` written as ``fmt`` and read
    back), as issues of code ``loss``, in the order of the job's fields.

    A value ``back`` has and ``job`` lacks is reported only when it is a node's own
    scalar (an id, a name, a message, a timestamp): that is where a format writes a
    default for a field it requires. Elsewhere it is a view the format derives from the
    job's children (a job's progress and metrics from its steps, checkpoints from its
    tasks), which carries no information of its own.
    """
    native = job.format is not None and job.format in (fmt, *adapter.compatible)
    comparison = _Comparison(fmt, adapter, native, own=job.format == fmt)
    comparison.node(job, back, "$", 0)
    return comparison.found


class _Comparison:
    def __init__(self, fmt: str, adapter: FormatAdapter, native: bool, own: bool = False) -> None:
        self.fmt = fmt
        self.adapter = adapter
        self.native = native
        self.own = own
        self.found: list[Issue] = []

    def loss(self, path: str, message: str) -> None:
        self.found.append(Issue(path=path, code="loss", message=message, severity="warning"))

    # -- nodes -----------------------------------------------------------------------

    def node(self, a: Node, b: Node, path: str, level: int) -> None:
        if a.status is not b.status:
            self.status(a, b, path, level)
        for name in type(a).model_fields:
            if name in _SKIPPED:
                continue
            mine, theirs = getattr(a, name), getattr(b, name, None)
            where = child(path, name)
            if name in _CHILDREN:
                self.children(mine, theirs or (), where, name, level + 1)
            elif isinstance(mine, (BaseModel, tuple, dict)):
                self.value(mine, theirs, where, name)
            elif mine is None and theirs is not None:
                self.loss(where, f"{name} is not set; {self.fmt} wrote {_show(theirs)}")
            else:
                self.value(mine, theirs, where, name)
        if not self.own:
            self.lacking(a, b, path, level)
        self.extensions(a, b, path)

    def lacking(self, a: Node, b: Node, path: str, level: int) -> None:
        """A key the format requires, for which the job has no value and the format writes
        no default (a timestamp: no instant is invented), so the payload lacks it."""
        levels = self.adapter.levels
        for row in levels[level].fields if level < len(levels) else ():
            if row.missing is None or row.value_of(a) is not None or row.value_of(b) is not None:
                continue
            where = path
            for name in row.canonical:
                where = child(where, name)
            key = ".".join(row.spellings[0])
            self.loss(where, f"{self.fmt} requires {key!r}, which the job lacks; left out")

    def children(
        self, mine: tuple[Node, ...], theirs: tuple[Node, ...], path: str, what: str, level: int
    ) -> None:
        if mine and not theirs:
            self.loss(path, f"{self.fmt} does not carry {what}; dropped {len(mine)} of them")
            return
        for index, kid in enumerate(mine):
            if index < len(theirs):
                self.node(kid, theirs[index], child(path, index), level)
            else:
                kept = f"kept {len(theirs)} of {len(mine)}"
                self.loss(child(path, index), f"{what} {index} dropped: {self.fmt} {kept}")

    def status(self, a: Node, b: Node, path: str, level: int) -> None:
        where = child(path, "status")
        if a.status in self.fallbacks(level) and b.vendor_status is not None:
            written = b.vendor_status
            self.loss(where, f"{a.status.value!r} has no {self.fmt} value; wrote {written!r}")
        else:
            back = b.status.value
            self.loss(where, f"status {a.status.value!r} did not survive {self.fmt}: read {back!r}")

    def fallbacks(self, level: int) -> frozenset[Status]:
        """The statuses the format writes through a fallback at ``level`` (none where it
        has no status table: its statuses are the canonical ones)."""
        tables = self.adapter.status_tables
        return tables[level].fallbacks if level < len(tables) else frozenset()

    # -- values ----------------------------------------------------------------------

    def value(self, mine: Any, theirs: Any, path: str, what: str) -> None:
        if _same(mine, theirs):
            return
        if isinstance(mine, BaseModel):
            for name in type(mine).model_fields:
                if name not in _SKIPPED:
                    theirs_value = getattr(theirs, name, None)
                    where, named = child(path, name), f"{what}.{name}"
                    self.value(getattr(mine, name), theirs_value, where, named)
        elif isinstance(mine, tuple):
            theirs = theirs if isinstance(theirs, tuple) else ()
            if not theirs:
                self.loss(path, f"{self.fmt} does not carry {what}; dropped {len(mine)} item(s)")
                return
            for index, item in enumerate(mine):
                where = child(path, index)
                if index < len(theirs):
                    self.value(item, theirs[index], where, f"{what}[{index}]")
                else:
                    self.loss(where, f"{self.fmt} does not carry {what}[{index}]; dropped")
        elif isinstance(mine, dict):
            self.mapping(mine, theirs if isinstance(theirs, dict) else {}, path, what)
        elif mine is None or mine == ():
            return  # a value the job lacks and the format derives: see compare()
        elif empty(theirs):
            self.loss(path, f"{self.fmt} does not carry {what}; dropped {_show(mine)}")
        else:
            self.loss(path, f"{self.fmt} changed {what} from {_show(mine)} to {_show(theirs)}")

    def mapping(
        self, mine: Mapping[str, Any], theirs: Mapping[str, Any], path: str, what: str
    ) -> None:
        for key, item in mine.items():
            where, named = child(path, key), f"{what}.{cut(key)}"
            if key in theirs:
                self.value(item, theirs[key], where, named)
            else:
                self.loss(where, f"{self.fmt} does not carry {named}; dropped {_show(item)}")

    # -- vendor fields -------------------------------------------------------------------

    def extensions(self, a: Node, b: Node, path: str) -> None:
        """Vendor fields kept verbatim: they travel when the format writes them (its own
        or a compatible format's), and are compared by value, whatever key holds them."""
        compatible = self.adapter.compatible
        for key, kept in a.extensions.items():
            where = child(child(path, "extensions"), key)
            if key in b.extensions:
                there: Any = b.extensions[key]
            elif self.native and key in compatible:
                there = b.extensions.get(self.fmt, {})
            else:
                self.vendor(kept, {}, where, key)
                continue
            self.vendor(kept, there, where, key)

    def vendor(self, mine: Any, theirs: Any, path: str, source: str, named: str = "") -> None:
        if isinstance(mine, dict) and mine and isinstance(theirs, dict):
            for key, item in mine.items():
                inner = f"{named}.{key}" if named else key
                if key in theirs:
                    self.vendor(item, theirs[key], child(path, key), source, inner)
                elif not empty(item):  # an empty container or a null says nothing
                    what = f"the {source} field {describe(inner)}"
                    dropped = f"{self.fmt} cannot carry {what}; dropped {_show(item)}"
                    self.loss(child(path, key), dropped)
        elif not _same(mine, theirs):
            what = f"the {source} field {describe(named)}"
            self.loss(path, f"{self.fmt} changed {what} from {_show(mine)} to {_show(theirs)}")


def _same(a: Any, b: Any) -> bool:
    if empty(a) and empty(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):  # True == 1 in Python, not in JSON
        return type(a) is type(b) and a == b
    return bool(a == b)


def _show(value: Any) -> str:
    try:
        if isinstance(value, BaseModel):
            text = json.dumps(value.model_dump(mode="json", exclude_defaults=True))
        elif isinstance(value, datetime):
            text = repr(value.isoformat())
        elif isinstance(value, (dict, list, tuple)):
            text = json.dumps(value, default=str)
        else:
            return describe(value)
    except ValueError:  # an integer past Python's digit limit, a NaN in a model
        return describe(value)
    return cut(text)


__all__ = ["compare"]
