"""The adapter engine: an adapter is tables (:mod:`.tables`); this turns them into parse
and render.

An :class:`Adapter` holds a status table and, per level of the vendor's hierarchy (job,
step, task), a :class:`NodeSpec` whose :class:`Field` rows tie canonical paths to vendor
paths and codecs. The same rows drive both directions. Whatever a payload holds that no
row takes is kept verbatim in the node's ``extensions[format]``; so is a value whose
spelling a row would not reproduce (``"45%"``, a legacy key name), which is how
``render(parse(p))`` gives ``p`` back.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from operator import itemgetter
from typing import Any

from pydantic import BaseModel, ValidationError

from .._walk import MAX_DEPTH
from ..detection import NOTHING, Detection
from ..errors import Issue, ParseError, RenderError, Severity
from ..model import Job, Metrics, Progress, Step, Task
from ..status import Status
from . import derive
from .paths import MISSING, Key, Taken, child, copy_json, get, join, merge, put, take
from .reader import Read, Reader
from .status_reader import status_reader
from .tables import Field, NodeSpec, StatusTable, field, rest
from .values import Tagged, issue, short
from .writer import Node, write_field

_CHILD_ATTR = ("steps", "tasks", "")
_NO_PROGRESS = Progress()
_NO_METRICS = Metrics()
# Issues met before, by (path, code, message, severity): a stream of payloads of one format
# repeats the same few (a key the format requires, absent from every task), and a frozen
# Issue made once serves every job; an Issue costs more to validate than to look up.
# Bounded, so that a hostile stream cannot grow it.
_MADE: dict[tuple[str, str, str, str], Issue] = {}
_KEPT = 4096


@dataclass(frozen=True, eq=False)
class Adapter:
    """A vendor format: its status table, its field tables and a few named hooks.

    Attributes:
        statuses: the job's status table (also every level's, unless a level has its own).
            A node without a status (or with a null one) is read as ``unknown``, with a
            warning: the vendors' own models allow it.
        compatible: formats of the same family whose kept vendor fields this one writes.
        max_depth: the deepest nesting a payload may have (see ``jobstatus.api.MAX_DEPTH``).
        detection: what identifies the format's payloads (see :mod:`jobstatus.detection`).
        finish_parse / finish_render: hooks for what a table cannot say.
    """

    name: str
    vendor: str
    endpoint: str
    statuses: StatusTable
    job: NodeSpec
    step: NodeSpec | None = None
    task: NodeSpec | None = None
    compatible: tuple[str, ...] = ()
    detection: Detection = NOTHING
    max_depth: int = MAX_DEPTH
    finish_parse: Callable[[dict[str, Any]], None] | None = None
    finish_render: Callable[[Job, dict[str, Any], bool], None] | None = None
    levels: tuple[NodeSpec, ...] = dc_field(init=False, repr=False)
    _plans: tuple[_Level, ...] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        levels = tuple(s for s in (self.job, self.step, self.task) if s is not None)
        object.__setattr__(self, "levels", levels)
        plans = tuple(
            _Level(level, spec, spec.statuses or self.statuses) for level, spec in enumerate(levels)
        )
        object.__setattr__(self, "_plans", plans)

    @property
    def terminal(self) -> tuple[str, ...]:
        return self.statuses.terminal

    @property
    def render_status(self) -> Mapping[Status, str]:
        return self.statuses.inverse

    @property
    def fallbacks(self) -> frozenset[Status]:
        return self.statuses.fallbacks

    # -- parse ---------------------------------------------------------------------------

    def parse(self, payload: Any) -> Job:
        """Read one payload (a decoded JSON object). Drift becomes issues on the job."""
        if not isinstance(payload, dict):
            what = f"expected a JSON object, got {type(payload).__name__}"
            raise ParseError(what, format=self.name, path="$")
        issues: list[Any] = []
        # Reading builds many objects and frees none: collections during it find nothing
        # to free, and their cost grows with what is alive (a job of 100,000 steps).
        collecting = gc.isenabled()
        gc.disable()
        try:
            built = self._parse_node(0, payload, "$", issues)
            built["format"] = self.name
            if self.finish_parse is not None:
                self.finish_parse(built)
            built["issues"] = [_made(found) for found in issues]
            try:
                return Job.model_validate(built)
            except ValidationError as error:  # an adapter bug, never the caller's input
                what = f"internal mapping error: {error}"
                raise ParseError(what, format=self.name) from error
        finally:
            if collecting:
                gc.enable()

    def _parse_node(
        self, level: int, data: dict[str, Any], path: str, issues: list[Any], where: str = ""
    ) -> dict[str, Any]:
        plan = self._plans[level]
        taken: Taken = {}
        out: dict[str, Any] = {}
        key = plan.status
        raw = data.get(key) if key is not None else None
        status = plan.enum.get(raw) if isinstance(raw, str) else None
        if key is not None and status is not None:  # the common case: a value of the table
            taken[key] = True
            out["vendor_status"] = raw
            out["status"] = status
        else:
            self._read_status(level, data, path, where, out, taken, issues)
        reporting: list[dict[str, Any]] = []
        if plan.children is not None:
            kids = self._read_children(level, data, path, taken, issues)
            out[plan.attr] = kids
            reporting = [kid for kid in kids if kid.get("progress") or kid.get("metrics")]
        read = plan.reading if reporting else plan.plain
        tagged, extensions = read(data, path, out, taken)
        if tagged:
            tagged.sort(key=itemgetter(0))  # stable: each row's issues keep their order
            issues.extend(found for _, found in tagged)
        if extensions:
            out["extensions"] = {self.name: extensions}
        if reporting or "progress" in out:
            derive.fill(out, reporting)
        return out

    def _table(self, level: int) -> StatusTable:
        return self.levels[level].statuses or self.statuses

    def _read_status(
        self,
        level: int,
        data: dict[str, Any],
        path: str,
        where: str,
        out: dict[str, Any],
        taken: Taken,
        issues: list[Any],
    ) -> None:
        key = self.levels[level].status
        raw = data.get(key[0], MISSING) if len(key) == 1 else get(data, key)[0]
        if isinstance(raw, str):
            take(taken, key)
            out["vendor_status"] = raw
            table = self._table(level)
            status = table.enum.get(raw)
            if status is None:
                status = self._off_enum(raw, table, where or join(path, key), issues)
            out["status"] = status
            return
        where = where or join(path, key)
        if raw is MISSING or raw is None:
            message = "no status; read as 'unknown'"
            issues.append(issue(where, "missing_status", message, "warning"))
        else:
            message = f"status must be a string, got {short(raw)}"
            issues.append(issue(where, "wrong_type", message, "error"))

    def _off_enum(self, raw: str, table: StatusTable, where: str, issues: list[Any]) -> Status:
        status = table.meaning(raw)
        if status is None:
            message = f"unknown status {short(raw)}, expected one of: {', '.join(table.enum)}"
            issues.append(issue(where, "unknown_status", message, "error"))
            return Status.unknown
        message = f"status {short(raw)} is not a {self.name} value; read as {status.value!r}"
        issues.append(issue(where, "off_enum_status", message, "warning"))
        return status

    def _read_children(
        self, level: int, data: dict[str, Any], path: str, taken: Taken, issues: list[Any]
    ) -> list[dict[str, Any]]:
        plan = self._plans[level]
        keys = plan.children
        assert keys is not None
        raw, bad = (data.get(keys[0], MISSING), -1) if len(keys) == 1 else get(data, keys)
        where = path + plan.below
        if raw is MISSING or bad >= 0:
            return []
        wanted = (list, "an array") if plan.spec.shape == "array" else (dict, "an object")
        if not isinstance(raw, wanted[0]):
            severity: Severity = "info" if raw is None else "error"
            message = f"expected {wanted[1]}, got {short(raw)}"
            issues.append(issue(where, "wrong_type", message, severity))
            return []
        kids = []
        if isinstance(raw, dict):  # a status map: {child name: its status}
            for name, status in raw.items():
                entry = child(where, name)
                node = {"name": name, "status": status}
                kids.append(self._parse_node(level + 1, node, entry, issues, where=entry))
        else:
            for index, item in enumerate(raw):
                if isinstance(item, dict):
                    entry = f"{where}[{index}]"
                    kids.append(self._parse_node(level + 1, item, entry, issues))
                else:
                    message = f"expected an object, got {short(item)}"
                    issues.append(issue(child(where, index), "wrong_type", message, "error"))
        # An empty container stays in the extensions so that it is written back as it came;
        # a list with a broken item stays whole, so the broken item is not lost either.
        if raw and len(kids) == len(raw):
            take(taken, keys)
        return kids

    # -- render --------------------------------------------------------------------------

    def render(self, job: Job) -> dict[str, Any]:
        """Write ``job`` as a payload of this format (a JSON-ready dict)."""
        native = job.format == self.name or job.format in self.compatible
        # A sibling format's kept fields travel, but the keys only this format requires
        # were never among them: fill those unless the job was read from this very format.
        self_made = job.format == self.name
        out = self._render_node(0, job, native, self_made, "$")
        if self.finish_render is not None:
            self.finish_render(job, out, native)
        return out

    def status_value(self, node: Node, native: bool, level: int = 0) -> str:
        """The vendor value to write for ``node``'s status."""
        table = self._table(level)
        if (
            native
            and node.vendor_status is not None
            and (table.meaning(node.vendor_status) or Status.unknown) is node.status
        ):
            return node.vendor_status
        return table.inverse[node.status]

    def _render_node(
        self, level: int, node: Node, native: bool, self_made: bool, path: str
    ) -> dict[str, Any]:
        spec = self.levels[level]
        kept = self.kept(node) if native else {}
        out: dict[str, Any] = {}
        # A status that was unreadable (a number, or absent) is kept verbatim, if at all.
        if not (native and node.status is Status.unknown and node.vendor_status is None):
            put(out, spec.status, self.status_value(node, native, level))
        kids: tuple[Step | Task, ...] = getattr(node, _CHILD_ATTR[level], ())
        if spec.children is not None and kids:
            below = child(path, _CHILD_ATTR[level])
            rendered = [
                self._render_node(level + 1, kid, native, self_made, child(below, index))
                for index, kid in enumerate(kids)
            ]
            if spec.shape == "status_map":
                put(out, spec.children_key, {r.get("name", ""): r.get("status") for r in rendered})
            else:
                put(out, spec.children_key, rendered)
        plan = self._plans[level]
        reporting = any(_reports(kid) for kid in kids)
        # The rows under a model the node leaves at its defaults (no progress, no cost)
        # would each find nothing to write: skipped together.
        skip = [root for root in plan.skippable if _blank(getattr(node, root, None))]
        for row in plan.written if reporting else plan.written_all:
            if skip and row.canonical[0] in skip:
                continue
            try:
                found = row.value_of(node)
                if found is None or (isinstance(found, (tuple, list, dict)) and not found):
                    continue  # nothing to write: most rows, on most nodes
                write_field(row, found, node, out, kept, native)
            except (ArithmeticError, ValueError, TypeError) as error:  # a codec's refusal
                where = join(path, row.canonical)
                what = f"cannot write {'.'.join(row.canonical)}: {error}"
                raise RenderError(what, format=self.name, path=where) from error
        merge(out, kept)
        if not self_made:
            for key, value in spec.defaults.items():
                out.setdefault(key, copy_json(value))
        return out

    def kept(self, node: Node) -> dict[str, Any]:
        """What ``node`` kept of this format (or of a compatible one) when it was read."""
        for name in (self.name, *self.compatible):
            if name in node.extensions:
                return node.extensions[name]
        return {}

    # -- what the format says about itself (jobstatus.registry.FormatAdapter) ------------

    @property
    def status_key(self) -> Key:
        """Where a payload holds the job's status."""
        return self.levels[0].status

    @property
    def status_tables(self) -> tuple[StatusTable, ...]:
        """Each level's status table, the job's first: the level's own, or the format's."""
        return tuple(spec.statuses or self.statuses for spec in self.levels)

    @property
    def hooks(self) -> Mapping[str, Callable[..., Any]]:
        """The hooks this format runs, by name."""
        named = (("finish_parse", self.finish_parse), ("finish_render", self.finish_render))
        return {name: hook for name, hook in named if hook is not None}

    def status_reader(self) -> Callable[[dict[str, Any]], Status]:
        """A reader of the job's status alone, from its key and the job's status table."""
        return status_reader(self.status_key, self.status_tables[0])


