"""Reading one vendor value through its row's codec, and the issues that reading reports.

These are the paths of :mod:`.reader`'s generated code that are not written inline: a
codec's own ``parse`` (a custom codec, or a stock one's uncommon case), a row that a
payload may spell several ways, a rest row's keys, and the reports of a container of the
wrong type or a required key that is absent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import Severity
from .codecs import CodecError
from .human import describe
from .paths import MISSING, Key, child, empty, get, join, put

if TYPE_CHECKING:
    from .tables import Field

Issue = dict[str, str]
Tagged = list[tuple[int, Issue]]
"""Issues of one node, each with the number of the row that found it (-1: the walk)."""
Found = dict[int, tuple[Key, Any, dict[str, Any]]]
"""Spelling number -> (vendor keys, raw value, the extensions holding it), for the
spellings of one row a node holds."""
Drop = list[tuple[dict[str, Any], str]]
"""(extensions, key) of each value the model holds as sent, left out of the extensions."""


def read_value(number: int, row: Field, raw: Any, where: str, tagged: Tagged) -> Any:
    """The codec's own path: the canonical value of ``raw`` (present, not None), or MISSING
    when it is unreadable (an issue) or empty (kept as sent: the model has no "empty")."""
    codec = row.codec
    try:
        value = codec.parse(raw)
    except CodecError as error:
        tagged.append((number, issue(where, "invalid_value", str(error), "error")))
        return MISSING
    if codec.loss is not None:
        note_loss(number, row, raw, where, tagged)
    return MISSING if empty(value) else value


def read_rest(
    number: int, row: Field, key: str, raw: Any, base: str, found: dict[str, Any], tagged: Tagged
) -> bool:
    """Read one key of a rest row's object (at the JSON path ``base``) into ``found``;
    whether the model holds it as sent (then it is not kept)."""
    if raw is None:
        return False
    codec = row.codec
    try:
        value = codec.parse(raw)
    except CodecError as error:
        where = child(base, key)
        tagged.append((number, issue(where, "invalid_value", str(error), "error")))
        return False
    if codec.loss is not None:
        note_loss(number, row, raw, child(base, key), tagged)
    if value is None:
        return False
    found[key] = value
    return codec.keeps(raw, value)


def read_spellings(
    number: int,
    row: Field,
    found: Found,
    path: str,
    out: dict[str, Any],
    tagged: Tagged,
    drop: Drop,
) -> None:
    """Read a row from the spellings a node holds: the first one with a value wins."""
    codec = row.codec
    for spelling in sorted(found):
        keys, raw, ext = found[spelling]
        if raw is None:
            continue
        value = read_value(number, row, raw, join(path, keys), tagged)
        if value is MISSING:
            continue
        put(out, row.canonical, value)
        if (
            spelling == 0
            and codec.keeps(raw, value)
            and not any(codec.means(other, value) for s, (_, other, _) in found.items() if s)
        ):
            # Taken, so written back from the model. Not when another spelling holds the
            # same value: written back from there, it would stand in for this one too.
            drop.append((ext, keys[-1]))
        return


def check_rest(
    number: int,
    row: Field,
    data: dict[str, Any],
    path: str,
    tagged: Tagged,
    flagged: set[str],
    nullable: frozenset[Key],
) -> None:
    """Report a rest row's object when it, or an object on the way to it, is not one."""
    base = row.spellings[0]
    container, bad = get(data, base)
    if bad >= 0:
        flag_container(data, base[: bad + 1], path, tagged, number, flagged, nullable)
    if container is not MISSING and not isinstance(container, dict):
        flag_container(data, base, path, tagged, number, flagged, nullable)


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
