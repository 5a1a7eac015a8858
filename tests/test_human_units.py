"""Human durations and sizes: example tables, round trips, and robustness on any input."""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobstatus._engine.human import (
    UnitError,
    parse_duration,
    parse_size,
    render_duration,
    render_size,
)

# --- durations ---------------------------------------------------------------------------

DURATIONS = [
    # Every spelling in the TensorOne document and vendor notes.
    ("32m", 1_920),
    ("1h 5m", 3_900),
    ("45s", 45),
    ("2d 3h", 183_600),
    # Separators, case and surrounding whitespace.
    ("1h5m", 3_900),
    ("1h   5m", 3_900),
    ("1h\t5m", 3_900),
    ("  32m\n", 1_920),
    ("1H 5M", 3_900),
    ("2D3h4M5s", 183_845),
    # Zero and non-canonical but unambiguous spellings.
    ("0s", 0),
    ("0d 0h 0m 0s", 0),
    ("90m", 5_400),
    ("01h 05m", 3_900),
    ("100000d", 8_640_000_000),
    # One decimal component, rounded half up to the second.
    ("1.5h", 5_400),
    ("0.5m", 30),
    ("2.25d", 194_400),
    ("0.5s", 1),
    ("0.49s", 0),
    ("1.0s", 1),
]


