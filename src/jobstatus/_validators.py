"""The validation backends: a compiled schema that reports every error as an Issue.

``PyValidator`` runs ``jsonschema`` (the reference), ``RsValidator`` runs ``jsonschema-rs``;
both report the same errors, at the same JSON paths, with the same keywords (a test checks
it). Each module is imported only when a validator is first compiled.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ._engine.codecs import CodecError, parse_timestamp
from ._engine.paths import child
from ._quote import cut
from .errors import Issue, ParseError

_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})
_MESSAGE_LIMIT = 200


# -- formats -------------------------------------------------------------------------------


def is_timestamp(value: str) -> bool:
    """The ``date-time`` format: a timestamp every jobstatus reader can read."""
    try:
        parse_timestamp(value)
    except CodecError:
        return False
    return True


def _formats(node: Any) -> Iterator[str]:
    """Every ``format`` keyword's value in a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "format" and isinstance(value, str):
                yield value
            elif key not in _DATA_KEYWORDS:
                yield from _formats(value)
    elif isinstance(node, list):
        for item in node:
            yield from _formats(item)


def _annotation(value: str) -> bool:
    return True


def rs_formats(schema: dict[str, Any]) -> dict[str, Any]:
    """The ``formats`` option that makes jsonschema-rs assert formats as jsonschema does
    here: ``date-time`` by :func:`is_timestamp`, every other format not at all."""
    formats: dict[str, Any] = dict.fromkeys(_formats(schema), _annotation)
    formats["date-time"] = is_timestamp
    return formats


_ANNOTATIONS = frozenset({"description", "$comment", "title", "default", "examples"})


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its local ``$ref``s replaced by what they point at.

    jsonschema looks a reference up on every call, which is a third of the time on the
    NeMo schemas; the errors (paths, keywords) are the same. A recursive schema is kept.
    """

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: v if k in _DATA_KEYWORDS else inline(v, seen) for k, v in node.items()}
        ref = out.pop("$ref", None)
        if ref is None:
            return out
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return {**out, "$ref": ref}
        if ref in seen:
            raise RecursionError(ref)
        target: Any = schema
        for part in ref[2:].split("/"):
            target = target[part]
        resolved = inline(target, (*seen, ref))
        # Beside a $ref, anything but an annotation applies as well: keep it, in an allOf.
        if all(key in _ANNOTATIONS for key in out):
            return resolved
        return {**out, "allOf": [*out.get("allOf", ()), resolved]}

    try:
        result: dict[str, Any] = inline(schema, ())
    except RecursionError:
        return schema
    return result


# -- backends ------------------------------------------------------------------------------

_Found = tuple[tuple[Any, ...], str, str]  # (instance path, keyword, message)


class PyValidator:
    """A schema compiled by ``jsonschema``, the reference backend."""

    backend = "jsonschema"

    def __init__(self, loaded: dict[str, Any]) -> None:
        from jsonschema import FormatChecker, validators  # imported only when first needed

        cls = validators.validator_for(loaded)
        cls.check_schema(loaded)  # once here, so that no call pays for it
        # An empty checker, not FormatChecker(): what that one asserts depends on which
        # optional packages happen to be installed.
        checker = FormatChecker(formats=())
        checker.checks("date-time")(lambda v: not isinstance(v, str) or is_timestamp(v))
        self._validator = cls(_inlined(loaded), format_checker=checker)

    def issues(self, data: Any) -> list[Issue]:
        found: list[_Found] = []
        listed: set[tuple[tuple[Any, ...], tuple[Any, ...]]] = set()
        try:
            errors = [leaf for e in self._validator.iter_errors(data) for leaf in _py_leaves(e)]
        except RecursionError:
            raise ParseError("the payload is nested too deeply", path="$") from None
        except ValueError as refused:  # a message quoting an int past Python's digit limit
            what = f"cannot check the payload: {refused}"
            raise ParseError(what, path="$") from refused
        for error in errors:
            where = tuple(error.absolute_path)
            if error.validator == "required":
                # One error per missing property; take them all at the first one, so that
                # each issue points at its property, as the rs backend's do.
                key = (where, tuple(error.absolute_schema_path))
                if key not in listed:
                    listed.add(key)
                    found += _missing(where, error.validator_value, error.instance)
                continue
            keyword = "false" if error.validator is None else str(error.validator)
            found.append((where, keyword, error.message))
        return _issues(found)


class RsValidator:
    """A schema compiled by ``jsonschema-rs``; its errors take the reference's shape."""

    backend = "rs"

    def __init__(self, loaded: dict[str, Any]) -> None:
        import jsonschema_rs

        self._validator = jsonschema_rs.validator_for(
            loaded, formats=rs_formats(loaded), validate_formats=True
        )
        self._loaded = loaded
        self._fallback: PyValidator | None = None

    @property
    def _reference(self) -> PyValidator:
        if self._fallback is None:
            self._fallback = PyValidator(self._loaded)
        return self._fallback

    def issues(self, data: Any) -> list[Issue]:
        try:
            if self._validator.is_valid(data):
                return []
            if _has_empty_key(data):
                # jsonschema-rs leaves "" keys out of its error paths: let the reference
                # report these (rare) payloads, so that every path stays exact.
                return self._reference.issues(data)
            errors = [leaf for e in self._validator.iter_errors(data) for leaf in _rs_leaves(e)]
        except ValueError as error:  # a Python value with no JSON equivalent
            raise ParseError(f"not a JSON value: {error}", path="$") from None
        found: list[_Found] = []
        for leaf in errors:
            where = tuple(leaf.instance_path)
            keyword = leaf.kind.name
            if keyword == "required":
                found += _missing(where, [leaf.kind.property], None)
            elif keyword == "enum":
                # jsonschema-rs names two of the values and counts the rest: the reference's
                # wording lists them all, which is what a reader needs.
                found.append(
                    (where, keyword, f"{leaf.instance!r} is not one of {leaf.kind.options!r}")
                )
            else:
                found.append(
                    (where, "false" if keyword == "falseSchema" else keyword, leaf.message)
                )
        return _issues(found)


