"""Readers generated from field tables: one straight-line function per level's rows.

The function a :class:`~.reader.Reader` runs is written from its rows once, on first use,
the way attrs and cattrs write their ``__init__`` and structuring functions: each container
is looked up once, each vendor spelling is one dictionary lookup, and the builtin codecs'
common cases (a string, a whole count, a finite float) are read inline, with no call. What
it reads, keeps and reports is exactly what :meth:`Reader.walk` does, the reference it is
tested against; it hands a node back to ``walk`` (by returning None) when two containers of
the node have the wrong type, since their issues come in the order the walk meets them.

The generated code is the function's ``source`` attribute, and tracebacks show it.
"""

from __future__ import annotations

import itertools
import linecache
from typing import Any

from . import codecs as codecs
from .paths import MISSING, Key, empty, join, put, take
from .reader import (
    Compiled,
    Reader,
    Tagged,
    Trie,
    flag_container,
    issue,
    missing_issue,
    note_loss,
    read_rest,
    read_spellings,
)
from .tables import Field

# The builtin codecs' inline cases: (condition on the raw value, its canonical value).
# Each condition implies that parsing gives that value and that writing it back spells the
# raw value the same (a test checks both); any other value takes the codec's own path.
_PERCENT = [
    ("type(raw) is float and 0.0 <= raw <= 100.0", "raw"),
    ("type(raw) is int and 0 <= raw <= 100", "float(raw)"),
]
INLINE: dict[int, list[tuple[str, str]]] = {
    id(codecs.STRING): [("type(raw) is str", "raw")],
    id(codecs.TEXT): [("type(raw) is str and raw", "raw")],
    id(codecs.OBJECT): [("type(raw) is dict and raw", "raw")],
    id(codecs.COUNT): [("type(raw) is int and raw >= 0", "raw")],
    id(codecs.NUMBER): [("type(raw) is float and raw - raw == 0.0", "raw")],
    id(codecs.NON_NEGATIVE): [("type(raw) is float and raw >= 0.0 and raw - raw == 0.0", "raw")],
    id(codecs.PERCENT): _PERCENT,
    id(codecs.PERCENT_TEXT): _PERCENT,
}

_numbers = itertools.count()


def compile_reader(reader: Reader) -> Compiled:
    """The generated reading function of ``reader``'s rows."""
    writer = _Writer(reader)
    source = writer.source()
    filename = f"<jobstatus reader {next(_numbers)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), writer.namespace)
    function: Any = writer.namespace["read"]
    function.source = source
    return function  # type: ignore[no-any-return]


def read_value(number: int, row: Field, raw: Any, where: str, tagged: Tagged) -> Any:
    """The codec's own path: the canonical value of ``raw`` (not None), or MISSING when
    it is unreadable (an issue) or empty (kept as sent: the model has no "empty")."""
    try:
        value = row.codec.parse(raw)
    except codecs.CodecError as error:
        tagged.append((number, issue(where, "invalid_value", str(error), "error")))
        return MISSING
    if row.codec.loss is not None:
        note_loss(number, row, raw, where, tagged)
    return MISSING if empty(value) else value


