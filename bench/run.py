"""Benchmark: what jobstatus costs, as ratios to reading the JSON at all.

Run ``python bench/run.py`` (``--quick`` for a short run). It measures, on every format's
document example payloads, with the candidates interleaved in rounds and medians
reported:

- parse(bytes), parse(dict), render, convert and validate, in microseconds per call and as
  ratios to ``orjson.loads`` of the same bytes (the floor) and to a plain pydantic model of
  the vendor's shape validating the same bytes (what an SDK user pays without normalizing);
- CLI JSONL streaming throughput on 100k lines against the in-process parse rate, and the
  peak RSS of the CLI at 100k and 1M lines;
- ``import jobstatus`` against ``import pydantic``, each in a fresh process; and, since
  jobstatus loads its parts on first use, what a program pays before its first result:
  importing jobstatus and parsing one payload, against importing pydantic, defining the
  vendor's models and validating the same payload.

It writes docs/benchmarks.md. Absolute times vary on shared machines; ratios are what count.
``--profile FORMAT`` prints where parse spends its time on that format's first example
(cProfile, by own time) instead.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

import jobstatus

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from live import section as live_section  # noqa: E402
from scale import measure as measure_scale  # noqa: E402
from scale import section as scale_section  # noqa: E402
from vendor_models import VENDOR_MODELS  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def vendor_formats() -> list[str]:
    """Every format but the canonical one, sorted."""
    return [fmt for fmt in jobstatus.formats() if fmt != "canonical"]


def examples() -> list[tuple[str, str, bytes]]:
    """(format, case, bytes) for each document example that parses; a format whose
    documents give none, the repository's example of it (``examples/<format>.json``)."""
    found = []
    for fmt in vendor_formats():
        documented = (FIXTURES / fmt).glob("doc_*.json")
        paths = sorted(p for p in documented if not p.name.endswith(".expected.json"))
        for path in paths or [ROOT / "examples" / f"{fmt}.json"]:
            case = path.stem if path.parent.name != "examples" else "example"
            found.append((fmt, case, path.read_bytes()))
    return found


def per_call(fn: Callable[[], Any], budget: float) -> float:
    """Microseconds per call of ``fn``, timed over about ``budget`` seconds."""
    calls, start = 0, time.perf_counter()
    while True:
        for _ in range(20):
            fn()
        calls += 20
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls * 1e6


def interleaved(
    candidates: dict[str, Callable[[], Any]], rounds: int, budget: float
) -> dict[str, list[float]]:
    """Per-call microseconds of each candidate in each round, the order shuffled every round."""
    times: dict[str, list[float]] = {name: [] for name in candidates}
    names = list(candidates)
    for _ in range(rounds):
        random.shuffle(names)
        for name in names:
            times[name].append(per_call(candidates[name], budget))
    return times


# The ratios reported: (numerator, denominator) candidates.
RATIOS = {
    "parse/orjson": ("parse(bytes)", "orjson.loads"),
    "parse/vendor model": ("parse(bytes)", "vendor model"),
    "render/parse": ("render", "parse(bytes)"),
    "convert/orjson": ("convert", "orjson.loads"),
    "status_of/orjson": ("status_of", "orjson.loads"),
}


def summarize(times: dict[str, list[float]]) -> dict[str, float]:
    """Median microseconds of each candidate, and the median of each ratio taken within a
    round: a shared machine's speed drifts over seconds, and a ratio of two medians taken
    at different moments would carry that drift; candidates measured back to back do not."""
    found = {name: statistics.median(values) for name, values in times.items()}
    for label, (a, b) in RATIOS.items():
        if a in times and b in times:
            found[label] = statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))
    return found


def _other(fmt: str) -> str:
    order = vendor_formats()
    return order[(order.index(fmt) + 1) % len(order)]


