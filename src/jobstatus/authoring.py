"""Everything an adapter is written with: the one import a format module needs.

A format is tables (a :class:`StatusTable`, a :class:`NodeSpec` of :func:`field` and
:func:`rest` rows per level of the vendor's hierarchy, a :class:`Detection`) handed to an
:class:`Adapter`; the engine turns them into parse and render. An array of vendor
objects is a child table: :func:`items` reads it into a tuple of model objects
(``Checkpoint``, ``MetricPoint``) from rows of its own. The formats in
``jobstatus.adapters`` and a plugin package's formats import from here alone::

    from jobstatus.authoring import COUNT, STRING, Adapter, NodeSpec, S, StatusTable, field

See the "Extending" page of the documentation for a worked example.

**Codecs** turn one vendor value into a canonical one and back. ``parse`` raises
:class:`CodecError` (saying what it expected) for a value it refuses, which the engine
reports as an ``invalid_value`` issue while keeping the raw value. ``parse`` returning
``None`` means **absent**: the model holds nothing there and the raw value is kept verbatim
in the node's extensions, so it is written back as it came (:func:`auto_or` reads
``"auto"`` that way; ``TEXT`` an empty string). A null in the payload is always absent.
"""

from __future__ import annotations

from ._engine.base import Adapter
from ._engine.codecs import (
    ANY,
    COUNT,
    DURATION,
    GIGABYTES,
    NAIVE_UTC_TIMESTAMP,
    NON_NEGATIVE,
    NUMBER,
    NUMBER_LIST,
    NUMBER_MAP,
    OBJECT,
    PERCENT,
    PERCENT_LIST,
    PERCENT_TEXT,
    SIZE,
    STRING,
    TEXT,
    TIMESTAMP,
    Codec,
    CodecError,
    auto_or,
    parse_timestamp,
    render_number,
    render_timestamp,
    timestamp_loss,
)
from ._engine.epochs import (
    UNIX_MILLISECONDS,
    UNIX_SECONDS,
    UNIX_WHOLE_MILLISECONDS,
    UNIX_WHOLE_SECONDS,
)
from ._engine.human import describe
from ._engine.items import Items, items
from ._engine.paths import MISSING
from ._engine.paths import get as get_path
from ._engine.paths import put as put_path
from ._engine.tables import Field, NodeSpec, StatusTable, field, rest
from .detection import Detection
from .model import Checkpoint, ErrorInfo, Job, MetricPoint, Metrics, Step, Task
from .status import Status

S = Status
"""``Status`` under a short name: status tables read best with it."""

__all__ = [
    "ANY",
    "COUNT",
    "DURATION",
    "GIGABYTES",
    "MISSING",
    "NAIVE_UTC_TIMESTAMP",
    "NON_NEGATIVE",
    "NUMBER",
    "NUMBER_LIST",
    "NUMBER_MAP",
    "OBJECT",
    "PERCENT",
    "PERCENT_LIST",
    "PERCENT_TEXT",
    "SIZE",
    "STRING",
    "TEXT",
    "TIMESTAMP",
    "UNIX_MILLISECONDS",
    "UNIX_SECONDS",
    "UNIX_WHOLE_MILLISECONDS",
    "UNIX_WHOLE_SECONDS",
    "Adapter",
    "Checkpoint",
    "Codec",
    "CodecError",
    "Detection",
    "ErrorInfo",
    "Field",
    "Items",
    "Job",
    "MetricPoint",
    "Metrics",
    "NodeSpec",
    "S",
    "Status",
    "StatusTable",
    "Step",
    "Task",
    "auto_or",
    "describe",
    "field",
    "get_path",
    "items",
    "parse_timestamp",
    "put_path",
    "render_number",
    "render_timestamp",
    "rest",
    "timestamp_loss",
]
