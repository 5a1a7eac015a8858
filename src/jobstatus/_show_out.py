"""``show``: a job printed on standard output, in the plain view (:mod:`._show`) or the
rich one (:mod:`._show_rich`), as :class:`~._show.Looks` says.

Above both views, so that neither imports the other back; rich is imported only when it
draws.
"""

from __future__ import annotations

import sys

from ._show import _UNLIMITED, Looks, clip, plain
from .model import Job


def show(job: Job, looks: Looks, heading: str | None = None) -> None:
    """Print ``job`` on standard output as ``looks`` says, under ``heading`` if given."""
    if looks.rich:
        from rich.console import Console, Group
        from rich.text import Text

        from ._show_rich import rich_view

        view = rich_view(job)
        if heading is not None:
            view = Group(Text(f"==> {clip(heading)} <==", style="bold"), view)
        width = looks.width or _UNLIMITED
        Console(highlight=False, width=width, soft_wrap=looks.width is None).print(view)
        return
    text = plain(job, colour=looks.colour, width=looks.width or _UNLIMITED, unicode=looks.unicode)
    if heading is not None:
        head = f"==> {clip(heading)} <=="
        text = (f"\x1b[1m{head}\x1b[0m" if looks.colour else head) + "\n" + text
    sys.stdout.write(text + "\n")


__all__ = ["show"]