def library_rows(rounds: int, budget: float) -> list[dict[str, Any]]:
    rows = []
    validate = getattr(jobstatus, "validate", None)
    convert = getattr(jobstatus, "convert", None)
    status_of = getattr(jobstatus, "status_of", None)
    for fmt, case, raw in examples():
        data = orjson.loads(raw)
        job = jobstatus.parse(raw, fmt)
        model = VENDOR_MODELS.get(fmt)
        target = _other(fmt)
        candidates: dict[str, Callable[[], Any]] = {
            "orjson.loads": lambda raw=raw: orjson.loads(raw),
            "parse(bytes)": lambda raw=raw, fmt=fmt: jobstatus.parse(raw, fmt),
            "parse(dict)": lambda data=data, fmt=fmt: jobstatus.parse(data, fmt),
            "render": lambda job=job, fmt=fmt: jobstatus.render(job, fmt),
        }
        if model is not None:
            candidates["vendor model"] = lambda raw=raw, model=model: model.model_validate_json(raw)
        if convert is not None:
            candidates["convert"] = lambda raw=raw, fmt=fmt, target=target: convert(
                raw, target, from_=fmt, on_loss="ignore"
            )
        if status_of is not None:
            candidates["status_of"] = lambda raw=raw, fmt=fmt: status_of(raw, fmt)
        if validate is not None:
            candidates["validate"] = lambda data=data, fmt=fmt: validate(data, fmt)
        rows.append(
            {
                "format": fmt,
                "case": case,
                "bytes": len(raw),
                "target": target,
                **summarize(interleaved(candidates, rounds, budget)),
            }
        )
    return rows


def _jsonl(path: Path, lines: int) -> None:
    payloads = [orjson.dumps(orjson.loads(raw)) for _, _, raw in examples()]
    with path.open("wb") as out:
        for index in range(lines):
            out.write(payloads[index % len(payloads)] + b"\n")


def _cli() -> list[str] | None:
    script = shutil.which("jobstatus", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "jobstatus"]
    probe = subprocess.run([*command, "parse", "--help"], capture_output=True, check=False)
    return command if probe.returncode == 0 and b"--jsonl" in probe.stdout else None


def _run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one child process."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, check=True
    )
    seconds, kilobytes = out.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def _in_process_rate(path: Path) -> float:
    """Payloads per second doing the command's work in this process: read each line,
    parse it, write canonical JSON (with orjson: the floor, not the command's encoder)."""
    start = time.perf_counter()
    count = 0
    with path.open("rb") as lines_in:
        for line in lines_in:
            orjson.dumps(jobstatus.render(jobstatus.parse(line), "canonical"))
            count += 1
    return count / (time.perf_counter() - start)


def cli_rows(quick: bool) -> dict[str, Any]:
    """Throughput and peak RSS of ``jobstatus parse --jsonl`` at two sizes; and the
    command's rate against the in-process rate, alternating on the smaller file, as the
    median of the ratios of each round (see summarize)."""
    command = _cli()
    if command is None:
        return {}
    sizes = (10_000, 100_000) if quick else (100_000, 1_000_000)
    result: dict[str, Any] = {"sizes": sizes}
    with tempfile.TemporaryDirectory() as tmp:
        for lines in sizes:
            path = Path(tmp) / f"{lines}.jsonl"
            _jsonl(path, lines)
            seconds, rss = _run_measured([*command, "parse", "--jsonl", str(path)])
            result[lines] = {"seconds": seconds, "rss_mb": rss, "rate": lines / seconds}
            if lines == sizes[0]:
                ratios, rates = [], []
                for _ in range(3):
                    seconds, _ = _run_measured([*command, "parse", "--jsonl", str(path)])
                    rates.append(_in_process_rate(path))
                    ratios.append(lines / seconds / rates[-1])
                result["inprocess_rate"] = statistics.median(rates)
                result["cli_ratio"] = statistics.median(ratios)
            path.unlink()
    return result


