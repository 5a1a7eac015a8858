"""Errors and issues: what went wrong, in which format, at which JSON path.

Every exception jobstatus raises is a :class:`JobStatusError`; the concrete classes are
also :class:`ValueError` (:class:`UsageError`, a :class:`TypeError`), so ``except
ValueError`` keeps working. Every error and warning survives pickling with its fields, so
that a process pool can send them back. Drift that a lenient parse survives is not raised
but recorded as an :class:`Issue` on the parsed job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from .model import Job

Severity = Literal["error", "warning", "info"]
"""How bad an issue is.

- ``error``: the value is not what the format allows (wrong type, out of range, an unknown
  status); it was not used, and is kept verbatim in the node's ``extensions``.
- ``warning``: the value is outside the format but its meaning is clear (``CANCELLED`` for
  ``CANCELED``), so it was used; or the payload lacks a field the format requires.
- ``info``: the payload departs from the vendor's document the way real servers do (a null
  where the document promises an object); nothing was lost.

``strict=True`` rejects errors and warnings, and accepts info.
"""


class Issue(BaseModel):
    """One oddity found in a payload, located by a JSON path into that payload."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, use_attribute_docstrings=True
    )

    path: str
    """JSON path of the offending value in the input, e.g. ``$.steps[1].tasks[0].status``."""
    code: str
    """Stable machine-readable kind, e.g. ``unknown_status``, ``wrong_type``."""
    message: str
    """What was found and what was expected."""
    severity: Severity
    """``error``, ``warning`` or ``info``: see :data:`Severity`."""
    keyword: str | None = None
    """The JSON Schema keyword that failed, for issues found by schema validation."""

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


class JobStatusError(Exception):
    """Base of every jobstatus error.

    Attributes:
        format: the format name the error concerns, when there is one.
        path: JSON path of the offending value, when there is one.
        issues: every issue behind the error, for errors that aggregate several.
    """

    def __init__(
        self,
        what: str,
        *,
        format: str | None = None,
        path: str | None = None,
        issues: Iterable[Issue] = (),
    ) -> None:
        self.what = what
        self.format = format
        self.path = path
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(self._render())

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*args): the keyword fields would be lost, and a
        # process pool that sends one back would fail to rebuild it.
        fields = (self.what, self.format, self.path, self.issues)
        return _rebuild_error, (type(self), *fields), self.__dict__

    def _render(self) -> str:
        head = f"{self.format}: {self.what}" if self.format else self.what
        if self.path:
            head = f"{head} @ {self.path}"
        lines = [head, *(f"  - [{i.severity}] {i}" for i in self.issues)]
        return "\n".join(lines)


def _rebuild_error(
    cls: type[JobStatusError],
    what: str,
    format: str | None,
    path: str | None,
    issues: tuple[Issue, ...],
) -> JobStatusError:
    error = cls.__new__(cls)
    JobStatusError.__init__(error, what, format=format, path=path, issues=issues)
    return error


class UsageError(JobStatusError, TypeError):
    """A function was called with an argument of the wrong type (a format name that is not
    a string, a job that is not a :class:`~jobstatus.Job`)."""


class UnknownFormatError(JobStatusError, ValueError):
    """A format name that no adapter registers."""


class FormatExistsError(JobStatusError, ValueError):
    """A format of that name is already registered (``register(..., replace=True)``
    replaces it)."""


class ParseError(JobStatusError, ValueError):
    """The input is not a payload of the format at all (not JSON, not an object, ...)."""


class StrictError(JobStatusError, ValueError):
    """A strict parse or validation found issues; ``issues`` lists every one of them."""


class DetectError(JobStatusError, ValueError):
    """The payload's format could not be told: it fits no format, or several equally."""


class RenderError(JobStatusError, ValueError):
    """A job could not be written in the requested format."""


class LossError(JobStatusError, ValueError):
    """Writing a job in a format would lose information (``on_loss="raise"``).

    ``issues`` lists every loss, each located by its canonical JSON path.
    """


class JobStatusWarning(UserWarning):
    """Information lost on conversion (``on_loss="warn"``): one warning lists every loss.

    Attributes:
        format: the format written.
        losses: every loss, each an :class:`Issue` of code ``loss``.
    """

    def __init__(self, message: str, *, format: str, losses: Iterable[Issue] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.format = format
        self.losses: tuple[Issue, ...] = tuple(losses)

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"format": self.format, "losses": self.losses}
        return _rebuild_warning, (type(self), self.message, kwargs), self.__dict__


def _rebuild_warning(
    cls: type[JobStatusWarning], message: str, kwargs: dict[str, Any]
) -> JobStatusWarning:
    return cls(message, **kwargs)


# -- live jobs: waiting, polling and fetching ----------------------------------------------


class WaitTimeout(JobStatusError, TimeoutError, ValueError):  # noqa: N818  # the documented name
    """The job was not terminal when ``timeout`` passed; ``job`` is the last one seen.

    Also a :class:`TimeoutError` (``except TimeoutError`` catches it) and a :class:`ValueError`.

    Attributes:
        job: the last snapshot read, or ``None`` if none was read.
        timeout: the timeout, in seconds.
    """

    def __init__(self, job: Job | None, timeout: float) -> None:
        self.job = job
        self.timeout = timeout
        status = job.status.value if job is not None else "no snapshot read"
        super().__init__(
            f"the job was not terminal after {timeout:g}s (last status: {status})",
            format=job.format if job is not None else None,
        )


class JobFailed(JobStatusError, ValueError):  # noqa: N818  # the documented name
    """The job ended failed, cancelled or skipped (``raise_on_failure=True``).

    Attributes:
        job: the terminal snapshot.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        reason = job.error.message if job.error is not None and job.error.message else None
        what = f"the job {job.id or job.name or ''} ended {job.status.value}".replace("  ", " ")
        super().__init__(f"{what}: {reason}" if reason else what, format=job.format)


class FetchError(JobStatusError, ValueError):
    """The source could not be read: it failed more times in a row than the retry budget
    allows, or in a way that retrying cannot mend.

    Attributes:
        source: what was read (a URL, with any user and password removed, or a name).
        attempts: how many reads were tried.
        transient: whether another read later might succeed (a timeout, a 503).
    """

    def __init__(
        self,
        what: str,
        *,
        source: str,
        attempts: int = 1,
        transient: bool = False,
        format: str | None = None,
    ) -> None:
        self.source = source
        self.attempts = attempts
        self.transient = transient
        super().__init__(f"{source}: {what}", format=format)


class HTTPError(FetchError):
    """The server answered with an error status (after retries, for 429 and 502-504).

    Attributes:
        status_code: the HTTP status code.
        body: the first characters of the response body (credentials never appear).
    """

    def __init__(
        self,
        status_code: int,
        body: str,
        *,
        source: str,
        attempts: int = 1,
        format: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.body = body
        transient = status_code in (429, 502, 503, 504)
        excerpt = f": {body}" if body else ""
        super().__init__(
            f"HTTP {status_code}{excerpt}",
            source=source,
            attempts=attempts,
            transient=transient,
            format=format,
        )


__all__ = [
    "DetectError",
    "FetchError",
    "HTTPError",
    "Issue",
    "JobFailed",
    "JobStatusError",
    "JobStatusWarning",
    "LossError",
    "ParseError",
    "RenderError",
    "Severity",
    "StrictError",
    "UnknownFormatError",
    "UsageError",
    "WaitTimeout",
]
