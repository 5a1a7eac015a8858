"""Benchmark of ``jobstatus export``: rows per second against ``parse`` in a loop, memory
at a million lines, and Parquet bytes per job. Prints a markdown section.

Run ``python bench/arrow.py`` (``--quick`` for a short run); ``bench/run.py`` appends the
same section to docs/benchmarks.md. The input is JSON Lines of every format's document
examples in turn, as in bench/run.py. The rates are taken in rounds, alternating the
candidates, and each ratio is the median of the ratios within a round (the machine is
shared: its speed drifts between rounds, less within one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jobstatus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def write_lines(path: Path, lines: int) -> None:
    """``lines`` lines of the document examples of every format, in turn, each with an id
    of its own (so that the Parquet size is not that of ten jobs repeated)."""
    payloads: list[list[str]] = []
    for example in sorted(FIXTURES.glob("*/doc_*.json")):
        if not example.name.endswith(".expected.json"):
            text = json.dumps(json.loads(example.read_bytes()))
            job_id = jobstatus.parse(text).id
            parts = text.split(f'"{job_id}"') if job_id else [text]
            payloads.append(parts if len(parts) == 2 else [text])
    with path.open("w", encoding="utf-8") as out:
        for index in range(lines):
            parts = payloads[index % len(payloads)]
            out.write(f'"job-{index:08d}"'.join(parts) + "\n")


def command() -> list[str]:
    script = shutil.which("jobstatus", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "jobstatus"]


def measured(args: list[str]) -> tuple[float, float]:
    """Wall seconds of one run of the command, and the peak RSS (MB) of its largest
    process (the command, or one of its workers)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *command(), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, kilobytes = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def parse_rate(path: Path) -> float:
    """Lines per second of ``parse`` in a loop over the file's lines, in this process."""
    start = time.perf_counter()
    count = 0
    with path.open("rb") as lines:
        for line in lines:
            jobstatus.parse(line)
            count += 1
    return count / (time.perf_counter() - start)


def measure(quick: bool) -> dict[str, Any]:
    lines, big, rounds = (5_000, 100_000, 2) if quick else (20_000, 1_000_000, 3)
    found: dict[str, Any] = {"lines": lines, "big": big}
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.jsonl"
        write_lines(small, lines)
        out = Path(folder) / "jobs.parquet"
        parse_rates, one, two = [], [], []
        for _ in range(rounds):
            parse_rates.append(parse_rate(small))
            seconds, rss = measured(["export", "--to", "parquet", str(out), str(small)])
            one.append(lines / seconds)
            found["one rss"] = rss
            seconds, _ = measured(
                ["export", "--to", "parquet", str(out), str(small), "--workers", "2"]
            )
            two.append(lines / seconds)
        found["bytes/job small"] = out.stat().st_size / lines
        one_line = Path(folder) / "one.jsonl"
        write_lines(one_line, 1)
        found["start"] = statistics.median(
            measured(["export", "--to", "parquet", str(out), str(one_line)])[0] for _ in range(3)
        )
        found["parse"] = statistics.median(parse_rates)
        found["one"] = statistics.median(one)
        found["two"] = statistics.median(two)
        found["one/parse"] = statistics.median(a / b for a, b in zip(one, parse_rates, strict=True))
        found["two/parse"] = statistics.median(a / b for a, b in zip(two, parse_rates, strict=True))
        for size, label in ((big // 10, "tenth"), (big, "big")):
            path = Path(folder) / f"{size}.jsonl"
            write_lines(path, size)
            args = ["export", "--to", "parquet", str(out), str(path), "--workers", "2"]
            seconds, rss = measured(args)
            found[label] = {"lines": size, "seconds": seconds, "rss_mb": rss}
            found[f"bytes/job {label}"] = out.stat().st_size / size
            path.unlink()
    return found


def section(quick: bool = False) -> str:
    """The markdown section of docs/benchmarks.md for ``export``."""
    m = measure(quick)
    tenth, big = m["tenth"], m["big"]
    return "\n".join(
        [
            "## Many jobs: `jobstatus export --to parquet`",
            "",
            f"On {m['lines']:,} JSON Lines of the document examples, in {os.cpu_count()} "
            "cores shared with other work; rates are medians of alternating rounds:",
            "",
            f"- `parse` in a loop, in process: {m['parse']:,.0f} lines/s",
            f"- `export`, one process: {m['one']:,.0f} rows/s, "
            f"{m['one/parse']:.0%} of `parse` in a loop (target: 90%); without its start "
            f"({m['start']:.2f} s, measured on one line): "
            f"{m['lines'] / (m['lines'] / m['one'] - m['start']):,.0f} rows/s",
            f"- `export --workers 2`: {m['two']:,.0f} rows/s, "
            f"{m['two/parse']:.2f}x `parse` in a loop (target: 1.7x)",
            f"- peak RSS of the largest process, `--workers 2`: {tenth['rss_mb']:.0f} MB at "
            f"{tenth['lines']:,} lines, {big['rss_mb']:.0f} MB at {big['lines']:,} lines "
            f"({big['lines'] / big['seconds']:,.0f} rows/s); one process at "
            f"{m['lines']:,} lines: {m['one rss']:.0f} MB",
            f"- Parquet (zstd) per job: {m['bytes/job small']:.0f} bytes at {m['lines']:,} "
            f"lines, {m['bytes/job big']:.0f} bytes at {big['lines']:,}",
            "",
            "Each rate includes the command's start (about half a second, and one more for "
            "each worker process), which weighs on the small input.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, fewer rounds")
    print(section(parser.parse_args().quick))


if __name__ == "__main__":
    main()
