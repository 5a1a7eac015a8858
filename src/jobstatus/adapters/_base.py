"""The adapter engine: an adapter is tables, the engine turns them into parse and render.

An :class:`Adapter` holds a status table (vendor value -> :class:`Status`) and, per level of
the vendor's hierarchy (job, step, task), a :class:`NodeSpec`: a table of :class:`Field`
rows, each tying a canonical path to one or more vendor paths and a codec. The same rows
drive both directions. Whatever a payload holds that no row takes is kept verbatim in the
node's ``extensions[format]``; so is a value whose spelling a row would not reproduce
(``"45%"``, a legacy key name), which is how ``render(parse(p))`` gives ``p`` back.
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
from ._codecs import ANY, Codec, CodecError
from ._paths import MISSING, Key, child, copy_json, get, join, merge, put, split, subtract

Node = Job | Step | Task


@dataclass(frozen=True)
class Field:
    """One row of a field table: a canonical path and the vendor paths that carry it.

    The first vendor spelling is the one written; the others are read too (older or
    undocumented names), and a payload that used one of them keeps it on the way back.
    A ``rest`` row maps every key of a vendor object that no other row claims (and that
    ``match`` accepts) into a canonical dict, one codec call per value.
    """

    canonical: Key
    spellings: tuple[Key, ...]
    codec: Codec = ANY
    missing: Severity | None = None
    rest: bool = False
    match: Callable[[str], bool] | None = None

    @property
    def name(self) -> str:
        return ".".join(self.canonical)


def field(
    canonical: str, *vendor: str, codec: Codec = ANY, missing: Severity | None = None
) -> Field:
    """A row mapping ``canonical`` to the dotted ``vendor`` paths, the first one preferred.

    ``missing`` is the severity of the issue raised when the payload has none of them.
    """
    return Field(split(canonical), tuple(split(v) for v in vendor), codec, missing)


def rest(
    canonical: str, vendor: str, *, codec: Codec = ANY, match: Callable[[str], bool] | None = None
) -> Field:
    """A row mapping the unclaimed keys of the vendor object at ``vendor`` into a dict."""
    return Field(split(canonical), (split(vendor),), codec, rest=True, match=match)


@dataclass(frozen=True)
class NodeSpec:
    """The tables of one level of a vendor's hierarchy.

    Attributes:
        fields: the field table.
        children: the vendor key of the next level's array (``steps``, ``tasks``).
        merged: rows read only when no child reports progress or metrics: some vendors
            copy their children's details onto the parent, and those copies describe a
            child, not the parent. When children do report, the parent's progress and
            metrics are derived from them instead.
        defaults: keys the vendor requires, written when rendering a job that was read
            from another format (a job read from this format keeps what it had).
    """

    fields: tuple[Field, ...]
    children: str | None = None
    merged: tuple[Field, ...] = ()
    defaults: Mapping[str, Any] = dc_field(default_factory=dict)
    status: Key = ("status",)
    claimed: frozenset[Key] = dc_field(init=False)

    def __post_init__(self) -> None:
        claimed = {k for f in (*self.fields, *self.merged) if not f.rest for k in f.spellings}
        object.__setattr__(self, "claimed", frozenset(claimed))


def _never(payload: Mapping[str, Any]) -> float:
    return 0.0


@dataclass(frozen=True, eq=False)
class Adapter:
    """A vendor format: its status table, its field tables and a few named hooks.

    The status table must cover the vendor's enum, and ``terminal`` names the values the
    vendor documents as final: they, and only they, must map to terminal statuses (checked
    when the adapter is built). The table's inverse is derived, and
    ``status_choices`` says which vendor value to write where several share a status and
    which one to fall back on where the vendor has no equivalent (a loss on render).
    ``synonyms`` are off-enum spellings whose meaning is clear; they are read with a warning.
    """

    name: str
    vendor: str
    endpoint: str
    statuses: Mapping[str, Status]
    terminal: tuple[str, ...]
    job: NodeSpec
    step: NodeSpec | None = None
    task: NodeSpec | None = None
    status_choices: Mapping[Status, str] = dc_field(default_factory=dict)
    synonyms: Mapping[str, Status] = dc_field(default_factory=dict)
    require_status: bool = True
    compatible: tuple[str, ...] = ()
    detect: Callable[[Mapping[str, Any]], float] = _never
    finish_parse: Callable[[dict[str, Any]], None] | None = None
    finish_render: Callable[[Job, dict[str, Any], bool], None] | None = None
    render_status: Mapping[Status, str] = dc_field(init=False)
    fallbacks: frozenset[Status] = dc_field(init=False)
    _folded: Mapping[str, Status] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        inverse, fallbacks = _invert(self.name, self.statuses, self.status_choices)
        for value, status in self.statuses.items():
            if status.is_terminal is not (value in self.terminal):
                final = "final" if value in self.terminal else "not final"
                raise ValueError(f"{self.name}: {value!r} is {final} but maps to {status.value!r}")
        folded = {k.casefold(): s for k, s in self.synonyms.items()}
        folded.update((k.casefold(), s) for k, s in self.statuses.items())
        object.__setattr__(self, "render_status", inverse)
        object.__setattr__(self, "fallbacks", fallbacks)
        object.__setattr__(self, "_folded", folded)

    # -- parse ---------------------------------------------------------------------------

    def parse(self, payload: Any) -> Job:
        """Read one payload (a decoded JSON object). Drift becomes issues on the job."""
        if not isinstance(payload, dict):
            raise ParseError(
                f"expected a JSON object, got {type(payload).__name__}", format=self.name, path="$"
            )
        if self.require_status and "status" not in payload:
            raise ParseError(
                f"no 'status' field; is this a {self.name} payload?", format=self.name, path="$"
            )
        issues: list[Issue] = []
        built = self._parse_node(self._levels()[0], 0, payload, "$", issues)
        built["format"] = self.name
        if self.finish_parse is not None:
            self.finish_parse(built)
        built["issues"] = issues
        try:
            return Job.model_validate(built)
        except ValidationError as error:  # an adapter bug, never the caller's input
            raise ParseError(f"internal mapping error: {error}", format=self.name) from error

    def _levels(self) -> tuple[NodeSpec, ...]:
        return tuple(s for s in (self.job, self.step, self.task) if s is not None)

    def _parse_node(
        self, spec: NodeSpec, level: int, data: dict[str, Any], path: str, issues: list[Issue]
    ) -> dict[str, Any]:
        taken: list[Key] = []
        out: dict[str, Any] = {}
        flagged: set[str] = set()
        self._read_status(spec, data, path, out, taken, issues)
        kids: list[dict[str, Any]] = []
        if spec.children is not None:
            kids = self._read_children(spec.children, level, data, path, taken, issues)
            out[_CHILD_ATTR[level]] = kids
        reporting = any(_derive.reports(kid) for kid in kids)
        rows = spec.fields if reporting else (*spec.fields, *spec.merged)
        for row in rows:
            reader = self._read_rest if row.rest else self._read_field
            reader(row, spec, data, path, out, taken, issues, flagged)
        leftover = subtract(data, taken)
        if leftover:
            out["extensions"] = {self.name: leftover}
        _derive.fill(out, kids)
        return out

    def _read_status(
        self,
        spec: NodeSpec,
        data: dict[str, Any],
        path: str,
        out: dict[str, Any],
        taken: list[Key],
        issues: list[Issue],
    ) -> None:
        raw, _ = get(data, spec.status)
        where = join(path, spec.status)
        if raw is MISSING or raw is None:
            issues.append(_issue(where, "missing_status", "no status", "error"))
            return
        if not isinstance(raw, str):
            issues.append(
                _issue(where, "wrong_type", f"status must be a string, got {_short(raw)}", "error")
            )
            return
        taken.append(spec.status)
        out["vendor_status"] = raw
        status = self.statuses.get(raw)
        if status is None:
            status = self._folded.get(raw.casefold())
            if status is None:
                valid = ", ".join(self.statuses)
                message = f"unknown status {raw!r}, expected one of: {valid}"
                issues.append(_issue(where, "unknown_status", message, "error"))
                status = Status.unknown
            else:
                message = f"status {raw!r} is not a {self.name} value; read as {status.value!r}"
                issues.append(_issue(where, "off_enum_status", message, "warning"))
        out["status"] = status

    def _read_children(
        self,
        key: str,
        level: int,
        data: dict[str, Any],
        path: str,
        taken: list[Key],
        issues: list[Issue],
    ) -> list[dict[str, Any]]:
        raw = data.get(key, MISSING)
        where = child(path, key)
        if raw is MISSING:
            return []
        if not isinstance(raw, list):
            severity: Severity = "info" if raw is None else "error"
            message = f"expected an array, got {_short(raw)}"
            issues.append(_issue(where, "wrong_type", message, severity))
            return []
        spec = self._levels()[level + 1]
        kids = []
        for index, item in enumerate(raw):
            if isinstance(item, dict):
                kids.append(self._parse_node(spec, level + 1, item, child(where, index), issues))
            else:
                message = f"expected an object, got {_short(item)}"
                issues.append(_issue(child(where, index), "wrong_type", message, "error"))
        # An empty list stays in the extensions so that it is written back as it came; a
        # list with a broken item stays whole, so the broken item is not lost either.
        if raw and len(kids) == len(raw):
            taken.append((key,))
        return kids

    def _read_field(
        self,
        row: Field,
        spec: NodeSpec,
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
            if value is None:
                continue
            put(out, row.canonical, value)
            if index == 0 and row.codec.same(raw, row.codec.render(value)):
                taken.append(keys)
            return
        if not present and row.missing is not None:
            where = join(path, row.spellings[0])
            message = f"missing {row.spellings[-1][-1]!r}, which the format requires"
            issues.append(_issue(where, "missing_field", message, row.missing))

    def _read_rest(
        self,
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

    # -- render --------------------------------------------------------------------------

    def render(self, job: Job) -> dict[str, Any]:
        """Write ``job`` as a payload of this format (a JSON-ready dict)."""
        native = job.format == self.name or job.format in self.compatible
        out = self._render_node(0, job, native)
        if self.finish_render is not None:
            self.finish_render(job, out, native)
        return out

    def status_value(self, node: Node, native: bool) -> str:
        """The vendor value to write for ``node``'s status."""
        if native and node.vendor_status is not None:
            known = self.statuses.get(node.vendor_status) or self._folded.get(
                node.vendor_status.casefold(), Status.unknown
            )
            if known is node.status:
                return node.vendor_status
        return self.render_status[node.status]

    def _render_node(self, level: int, node: Node, native: bool) -> dict[str, Any]:
        spec = self._levels()[level]
        kept = self.kept(node) if native else {}
        out: dict[str, Any] = {}
        # A status that was unreadable (a number, or absent) is kept verbatim, if at all.
        if not (native and node.status is Status.unknown and node.vendor_status is None):
            put(out, spec.status, self.status_value(node, native))
        kids: tuple[Step | Task, ...] = getattr(node, _CHILD_ATTR[level], ())
        if spec.children is not None and kids:
            out[spec.children] = [self._render_node(level + 1, kid, native) for kid in kids]
        reporting = any(kid.progress != _NO_PROGRESS or kid.metrics != _NO_METRICS for kid in kids)
        rows = spec.fields if reporting else (*spec.fields, *spec.merged)
        for row in rows:
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


