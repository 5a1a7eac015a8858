"""How messages quote values: a repr cut to a fixed length, so that a 10 MB status makes
a short message, not a 10 MB one."""

from __future__ import annotations

LIMIT = 60
"""The longest quoted value, in characters, marker included."""
MARKER = "..."


def cut(text: str, limit: int = LIMIT) -> str:
    """``text`` cut to ``limit`` characters, ending in ``...`` when it was cut.

    Examples:
        >>> cut("x" * 100)[-5:], len(cut("x" * 100))
        ('xx...', 60)
    """
    return text if len(text) <= limit else text[: limit - len(MARKER)] + MARKER


def describe(value: object) -> str:
    """``value`` as a message quotes it: its repr, cut to :data:`LIMIT` characters.

    Examples:
        >>> describe("running")
        "'running'"
    """
    if isinstance(value, str) and len(value) > LIMIT:
        value = value[:LIMIT]  # a repr of a 10 MB string costs 10 MB before it is cut
    try:
        text = repr(value)
    except ValueError:
        # Python >= 3.11 refuses to print integers of more than 4300 digits.
        return "an integer with too many digits to print"
    return cut(text)
