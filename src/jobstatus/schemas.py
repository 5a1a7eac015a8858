"""The formats' JSON Schemas, and validators compiled from them once per format and backend.

``<format>.schema.json`` (JSON Schema 2020-12) ships inside the wheel and is read with
:mod:`importlib.resources`; an editable install reads the repository's ``schemas/`` folder
instead. The canonical format's schema is generated from the model
(:func:`canonical_schema`).

Two backends validate, and are tested to accept and reject the same payloads:

- ``"jsonschema"``: pure Python, always installed; the reference (and what
  :func:`validator` compiles by default).
- ``"rs"``: ``jsonschema-rs`` (``pip install 'jobstatus[fast]'``), far faster.
- ``"auto"``: ``"rs"`` when it is installed, else ``"jsonschema"``; what
  :func:`jobstatus.validate` uses by default.

Formats are asserted alike in both: ``date-time`` means what every jobstatus reader
accepts (an ISO 8601 date and time; without an offset it is read as UTC), and any other
``format`` is an annotation only, as JSON Schema 2020-12 makes it by default.

>>> validator("simplismart").issues({"status": "DONE"})[0].keyword
'enum'
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, get_args

from ._validators import PyValidator, RsValidator
from .errors import Issue, JobStatusError
from .model import Job
from .registry import REGISTRY

if TYPE_CHECKING:
    from importlib.abc import Traversable

Backend = Literal["jsonschema", "rs", "auto"]
"""Which validator runs: the pure-Python reference, ``jsonschema-rs``, or the fastest."""
BACKENDS: tuple[str, ...] = get_args(Backend)
SUFFIX = ".schema.json"
CANONICAL_ID = "urn:jobstatus:schema:canonical"
_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_DATA_KEYWORDS = frozenset({"enum", "const", "default", "examples"})


class Validator(Protocol):
    """A schema compiled for one backend; every error becomes an :class:`Issue`."""

    backend: str

    def issues(self, data: Any) -> list[Issue]:
        """Every schema error in ``data`` (a decoded JSON value), sorted by JSON path."""
        ...


def rs_available() -> bool:
    """Whether the ``rs`` backend (``jsonschema-rs``, the ``fast`` extra) is installed."""
    return importlib.util.find_spec("jsonschema_rs") is not None


@cache
def _folder() -> Traversable | Path:
    from importlib import resources  # costs ~70 ms on a cold start: only when asked

    packaged = resources.files("jobstatus") / "_schemas"
    if packaged.is_dir():
        return packaged
    # An editable install maps the package to src/jobstatus, without the wheel's copy.
    return Path(__file__).resolve().parents[2] / "schemas"


@cache
def available() -> tuple[str, ...]:
    """The formats that have a schema, sorted.

    Examples:
        >>> "tensorone" in available() and "canonical" in available()
        True
    """
    folder = _folder()
    names = (p.name.removesuffix(SUFFIX) for p in folder.iterdir() if p.name.endswith(SUFFIX))
    return tuple(sorted(names))


@cache
def _text(fmt: str) -> str:
    if fmt not in available():
        REGISTRY.get(fmt)  # an unknown name fails here, with a "did you mean" hint
        raise JobStatusError("the format has no schema", format=fmt)
    return (_folder() / f"{fmt}{SUFFIX}").read_text(encoding="utf-8")


def schema(fmt: str) -> dict[str, Any]:
    """The JSON Schema of format ``fmt``, as a new dict.

    Raises:
        UnknownFormatError: no format has that name.
        JobStatusError: the format has no schema.

    Examples:
        >>> schema("simplismart")["$id"]
        'urn:jobstatus:schema:simplismart'
    """
    loaded: dict[str, Any] = json.loads(_text(fmt))
    return loaded


_COMPILED: dict[tuple[str, str], Validator] = {}


def validator(fmt: str, backend: Backend = "jsonschema") -> Validator:
    """The compiled validator of ``fmt``'s schema; compiled on first use, then reused.

    Raises:
        UnknownFormatError: no format has that name.
        JobStatusError: the format has no schema, or the backend is unknown or missing.

    Examples:
        >>> validator("tensorone") is validator("tensorone")
        True
    """
    found = _COMPILED.get((fmt, backend))
    if found is None:
        chosen = _choose(backend)
        found = _COMPILED.get((fmt, chosen))
        if found is None:
            loaded = schema(fmt)
            found = RsValidator(loaded) if chosen == "rs" else PyValidator(loaded)
            _COMPILED[(fmt, chosen)] = found
        _COMPILED[(fmt, backend)] = found
    return found


def _choose(backend: str) -> str:
    if backend not in BACKENDS:
        raise JobStatusError(f"unknown backend {backend!r} (known: {', '.join(BACKENDS)})")
    if backend == "auto":
        return "rs" if rs_available() else "jsonschema"
    if backend == "rs" and not rs_available():
        raise JobStatusError("the 'rs' backend needs jsonschema-rs: pip install 'jobstatus[fast]'")
    return backend


# -- the canonical schema ------------------------------------------------------------------


def canonical_schema() -> dict[str, Any]:
    """The JSON Schema of the canonical format, generated from :class:`~jobstatus.Job`.

    ``canonical.schema.json`` is this, written out. Every property has a description: the
    model attribute's docstring, else the description of the type it refers to, else one
    made from its name.

    Examples:
        >>> canonical_schema()["properties"]["vendor_status"]["description"]
        'The status exactly as the vendor spelled it.'
    """
    generated = Job.model_json_schema()
    _document(generated)
    head = {
        "$schema": _DRAFT,
        "$id": CANONICAL_ID,
        "title": "jobstatus canonical job",
        "description": (
            "A job as jobstatus reads it from any vendor format, and as "
            "render(job, 'canonical') writes it: Job -> Step -> Task, one status vocabulary."
        ),
        "$comment": "Generated from jobstatus.model.Job: edit the model, not this file.",
    }
    body = {k: v for k, v in generated.items() if k not in ("title", "description")}
    return {**head, **body}


_WORDS = {"gpu": "GPU", "id": "ID", "url": "URL", "eta": "ETA", "gb": "GB", "val": "validation"}


def _document(node: Any, defs: dict[str, Any] | None = None) -> None:
    if isinstance(node, list):
        for item in node:
            _document(item, defs)
    if not isinstance(node, dict):
        return
    defs = node.get("$defs", defs) if defs is None else defs
    for name, prop in (node.get("properties") or {}).items():
        prop.pop("title", None)  # pydantic's titles only repeat the name
        if not prop.get("description"):
            prop["description"] = _describe(name, prop, defs or {})
    for key, value in node.items():
        if key not in _DATA_KEYWORDS:
            _document(value, defs)


def _describe(name: str, prop: dict[str, Any], defs: dict[str, Any]) -> str:
    words = " ".join(_WORDS.get(w, w) for w in name.split("_"))
    words = words[0].upper() + words[1:]
    options = [prop, prop.get("items", {}), *prop.get("anyOf", ())]
    refs = [o["$ref"] for o in options if isinstance(o, dict) and "$ref" in o]
    target = defs.get(refs[0].rsplit("/", 1)[-1], {}) if refs else {}
    about = " ".join(str(target.get("description", "")).split("\n\n")[0].split())
    if not about:
        return f"{words}."
    about = about[0].lower() + about[1:]
    return f"{words}: each one {about}" if "items" in prop else f"{words}: {about}"


__all__ = [
    "BACKENDS",
    "CANONICAL_ID",
    "Backend",
    "Validator",
    "available",
    "canonical_schema",
    "rs_available",
    "schema",
    "validator",
]
