"""Tables of coordinated-campaign detection (``yuqing coordination``): clusters and their accounts."""

from __future__ import annotations

from yuqing.store.schema import Column, Table, register_table

COORDINATION_CLUSTERS = register_table(
    Table(
        "coordination_clusters",
        (
            Column("run_id", "str", "hash of the run parameters (same parameters, same run id)"),
            Column("cluster_id", "str", "hash of the run id and the sorted member accounts"),
            Column("rank", "int", "1 = highest score in the run"),
            Column("size", "int", "number of member accounts"),
            Column("score", "float", "internal edge weight per member"),
            Column("density", "float", "share of member pairs linked"),
            Column("cohesion", "float", "share of the members' edge weight inside the cluster"),
            Column("first_at", "ts", "UTC time of the first co-action"),
            Column("last_at", "ts", "UTC time of the last co-action"),
            Column("signals", "str", "JSON object: signal -> {pairs, co_actions, strength, items}"),
            Column("evidence", "str", "JSON list of post groups {signal, item, accounts, posts:[{post_id,...}]}"),
            Column("params", "str", "JSON object of the run parameters"),
            Column("computed_at", "ts", "UTC time of the run"),
        ),
        key=("run_id", "cluster_id"),
        provenance=False,
        doc="Clusters of coordinated accounts found by one run; evidence points at posts by id.",
    )
)

COORDINATION_ACCOUNTS = register_table(
    Table(
        "coordination_accounts",
        (
            Column("run_id", "str"),
            Column("cluster_id", "str"),
            Column("platform", "str"),
            Column("account_id", "str"),
            Column("score", "float", "weighted degree inside the cluster"),
        ),
        key=("run_id", "cluster_id", "platform", "account_id"),
        provenance=False,
        doc="Member accounts of coordination clusters, with their scores.",
    )
)
