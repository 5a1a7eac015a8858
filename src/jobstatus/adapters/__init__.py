"""One module per format (see :mod:`jobstatus.registry` for how they are found), and the
building blocks for writing one: tables in, parse and render out.

A third-party adapter imports what it needs from here::

    from jobstatus.adapters import Adapter, Detection, NodeSpec, StatusTable, codecs, field

They are loaded on first use, so that importing jobstatus stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..detection import Detection
    from . import _codecs as codecs
    from ._base import Adapter
    from ._codecs import Codec, CodecError
    from ._tables import Field, NodeSpec, StatusTable, field, rest

_WHERE = {
    "Adapter": "._base",
    "Codec": "._codecs",
    "CodecError": "._codecs",
    "Detection": "..detection",
    "Field": "._tables",
    "NodeSpec": "._tables",
    "StatusTable": "._tables",
    "field": "._tables",
    "rest": "._tables",
}


def __getattr__(name: str) -> Any:
    if name == "codecs":
        return importlib.import_module("._codecs", __name__)
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Adapter",
    "Codec",
    "CodecError",
    "Detection",
    "Field",
    "NodeSpec",
    "StatusTable",
    "codecs",
    "field",
    "rest",
]
