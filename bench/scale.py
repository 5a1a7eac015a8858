"""The parse targets beyond the document examples: every fixture of every format against
``orjson.loads``, the official NeMo SDK's own model, cost per step as a job grows, and
peak memory against the payload's size.

Each helper returns plain data; :func:`section` writes the Markdown of ``bench/run.py``.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

import jobstatus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GROWN = FIXTURES / "nemo_jobs_v2" / "doc_customizer_completed.json"
STEPS = (10, 100, 1_000, 10_000, 100_000)
MEMORY_STEPS = 10_000


def fixtures() -> list[tuple[str, str, bytes]]:
    """(format, case, bytes) of every JSON fixture that parses."""
    found = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.json")):
            if path.name.endswith(".expected.json"):
                continue
            raw = path.read_bytes()
            try:
                jobstatus.parse(raw, folder.name)
            except jobstatus.JobStatusError:
                continue
            found.append((folder.name, path.stem, raw))
    return found


def _per_call(fn: Callable[[], Any], budget: float) -> float:
    calls, start = 0, time.perf_counter()
    while True:
        for _ in range(10):
            fn()
        calls += 10
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls * 1e6


def _ratio(a: Callable[[], Any], b: Callable[[], Any], rounds: int, budget: float) -> float:
    """The median over rounds of a's time over b's, the two measured back to back."""
    ratios = []
    for _ in range(rounds):
        pair = [a, b]
        random.shuffle(pair)
        times = {id(fn): _per_call(fn, budget) for fn in pair}
        ratios.append(times[id(a)] / times[id(b)])
    return statistics.median(ratios)


def every_fixture(rounds: int, budget: float) -> dict[str, list[float]]:
    """parse(bytes)/orjson.loads of every fixture, by format."""
    by_format: dict[str, list[float]] = {}
    for fmt, _, raw in fixtures():
        ratio = _ratio(
            lambda raw=raw, fmt=fmt: jobstatus.parse(raw, fmt),
            lambda raw=raw: orjson.loads(raw),
            rounds,
            budget,
        )
        by_format.setdefault(fmt, []).append(ratio)
    return by_format


def sdk(rounds: int, budget: float) -> list[tuple[str, float]] | None:
    """parse(bytes)/the NeMo SDK's ``model_validate_json``, on each Microservices fixture
    the SDK's own model accepts; None when ``nemo-microservices`` is not installed."""
    try:
        from nemo_microservices.types.jobs.platform_job_status_response import (
            PlatformJobStatusResponse,
        )
    except ImportError:
        return None
    found = []
    for fmt, case, raw in fixtures():
        if fmt != "nemo_ms_jobs":
            continue
        try:
            PlatformJobStatusResponse.model_validate_json(raw)
        except ValueError:
            continue
        ratio = _ratio(
            lambda raw=raw: jobstatus.parse(raw, "nemo_ms_jobs"),
            lambda raw=raw: PlatformJobStatusResponse.model_validate_json(raw),
            rounds,
            budget,
        )
        found.append((case, ratio))
    return found


def grown(steps: int) -> bytes:
    """A NeMo Jobs v2 payload with ``steps`` steps, each a copy of the example's."""
    payload = orjson.loads(GROWN.read_bytes())
    model = payload["steps"]
    payload["steps"] = [
        {**model[index % len(model)], "name": f"step-{index}"} for index in range(steps)
    ]
    return orjson.dumps(payload)


