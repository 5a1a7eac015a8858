"""A third-party format, as a plugin package would ship it: tables and one ADAPTER."""

from jobstatus import Status
from jobstatus.adapters import Adapter, Detection, NodeSpec, StatusTable, codecs, field

ADAPTER = Adapter(
    name="acme",
    vendor="Acme ML",
    endpoint="GET /jobs/{id}",
    statuses=StatusTable(
        {"WAIT": Status.queued, "RUN": Status.running, "OK": Status.succeeded, "KO": Status.failed},
        terminal=("OK", "KO"),
        choices={s: "WAIT" for s in Status if s.phase.value in ("unknown", "pending")}
        | {s: "RUN" for s in Status if s.phase.value == "active"}
        | {Status.cancelled: "KO", Status.skipped: "KO"},
    ),
    job=NodeSpec(
        fields=(
            field("id", "acme_id", codec=codecs.STRING),
            field("progress.percent", "pct", codec=codecs.PERCENT),
        )
    ),
    detection=Detection(required=("acme_id",), statuses=frozenset({"WAIT", "RUN", "OK", "KO"})),
)
