"""A third-party format, as a plugin package would ship it: tables and one ADAPTER."""

from jobstatus.authoring import PERCENT, STRING, Adapter, Detection, NodeSpec, S, StatusTable, field

ADAPTER = Adapter(
    name="acme",
    vendor="Acme ML",
    endpoint="GET /jobs/{id}",
    statuses=StatusTable(
        {"WAIT": S.queued, "RUN": S.running, "OK": S.succeeded, "KO": S.failed},
        terminal=("OK", "KO"),
        # Acme has no cancelled state: a cancelled job is written as KO (the default
        # fallbacks already say so; a table names a choice only where it differs).
        choices={S.skipped: "KO"},
    ),
    job=NodeSpec(
        fields=(
            field("id", "acme_id", codec=STRING),
            field("progress.percent", "pct", codec=PERCENT),
        )
    ),
    detection=Detection(required=("acme_id",), statuses=frozenset({"WAIT", "RUN", "OK", "KO"})),
)
