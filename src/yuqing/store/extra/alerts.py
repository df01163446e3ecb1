"""Table of the alerts feature (``yuqing alerts check``): which incidents already fired, so each fires once."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

ALERT_STATE = register_table(
    Table(
        "alert_state",
        (
            Column("rule", "str", "rule name from the rules file"),
            Column("incident", "str", "what makes the incident distinct (e.g. the silence's start, a cluster id)"),
            Column("rule_type", "str", "silence | follower_drop | negative_mood | trending_burst | new_cluster | ..."),
            Column("first_fired_at", "ts", "UTC time the alert first fired"),
            Column("message", "str", "the sentence that was delivered"),
            Column("payload", "str", "JSON of the alert as delivered (figures and evidence references)"),
        ),
        key=("rule", "incident"),
        provenance=False,
        doc="Alert incidents already delivered (one row per rule and incident); delete a row to re-arm it.",
    )
)
