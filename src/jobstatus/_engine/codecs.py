"""Value codecs: (parse, render) pairs kept together, one per kind of vendor value.

A codec's ``parse`` turns a raw JSON value into the canonical value or raises
:class:`CodecError` saying what it expected; ``render`` is its inverse. ``parse`` may
return ``None`` for a value that means "absent" (an empty traceback). ``same`` tells
whether two raw spellings mean the same value, so the engine knows when rendering would
change a value (and keeps the vendor's spelling) and when only its spelling would change
(which the fidelity contract allows: ``75`` vs ``75.0``, ``Z`` vs ``+00:00``). ``exact``
answers that question without rendering, for the raw values where the codec can tell.
``loss`` says what reading a raw value loses although it is read (a timestamp finer than
the model holds): the engine reports it, and keeps the raw value as it came.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from ..errors import JobStatusError
from . import human


class CodecError(JobStatusError, ValueError):
    """A raw value does not fit the codec; the message says what was expected."""


def _equal(a: Any, b: Any) -> bool:
    return (type(a) is type(b) or (_is_number(a) and _is_number(b))) and bool(a == b)


@dataclass(frozen=True)
class Codec:
    """How one kind of value is read from and written to a vendor payload.

    ``exact(raw)`` may say that ``render(parse(raw))`` is certainly ``same`` as ``raw``,
    which spares the engine a render per value read; ``False`` (or no ``exact``) only
    means "render and compare", so it never changes what is read. ``loss(raw)``, for a
    raw value ``parse`` reads, says what the value read lacks of it (None: nothing).

    ``inline`` lists the codec's common cases for the generated readers, as pairs of
    Python expressions over ``raw``: (a condition, the canonical value it reads as). Each
    condition must imply that ``parse`` gives that value (never None nor empty) and that
    rendering it spells ``raw`` the same; any other value takes ``parse``. Custom codecs
    may declare theirs the same way.
    """

    name: str
    parse: Callable[[Any], Any]
    render: Callable[[Any], Any]
    same: Callable[[Any, Any], bool] = _equal
    exact: Callable[[Any], bool] | None = None
    loss: Callable[[Any], str | None] | None = None
    inline: tuple[tuple[str, str], ...] = ()

    def keeps(self, raw: Any, value: Any) -> bool:
        """Whether writing ``value`` (read from ``raw``) back spells ``raw`` the same."""
        return (self.exact is not None and self.exact(raw)) or self.same(raw, self.render(value))

    def means(self, raw: Any, value: Any) -> bool:
        """Whether ``raw`` reads as ``value`` (never a null, nor what the codec refuses)."""
        try:
            return raw is not None and bool(self.parse(raw) == value)
        except CodecError:
            return False


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_describe = human.describe


def _finite(value: Any, what: str) -> float:
    if _is_number(value):
        try:
            number = float(value)
        except OverflowError:  # an integer past the largest float: no float field holds it
            pass
        else:
            if math.isfinite(number):
                return number
    raise CodecError(f"expected {what}, got {_describe(value)}")


def _parse_number(value: Any) -> float:
    return _finite(value, "a finite number")


def _parse_non_negative(value: Any) -> float:
    number = _finite(value, "a non-negative number")
    if number < 0:
        raise CodecError(f"expected a non-negative number, got {_describe(value)}")
    return number


def _parse_percent(value: Any) -> float:
    number = _finite(value, "a percentage between 0 and 100")
    if not 0 <= number <= 100:
        raise CodecError(f"expected a percentage between 0 and 100, got {_describe(value)}")
    return number


def _parse_percent_text(value: Any) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            number = float(value.strip()[:-1])
        except ValueError:
            raise CodecError(f"expected a percentage like '45%', got {_describe(value)}") from None
        return _parse_percent(number)
    return _parse_percent(value)


def render_number(value: float) -> int | float:
    # Vendors write whole numbers without a fraction; keep that spelling where we can.
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _parse_count(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if value >= 0:  # however large: a count is a Python int
            return int(value)
    elif isinstance(value, float) and math.isfinite(value) and value >= 0 and value.is_integer():
        return int(value)
    raise CodecError(f"expected a non-negative integer, got {_describe(value)}")


def _parse_string(value: Any) -> str:
    if not isinstance(value, str):
        raise CodecError(f"expected a string, got {_describe(value)}")
    return value


def _parse_text(value: Any) -> str | None:
    return _parse_string(value) or None


def _parse_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise CodecError(f"expected an object, got {_describe(value)}")
    return value


def _parse_number_map(value: Any) -> dict[str, float]:
    mapping = _parse_object(value)
    return {key: _parse_number(item) for key, item in mapping.items()}


def _render_number_map(value: dict[str, float]) -> dict[str, int | float]:
    return {key: render_number(item) for key, item in value.items()}


def _parse_list(item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def parse(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise CodecError(f"expected an array, got {_describe(value)}")
        return tuple(item(element) for element in value)

    return parse


def parse_timestamp(value: Any) -> datetime:
    """Read an ISO 8601 timestamp; a naive one is read as UTC.

    A datetime holds microseconds, and RFC 3339 (the canonical JSON) offsets of whole
    minutes: digits past the microsecond are cut, and an offset with seconds is read as the
    same instant in UTC (:func:`timestamp_loss` says so, and the engine reports it).
    """
    if _FROMISO_READS_ALL and type(value) is str:
        plain = _PLAIN.fullmatch(value)
        if plain is not None:
            # Most timestamps: nothing to cut, no offset with seconds. A naive one is given
            # its zone in the text, which costs a fifth of ``replace(tzinfo=...)``.
            try:
                return datetime.fromisoformat(value if plain[1] else value + "+00:00")
            except ValueError:  # an hour past 23, a 30th of February: refused below
                pass
    moment = _moment(value)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    if moment.utcoffset() % _MINUTE:  # type: ignore[operator]  # aware: it has an offset
        try:
            return moment.astimezone(timezone.utc)
        except OverflowError:  # at the calendar's edge: no UTC spelling
            raise CodecError(f"expected an ISO 8601 timestamp, got {_describe(value)}") from None
    return moment


# The common spelling, which needs neither a fraction cut, a "Z" replaced (Python 3.11+
# reads it) nor a look for what a datetime cannot hold: fractions of one to six digits,
# offsets in whole minutes. Anything else goes the long way.
_PLAIN = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_FROMISO_READS_ALL = sys.version_info >= (3, 11)

_EXTENDED = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:\Z|[Tt ][0-9]{2}:[0-9]{2}(?:\Z|[^0-9:]|:[0-9]{2}(?![0-9])))"
)


def _moment(value: Any) -> datetime:
    if not isinstance(value, str):
        raise CodecError(f"expected an ISO 8601 timestamp, got {_describe(value)}")
    text = value.strip()
    # The extended format only (2024-01-31T10:00): Python 3.11+ also reads the basic one
    # ("20240131", "00010110"), which 3.10 and the canonical reader refuse.
    if not _EXTENDED.match(text):
        raise CodecError(f"expected an ISO 8601 timestamp, got {_describe(value)}")
    # Python 3.10's fromisoformat knows neither "Z" nor every fraction length.
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(_pad_fraction(text))
    except ValueError:
        raise CodecError(f"expected an ISO 8601 timestamp, got {_describe(value)}") from None


_MINUTE = timedelta(minutes=1)
# What a datetime cannot hold: a non-zero digit past the microsecond; an offset with
# seconds (a time's last digit, then a sign and three pairs of digits).
_SUB_MICROSECOND = re.compile(r"\.[0-9]{6}0*[1-9]")
_OFFSET_SECONDS = re.compile(r"[0-9][+-][0-9]{2}:?[0-9]{2}:?[0-9]{2}")


def _maybe_finer(raw: str) -> bool:
    """A first look, cheaper than the patterns (every timestamp read takes it): whether
    ``raw`` has a seventh fraction digit, or an offset that may have seconds."""
    dot = raw.find(".")
    if dot >= 0 and raw[dot + 7 : dot + 8].isdigit():
        return True
    sign = max(raw.rfind("+"), raw.rfind("-"))
    if sign <= 10:  # a date's dashes only: no offset
        return False
    offset = raw[sign + 1 :]
    return offset.count(":") > 1 or (":" not in offset and len(offset) > 4)


def timestamp_loss(raw: Any) -> str | None:
    """What reading the timestamp ``raw`` loses: digits past the microsecond, or the
    seconds of its offset (read as the same instant in UTC); None when nothing is lost.

    Examples:
        >>> timestamp_loss("2025-01-01T00:00:00.123456789Z")
        "timestamp '2025-01-01T00:00:00.123456789Z' has digits past the microsecond (cut)"
        >>> timestamp_loss("2025-01-01T00:00:00.123456Z") is None
        True
    """
    if not isinstance(raw, str) or _PLAIN.fullmatch(raw) or not _maybe_finer(raw):
        return None
    lost = []
    if _SUB_MICROSECOND.search(raw):
        lost.append("digits past the microsecond (cut)")
    if _OFFSET_SECONDS.search(raw):
        try:
            offset = _moment(raw).utcoffset()
        except CodecError:
            return None
        if offset is not None and offset % _MINUTE:
            lost.append("an offset with seconds (read as the same instant in UTC)")
    return f"timestamp {_describe(raw)} has {' and '.join(lost)}" if lost else None


def _pad_fraction(text: str) -> str:
    head, dot, rest = text.partition(".")
    if not dot:
        return text
    digits = len(rest) - len(rest.lstrip("0123456789"))
    fraction, zone = rest[:digits], rest[digits:]
    if not fraction:
        return text
    return f"{head}.{(fraction + '000000')[:6]}{zone}"


def render_timestamp(value: datetime) -> str:
    """Write an aware timestamp in ISO 8601, UTC spelled ``Z``."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _render_naive_utc(value: datetime) -> str:
    try:
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat()
    except OverflowError:  # an instant at the calendar's edge has no UTC spelling: keep its own
        return render_timestamp(value)


