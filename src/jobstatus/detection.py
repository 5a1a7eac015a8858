"""What identifies a format's payloads, declared as data: the registry derives detection
from every format's :class:`Detection`, so that no format needs to know the others.

The rule, for a JSON object and one format's declaration:

1. The object **fits** the format when every ``required`` key is present, no
   ``forbidden`` key is, every key is among ``only`` and the status among ``statuses``
   (when the format is declared closed so), and at least one key the format declares
   (``required`` or ``any_of``) is present.
2. A fitting object's **score** is ``(keys, status)``: how many of the declared keys
   (``required`` and ``any_of``) it has, then ``1`` if its status is in the format's
   vocabulary (``statuses``), else ``0``. Tuples compare element by element: more
   declared keys win, and the status settles a tie.
3. The format with the highest score is the payload's; several with the same highest
   score are a :class:`~jobstatus.DetectError` that lists them, and so is no fit at all.

A key is a string (a key of the object) or a tuple of strings (a path into nested
objects: ``("status_details", "task_status")``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Key = str | tuple[str, ...]
"""A key of the payload, or the path of a key in nested objects."""

Score = tuple[int, int]
"""How well a payload fits: (declared keys present, 1 if the status is in the vocabulary)."""


@dataclass(frozen=True)
class Detection:
    """What identifies a format's payloads.

    Attributes:
        required: keys every payload of the format has.
        forbidden: keys no payload of the format has (those that tell a sibling format).
        any_of: keys typical of the format that a payload may lack; each one present
            counts as evidence.
        statuses: the format's status vocabulary; a status in it settles a tie.
        status_key: where the status is (a key or a path).
        only: when set, every key of a payload is one of these (a closed format).
        only_statuses: a payload's status, when it has one, is one of ``statuses`` (a
            closed vocabulary): any other value means another format.

    Examples:
        >>> acme = Detection(required=("acme_id",), statuses=frozenset({"RUN", "OK"}))
        >>> acme.score({"acme_id": "a-1", "status": "RUN"})
        (1, 1)
        >>> acme.score({"id": "a-1"}) is None
        True
    """

    required: tuple[Key, ...] = ()
    forbidden: tuple[Key, ...] = ()
    any_of: tuple[Key, ...] = ()
    statuses: frozenset[str] = frozenset()
    status_key: Key = "status"
    only: frozenset[str] | None = None
    only_statuses: bool = False
    _plan: _Plan = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("required", "forbidden", "any_of"):
            for key in getattr(self, name):
                if not isinstance(key, (str, tuple)) or not key:
                    raise TypeError(f"Detection.{name}: a key is a string or a tuple, got {key!r}")
        object.__setattr__(self, "_plan", _Plan(self))

    def score(self, payload: Mapping[str, Any]) -> Score | None:
        """How well ``payload`` fits this declaration; ``None`` if it does not fit."""
        plan = self._plan
        # Detection scores a payload against every format: top-level keys are tested as
        # sets (one C call each), nested paths one by one.
        keys = payload.keys()
        if self.only is not None and not self.only.issuperset(keys):
            return None
        if not keys >= plan.required or not keys.isdisjoint(plan.forbidden):
            return None
        for path in plan.required_paths:
            if not _has(payload, path):
                return None
        for path in plan.forbidden_paths:
            if _has(payload, path):
                return None
        found = len(self.required) + len(keys & plan.any_of)
        for path in plan.any_of_paths:
            found += _has(payload, path)
        if found == 0:
            return None
        status = _get(payload, plan.status)
        known = isinstance(status, str) and status in self.statuses
        if self.only_statuses and not known and status is not _ABSENT:
            return None
        return found, int(known)


class _Plan:
    """A declaration's keys, split into top-level keys (tested as sets) and paths."""

    __slots__ = (
        "any_of",
        "any_of_paths",
        "forbidden",
        "forbidden_paths",
        "required",
        "required_paths",
        "status",
    )

    def __init__(self, declared: Detection) -> None:
        self.required, self.required_paths = _split(declared.required)
        self.forbidden, self.forbidden_paths = _split(declared.forbidden)
        self.any_of, self.any_of_paths = _split(declared.any_of)
        self.status = _path(declared.status_key)


def _split(keys: tuple[Key, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    paths = tuple(dict.fromkeys(map(_path, keys)))
    top = frozenset(path[0] for path in paths if len(path) == 1)
    return top, tuple(path for path in paths if len(path) > 1)


def _path(key: Key) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else key


def _has(payload: Mapping[str, Any], path: tuple[str, ...]) -> bool:
    return _get(payload, path) is not _ABSENT


_ABSENT = object()


def _get(payload: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = payload
    for key in path:
        if type(value) is dict:  # decoded JSON: no abstract-class check
            value = value.get(key, _ABSENT)
            if value is _ABSENT:
                return value
        elif isinstance(value, Mapping) and key in value:
            value = value[key]
        else:
            return _ABSENT
    return value


NOTHING = Detection()
"""Declares nothing, and so fits no payload: a format that is only ever named."""


__all__ = ["NOTHING", "Detection", "Key", "Score"]
