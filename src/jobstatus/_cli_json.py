"""The JSON the ``jobstatus`` command writes: always JSON, always encodable, never altered.

- A NaN or an Infinity is not JSON (``json.dumps`` would write ``NaN``/``Infinity``, a
  JSON writer built on pydantic ``null``): :func:`refuse_non_finite` names the first one by
  its JSON path, and the payload is not written.
- A lone surrogate (``"\\ud800"`` in JSON text reads as one) cannot be encoded in UTF-8:
  :func:`to_json` writes it as its ``\\uXXXX`` escape, which every JSON reader reads back
  as the same string, and says it did.
- With orjson installed (the ``fast`` extra) orjson writes the text, byte for byte what
  the standard library writes: where the two could differ (a number in exponent notation
  or below 0.0001, an integer past 64 bits, a NaN that orjson writes as ``null``, a lone
  surrogate, a key that is not a string, an indent other than 0 or 2) the standard library
  writes it.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Job

_SURROGATE = re.compile("[\ud800-\udfff]")
_UTF8 = ("utf8", "utf8sig")


def to_json(value: Any, indent: int = 0, encoding: str = "utf-8") -> tuple[str, int | None]:
    """``value`` as JSON text that ``encoding`` can carry, and the code point of the first
    lone surrogate escaped in it (``None`` if there was none).

    Non-ASCII characters are written as they are, in ``indent`` spaces per level (``0``:
    one line); when ``encoding`` is not UTF-8 and lacks one of them, the whole text is
    written with ASCII escapes instead (the same JSON value).

    Raises:
        RenderError: ``value`` holds a NaN or an Infinity, or cannot be written as JSON.

    Examples:
        >>> to_json([chr(0xD800), "é"])
        ('["\\\\ud800","é"]', 55296)
    """
    text = _fast(value, indent)
    if text is None:
        text = _encode(_encoder(indent), value)
    if text.isascii():
        return text, None
    first = _SURROGATE.search(text)
    surrogate = ord(first.group()) if first else None
    if first:  # only ever inside a JSON string: the escape is the same string
        text = _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    if encoding.lower().replace("-", "").replace("_", "") not in _UTF8:
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = _encode(_encoder(indent, ascii=True), value)
    return text, surrogate


RAW_FIELDS = ("extensions", "error.details")
"""The fields of a node that hold vendor values as they are (``Any``): every other float of
the model is checked finite when the model is built (``allow_inf_nan=False``)."""


def refuse_non_finite_job(job: Job) -> None:
    """Raise a ``RenderError`` naming the first NaN or Infinity the job holds, if any.

    Only the :data:`RAW_FIELDS` of each node can hold one, so only they are walked: a writer
    built on pydantic would write it as ``null``, changing the value without a word.
    """
    nodes: list[tuple[str, Any]] = [("$", job)]
    for i, step in enumerate(job.steps):
        nodes.append((f"$.steps[{i}]", step))
        nodes += [(f"$.steps[{i}].tasks[{j}]", task) for j, task in enumerate(step.tasks)]
    for path, node in nodes:
        refuse_non_finite(node.extensions, "the job", f"{path}.extensions")
        if node.error is not None:
            refuse_non_finite(node.error.details, "the job", f"{path}.error.details")


def refuse_non_finite(value: Any, what: str = "the output", at: str = "$") -> None:
    """Raise a ``RenderError`` naming the first NaN or Infinity in ``value`` (found at JSON
    path ``at``), if any.

    Raises:
        RenderError: ``"not written: {what} holds Infinity, not a JSON value @ $.a[0]"``.
    """
    from .errors import RenderError

    if not _any_non_finite(value):  # the common case, without building a path per value
        return
    stack: list[tuple[str, Any]] = [(at, value)]
    while stack:  # a loop, not recursion: any depth
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            found = "NaN" if math.isnan(item) else "Infinity" if item > 0 else "-Infinity"
            raise RenderError(f"not written: {what} holds {found}, not a JSON value", path=path)
        if isinstance(item, dict):
            stack.extend((_child(path, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))


def _any_non_finite(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _child(path: str, key: Any) -> str:
    key = str(key)
    return f"{path}.{key}" if key.isidentifier() else f"{path}[{json.dumps(key)}]"


def _encode(encoder: json.JSONEncoder, value: Any) -> str:
    from .errors import RenderError

    try:
        return encoder.encode(value)
    except ValueError:  # allow_nan=False: a NaN or an Infinity; or a circular reference
        refuse_non_finite(value)
        raise RenderError("not written: a value contains itself") from None
    except RecursionError:
        raise RenderError("not written: nested too deeply for JSON") from None
    except TypeError as error:
        raise RenderError(f"not written: {error}") from None


# A number orjson spells unlike the standard library: in exponent notation (orjson writes
# 1e-7, the standard library 1e-07) or below 0.0001 (orjson 0.00001, the standard library
# 1e-05). Only a number token can match: the pattern is anchored after what may precede a
# value. A string holding ", 1e5" matches too, and costs only the fallback.
_UNLIKE = re.compile(r"(?:^|[\[:,\s])-?(?:\d+(?:\.\d+)?[eE]|0\.0000)")


def _fast(value: Any, indent: int) -> str | None:
    """``value`` written by orjson, or ``None`` where the standard library must write it."""
    orjson = _orjson()
    if orjson is None or indent not in (0, 2):
        return None
    option = (
        orjson.OPT_PASSTHROUGH_SUBCLASS
        | orjson.OPT_PASSTHROUGH_DATETIME
        | orjson.OPT_PASSTHROUGH_DATACLASS
    )
    if indent:
        option |= orjson.OPT_INDENT_2
    try:
        # What orjson writes and the standard library refuses (a datetime, a dataclass) or
        # writes its own way (a subclass of str or int) goes to ``default``, which refuses.
        text: str = orjson.dumps(value, default=_refuse, option=option).decode()
    except (orjson.JSONEncodeError, TypeError):  # a big integer, a surrogate, a key, a cycle
        return None
    if _UNLIKE.search(text) or ("null" in text and _any_non_finite(value)):
        return None
    return text


def _refuse(value: Any) -> Any:
    raise TypeError(type(value).__name__)


@cache
def _orjson() -> ModuleType | None:
    try:
        import orjson
    except ImportError:
        return None
    return orjson


@cache
def _encoder(indent: int, ascii: bool = False) -> json.JSONEncoder:
    # Built once: what json.dumps would build anew on every call adds up over JSON Lines.
    if not indent:
        return json.JSONEncoder(ensure_ascii=ascii, allow_nan=False, separators=(",", ":"))
    return json.JSONEncoder(ensure_ascii=ascii, allow_nan=False, indent=indent)


__all__ = ["RAW_FIELDS", "refuse_non_finite", "refuse_non_finite_job", "to_json"]
