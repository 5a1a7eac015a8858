"""``jobstatus watch``, run as a process: exit codes, the line per change, CloudEvents read
back with the official SDK, and the live view on a pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path
from typing import Any

import pytest

from jobstatus import Job, Metrics, Progress, Status, Step
from jobstatus._cli_watch import cloudevent, current_step, line, rich_line
from jobstatus._show import rich_available
from jobstatus.live import changes

from .test_cli import COMMAND, ROOT, run


def snapshot(status: str, percent: float | None = None, loss: float | None = None) -> str:
    payload: dict[str, Any] = {"jobId": "job-7", "name": "ft-llama", "status": status}
    if percent is not None:
        payload["progress"] = {
            "percentComplete": percent,
            "currentStep": int(percent),
            "totalSteps": 100,
            "estimatedTimeRemaining": f"{600 - 6 * int(percent)}s",
        }
    if loss is not None:
        payload["metrics"] = {"loss": loss}
    return json.dumps(payload)


def stream(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


RUN = [snapshot("queued"), snapshot("running", 10, 2.5), "", snapshot("running", 60, 1.5)]


def test_help_lists_the_exit_codes() -> None:
    done = run("watch", "--help")
    assert done.returncode == 0
    for code in ("0  the job ended succeeded", "3  the job ended failed", "4  --timeout passed"):
        assert code in done.stdout


def test_piped_it_prints_one_line_per_change_and_exits_0_on_success() -> None:
    done = run("watch", "-", stdin=stream(*RUN, snapshot("completed", 100, 1.1)))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "$.status: queued -> running" in lines
    assert "$.status: running -> succeeded" in lines
    assert "$.progress.percent: 10.0 -> 60.0" in lines
    assert "$.metrics.loss: 1.5 -> 1.1" in lines
    assert lines.count("$.status: queued -> running") == 1


@pytest.mark.parametrize("end", ["failed", "cancelled"])
def test_a_job_that_ends_otherwise_exits_3(end: str) -> None:
    done = run("watch", "-", "--format", "tensorone", stdin=stream(*RUN, snapshot(end)))
    assert done.returncode == 3, done.stderr
    assert f"$.status: running -> {end}" in done.stdout.splitlines()


def test_a_timeout_exits_4(tmp_path: Path) -> None:
    source = tmp_path / "job.json"
    source.write_text(snapshot("running", 40))
    done = run("watch", source, "--interval", "0.02", "--timeout", "0.3")
    assert done.returncode == 4
    assert "not terminal after 0.3s (last status: running)" in done.stderr


def test_an_unreadable_source_exits_1(tmp_path: Path) -> None:
    done = run("watch", tmp_path / "missing.json", "--interval", "0.01", "--retries", "2")
    assert done.returncode == 1
    assert "missing.json" in done.stderr
    assert "FileNotFoundError" in done.stderr
    ended = run("watch", "-", stdin=stream(*RUN))
    assert ended.returncode == 1
    assert "the stream ended before the job did" in ended.stderr


def test_usage_errors_exit_2() -> None:
    bad = (
        ("--format", "tensor"),
        ("--header", "no colon"),
        ("--interval", "-1"),
        ("--retries", "-2"),
    )
    for args in bad:
        done = run("watch", "-", *args, stdin=b"")
        assert done.returncode == 2, args
    assert "did you mean 'tensorone'" in run("watch", "-", "-f", "tensor", stdin=b"").stderr


def test_a_url_source_with_headers(tmp_path: Path) -> None:
    httpserver = pytest.importorskip("pytest_httpserver")
    server = httpserver.HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        seen: list[str] = []
        answers = iter([snapshot("running", 50), snapshot("completed", 100)])

        def handler(request: Any) -> Any:
            from werkzeug import Response

            seen.append(request.headers.get("Authorization", ""))
            return Response(next(answers, snapshot("completed", 100)))

        server.expect_request("/v2/training/jobs/job-7").respond_with_handler(handler)
        server.expect_request("/denied").respond_with_data("token sk-secret-1 refused", 401)
        url = server.url_for("/v2/training/jobs/job-7")
        auth = "Authorization: Bearer sk-secret-1"
        done = run("watch", url, "-H", auth, "--interval", "0.05", "--jsonl")
        assert done.returncode == 0, done.stderr
        assert seen[:2] == ["Bearer sk-secret-1"] * 2
        denied = run("watch", server.url_for("/denied"), "-H", auth, "-f", "tensorone")
        assert denied.returncode == 1
        assert "HTTP 401" in denied.stderr
        assert "sk-secret-1" not in denied.stderr + denied.stdout
    finally:
        server.stop()


def test_jsonl_is_cloudevents_the_official_sdk_reads_back() -> None:
    sdk = pytest.importorskip("cloudevents.v1.http")
    done = run("watch", "-", "--jsonl", stdin=stream(*RUN, snapshot("completed", 100, 1.1)))
    assert done.returncode == 0, done.stderr
    events = [sdk.from_json(text) for text in done.stdout.splitlines()]
    assert len(events) == len(done.stdout.splitlines()) > 10
    for event in events:
        assert event["specversion"] == "1.0"
        assert event["source"] == "-"
        assert event["subject"] == "job-7"
        assert event["datacontenttype"] == "application/json"
        assert event["type"].startswith("jobstatus.")
        assert event["time"]
    assert len({e["id"] for e in events}) == len(events)
    status = [e for e in events if e["type"] == "jobstatus.status.changed"]
    assert [(e.data["change"]["before"], e.data["change"]["after"]) for e in status] == [
        ("unknown", "queued"),
        ("queued", "running"),
        ("running", "succeeded"),
    ]
    assert status[-1].data["change"]["allowed"] is True
    assert status[-1].data["job"] == {
        "id": "job-7",
        "name": "ft-llama",
        "format": "tensorone",
        "status": "succeeded",
        "vendor_status": "completed",
        "phase": "terminal",
        "terminal": True,
        "outcome": "success",
        "percent": 100.0,
    }


def test_step_added_events_have_their_own_type() -> None:
    [change] = changes(Job(), Job(steps=(Step(name="s"),)))
    event = cloudevent(change, Job(), "src")
    assert event["type"] == "jobstatus.step.added"
    assert "subject" not in event  # a job with no id or name has no subject


def on_a_terminal(*args: str, stdin: bytes, env: dict[str, str]) -> str:
    """The command's output when its standard output is a pseudo-terminal."""
    main, secondary = pty.openpty()
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [*COMMAND, *args],
        stdin=subprocess.PIPE,
        stdout=secondary,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**base, "COLUMNS": "120", "LINES": "20", **env},
    )
    os.close(secondary)
    assert process.stdin is not None
    process.stdin.write(stdin)
    process.stdin.close()
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # EIO: the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


