"""One module per format (see :mod:`jobstatus.registry` for how they are found), and the
building blocks for writing one: tables in, parse and render out.

A third-party adapter imports what it needs from here::

    from jobstatus.adapters import Adapter, NodeSpec, StatusTable, field, codecs
"""

from . import _codecs as codecs
from ._base import Adapter
from ._codecs import Codec, CodecError
from ._tables import Field, NodeSpec, StatusTable, field, rest

__all__ = [
    "Adapter",
    "Codec",
    "CodecError",
    "Field",
    "NodeSpec",
    "StatusTable",
    "codecs",
    "field",
    "rest",
]
