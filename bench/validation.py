"""Benchmark: the cost of jobstatus.validate, next to jsonschema and jsonschema-rs.

Run ``python bench/validation.py`` (``--rounds N``, default 15). For each format's first
document example (``tests/fixtures/<format>/doc_*.json``), decoded once, it times per call:

- ``validate``: ``jobstatus.validate(payload, fmt)``, the default ``jsonschema`` backend;
- ``jsonschema.validate``: ``jsonschema.validate(payload, schema)``, which checks the schema
  and builds a validator on every call;
- ``validate rs``: ``jobstatus.validate(payload, fmt, backend="rs")``;
- ``raw rs``: a ``jsonschema_rs`` validator compiled once with the same options as jobstatus's
  (``date-time`` asserted), listing the errors: the floor for the rs backend;
- ``raw rs (defaults)``: the same without asserting formats.

The candidates run interleaved, in a new order each round; medians over the rounds are
reported, in microseconds per call, with the ratios the targets are about: jsonschema.validate
/ validate (target >= 25) and validate rs / raw rs (target <= 1.5).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema

import jobstatus
from jobstatus import schemas
from jobstatus._validators import rs_formats

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def examples() -> list[tuple[str, str, Any]]:
    """(format, file name, decoded payload): the first doc_*.json of each format."""
    found = []
    for fmt in jobstatus.formats():
        docs = sorted((FIXTURES / fmt).glob("doc_*.json"))
        docs = [p for p in docs if not p.name.endswith(".expected.json")]
        if docs and fmt in schemas.available():
            found.append((fmt, docs[0].name, json.loads(docs[0].read_bytes())))
    return found


def per_call(fn: Callable[[], Any], budget: float = 0.02) -> float:
    """Microseconds per call of ``fn``, over a batch of about ``budget`` seconds."""
    calls, start = 0, time.perf_counter()
    while True:
        for _ in range(5):
            fn()
        calls += 5
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls * 1e6


def candidates(fmt: str, payload: Any) -> dict[str, Callable[[], Any]]:
    schema = schemas.schema(fmt)

    def reference() -> None:
        with contextlib.suppress(jsonschema.ValidationError):
            jsonschema.validate(payload, schema)

    found: dict[str, Callable[[], Any]] = {
        "validate": lambda: jobstatus.validate(payload, fmt),
        "jsonschema.validate": reference,
    }
    if schemas.rs_available():
        import jsonschema_rs

        options = {"formats": rs_formats(schema), "validate_formats": True}
        same = jsonschema_rs.validator_for(schema, **options)
        plain = jsonschema_rs.validator_for(schema)
        found["validate rs"] = lambda: jobstatus.validate(payload, fmt, backend="rs")
        found["raw rs"] = lambda: same.is_valid(payload) or list(same.iter_errors(payload))
        found["raw rs (defaults)"] = lambda: (
            plain.is_valid(payload) or list(plain.iter_errors(payload))
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(0)
    rows = []
    for fmt, name, payload in examples():
        found = candidates(fmt, payload)
        for fn in found.values():
            fn()  # compile and warm up outside the timing
        times: dict[str, list[float]] = {key: [] for key in found}
        for _ in range(args.rounds):
            order = list(found)
            rng.shuffle(order)
            for key in order:
                times[key].append(per_call(found[key]))
        medians = {key: statistics.median(values) for key, values in times.items()}
        valid = not jobstatus.validate(payload, fmt)
        rows.append((fmt, name, valid, medians))
    keys = list(rows[0][3])
    print(f"python {sys.version.split()[0]}, jsonschema {_version('jsonschema')}", end="")
    print(f", jsonschema-rs {_version('jsonschema-rs')}; medians of {args.rounds} rounds, µs/call")
    print(
        "| format | example | valid | " + " | ".join(keys) + " | js.validate / validate "
        "| validate rs / raw rs |"
    )
    print("|---" * (len(keys) + 5) + "|")
    for fmt, name, valid, medians in rows:
        cells = " | ".join(f"{medians[k]:.1f}" for k in keys)
        speedup = medians["jsonschema.validate"] / medians["validate"]
        overhead = medians["validate rs"] / medians["raw rs"] if "raw rs" in medians else None
        extra = f"{overhead:.2f}" if overhead else "-"
        print(
            f"| {fmt} | {name} | {'yes' if valid else 'no'} | {cells} | {speedup:.0f}x | {extra} |"
        )
    return 0


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


if __name__ == "__main__":
    raise SystemExit(main())
