"""Store a coordination run in ``coordination_clusters``/``coordination_accounts`` and read clusters back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from yuqing.analyses._coord._creation import creation_burst, creation_times
from yuqing.core import NotFoundError
from yuqing.store.base import Store
from yuqing.store.extra.coordination import COORDINATION_ACCOUNTS, COORDINATION_CLUSTERS


def _json(v: Any) -> str:
    return orjson.dumps(v, default=str).decode()


def save_run(store: Store, data: dict[str, Any]) -> int:
    """Replace the stored clusters of ``data["run_id"]`` by those in ``data``; returns the number stored."""
    run_id = data["run_id"]
    now = datetime.now(UTC).replace(tzinfo=None)
    crow, arow = [], []
    for c in data["clusters"]:
        crow.append({
            "run_id": run_id, "cluster_id": c["cluster_id"], "rank": c["rank"], "size": c["size"],
            "score": c["score"], "density": c["density"], "cohesion": c["cohesion"], "first_at": c["first_at"],
            "last_at": c["last_at"], "signals": _json(c["signals"]), "evidence": _json(c["evidence"]),
            "params": _json(data["params"]), "computed_at": now,
        })
        for a in c["accounts"]:
            arow.append({"run_id": run_id, "cluster_id": c["cluster_id"], "platform": a["platform"],
                         "account_id": a["account_id"], "score": a["score"]})
    with store.transaction():
        store.execute("DELETE FROM coordination_clusters WHERE run_id = ?", [run_id])
        store.execute("DELETE FROM coordination_accounts WHERE run_id = ?", [run_id])
        if crow:
            store.append(COORDINATION_CLUSTERS, pa.Table.from_pylist(crow, schema=COORDINATION_CLUSTERS.arrow_schema()))
            store.append(COORDINATION_ACCOUNTS, pa.Table.from_pylist(arow, schema=COORDINATION_ACCOUNTS.arrow_schema()))
    return len(crow)


def load_cluster(store: Store, cluster_id: str) -> dict[str, Any]:
    """The latest stored cluster with this id (or a unique id prefix); raises NotFoundError."""
    cols = [c.name for c in COORDINATION_CLUSTERS.columns]
    rows = store.fetchall(
        f"SELECT {', '.join(cols)} FROM coordination_clusters WHERE cluster_id LIKE ? "
        "ORDER BY computed_at DESC, cluster_id",
        [cluster_id + "%"],
    )
    ids = list(dict.fromkeys(r[1] for r in rows))
    if len(ids) != 1:
        close = ids[:8] or [
            str(r[0]) for r in store.fetchall(
                "SELECT DISTINCT cluster_id FROM coordination_clusters ORDER BY 1 LIMIT 8")
        ]
        raise NotFoundError("coordination cluster", cluster_id, close if len(ids) != 1 else [])
    rec = dict(zip(cols, rows[0], strict=True))
    for k in ("signals", "evidence", "params"):
        rec[k] = orjson.loads(rec[k]) if rec[k] else None
    accs = store.fetchall(
        "SELECT platform, account_id, score FROM coordination_accounts WHERE run_id = ? AND cluster_id = ? "
        "ORDER BY score DESC, account_id",
        [rec["run_id"], rec["cluster_id"]],
    )
    rec["accounts"] = [{"platform": p, "account_id": a, "score": s} for p, a, s in accs]
    # not stored with the run: read from ``accounts.created_at`` now, so creation times imported later count
    members = [f"{a['platform']}:{a['account_id']}" for a in rec["accounts"]]
    window = int((rec["params"] or {}).get("creation_window") or 86_400)
    rec["creation_burst"] = creation_burst(members, creation_times(store, set(members)), window)
    return rec
