"""What the command line reads (JSON Lines, or not) and writes (JSON, encodable, the value
it was given)."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstatus import RenderError, Status, _cli_json, render
from jobstatus._cli_io import InputError, _complete, records
from jobstatus._cli_json import RAW_FIELDS, refuse_non_finite, refuse_non_finite_job, to_json
from jobstatus.testing import strategies

from ._support import _paths

# Any code point, lone surrogates included (JSON text can spell them: "\ud800").
texts = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=12)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=15,
)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in (key, *_strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _has_surrogate(value: Any) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for s in _strings(value) for c in s)


@given(value=values, indent=st.sampled_from([0, 2]))
def test_the_text_is_utf8_json_of_the_same_value(value: Any, indent: int) -> None:
    text, surrogate = to_json(value, indent)
    text.encode("utf-8")  # never raises: a lone surrogate is escaped
    assert json.loads(text) == value
    assert (surrogate is not None) == _has_surrogate(value)
    if indent == 0:
        assert "\n" not in text


@given(value=values, encoding=st.sampled_from(["ascii", "latin-1", "cp1252"]))
def test_an_output_that_is_not_utf8_gets_escapes_not_errors(value: Any, encoding: str) -> None:
    text, _ = to_json(value, 0, encoding)
    text.encode(encoding)
    assert json.loads(text) == value


@pytest.mark.parametrize(
    ("bad", "name"), [(math.inf, "Infinity"), (-math.inf, "-Infinity"), (math.nan, "NaN")]
)
@given(value=values, data=st.data())
def test_nan_and_infinity_are_refused_with_their_path(
    bad: float, name: str, value: Any, data: st.DataObject
) -> None:
    value = {"root": value}
    path = data.draw(st.sampled_from([p for p in _paths(value) if p]))
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = bad
    with pytest.raises(RenderError, match=f"holds {name}, not a JSON value") as raised:
        to_json(value)
    assert raised.value.path is not None
    assert raised.value.path.startswith("$.root")
    assert raised.value.path.count("[") >= sum(isinstance(key, int) for key in path)
    with pytest.raises(RenderError):
        refuse_non_finite(value)


def test_a_path_names_keys_as_json_does() -> None:
    value = {"a": [{"b c": [1.0, math.inf]}]}
    with pytest.raises(RenderError) as raised:
        refuse_non_finite(value, "the job")
    assert raised.value.path == '$.a[0]["b c"][1]'
    assert (
        str(raised.value)
        == 'not written: the job holds Infinity, not a JSON value @ $.a[0]["b c"][1]'
    )


# -- reading: JSON Lines, and the first line of a document that is not -------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)


@given(value=json_values)
def test_a_json_line_is_complete_and_a_pretty_document_first_line_is_not(value: Any) -> None:
    assert _complete(json.dumps(value).encode())
    pretty = json.dumps(value, indent=2).encode()
    lines = pretty.splitlines()
    if len(lines) > 1:
        assert not _complete(lines[0])


@settings(max_examples=25)  # a file per example
@given(values=st.lists(json_values, min_size=1, max_size=6), blanks=st.data())
def test_json_lines_are_read_one_per_line_counting_blank_lines(
    tmp_path_factory: pytest.TempPathFactory, values: list[Any], blanks: st.DataObject
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "x.jsonl"
    lines, expected = [], []
    for value in values:
        lines += [b""] * blanks.draw(st.integers(0, 2))
        lines.append(json.dumps(value).encode())
        expected.append((f"{path}:{len(lines)}", value))
    path.write_bytes(b"\n".join(lines) + b"\n")
    found = [(where, json.loads(text)) for where, text, jsonl in records(str(path), False)]
    assert found == expected


def test_a_file_that_is_no_json_lines_is_refused_once(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps({"a": [1, 2]}, indent=2), encoding="utf-8")
    with pytest.raises(InputError, match=r"pretty.json:1: not JSON Lines: .* drop --jsonl"):
        list(records(str(path), True))
    with pytest.raises(InputError, match="is a directory") as raised:
        list(records(str(tmp_path), False))
    assert raised.value.code == 2


def test_only_the_raw_fields_can_hold_a_nan_or_an_infinity() -> None:
    # refuse_non_finite_job walks RAW_FIELDS only: every other float must be refused non-finite
    # by the model itself. A new field of type Any must be added to RAW_FIELDS.
    from pydantic import BaseModel

    from jobstatus import model

    raw = {name.rsplit(".", 1)[-1] for name in RAW_FIELDS}
    for cls in vars(model).values():
        if (
            isinstance(cls, type)
            and issubclass(cls, BaseModel)
            and cls.__module__ == model.__name__
        ):
            assert cls.model_config.get("allow_inf_nan") is False, cls
            for name, info in cls.model_fields.items():
                if "Any" in str(info.annotation):
                    assert name in raw, f"{cls.__name__}.{name}"


def test_a_job_holding_infinity_is_refused_with_its_path() -> None:
    from jobstatus import ErrorInfo, Job, Step, Task

    task = Task(error=ErrorInfo(details={"x": [math.inf]}))
    job = Job(steps=(Step(), Step(tasks=(Task(), task))))
    with pytest.raises(RenderError) as raised:
        refuse_non_finite_job(job)
    assert raised.value.path == "$.steps[1].tasks[1].error.details.x[0]"
    refuse_non_finite_job(Job(extensions={"tensorone": {"x": 1.5}}))  # finite: nothing
    with pytest.raises(RenderError, match="NaN"):
        refuse_non_finite_job(Job(extensions={"tensorone": {"x": math.nan}}))


# -- the orjson writer (the ``fast`` extra) ---------------------------------------------------

# Floats across every magnitude (both writers' switches to exponent notation included) and
# integers past 64 bits, where orjson refuses.
numbers = (
    st.floats(allow_nan=False, allow_infinity=False)
    | st.builds(lambda m, e: m * 10.0**e, st.integers(-999, 999), st.integers(-12, 20))
    | st.integers(min_value=-(2**70), max_value=2**70)
)
fast_values = st.recursive(
    st.none() | st.booleans() | numbers | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=15,
)


@given(value=fast_values, indent=st.sampled_from([0, 2]))
def test_orjson_writes_what_the_standard_library_writes(value: Any, indent: int) -> None:
    pytest.importorskip("orjson")
    fast = _cli_json._fast(value, indent)
    if fast is not None:
        assert fast == _cli_json._encode(_cli_json._encoder(indent), value)


@settings(max_examples=25)
@given(job=strategies.jobs(), indent=st.sampled_from([0, 2]))
def test_orjson_writes_a_canonical_job_as_the_standard_library_does(job: Any, indent: int) -> None:
    pytest.importorskip("orjson")
    value = render(job, "canonical")
    fast = _cli_json._fast(value, indent)
    if fast is not None:
        assert fast == _cli_json._encode(_cli_json._encoder(indent), value)


def test_orjson_writes_plain_json_and_leaves_the_rest_to_the_standard_library() -> None:
    pytest.importorskip("orjson")
    plain = {"id": "a1e5", "n": [1, -2, 0.5, 1234.25, 2**63 - 1], "s": "é\n\x1f", "z": None}
    assert _cli_json._fast(plain, 0) == json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    assert _cli_json._fast(plain, 2) == json.dumps(plain, ensure_ascii=False, indent=2)
    unlike = [[1e-05], [1e-07], [1e16], [2**64], [math.nan], ["\ud800"], {1: 2}, [date(2026, 1, 1)]]
    for value in unlike:
        assert _cli_json._fast(value, 0) is None, value
    assert _cli_json._fast(plain, 4) is None
    assert _cli_json._fast([Status.succeeded], 0) == json.dumps([Status.succeeded])
    assert to_json([1e-05, 2**64], 0) == ("[1e-05,18446744073709551616]", None)
    with pytest.raises(RenderError, match="NaN"):
        to_json({"x": [math.nan]})
