"""Reading one level of a payload: the rows of its field table, as one generated function.

A :class:`Reader` writes, from one level's rows (fields, and merged rows when no child
reports), a function that reads a node in one pass over its keys, the way attrs and
cattrs write their ``__init__`` and structuring functions: each key is looked up once in
the index of the rows; a key no row reads goes straight into the node's extensions; a key
a row reads is parsed by the row's codec, a codec's common cases (``Codec.inline``)
written inline and any other value through its own ``parse``, stock and custom codecs
alike; and a value the model now holds as sent stays out of the extensions. Objects in
the node (``status_details``) are read the same way, from a stack.

Every oddity is an issue tagged with the number of the row that found it (-1: a container
of the wrong type, found on the way), so that a node's issues are listed in the order of
the field table. The generated code is :attr:`Reader.source`, and tracebacks show it.
"""

from __future__ import annotations

import itertools
import linecache
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING, Any

from . import values
from .paths import MISSING, Key, Taken, join, put, subtract
from .values import Tagged

if TYPE_CHECKING:
    from .tables import Field

Read = Callable[[dict[str, Any], str, dict[str, Any], Taken], tuple[Tagged, dict[str, Any]]]


@dataclass
class _Object:
    """The index of one vendor object of a node (the node itself, or an object in it)."""

    number: int
    keys: Key
    entries: dict[str, _Entry] = dc_field(default_factory=dict)
    rest: tuple[int, Field, frozenset[str]] | None = None
    """The rest row reading this object: its number, the row, the keys other rows claim."""


@dataclass
class _Entry:
    ends: list[tuple[int, int]] = dc_field(default_factory=list)
    """(row, spelling) of each row spelling that ends at this key."""
    below: _Object | None = None
    walked: bool = False
    """Whether rows read keys below this one (then a value that is not an object is
    reported, unless a row reads it as a value)."""


_numbers = itertools.count()


class Reader:
    """The rows of one level, ready to read nodes."""

    def __init__(
        self,
        rows: tuple[Field, ...],
        claimed_below: Mapping[Key, frozenset[str]],
        nullable: frozenset[Key] = frozenset(),
    ):
        self.rows = rows
        self.nullable = nullable
        self.objects = [_Object(0, ())]
        for number, row in enumerate(rows):
            if row.rest:
                base = row.spellings[0]
                claimed = claimed_below.get(base, frozenset())
                self._object(base, walked=False).rest = (number, row, claimed)
                continue
            for spelling, keys in enumerate(row.spellings):
                parent = self._object(keys[:-1], walked=True)
                parent.entries.setdefault(keys[-1], _Entry()).ends.append((number, spelling))
        self._read: Read | None = None
        self._source = ""

    def _object(self, keys: Key, walked: bool) -> _Object:
        found = self.objects[0]
        for depth, key in enumerate(keys):
            entry = found.entries.setdefault(key, _Entry())
            entry.walked = entry.walked or walked
            if entry.below is None:
                entry.below = _Object(len(self.objects), keys[: depth + 1])
                self.objects.append(entry.below)
            found = entry.below
        return found

    def read(
        self, data: dict[str, Any], path: str, out: dict[str, Any], taken: Taken
    ) -> tuple[Tagged, dict[str, Any]]:
        """Read every row from ``data`` into ``out``.

        ``taken`` holds the keys already read elsewhere (the status, the children). Returns
        the issues found, tagged by row, and the node's extensions: what no row took.
        """
        return (self._read or self.function)(data, path, out, taken)

    @property
    def function(self) -> Read:
        """The generated reading function, written on first use (most levels go unused)."""
        if self._read is None:
            writer = _Writer(self)
            self._source = writer.source()
            filename = f"<jobstatus reader {next(_numbers)}>"
            lines = self._source.splitlines(True)
            linecache.cache[filename] = (len(self._source), None, lines, filename)
            exec(compile(self._source, filename, "exec"), writer.namespace)
            self._read = writer.namespace["read"]
        return self._read

    @property
    def source(self) -> str:
        """The Python source of the generated reading function, for debugging."""
        _ = self.function
        return self._source