@pytest.mark.parametrize(("text", "seconds"), DURATIONS)
def test_parse_duration_examples(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


DURATION_REJECTS: list[tuple[Any, str]] = [
    ("", "empty"),
    ("   ", "empty"),
    ("-5m", "negative"),
    ("- 5m", "negative"),
    ("5 parsecs", "unknown unit 'parsecs'"),
    ("5y", "unknown unit 'y'"),
    ("5ms", "unknown unit 'ms'"),
    ("5", "'5' has no unit"),
    ("1h 30", "'30' has no unit"),
    ("5 m", "without a space"),
    ("1h 1h", "more than once"),
    ("1m 1h", "largest first"),
    ("1h 5m 2h", "largest first"),
    ("1.5h 30m", "decimal"),
    ("1h 0.5m", "decimal"),
    (".5h", "got '.5h'"),
    ("5.h", "got '5.h'"),
    ("1e3s", "unknown unit 'e'"),
    ("1_000s", "got '1_000s'"),
    ("+5m", "got '+5m'"),
    ("1h, 5m", "got '1h, 5m'"),
    ("\u0665m", "got"),  # ARABIC-INDIC DIGIT FIVE: int() reads it, no console prints it
    ("5\u212a", "got"),  # KELVIN SIGN folds to "k" in Unicode case-insensitive matching
    ("nan", "got 'nan'"),
    ("inf", "got 'inf'"),
    (None, "NoneType, not a string"),
    (True, "bool, not a string"),
    (32, "int, not a string"),
    (1.5, "float, not a string"),
    (["32m"], "list, not a string"),
    (b"32m", "bytes, not a string"),
]


@pytest.mark.parametrize(("value", "fragment"), DURATION_REJECTS)
def test_parse_duration_rejects(value: Any, fragment: str) -> None:
    with pytest.raises(UnitError, match="expected a duration like '1h 5m'") as caught:
        parse_duration(value)
    assert fragment in str(caught.value)


RENDERED_DURATIONS = [
    (0, "0s"),
    (45, "45s"),
    (1_920, "32m"),
    (3_900, "1h 5m"),
    (183_600, "2d 3h"),
    (3_601, "1h 1s"),
    (86_400, "1d"),
    (90_061, "1d 1h 1m 1s"),
    (86_400 * 400, "400d"),
    (0.4, "0s"),
    (0.5, "1s"),
    (1.5, "2s"),
    (2.5, "3s"),
    (59.9, "1m"),
    (-0.0, "0s"),
    (1e6, "11d 13h 46m 40s"),
]


@pytest.mark.parametrize(("seconds", "text"), RENDERED_DURATIONS)
def test_render_duration_examples(seconds: float, text: str) -> None:
    assert render_duration(seconds) == text


RENDER_DURATION_REJECTS: list[tuple[Any, str]] = [
    (-1, "negative"),
    (-0.3, "negative"),
    (math.nan, "not finite"),
    (math.inf, "not finite"),
    (-math.inf, "not finite"),
    (True, "bool, not a number"),
    ("32m", "str, not a number"),
    (None, "NoneType, not a number"),
]


@pytest.mark.parametrize(("value", "fragment"), RENDER_DURATION_REJECTS)
def test_render_duration_rejects(value: Any, fragment: str) -> None:
    with pytest.raises(UnitError, match="expected a non-negative, finite number of seconds") as e:
        render_duration(value)
    assert fragment in str(e.value)


# --- sizes -------------------------------------------------------------------------------

SIZES = [
    # Every spelling in the TensorOne document and vendor notes.
    ("2.3GB", 2_300_000_000),
    ("512MB", 512_000_000),
    ("64GB", 64_000_000_000),
    # Decimal units are powers of 1000.
    ("1B", 1),
    ("1KB", 1_000),
    ("1MB", 10**6),
    ("1GB", 10**9),
    ("1TB", 10**12),
    ("1PB", 10**15),
    # Binary units are powers of 1024.
    ("1KiB", 1_024),
    ("1MiB", 2**20),
    ("1GiB", 2**30),
    ("1TiB", 2**40),
    ("1PiB", 2**50),
    ("1.5KiB", 1_536),
    # Whitespace and case; "b" alone is bytes, never bits.
    ("512 MB", 512_000_000),
    ("512\tMB", 512_000_000),
    ("  2.3GB  ", 2_300_000_000),
    ("2.3gb", 2_300_000_000),
    ("2.3Gb", 2_300_000_000),
    ("17b", 17),
    ("1kib", 1_024),
    ("1KIB", 1_024),
    # Zero, leading zeros, rounding half up to the byte.
    ("0B", 0),
    ("0.0GB", 0),
    ("007MB", 7_000_000),
    ("2.345678901GB", 2_345_678_901),
    ("1.5B", 2),
    ("1.4B", 1),
    ("0.0005KB", 1),
    ("1.0000000001GB", 1_000_000_000),
    ("1000PB", 10**18),
]


@pytest.mark.parametrize(("text", "n_bytes"), SIZES)
def test_parse_size_examples(text: str, n_bytes: int) -> None:
    assert parse_size(text) == n_bytes


SIZE_REJECTS: list[tuple[Any, str]] = [
    ("", "empty"),
    (" ", "empty"),
    ("-1GB", "negative"),
    ("512", "unit is missing"),
    ("2.3 parsecs", "unknown unit 'parsecs'"),
    ("1XB", "unknown unit 'XB'"),
    ("1G", "unknown unit 'G'"),
    ("1k", "unknown unit 'k'"),
    ("1bytes", "unknown unit 'bytes'"),
    ("1EB", "unknown unit 'EB'"),
    ("1e9B", "got '1e9B'"),
    ("NaN GB", "got 'NaN GB'"),
    ("inf B", "got 'inf B'"),
    ("GB", "got 'GB'"),
    (".5GB", "got '.5GB'"),
    ("5.GB", "got '5.GB'"),
    ("1,000B", "got '1,000B'"),
    ("1_000B", "got '1_000B'"),
    ("+1GB", "got '+1GB'"),
    ("1 GB 2 MB", "got '1 GB 2 MB'"),
    ("1\u212aB", "got"),  # KELVIN SIGN folds to "k" in Unicode case-insensitive matching
    (None, "NoneType, not a string"),
    (False, "bool, not a string"),
    (2_300_000_000, "int, not a string"),
    (2.3e9, "float, not a string"),
    ({"size": "2.3GB"}, "dict, not a string"),
]


@pytest.mark.parametrize(("value", "fragment"), SIZE_REJECTS)
def test_parse_size_rejects(value: Any, fragment: str) -> None:
    with pytest.raises(UnitError, match=r"expected a size like '2\.3GB'") as caught:
        parse_size(value)
    assert fragment in str(caught.value)


RENDERED_SIZES = [
    (0, "0B"),
    (1, "1B"),
    (999, "999B"),
    (1_000, "1KB"),
    (1_001, "1.001KB"),
    (1_024, "1.024KB"),
    (512_000_000, "512MB"),
    (2_300_000_000, "2.3GB"),
    (2_345_678_901, "2.345678901GB"),
    (64_000_000_000, "64GB"),
    (10**15 + 1, "1.000000000000001PB"),
    (10**18, "1000PB"),
    (123 * 10**21, "123000000PB"),
]


@pytest.mark.parametrize(("n_bytes", "text"), RENDERED_SIZES)
def test_render_size_examples(n_bytes: int, text: str) -> None:
    assert render_size(n_bytes) == text


RENDER_SIZE_REJECTS: list[tuple[Any, str]] = [
    (-1, "negative"),
    (1.0, "float, not an int"),
    (math.nan, "float, not an int"),
    (True, "bool, not an int"),
    ("2.3GB", "str, not an int"),
    (None, "NoneType, not an int"),
]


@pytest.mark.parametrize(("value", "fragment"), RENDER_SIZE_REJECTS)
def test_render_size_rejects(value: Any, fragment: str) -> None:
    with pytest.raises(UnitError, match="expected a non-negative integer number of bytes") as e:
        render_size(value)
    assert fragment in str(e.value)


@pytest.mark.skipif(not hasattr(sys, "get_int_max_str_digits"), reason="no int-to-str digit limit")
@pytest.mark.parametrize(
    ("call", "value"),
    [
        (parse_duration, "9" * 5_000 + "s"),
        (parse_size, "9" * 5_000 + "B"),
        (render_duration, 10**5_000),
        (render_size, 10**5_000),
    ],
    ids=["parse_duration", "parse_size", "render_duration", "render_size"],
)
def test_numbers_past_the_int_to_str_limit_raise_unit_error(call: Any, value: Any) -> None:
    with pytest.raises(UnitError, match="digits"):
        call(value)


def test_unit_error_is_a_value_error() -> None:
    assert issubclass(UnitError, ValueError)


# --- round trips -------------------------------------------------------------------------


@given(st.integers(min_value=0))
def test_duration_parse_inverts_render(seconds: int) -> None:
    assert parse_duration(render_duration(seconds)) == seconds


@given(st.integers(min_value=0).map(render_duration))
def test_duration_render_inverts_parse_on_rendered_text(text: str) -> None:
    assert render_duration(parse_duration(text)) == text


@given(st.floats(min_value=0, allow_nan=False, allow_infinity=False))
def test_duration_render_of_float_is_a_fixed_point(seconds: float) -> None:
    text = render_duration(seconds)
    assert parse_duration(text) == math.floor(Fraction(seconds) + Fraction(1, 2))
    assert render_duration(parse_duration(text)) == text


_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}