class _Level:
    """What reading one level asks for on every node, looked up once."""

    __slots__ = (
        "attr",
        "below",
        "children",
        "enum",
        "plain",
        "reading",
        "skippable",
        "spec",
        "status",
        "written",
        "written_all",
    )

    def __init__(self, level: int, spec: NodeSpec, table: StatusTable) -> None:
        self.spec = spec
        self.enum = table.enum
        self.status = spec.status[0] if len(spec.status) == 1 else None
        """The status key, when it is one key of the node (else read the long way)."""
        self.children = spec.children_key if spec.children is not None else None
        self.below = join("", self.children) if self.children is not None else ""
        """The children's JSON path relative to the node (``.steps``)."""
        self.attr = _CHILD_ATTR[level]
        self.written = spec.fields
        self.written_all = (*spec.fields, *spec.merged)
        self.skippable = _skippable(self.written_all, (Job, Step, Task)[level]())
        """The models whose rows find nothing to write on a node that leaves them at their
        defaults (a row of ``percent_derived`` would find ``False``, and is written)."""
        # Each reader is written on first use (most levels of most formats go unused),
        # then called directly.
        self.reading: Read = self._first_use("reading", spec.rows(True))
        self.plain: Read = self._first_use("plain", spec.rows(False))

    def _first_use(self, name: str, reader: Reader) -> Read:
        def first(*args: Any) -> tuple[Tagged, dict[str, Any]]:
            read = reader.function
            setattr(self, name, read)
            return read(*args)

        return first


