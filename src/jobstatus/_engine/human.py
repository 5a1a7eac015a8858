"""Human-readable durations ("1h 5m") and sizes ("2.3GB"): (parse, render) pairs."""

from __future__ import annotations

import math
import re

from .._quote import describe
from ..errors import JobStatusError

__all__ = [
    "UnitError",
    "describe",
    "parse_duration",
    "parse_size",
    "render_duration",
    "render_size",
]


class UnitError(JobStatusError, ValueError):
    """A duration or size is not spelled as expected, or out of range; the message quotes
    it."""


# One table per kind drives both directions, largest unit first.
_DURATION_UNITS: tuple[tuple[str, int], ...] = (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1))
_DECIMAL_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB", "PB")
_BINARY_SIZE_UNITS = ("KiB", "MiB", "GiB", "TiB", "PiB")

_SECONDS = dict(_DURATION_UNITS)
_RANK = {unit: rank for rank, (unit, _) in enumerate(_DURATION_UNITS)}
_BYTES = {unit.lower(): 1000**power for power, unit in enumerate(_DECIMAL_SIZE_UNITS)} | {
    unit.lower(): 1024 ** (power + 1) for power, unit in enumerate(_BINARY_SIZE_UNITS)
}

_DURATION_EXPECTED = "a duration like '1h 5m' (units d, h, m, s)"
_SIZE_EXPECTED = (
    "a size like '2.3GB' (units B, KB, MB, GB, TB, PB in powers of 1000, "
    "or KiB, MiB, GiB, TiB, PiB in powers of 1024)"
)

# ASCII only: in Unicode mode IGNORECASE lets the Kelvin sign (U+212A) match "k" and the
# long s (U+017F) match "s", and \d admits digits int() would read but no console prints.
_FLAGS = re.ASCII | re.IGNORECASE
_NUMBER = r"(?P<number>[0-9]+(?:\.[0-9]+)?)"
_DURATION_PART = re.compile(_NUMBER + r"(?P<space>\s*)(?P<unit>[a-z]*)\s*", _FLAGS)
_SIZE = re.compile(_NUMBER + r"\s*(?P<unit>[a-z]*)", _FLAGS)
_ASCII_SPACE = " \t\n\r\f\v"


def _kind(value: object) -> str:
    return type(value).__name__


def _error(expected: str, value: object, reason: str = "") -> UnitError:
    message = f"expected {expected}, got {describe(value)}"
    return UnitError(f"{message}: {reason}" if reason else message)


def _clean(text: object, expected: str) -> str:
    if not isinstance(text, str):
        raise _error(expected, text, f"{_kind(text)}, not a string")
    stripped = text.strip(_ASCII_SPACE)
    if not stripped:
        raise _error(expected, text, "the string is empty")
    if stripped.startswith("-"):
        raise _error(expected, text, "negative values are not allowed")
    return stripped


def _number(text: str, expected: str, value: str) -> tuple[int, int]:
    """A plain decimal as an exact ratio (numerator, denominator): "2.3" is (23, 10)."""
    whole, _, fraction = text.partition(".")
    try:
        return int(whole + fraction), 10 ** len(fraction)
    except ValueError:
        # Python >= 3.11 refuses to convert integers of more than 4300 digits.
        raise _error(expected, value, "the number has too many digits") from None


def _round_half_up(numerator: int, denominator: int = 1) -> int:
    # Half up rather than Python's half to even: "0.5s" reads as one second to a human.
    # Integer arithmetic on the exact ratio, as fast as it is exact.
    return (2 * numerator + denominator) // (2 * denominator)


def _spell(value: int, expected: str) -> str:
    try:
        return str(value)
    except ValueError:
        raise _error(expected, value, "more digits than int-to-str conversion allows") from None


def parse_duration(text: str) -> int:
    """Read a human duration such as TensorOne's ``estimatedTimeRemaining``.

    Integer components ``<number><unit>`` with units ``d`` (86400 s), ``h``, ``m`` and
    ``s``, largest first, each at most once, optionally separated by whitespace; or one
    decimal component such as ``1.5h``. Units are case-insensitive and surrounding
    whitespace is ignored. :func:`render_duration` is the inverse of this function on
    every spelling it emits.

    Args:
        text: The duration, e.g. ``"32m"``, ``"1h 5m"``, ``"1h5m"``, ``"2d 3h"``.

    Returns:
        The duration in whole seconds, rounded half up.

    Raises:
        UnitError: ``text`` is not a string, is empty or negative, or has a missing,
            unknown, repeated or out-of-order unit.

    Examples:
        >>> parse_duration("1h 5m")
        3900
        >>> parse_duration("1.5h")
        5400
    """
    stripped = _clean(text, _DURATION_EXPECTED)
    parts: list[re.Match[str]] = []
    position = 0
    while position < len(stripped):
        part = _DURATION_PART.match(stripped, position)
        if part is None:
            raise _error(_DURATION_EXPECTED, text)
        parts.append(part)
        position = part.end()

    total, scale = 0, 1  # the exact number of seconds, total / scale
    previous: str | None = None
    for part in parts:
        number, unit = part["number"], part["unit"].lower()
        if not unit:
            raise _error(_DURATION_EXPECTED, text, f"{describe(number)} has no unit")
        if unit not in _SECONDS:
            raise _error(_DURATION_EXPECTED, text, f"unknown unit {describe(part['unit'])}")
        if part["space"]:
            joined = describe(number + unit)
            raise _error(_DURATION_EXPECTED, text, f"write {joined} without a space")
        if previous == unit:
            raise _error(_DURATION_EXPECTED, text, f"unit {describe(unit)} appears more than once")
        if previous is not None and _RANK[unit] < _RANK[previous]:
            raise _error(_DURATION_EXPECTED, text, "units must go largest first (d, h, m, s)")
        if "." in number and len(parts) > 1:
            raise _error(_DURATION_EXPECTED, text, "a decimal is allowed only on its own")
        numerator, denominator = _number(number, _DURATION_EXPECTED, text)
        total = total * denominator + numerator * _SECONDS[unit] * scale
        scale *= denominator
        previous = unit
    return _round_half_up(total, scale)


