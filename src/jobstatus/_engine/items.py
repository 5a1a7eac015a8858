"""Arrays of vendor objects as child tables: one declaration of rows, both directions.

:func:`items` makes a codec from a model class and :func:`~.tables.field` rows, each row
tying a path in the model object to a path in the vendor object, with a stock codec. It
reads a JSON array into a tuple of model objects and writes it back, and it is used as
any codec is: ``field("checkpoints", "checkpoints", codec=items(Checkpoint, ...))``.

Its ``same`` compares item by item with each row's codec, so only a number's or an
instant's spelling may differ; an item with a key no row reads, a null, or a value whose
spelling the row would not reproduce makes the whole array differ, and the engine then
keeps it verbatim in the extensions (and writes it back as it came).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from pydantic import BaseModel, ValidationError

from . import codecs
from .codecs import Codec, CodecError
from .human import describe
from .paths import MISSING, Key, put
from .tables import Field, check_canonical

# Vendor key -> (the row ending there, or None; the keys below it). A rest row's object
# has the rest row itself in ``REST`` of its level, for the keys no other row claims.
_Trie = dict[str, tuple["Field | None", "_Trie"]]
_REST = "\x00rest"
# Codecs whose ``same`` holds of any two equal values: none reads a bool as a number (the
# one pair ``==`` calls equal that ``same`` tells apart), so for their rows an array equal
# to its rendering is the same, with no comparison leaf by leaf.
_PLAIN_EQUAL = frozenset(id(c) for c in vars(codecs).values() if isinstance(c, Codec))


@dataclass(frozen=True)
class Items(Codec):
    """A codec reading a JSON array of objects into a tuple of ``model`` objects.

    Made by :func:`items`; see there. ``rows`` are its field table and ``label`` names one
    item in messages (``checkpoint 2``).
    """

    name: str = dc_field(init=False)
    parse: Callable[[Any], Any] = dc_field(init=False, repr=False)
    render: Callable[[Any], Any] = dc_field(init=False, repr=False)
    same: Callable[[Any, Any], bool] = dc_field(init=False, repr=False)
    exact: Callable[[Any], bool] | None = dc_field(init=False, default=None, repr=False)
    loss: Callable[[Any], str | None] | None = dc_field(init=False, repr=False)
    model: type[BaseModel] = BaseModel
    rows: tuple[Field, ...] = ()
    label: str = "item"
    _plan: tuple[tuple[Field, Key, str], ...] = dc_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_canonical(self.rows)
        for row in self.rows:
            _check_row(self.model, row)
        trie: _Trie = {}
        for row in self.rows:
            level = trie
            keys = row.spellings[0]
            for depth, key in enumerate(keys):
                at_end = depth == len(keys) - 1 and not row.rest
                ending, below = level.get(key, (None, {}))
                level[key] = (row if at_end else ending, below)
                level = below
            if row.rest:
                level[_REST] = (row, {})
        setter = object.__setattr__
        plan = tuple((row, row.spellings[0], _dotted(row.spellings[0])) for row in self.rows)
        setter(self, "_plan", plan)
        setter(self, "name", f"array of {self.label}s")
        setter(self, "parse", self._parse)
        setter(self, "render", self._render)
        if all(id(row.codec) in _PLAIN_EQUAL for row in self.rows):
            setter(self, "same", lambda raw, out: raw == out or _same_list(trie, raw, out))
        else:
            setter(self, "same", lambda raw, out: _same_list(trie, raw, out))
        setter(self, "loss", self._loss if any(r.codec.loss for r in self.rows) else None)

    # -- reading ---------------------------------------------------------------------

    def _parse(self, raw: Any) -> tuple[BaseModel, ...]:
        if not isinstance(raw, list):
            raise CodecError(f"expected {self.name}, got {describe(raw)}")
        return tuple(self._parse_item(index, item) for index, item in enumerate(raw))

    def _parse_item(self, index: int, item: Any) -> BaseModel:
        if not isinstance(item, dict):
            raise CodecError(f"{self.label} {index}: expected an object, got {describe(item)}")
        values: dict[str, Any] = {}
        for row, keys, dotted in self._plan:
            # One key, one lookup: most rows of an item are its own keys.
            found = item.get(keys[0]) if len(keys) == 1 else _lookup(item, keys, self, index)
            if found is None or found is MISSING:
                continue
            if row.rest:
                _read_rest(self.rows, row, found, values, f"{self.label} {index}")
                continue
            try:
                value = row.codec.parse(found)
            except CodecError as error:
                raise CodecError(f"{self.label} {index}, {dotted}: {error}") from None
            if value is None or (isinstance(value, (tuple, list, dict)) and not value):
                continue  # absent, or empty: the model has no "empty"
            canonical = row.canonical
            if len(canonical) == 1:
                values[canonical[0]] = value
            else:
                put(values, canonical, value)
        try:
            return self.model.model_validate(values)
        except ValidationError as error:
            raise CodecError(_explain(error, self.rows, f"{self.label} {index}")) from None

    def _loss(self, raw: Any) -> str | None:
        lost = []
        for index, item in enumerate(raw if isinstance(raw, list) else ()):
            for row in self.rows:
                if row.codec.loss is None or row.rest or not isinstance(item, dict):
                    continue
                found = _lookup(item, row.spellings[0], self, index)
                said = None if found is MISSING or found is None else row.codec.loss(found)
                if said:
                    lost.append(f"{self.label} {index}, {_dotted(row.spellings[0])}: {said}")
        return "; ".join(lost) or None

    # -- writing ---------------------------------------------------------------------

    def _render(self, value: tuple[BaseModel, ...]) -> list[dict[str, Any]]:
        out = []
        for obj in value:
            item: dict[str, Any] = {}
            for row, keys, _ in self._plan:
                canonical = row.value_of(obj)
                if canonical is None or (
                    isinstance(canonical, (tuple, list, dict)) and not canonical
                ):
                    continue
                if row.rest:
                    for key, each in canonical.items():
                        put(item, (*keys, key), row.codec.render(each))
                elif len(keys) == 1:
                    item[keys[0]] = row.codec.render(canonical)
                else:
                    put(item, keys, row.codec.render(canonical))
            out.append(item)
        return out


def items(model: type[BaseModel], *rows: Field, label: str | None = None) -> Items:
    """A codec for an array of vendor objects, each read into a ``model`` object.

    Each row is a :func:`field` (or :func:`rest`) whose canonical path is a path in
    ``model`` (``"metrics.val_loss"``) and whose vendor path is a path in the vendor's
    object (``"metrics.validationLoss"``); the first vendor spelling is read and written.
    A null or absent value is left out; a value a row's codec refuses makes the whole
    array unreadable, with the item's index and key in the message (the engine reports
    it as an ``invalid_value`` issue and keeps the array as sent). A row's precision
    loss (a timestamp finer than a microsecond) is reported through ``loss``.

    Args:
        model: the frozen pydantic model of one item (``Checkpoint``, ``MetricPoint``...).
        rows: the item's field table.
        label: what one item is called in messages; by default the model's name in words.

    Examples:
        >>> from jobstatus.authoring import COUNT, STRING, Checkpoint, CodecError, field
        >>> CHECKPOINTS = items(
        ...     Checkpoint,
        ...     field("id", "checkpointId", codec=STRING),
        ...     field("step", "step", codec=COUNT),
        ... )
        >>> CHECKPOINTS.parse([{"checkpointId": "c-1", "step": 10}])[0].step
        10
        >>> CHECKPOINTS.render((Checkpoint(id="c-2"),))
        [{'checkpointId': 'c-2'}]
        >>> try:
        ...     CHECKPOINTS.parse([{"checkpointId": "c-1"}, {"step": -1}])
        ... except CodecError as error:
        ...     print(error)
        checkpoint 1, step: expected a non-negative integer, got -1
    """
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"items() needs a pydantic model class, got {model!r}")
    return Items(model=model, rows=rows, label=label or _words(model.__name__))


def _check_row(model: type[BaseModel], row: Field) -> None:
    """A row must name a field of the model (so a typo fails when the adapter is built)
    and must not say ``missing``: a codec can refuse a value, not report an absent one."""
    if row.missing is not None:
        raise ValueError(f"an item row cannot say missing= ({'.'.join(row.canonical)!r})")
    current: Any = model
    for attr in row.canonical:
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return  # below a dict or a plain value: nothing more to check
        if attr not in fields:
            raise ValueError(f"{model.__name__} has no field {'.'.join(row.canonical)!r}")
        current = fields[attr].annotation


def _lookup(item: dict[str, Any], keys: Key, items: Items, index: int) -> Any:
    """The value at ``keys`` in an item: MISSING when absent or below a null."""
    value: Any = item
    for depth, key in enumerate(keys):
        if value is None:
            return MISSING
        if not isinstance(value, dict):
            at = _dotted(keys[:depth])
            what = f"expected an object, got {describe(value)}"
            raise CodecError(f"{items.label} {index}, {at}: {what}")
        value = value.get(key, MISSING)
        if value is MISSING:
            return MISSING
    return value


def _read(row: Field, raw: Any, where: str) -> Any:
    try:
        return row.codec.parse(raw)
    except CodecError as error:
        raise CodecError(f"{where}: {error}") from None


def _read_rest(
    rows: tuple[Field, ...], row: Field, found: Any, values: dict[str, Any], where: str
) -> None:
    base = row.spellings[0]
    if not isinstance(found, dict):
        raise CodecError(f"{where}, {_dotted(base)}: expected an object, got {describe(found)}")
    claimed = {keys[-1] for r in rows if not r.rest for keys in r.spellings if keys[:-1] == base}
    read = {}
    for key, raw in found.items():
        if key in claimed or (row.match is not None and not row.match(key)) or raw is None:
            continue
        value = _read(row, raw, f"{where}, {_dotted((*base, key))}")
        if value is not None:
            read[key] = value
    if read:
        put(values, row.canonical, read)


def _explain(error: ValidationError, rows: tuple[Field, ...], where: str) -> str:
    """A model's refusal in the vendor's terms: the key of the row behind the field."""
    first = error.errors()[0]
    loc = tuple(str(part) for part in first["loc"])
    row = next((r for r in rows if loc[: len(r.canonical)] == r.canonical), None)
    if row is None:
        return f"{where}: {'.'.join(loc)}: {first['msg'].lower()}"
    key = _dotted(row.spellings[0])
    if first["type"] == "missing":
        return f"{where}: missing {key!r}"
    return f"{where}, {key}: {first['msg'].lower()}"


def _same_list(trie: _Trie, raw: Any, rendered: Any) -> bool:
    if not (isinstance(raw, list) and isinstance(rendered, list)):
        return False
    return len(raw) == len(rendered) and all(map(_same_object, [trie] * len(raw), raw, rendered))


def _same_object(trie: _Trie, raw: Any, rendered: Any) -> bool:
    """Whether two items say the same: the same keys, each value the same to its row's
    codec (a key no row reads is never rendered, so it tells them apart)."""
    if not (isinstance(raw, dict) and isinstance(rendered, dict)) or raw.keys() != rendered.keys():
        return False
    rest = trie.get(_REST)
    for key, value in raw.items():
        row, below = trie.get(key, (None, {}))
        if row is not None:
            same = row.codec.same(value, rendered[key])
        elif below:
            same = _same_object(below, value, rendered[key])
        elif rest is not None and rest[0] is not None:
            same = rest[0].codec.same(value, rendered[key])
        else:
            same = False
        if not same:
            return False
    return True


def _dotted(keys: Key) -> str:
    return ".".join(keys)


def _words(name: str) -> str:
    """``MetricPoint`` -> ``metric point``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower()


__all__ = ["Items", "items"]
