"""The table engine itself: what a table may declare, and how its generated readers behave.

How the one reader reads (one pass, extensions, custom codecs) is in ``test_readers.py``;
these are the cases a table of one's own shows best.
"""

from __future__ import annotations

import traceback
from typing import Any

import pytest

from jobstatus._engine import codecs as codecs
from jobstatus._engine.tables import NodeSpec, field, rest


def test_containers_of_the_wrong_type_are_reported_in_the_payloads_order() -> None:
    spec = NodeSpec(fields=(field("progress.step", "a.step"), field("progress.epoch", "b.epoch")))
    reader = spec.rows(False)
    node = {"b": "not an object", "a": None}
    job_issues, extensions = reader.read(node, "$", {}, {})
    # In the order the pass meets them: the payload's order, not the table's.
    assert [issue["path"] for _, issue in job_issues] == ["$.b", "$.a"]
    assert [issue["code"] for _, issue in job_issues] == ["wrong_type", "null_object"]
    assert extensions == node


def test_generated_source_is_shown_in_tracebacks() -> None:
    def broken(raw: Any) -> Any:
        raise RuntimeError("a codec bug")

    row = field("name", "name", codec=codecs.Codec("broken", broken, lambda v: v))
    reader = NodeSpec(fields=(row,)).rows(False)
    with pytest.raises(RuntimeError) as caught:
        reader.read({"name": "x"}, "$", {}, {})
    shown = "".join(traceback.format_exception(caught.value))
    assert "<jobstatus reader" in shown
    assert "value = read_value(0, ROW0, raw, path + '.name', tagged)" in shown
    assert "def read(data, path, out, taken):" in reader.source


@pytest.mark.parametrize(
    "rows",
    [
        (field("progress.step", "a"), field("progress.step", "b")),
        (field("progress", "a"), field("progress.step", "b")),
        (rest("metrics.other", "d"), field("metrics.other", "e")),
    ],
)
def test_two_rows_may_not_write_one_canonical_value(rows: tuple[Any, ...]) -> None:
    with pytest.raises(ValueError, match="two rows write the same canonical value"):
        NodeSpec(fields=rows)