def _same_instant(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if timestamp_loss(a) or timestamp_loss(b):  # then equal instants may still differ
        return False
    try:
        return parse_timestamp(a) == parse_timestamp(b)
    except CodecError:
        return False


def _guard(parse: Callable[[Any], Any], scale: float = 1.0) -> Callable[[Any], Any]:
    """A human-unit reader as a codec's: every refusal a CodecError, and a number divided
    by ``scale`` only when it fits a float, since that is what the model holds."""

    def guarded(value: Any) -> Any:
        if not isinstance(value, str):
            raise CodecError(f"expected a string, got {_describe(value)}")
        try:
            number = parse(value)
            if scale != 1.0:
                number = number / scale
        except human.UnitError as error:
            raise CodecError(str(error)) from None
        except ArithmeticError:  # an integer too large to divide into a float
            number = math.inf
        if number > _FLOAT_MAX:  # exact: Python compares an int with a float without rounding
            raise CodecError(f"expected a value a float can hold, got {_describe(value)}")
        return number

    return guarded


_FLOAT_MAX = sys.float_info.max


def _identity(value: Any) -> Any:
    return value


def _always(raw: Any) -> bool:
    return True


# Every integer up to 2**53 is a float, and render_number writes it back as that integer
# (the inline cases of NUMBER and NON_NEGATIVE spell the bound out: 9007199254740992).
_SAFE_INT = 2**53


def _exact_number(raw: Any) -> bool:
    return type(raw) is float or (type(raw) is int and -_SAFE_INT < raw < _SAFE_INT)


def _not_text(raw: Any) -> bool:
    return not isinstance(raw, str)


def _read_exactly(raw: Any) -> bool:
    # The first look only: a false alarm (a seventh digit 0) costs a comparison, no more.
    return isinstance(raw, str) and (_PLAIN.fullmatch(raw) is not None or not _maybe_finer(raw))


ANY = Codec("any value", _identity, _identity)
STRING = Codec(
    "string", _parse_string, _identity, exact=_always, inline=(("type(raw) is str", "raw"),)
)
TEXT = Codec(
    "string, empty meaning absent",
    _parse_text,
    _identity,
    exact=_always,
    inline=(("type(raw) is str and raw", "raw"),),
)
OBJECT = Codec(
    "object",
    _parse_object,
    _identity,
    exact=_always,
    inline=(("type(raw) is dict and raw", "raw"),),
)
NUMBER = Codec(
    "number",
    _parse_number,
    render_number,
    exact=_exact_number,
    inline=(
        ("type(raw) is float and raw - raw == 0.0", "raw"),
        ("type(raw) is int and -9007199254740992 < raw < 9007199254740992", "float(raw)"),
    ),
)
NON_NEGATIVE = Codec(
    "non-negative number",
    _parse_non_negative,
    render_number,
    exact=_exact_number,
    inline=(
        ("type(raw) is float and raw >= 0.0 and raw - raw == 0.0", "raw"),
        ("type(raw) is int and 0 <= raw < 9007199254740992", "float(raw)"),
    ),
)
# The common spellings of a percentage: a float or an integer in range.
_PERCENT = (
    ("type(raw) is float and 0.0 <= raw <= 100.0", "raw"),
    ("type(raw) is int and 0 <= raw <= 100", "float(raw)"),
)
PERCENT = Codec("percentage", _parse_percent, render_number, exact=_always, inline=_PERCENT)
PERCENT_TEXT = Codec(
    "percentage, as a number or '45%'",
    _parse_percent_text,
    render_number,
    exact=_not_text,
    inline=_PERCENT,
)
COUNT = Codec(
    "non-negative integer",
    _parse_count,
    _identity,
    exact=_always,
    inline=(("type(raw) is int and raw >= 0", "raw"),),
)
NUMBER_MAP = Codec("object of numbers", _parse_number_map, _render_number_map)
PERCENT_LIST = Codec(
    "array of percentages",
    _parse_list(_parse_percent),
    lambda v: [render_number(x) for x in v],
    exact=_always,
)
NUMBER_LIST = Codec(
    "array of non-negative numbers",
    _parse_list(_parse_non_negative),
    lambda v: [render_number(x) for x in v],
)
# Reading a rendered instant gives the same instant back, which is all `same` asks of them.
TIMESTAMP = Codec(
    "ISO 8601 timestamp",
    parse_timestamp,
    render_timestamp,
    _same_instant,
    exact=_read_exactly,
    loss=timestamp_loss,
)
NAIVE_UTC_TIMESTAMP = Codec(
    "ISO 8601 timestamp, UTC without zone",
    parse_timestamp,
    _render_naive_utc,
    _same_instant,
    exact=_read_exactly,
    loss=timestamp_loss,
)
DURATION = Codec("duration like '1h 5m'", _guard(human.parse_duration), human.render_duration)
SIZE = Codec(
    "size like '2.3GB' (decimal units)",
    _guard(human.parse_size),
    lambda n: human.render_size(int(n)),
)
GIGABYTES = Codec(
    "size like '64GB', read in GB",
    _guard(human.parse_size, 1e9),
    lambda gb: human.render_size(round(gb * 1e9)),
)


def auto_or(codec: Codec, auto: str = "auto") -> Codec:
    """``codec``, or the word ``auto`` (the vendor will choose the value).

    ``auto`` reads as absent (the rule for every codec: ``parse`` returning None), so the
    model holds nothing and the payload keeps ``"auto"`` as it came, written back as sent.

    Examples:
        >>> N_EPOCHS = auto_or(COUNT)
        >>> N_EPOCHS.parse("auto") is None, N_EPOCHS.parse(3)
        (True, 3)
    """

    def parse(value: Any) -> Any:
        if value == auto and isinstance(value, str):
            return None
        try:
            return codec.parse(value)
        except CodecError:
            raise CodecError(f"expected {codec.name} or {auto!r}, got {_describe(value)}") from None

    return Codec(f"{codec.name}, or {auto!r}", parse, codec.render, codec.same, loss=codec.loss)


__all__ = [
    "ANY",
    "COUNT",
    "DURATION",
    "GIGABYTES",
    "NAIVE_UTC_TIMESTAMP",
    "NON_NEGATIVE",
    "NUMBER",
    "NUMBER_LIST",
    "NUMBER_MAP",
    "OBJECT",
    "PERCENT",
    "PERCENT_LIST",
    "PERCENT_TEXT",
    "SIZE",
    "STRING",
    "TEXT",
    "TIMESTAMP",
    "Codec",
    "CodecError",
    "auto_or",
    "parse_timestamp",
    "render_number",
    "render_timestamp",
    "timestamp_loss",
]
