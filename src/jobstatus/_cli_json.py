"""The JSON the ``jobstatus`` command writes: always JSON, always encodable, never altered.

- A NaN or an Infinity is not JSON (``json.dumps`` would write ``NaN``/``Infinity``, a
  JSON writer built on pydantic ``null``): :func:`refuse_non_finite` names the first one by
  its JSON path, and the payload is not written.
- A lone surrogate (``"\\ud800"`` in JSON text reads as one) cannot be encoded in UTF-8:
  :func:`to_json` writes it as its ``\\uXXXX`` escape, which every JSON reader reads back
  as the same string, and says it did.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from typing import Any

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


def refuse_non_finite(value: Any, what: str = "the output") -> None:
    """Raise a ``RenderError`` naming the first NaN or Infinity in ``value``, if any.

    Raises:
        RenderError: ``"not written: {what} holds Infinity, not a JSON value @ $.a[0]"``.
    """
    from .errors import RenderError

    stack: list[tuple[str, Any]] = [("$", value)]
    while stack:  # a loop, not recursion: any depth
        path, item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            found = "NaN" if math.isnan(item) else "Infinity" if item > 0 else "-Infinity"
            raise RenderError(f"not written: {what} holds {found}, not a JSON value", path=path)
        if isinstance(item, dict):
            stack.extend((_child(path, key), child) for key, child in reversed(item.items()))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", child) for i, child in reversed(list(enumerate(item))))


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


@cache
def _encoder(indent: int, ascii: bool = False) -> json.JSONEncoder:
    # Built once: what json.dumps would build anew on every call adds up over JSON Lines.
    if not indent:
        return json.JSONEncoder(ensure_ascii=ascii, allow_nan=False, separators=(",", ":"))
    return json.JSONEncoder(ensure_ascii=ascii, allow_nan=False, indent=indent)


__all__ = ["refuse_non_finite", "to_json"]