FINISHED = stream(*RUN, snapshot("completed", 100, 1.1))


def test_the_plain_live_view_redraws_one_line_in_place() -> None:
    out = on_a_terminal("watch", "-", stdin=FINISHED, env={"JOBSTATUS_NO_RICH": "1"})
    redraws = out.split("\r\x1b[2K")[1:]
    assert len(redraws) > 5
    assert "queued" in redraws[0]
    last = redraws[-1].strip()
    assert last.startswith("ft-llama  succeeded  [####################] 100.0%")
    assert "step 100/100" in last
    assert "loss 1.1" in last
    assert "$.status" not in out  # no line per change on a terminal


@pytest.mark.skipif(not rich_available(), reason="the cli extra (rich) is not installed")
def test_the_rich_live_view_on_a_terminal() -> None:
    out = on_a_terminal("watch", "-", stdin=FINISHED, env={})
    assert "\x1b[" in out  # drawn by rich, in place
    assert "succeeded" in out
    assert "100.0%" in out
    assert "step 100/100" in out


@pytest.mark.skipif(not rich_available(), reason="the cli extra (rich) is not installed")
def test_the_rich_line_in_a_recording_console() -> None:
    from rich.console import Console

    job = Job(
        name="ft",
        status=Status.running,
        progress=Progress(
            percent=45, step=45, total_steps=94, epoch=1, total_epochs=2, eta_seconds=320
        ),
        metrics=Metrics(loss=1.27),
        steps=(
            Step(name="download", status=Status.succeeded),
            Step(name="train", status=Status.running),
        ),
    )
    console = Console(record=True, width=140, color_system=None)
    console.print(rich_line(job, stale=True))
    text = console.export_text()
    for part in (
        "ft running (stale)",
        "45.0%",
        "step 45/94",
        "epoch 1/2",
        "loss 1.27",
        "ETA 5m 20s",
        "at train",
    ):
        assert part in text, part
    assert current_step(job) is job.steps[1]
    assert line(job, width=200) == (
        "ft  running  [#########-----------]  45.0%  step 45/94  epoch 1/2  ETA 5m 20s  "
        "loss 1.27  at train"
    )
    assert len(line(job, width=40)) == 40
