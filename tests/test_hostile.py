"""Hostile input through the Python API: every case gets a typed answer, in bounded time,
and nothing changes silently.

Each class of input is tried with generated values on the fixtures of every registered
format: cycles, numbers out of range in human units, nesting up to and past the limit,
pickling of errors and warnings, Python objects JSON cannot hold, NaN and infinities, and
values of unbounded size.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import pickle
import tracemalloc
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

import jobstatus
from jobstatus import (
    Job,
    JobStatusError,
    LossError,
    ParseError,
    RenderError,
    StrictError,
    UsageError,
)
from jobstatus import errors as errors_module
from jobstatus._engine import codecs as _codecs
from jobstatus._engine import human as _human
from jobstatus._engine import paths as _paths
from jobstatus._quote import LIMIT
from jobstatus._walk import MAX_DEPTH
from jobstatus.registry import REGISTRY

from ._support import fixture_payloads, normalize

FORMATS = jobstatus.formats()
VENDORS = tuple(name for name in FORMATS if name != "canonical")
# A message quotes at most LIMIT characters per value; the rest is fixed wording.
SHORT = 400


def _payload(fmt: str) -> dict[str, Any]:
    """A realistic payload of ``fmt``: its first fixture that parses without an error."""
    for payload in fixture_payloads(fmt):
        try:
            job = jobstatus.parse(payload, fmt)
        except JobStatusError:
            continue
        if not any(issue.severity == "error" for issue in job.issues):
            return payload
    return {}


PAYLOADS = {fmt: _payload(fmt) for fmt in FORMATS}
for _fmt, _found in PAYLOADS.items():  # a format without fixtures: another's, converted
    if not _found:
        _source = next(name for name, payload in PAYLOADS.items() if payload)
        PAYLOADS[_fmt] = jobstatus.convert(PAYLOADS[_source], to=_fmt, on_loss="ignore")
T = {"jobId": "a", "status": "running"}  # a TensorOne payload


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _containers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths of every object and array in ``value`` (the root is ``()``)."""
    if not isinstance(value, (dict, list)):
        return []
    found = [prefix]
    for key, item in value.items() if isinstance(value, dict) else enumerate(value):
        found += _containers(item, (*prefix, key))
    return found


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _leaves(item, (*prefix, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _leaves(item, (*prefix, index))]
    return [prefix]


def _at(value: Any, keys: tuple[Any, ...]) -> Any:
    for key in keys:
        value = value[key]
    return value


def _join(keys: tuple[Any, ...]) -> str:
    path = "$"
    for key in keys:
        path = _paths.child(path, key)
    return path


def _add(container: Any, value: Any, key: str = "zz_added") -> Any:
    """Put ``value`` into ``container``; the key or index it went to."""
    if isinstance(container, dict):
        container[key] = value
        return key
    container.append(value)
    return len(container) - 1


def _text(value: Any) -> str:
    """JSON text that NaN and infinities survive, keys sorted: for comparing payloads."""
    return json.dumps(value, sort_keys=True, allow_nan=True)


def _attempt(call: Any, *errors: type[BaseException]) -> tuple[Any, BaseException | None]:
    """``(result, None)``, or ``(None, error)`` if ``call`` raised one of ``errors``."""
    try:
        return call(), None
    except errors as error:
        return None, error


def _outcomes(job: Job) -> Iterator[tuple[str, Any]]:
    """Every function a parsed job meets, per format: each returns or raises a typed error."""
    for fmt in FORMATS:
        for name, call in (
            ("render", lambda f=fmt: jobstatus.render(job, f)),
            ("raise", lambda f=fmt: jobstatus.render(job, f, on_loss="raise")),
            ("losses", lambda f=fmt: jobstatus.losses(job, f)),
        ):
            try:
                yield f"{name} {fmt}", call()
            except (LossError, RenderError) as error:
                yield f"{name} {fmt}", error


# -- 1. cycles ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=20)
@given(data=st.data())
def test_a_cycle_is_a_parse_error_naming_where_it_closes(fmt: str, data: st.DataObject) -> None:
    payload = _copy(PAYLOADS[fmt])
    where = data.draw(st.sampled_from(_containers(payload)), label="container")
    ancestor = data.draw(st.integers(0, len(where)), label="ancestor depth")
    container = _at(payload, where)
    key = _add(container, _at(payload, where[:ancestor]))
    path = _join((*where, key))
    calls = {
        "parse": lambda: jobstatus.parse(payload, fmt),
        "detect parse": lambda: jobstatus.parse(payload),
        "detect": lambda: jobstatus.detect(payload),
        "validate": lambda: jobstatus.validate(payload, fmt),
        **{f"convert {to}": lambda to=to: jobstatus.convert(payload, to=to) for to in FORMATS},
    }
    for name, call in calls.items():
        with pytest.raises(ParseError, match="contains itself") as caught:
            call()
        assert caught.value.path == path, name


def test_the_documented_cycle_is_refused_before_any_work() -> None:
    d: dict[str, Any] = dict(T)
    d["me"] = d
    with pytest.raises(ParseError, match=r"cycle.* @ \$\.me"):
        jobstatus.render(jobstatus.parse(d), "tensorone")
    for to in FORMATS:
        with pytest.raises(ParseError, match="cycle"):
            jobstatus.convert(d, to=to)


@pytest.mark.parametrize("fmt", VENDORS)
def test_a_shared_object_is_no_cycle(fmt: str) -> None:
    payload = _copy(PAYLOADS[fmt])
    shared = {"a": [1, 2], "b": {"c": None}}
    payload["zz_one"], payload["zz_two"] = shared, [shared, shared]
    job = jobstatus.parse(payload, fmt)
    assert normalize(jobstatus.render(job, fmt)) == normalize(payload)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_job_built_by_hand_with_a_cycle_is_a_render_error_never_a_hang(fmt: str) -> None:
    looped: dict[str, Any] = {"a": 1}
    looped["me"] = [looped]
    job = Job(status="running", steps=[{"extensions": {fmt: {"x": looped}}}], format=fmt)
    for on_loss in ("ignore", "raise"):
        payload, error = _attempt(
            lambda on_loss=on_loss: jobstatus.render(job, fmt, on_loss=on_loss),
            RenderError,
            LossError,
        )
        if fmt == "canonical" or (payload is None and isinstance(error, RenderError)):
            assert isinstance(error, RenderError)
            assert error.format == fmt
        else:  # a format with no steps writes none of it
            assert payload is not None or isinstance(error, LossError)


def test_an_exponentially_shared_object_is_refused_in_bounded_time() -> None:
    doubled: list[Any] = ["leaf"]
    for _ in range(60):  # 2**60 containers once written out
        doubled = [doubled, doubled]
    with pytest.raises(ParseError, match="repeats its containers"):
        jobstatus.parse({**T, "x": doubled}, "tensorone")


# -- 2. numbers out of range in human units -------------------------------------------------

CODECS = {name: value for name, value in vars(_codecs).items() if isinstance(value, _codecs.Codec)}
_UNITS = ["s", "m", "h", "d", "B", "KB", "GB", "PB", "GiB", "PiB", "%", ""]
hostile_raw = st.one_of(
    st.builds(
        lambda digits, unit: "1" + "0" * digits + unit,
        st.integers(290, 5000),
        st.sampled_from(_UNITS),
    ),
    st.builds(
        lambda digits, unit: "9" * digits + unit, st.integers(300, 400), st.sampled_from(_UNITS)
    ),
    st.sampled_from(
        [10**400, -(10**400), 10**308, 2**1024, 1e308, -1e308, math.inf, -math.inf, math.nan]
    ),
    st.integers(min_value=10**300, max_value=10**320),
    st.floats(min_value=1e300),
)


@settings(max_examples=200)
@given(name=st.sampled_from(sorted(CODECS)), raw=hostile_raw)
def test_every_codec_refuses_out_of_range_values_with_a_codec_error(name: str, raw: Any) -> None:
    value, error = _attempt(lambda: CODECS[name].parse(raw), _codecs.CodecError)
    if error is not None:
        assert isinstance(error, JobStatusError)
        assert len(str(error)) < SHORT
        return
    # What a codec reads, a model field can hold: a float field never gets past a float.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert name in {"COUNT", "ANY", "SIZE"} or math.isfinite(float(value))


@pytest.mark.parametrize("fmt", VENDORS)
@settings(max_examples=25)
@given(data=st.data(), raw=hostile_raw)
def test_out_of_range_values_anywhere_are_issues_never_crashes(
    fmt: str, data: st.DataObject, raw: Any
) -> None:
    payload = _copy(PAYLOADS[fmt])
    where = data.draw(st.sampled_from(_leaves(payload)), label="leaf")
    if not where:
        return
    _at(payload, where[:-1])[where[-1]] = raw
    job = jobstatus.parse(payload, fmt)  # lenient: never raises on a value
    assert all("internal" not in issue.message for issue in job.issues)
    assert len(list(_outcomes(job))) == 3 * len(FORMATS)
    _, error = _attempt(lambda: jobstatus.parse(payload, fmt, strict=True), StrictError)
    assert error is None or (isinstance(error, StrictError) and error.issues)


def test_the_documented_out_of_range_values() -> None:
    payload = {
        **T,
        "configuration": {"infrastructure": {"memory": "1" + "0" * 300 + "GB"}},
        "progress": {"estimatedTimeRemaining": "1" + "0" * 310 + "s"},
    }
    job = jobstatus.parse(payload, "tensorone")
    assert {(i.path, i.code) for i in job.issues} == {
        ("$.configuration.infrastructure.memory", "invalid_value"),
        ("$.progress.estimatedTimeRemaining", "invalid_value"),
    }
    assert jobstatus.render(job, "tensorone") == payload
    with pytest.raises(StrictError):
        jobstatus.parse(payload, "tensorone", strict=True)
    huge = [
        (Job(resources={"memory_gb": 1e300}), "$.resources.memory_gb"),
        (Job(checkpoints=[{"size_bytes": 10**4300}]), "$.checkpoints"),
    ]
    for job, path in huge:
        with pytest.raises(RenderError) as caught:
            jobstatus.render(job, "tensorone")
        assert (caught.value.format, caught.value.path) == ("tensorone", path)
    assert issubclass(_human.UnitError, JobStatusError)


canonical_huge = st.one_of(
    st.floats(min_value=1e290, max_value=1.7e308),
    st.integers(min_value=2**1000, max_value=10**400),
)
_HUGE_FIELDS = [
    ("resources", "memory_gb"),
    ("progress", "eta_seconds"),
    ("progress", "bytes"),
    ("progress", "total_bytes"),
    ("progress", "step"),
    ("metrics", "loss"),
    ("cost", "current"),
]


@settings(max_examples=60)
@given(field=st.sampled_from(_HUGE_FIELDS), value=canonical_huge, fmt=st.sampled_from(FORMATS))
def test_rendering_huge_values_gives_a_payload_or_a_render_error(
    field: tuple[str, str], value: Any, fmt: str
) -> None:
    try:
        job = Job.model_validate({field[0]: {field[1]: value}})
    except ValueError:
        return  # the model refuses it (an int field given a float, say): nothing to write
    payload, error = _attempt(lambda: jobstatus.render(job, fmt), RenderError)
    if error is not None:
        assert isinstance(error, RenderError)
        assert error.format == fmt
        assert error.path is None or error.path.startswith("$")
        return
    json.dumps(payload, allow_nan=False)  # valid JSON, whatever it holds


# -- 3. nesting -----------------------------------------------------------------------------


def _nested(levels: int, kinds: list[bool]) -> Any:
    """``levels`` containers, one inside the other: an object where ``kinds`` says True."""
    value: Any = "leaf"
    for level in range(levels):
        value = {"k": value} if kinds[level % len(kinds)] else [value]
    return value


@pytest.mark.parametrize("fmt", VENDORS)
@settings(max_examples=8)
@given(data=st.data(), kinds=st.lists(st.booleans(), min_size=1, max_size=4))
def test_every_function_handles_every_depth_up_to_the_limit(
    fmt: str, data: st.DataObject, kinds: list[bool]
) -> None:
    payload = _copy(PAYLOADS[fmt])
    where = data.draw(st.sampled_from(_containers(payload)), label="container")
    room = MAX_DEPTH - len(where) - 1  # the levels left below the container
    key = _add(_at(payload, where), _nested(room, kinds))
    job = jobstatus.parse(payload, fmt)
    assert normalize(jobstatus.render(job, fmt)) == normalize(payload)
    for to in FORMATS:
        jobstatus.losses(job, to)
        try:
            written = jobstatus.convert(payload, to=to, on_loss="raise")
        except LossError:
            written = jobstatus.render(job, to)
        back = jobstatus.parse(written, to)
        if to == "canonical":
            assert back == job
    _attempt(lambda: jobstatus.parse(payload, fmt, strict=True), StrictError)
    jobstatus.validate(payload, fmt)

    _at(payload, where)[key] = _nested(room + 1, kinds)
    deepest = (*where, key, *([0] * room))
    for call in (lambda: jobstatus.parse(payload, fmt), lambda: jobstatus.validate(payload, fmt)):
        with pytest.raises(ParseError, match=f"deeper than {MAX_DEPTH}") as caught:
            call()
        assert caught.value.path is not None
        assert caught.value.path.count("[") + caught.value.path.count(".") >= len(deepest)


def test_json_text_nested_past_the_limit_is_refused_with_its_path() -> None:
    text = '{"jobId": "a", "status": "running", "x": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
    with pytest.raises(ParseError) as caught:
        jobstatus.parse(text, "tensorone")
    assert caught.value.path == "$.x" + "[0]" * (MAX_DEPTH - 1)


# -- 4. pickling ----------------------------------------------------------------------------

issues = st.lists(
    st.builds(
        jobstatus.Issue,
        path=st.text(max_size=10).map(lambda s: "$." + s),
        code=st.sampled_from(["loss", "not_json", "schema"]),
        message=st.text(max_size=30),
        severity=st.sampled_from(["error", "warning", "info"]),
    ),
    max_size=3,
)
ERRORS = [
    value
    for value in (*map(vars(errors_module).get, errors_module.__all__), _human.UnitError)
    # The errors built from a message; the live ones, built from a job or a response, are
    # pickled in their own tests.
    if isinstance(value, type)
    and issubclass(value, JobStatusError)
    and value.__init__ is JobStatusError.__init__
] + [_codecs.CodecError]


def _fields(error: BaseException) -> tuple[Any, ...]:
    if isinstance(error, JobStatusError):
        return (type(error), error.what, error.format, error.path, error.issues, str(error))
    assert isinstance(error, jobstatus.JobStatusWarning)
    return (type(error), error.message, error.format, error.losses, str(error), error.args)


@settings(max_examples=40)
@given(
    cls=st.sampled_from(ERRORS),
    what=st.text(),
    fmt=st.none() | st.text(max_size=10),
    path=st.none() | st.text(max_size=10),
    found=issues,
)
def test_every_error_survives_pickling_with_its_fields(
    cls: type[JobStatusError], what: str, fmt: str | None, path: str | None, found: list[Any]
) -> None:
    error = cls(what, format=fmt, path=path, issues=found)
    back = pickle.loads(pickle.dumps(error))
    assert _fields(back) == _fields(error)


@settings(max_examples=20)
@given(message=st.text(), fmt=st.text(max_size=10), found=issues)
def test_the_warning_survives_pickling_with_its_fields(
    message: str, fmt: str, found: list[Any]
) -> None:
    warning = jobstatus.JobStatusWarning(message, format=fmt, losses=found)
    assert _fields(pickle.loads(pickle.dumps(warning))) == _fields(warning)


def _work(kind: str) -> Any:
    """Run in a pool's worker process: return a warning, or raise an error."""
    job = jobstatus.Job(status="initializing", metrics={"loss": 0.5})
    if kind == "warning":
        found = jobstatus.losses(job, "simplismart")
        return jobstatus.JobStatusWarning("lost", format="simplismart", losses=found)
    if kind == "loss":
        jobstatus.render(job, "simplismart", on_loss="raise")
    jobstatus.parse("[]", "tensorone")
    return None


def test_a_process_pool_returns_and_raises_them_without_hanging() -> None:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(1) as pool:
        warning = pool.apply_async(_work, ("warning",)).get(timeout=60)
        assert isinstance(warning, jobstatus.JobStatusWarning)
        assert [loss.path for loss in warning.losses] == ["$.status", "$.metrics.loss"]
        with pytest.raises(LossError) as lost:
            pool.apply_async(_work, ("loss",)).get(timeout=60)
        assert lost.value.format == "simplismart"
        assert len(lost.value.issues) == 2
        with pytest.raises(ParseError) as caught:
            pool.apply_async(_work, ("parse",)).get(timeout=60)
        assert (caught.value.format, caught.value.path) == ("tensorone", "$")


# -- 5. Python objects ----------------------------------------------------------------------

not_a_name = st.one_of(
    st.lists(st.sampled_from(FORMATS), max_size=2),
    st.integers(),
    st.binary(max_size=10),
    st.tuples(st.sampled_from(FORMATS)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(FORMATS).map(lambda name: name.encode()),
)


@settings(max_examples=40)
@given(fmt=not_a_name, vendor=st.sampled_from(VENDORS))
def test_a_format_that_is_not_a_string_is_a_usage_error(fmt: Any, vendor: str) -> None:
    payload, job = PAYLOADS[vendor], Job()
    calls = [
        lambda: jobstatus.parse(payload, fmt),
        lambda: jobstatus.render(job, fmt),
        lambda: jobstatus.convert(payload, to=fmt),
        lambda: jobstatus.convert(payload, to=vendor, from_=fmt),
        lambda: jobstatus.validate(payload, fmt),
        lambda: jobstatus.losses(job, fmt),
    ]
    for call in calls:
        with pytest.raises(UsageError, match="must be a string") as caught:
            call()
        assert isinstance(caught.value, TypeError)
        assert len(str(caught.value)) < SHORT


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=20)
@given(
    data=st.data(),
    key=st.one_of(st.integers(), st.none(), st.floats(), st.booleans(), st.binary(max_size=4)),
)
def test_a_key_that_is_not_a_string_is_a_parse_error_naming_its_object(
    fmt: str, data: st.DataObject, key: Any
) -> None:
    payload = _copy(PAYLOADS[fmt])
    objects = [p for p in _containers(payload) if isinstance(_at(payload, p), dict)]
    where = data.draw(st.sampled_from(objects), label="object")
    _at(payload, where)[key] = 1
    for call in (lambda: jobstatus.parse(payload, fmt), lambda: jobstatus.validate(payload, fmt)):
        with pytest.raises(ParseError, match="keys must be strings") as caught:
            call()
        assert caught.value.path == _join(where)


def test_the_documented_python_objects() -> None:
    with pytest.raises(UsageError):
        jobstatus.parse(T, ["tensorone"])  # type: ignore[arg-type]
    with pytest.raises(ParseError, match=r"keys must be strings, got 5 @ \$\.status_details"):
        jobstatus.parse({"id": "j", "status": "running", "status_details": {5: 1}})
    evaluator = {"status": "running", "status_details": {"task_status": {None: "running"}}}
    with pytest.raises(ParseError, match=r"got None @ \$\.status_details\.task_status"):
        jobstatus.parse(evaluator, "nemo_evaluator_v1")


class _Dumps:
    def model_dump(self, **kwargs: Any) -> Any:
        raise RuntimeError("the connection is closed")


class _BadMapping(Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("iteration failed")

    def __len__(self) -> int:
        return 1


class _BadDict(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        raise RuntimeError("items failed")


class _Sdk(BaseModel):
    model_config = ConfigDict(extra="allow")
    status: str


@pytest.mark.parametrize(
    ("payload", "cause", "path"),
    [
        (_Dumps(), RuntimeError, "$"),
        (_BadMapping(), RuntimeError, "$"),
        ({**T, "x": {"y": _BadDict(a=1)}}, RuntimeError, "$.x.y"),
        (_Sdk(status="running", jobId="a", blob=object()), Exception, "$"),
    ],
    ids=["model_dump raises", "mapping iteration raises", "nested items raise", "sdk model"],
)
def test_python_objects_that_cannot_be_read_are_parse_errors_with_the_cause_chained(
    payload: Any, cause: type[BaseException], path: str
) -> None:
    for call in (
        lambda: jobstatus.parse(payload, "tensorone"),
        lambda: jobstatus.convert(payload, to="simplismart"),
        lambda: jobstatus.validate(payload, "tensorone"),
    ):
        with pytest.raises(ParseError) as caught:
            call()
        assert caught.value.path == path
        assert isinstance(caught.value.__cause__, cause)


# -- 6. NaN and infinities ------------------------------------------------------------------

nonfinite = st.sampled_from([math.nan, math.inf, -math.inf])


@pytest.mark.parametrize("fmt", VENDORS)
@settings(max_examples=25)
@given(data=st.data(), value=nonfinite, add=st.booleans())
def test_nan_anywhere_is_an_issue_kept_for_its_own_format_and_written_nowhere_else(
    fmt: str, data: st.DataObject, value: float, add: bool
) -> None:
    payload = _copy(PAYLOADS[fmt])
    if add:
        where = data.draw(st.sampled_from(_containers(payload)), label="container")
        keys = (*where, _add(_at(payload, where), value))
    else:
        keys = data.draw(st.sampled_from([p for p in _leaves(payload) if p]), label="leaf")
        _at(payload, keys[:-1])[keys[-1]] = value
    path = _join(keys)
    # JSON text has no NaN, but 1e999 reads as infinity, the same way.
    texts = [] if math.isnan(value) else [_text(payload).replace("Infinity", "1e999")]
    for given_as in (payload, *texts):
        job = jobstatus.parse(given_as, fmt)
        flagged = [i for i in job.issues if i.severity == "error"]
        assert any(path.startswith(i.path) for i in flagged), (path, job.issues)
        assert normalize(jobstatus.render(job, fmt)) == normalize(payload)
        with pytest.raises(StrictError):
            jobstatus.parse(given_as, fmt, strict=True)
        for to in FORMATS:
            written, error = _attempt(lambda j=job, to=to: jobstatus.render(j, to), RenderError)
            if isinstance(error, RenderError):
                assert error.format == to
                assert error.path is not None
            elif to != fmt:  # its own format gives the input back, NaN included
                json.dumps(written, allow_nan=False)
        with pytest.raises(RenderError, match="NaN or Infinity"):
            jobstatus.render(job, "canonical")


def test_nan_given_by_hand_is_never_written_as_null_or_nan() -> None:
    job = Job(extensions={"tensorone": {"x": [math.nan]}}, format="tensorone")
    for fmt in FORMATS:
        written, error = _attempt(lambda fmt=fmt: jobstatus.render(job, fmt), RenderError)
        if error is not None:
            assert "NaN or Infinity" in str(error)
        else:
            json.dumps(written, allow_nan=False)
    with pytest.raises(RenderError, match=r"@ \$\.extensions\.tensorone\.x\[0\]"):
        jobstatus.render(job, "canonical")
    with pytest.raises(RenderError, match=r"@ \$\.x\[0\]"):
        jobstatus.render(job, "tensorone")  # not read from a payload: not its own value


def test_validate_reports_nan() -> None:
    found = jobstatus.validate({**T, "v": math.inf}, "tensorone")
    assert [(i.path, i.code) for i in found] == [("$.v", "not_json")]


# -- 7. sizes -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", VENDORS)
@settings(max_examples=10)
@given(size=st.integers(1_000, 200_000), char=st.characters(codec="utf-8"))
def test_messages_quote_a_huge_value_cut_short(fmt: str, size: int, char: str) -> None:
    payload = _copy(PAYLOADS[fmt])
    huge = char * size
    payload[REGISTRY.get(fmt).status_key[0]] = huge
    payload[huge[:5000]] = huge  # a huge key and value, kept in the extensions
    job = jobstatus.parse(payload, fmt)
    assert job.issues
    assert all(len(issue.message) < SHORT for issue in job.issues)
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, fmt, strict=True)
    assert all(len(issue.message) < SHORT for issue in caught.value.issues)
    for to in FORMATS:
        for loss in jobstatus.losses(job, to):
            assert len(loss.message) < SHORT


def test_a_ten_megabyte_status_makes_a_short_message() -> None:
    payload = {**T, "status": "x" * 10_000_000}
    job = jobstatus.parse(payload, "tensorone")
    [issue] = job.issues
    assert len(issue.message) < SHORT
    assert issue.message.count("x") <= LIMIT
    with pytest.raises(StrictError) as caught:
        jobstatus.parse(payload, "tensorone", strict=True)
    assert len(str(caught.value)) < 4 * SHORT
    with pytest.raises(LossError) as lost:
        jobstatus.convert({**T, "x": "y" * 10_000_000}, to="simplismart", on_loss="raise")
    assert len(str(lost.value)) < 2 * SHORT
    with pytest.raises(jobstatus.UnknownFormatError) as unknown:
        jobstatus.parse(T, "z" * 10_000_000)
    assert len(str(unknown.value)) < 2 * SHORT


def test_the_key_cache_does_not_keep_long_keys() -> None:
    before = _paths._plain.cache_info().currsize
    tracemalloc.start()
    try:
        for index in range(50):
            key = f"{index}" + "k" * 1_000_000
            assert _paths.child("$", key).startswith("$['")
            del key
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _paths._plain.cache_info().currsize <= before + 1
    assert retained < 5_000_000  # 50 MB of keys went through; none is kept