class _Writer:
    """Writes the source of one reader, and the constants it refers to."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.lines: list[str] = []
        self.containers: dict[Key, str] = {(): "data"}
        self.takers: dict[str, str] = {}  # top-level containers: their part of `taken`
        self.namespace: dict[str, Any] = {
            "MISSING": MISSING,
            "flag_container": flag_container,
            "missing_issue": missing_issue,
            "read_rest": read_rest,
            "read_spellings": read_spellings,
            "read_value": read_value,
            "put": put,
            "take": take,
        }

    def name(self, name: str, value: Any) -> str:
        """A constant of the generated code."""
        self.namespace[name] = value
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def source(self) -> str:
        self.emit(0, "def read(data, path, out, taken):")
        self.emit(1, "tagged = []")
        self.emit(1, "flagged = set()")
        self.emit(1, "flags = []")
        self.containers_of(self.reader.trie, ())
        self.emit(1, "if flags:")
        self.emit(2, "if len(flags) > 1:")
        self.emit(3, "return None  # reported in the order of the walk: Reader.walk reads it")
        nullable = self.name("NULLABLE", self.reader.nullable)
        self.emit(2, f"flag_container(data, flags[0], path, tagged, -1, flagged, {nullable})")
        for number, row in enumerate(self.reader.rows):
            self.emit(1, f"# row {number}: {'.'.join(row.canonical)}")
            if row.rest:
                claimed = self.reader.claimed_below.get(row.spellings[0], frozenset())
                args = f"{number}, {self.row(number)}, {self.name(f'CLAIMED{number}', claimed)}"
                nullable = self.name("NULLABLE", self.reader.nullable)
                self.emit(
                    1, f"read_rest({args}, data, path, out, taken, tagged, flagged, {nullable})"
                )
            elif len(row.spellings) == 1:
                self.single(number, row)
            else:
                self.several(number, row)
        self.emit(1, "return tagged")
        return "\n".join(self.lines) + "\n"

    def containers_of(self, level: Trie, prefix: Key) -> None:
        """Look each container up once: an object, or None. One that is present and not an
        object is reported, unless a row reads it as a value."""
        parent = self.containers[prefix]
        for key, (ends, below) in level.items():
            if not below:
                continue
            keys = (*prefix, key)
            name = self.containers[keys] = f"c{len(self.containers)}"
            depth = 1
            if parent != "data":
                self.emit(1, f"if {parent} is None:")
                self.emit(2, f"{name} = None")
                self.emit(1, "else:")
                depth = 2
            self.emit(depth, f"{name} = {parent}.get({key!r}, MISSING)")
            self.emit(depth, f"if not isinstance({name}, dict):")
            if not ends:
                # A documented null is no issue: flagged, it would send the node to the walk.
                nullable = f" and {name} is not None" if keys in self.reader.nullable else ""
                self.emit(depth + 1, f"if {name} is not MISSING{nullable}:")
                self.emit(depth + 2, f"flags.append({self.name(f'K_{name}', keys)})")
            self.emit(depth + 1, f"{name} = None")
            if parent == "data" and not ends:
                # Made whenever the container is an object: an empty part takes nothing.
                taker = self.takers[key] = f"taken_{name}"
                self.emit(depth, "else:")
                self.emit(depth + 1, f"{taker} = taken.setdefault({key!r}, {{}})")
            self.containers_of(below, keys)

    def row(self, number: int) -> str:
        return self.name(f"ROW{number}", self.reader.rows[number])

    def lookup(self, target: str, keys: Key) -> None:
        parent = self.containers[keys[:-1]]
        if parent == "data":
            self.emit(1, f"{target} = data.get({keys[-1]!r}, MISSING)")
        else:
            get = f"{parent}.get({keys[-1]!r}, MISSING)"
            self.emit(1, f"{target} = MISSING if {parent} is None else {get}")

    def single(self, number: int, row: Field) -> None:
        self.lookup("raw", row.spellings[0])
        if row.missing is not None:
            self.emit(1, "if raw is MISSING:")
            self.emit(2, f"tagged.append(({number}, missing_issue({self.row(number)}, path)))")
            self.emit(1, "elif raw is not None:")
        else:
            self.emit(1, "if raw is not MISSING and raw is not None:")
        self.value(2, number, row, 0)

    def several(self, number: int, row: Field) -> None:
        raws = [f"raw{s}" for s in range(len(row.spellings))]
        for raw, keys in zip(raws, row.spellings, strict=True):
            self.lookup(raw, keys)
        self.emit(1, f"present = {' + '.join(f'({raw} is not MISSING)' for raw in raws)}")
        self.emit(1, "if present == 1:  # the payload spells it one way, as payloads do")
        for spelling, raw in enumerate(raws):
            self.emit(2, f"{'if' if spelling == 0 else 'elif'} {raw} is not MISSING:")
            self.emit(3, f"if {raw} is not None:")
            self.emit(4, f"raw = {raw}")
            self.value(4, number, row, spelling)
        self.emit(1, "elif present:")
        self.emit(2, "found = {}")
        for spelling, (raw, keys) in enumerate(zip(raws, row.spellings, strict=True)):
            self.emit(2, f"if {raw} is not MISSING:")
            self.emit(3, f"found[{spelling}] = ({self.name(f'K{number}_{spelling}', keys)}, {raw})")
        self.emit(
            2, f"read_spellings({number}, {self.row(number)}, found, path, out, taken, tagged)"
        )
        if row.missing is not None:
            self.emit(1, "else:")
            self.emit(2, f"tagged.append(({number}, missing_issue({self.row(number)}, path)))")

    def value(self, depth: int, number: int, row: Field, spelling: int) -> None:
        """Read ``raw`` (present, not None) as the row's ``spelling``: only the first one
        is ever taken, the others are kept as the payload spelled them."""
        cases = INLINE.get(id(row.codec), [])
        for index, (condition, value) in enumerate(cases):
            self.emit(depth, f"{'if' if index == 0 else 'elif'} {condition}:")
            self.store(depth + 1, number, row, value)
            if spelling == 0:
                self.take(depth + 1, number, row)
        if cases:
            self.emit(depth, "else:")
            depth += 1
        where = f"path + {join('', row.spellings[spelling])!r}"
        self.emit(depth, f"value = read_value({number}, {self.row(number)}, raw, {where}, tagged)")
        self.emit(depth, "if value is not MISSING:")
        self.store(depth + 1, number, row, "value")
        if spelling == 0:
            self.emit(depth + 1, f"if {self.name(f'keeps{number}', row.codec.keeps)}(raw, value):")
            self.take(depth + 2, number, row)

    def take(self, depth: int, number: int, row: Field) -> None:
        """Add the row's first spelling to ``taken`` (see :func:`._paths.take`)."""
        keys = row.spellings[0]
        if len(keys) == 1:
            self.emit(depth, f"taken[{keys[0]!r}] = True")
        elif len(keys) == 2 and keys[0] in self.takers:
            self.emit(depth, f"{self.takers[keys[0]]}[{keys[1]!r}] = True")
        else:
            self.emit(depth, f"take(taken, {self.name(f'K{number}', keys)})")

    def store(self, depth: int, number: int, row: Field, value: str) -> None:
        canonical = row.canonical
        if len(canonical) == 1:
            self.emit(depth, f"out[{canonical[0]!r}] = {value}")
        elif len(canonical) == 2:
            self.emit(depth, f"out.setdefault({canonical[0]!r}, {{}})[{canonical[1]!r}] = {value}")
        else:
            self.emit(depth, f"put(out, {self.name(f'C{number}', canonical)}, {value})")


__all__ = ["INLINE", "compile_reader", "read_value"]