def _blank(value: Any) -> bool:
    """Whether ``value`` is None or a model with every field at its default (none set)."""
    return value is None or (isinstance(value, BaseModel) and not value.model_fields_set)


def _reports(node: Step | Task) -> bool:
    """Whether ``node`` has progress or metrics (compared only when some field is set)."""
    progress, metrics = node.progress, node.metrics
    return not (_blank(progress) or progress == _NO_PROGRESS) or not (
        _blank(metrics) or metrics == _NO_METRICS
    )


def _skippable(rows: tuple[Field, ...], default: Node) -> tuple[str, ...]:
    """The first attributes of ``rows``' canonical paths under which every row finds
    nothing to write on ``default``, a node with no field set."""
    roots: dict[str, bool] = {}
    for row in rows:
        found = row.value_of(default)
        nothing = found is None or (isinstance(found, (tuple, list, dict)) and not found)
        root = row.canonical[0]
        roots[root] = roots.get(root, True) and nothing and len(row.canonical) > 1
    return tuple(root for root, nothing in roots.items() if nothing)


def _made(found: dict[str, str]) -> Issue:
    key = (found["path"], found["code"], found["message"], found["severity"])
    made = _MADE.get(key)
    if made is None:
        made = Issue.model_validate(found)
        if len(_MADE) < _KEPT:
            _MADE[key] = made
    return made


__all__ = ["Adapter", "Field", "NodeSpec", "StatusTable", "field", "rest"]