def import_rows(runs: int) -> dict[str, float]:
    """``import pydantic`` and ``import jobstatus``, each in a fresh process, interleaved."""

    def code(module: str) -> str:
        return (
            f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
        )

    pydantic_ms, ours_ms = [], []
    for _ in range(runs):
        pydantic_ms.append(_fresh_ms(code("pydantic")))
        ours_ms.append(_fresh_ms(code("jobstatus")))
    return {
        "pydantic_ms": statistics.median(pydantic_ms),
        "jobstatus_ms": statistics.median(ours_ms),
    }


def _fresh_ms(code: str) -> float:
    """Milliseconds ``code`` takes in a fresh interpreter (it prints its own time)."""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout) * 1e3


def startup_rows(runs: int) -> dict[str, float]:
    """Fresh process to first result, interleaved: jobstatus parsing the README's example,
    and a vendor-SDK user's pydantic model validating it."""
    example = "examples/nemo_customizer_training.json"
    ours = (
        "import time; t = time.perf_counter(); import jobstatus\n"
        f"jobstatus.parse(open({example!r}, 'rb').read())\n"
        "print(time.perf_counter() - t)"
    )
    theirs = (
        "import sys; sys.path.insert(0, 'bench')\n"
        "import time; t = time.perf_counter(); from vendor_models import NemoJob\n"
        f"NemoJob.model_validate_json(open({example!r}, 'rb').read())\n"
        "print(time.perf_counter() - t)"
    )
    mine, sdk = [], []
    for _ in range(runs):
        mine.append(_fresh_ms(ours))
        sdk.append(_fresh_ms(theirs))
    return {"jobstatus_ms": statistics.median(mine), "vendor_ms": statistics.median(sdk)}


def profile(fmt: str, calls: int = 3000) -> None:
    """Print where parse(bytes) spends its time on ``fmt``'s first document example."""
    import cProfile
    import pstats

    raw = next(raw for name, _, raw in examples() if name == fmt)
    for _ in range(200):  # warm: readers generated, schemas built
        jobstatus.parse(raw, fmt)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        jobstatus.parse(raw, fmt)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(20)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for package in ("jobstatus", "pydantic", "pydantic-core", "jsonschema", "orjson"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "-"
    return {
        "cpu": f"{cpu} ({os.cpu_count()} cores)",
        "python": platform.python_version(),
        **versions,
    }


def report(
    rows: list[dict[str, Any]],
    cli: dict[str, Any],
    imports: dict[str, float],
    startup: dict[str, float],
    before: list[dict[str, Any]] | None = None,
    before_label: str = "before",
) -> str:
    m = machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `python bench/run.py`; do not edit by hand. Times are medians of",
        "interleaved rounds on the machine below, and each ratio is the median of the ratios",
        "within a round (candidates measured back to back); the ratios are what to compare,",
        "since absolute times move with the machine and its load.",
        "",
        f"Machine: {m['cpu']}; Python {m['python']}; jobstatus {m['jobstatus']}, pydantic "
        f"{m['pydantic']} (core {m['pydantic-core']}), jsonschema {m['jsonschema']}, "
        f"orjson {m['orjson']}.",
        "",
        "## Per call, on each format's document examples",
        "",
        "| format | case | bytes | orjson.loads µs | vendor model µs | parse(bytes) µs "
        "| parse(dict) µs | render µs | convert µs | validate µs | parse/orjson "
        "| parse/vendor model | render/parse | convert/orjson | status_of/orjson |",
        "|" + "---|" * 15,
    ]

    def cell(row: dict[str, Any], key: str) -> str:
        return f"{row[key]:.1f}" if key in row else "-"

    then = {(row["format"], row["case"]): row for row in before or []}

    def ratio(row: dict[str, Any], label: str) -> str:
        text = f"{row[label]:.1f}x" if label in row else "-"
        old = then.get((row["format"], row["case"]), {})
        return f"{text} ({old[label]:.1f}x)" if label in old else text

    for row in rows:
        lines.append(
            f"| {row['format']} | {row['case']} | {row['bytes']} | {cell(row, 'orjson.loads')} "
            f"| {cell(row, 'vendor model')} | {cell(row, 'parse(bytes)')} "
            f"| {cell(row, 'parse(dict)')} | {cell(row, 'render')} | {cell(row, 'convert')} "
            f"| {cell(row, 'validate')} | {ratio(row, 'parse/orjson')} "
            f"| {ratio(row, 'parse/vendor model')} "
            f"| {ratio(row, 'render/parse')} | {ratio(row, 'convert/orjson')} "
            f"| {ratio(row, 'status_of/orjson')} |"
        )
    lines += [
        "",
        "`convert` writes each example into the next format in alphabetical order;",
        "`status_of` reads the status alone, from the same bytes."
        + (f" In parentheses: the same ratio {before_label}." if before else ""),
        "",
    ]
    lines += ["## Command line, JSONL streaming (`jobstatus parse --jsonl`)", ""]
    if cli:
        small, large = cli["sizes"]
        lines += [
            f"- {small:,} lines: {cli[small]['rate']:,.0f} payloads/s, peak RSS "
            f"{cli[small]['rss_mb']:.0f} MB",
            f"- {large:,} lines: {cli[large]['rate']:,.0f} payloads/s, peak RSS "
            f"{cli[large]['rss_mb']:.0f} MB",
            f"- in process (read, parse, write canonical JSON with orjson): "
            f"{cli['inprocess_rate']:,.0f} payloads/s; CLI/in-process at {small:,} lines, "
            f"alternating: {cli['cli_ratio']:.0%}",
        ]
    else:
        lines.append("- the installed command has no `parse --jsonl` yet: not measured.")
    lines += [
        "",
        "## Import time, fresh process",
        "",
        f"- `import pydantic`: {imports['pydantic_ms']:.0f} ms; `import jobstatus`: "
        f"{imports['jobstatus_ms']:.0f} ms; "
        f"ratio {imports['jobstatus_ms'] / imports['pydantic_ms']:.2f}",
        "- to the first result (import, then parse `examples/nemo_customizer_training.json`): "
        f"jobstatus {startup['jobstatus_ms']:.0f} ms; pydantic with a model of the vendor's "
        f"shape validating it {startup['vendor_ms']:.0f} ms; "
        f"ratio {startup['jobstatus_ms'] / startup['vendor_ms']:.2f}",
        "",
    ]
    return "\n".join(lines)