def render_duration(seconds: int | float) -> str:
    """Spell a number of seconds the canonical way, e.g. ``"1h 5m"``.

    Components go largest first (``d`` = 86400 s, ``h``, ``m``, ``s``), zero components
    are left out and the rest are joined by one space; zero is ``"0s"``. The output is
    what :func:`parse_duration` reads back to the same number of seconds, and rendering
    that again gives the same string.

    Args:
        seconds: A non-negative, finite number of seconds; a float is rounded half up.

    Returns:
        The canonical spelling, e.g. ``"32m"``, ``"2d 3h"``, ``"45s"``.

    Raises:
        UnitError: ``seconds`` is negative, NaN, infinite, a bool or not a number.

    Examples:
        >>> render_duration(3900)
        '1h 5m'
        >>> render_duration(0)
        '0s'
    """
    expected = "a non-negative, finite number of seconds"
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise _error(expected, seconds, f"{_kind(seconds)}, not a number")
    if isinstance(seconds, float) and not math.isfinite(seconds):
        raise _error(expected, seconds, "not finite")
    if seconds < 0:
        raise _error(expected, seconds, "negative values are not allowed")
    if isinstance(seconds, int):
        remaining = seconds
    else:
        numerator, denominator = seconds.as_integer_ratio()
        remaining = _round_half_up(numerator, denominator)
    components: list[str] = []
    for unit, size in _DURATION_UNITS:
        count, remaining = divmod(remaining, size)
        if count:
            components.append(_spell(count, expected) + unit)
    return " ".join(components) or "0s"


def parse_size(text: str) -> int:
    """Read a human size such as a TensorOne checkpoint's ``size``.

    A number (integer or decimal, no sign, no exponent), optional whitespace, then a
    unit. ``B``, ``KB``, ``MB``, ``GB``, ``TB`` and ``PB`` are decimal (SI: 1 GB is
    10**9 bytes), as storage and cloud consoles print them; ``KiB`` ... ``PiB`` are
    binary (1 GiB is 2**30 bytes). Units are case-insensitive, so ``"Gb"`` is gigabytes
    and ``"b"`` bytes, never bits. :func:`render_size` is the inverse of this function on
    every spelling it emits.

    Args:
        text: The size, e.g. ``"2.3GB"``, ``"512 MB"``, ``"4GiB"``, ``"17B"``.

    Returns:
        The size in bytes, rounded half up.

    Raises:
        UnitError: ``text`` is not a string, is empty or negative, has no unit or an
            unknown one, or is not a plain decimal number.

    Examples:
        >>> parse_size("2.3GB")
        2300000000
        >>> parse_size("1 KiB")
        1024
    """
    stripped = _clean(text, _SIZE_EXPECTED)
    match = _SIZE.fullmatch(stripped)
    if match is None:
        raise _error(_SIZE_EXPECTED, text)
    unit = match["unit"]
    if not unit:
        raise _error(_SIZE_EXPECTED, text, "the unit is missing (bytes are 'B')")
    if unit.lower() not in _BYTES:
        raise _error(_SIZE_EXPECTED, text, f"unknown unit {describe(unit)}")
    numerator, denominator = _number(match["number"], _SIZE_EXPECTED, text)
    return _round_half_up(numerator * _BYTES[unit.lower()], denominator)


def render_size(n_bytes: int) -> str:
    """Spell a number of bytes the canonical way, in decimal units, e.g. ``"2.3GB"``.

    Uses the largest decimal unit (1 KB = 1000 bytes, ..., 1 GB = 10**9 bytes, up to PB)
    in which the value is at least 1, and the shortest decimal that reads back to exactly
    ``n_bytes``: no space before the unit, no trailing zeros, no exponent. The output is
    what :func:`parse_size` reads back to the same number of bytes, and rendering that
    again gives the same string.

    Args:
        n_bytes: A non-negative integer number of bytes.

    Returns:
        The canonical spelling, e.g. ``"512MB"``, ``"2.345678901GB"``, ``"0B"``.

    Raises:
        UnitError: ``n_bytes`` is negative, a bool or not an int.

    Examples:
        >>> render_size(2_300_000_000)
        '2.3GB'
        >>> render_size(1)
        '1B'
    """
    expected = "a non-negative integer number of bytes"
    if isinstance(n_bytes, bool) or not isinstance(n_bytes, int):
        raise _error(expected, n_bytes, f"{_kind(n_bytes)}, not an int")
    if n_bytes < 0:
        raise _error(expected, n_bytes, "negative values are not allowed")
    digits = _spell(n_bytes, expected)
    # Each unit is 1000 times the last, so choosing one only moves the decimal point:
    # exact, and the shortest spelling since any shorter one is a different byte count.
    power = min((len(digits) - 1) // 3, len(_DECIMAL_SIZE_UNITS) - 1)
    if power == 0:
        return digits + _DECIMAL_SIZE_UNITS[0]
    whole, fraction = digits[: -3 * power], digits[-3 * power :].rstrip("0")
    return (f"{whole}.{fraction}" if fraction else whole) + _DECIMAL_SIZE_UNITS[power]
