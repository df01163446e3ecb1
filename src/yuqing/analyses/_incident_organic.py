"""Was an incident organic? The share of the posts about the subject in its span written by clustered accounts.

"Posts about the subject" are the stored posts, reposts and comments created in the incident's local days whose
text contains one of the subject's terms, or that reply to or repost a post of the subject's own account. The
clustered accounts are the members of the coordination analysis's clusters. The share is a count of records,
each listed as evidence; it says nothing of intent.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from yuqing.analyses._registry import Result
from yuqing.core import NotFoundError, ref, resolve_account, utc_bounds
from yuqing.store.base import Store


def clustered_share(store: Store, coordination: Result, start: date, end: date, terms: tuple[str, ...],
                    account: str, offset_hours: float = 8.0) -> dict[str, Any]:
    """``{"posts", "by_clustered_accounts", "share", "clusters", "refs"}`` for the days ``start``..``end``."""
    members: dict[tuple[str, str], str] = {}
    for c in coordination.data.get("clusters") or []:
        for a in c.get("accounts") or []:
            members.setdefault((str(a.get("platform")), str(a.get("account_id"))), str(c.get("cluster_id")))
    lo, hi = utc_bounds(start, end, offset_hours)
    about: list[str] = []
    args: list[Any] = [lo, hi]
    for t in terms:
        about.append("text LIKE ?")
        args.append(f"%{t}%")
    try:
        acc = resolve_account(store, account)
    except NotFoundError:
        acc = None
    if acc is not None and acc.account_id:
        about.append("root_id IN (SELECT post_id FROM posts WHERE platform = ? AND account_id = ?)")
        about.append("parent_id IN (SELECT post_id FROM posts WHERE platform = ? AND account_id = ?)")
        args += [acc.platform, acc.account_id, acc.platform, acc.account_id]
    if not about:
        return {"posts": 0, "by_clustered_accounts": 0, "share": None, "clusters": [], "refs": []}
    rows = store.fetchall(
        "SELECT platform, post_id, account_id FROM posts WHERE created_at >= ? AND created_at < ? AND ("
        + " OR ".join(about) + ") ORDER BY created_at, platform, post_id", args)
    hits = [(p, pid, members[(str(p), str(aid))]) for p, pid, aid in rows if (str(p), str(aid)) in members]
    return {
        "posts": len(rows), "by_clustered_accounts": len(hits),
        "share": round(len(hits) / len(rows), 4) if rows else None,
        "clusters": sorted({c for _, _, c in hits}), "refs": [ref("posts", p, pid) for p, pid, _ in hits],
    }