_CHILD_ATTR = ("steps", "tasks", "")
_NO_PROGRESS = Progress()
_NO_METRICS = Metrics()


def _write_field(row: Field, node: Node, out: dict[str, Any], kept: dict[str, Any]) -> None:
    value: Any = node
    for attr in row.canonical:
        value = getattr(value, attr, None)
        if value is None:
            return
    if value in ((), {}):
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


def _holds(kept: dict[str, Any], keys: Key, codec: Codec, value: Any) -> bool:
    """Whether the kept payload spells ``value`` at ``keys`` (so it is written from there)."""
    raw, _ = get(kept, keys)
    if raw is MISSING or raw is None:
        return False
    try:
        return bool(codec.parse(raw) == value)
    except CodecError:
        return False


def _invert(
    name: str, statuses: Mapping[str, Status], choices: Mapping[Status, str]
) -> tuple[dict[Status, str], frozenset[Status]]:
    by_status: dict[Status, list[str]] = {}
    for value, status in statuses.items():
        if not isinstance(status, Status):
            raise TypeError(f"{name}: status table maps {value!r} to {status!r}, not a Status")
        by_status.setdefault(status, []).append(value)
    inverse: dict[Status, str] = {}
    for status in Status:
        values = by_status.get(status, [])
        choice = choices.get(status)
        if choice is not None and choice not in statuses:
            raise ValueError(f"{name}: status choice {choice!r} is not a vendor value")
        if len(values) == 1 and choice in (None, values[0]):
            inverse[status] = values[0]
        elif choice is not None and (not values or choice in values):
            inverse[status] = choice
        else:
            what = f"one of {values}" if values else "a fallback"
            raise ValueError(f"{name}: status_choices must name {what} for {status.value!r}")
    fallbacks = frozenset(s for s in Status if s not in by_status)
    return inverse, fallbacks


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
        issues.append(
            _issue(where, "wrong_type", f"expected an object, got {_short(value)}", "error")
        )
