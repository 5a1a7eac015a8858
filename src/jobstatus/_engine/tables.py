"""What an adapter declares: status tables, field tables and the spec of each level.

These are data; :mod:`.base` turns them into parse and render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from operator import attrgetter
from typing import Any, Literal

from ..errors import Severity
from ..status import Phase, Status
from .codecs import ANY, Codec
from .paths import Key, split
from .reader import Reader


@dataclass(frozen=True, eq=False)
class StatusTable(Mapping[str, Status]):
    """A vendor's status enum and what each value means.

    ``enum`` must cover the vendor's enum, and ``terminal`` names the values the vendor
    documents as final: they, and only they, must map to terminal statuses (checked when
    the table is built). The inverse (status -> vendor value) is derived; ``choices`` says
    which value to write where several share a status, and which to fall back on where
    the vendor has no equivalent (``fallbacks``: a loss on render; by default the nearest
    status of the same phase, see ``_fallback``). ``synonyms`` are
    off-enum spellings whose meaning is clear; they, and any other casing of a value, are
    read with a warning. The table is itself the mapping ``enum``.
    """

    enum: Mapping[str, Status]
    terminal: tuple[str, ...]
    choices: Mapping[Status, str] = dc_field(default_factory=dict)
    synonyms: Mapping[str, Status] = dc_field(default_factory=dict)
    inverse: Mapping[Status, str] = dc_field(init=False)
    fallbacks: frozenset[Status] = dc_field(init=False)
    folded: Mapping[str, Status] = dc_field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_status: dict[Status, list[str]] = {}
        for value, status in self.enum.items():
            if not isinstance(status, Status):
                raise TypeError(f"status table maps {value!r} to {status!r}, not a Status")
            if status.is_terminal is not (value in self.terminal):
                final = "final" if value in self.terminal else "not final"
                raise ValueError(f"status {value!r} is {final} but maps to {status.value!r}")
            by_status.setdefault(status, []).append(value)
        inverse: dict[Status, str] = {}
        for status in Status:
            options = by_status.get(status, [])
            choice = self.choices.get(status)
            if choice is not None and choice not in self.enum:
                raise ValueError(f"status choice {choice!r} is not a vendor value")
            if choice is not None and (not options or choice in options):
                inverse[status] = choice
            elif len(options) == 1 and choice is None:
                inverse[status] = options[0]
            elif options or choice is not None:
                what = f"one of {options}" if options else "a fallback"
                raise ValueError(f"status choices must name {what} for {status.value!r}")
        for status in Status:
            if status not in inverse:
                inverse[status] = _fallback(status, inverse, self.enum)
        folded = {k.casefold(): s for k, s in self.synonyms.items()}
        folded.update((k.casefold(), s) for k, s in self.enum.items())
        object.__setattr__(self, "inverse", inverse)
        object.__setattr__(self, "fallbacks", frozenset(s for s in Status if s not in by_status))
        object.__setattr__(self, "folded", folded)

    def __getitem__(self, value: str) -> Status:
        return self.enum[value]

    def __iter__(self) -> Iterator[str]:
        return iter(self.enum)

    def __len__(self) -> int:
        return len(self.enum)

    def meaning(self, value: str) -> Status | None:
        """The status a vendor value means, off-enum spellings included; None if unknown."""
        return self.enum.get(value) or self.folded.get(value.casefold())


# Where a status the vendor has no value for is written, by default: the nearest status
# of the same phase the vendor has (then the first value of that phase in the vendor's
# order). A pending status becomes the vendor's queued (or created) value, an active one
# its running value; a cancelled job with no cancelled value is written as failed, a
# skipped one as cancelled or failed. Tables override any of these with ``choices``.
_NEAREST: dict[Status, tuple[Status, ...]] = {
    Status.unknown: (Status.queued, Status.created),
    Status.created: (Status.queued,),
    Status.queued: (Status.created,),
    Status.initializing: (Status.queued, Status.created),
    Status.skipped: (Status.cancelled, Status.failed),
    Status.cancelled: (Status.failed,),
}
_FIRST_OF_PHASE: dict[Status, Phase] = {
    Status.unknown: Phase.pending,
    Status.created: Phase.pending,
    Status.queued: Phase.pending,
    Status.initializing: Phase.pending,
}


def _fallback(status: Status, inverse: Mapping[Status, str], enum: Mapping[str, Status]) -> str:
    phase = status.phase
    if phase is Phase.active:
        nearest: tuple[Status, ...] = (Status.running,)
    else:
        nearest = _NEAREST.get(status, ())
    for other in nearest:
        if other in inverse:
            return inverse[other]
    wanted = _FIRST_OF_PHASE.get(status, phase)
    for value, meaning in enum.items():
        if meaning.phase is wanted and not meaning.is_terminal:
            return value
    raise ValueError(f"status choices must name a fallback for {status.value!r}")


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
    value_of: Callable[[Any], Any] = dc_field(init=False, repr=False, compare=False)
    """The row's value in a job, step or task; None where the model has no such value."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "value_of", _value_of(self.canonical))


