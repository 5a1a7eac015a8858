"""A griffe extension for the API reference: read jobstatus's docstrings as they are written.

The docstrings are Google style with a few reStructuredText habits that mkdocstrings would
otherwise print verbatim:

- an ``Example:`` section (griffe reads only ``Examples:`` as one) becomes ``Examples:``;
- ``>>>`` sessions in free text become ``pycon`` code blocks;
- roles such as ``:class:`~jobstatus.Issue``` become code, linked when they name something
  ``jobstatus`` exports (the reference documents every one of those).

Loaded by ``mkdocs.yml`` (``extensions: [scripts/griffe_docstrings.py]``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`(~?)([\w.]+)`")
_EXAMPLE = re.compile(r"^(\s*)Example:[ \t]*$", re.MULTILINE)
_EXPORTED: set[str] | None = None


def _exported() -> set[str]:
    global _EXPORTED
    if _EXPORTED is None:
        import jobstatus

        _EXPORTED = set(jobstatus.__all__)
    return _EXPORTED


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1) == "~", match.group(2)
    shown = target.rsplit(".", 1)[-1] if short else target
    parts = target.split(".")
    if len(parts) == 2 and parts[0] == "jobstatus" and parts[1] in _exported():
        return f"[`{shown}`][{target}]"
    return f"`{shown}`"


def _sessions(text: str) -> str:
    """Fence the ``>>>`` sessions that start at the margin (those of sections are indented)."""
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].startswith(">>>"):
            out.append(lines[index])
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        out += ["```pycon", *lines[index:end], "```"]
        index = end
    return "\n".join(out)


def rewrite(text: str) -> str:
    """A docstring in the dialect mkdocstrings reads."""
    text = _EXAMPLE.sub(r"\1Examples:", text)
    text = _ROLE.sub(_role, text)
    return _sessions(text)


class ReadDocstrings(griffe.Extension):
    """Rewrites every docstring griffe loads; see the module docstring."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rewrite(obj.docstring.value)
