"""The HTTP clients against a real server on loopback, started here: recorded sequences
from every format's fixtures, and the faults servers really have."""

from __future__ import annotations

import asyncio
import doctest
import json
import logging
import pickle
import string
import time as _time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import pytest

pytest.importorskip("httpx")
httpserver_module = pytest.importorskip("pytest_httpserver")

from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Request, Response  # noqa: E402

import jobstatus  # noqa: E402
from jobstatus import FetchError, HTTPError, Job, ParseError, Status, _fetch  # noqa: E402
from jobstatus import http as jhttp  # noqa: E402
from jobstatus.http import AsyncClient, Client, endpoint_url  # noqa: E402
from jobstatus.registry import REGISTRY  # noqa: E402

from ._support import fixture_payloads  # noqa: E402

TOKEN = "Bearer sk-live-0123456789abcdef"
API_KEY = "key-fedcba9876543210"
T0 = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    # Threaded: a slow answer must not hold up the client's next request.
    found = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    found.start()
    yield found
    found.clear()
    found.stop()


@pytest.fixture
def httpserver(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


class Replay:
    """Answers each response in turn (the last one for ever), and records each request."""

    def __init__(self, answers: list[Response | Callable[[], Response]]) -> None:
        self.answers = answers
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        index = min(len(self.requests), len(self.answers) - 1)
        self.requests.append(request)
        answer = self.answers[index]
        return answer() if callable(answer) and not isinstance(answer, Response) else answer


def json_response(payload: Any, status: int = 200, **headers: str) -> Response:
    return Response(
        json.dumps(payload),
        status=status,
        headers=headers,
        mimetype="application/json",
    )


class Pauses:
    def __init__(self) -> None:
        self.pauses: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.pauses.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.pauses.append(seconds)


def template_names(fmt: str) -> list[str]:
    template = REGISTRY.get(fmt).endpoint.split(" ", 1)[-1]
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


HTTP_FORMATS = [fmt for fmt in jobstatus.formats() if template_names(fmt)]


def path_params(fmt: str) -> dict[str, str]:
    return {name: f"{name}-1" for name in template_names(fmt)[:-1]}


def recorded(fmt: str) -> list[dict[str, Any]]:
    """created, queued, running 10% ... 90%, completed: built from a fixture of ``fmt``."""
    base = next(
        job
        for job in (jobstatus.parse(p, fmt) for p in fixture_payloads(fmt))
        if job.status is Status.running
    )
    table = REGISTRY.get(fmt).status_tables[0]
    states = [s for s in (Status.created, Status.queued) if s in table.values()]
    steps: list[tuple[Status, float | None]] = [(s, None) for s in states]
    steps += [(Status.running, float(p)) for p in range(10, 100, 20)]
    steps.append((Status.succeeded, 100.0))
    out = []
    for minute, (status, percent) in enumerate(steps):
        job = base.model_copy(
            update={
                "status": status,
                "vendor_status": None,
                "updated_at": T0 + timedelta(minutes=minute),
                "progress": base.progress.model_copy(update={"percent": percent}),
            }
        )
        out.append(jobstatus.render(job, fmt))
    return out


def test_every_format_with_an_endpoint_is_served() -> None:
    # Every GET endpoint; SageMaker's is a signed AWS API call, which a client of its own makes.
    served = {f for f in jobstatus.formats() if REGISTRY.get(f).endpoint.startswith("GET ")}
    assert set(HTTP_FORMATS) == served
    assert len(HTTP_FORMATS) >= 6


@pytest.mark.parametrize("fmt", HTTP_FORMATS)
def test_a_recorded_sequence_is_followed_to_its_end(httpserver: HTTPServer, fmt: str) -> None:
    payloads = recorded(fmt)
    replay = Replay([json_response(p) for p in payloads])
    url = endpoint_url(httpserver.url_for("/"), fmt, "job 1", **path_params(fmt))
    path = unquote(url.removeprefix(httpserver.url_for("/").rstrip("/")).split("?")[0])
    httpserver.expect_request(path).respond_with_handler(replay)
    pauses = Pauses()
    with Client(httpserver.url_for("/"), fmt, headers={"Authorization": TOKEN}) as client:
        statuses = [
            c.after
            for c in client.watch("job 1", **path_params(fmt), interval=0.5, sleep=pauses)
            if c.path == "$.status"
        ]
        assert client.requests == len(payloads)
    assert statuses[-1] is Status.succeeded
    assert Status.running in statuses
    assert len(replay.requests) == len(payloads)
    assert len(pauses.pauses) == len(payloads) - 1
    assert 0.45 <= pauses.pauses[0] <= 0.55  # the first snapshot is a change: no backoff
    for request in replay.requests:
        assert request.headers["Authorization"] == TOKEN
    if "?" in url:  # the job named by query parameters (Simplismart)
        names = template_names(fmt)
        assert replay.requests[0].args[names[-1]] == "job 1"


def test_the_endpoint_template_fills_path_and_query_parameters() -> None:
    base = "https://nmp.example/"
    url = endpoint_url(base, "nemo_jobs_v2", "ft/1", workspace="team a")
    assert url == "https://nmp.example/apis/jobs/v2/workspaces/team%20a/jobs/ft%2F1/status"
    assert endpoint_url(base, "tensorone", "job_1") == "https://nmp.example/v2/training/jobs/job_1"
    with pytest.raises(jobstatus.JobStatusError, match="missing \\['workspace'\\]"):
        endpoint_url(base, "nemo_jobs_v2", "ft-1")
    with pytest.raises(jobstatus.JobStatusError, match="unknown \\['region'\\]"):
        endpoint_url(base, "tensorone", "job_1", region="eu")
    with pytest.raises(jobstatus.UnknownFormatError):
        Client(base, "tensorone1")


def test_503_and_429_are_retried_after_what_retry_after_asks(httpserver: HTTPServer) -> None:
    done = {"jobId": "j", "status": "completed"}
    when = format_datetime(datetime.fromtimestamp(_time.time() + 30, timezone.utc), usegmt=True)
    replay = Replay(
        [
            Response("busy", status=503, headers={"Retry-After": "2"}),
            Response("slow down", status=429, headers={"Retry-After": when}),
            json_response(done),
        ]
    )
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    pauses = Pauses()
    with Client(httpserver.url_for("/"), "tensorone", sleep=pauses) as client:
        job = client.get("j")
    assert job.status is Status.succeeded
    assert len(replay.requests) == 3
    assert pauses.pauses[0] == 2.0
    assert 27 <= pauses.pauses[1] <= 30


def test_retries_without_retry_after_back_off_exponentially(httpserver: HTTPServer) -> None:
    replay = Replay([Response("", status=502)])
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    pauses = Pauses()
    client = Client(
        httpserver.url_for("/"), "tensorone", retries=4, backoff=1, max_backoff=4, sleep=pauses
    )
    with pytest.raises(HTTPError) as caught:
        client.get("j")
    client.close()
    assert (caught.value.status_code, caught.value.attempts, caught.value.transient) == (
        502,
        5,
        True,
    )
    assert len(replay.requests) == 5
    ceilings = [1, 2, 4, 4]
    assert [c / 2 <= p <= c for p, c in zip(pauses.pauses, ceilings, strict=True)] == [True] * 4


def test_a_connection_closed_mid_body_is_retried(httpserver: HTTPServer) -> None:
    body = b'{"jobId": "j", "status": "completed", "name": "a long enough name"}'
    # Streamed, so that the server sends the promised length but closes after 20 bytes.
    replay = Replay(
        [
            lambda: Response(iter([body[:20]]), headers={"Content-Length": str(len(body))}),
            json_response({"jobId": "j", "status": "completed"}),
        ]
    )
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    pauses = Pauses()
    with Client(httpserver.url_for("/"), "tensorone", sleep=pauses) as client:
        assert client.get("j").status is Status.succeeded
        assert client.requests == 2
    assert len(pauses.pauses) == 1


def test_a_response_slower_than_the_timeout_is_retried(httpserver: HTTPServer) -> None:
    def slow() -> Response:
        _time.sleep(0.5)
        return json_response({"jobId": "j", "status": "running"})

    replay = Replay([slow, json_response({"jobId": "j", "status": "completed"})])
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    pauses = Pauses()
    with Client(httpserver.url_for("/"), "tensorone", timeout=0.1, sleep=pauses) as client:
        started = _time.monotonic()
        assert client.get("j").status is Status.succeeded
        assert _time.monotonic() - started < 0.45
    assert len(replay.requests) == 2
    replay.requests.clear()
    replay.answers[1] = slow
    client = Client(httpserver.url_for("/"), "tensorone", timeout=0.1, retries=0)
    with client, pytest.raises(FetchError, match="ReadTimeout") as caught:
        client.get("j")
    assert caught.value.transient


def test_a_malformed_body_is_a_parse_error_and_retried_by_wait(httpserver: HTTPServer) -> None:
    replay = Replay([Response("{not json"), json_response({"jobId": "j", "status": "failed"})])
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    with Client(httpserver.url_for("/"), "tensorone") as client:
        with pytest.raises(ParseError, match="not JSON"):
            client.get("j")
        pauses = Pauses()
        job = client.wait("j", sleep=pauses, interval=0.1)
    assert job.status is Status.failed
    assert len(replay.requests) == 2
    assert len(pauses.pauses) == 0  # the malformed read came first, outside wait


def test_401_raises_at_once_without_showing_credentials(
    httpserver: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A server that echoes the request's headers back, as some error pages do.
    def echo(request: Request) -> Response:
        return Response(
            f"denied for {request.headers['Authorization']} {request.headers['X-Team-Key']}",
            status=401,
        )

    replay = Replay([lambda: Response("", status=503), lambda: Response("", status=503)])
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(echo)
    httpserver.expect_request("/v2/training/jobs/k").respond_with_handler(replay)
    caplog.set_level(logging.DEBUG)
    headers = {"Authorization": TOKEN, "X-Team-Key": API_KEY, "Accept": "application/json"}
    pauses = Pauses()
    client = Client(
        httpserver.url_for("/"),
        "tensorone",
        headers=headers,
        secret_headers=["x-team-key"],
        retries=1,
        sleep=pauses,
    )
    with pytest.raises(HTTPError) as caught:
        client.get("j")
    error = caught.value
    assert (error.status_code, error.attempts, error.transient) == (401, 1, False)
    assert "denied for ***" in error.body
    with pytest.raises(HTTPError):
        client.get("k")  # retried once, logged
    again = pickle.loads(pickle.dumps(error))
    assert (again.status_code, again.body, str(again)) == (
        error.status_code,
        error.body,
        str(error),
    )
    shown = [str(error), repr(error), error.body, repr(client), str(client), caplog.text]
    assert "retrying" in caplog.text
    assert "Accept" in repr(client)
    for text in shown:
        assert "sk-live" not in text
        assert API_KEY not in text
    client.close()


def test_a_body_of_another_format_is_named(httpserver: HTTPServer) -> None:
    simplismart = fixture_payloads("simplismart")[0]
    httpserver.expect_request("/v2/training/jobs/j").respond_with_json(simplismart)
    with (
        Client(httpserver.url_for("/"), "tensorone") as client,
        pytest.raises(ParseError, match="not a tensorone payload, it looks like simplismart"),
    ):
        client.get("j")


def test_a_stale_replica_is_ignored(httpserver: HTTPServer) -> None:
    def at(minute: int, status: str, percent: float) -> Response:
        stamp = (T0 + timedelta(minutes=minute)).isoformat()
        payload = {
            "jobId": "j",
            "status": status,
            "progress": {"percentComplete": percent},
            "timestamps": {"lastUpdated": stamp},
        }
        return json_response(payload)

    replay = Replay(
        [at(1, "running", 40), at(0, "queued", 0), at(2, "running", 60), at(3, "completed", 100)]
    )
    httpserver.expect_request("/v2/training/jobs/j").respond_with_handler(replay)
    with Client(httpserver.url_for("/"), "tensorone") as client:
        found = list(client.watch("j", sleep=Pauses()))
    percents = [c.after for c in found if c.path == "$.progress.percent"]
    statuses = [c.after for c in found if c.path == "$.status"]
    assert percents == [40, 60, 100]
    assert statuses == [Status.running, Status.succeeded]
    assert len(replay.requests) == 4


def test_wait_on_a_url_source(httpserver: HTTPServer) -> None:
    payloads = recorded("nemo_jobs_v2")
    replay = Replay([json_response(p) for p in payloads])
    httpserver.expect_request("/status").respond_with_handler(replay)
    job = jobstatus.wait(
        httpserver.url_for("/status"), headers={"Authorization": TOKEN}, sleep=Pauses()
    )
    assert (job.status, job.format) == (Status.succeeded, "nemo_jobs_v2")
    assert replay.requests[0].headers["Authorization"] == TOKEN


def test_a_server_that_is_not_there_is_a_fetch_error() -> None:
    pauses = Pauses()
    client = Client("http://127.0.0.1:9", "tensorone", retries=2, sleep=pauses)
    with client, pytest.raises(FetchError, match="ConnectError") as caught:
        client.get("j")
    assert (caught.value.attempts, len(pauses.pauses)) == (3, 2)


def test_the_async_client(httpserver: HTTPServer) -> None:
    payloads = recorded("simplismart")
    replay = Replay(
        [Response("", status=503, headers={"Retry-After": "1"})]
        + [json_response(p) for p in payloads]
    )
    httpserver.expect_request("/job/get/").respond_with_handler(replay)
    pauses = Pauses()

    async def main() -> tuple[Job, int]:
        async with AsyncClient(
            httpserver.url_for("/"),
            "simplismart",
            headers={"Authorization": TOKEN},
            sleep=pauses.asleep,
        ) as client:
            job = await client.wait("req-1", org_id="org-1", sleep=pauses.asleep, interval=0.2)
            return job, client.requests

    job, requests = asyncio.run(main())
    assert job.status is Status.succeeded
    assert requests == len(payloads) + 1
    assert pauses.pauses[0] == 1.0
    assert replay.requests[1].args["org_id"] == "org-1"
    assert replay.requests[1].args["request_id"] == "req-1"


def test_retry_after_spellings() -> None:
    assert jhttp.retry_after("120", 0) == 120
    assert jhttp.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412470.0) == 10
    assert jhttp.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490.0) == 0
    assert jhttp.retry_after("later", 0) is None
    assert jhttp.redact_url("https://u:p@host:8443/x?y=1") == "https://host:8443/x?y=1"


@pytest.mark.parametrize("module", [jhttp, _fetch], ids=lambda module: module.__name__)
def test_the_examples_in_the_docstrings_hold(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted
    assert not result.failed
