"""The adapter engine: an adapter is tables (:mod:`._tables`); this turns them into parse
and render.

An :class:`Adapter` holds a status table and, per level of the vendor's hierarchy (job,
step, task), a :class:`NodeSpec` whose :class:`Field` rows tie canonical paths to vendor
paths and codecs. The same rows drive both directions. Whatever a payload holds that no
row takes is kept verbatim in the node's ``extensions[format]``; so is a value whose
spelling a row would not reproduce (``"45%"``, a legacy key name), which is how
``render(parse(p))`` gives ``p`` back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from pydantic import ValidationError

from ..errors import Issue, ParseError, Severity
from ..model import Job, Metrics, Progress, Step, Task
from ..status import Status
from . import _derive
from ._codecs import Codec, CodecError
from ._paths import MISSING, Key, child, copy_json, get, join, merge, put, subtract
from ._tables import Field, NodeSpec, StatusTable, field, rest

Node = Job | Step | Task
_CHILD_ATTR = ("steps", "tasks", "")
_NO_PROGRESS = Progress()
_NO_METRICS = Metrics()


def _never(payload: Mapping[str, Any]) -> float:
    return 0.0


@dataclass(frozen=True, eq=False)
class Adapter:
    """A vendor format: its status table, its field tables and a few named hooks.

    Attributes:
        statuses: the job's status table (also every level's, unless a level has its own).
        require_status: a payload without a job status is not of this format at all (a
            ``ParseError``); otherwise it is read as ``unknown`` with a warning.
        compatible: formats of the same family whose kept vendor fields this one writes.
        detect: how surely a payload is of this format, from 0 to 1, by its shape.
        finish_parse / finish_render: hooks for what a table cannot say.
    """

    name: str
    vendor: str
    endpoint: str
    statuses: StatusTable
    job: NodeSpec
    step: NodeSpec | None = None
    task: NodeSpec | None = None
    require_status: bool = True
    compatible: tuple[str, ...] = ()
    detect: Callable[[Mapping[str, Any]], float] = _never
    finish_parse: Callable[[dict[str, Any]], None] | None = None
    finish_render: Callable[[Job, dict[str, Any], bool], None] | None = None
    levels: tuple[NodeSpec, ...] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        levels = tuple(s for s in (self.job, self.step, self.task) if s is not None)
        object.__setattr__(self, "levels", levels)

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
        if self.require_status and "status" not in payload:
            what = f"no 'status' field; is this a {self.name} payload?"
            raise ParseError(what, format=self.name, path="$")
        issues: list[Issue] = []
        built = self._parse_node(0, payload, "$", issues)
        built["format"] = self.name
        if self.finish_parse is not None:
            self.finish_parse(built)
        built["issues"] = issues
        try:
            return Job.model_validate(built)
        except ValidationError as error:  # an adapter bug, never the caller's input
            raise ParseError(f"internal mapping error: {error}", format=self.name) from error

    def _parse_node(
        self, level: int, data: dict[str, Any], path: str, issues: list[Issue], where: str = ""
    ) -> dict[str, Any]:
        spec = self.levels[level]
        taken: list[Key] = []
        out: dict[str, Any] = {}
        flagged: set[str] = set()
        self._read_status(level, data, where or join(path, spec.status), out, taken, issues)
        kids: list[dict[str, Any]] = []
        if spec.children is not None:
            kids = self._read_children(level, data, path, taken, issues)
            out[_CHILD_ATTR[level]] = kids
        reporting = any(_derive.reports(kid) for kid in kids)
        for row in spec.fields if reporting else (*spec.fields, *spec.merged):
            if row.rest:
                _read_rest(row, spec, data, path, out, taken, issues, flagged)
            else:
                _read_field(row, data, path, out, taken, issues, flagged)
        leftover = subtract(data, taken)
        if leftover:
            out["extensions"] = {self.name: leftover}
        _derive.fill(out, kids)
        return out

    def _table(self, level: int) -> StatusTable:
        return self.levels[level].statuses or self.statuses

    def _read_status(
        self,
        level: int,
        data: dict[str, Any],
        where: str,
        out: dict[str, Any],
        taken: list[Key],
        issues: list[Issue],
    ) -> None:
        key = self.levels[level].status
        raw, _ = get(data, key)
        if raw is MISSING or raw is None:
            severity: Severity = "error" if self.require_status else "warning"
            message = "no status; read as 'unknown'"
            issues.append(_issue(where, "missing_status", message, severity))
            return
        if not isinstance(raw, str):
            message = f"status must be a string, got {_short(raw)}"
            issues.append(_issue(where, "wrong_type", message, "error"))
            return
        taken.append(key)
        out["vendor_status"] = raw
        table = self._table(level)
        status = table.enum.get(raw)
        if status is None:
            status = table.meaning(raw)
            if status is None:
                message = f"unknown status {raw!r}, expected one of: {', '.join(table.enum)}"
                issues.append(_issue(where, "unknown_status", message, "error"))
                status = Status.unknown
            else:
                message = f"status {raw!r} is not a {self.name} value; read as {status.value!r}"
                issues.append(_issue(where, "off_enum_status", message, "warning"))
        out["status"] = status

    def _read_children(
        self, level: int, data: dict[str, Any], path: str, taken: list[Key], issues: list[Issue]
    ) -> list[dict[str, Any]]:
        spec = self.levels[level]
        keys = spec.children_key
        raw, bad = get(data, keys)
        where = join(path, keys)
        if raw is MISSING or bad >= 0:
            return []
        wanted = (list, "an array") if spec.shape == "array" else (dict, "an object")
        if not isinstance(raw, wanted[0]):
            severity: Severity = "info" if raw is None else "error"
            message = f"expected {wanted[1]}, got {_short(raw)}"
            issues.append(_issue(where, "wrong_type", message, severity))
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
                    kids.append(self._parse_node(level + 1, item, child(where, index), issues))
                else:
                    message = f"expected an object, got {_short(item)}"
                    issues.append(_issue(child(where, index), "wrong_type", message, "error"))
        # An empty container stays in the extensions so that it is written back as it came;
        # a list with a broken item stays whole, so the broken item is not lost either.
        if raw and len(kids) == len(raw):
            taken.append(keys)
        return kids

    # -- render --------------------------------------------------------------------------

    def render(self, job: Job) -> dict[str, Any]:
        """Write ``job`` as a payload of this format (a JSON-ready dict)."""
        native = job.format == self.name or job.format in self.compatible
        out = self._render_node(0, job, native)
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

    def _render_node(self, level: int, node: Node, native: bool) -> dict[str, Any]:
        spec = self.levels[level]
        kept = self.kept(node) if native else {}
        out: dict[str, Any] = {}
        # A status that was unreadable (a number, or absent) is kept verbatim, if at all.
        if not (native and node.status is Status.unknown and node.vendor_status is None):
            put(out, spec.status, self.status_value(node, native, level))
        kids: tuple[Step | Task, ...] = getattr(node, _CHILD_ATTR[level], ())
        if spec.children is not None and kids:
            rendered = [self._render_node(level + 1, kid, native) for kid in kids]
            if spec.shape == "status_map":
                put(out, spec.children_key, {r.get("name", ""): r.get("status") for r in rendered})
            else:
                put(out, spec.children_key, rendered)
        reporting = any(kid.progress != _NO_PROGRESS or kid.metrics != _NO_METRICS for kid in kids)
        for row in spec.fields if reporting else (*spec.fields, *spec.merged):
            _write_field(row, node, out, kept)
        merge(out, kept)
        if not native:
            for key, value in spec.defaults.items():
                out.setdefault(key, copy_json(value))
        return out

    def kept(self, node: Node) -> dict[str, Any]:
        """What ``node`` kept of this format (or of a compatible one) when it was read."""
        for name in (self.name, *self.compatible):
            if name in node.extensions:
                return node.extensions[name]
        return {}


def _read_field(
    row: Field,
    data: dict[str, Any],
    path: str,
    out: dict[str, Any],
    taken: list[Key],
    issues: list[Issue],
    flagged: set[str],
) -> None:
    present = False
    for index, keys in enumerate(row.spellings):
        raw, bad = get(data, keys)
        if bad >= 0:
            _flag_container(data, keys[: bad + 1], path, issues, flagged)
        if raw is MISSING:
            continue
        present = True
        if raw is None:
            continue
        try:
            value = row.codec.parse(raw)
        except CodecError as error:
            issues.append(_issue(join(path, keys), "invalid_value", str(error), "error"))
            continue
        if _empty(value):
            continue  # an empty list or object is kept as sent: the model has no "empty"
        put(out, row.canonical, value)
        if index == 0 and row.codec.same(raw, row.codec.render(value)):
            taken.append(keys)
        return
    if not present and row.missing is not None:
        message = f"missing {row.spellings[-1][-1]!r}, which the format requires"
        issues.append(_issue(join(path, row.spellings[0]), "missing_field", message, row.missing))


def _read_rest(
    row: Field,
    spec: NodeSpec,
    data: dict[str, Any],
    path: str,
    out: dict[str, Any],
    taken: list[Key],
    issues: list[Issue],
    flagged: set[str],
) -> None:
    base = row.spellings[0]
    container, bad = get(data, base)
    if bad >= 0:
        _flag_container(data, base[: bad + 1], path, issues, flagged)
    if container is MISSING:
        return
    if not isinstance(container, dict):
        _flag_container(data, base, path, issues, flagged)
        return
    found: dict[str, Any] = {}
    for key, raw in container.items():
        keys = (*base, key)
        if keys in spec.claimed or raw is None or (row.match and not row.match(key)):
            continue
        try:
            value = row.codec.parse(raw)
        except CodecError as error:
            issues.append(_issue(join(path, keys), "invalid_value", str(error), "error"))
            continue
        if value is None:
            continue
        found[key] = value
        if row.codec.same(raw, row.codec.render(value)):
            taken.append(keys)
    if found:
        existing, _ = get(out, row.canonical)
        put(out, row.canonical, {**(existing or {}), **found})


def _write_field(row: Field, node: Node, out: dict[str, Any], kept: dict[str, Any]) -> None:
    value: Any = node
    for attr in row.canonical:
        value = getattr(value, attr, None)
        if value is None:
            return
    if _empty(value):
        return
    if row.canonical == ("progress", "percent") and node.progress.percent_derived:
        return  # derived from counters or children: writing it would invent a vendor field
    if row.rest:
        for key, item in value.items():
            keys = (*row.spellings[0], key)
            if (row.match is None or row.match(key)) and not _holds(kept, keys, row.codec, item):
                put(out, keys, row.codec.render(item))
        return
    if any(_holds(kept, keys, row.codec, value) for keys in row.spellings):
        return
    put(out, row.spellings[0], row.codec.render(value))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (tuple, list, dict)) and not value)


def _holds(kept: dict[str, Any], keys: Key, codec: Codec, value: Any) -> bool:
    """Whether the kept payload spells ``value`` at ``keys`` (so it is written from there)."""
    raw, _ = get(kept, keys)
    if raw is MISSING or raw is None:
        return False
    try:
        return bool(codec.parse(raw) == value)
    except CodecError:
        return False


def _issue(path: str, code: str, message: str, severity: Severity) -> Issue:
    return Issue(path=path, code=code, message=message, severity=severity)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _flag_container(
    data: dict[str, Any], keys: Key, path: str, issues: list[Issue], flagged: set[str]
) -> None:
    where = join(path, keys)
    if where in flagged:
        return
    flagged.add(where)
    value, _ = get(data, keys)
    if value is None:
        message = "null where the format documents an object"
        issues.append(_issue(where, "null_object", message, "info"))
    elif not isinstance(value, dict):
        message = f"expected an object, got {_short(value)}"
        issues.append(_issue(where, "wrong_type", message, "error"))


__all__ = ["Adapter", "Field", "NodeSpec", "StatusTable", "field", "rest"]
