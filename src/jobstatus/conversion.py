"""Conversion between formats, and the report of what a conversion loses.

Formats differ in what they can say: one has no steps, another no metrics, a third no
``initializing`` status. Writing a job in a format that cannot carry all of it is allowed,
and every loss is reported, so the caller decides (``on_loss``):

- ``"ignore"``: write what fits, say nothing;
- ``"warn"``: write what fits and issue one :class:`~jobstatus.JobStatusWarning` listing
  every loss;
- ``"raise"``: raise one :class:`~jobstatus.LossError` listing every loss.

:func:`losses` gives the list itself, without warning or raising. A loss is an
:class:`~jobstatus.Issue` of code ``loss`` and severity ``warning``, located by the JSON
path of the lost value in the canonical job (``$.steps[1].tasks[0].metrics.loss``).

Losses are found the same way for every format: the job is written in the target format,
read back by it, and compared with the original (see :mod:`jobstatus._losses` for what
counts). So a loss is anything that would not survive the trip, and nothing else; this
costs one more parse, which is why :func:`~jobstatus.render` skips it unless asked.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, get_args

from ._losses import compare
from ._parse import parse
from ._quote import cut, describe
from ._walk import check_written
from .errors import Issue, JobStatusError, JobStatusWarning, LossError, RenderError, UsageError
from .model import Job
from .registry import REGISTRY, format_name

if TYPE_CHECKING:
    from ._read import JSONInput

OnLoss = Literal["ignore", "warn", "raise"]
"""What to do when writing a job loses information: nothing, warn once, or raise once."""
ON_LOSS: tuple[str, ...] = get_args(OnLoss)


def losses(job: Job, fmt: str) -> list[Issue]:
    """What writing ``job`` as ``fmt`` would lose, without warning or raising.

    The job is written as ``fmt``, read back, and compared with itself. Every canonical
    value that does not come back the same is one issue of code ``loss`` and severity
    ``warning``, located by its JSON path in the canonical job: a field, a metric, a
    timestamp the format lacks; a number it rounds; the steps or tasks; a status it has
    no value for (written through the format's fallback, and named in the message); a
    vendor field kept from the job's own format that ``fmt`` cannot write (the format
    itself and formats of its family, ``Adapter.compatible``, write them back). A value
    the format requires and the job lacks (an id, a name) is written as a default, and
    reported too; one with no default (a timestamp: no instant is invented) is left out,
    and reported (unless the job was read from that format). Not information, so never a
    loss: ``format``, ``issues``,
    ``percent_derived``, ``vendor_status`` when the status is the same, the spelling of a
    number or an instant, and values the format derives (a job's progress from its
    steps) that the job did not have. An empty list means the job survives the trip.

    Args:
        job: the job to write.
        fmt: the format to write it in.

    Raises:
        UnknownFormatError: no format has that name.

    Examples:
        >>> import jobstatus
        >>> job = jobstatus.Job(status="initializing", metrics={"loss": 0.82})
        >>> for loss in losses(job, "simplismart"):
        ...     print(loss)
        'initializing' has no simplismart value; wrote 'QUEUED' @ $.status
        simplismart does not carry metrics.loss; dropped 0.82 @ $.metrics.loss
        >>> losses(job, "canonical")
        []
    """
    return render_with_losses(job, fmt)[1]


def render_checked(job: Job, fmt: str, on_loss: OnLoss, *, stacklevel: int = 1) -> dict[str, Any]:
    """Write ``job`` as ``fmt``, warning about or raising on its losses as ``on_loss`` says.

    This is :func:`jobstatus.render` with ``on_loss``. ``stacklevel`` says which line the
    warning points at, counted as :func:`warnings.warn` does from the line that called
    this function (1, the default, is that line).
    """
    _check(on_loss)
    if on_loss == "ignore":
        return write(job, fmt)
    payload, found = render_with_losses(job, fmt)
    report(found, fmt, on_loss, stacklevel=stacklevel + 1)
    return payload


def convert(
    payload: JSONInput,
    to: str,
    *,
    from_: str | None = None,
    on_loss: OnLoss = "warn",
    strict: bool = False,
) -> dict[str, Any]:
    """Read a payload in one format and write it in another: ``parse`` then ``render``.

    Args:
        payload: a dict, JSON text or bytes, or an SDK response object.
        to: the format to write.
        from_: the payload's format; detected from its shape when omitted.
        on_loss: ``"warn"`` (the default) issues one :class:`~jobstatus.JobStatusWarning`
            listing what ``to`` cannot carry; ``"raise"`` raises one
            :class:`~jobstatus.LossError` instead; ``"ignore"`` says nothing. Use
            :func:`losses` for the list itself.
        strict: parse strictly (see :func:`jobstatus.parse`).

    Returns:
        The payload in format ``to``, a JSON-ready dict. Converting to the payload's own
        format gives the payload back (only a number's or an instant's spelling may
        change).

    Raises:
        LossError: ``on_loss="raise"`` and the conversion loses something.
        ParseError, StrictError, DetectError, UnknownFormatError: as :func:`jobstatus.parse`.

    Examples:
        >>> payload = {"jobId": "j-1", "status": "running", "progress": {"percentComplete": 40}}
        >>> convert(payload, to="simplismart")
        {'status': 'RUNNING', 'request_id': 'j-1', 'progress': 40}
        >>> convert({"jobId": "j-1", "status": "initializing"}, to="simplismart", on_loss="raise")
        Traceback (most recent call last):
        ...
        jobstatus.errors.LossError: simplismart: the conversion loses 1 value(s)
          - [warning] 'initializing' has no simplismart value; wrote 'QUEUED' @ $.status
    """
    format_name(to)
    _check(on_loss)
    job = parse(payload, from_, strict=strict)
    return render_checked(job, to, on_loss, stacklevel=2)


def report(found: Sequence[Issue], fmt: str, on_loss: OnLoss, *, stacklevel: int = 1) -> None:
    """Warn about or raise on ``found`` losses as ``on_loss`` says (nothing if none).

    ``stacklevel`` is counted as in :func:`render_checked`.
    """
    if not found or on_loss == "ignore":
        return
    what = f"the conversion loses {len(found)} value(s)"
    if on_loss == "raise":
        raise LossError(what, format=fmt, issues=found)
    message = str(JobStatusError(what, format=fmt, issues=found))
    warning = JobStatusWarning(message, format=fmt, losses=found)
    warnings.warn(warning, stacklevel=stacklevel + 1)


def render_with_losses(job: Job, fmt: str) -> tuple[dict[str, Any], list[Issue]]:
    """Write ``job`` as ``fmt``, and say what that loses: ``(payload, losses)``.

    One render and one parse, as :func:`losses`, for callers that want both.

    Examples:
        >>> import jobstatus
        >>> payload, found = render_with_losses(jobstatus.Job(status="running"), "tensorone")
        >>> payload, [loss.path for loss in found]
        ({'status': 'running', 'jobId': ''}, ['$.id'])
    """
    adapter = REGISTRY.get(fmt)
    payload = write(job, fmt)
    return payload, compare(job, adapter.parse(payload), fmt, adapter)


def write(job: Job, fmt: str) -> dict[str, Any]:
    """``job`` written as ``fmt``: every writer's failure a :class:`~jobstatus.RenderError`,
    and never a NaN or an infinity that is not the input's own (see :func:`check_written`).
    """
    if not isinstance(job, Job):
        raise UsageError(f"expected a Job, got {type(job).__name__}", format=fmt)
    adapter = REGISTRY.get(fmt)
    try:
        payload = adapter.render(job)
    except JobStatusError:
        raise
    except (ArithmeticError, ValueError, TypeError) as error:
        raise RenderError(f"cannot write the job: {cut(str(error), 200)}", format=fmt) from error
    # The canonical JSON is the model's own: it never holds what JSON cannot.
    check_written(payload, job, fmt, verbatim=job.format == fmt and fmt != "canonical")
    return payload


def _check(on_loss: object) -> None:
    if on_loss not in ON_LOSS:
        choices = ", ".join(repr(choice) for choice in ON_LOSS)
        raise RenderError(f"on_loss must be one of {choices}, got {describe(on_loss)}")


__all__ = [
    "ON_LOSS",
    "OnLoss",
    "convert",
    "losses",
    "render_checked",
    "render_with_losses",
    "report",
    "write",
]
