"""Reading a job over HTTP: the URL of a job on a format's endpoint, the retry policy and
the reading half of :class:`jobstatus.http.Client` and :class:`~jobstatus.http.AsyncClient`.

It sits below both :mod:`jobstatus.http`, whose clients add ``wait`` and ``watch`` over
the polling loop, and :mod:`jobstatus.live.poll`, which reads a URL with :class:`Fetcher`:
neither of those two imports the other. Needs the ``http`` extra (httpx).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import string
import time
from collections.abc import Awaitable, Callable, Mapping
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit, urlunsplit

try:
    import httpx
except ImportError as error:  # pragma: no cover - depends on what is installed
    raise ImportError(
        'jobstatus.http needs httpx: pip install "jobstatus[http]"', name=error.name
    ) from error

from ._parse import parse
from ._read import detect, load
from .errors import FetchError, HTTPError, JobStatusError, ParseError
from .model import Job
from .registry import REGISTRY

log = logging.getLogger("jobstatus.http")

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
"""Headers whose values are credentials, whatever the caller says (lower case)."""
RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Statuses worth asking again: too many requests, and a gateway with no server behind."""
_EXCERPT = 200
_HIDDEN = "***"


def endpoint_url(base_url: str, fmt: str, job_id: str, **params: str) -> str:
    """The URL of job ``job_id`` on the format's endpoint below ``base_url``.

    The job id fills the template's last parameter; ``params`` fill the others.

    Raises:
        JobStatusError: a template parameter has no value, or a keyword is not one.

    Examples:
        >>> endpoint_url("https://nmp.example", "nemo_jobs_v2", "ft-1", workspace="default")
        'https://nmp.example/apis/jobs/v2/workspaces/default/jobs/ft-1/status'
        >>> endpoint_url("https://x.example", "simplismart", "req-1", org_id="org 7")
        'https://x.example/job/get/?org_id=org%207&request_id=req-1'
    """
    template = REGISTRY.get(fmt).endpoint.split(" ", 1)[-1]
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    if not names:
        raise JobStatusError(f"the endpoint {template!r} names no job", format=fmt)
    values = {**params, names[-1]: job_id}
    missing = [name for name in names if name not in values]
    unknown = sorted(set(params) - set(names[:-1]))
    if missing or unknown:
        expected = ", ".join(names[:-1]) or "none"
        raise JobStatusError(
            f"endpoint {template!r}: missing {missing}, unknown {unknown} (keyword "
            f"arguments: {expected})",
            format=fmt,
        )
    filled = template.format_map({k: quote(str(v), safe="") for k, v in values.items()})
    return base_url.rstrip("/") + filled


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait: a number of seconds or an HTTP date.

    Examples:
        >>> retry_after("3", 0.0), retry_after(None, 0.0), retry_after("soon", 0.0)
        (3.0, None, None)
        >>> retry_after("Thu, 01 Jan 1970 00:01:00 GMT", 15.0)
        45.0
    """
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(moment.timestamp() - now, 0.0)


def redact_url(url: str) -> str:
    """``url`` without a user name or password."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc))


class _Policy:
    """What both clients share: headers, secrets, the retry decisions and the parsing."""

    def __init__(
        self,
        base_url: str,
        fmt: str | None,
        headers: Mapping[str, str] | None,
        secret_headers: tuple[str, ...] | list[str],
        retries: int,
        backoff: float,
        max_backoff: float,
        max_retry_after: float,
        clock: Callable[[], float],
        seed: int | None,
    ) -> None:
        if fmt is not None:
            REGISTRY.get(fmt)  # an unknown name fails now, with a hint
        self.base_url = base_url
        self.fmt = fmt
        self.headers = dict(headers or {})
        secret = SECRET_HEADERS | {name.lower() for name in secret_headers}
        values = [value for name, value in self.headers.items() if name.lower() in secret]
        # "Bearer <token>": the token alone is the secret too (a server may echo just it).
        tokens = [v.split()[-1] for v in values if " " in v.strip() and len(v.split()[-1]) >= 6]
        self.secrets = tuple(sorted({v for v in (*values, *tokens) if v}, key=len, reverse=True))
        self.shown = {
            name: _HIDDEN if name.lower() in secret else value
            for name, value in self.headers.items()
        }
        self.retries, self.backoff, self.max_backoff = retries, backoff, max_backoff
        self.max_retry_after = max_retry_after
        self.clock = clock
        self.random = random.Random(seed)

    def hide(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, _HIDDEN)
        return text

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """The pause before retry ``attempt`` (1 for the first): ``Retry-After`` when the
        server sent one, else exponential backoff with full jitter."""
        if response is not None:
            asked = retry_after(response.headers.get("retry-after"), self.clock())
            if asked is not None:
                return float(asked)
        ceiling = min(self.backoff * 2.0 ** (attempt - 1), self.max_backoff)
        return ceiling / 2 + self.random.random() * ceiling / 2

    def verdict(self, url: str, attempt: int, outcome: httpx.Response | Exception) -> float:
        """Seconds to wait before asking again; raises when it is not worth asking."""
        where = redact_url(url)
        if isinstance(outcome, httpx.Response):
            code = outcome.status_code
            body = self.hide(outcome.text[:_EXCERPT].strip())
            if code not in RETRY_STATUSES or attempt > self.retries:
                raise HTTPError(code, body, source=where, attempts=attempt, format=self.fmt)
            pause = self.delay(attempt, outcome)
            if pause > self.max_retry_after:
                raise HTTPError(code, body, source=where, attempts=attempt, format=self.fmt)
            what = f"HTTP {code}"
        else:
            what = self.hide(f"{type(outcome).__name__}: {outcome}")
            if attempt > self.retries:
                raise FetchError(
                    what, source=where, attempts=attempt, transient=True, format=self.fmt
                ) from outcome
            pause = self.delay(attempt, None)
        log.warning("GET %s: %s; retrying in %.2fs (attempt %d)", where, what, pause, attempt)
        return pause

    def job(self, body: bytes, where: str) -> Job:
        """The body as a job of the client's format (told from the first body if unset)."""
        data = load(body, self.fmt)
        if self.fmt is None:
            self.fmt = detect(data)
        adapter = REGISTRY.get(self.fmt)
        if isinstance(data, dict) and adapter.detection.score(data) is None:
            # A proxy or a misrouted request answering another endpoint: reading it
            # leniently would give a job of nothing, so say what it looks like instead.
            try:
                looks = f", it looks like {detect(data)}"
            except JobStatusError:
                looks = ""
            raise ParseError(
                f"the body of {where} is not a {self.fmt} payload{looks}", format=self.fmt, path="$"
            )
        return parse(data, self.fmt)

    def __repr__(self) -> str:
        return f"base_url={redact_url(self.base_url)!r}, fmt={self.fmt!r}, headers={self.shown!r}"


