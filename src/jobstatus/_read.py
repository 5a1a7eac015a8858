"""Reading: whatever a payload comes as (JSON text or bytes, a mapping, an SDK response
object) into plain JSON values, and the format it is in.

The bottom of the public functions: :mod:`jobstatus.api`, :mod:`jobstatus.conversion` and
:mod:`jobstatus.validation` all read through here, and nothing here imports them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from pydantic_core import from_json

from ._quote import describe
from ._walk import MAX_DEPTH, Findings, depth_error, walk
from .errors import DetectError, ParseError
from .registry import REGISTRY


@runtime_checkable
class SDKObject(Protocol):
    """An SDK response object: a pydantic model, read through its JSON dump."""

    def model_dump(self, *, mode: str, by_alias: bool, exclude_unset: bool) -> Any:
        """The object as JSON values."""
        ...


JSONInput = Mapping[str, Any] | str | bytes | bytearray | memoryview | SDKObject
"""What the functions read: a mapping, JSON text or bytes, or an SDK response object."""


def load(payload: JSONInput, fmt: str | None = None) -> Any:
    """Decode ``payload`` into plain JSON values.

    Accepts a mapping, JSON text or bytes, or an SDK response object (a pydantic model:
    its JSON dump, unknown fields included). NaN and Infinity are not JSON and are refused
    in text; in Python objects they are noted (see :func:`parse`).

    Raises:
        ParseError: the text is not JSON; or the value holds a cycle, a key that is not a
            string, nesting past the limit (:data:`MAX_DEPTH`, the canonical format a few
            levels more), or cannot be read at all (the error is chained).
    """
    return read(payload, fmt)[0]


def read(payload: JSONInput, fmt: str | None = None) -> tuple[Any, Findings]:
    """:func:`load`, and what the one walk over the value found (see :mod:`._walk`)."""
    if isinstance(payload, (bytes, bytearray, memoryview, str)):
        # Decoded text holds no cycle and no key that is not a string, but it may nest past
        # the limit, and 1e309 reads as infinity. The walk costs a few percent of a parse;
        # a gate on the text (a regular expression, a translate) cost as much.
        data = _decode(payload, fmt)
        return data, walk(data, fmt, objects=False)
    try:
        if isinstance(payload, dict):
            data = payload
        elif isinstance(payload, Mapping):
            data = dict(payload)
        else:
            dump = getattr(payload, "model_dump", None)
            data = (
                dump(mode="json", by_alias=True, exclude_unset=True) if callable(dump) else payload
            )
    except Exception as error:  # a Mapping whose iteration fails, a model that cannot dump
        what = f"cannot read the {type(payload).__name__}: {type(error).__name__}: "
        raise ParseError(what + describe(str(error)), format=fmt, path="$") from error
    return data, walk(data, fmt, objects=True)


def _decode(payload: str | bytes | bytearray | memoryview, fmt: str | None) -> Any:
    text = bytes(payload) if isinstance(payload, memoryview) else payload
    try:
        # pydantic-core's reader (jiter) gives what json.loads gives, in a third of the
        # time; what it refuses (NaN, a byte order mark, UTF-16, a lone surrogate, deep
        # nesting) json.loads decides, so that both what is read and every error
        # message stay the standard library's.
        return from_json(text, allow_inf_nan=False)
    except (ValueError, TypeError):  # TypeError: a str that is not UTF-8 (a surrogate)
        pass
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"not JSON: {error}", format=fmt, path="$") from None


def check_depth(found: Findings, name: str) -> None:
    """Refuse input nested past :data:`MAX_DEPTH` unless format ``name`` reads deeper (an
    adapter's ``max_depth``: the canonical format's JSON nests a vendor's values deeper).
    """
    deeper = found.too_deep is not None
    if deeper and REGISTRY.get(name).max_depth <= MAX_DEPTH:
        raise depth_error(found, name)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def detect(payload: JSONInput) -> str:
    """The name of the format ``payload`` is in, told by its shape.

    Raises:
        DetectError: the payload fits no format, or several equally; the message lists them.
        ParseError: the payload cannot be read (see :func:`load`).

    Examples:
        >>> detect({"job_id": "job-1", "status": "active", "steps": []})
        'nemo_ms_jobs'
    """
    return detect_loaded(load(payload))


def detect_loaded(data: Any) -> str:
    """:func:`detect` for a value :func:`load` gave."""
    if not isinstance(data, dict):
        raise DetectError(f"expected a JSON object, got {type(data).__name__}", path="$")
    return REGISTRY.detect(data)


__all__ = [
    "MAX_DEPTH",
    "JSONInput",
    "SDKObject",
    "check_depth",
    "detect",
    "detect_loaded",
    "load",
    "read",
]