@st.composite
def _duration_spellings(draw: st.DrawFn) -> tuple[str, int]:
    """Any accepted integer spelling: a subset of units in order, any case and spacing."""
    units = draw(st.lists(st.sampled_from("dhms"), unique=True, min_size=1)).copy()
    units.sort(key="dhms".index)
    text, total = draw(st.sampled_from(["", " ", "\t"])), 0
    for unit in units:
        count = draw(st.integers(min_value=0, max_value=10**6))
        zeros = draw(st.sampled_from(["", "0"]))
        spelled = draw(st.sampled_from([unit, unit.upper()]))
        text += f"{zeros}{count}{spelled}" + draw(st.sampled_from(["", " ", "  "]))
        total += count * _UNIT_SECONDS[unit]
    return text, total


@given(_duration_spellings())
def test_duration_parses_any_accepted_spelling(case: tuple[str, int]) -> None:
    text, seconds = case
    assert parse_duration(text) == seconds
    assert parse_duration(render_duration(seconds)) == seconds


@given(st.integers(min_value=0, max_value=10**18))
def test_size_parse_inverts_render(n_bytes: int) -> None:
    text = render_size(n_bytes)
    assert parse_size(text) == n_bytes
    assert render_size(parse_size(text)) == text


@given(st.integers(min_value=0, max_value=10**18))
def test_size_render_is_shortest(n_bytes: int) -> None:
    text = render_size(n_bytes)
    number = text.rstrip("BKMGTP")
    assert "e" not in number.lower()
    assert " " not in text
    if "." in number:
        assert not number.endswith("0")
        # Dropping the last digit always names a different byte count.
        assert parse_size(number[:-1].rstrip(".") + text[len(number) :]) != n_bytes


@given(
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, places=3),
    st.sampled_from(["B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB"]),
    st.sampled_from(["", " "]),
)
def test_size_parse_of_any_spelling_is_a_fixed_point(number: Any, unit: str, space: str) -> None:
    n_bytes = parse_size(f"{abs(number):f}{space}{unit}")
    assert parse_size(render_size(n_bytes)) == n_bytes


# --- robustness --------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=8,
)
_NEAR_MISSES = st.text(alphabet="0123456789.-+ \tdhmsDHMSkKmMgGtTpPiIbBe\u212a\u0665")


@pytest.mark.parametrize("parse", [parse_duration, parse_size])
@given(value=st.text() | _NEAR_MISSES | _JSON)
def test_parse_returns_an_int_or_raises_unit_error(parse: Any, value: Any) -> None:
    outcome: object
    try:
        outcome = parse(value)
    except UnitError as error:
        outcome = error
    if isinstance(outcome, UnitError):
        assert str(outcome).startswith("expected ")
    else:
        assert type(outcome) is int
        assert outcome >= 0


@pytest.mark.parametrize("render", [render_duration, render_size])
@given(value=_JSON)
def test_render_returns_a_string_or_raises_unit_error(render: Any, value: Any) -> None:
    outcome: object
    try:
        outcome = render(value)
    except UnitError as error:
        outcome = error
    if isinstance(outcome, UnitError):
        assert str(outcome).startswith("expected ")
    else:
        assert isinstance(outcome, str)