# An anyOf error says only that no branch fits. When one branch has the payload's type
# (an object where the others want null), its errors say what is wrong, and where.


def _py_leaves(error: Any) -> Iterator[Any]:
    if error.validator == "anyOf":
        here = error.absolute_path
        branches: dict[Any, list[Any]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        fitting = [
            b
            for b in branches.values()
            if not any(e.validator == "type" and e.absolute_path == here for e in b)
        ]
        if len(fitting) == 1:
            for sub in fitting[0]:
                yield from _py_leaves(sub)
            return
    yield error


def _rs_leaves(error: Any) -> Iterator[Any]:
    if error.kind.name == "anyOf":
        here = error.instance_path
        fitting = [
            b
            for b in error.kind.context
            if not any(e.kind.name == "type" and e.instance_path == here for e in b)
        ]
        if len(fitting) == 1:
            for sub in fitting[0]:
                yield from _rs_leaves(sub)
            return
    yield error


def _has_empty_key(data: Any) -> bool:
    pending = [data]
    while pending:  # not recursive: vendor details may nest deeper than the stack allows
        node = pending.pop()
        if isinstance(node, dict):
            if "" in node:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False


def _missing(where: tuple[Any, ...], required: Sequence[str], instance: Any) -> list[_Found]:
    names = [n for n in required if instance is None or n not in instance]
    return [((*where, n), "required", f"{n!r} is a required property") for n in names]


def _order(found: _Found) -> tuple[Any, ...]:
    where, keyword, message = found
    return (tuple((0, k, "") if isinstance(k, int) else (1, 0, k) for k in where), keyword, message)


def _issues(found: list[_Found]) -> list[Issue]:
    issues = []
    for where, keyword, message in sorted(found, key=_order):
        path = "$"
        for key in where:
            path = child(path, key)
        message = cut(message, _MESSAGE_LIMIT)
        issue = Issue(path=path, code="schema", message=message, severity="error", keyword=keyword)
        issues.append(issue)
    return issues


__all__ = ["PyValidator", "RsValidator", "is_timestamp", "rs_formats"]
