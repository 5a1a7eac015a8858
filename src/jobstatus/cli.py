"""The ``jobstatus`` command: read vendor payloads, print them in the canonical form."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import api
from .errors import JobStatusError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (0 ok, 1 bad input, 2 usage error)."""
    parser = argparse.ArgumentParser(
        prog="jobstatus", description="Print job-status payloads as canonical JSON."
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="JSON payload file, or - for stdin"
    )
    parser.add_argument("--format", dest="fmt", help="the payloads' format (detected if omitted)")
    parser.add_argument("--strict", action="store_true", help="fail on any drift from the format")
    args = parser.parse_args(argv)
    status = 0
    for name in args.files:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except OSError as error:
            print(f"jobstatus: {name}: {error.strerror or error}", file=sys.stderr)
            return 2
        try:
            job = api.parse(text, args.fmt, strict=args.strict)
        except JobStatusError as error:
            print(f"{name}: {error}", file=sys.stderr)
            status = 1
            continue
        canonical = api.render(job, "canonical")
        print(json.dumps(canonical, indent=2, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
