"""One pass over decoded input, before any other work: what JSON cannot hold.

Python objects handed to :func:`jobstatus.parse` can hold what no JSON text can: a
container that contains itself, a key that is not a string, NaN and infinities. JSON text
can hold only the last (``1e309`` reads as infinity) and nesting of any depth. One
iterative walk finds all of them: a cycle, a non-string key, nesting past the limit or a
container whose iteration fails is a :class:`~jobstatus.ParseError` naming its path; each
non-finite number is only noted, since the lenient reading keeps it (see
:func:`jobstatus.parse`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._engine.paths import child
from ._quote import describe
from .errors import Issue, JobStatusError, ParseError, RenderError
from .model import Job

MAX_DEPTH = 128
"""The deepest nesting of arrays and objects a payload may have; the payload is level 1."""
CANONICAL_DEPTH = MAX_DEPTH + 8
"""The canonical format's limit: its JSON holds a vendor payload's values a few levels
deeper (below ``steps``, ``tasks``, ``extensions`` and the format's name)."""

MAX_REPEATS = 100_000
"""How many times a Python payload may hold an object it already holds elsewhere (JSON
text never does): sharing is fine, but each share is written out whole, so that a few
levels of ``[a, a]`` would make an exponentially large payload."""

# A frame is (container, parent frame, key in the parent, depth): the path is built from
# the chain only when something is reported, so the walk formats no string on the way.
Frame = tuple[Any, Any, Any, int]
# Tuples too: a Python caller may use one for an array, and it may hold a cyclic list.
_CONTAINERS = (dict, list, tuple)


@dataclass(frozen=True)
class Findings:
    """What the walk noted: non-finite numbers, and the first container past MAX_DEPTH."""

    nonfinite: tuple[tuple[str, float], ...] = ()
    """(JSON path, value) of each NaN or infinity."""
    too_deep: str | None = None


NOTHING = Findings()


def path_of(frame: Frame | None, key: Any = None) -> str:
    """The JSON path of ``key`` in ``frame``'s container (of the container itself if None)."""
    keys = [] if key is None else [key]
    while frame is not None and frame[1] is not None:
        keys.append(frame[2])
        frame = frame[1]
    path = "$"
    for item in reversed(keys):
        path = child(path, item if isinstance(item, (str, int)) else describe(item))
    return path


def walk(root: Any, fmt: str | None, *, objects: bool, limit: int = CANONICAL_DEPTH) -> Findings:
    """Check ``root`` (decoded JSON, or Python objects when ``objects`` is set).

    Raises:
        ParseError: a cycle, a non-string key, a container nested deeper than ``limit``,
            or a container whose iteration fails (with the error chained).
    """
    if type(root) is float and root - root != 0.0:
        return Findings(nonfinite=(("$", root),))
    if not isinstance(root, _CONTAINERS):
        return NOTHING
    if not objects and _clean(root):
        return NOTHING
    nonfinite: list[tuple[str, float]] = []
    too_deep: str | None = None
    seen: set[int] = set()
    repeats = 0
    stack: list[Frame] = [(root, None, None, 1)]
    frame: Frame | None = None
    try:
        while stack:
            frame = stack.pop()
            node, _, _, depth = frame
            if depth > MAX_DEPTH:
                if too_deep is None:
                    too_deep = path_of(frame)
                if depth > limit:
                    raise depth_error(Findings(too_deep=too_deep), fmt)
            if objects:
                if id(node) in seen:
                    if _cycle(frame):
                        what = "the value contains itself (a cycle); JSON cannot hold it"
                        raise ParseError(what, format=fmt, path=path_of(frame))
                    repeats += 1
                    if repeats > MAX_REPEATS:  # [a, a] nested 60 times: 2**60 containers
                        what = f"the value repeats its containers more than {MAX_REPEATS} times"
                        raise ParseError(what, format=fmt, path=path_of(frame))
                seen.add(id(node))
            below = depth + 1
            if isinstance(node, dict):
                for key, value in node.items():
                    if objects and type(key) is not str and not isinstance(key, str):
                        what = f"object keys must be strings, got {describe(key)}"
                        raise ParseError(what, format=fmt, path=path_of(frame))
                    kind = type(value)
                    if kind is str or kind is int or kind is bool or value is None:
                        continue
                    if kind is dict or kind is list or isinstance(value, _CONTAINERS):
                        stack.append((value, frame, key, below))
                    elif isinstance(value, float) and value - value != 0.0:
                        nonfinite.append((path_of(frame, key), value))
            else:
                for index, value in enumerate(node):
                    kind = type(value)
                    if kind is str or kind is int or kind is bool or value is None:
                        continue
                    if kind is dict or kind is list or isinstance(value, _CONTAINERS):
                        stack.append((value, frame, index, below))
                    elif isinstance(value, float) and value - value != 0.0:
                        nonfinite.append((path_of(frame, index), value))
    except JobStatusError:
        raise
    except Exception as error:  # a Mapping whose iteration fails, a hostile __eq__, ...
        what = f"cannot read the value: {type(error).__name__}: {describe(str(error))}"
        raise ParseError(what, format=fmt, path=path_of(frame)) from error
    if not nonfinite and too_deep is None:
        return NOTHING
    return Findings(tuple(nonfinite), too_deep)


def _clean(root: Any) -> bool:
    """Whether decoded JSON ``root`` nests no deeper than MAX_DEPTH and holds no NaN or
    infinity: the common case, told level by level without a frame or a path per
    container; anything else is walked again by :func:`walk`, which names the path."""
    level: list[Any] = [root]
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            return False
        below: list[Any] = []
        for node in level:
            for value in node.values() if type(node) is dict else node:
                kind = type(value)
                if kind is dict or kind is list:
                    below.append(value)
                elif kind is float and value - value != 0.0:
                    return False
        level = below
        depth += 1
    return True


def _cycle(frame: Frame) -> bool:
    """Whether ``frame``'s container is one of its own ancestors (not merely shared)."""
    node = frame[0]
    parent = frame[1]
    while parent is not None:
        if parent[0] is node:
            return True
        parent = parent[1]
    return False


def depth_error(findings: Findings, fmt: str | None) -> ParseError:
    what = f"nested deeper than {MAX_DEPTH} levels of arrays and objects"
    return ParseError(what, format=fmt, path=findings.too_deep)


def with_nonfinite(job: Job, findings: Findings) -> Job:
    """``job`` with an error-level ``not_json`` issue for each NaN or infinity of its input.

    The value itself stays where reading put it: in the extensions, or in a free-form
    field that holds it whole (error details). A value a row refused already has its issue.
    """
    flagged = {issue.path for issue in job.issues if issue.severity == "error"}
    extra = [issue for issue in not_json(findings) if issue.path not in flagged]
    return job.model_copy(update={"issues": (*job.issues, *extra)}) if extra else job


def not_json(findings: Findings) -> list[Issue]:
    """One error-level ``not_json`` issue per NaN or infinity found."""
    return [
        Issue(path=path, code="not_json", message=_NOT_JSON.format(value), severity="error")
        for path, value in findings.nonfinite
    ]


_NOT_JSON = "{!r} is not a JSON number; kept as it came, but no other format can write it"


def check_written(payload: Any, job: Job, fmt: str, *, verbatim: bool) -> None:
    """Refuse ``payload`` (``job`` written as ``fmt``) if it holds a NaN or an infinity.

    Allowed only where ``verbatim``: ``fmt`` is the format the job was read from, and the
    value sits where reading it left an error-level issue, so it is the input's own value
    given back, not one the writer made up.

    Raises:
        RenderError: naming the path of the value in the written payload.
    """
    found = walk(payload, fmt, objects=False, limit=1 << 30).nonfinite
    if not found:
        return
    allowed = {i.path for i in job.issues if i.severity == "error"} if verbatim else set()
    for path, value in found:
        if path not in allowed:
            what = f"cannot write {value!r}: JSON has no NaN or Infinity"
            raise RenderError(what, format=fmt, path=path)


def refuse_nonfinite(job: Job, fmt: str) -> None:
    """Refuse to write ``job`` as JSON of its own model if a free-form value (extensions,
    error details: the only fields typed ``Any``) holds a NaN or an infinity, which the
    model's JSON would silently write as null; or a cycle, or a key that is not a string,
    which a job built by hand may hold.

    Raises:
        RenderError: naming the canonical path of the first one.
    """
    free = _free_form(job)
    if not free:
        return
    try:  # one walk over them all, the common case; each value's own to name the path
        if not walk([value for _, value in free], fmt, objects=True, limit=1 << 30).nonfinite:
            return
    except ParseError:
        pass
    for where, value in free:
        try:
            found = walk(value, fmt, objects=True, limit=1 << 30).nonfinite
        except ParseError as error:
            path = where + (error.path or "$")[1:]
            raise RenderError(error.what, format=fmt, path=path) from error
        if found:
            inner, number = found[0]
            what = f"cannot write {number!r}: JSON has no NaN or Infinity"
            raise RenderError(what, format=fmt, path=where + inner[1:])


def _free_form(job: Job) -> list[tuple[str, Any]]:
    """(canonical path, value) of each node's non-empty extensions and error details."""
    found: list[tuple[str, Any]] = []
    nodes: list[tuple[str, Any]] = [("$", job)]
    for path, node in nodes:  # grows as it goes: steps, then their tasks
        if node.extensions:
            found.append((child(path, "extensions"), node.extensions))
        if node.error is not None and node.error.details:
            found.append((child(child(path, "error"), "details"), node.error.details))
        for name in ("steps", "tasks"):
            below = child(path, name)
            nodes.extend((child(below, i), kid) for i, kid in enumerate(getattr(node, name, ())))
    return found
