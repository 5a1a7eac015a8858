"""Live jobs: the changes between snapshots, a tracker of one job, wait and watch.

``changes`` and ``Tracker`` need nothing beyond the core; a URL source needs the ``http``
extra (httpx), imported only when a URL is polled.
"""

from __future__ import annotations

from .change import Change, Kind, apply, changes
from .poll import wait, wait_async, watch, watch_async
from .tracker import Held, Tracker

__all__ = [
    "Change",
    "Held",
    "Kind",
    "Tracker",
    "apply",
    "changes",
    "wait",
    "wait_async",
    "watch",
    "watch_async",
]
