"""Where formats come from: modules in ``jobstatus.adapters`` and the ``jobstatus.adapters``
entry-point group, both imported only when a format is first used.

A module ``jobstatus/adapters/<name>.py`` (no leading underscore) that exports ``ADAPTER``
is the format ``<name>``. A third-party package adds a format with an entry point::

    [project.entry-points."jobstatus.adapters"]
    my_vendor = "my_package.my_vendor:ADAPTER"
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from ._quote import describe
from .detection import Detection, Score
from .errors import DetectError, FormatExistsError, UnknownFormatError, UsageError
from .model import Job

if TYPE_CHECKING:
    from .adapters.canonical import CanonicalAdapter
    from .authoring import Adapter, NodeSpec, StatusTable
    from .status import Status

ENTRY_POINT_GROUP = "jobstatus.adapters"


@runtime_checkable
class FormatAdapter(Protocol):
    """What a format provides, and all that the rest of jobstatus asks of it: reading,
    writing, detection, and what it says about itself (its status vocabulary, its field
    tables, its hooks) for status-only reads, loss reports and its documentation.

    Table-driven adapters (``jobstatus.authoring.Adapter``) get all of it from their
    tables. An adapter written by hand (the canonical format, a plugin's own class)
    provides each member; where it has no tables, ``levels``, ``status_tables`` and
    ``hooks`` are empty.
    """

    # Read-only: a frozen adapter (a dataclass, a class's constants) is one.
    @property
    def name(self) -> str:
        """The format's name, as ``jobstatus.formats()`` lists it."""
        ...

    @property
    def vendor(self) -> str:
        """The platform, for people."""
        ...

    @property
    def endpoint(self) -> str:
        """The "get job" endpoint, ``GET /path/{param}`` (``-`` if none)."""
        ...

    @property
    def compatible(self) -> tuple[str, ...]:
        """Formats of the same family whose kept vendor fields this one writes back."""
        ...

    @property
    def max_depth(self) -> int:
        """The deepest nesting of a payload this format reads (``jobstatus.api.MAX_DEPTH``,
        or more for a format that nests another's values)."""
        ...

    def parse(self, payload: Any) -> Job:
        """Read a decoded JSON payload; raise a ``JobStatusError`` if it is not one."""
        ...

    def render(self, job: Job) -> dict[str, Any]:
        """Write a job as a JSON-ready payload of this format."""
        ...

    @property
    def detection(self) -> Detection:
        """What identifies this format's payloads; the registry detects formats from it."""
        ...

    @property
    def status_key(self) -> tuple[str, ...]:
        """Where a payload holds the job's status: the keys from the top, ``("status",)``
        for most formats."""
        ...

    @property
    def status_tables(self) -> tuple[StatusTable, ...]:
        """The vendor's status table at each level it has, the job's first: what each
        vendor value reads as, what each status is written as, the values the vendor
        documents as final, and the statuses it has no value for (``fallbacks``: writing
        one is a loss). Empty for a format whose statuses are the canonical ones."""
        ...

    @property
    def levels(self) -> tuple[NodeSpec, ...]:
        """The field table of each level of the vendor's hierarchy (job, steps, tasks):
        the vendor fields the format reads and writes, and those it requires. Empty for a
        format not built from tables."""
        ...

    @property
    def hooks(self) -> Mapping[str, Callable[..., Any]]:
        """The named functions the format runs for what its tables cannot say
        (``finish_parse``, ``finish_render``), shown in its documentation; empty if none."""
        ...

    def status_reader(self) -> Callable[[dict[str, Any]], Status]:
        """A function giving the job status ``parse`` would give for a decoded JSON
        object, reading as little of it as it can (:func:`jobstatus.status_of` asks once
        per adapter and keeps it). It raises what ``parse`` raises for an unreadable
        status; a format without a faster way returns ``lambda data: self.parse(data).status``.
        """
        ...


if TYPE_CHECKING:  # both kinds of adapter this package ships have the whole protocol

    def _conforms(adapter: Adapter | CanonicalAdapter) -> FormatAdapter:
        return adapter


class Registry:
    """Format names to adapters, loaded lazily. ``formats`` is the read-only view."""

    def __init__(self) -> None:
        self._loaders: dict[str, Callable[[], Any]] | None = None
        self._entry_points_read = False
        self._loaded: dict[str, FormatAdapter] = {}
        self._detections: tuple[tuple[str, Detection], ...] | None = None
        self.generation = 0
        """Counts the changes to the formats loaded (a first use, :meth:`register`,
        :meth:`unregister`): what is cached per format name is stale once it moves."""

    def _discover(self, entry_points: bool = True) -> dict[str, Callable[[], Any]]:
        """Name -> loader: the modules in ``jobstatus.adapters``, then (unless told not to)
        the entry points, which never replace a module of the same name."""
        if self._loaders is None:
            loaders: dict[str, Callable[[], Any]] = {}
            package = importlib.import_module(".adapters", __package__)
            for module in pkgutil.iter_modules(package.__path__):
                if not module.name.startswith("_"):
                    qualified = f"{package.__name__}.{module.name}"
                    loaders[module.name] = _module_loader(qualified)
            self._loaders = loaders
        if entry_points and not self._entry_points_read:
            # importlib.metadata costs ~50 ms to import and scan: paid only when every
            # format is wanted (listing, detection) or a name is not a module of ours.
            from importlib.metadata import entry_points as installed

            for point in installed(group=ENTRY_POINT_GROUP):
                self._loaders.setdefault(point.name, point.load)
            self._entry_points_read = True
        return self._loaders

    def names(self) -> tuple[str, ...]:
        """Every registered format name, sorted."""
        return tuple(sorted({*self._discover(), *self._loaded}))

    def get(self, name: str) -> FormatAdapter:
        """The adapter of ``name``, imported on first use.

        Raises:
            UnknownFormatError: no such format; the message suggests the closest names.
            UsageError: ``name`` is not a string.
        """
        adapter = self._loaded.get(name) if type(name) is str else None
        if adapter is not None:
            return adapter
        format_name(name)
        loader = self._discover(entry_points=False).get(name) or self._discover().get(name)
        if loader is None:
            raise UnknownFormatError(_unknown(name, self.names()))
        loaded = loader()
        adapter = getattr(loaded, "ADAPTER", loaded)
        if not isinstance(adapter, FormatAdapter) or adapter.name != name:
            what = f"format {name!r} is registered but its adapter is not valid"
            raise UnknownFormatError(what + _lacking(adapter))
        self._loaded[name] = adapter
        self._detections = None
        self.generation += 1
        return adapter

    def register(self, adapter: FormatAdapter, *, replace: bool = False) -> None:
        """Add a format at run time (e.g. in tests).

        Raises:
            FormatExistsError: a format of that name is registered and ``replace`` is not
                set.
            UnknownFormatError: ``adapter`` is not a valid adapter.
        """
        if not isinstance(adapter, FormatAdapter):
            raise UnknownFormatError(
                f"{describe(adapter)} is not a format adapter{_lacking(adapter)}"
            )
        name = adapter.name
        if not replace and (name in self._loaded or name in self._discover()):
            what = f"format {name!r} is already registered; pass replace=True to replace it"
            raise FormatExistsError(what, format=name)
        self._loaded[name] = adapter
        self._detections = None
        self.generation += 1

    def detect(self, payload: Mapping[str, Any]) -> str:
        """The one format whose declaration ``payload`` fits best (see
        :mod:`jobstatus.detection` for the rule).

        Raises:
            DetectError: no format fits, or several fit equally; the message lists them.
        """
        if self._detections is None:  # every format's, loaded once: detection is per payload
            self._detections = tuple((name, self.get(name).detection) for name in self.names())
        scores: dict[str, Score] = {}
        for name, detection in self._detections:
            score = detection.score(payload)
            if score is not None:
                scores[name] = score
        if not scores:
            known = ", ".join(self.names())
            raise DetectError(f"the payload fits no known format ({known})", path="$")
        best = max(scores.values())
        winners = sorted(name for name, score in scores.items() if score == best)
        if len(winners) > 1:
            raise DetectError(f"the payload fits several formats equally: {', '.join(winners)}")
        return winners[0]

    def unregister(self, name: str) -> None:
        self._loaded.pop(name, None)
        self._discover().pop(name, None)
        self._detections = None
        self.generation += 1


def format_name(value: object) -> str:
    """``value``, checked to be a format name (a string).

    Raises:
        UsageError: it is not a string.
    """
    if not isinstance(value, str):
        kind = type(value).__name__
        raise UsageError(f"a format name must be a string, got {kind} {describe(value)}")
    return value


def _lacking(adapter: object) -> str:
    """What ``adapter`` lacks of the :class:`FormatAdapter` protocol, for an error message."""
    members = sorted(name for name in dir(FormatAdapter) if not name.startswith("_"))
    members += sorted(FormatAdapter.__annotations__)
    lacking = sorted({name for name in members if not hasattr(adapter, name)})
    return f" (it lacks {', '.join(lacking)})" if lacking else ""


def _module_loader(qualified: str) -> Callable[[], Any]:
    return lambda: importlib.import_module(qualified)


def _unknown(name: object, known: tuple[str, ...]) -> str:
    message = f"unknown format {describe(name)}"
    close = difflib.get_close_matches(str(name)[:100], known, n=2, cutoff=0.5)
    if close:
        message += f"; did you mean {' or '.join(repr(c) for c in close)}?"
    return f"{message} (known formats: {', '.join(known)})"


REGISTRY = Registry()

__all__ = ["ENTRY_POINT_GROUP", "REGISTRY", "FormatAdapter", "Registry", "format_name"]