def arrow_section(quick: bool) -> str:
    """The section of ``bench/arrow.py`` (``jobstatus export``), when pyarrow is installed."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return ""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_arrow", ROOT / "bench" / "arrow.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return "\n" + str(module.section(quick))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller JSONL files")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line runs")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--profile", metavar="FORMAT", help="profile parse on FORMAT instead")
    parser.add_argument("--json", type=Path, help="also write the measurements, as JSON, here")
    parser.add_argument(
        "--before", type=Path, help="measurements (--json) of an earlier version, shown beside"
    )
    parser.add_argument(
        "--before-label",
        default="measured on an earlier version",
        help="what the --before measurements are, in the page's words",
    )
    args = parser.parse_args()
    if args.profile:
        profile(args.profile)
        return
    # Many short rounds: the ratios are taken within a round (see summarize).
    rounds, budget = (5, 0.02) if args.quick else (25, 0.04)
    rows = library_rows(rounds, budget)
    scale = measure_scale(args.quick)
    before = orjson.loads(args.before.read_bytes()) if args.before else None
    if args.json:
        args.json.write_bytes(orjson.dumps({"rows": rows, "scale": scale}))
    cli = {} if args.no_cli else cli_rows(args.quick)
    imports = import_rows(5 if args.quick else 15)
    startup = startup_rows(5 if args.quick else 15)
    text = report(
        rows, cli, imports, startup, before["rows"] if before else None, args.before_label
    )
    text += "\n" + scale_section(scale, before["scale"] if before else None)
    text += "\n" + live_section(args.quick)
    if not args.no_cli:
        text += arrow_section(args.quick)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
