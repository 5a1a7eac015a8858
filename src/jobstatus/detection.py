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
    _paths: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("required", "forbidden", "any_of"):
            for key in getattr(self, name):
                if not isinstance(key, (str, tuple)) or not key:
                    raise TypeError(f"Detection.{name}: a key is a string or a tuple, got {key!r}")
        object.__setattr__(self, "_paths", tuple(map(_path, self.any_of)))

    def score(self, payload: Mapping[str, Any]) -> Score | None:
        """How well ``payload`` fits this declaration; ``None`` if it does not fit."""
        if self.only is not None and not self.only.issuperset(payload):
            return None
        for key in self.required:
            if not _has(payload, _path(key)):
                return None
        for key in self.forbidden:
            if _has(payload, _path(key)):
                return None
        keys = len(self.required) + sum(_has(payload, path) for path in self._paths)
        if keys == 0:
            return None
        status = _get(payload, _path(self.status_key))
        known = isinstance(status, str) and status in self.statuses
        if self.only_statuses and not known and status is not _ABSENT:
            return None
        return keys, int(known)


def _path(key: Key) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else key


def _has(payload: Mapping[str, Any], path: tuple[str, ...]) -> bool:
    return _get(payload, path) is not _ABSENT


_ABSENT = object()


def _get(payload: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = payload
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return _ABSENT
        value = value[key]
    return value


NOTHING = Detection()
"""Declares nothing, and so fits no payload: a format that is only ever named."""


__all__ = ["NOTHING", "Detection", "Key", "Score"]