def untake(ext: dict[str, Any], node: dict[str, Any], taken: Taken) -> None:
    """Leave the keys read elsewhere (``taken``) out of ``node``'s extensions ``ext``."""
    for key, below in taken.items():
        if key not in ext:
            continue
        if below is True:
            del ext[key]
            continue
        value = ext[key]
        if not below or not isinstance(value, dict):
            continue
        raw = node.get(key)
        if value is raw:  # the vendor's own object, kept whole: kept without those keys
            left = subtract(raw, below)
            if left:
                ext[key] = left
            else:
                del ext[key]
        elif isinstance(raw, dict):  # extensions of its own, emptied (then dropped) afterwards
            untake(value, raw, below)


class _Writer:
    """Writes the source of one reader, and the constants it refers to."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.rows = reader.rows
        self.lines: list[str] = []
        self.namespace: dict[str, Any] = {
            "MISSING": MISSING,
            "NULLABLE": reader.nullable,
            "put": put,
            "untake": untake,
            **{name: getattr(values, name) for name in _HELPERS},
        }
        self.several = {n for n, row in enumerate(self.rows) if len(row.spellings) > 1}
        self.required = [n for n, row in enumerate(self.rows) if row.missing and not row.rest]
        self.rests = [o for o in reader.objects if o.rest is not None]

    def name(self, name: str, value: Any) -> str:
        """A constant of the generated code."""
        self.namespace[name] = value
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def row(self, number: int) -> str:
        return self.name(f"ROW{number}", self.rows[number])

    def source(self) -> str:
        emit = self.emit
        emit(0, "def read(data, path, out, taken):")
        emit(1, "tagged = []")
        emit(1, "flagged = set()")
        emit(1, "drop = []")
        emit(1, "nested = []")
        emit(1, "ext = {}")
        # Locals set once per node, one statement per value. A row spelled several ways
        # counts the spellings met; a spelling's object (ext) is read only once it is met.
        flags = [f"seen{number}" for number in self.required]
        flags += [f"visited{obj.number}" for obj in self.rests]
        counts = [f"met{number}" for number in sorted(self.several)]
        nones = [f"rest{obj.number}" for obj in self.rests]
        raws = [
            f"raw{number}_{spelling}"
            for number in sorted(self.several)
            for spelling in range(len(self.rows[number].spellings))
        ]
        for names, value in ((flags, "False"), (counts, "0"), (nones, "None"), (raws, "MISSING")):
            if names:
                emit(1, f"{' = '.join(names)} = {value}")
        objects = self.reader.objects
        if len(objects) == 1:
            emit(1, "node, here = data, ext")
            self.object(1, objects[0])
        else:
            emit(1, "stack = [(0, data, ext)]")
            emit(1, "while stack:")
            emit(2, "which, node, here = stack.pop()")
            for obj in objects:
                emit(2, f"{'if' if obj.number == 0 else 'elif'} which == {obj.number}:")
                self.object(3, obj)
        self.finish()
        emit(1, "return tagged, ext")
        return "\n".join(self.lines) + "\n"

    def object(self, depth: int, obj: _Object) -> None:
        """Read one object: each key looked up once, in the payload's order."""
        emit = self.emit
        number = obj.number
        if obj.rest is not None:
            emit(depth, f"visited{number} = True")
        slots = {key: slot for slot, key in enumerate(obj.entries)}
        emit(depth, "for key, raw in node.items():")
        emit(depth + 1, f"slot = {self.name(f'SLOTS{number}', slots)}.get(key)")
        emit(depth + 1, "if slot is None:")
        if obj.rest is not None:
            claimed = self.name(f"CLAIMED{number}", obj.rest[2])
            match = obj.rest[1].match
            test = f"key not in {claimed}"
            if match is not None:
                test += f" and {self.name(f'MATCH{number}', match)}(key)"
            emit(depth + 2, f"if {test}:")
            self.read_rest(depth + 3, obj, "key")
            emit(depth + 4, "continue")
        emit(depth + 2, "here[key] = raw")
        emit(depth + 2, "continue")
        self.dispatch(depth + 1, obj, list(obj.entries.items()), 0)

    def dispatch(
        self, depth: int, obj: _Object, entries: list[tuple[str, _Entry]], first: int
    ) -> None:
        """Branch on ``slot`` by halves: an object of 25 keys costs five tests a key, not up
        to 25."""
        if len(entries) > _CHAIN:
            half = len(entries) // 2
            self.emit(depth, f"if slot < {first + half}:")
            self.dispatch(depth + 1, obj, entries[:half], first)
            self.emit(depth, "else:")
            self.dispatch(depth + 1, obj, entries[half:], first + half)
            return
        for offset, (key, entry) in enumerate(entries):
            slot = first + offset
            if offset == len(entries) - 1 and offset:
                self.emit(depth, f"else:  # {slot}: {key}")
            else:
                self.emit(depth, f"{'if' if offset == 0 else 'elif'} slot == {slot}:  # {key}")
            self.entry(depth + 1, obj, key, entry)

    def read_rest(self, depth: int, obj: _Object, key: str) -> None:
        assert obj.rest is not None
        number = obj.rest[0]
        found = f"rest{obj.number}"
        self.emit(depth, f"if {found} is None:")
        self.emit(depth + 1, f"{found} = {{}}")
        where = f"path + {join('', obj.keys)!r}"
        args = f"{number}, {self.row(number)}, key, raw, {where}, {found}, tagged"
        self.emit(depth, f"if read_rest({args}):")

    def entry(self, depth: int, obj: _Object, key: str, entry: _Entry) -> None:
        emit = self.emit
        keys = (*obj.keys, key)
        singles = [(n, s) for n, s in entry.ends if n not in self.several]
        rest = obj.rest
        rest_key = rest is not None and key not in rest[2] and (rest[1].match or _any)(key)
        took = bool(singles) or rest_key
        if took:
            emit(depth, "took = False")
        for number, spelling in entry.ends:
            if number in self.required:
                emit(depth, f"seen{number} = True")
            if number in self.several:
                emit(depth, f"met{number} += 1")
                emit(depth, f"raw{number}_{spelling} = raw")
                emit(depth, f"ext{number}_{spelling} = here")
            else:
                emit(depth, "if raw is not None:")
                self.value(depth + 1, number, keys)
        if rest_key:
            self.read_rest(depth, obj, key)
            emit(depth + 1, "took = True")
        keep = "if not took:" if took else ""
        below = entry.below
        if below is not None:
            emit(depth, "if isinstance(raw, dict):")
            emit(depth + 1, "sub = {}")
            if took:
                emit(depth + 1, keep)
            inner = depth + 2 if took else depth + 1
            emit(inner, "here[key] = sub")
            emit(inner, "nested.append((here, key, sub, raw))")
            emit(depth + 1, f"stack.append(({below.number}, raw, sub))")
            emit(depth, "else:")
            depth += 1
            if entry.walked and not entry.ends:
                where = self.name(f"C{below.number}", keys)
                emit(depth, f"flag_container(data, {where}, path, tagged, -1, flagged, NULLABLE)")
        if took:
            emit(depth, keep)
            emit(depth + 1, "here[key] = raw")
        else:
            emit(depth, "here[key] = raw")

    def spellings(self, number: int) -> None:
        """Read a row the payload may spell several ways: the one spelling present inline
        (as payloads do), several through ``read_spellings``."""
        emit = self.emit
        row = self.rows[number]
        raws = [f"raw{number}_{s}" for s in range(len(row.spellings))]
        emit(1, f"if met{number} == 1:")
        for spelling, raw in enumerate(raws):
            if spelling < len(raws) - 1:
                emit(2, f"{'if' if spelling == 0 else 'elif'} {raw} is not MISSING:")
            else:
                emit(2, "else:")
            emit(3, f"if {raw} is not None:")
            emit(4, f"raw = {raw}")
            emit(4, "took = False")
            self.value(4, number, row.spellings[spelling])
            if spelling == 0:  # only the first spelling is written back from the model
                emit(4, "if took:")
                emit(5, f"ext{number}_0.pop({row.spellings[0][-1]!r}, None)")
        emit(1, f"elif met{number}:")
        emit(2, "found = {}")
        for spelling, raw in enumerate(raws):
            keys = self.name(f"K{number}_{spelling}", row.spellings[spelling])
            emit(2, f"if {raw} is not MISSING:")
            emit(3, f"found[{spelling}] = ({keys}, {raw}, ext{number}_{spelling})")
        emit(2, f"read_spellings({number}, {self.row(number)}, found, path, out, tagged, drop)")

    def value(self, depth: int, number: int, keys: Key) -> None:
        """Read ``raw`` (present, not None) as the row's only spelling."""
        row = self.rows[number]
        cases = row.codec.inline
        for index, (condition, value) in enumerate(cases):
            self.emit(depth, f"{'if' if index == 0 else 'elif'} {condition}:")
            self.store(depth + 1, number, value)
            self.emit(depth + 1, "took = True")
        if cases:
            self.emit(depth, "else:")
            depth += 1
        where = f"path + {join('', keys)!r}"
        self.emit(depth, f"value = read_value({number}, {self.row(number)}, raw, {where}, tagged)")
        self.emit(depth, "if value is not MISSING:")
        self.store(depth + 1, number, "value")
        keeps = self.name(f"keeps{number}", row.codec.keeps)
        self.emit(depth + 1, f"if {keeps}(raw, value):")
        self.emit(depth + 2, "took = True")

    def store(self, depth: int, number: int, value: str) -> None:
        canonical = self.rows[number].canonical
        if len(canonical) == 1:
            self.emit(depth, f"out[{canonical[0]!r}] = {value}")
        elif len(canonical) == 2:
            self.emit(depth, f"out.setdefault({canonical[0]!r}, {{}})[{canonical[1]!r}] = {value}")
        else:
            self.emit(depth, f"put(out, {self.name(f'P{number}', canonical)}, {value})")

    def finish(self) -> None:
        """What only the whole node tells: the rows spelled several ways, what a rest row
        read, the required keys absent, and which kept keys the model now holds."""
        emit = self.emit
        for number in sorted(self.several):
            self.spellings(number)
        for obj in self.rests:
            assert obj.rest is not None
            number = obj.rest[0]
            emit(1, f"if rest{obj.number}:")
            emit(2, f"put(out, {self.name(f'P{number}', obj.rest[1].canonical)}, rest{obj.number})")
            emit(1, f"if not visited{obj.number}:")
            args = f"{number}, {self.row(number)}, data, path, tagged, flagged, NULLABLE"
            emit(2, f"check_rest({args})")
        for number in self.required:
            # The issue's path suffix and message are the row's own: made once, here.
            found = values.missing_issue(self.rows[number], "")
            suffix, message = found["path"], self.name(f"MISSING{number}", found["message"])
            emit(1, f"if not seen{number}:")
            where = f"'path': path + {suffix!r}, 'code': 'missing_field'"
            emit(2, f"tagged.append(({number}, {{{where},")
            emit(3, f"'message': {message}, 'severity': {found['severity']!r}}}))")
        emit(1, "if taken:")
        emit(2, "untake(ext, data, taken)")
        emit(1, "for here, key in drop:")
        emit(2, "here.pop(key, None)")
        # An object that only held taken keys is dropped; one empty to begin with is kept,
        # since it is part of what the vendor sent. Inner objects first.
        emit(1, "for here, key, sub, raw in reversed(nested):")
        emit(2, "if not sub and raw:")
        emit(3, "here.pop(key, None)")


_CHAIN = 4
"""Slots tested one after the other; more are split in halves first."""


def _any(key: str) -> bool:
    return True


_HELPERS = (
    "check_rest",
    "flag_container",
    "read_rest",
    "read_spellings",
    "read_value",
)

__all__ = ["Read", "Reader", "untake"]