def per_step(sizes: tuple[int, ...] = STEPS) -> list[dict[str, float]]:
    """parse(bytes) of payloads of growing size: microseconds per step, past the cost of
    the same job with no steps (the fastest of a few calls: a long call meets the
    machine's other work)."""
    empty = grown(0)
    base = min(_per_call(lambda: jobstatus.parse(empty, "nemo_jobs_v2"), 0.05) for _ in range(5))
    rows = []
    for steps in sizes:
        raw = grown(steps)
        calls = max(1, 20_000 // steps)
        best = float("inf")
        for _ in range(3 if steps < 100_000 else 2):
            start = time.perf_counter()
            for _ in range(calls):
                jobstatus.parse(raw, "nemo_jobs_v2")
            best = min(best, (time.perf_counter() - start) / calls * 1e6)
        per = (best - base) / steps
        rows.append({"steps": steps, "bytes": len(raw), "us": best, "per_step": per})
    return rows


_MEMORY = """
import sys, tracemalloc
sys.path.insert(0, {bench!r})
import jobstatus
from scale import grown
raw = grown({steps})
jobstatus.parse(grown(10), "nemo_jobs_v2")  # readers built, models ready
tracemalloc.start()
job = jobstatus.parse(raw, "nemo_jobs_v2")
print(len(raw), tracemalloc.get_traced_memory()[1])
"""


def memory(steps: int = MEMORY_STEPS) -> dict[str, float]:
    """Peak memory parse allocates (tracemalloc, in a fresh process), the payload's bytes
    not counted, against the payload's size."""
    code = _MEMORY.format(bench=str(ROOT / "bench"), steps=steps)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    size, peak = (int(x) for x in out.stdout.split())
    return {"steps": steps, "bytes": size, "peak": peak, "ratio": peak / size}


def measure(quick: bool) -> dict[str, Any]:
    rounds, budget = (3, 0.01) if quick else (7, 0.02)
    return {
        "fixtures": every_fixture(rounds, budget),
        "sdk": sdk(rounds, budget),
        "per_step": per_step(STEPS[:-1] if quick else STEPS),
        "memory": memory(),
    }


def section(found: dict[str, Any], before: dict[str, Any] | None = None) -> str:
    """The Markdown of ``measure``'s results, beside ``before`` (the same, measured on the
    code before) when given."""

    def pair(now: str, then: str | None) -> str:
        return now if then is None else f"{then} | {now}"

    head = "before | after" if before else "value"
    lines = [
        "## Parse targets",
        "",
        "### parse(bytes) / orjson.loads on every fixture (target: at most 8x)",
        "",
        f"| format | fixtures | median {head.replace('|', '| median')} "
        f"| worst {head.replace('|', '| worst')} |",
        "|---|---|" + "---|" * (4 if before else 2),
    ]
    for fmt, ratios in found["fixtures"].items():
        then = before["fixtures"].get(fmt) if before else None
        median = pair(
            f"{statistics.median(ratios):.1f}x",
            f"{statistics.median(then):.1f}x" if then else ("-" if before else None),
        )
        old_worst = f"{max(then):.1f}x" if then else ("-" if before else None)
        worst = pair(f"{max(ratios):.1f}x", old_worst)
        lines.append(f"| {fmt} | {len(ratios)} | {median} | {worst} |")
    lines += ["", "### parse(bytes) / the NeMo SDK's `model_validate_json` (at most 3x)", ""]
    if found["sdk"] is None:
        lines.append("`nemo-microservices` is not installed: not measured.")
    else:
        then_sdk = dict(before["sdk"] or []) if before else {}
        lines += [
            "On each Microservices fixture the SDK's `PlatformJobStatusResponse` accepts.",
            "",
            f"| case | {head} |",
            "|---|" + "---|" * (2 if before else 1),
        ]
        for case, ratio in found["sdk"]:
            then_text = f"{then_sdk[case]:.1f}x" if case in then_sdk else ("-" if before else None)
            lines.append(f"| {case} | {pair(f'{ratio:.1f}x', then_text)} |")
    lines += [
        "",
        "### Cost per step (target: within 1.5x from 10 to 100,000 steps)",
        "",
        "NeMo Jobs v2 payloads of growing size, each step a copy of "
        "`doc_customizer_completed`'s; per step: the time past that of the job with no steps.",
        "",
        f"| steps | bytes | parse ms | µs per step{' (before)' if before else ''} |",
        "|---|---|---|---|",
    ]
    then_steps = {row["steps"]: row for row in before["per_step"]} if before else {}
    for row in found["per_step"]:
        then_row = then_steps.get(row["steps"])
        now = f"{row['per_step']:.1f}"
        if then_row is not None:
            now += f" ({then_row['per_step']:.1f})"
        lines.append(f"| {row['steps']:,} | {row['bytes']:,} | {row['us'] / 1e3:,.2f} | {now} |")
    spread = [row["per_step"] for row in found["per_step"]]
    lines.append("")
    lines.append(f"Largest over smallest cost per step: {max(spread) / min(spread):.2f}x.")
    mem = found["memory"]
    lines += [
        "",
        "### Peak memory (target: at most 10x the payload)",
        "",
        f"Parsing a {mem['steps']:,}-step payload of {mem['bytes'] / 1e6:.1f} MB allocates at "
        f"most {mem['peak'] / 1e6:.1f} MB at once (tracemalloc, the payload's bytes not "
        f"counted): {mem['ratio']:.1f}x the payload"
        + (f" (before: {before['memory']['ratio']:.1f}x)." if before else "."),
        "",
    ]
    return "\n".join(lines)
