"""An archive of raw payloads of every format, and the job rows ``parse()`` gives for it.

The archive holds every fixture file as it is (broken ones too), every parsed fixture job
rendered in every format, and payloads no format reads (not JSON, not an object, of no
known shape, not UTF-8, null). Engines run ``parse_batch`` over it; the rows they give must
be those of :func:`expected_rows`, made here one payload at a time with ``parse()``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jobstatus
from jobstatus.arrow import to_table

from ._support import fixture_files

UNREADABLE: tuple[bytes | None, ...] = (
    b"{not json",
    b"",
    b"[]",
    b"42",
    b'{"what": "no status"}',
    b'{"jobId": "j", "status": NaN}',
    b"\xff\xfe not utf-8",
    None,
)


@cache
def archive() -> tuple[tuple[str, bytes | None], ...]:
    """(key, payload) pairs: the key says where each payload came from. Each fixture job is
    rendered in two formats, in turn, so that every format is written from every other."""
    found: list[tuple[str, bytes | None]] = []
    names = jobstatus.formats()
    for number, path in enumerate(fixture_files()):
        raw = path.read_bytes()
        found.append((f"{path.parent.name}/{path.name}", raw))
        try:
            job = jobstatus.parse(raw)
        except jobstatus.JobStatusError:
            continue
        for fmt in (names[number % len(names)], names[(number + 3) % len(names)]):
            rendered = json.dumps(jobstatus.render(job, fmt)).encode()
            found.append((f"{path.parent.name}/{path.name}->{fmt}", rendered))
    found += [(f"unreadable/{i}", raw) for i, raw in enumerate(UNREADABLE)]
    return tuple(found)


def expected_rows(pairs: tuple[tuple[str, bytes | None], ...]) -> list[dict[str, Any]]:
    """The job rows of ``pairs``, each from ``parse()`` on its own, keyed by ``source``."""
    rows = []
    for row, (key, raw) in enumerate(pairs):
        try:
            if raw is None:
                raise jobstatus.ParseError("no payload (null)", path="$")
            job = jobstatus.parse(raw)
        except jobstatus.JobStatusError as error:
            rows.append({"source": key, "row": row, "status": "unknown", "error": str(error)})
            continue
        found = to_table([job]).to_pylist()[0]
        rows.append({**found, "source": key, "row": row})
    return rows


def agrees(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Assert that the rows an engine gave are the expected ones (all columns for the rows
    that parsed; status and error for the others), in the order of their ``source``."""
    assert len(got) == len(expected)
    by_source = {row["source"]: row for row in got}
    assert len(by_source) == len(got), "a source appears twice"
    for want in expected:
        have = by_source[want["source"]]
        if want["error"] is None:
            assert {k: v for k, v in have.items() if k != "row"} == {
                k: v for k, v in want.items() if k != "row"
            }, want["source"]
        else:
            assert (have["status"], have["error"]) == ("unknown", want["error"]), want["source"]