def _httpx_timeout(timeout: float) -> httpx.Timeout:
    return httpx.Timeout(timeout)


class _Endpoint:
    """What both clients share: the policy, the format, the URL of a job, a safe repr."""

    _policy: _Policy

    @property
    def fmt(self) -> str | None:
        """The format: given, or told from the first body."""
        return self._policy.fmt

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._policy!r})"

    def url(self, job_id: str, **params: str) -> str:
        """The URL of job ``job_id`` (see :func:`endpoint_url`)."""
        if self.fmt is None:
            raise JobStatusError("a job id needs a format: pass fmt to the client")
        return endpoint_url(self._policy.base_url, self.fmt, job_id, **params)


class Fetcher(_Endpoint):
    """The reading half of :class:`jobstatus.http.Client` (same arguments): fetch a body,
    read it as a job."""

    def __init__(
        self,
        base_url: str,
        fmt: str | None,
        *,
        headers: Mapping[str, str] | None = None,
        secret_headers: tuple[str, ...] | list[str] = (),
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        max_retry_after: float = 300.0,
        sleep: Callable[[float], object] = time.sleep,
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._policy = _Policy(
            base_url, fmt, headers, secret_headers, retries, backoff, max_backoff,
            max_retry_after, clock, seed,
        )  # fmt: skip
        self._sleep = sleep
        self._http = httpx.Client(
            headers=self._policy.headers, timeout=timeout, transport=transport
        )
        self.requests = 0
        """Requests sent, retries included."""

    def close(self) -> None:
        self._http.close()

    def fetch(self, url: str | None = None) -> bytes:
        """The body at ``url`` (default: ``base_url``), retried as the client says.

        Raises:
            HTTPError: an error status, after retries for the transient ones.
            FetchError: no answer (connect error, timeout) after the retries.
        """
        target = url or self._policy.base_url
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                response = self._http.get(target)
                body = response.read()
            except httpx.TransportError as error:
                self._sleep(self._policy.verdict(target, attempt, error))
                continue
            if response.is_success:
                return body
            self._sleep(self._policy.verdict(target, attempt, response))

    def read(self, url: str | None = None) -> Job:
        """The job at ``url`` (default: ``base_url``), parsed in the client's format."""
        target = url or self._policy.base_url
        return self._policy.job(self.fetch(target), redact_url(target))

    def get(self, job_id: str, **params: str) -> Job:
        """The job ``job_id``; ``params`` fill the endpoint's other parameters."""
        return self.read(self.url(job_id, **params))


class AsyncFetcher(_Endpoint):
    """The reading half of :class:`jobstatus.http.AsyncClient` (same arguments)."""

    def __init__(
        self,
        base_url: str,
        fmt: str | None,
        *,
        headers: Mapping[str, str] | None = None,
        secret_headers: tuple[str, ...] | list[str] = (),
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        max_retry_after: float = 300.0,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        seed: int | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._policy = _Policy(
            base_url, fmt, headers, secret_headers, retries, backoff, max_backoff,
            max_retry_after, clock, seed,
        )  # fmt: skip
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            headers=self._policy.headers, timeout=timeout, transport=transport
        )
        self.requests = 0
        """Requests sent, retries included."""

    async def aclose(self) -> None:
        await self._http.aclose()

    async def fetch(self, url: str | None = None) -> bytes:
        """The body at ``url`` (default: ``base_url``), retried as the client says."""
        target = url or self._policy.base_url
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                response = await self._http.get(target)
                body = await response.aread()
            except httpx.TransportError as error:
                await self._sleep(self._policy.verdict(target, attempt, error))
                continue
            if response.is_success:
                return body
            await self._sleep(self._policy.verdict(target, attempt, response))

    async def read(self, url: str | None = None) -> Job:
        """The job at ``url`` (default: ``base_url``), parsed in the client's format."""
        target = url or self._policy.base_url
        return self._policy.job(await self.fetch(target), redact_url(target))

    async def get(self, job_id: str, **params: str) -> Job:
        """The job ``job_id``; ``params`` fill the endpoint's other parameters."""
        return await self.read(self.url(job_id, **params))


__all__ = [
    "RETRY_STATUSES",
    "SECRET_HEADERS",
    "AsyncFetcher",
    "Fetcher",
    "endpoint_url",
    "redact_url",
    "retry_after",
]
