"""Reading the rows of a field table from one node of a payload.

A :class:`Reader` holds one level's rows (fields, and merged rows when no child reports)
and reads them from a node: each canonical value is stored in ``out``, each vendor key
whose value the model now holds is added to ``taken`` (a tree of key paths; what is not
taken is kept verbatim), and every oddity is an issue tagged with the number of the row
that found it (-1: a container of the wrong type, found while walking the node), so that a
node's issues are listed in the order of the field table.

:meth:`Reader.read` runs a reader generated from the rows (:mod:`.compile`), straight-line
code with no per-row interpretation; :meth:`Reader.walk` is the same reading written plainly.
``walk`` is the reference, and it reads the few nodes the generated code hands back to it
(several containers of the wrong type in one node, whose issues come in the order the
walk meets them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from jobstatus._engine.codecs import CodecError
from jobstatus._engine.human import describe
from jobstatus._engine.paths import MISSING, Key, Taken, empty, get, join, put, take
from jobstatus.errors import Severity

if TYPE_CHECKING:
    from jobstatus._engine.tables import Field

Issue = dict[str, str]
Tagged = list[tuple[int, Issue]]
"""Issues of one node, each with the number of the row that found it (-1: the walk)."""
Found = dict[int, tuple[Key, Any]]
"""Spelling number -> (vendor keys, raw value), for the spellings of one row a node holds."""
Trie = dict[str, tuple[list[tuple[int, int]], "Trie"]]
"""Vendor key -> (the (row, spelling) pairs ending there, the keys below it)."""
Compiled = Callable[[dict[str, Any], str, dict[str, Any], Taken], "Tagged | None"]


class Reader:
    """The rows of one level, ready to read nodes."""

    def __init__(
        self,
        rows: tuple[Field, ...],
        claimed_below: Mapping[Key, frozenset[str]],
        nullable: frozenset[Key] = frozenset(),
    ):
        self.rows = rows
        self.claimed_below = claimed_below
        self.nullable = nullable
        self.trie: Trie = {}
        for number, row in enumerate(rows):
            for spelling, keys in enumerate(() if row.rest else row.spellings):
                level = self.trie
                for depth, key in enumerate(keys):
                    ends, below = level.setdefault(key, ([], {}))
                    if depth == len(keys) - 1:
                        ends.append((number, spelling))
                    level = below
        # Read even when the payload has none of their keys: required and rest rows.
        self.always = frozenset(n for n, row in enumerate(rows) if row.rest or row.missing)
        self._compiled: Compiled | None = None

    def read(self, data: dict[str, Any], path: str, out: dict[str, Any], taken: Taken) -> Tagged:
        """Read every row from ``data`` into ``out``; the issues found, tagged by row."""
        return self.walk(data, path, out, taken)

    @property
    def compiled(self) -> Compiled:
        """The generated reading function (see :mod:`.compile`), written on first use."""
        if self._compiled is None:
            from .compile import compile_reader  # not on import: most levels go unused

            self._compiled = compile_reader(self)
        return self._compiled

    def walk(self, data: dict[str, Any], path: str, out: dict[str, Any], taken: Taken) -> Tagged:
        """:meth:`read`, interpreted: the keys of ``data`` walked through the rows' index,
        then each row read in table order."""
        tagged: Tagged = []
        flagged: set[str] = set()
        hits: dict[int, Found] = {}
        stack: list[tuple[dict[str, Any], Trie, Key]] = [(data, self.trie, ())]
        while stack:
            node, level, prefix = stack.pop()
            for key, raw in node.items():
                entry = level.get(key)
                if entry is None:
                    continue
                ends, below = entry
                keys = (*prefix, key)
                for number, spelling in ends:
                    hits.setdefault(number, {})[spelling] = (keys, raw)
                if below:
                    if isinstance(raw, dict):
                        stack.append((raw, below, keys))
                    elif not ends:
                        flag_container(data, keys, path, tagged, -1, flagged, self.nullable)
        for number in sorted(self.always.union(hits)):
            row = self.rows[number]
            if row.rest:
                claimed = self.claimed_below.get(row.spellings[0], frozenset())
                read_rest(
                    number, row, claimed, data, path, out, taken, tagged, flagged, self.nullable
                )
            elif number in hits:
                read_spellings(number, row, hits[number], path, out, taken, tagged)
            else:
                tagged.append((number, missing_issue(row, path)))
        return tagged


def read_spellings(
    number: int,
    row: Field,
    found: Found,
    path: str,
    out: dict[str, Any],
    taken: Taken,
    tagged: Tagged,
) -> None:
    """Read a row from the spellings a node holds: the first one with a value wins."""
    codec = row.codec
    for spelling in sorted(found):
        keys, raw = found[spelling]
        value = parse(number, row, raw, path, keys, tagged)
        if empty(value):
            continue  # an empty list or object is kept as sent: the model has no "empty"
        put(out, row.canonical, value)
        if (
            spelling == 0
            and codec.keeps(raw, value)
            and not any(codec.means(other, value) for s, (_, other) in found.items() if s)
        ):
            # Taken, so written back from the model. Not when another spelling holds the
            # same value: written back from there, it would stand in for this one too.
            take(taken, keys)
        return


def read_rest(
    number: int,
    row: Field,
    claimed: frozenset[str],
    data: dict[str, Any],
    path: str,
    out: dict[str, Any],
    taken: Taken,
    tagged: Tagged,
    flagged: set[str],
    nullable: frozenset[Key] = frozenset(),
) -> None:
    """Read a rest row: every key of its object that no other row claims."""
    base = row.spellings[0]
    container, bad = get(data, base)
    if bad >= 0:
        flag_container(data, base[: bad + 1], path, tagged, number, flagged, nullable)
    if container is MISSING:
        return
    if not isinstance(container, dict):
        flag_container(data, base, path, tagged, number, flagged, nullable)
        return
    codec, match = row.codec, row.match
    found: dict[str, Any] = {}
    for key, raw in container.items():
        if key in claimed or (match is not None and not match(key)):
            continue
        value = parse(number, row, raw, path, (*base, key), tagged)
        if value is None:
            continue
        found[key] = value
        if codec.keeps(raw, value):
            take(taken, (*base, key))
    if found:
        existing, _ = get(out, row.canonical)
        put(out, row.canonical, {**(existing or {}), **found})


def parse(number: int, row: Field, raw: Any, path: str, keys: Key, tagged: Tagged) -> Any:
    """The canonical value of ``raw``, or None (with an issue if it was unreadable)."""
    if raw is None:
        return None
    try:
        value = row.codec.parse(raw)
    except CodecError as error:
        tagged.append((number, issue(join(path, keys), "invalid_value", str(error), "error")))
        return None
    if row.codec.loss is not None:
        note_loss(number, row, raw, join(path, keys), tagged)
    return value


def note_loss(number: int, row: Field, raw: Any, where: str, tagged: Tagged) -> None:
    """Report what reading ``raw`` lost, if anything: a warning, since the value read
    differs from the one sent (which is kept, as sent, since the codec does not keep it)."""
    assert row.codec.loss is not None
    lost = row.codec.loss(raw)
    if lost:
        message = f"{lost}; kept as sent"
        tagged.append((number, issue(where, "precision_loss", message, "warning")))


def missing_issue(row: Field, path: str) -> Issue:
    assert row.missing is not None
    message = f"missing {row.spellings[-1][-1]!r}, which the format requires"
    return issue(join(path, row.spellings[0]), "missing_field", message, row.missing)


def issue(path: str, code: str, message: str, severity: Severity) -> Issue:
    # A dict, made into an Issue with the job rather than one model at a time.
    return {"path": path, "code": code, "message": message, "severity": severity}


short = describe


def flag_container(
    data: dict[str, Any],
    keys: Key,
    path: str,
    tagged: Tagged,
    number: int,
    flagged: set[str],
    nullable: frozenset[Key] = frozenset(),
) -> None:
    """Report the container at ``keys`` (once per node): null (unless the format documents
    it as nullable), or not an object."""
    where = join(path, keys)
    if where in flagged:
        return
    flagged.add(where)
    value, _ = get(data, keys)
    if value is None:
        if keys in nullable:
            return
        message = "null where the format documents an object"
        tagged.append((number, issue(where, "null_object", message, "info")))
    elif not isinstance(value, dict):
        message = f"expected an object, got {short(value)}"
        tagged.append((number, issue(where, "wrong_type", message, "error")))