def _value_of(canonical: Key) -> Callable[[Any], Any]:
    # One attrgetter per attribute, called until a None: the node models have every node
    # attribute, but an adapter may ask a task for what only a job has (None, as getattr).
    getters = [attrgetter(attr) for attr in canonical]

    def value_of(node: Any) -> Any:
        value = node
        try:
            for get in getters:
                value = get(value)
                if value is None:
                    return None
        except AttributeError:
            return None
        return value

    return value_of


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
        children: the dotted vendor path of the next level (``steps``, ``tasks``).
        shape: how the next level is written: an ``array`` of objects, or a ``status_map``
            (an object of child name -> status value, as in Evaluator v1's task_status).
        merged: rows read only when no child reports progress or metrics: some vendors
            copy their children's details onto the parent, and those copies describe a
            child, not the parent. When children do report, the parent's progress and
            metrics are derived from them instead.
        defaults: keys the vendor requires, written when rendering a job that was read
            from another format (a job read from this format keeps what it had).
        statuses: this level's status table, when it is not the adapter's.
        nullable: dotted vendor paths of the objects (or the children's container) the
            vendor documents as nullable: a null there reads as absent, with no issue, and
            is written back as it came. Elsewhere a null where an object belongs is an
            info-level ``null_object`` issue.
    """

    fields: tuple[Field, ...]
    children: str | None = None
    shape: Literal["array", "status_map"] = "array"
    merged: tuple[Field, ...] = ()
    defaults: Mapping[str, Any] = dc_field(default_factory=dict)
    statuses: StatusTable | None = None
    status: Key = ("status",)
    nullable: tuple[str, ...] = ()
    claimed: frozenset[Key] = dc_field(init=False)
    readers: tuple[Reader, Reader] = dc_field(init=False, repr=False)
    children_key: Key = dc_field(init=False, repr=False)
    """``children`` as keys from the node: ``("steps",)``."""

    def __post_init__(self) -> None:
        rows = (*self.fields, *self.merged)
        check_canonical(rows)
        claimed = {k for f in rows if not f.rest for k in f.spellings}
        object.__setattr__(self, "claimed", frozenset(claimed))
        # What a rest row must leave alone: the keys other rows claim in its object.
        below: dict[Key, set[str]] = {}
        for keys in claimed:
            below.setdefault(keys[:-1], set()).add(keys[-1])
        claimed_below = {k: frozenset(v) for k, v in below.items()}
        nullable = frozenset(split(dotted) for dotted in self.nullable)
        reader = Reader(self.fields, claimed_below, nullable)
        readers = (reader, Reader(rows, claimed_below, nullable) if self.merged else reader)
        object.__setattr__(self, "readers", readers)
        object.__setattr__(self, "children_key", split(self.children) if self.children else ())

    def rows(self, reporting: bool) -> Reader:
        """The compiled rows to read: ``merged`` ones only when no child reports."""
        return self.readers[0] if reporting else self.readers[1]


def check_canonical(rows: tuple[Field, ...]) -> None:
    # One row per canonical value: were there two, which one wins would depend on the
    # order the payload's keys come in.
    seen: dict[Key, Field] = {}
    for row in rows:
        for other, first in seen.items():
            shorter = min(len(other), len(row.canonical))
            if other[:shorter] == row.canonical[:shorter]:
                a, b = ".".join(first.canonical), ".".join(row.canonical)
                raise ValueError(f"two rows write the same canonical value: {a!r} and {b!r}")
        seen[row.canonical] = row


__all__ = ["Field", "NodeSpec", "StatusTable", "field", "rest"]
