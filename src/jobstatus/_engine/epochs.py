"""Unix times as codecs: a count of seconds (or milliseconds) since 1970-01-01T00:00:00Z,
an int or a float, read into an aware ``datetime`` and written back in the vendor's unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from .codecs import Codec, CodecError, _describe, _is_number

# Epoch numbers: a count of seconds (or milliseconds) since 1970-01-01T00:00:00Z, an int or
# a float. Bounded to the years a datetime holds; 0 and negatives are refused, since no
# vendor starts a job in 1970 and a 0 is a placeholder, not an instant.
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_MAX_SECONDS = 253402300799  # 9999-12-31T23:59:59Z


def _epoch(scale: int, unit: str) -> Callable[[Any], datetime]:
    expected = f"a positive Unix time in {unit}"

    def parse(value: Any) -> datetime:
        # Up to the last instant of 9999 (the last millisecond of its last second, too).
        if not _is_number(value) or not 0 < value < (_EPOCH_MAX_SECONDS + 1) * scale:
            raise CodecError(f"expected {expected}, got {_describe(value)}")
        if isinstance(value, int):
            whole, rest = divmod(value, scale)
            return _EPOCH + timedelta(seconds=whole, microseconds=rest * 1_000_000 // scale)
        try:  # NaN fails the bounds above; a float rounding up past 9999 overflows here
            return _EPOCH + timedelta(microseconds=_micros(value, scale))
        except OverflowError:
            raise CodecError(f"expected {expected}, got {_describe(value)}") from None

    return parse


def _micros(value: float, scale: int) -> int:
    """The microseconds a positive finite Unix time in 1/``scale`` seconds names, to the
    nearest. Its whole part and its fraction apart (both exact), since multiplied whole the
    value would round at the float's spacing there (256 microseconds in 2043)."""
    whole = math.floor(value)
    unit = 1_000_000 // scale
    return whole * unit + round((value - whole) * unit)


def _render_epoch(scale: int, whole: bool = False) -> Callable[[datetime], int | float]:
    # ``whole``: to the unit below, for vendors whose times are integers (a finer instant
    # from another format loses its fraction, which a conversion reports).
    def render(value: datetime) -> int | float:
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        micros = (value - _EPOCH) // timedelta(microseconds=1)
        if whole or (micros * scale) % 1_000_000 == 0:
            return micros * scale // 1_000_000
        return micros * scale / 1_000_000

    return render


def _holds(raw: float, scale: int) -> bool:
    """Whether the microseconds a datetime holds give the (finite, positive) float Unix
    time ``raw`` back: then it is written back as it came, and reading it loses nothing."""
    return _micros(raw, scale) * scale / 1_000_000 == raw


def _epoch_loss(scale: int) -> Callable[[Any], str | None]:
    def loss(raw: Any) -> str | None:
        finite = isinstance(raw, float) and math.isfinite(raw) and raw > 0
        if finite and not _holds(raw, scale):
            return "a fraction finer than the microsecond is cut"
        return None

    return loss


def _epoch_exact(scale: int) -> Callable[[Any], bool]:
    def exact(raw: Any) -> bool:
        return type(raw) is int or (type(raw) is float and _holds(raw, scale))

    return exact


def _whole_exact(raw: Any) -> bool:
    # Written as a whole number: an int, or a float that is one, comes back the same.
    return type(raw) is int or (type(raw) is float and raw.is_integer())


UNIX_SECONDS = Codec(
    "Unix time in seconds",
    _epoch(1, "seconds"),
    _render_epoch(1),
    exact=_epoch_exact(1),
    loss=_epoch_loss(1),
)
UNIX_MILLISECONDS = Codec(
    "Unix time in milliseconds",
    _epoch(1000, "milliseconds"),
    _render_epoch(1000),
    exact=_epoch_exact(1000),
    loss=_epoch_loss(1000),
)
# Read as above; written as an integer, for vendors whose models type their times so.
UNIX_WHOLE_SECONDS = Codec(
    "Unix time in whole seconds",
    UNIX_SECONDS.parse,
    _render_epoch(1, whole=True),
    exact=_whole_exact,
    loss=UNIX_SECONDS.loss,
)
UNIX_WHOLE_MILLISECONDS = Codec(
    "Unix time in whole milliseconds",
    UNIX_MILLISECONDS.parse,
    _render_epoch(1000, whole=True),
    exact=_whole_exact,
    loss=UNIX_MILLISECONDS.loss,
)


__all__ = ["UNIX_MILLISECONDS", "UNIX_SECONDS", "UNIX_WHOLE_MILLISECONDS", "UNIX_WHOLE_SECONDS"]
