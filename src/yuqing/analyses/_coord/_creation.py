"""Burst creation of accounts: how many members of a cluster were registered within ``window`` seconds of
each other, when the store knows the accounts' creation times (``accounts.created_at``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from yuqing.store.base import Store


def creation_times(store: Store, members: set[str]) -> dict[str, int]:
    """``platform:account_id`` → creation time (epoch seconds, UTC) for the members the store knows."""
    if not members:
        return {}
    a = store.table("accounts")
    ids = sorted({m.partition(":")[2] for m in members})
    e = a.filter(a.account_id.isin(ids), a.created_at.notnull())
    tab = e.select(account=e.platform + ":" + e.account_id, t=e.created_at.epoch_seconds().cast("int64")).to_pyarrow()
    return {acc: int(t) for acc, t in zip(tab.column("account").to_pylist(), tab.column("t").to_pylist(), strict=True)
            if acc in members}


def _iso(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).replace(tzinfo=None).isoformat()


def creation_burst(members: list[str], times: dict[str, int], window: int) -> dict[str, Any] | None:
    """The largest group of members created within ``window`` s of each other (``None``: fewer than two
    members with a known creation time). ``share`` is over all members, ``known`` counts those with a time."""
    known = sorted((times[m], m) for m in members if m in times)
    if len(known) < 2:
        return None
    best_lo, best_hi, lo = 0, 0, 0
    for hi in range(len(known)):
        while known[hi][0] - known[lo][0] > window:
            lo += 1
        if hi - lo > best_hi - best_lo:
            best_lo, best_hi = lo, hi
    group = known[best_lo : best_hi + 1]
    return {"window_s": window, "known": len(known), "accounts": len(group),
            "share": round(len(group) / len(members), 4), "first_at": _iso(group[0][0]),
            "last_at": _iso(group[-1][0]), "members": sorted(m for _, m in group)}
