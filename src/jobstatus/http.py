"""HTTP clients for each format's "get job" endpoint (the ``http`` extra: httpx).

The URL comes from the adapter's ``endpoint`` template: ``Client(base, "nemo_jobs_v2")
.get("my-job", workspace="default")`` reads ``GET {base}/apis/jobs/v2/workspaces/default/
jobs/my-job/status``. The job id fills the template's last parameter; the others are
keyword arguments. Connect errors, timeouts, 429 and 502/503/504 are retried with
exponential backoff and jitter, honouring ``Retry-After``; any other error status raises
:class:`~jobstatus.HTTPError`. Credentials (``Authorization``, ``Cookie``, ``X-Api-Key``
and any header named in ``secret_headers``) never appear in an error, a repr or a log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from ._fetch import (
    RETRY_STATUSES,
    SECRET_HEADERS,
    AsyncFetcher,
    Fetcher,
    endpoint_url,
    redact_url,
    retry_after,
)
from .live.change import Change
from .live.poll import wait, wait_async, watch, watch_async
from .model import Job


class Client(Fetcher):
    """A job-status client for one format's endpoint, over httpx.

    Args:
        base_url: the platform's base URL (or, for :meth:`read`, the job's whole URL).
        fmt: the format; detected from the first body when ``None``.
        headers: sent with every request, e.g. ``{"Authorization": "Bearer ..."}``.
        secret_headers: more header names whose values are credentials (never shown).
        timeout: seconds for each request (connect, read, write, pool).
        retries: retries after a connect error, a timeout, 429 or 502/503/504.
        backoff: the first retry's pause ceiling, doubled each retry up to ``max_backoff``.
        max_retry_after: a ``Retry-After`` asking for longer raises instead of waiting.
        sleep: how to pause between retries; clock: wall-clock seconds (for HTTP dates).
        transport: an httpx transport, e.g. for tests or proxies.

    Examples:
        >>> secret = {"Authorization": "Bearer s3cret"}
        >>> client = Client("https://api.example", "tensorone", headers=secret)
        >>> client
        Client(base_url='https://api.example', fmt='tensorone', headers={'Authorization': '***'})
        >>> client.url("job_1")
        'https://api.example/v2/training/jobs/job_1'
        >>> client.close()
    """

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait(self, job_id: str, **options: Any) -> Job:
        """:func:`jobstatus.wait` on job ``job_id``: endpoint parameters and wait options
        are both keyword arguments."""
        url, rest = _split(self.url, job_id, options)
        return wait(lambda: self.read(url), fmt=self.fmt, **rest)

    def watch(self, job_id: str, **options: Any) -> Iterator[Change]:
        """:func:`jobstatus.watch` on job ``job_id`` (keywords as for :meth:`wait`)."""
        url, rest = _split(self.url, job_id, options)
        return watch(lambda: self.read(url), fmt=self.fmt, **rest)


class AsyncClient(AsyncFetcher):
    """:class:`Client` under asyncio (``await client.get(...)``); the same arguments, with
    an async ``sleep`` and an ``httpx.AsyncBaseTransport``."""

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def wait(self, job_id: str, **options: Any) -> Job:
        """:func:`jobstatus.wait_async` on job ``job_id`` (keywords as for
        :meth:`Client.wait`)."""
        url, rest = _split(self.url, job_id, options)
        return await wait_async(lambda: self.read(url), fmt=self.fmt, **rest)

    def watch(self, job_id: str, **options: Any) -> AsyncIterator[Change]:
        """:func:`jobstatus.watch_async` on job ``job_id``."""
        url, rest = _split(self.url, job_id, options)
        return watch_async(lambda: self.read(url), fmt=self.fmt, **rest)


_POLL_OPTIONS = frozenset(
    {
        "interval",
        "max_interval",
        "timeout",
        "on_change",
        "raise_on_failure",
        "retries",
        "jitter",
        "stale_after",
        "clock",
        "sleep",
        "seed",
    }
)


def _split(
    url: Callable[..., str], job_id: str, options: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    params = {k: v for k, v in options.items() if k not in _POLL_OPTIONS}
    rest = {k: v for k, v in options.items() if k in _POLL_OPTIONS}
    return url(job_id, **params), rest


__all__ = [
    "RETRY_STATUSES",
    "SECRET_HEADERS",
    "AsyncClient",
    "Client",
    "endpoint_url",
    "redact_url",
    "retry_after",
]
