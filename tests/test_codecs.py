"""Value codecs: what each accepts, what it refuses, and that render inverts parse."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobstatus._engine import codecs as c
from jobstatus._engine import epochs as e

from ._support import json_leaves, json_values

UTC = timezone.utc

ACCEPTS = [
    (c.COUNT, 5, 5),
    (c.COUNT, 5.0, 5),
    (c.COUNT, 0, 0),
    (c.NUMBER, -1.5, -1.5),
    (c.NUMBER, 3, 3.0),
    (c.NON_NEGATIVE, 0, 0.0),
    (c.PERCENT, 100, 100.0),
    (c.PERCENT, 0.5, 0.5),
    (c.PERCENT_TEXT, "45%", 45.0),
    (c.PERCENT_TEXT, " 7.5 % ", 7.5),
    (c.PERCENT_TEXT, 12, 12.0),
    (c.STRING, "", ""),
    (c.TEXT, "", None),
    (c.TEXT, "trace", "trace"),
    (c.TIMESTAMP, "2024-06-01T08:00:00Z", datetime(2024, 6, 1, 8, tzinfo=UTC)),
    (c.TIMESTAMP, "2024-06-01T10:00:00+02:00", datetime(2024, 6, 1, 8, tzinfo=UTC)),
    (c.TIMESTAMP, "2025-03-19T22:50:15.684382", datetime(2025, 3, 19, 22, 50, 15, 684382, UTC)),
    (c.TIMESTAMP, "2025-03-19T22:50:15.6843829Z", datetime(2025, 3, 19, 22, 50, 15, 684382, UTC)),
    (c.TIMESTAMP, "2025-03-19T22:50:15.1Z", datetime(2025, 3, 19, 22, 50, 15, 100000, UTC)),
    (c.DURATION, "1h 5m", 3900),
    (c.SIZE, "2.3GB", 2_300_000_000),
    (c.NUMBER_MAP, {"gpuCost": 16.25}, {"gpuCost": 16.25}),
    (c.PERCENT_LIST, [98.5, 97.8], (98.5, 97.8)),
]


@pytest.mark.parametrize(("codec", "raw", "value"), ACCEPTS, ids=lambda x: repr(x)[:30])
def test_accepts(codec: c.Codec, raw: Any, value: Any) -> None:
    assert codec.parse(raw) == value


REFUSES = [
    (c.COUNT, True, "non-negative integer"),
    (c.COUNT, -1, "non-negative integer"),
    (c.COUNT, 1.5, "non-negative integer"),
    (c.COUNT, "8", "non-negative integer"),
    (c.NUMBER, float("nan"), "finite number"),
    (c.NUMBER, float("inf"), "finite number"),
    (c.NUMBER, False, "finite number"),
    (c.NUMBER, "0.5", "finite number"),
    (c.NON_NEGATIVE, -0.1, "non-negative"),
    (c.PERCENT, 100.5, "between 0 and 100"),
    (c.PERCENT, -1, "between 0 and 100"),
    (c.PERCENT_TEXT, "lots%", "like '45%'"),
    (c.PERCENT_TEXT, "150%", "between 0 and 100"),
    (c.STRING, 3, "a string"),
    (c.OBJECT, [], "an object"),
    (c.TIMESTAMP, "yesterday", "ISO 8601"),
    (c.TIMESTAMP, 1718000000, "ISO 8601"),
    (c.DURATION, "about an hour", "duration"),
    (c.DURATION, 60, "a string"),
    (c.SIZE, "huge", "size"),
    (c.NUMBER_MAP, {"a": "1"}, "finite number"),
    (c.PERCENT_LIST, [101], "between 0 and 100"),
    (c.PERCENT_LIST, {"0": 1}, "an array"),
]


@pytest.mark.parametrize(("codec", "raw", "fragment"), REFUSES, ids=lambda x: repr(x)[:30])
def test_refuses_with_a_message_saying_what_was_expected(
    codec: c.Codec, raw: Any, fragment: str
) -> None:
    with pytest.raises(c.CodecError, match="expected") as caught:
        codec.parse(raw)
    assert fragment in str(caught.value)


def test_whole_numbers_are_written_without_a_fraction() -> None:
    assert c.NUMBER.render(75.0) == 75
    assert isinstance(c.NUMBER.render(75.0), int)
    assert c.NUMBER.render(0.5) == 0.5


def test_timestamps_render_utc_as_z_and_keep_offsets() -> None:
    assert c.TIMESTAMP.render(datetime(2024, 6, 1, 8, tzinfo=UTC)) == "2024-06-01T08:00:00Z"
    moment = datetime(2024, 6, 1, 8, tzinfo=timezone(timedelta(hours=2)))
    assert c.TIMESTAMP.render(moment) == "2024-06-01T08:00:00+02:00"
    assert c.NAIVE_UTC_TIMESTAMP.render(moment) == "2024-06-01T06:00:00"


def test_same_tells_spelling_from_value() -> None:
    assert c.NUMBER.same(75, 75.0)
    assert not c.NUMBER.same(True, 1)
    assert c.TIMESTAMP.same("2024-06-01T08:00:00Z", "2024-06-01T10:00:00+02:00")
    assert not c.PERCENT_TEXT.same("45%", 45)
    assert not c.DURATION.same("90m", "1h 30m")


moments = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(2200, 1, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]),
)


@given(moment=moments)
def test_timestamp_round_trip(moment: datetime) -> None:
    assert c.TIMESTAMP.parse(c.TIMESTAMP.render(moment)) == moment
    assert c.NAIVE_UTC_TIMESTAMP.parse(c.NAIVE_UTC_TIMESTAMP.render(moment)) == moment


@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_number_round_trip(value: float) -> None:
    assert c.NUMBER.parse(c.NUMBER.render(value)) == value


@given(value=st.floats(min_value=0, max_value=100))
def test_percent_round_trip(value: float) -> None:
    rendered = c.PERCENT.render(value)
    assert c.PERCENT.parse(rendered) == value
    assert math.isfinite(rendered)


@given(value=st.integers(min_value=0, max_value=10**15))
def test_count_round_trip(value: int) -> None:
    assert c.COUNT.parse(c.COUNT.render(value)) == value


# -- what the generated readers assume of the codecs -----------------------------------

_RAW = (
    json_leaves
    | st.sampled_from([0, -0.0, 100, 100.5, 2**53, 2**53 + 1, 10**400, -(10**400), 1e308])
    | st.sampled_from([float("inf"), float("-inf"), float("nan"), True, False, "", "45%"])
)
# Every stock codec, wherever the engine keeps it.
_STOCK = [item for module in (c, e) for item in vars(module).values() if isinstance(item, c.Codec)]
_CASES = [(codec, condition, value) for codec in _STOCK for condition, value in codec.inline]


@pytest.mark.parametrize(
    ("codec", "condition", "value"), _CASES, ids=lambda c: getattr(c, "name", c)
)
@given(raw=_RAW)
def test_an_inline_case_reads_what_its_codec_reads(
    codec: c.Codec, condition: str, value: str, raw: Any
) -> None:
    if not eval(condition, {}, {"raw": raw}):
        return
    inline = eval(value, {}, {"raw": raw})
    parsed = codec.parse(raw)
    assert type(inline) is type(parsed)
    assert inline == parsed
    assert not (isinstance(parsed, (tuple, list, dict)) and not parsed)  # never "empty"
    assert codec.same(raw, codec.render(parsed))  # so the generated code takes it


_EXACT = [codec for codec in _STOCK if codec.exact]
_RAW_ANY = _RAW | json_values | st.datetimes().map(lambda d: d.isoformat())


@pytest.mark.parametrize("codec", _EXACT, ids=lambda c: c.name)
@given(raw=_RAW_ANY)
def test_exact_is_only_said_of_values_that_keep_their_spelling(codec: c.Codec, raw: Any) -> None:
    try:
        value = codec.parse(raw)
    except c.CodecError:
        return
    if value is not None and codec.exact is not None and codec.exact(raw):
        assert codec.same(raw, codec.render(value))


# -- Unix times ------------------------------------------------------------------------

_LAST_SECOND = 253402300799  # 9999-12-31T23:59:59Z, the last a datetime holds


def _instants(last: datetime) -> st.SearchStrategy[datetime]:
    return st.datetimes(
        min_value=datetime(1970, 1, 1, 0, 0, 1), max_value=last, timezones=st.just(UTC)
    )


# A float holds a Unix time to the microsecond until 2**53 microseconds (the year 2255),
# in seconds as in milliseconds; whole counts are exact throughout.
@pytest.mark.parametrize("codec", [e.UNIX_SECONDS, e.UNIX_MILLISECONDS], ids=["s", "ms"])
@given(data=st.data())
def test_unix_time_round_trip(codec: c.Codec, data: st.DataObject) -> None:
    moment = data.draw(_instants(datetime(2200, 1, 1)))
    written = codec.render(moment)
    assert codec.parse(written) == moment
    assert codec.loss is not None
    assert codec.loss(written) is None
    unit = 1_000_000 if codec is e.UNIX_SECONDS else 1000  # in microseconds
    assert isinstance(written, int) is (moment.microsecond % unit == 0)  # whole: no fraction


@pytest.mark.parametrize(
    ("codec", "scale"),
    [(e.UNIX_SECONDS, 1), (e.UNIX_MILLISECONDS, 1000)],
    ids=["s", "ms"],
)
@given(data=st.data())
def test_a_whole_unix_time_is_written_back_as_it_came(
    codec: c.Codec, scale: int, data: st.DataObject
) -> None:
    raw = data.draw(st.integers(min_value=1, max_value=_LAST_SECOND * scale))
    moment = codec.parse(raw)
    assert moment.tzinfo is UTC
    assert codec.render(moment) == raw
    assert codec.same(raw, codec.render(moment))


def test_unix_times_read_the_epoch_they_name() -> None:
    assert e.UNIX_SECONDS.parse(1_700_000_000) == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert e.UNIX_SECONDS.parse(1.5) == datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC)
    assert e.UNIX_MILLISECONDS.parse(1_700_000_000_123) == datetime(
        2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC
    )
    assert e.UNIX_SECONDS.parse(_LAST_SECOND) == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    # An instant with another offset is written as the same instant.
    east = datetime(2023, 11, 15, 3, 43, 20, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert e.UNIX_SECONDS.render(east) == 1_700_000_000


@pytest.mark.parametrize("codec", [e.UNIX_SECONDS, e.UNIX_MILLISECONDS], ids=["s", "ms"])
@pytest.mark.parametrize(
    "raw",
    [True, False, 0, 0.0, -1, -0.5, float("nan"), float("inf"), float("-inf"), "1700000000", [1]],
    ids=repr,
)
def test_unix_times_refuse_what_is_no_instant(codec: c.Codec, raw: Any) -> None:
    with pytest.raises(c.CodecError, match=r"^expected a positive Unix time in "):
        codec.parse(raw)


@pytest.mark.parametrize(
    ("codec", "last"),
    [(e.UNIX_SECONDS, _LAST_SECOND), (e.UNIX_MILLISECONDS, _LAST_SECOND * 1000 + 999)],
    ids=["s", "ms"],
)
def test_unix_times_refuse_instants_past_the_calendar(codec: c.Codec, last: int) -> None:
    assert codec.parse(last).year == 9999
    for raw in (last + 1, float(last + 2), 1e300, 10**400, _LAST_SECOND * 1000 * 1000):
        with pytest.raises(c.CodecError, match="positive Unix time"):
            codec.parse(raw)


def test_a_unix_time_finer_than_a_microsecond_is_a_loss() -> None:
    assert e.UNIX_SECONDS.loss is not None
    assert e.UNIX_MILLISECONDS.loss is not None
    assert e.UNIX_SECONDS.loss(1_700_000_000.1234567) == (
        "a fraction finer than the microsecond is cut"
    )
    assert e.UNIX_SECONDS.loss(1_700_000_000.123456) is None
    assert e.UNIX_MILLISECONDS.loss(1_700_000_000_123.4567) is not None
    assert e.UNIX_MILLISECONDS.loss(1_700_000_000_123.5) is None


# -- "auto" or a value -----------------------------------------------------------------

AUTO_COUNT = c.auto_or(c.COUNT)
AUTO_NUMBER = c.auto_or(c.NUMBER)


@given(value=st.integers(min_value=0, max_value=10**12))
def test_auto_or_round_trip(value: int) -> None:
    assert AUTO_COUNT.parse(AUTO_COUNT.render(value)) == value


@given(value=st.floats(allow_nan=False, allow_infinity=False))
def test_auto_or_number_round_trip(value: float) -> None:
    written = AUTO_NUMBER.render(value)
    assert AUTO_NUMBER.parse(written) == value
    assert AUTO_NUMBER.same(written, c.NUMBER.render(value))


def test_auto_reads_as_absent() -> None:
    assert AUTO_COUNT.parse("auto") is None
    assert AUTO_COUNT.name == "non-negative integer, or 'auto'"
    assert c.auto_or(c.NUMBER, auto="default").parse("default") is None


@pytest.mark.parametrize("raw", ["Auto", "AUTO", "", -1, 1.5, True, [], "3"], ids=repr)
def test_auto_or_refuses_what_is_neither(raw: Any) -> None:
    with pytest.raises(c.CodecError, match=r"expected non-negative integer or 'auto', got "):
        AUTO_COUNT.parse(raw)


@pytest.mark.parametrize(
    ("codec", "raw", "written"),
    [
        (e.UNIX_WHOLE_SECONDS, 1721764800.75, 1721764800),
        (e.UNIX_WHOLE_SECONDS, 1721764800, 1721764800),
        (e.UNIX_WHOLE_MILLISECONDS, 1733480000123.5, 1733480000123),
        (e.UNIX_WHOLE_MILLISECONDS, 1733480000123, 1733480000123),
    ],
)
def test_whole_unit_times_are_written_to_the_unit_below(
    codec: c.Codec, raw: float, written: int
) -> None:
    moment = codec.parse(raw)
    assert moment == (
        e.UNIX_SECONDS if codec is e.UNIX_WHOLE_SECONDS else e.UNIX_MILLISECONDS
    ).parse(raw)
    assert codec.render(moment) == written
    assert type(codec.render(moment)) is int
    assert codec.keeps(raw, moment) is (raw == written)
