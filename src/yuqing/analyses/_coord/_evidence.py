"""Evidence: the concrete post groups that tie a cluster's members together, as real post ids.

Plain Python over the members' actions (a cluster's actions are few; per-cluster pandas calls cost more than the
work itself)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def _linked(posts: list[tuple[int, str, str]], window: int) -> list[tuple[int, str, str]]:
    """The posts (time-sorted ``(t, post_id, account)``) within ``window`` s of a post by another account."""
    keep = []
    n = len(posts)
    for i, (t, _, a) in enumerate(posts):
        j = i - 1
        ok = False
        while j >= 0 and t - posts[j][0] <= window:
            if posts[j][2] != a:
                ok = True
                break
            j -= 1
        j = i + 1
        while not ok and j < n and posts[j][0] - t <= window:
            if posts[j][2] != a:
                ok = True
            j += 1
        if ok:
            keep.append(posts[i])
    return keep


def member_actions(table: Any) -> dict[str, list[tuple[Any, int, str, str]]]:
    """``account`` → its actions as ``(item, t, post_id, account)``, from an Arrow table of actions."""
    out: dict[str, list[tuple[Any, int, str, str]]] = defaultdict(list)
    for a, item, t, p in zip(table.column("account").to_pylist(), table.column("item").to_pylist(),
                             table.column("t").to_pylist(), table.column("post_id").to_pylist(), strict=True):
        out[str(a)].append((item, int(t), str(p), str(a)))
    return out


def evidence_groups(actions: Iterable[tuple[Any, int, str, str]], window: int, signal: str,
                    max_groups: int = 20, max_posts: int = 50) -> tuple[list[dict[str, Any]], int]:
    """Groups of posts on the same item in one episode (no gap over ``window`` seconds), each post within
    ``window`` seconds of a post by another account, from the cluster members' ``(item, t, post_id,
    account)`` actions. Returns (the ``max_groups`` largest groups, the number of items two or more members
    acted on)."""
    by_item: dict[Any, list[tuple[int, str, str]]] = defaultdict(list)
    for item, t, p, a in actions:
        by_item[item].append((t, p, a))
    n_acc = {item: len({a for _, _, a in rows}) for item, rows in by_item.items()}
    shared = sorted((item for item, n in n_acc.items() if n >= 2), key=lambda item: (-n_acc[item], item))
    groups: list[dict[str, Any]] = []
    for item in sorted(shared[: max_groups * 3]):
        sub = _linked(sorted(by_item[item]), window)
        episode: list[tuple[int, str, str]] = []
        for k, row in enumerate(sub):
            episode.append(row)
            if k + 1 < len(sub) and sub[k + 1][0] - row[0] <= window:
                continue
            accounts = {a for _, _, a in episode}
            if len(accounts) >= 2:
                groups.append({
                    "signal": signal, "item": str(item), "accounts": len(accounts),
                    "posts": [{"post_id": p, "account": a, "t": t} for t, p, a in episode[:max_posts]],
                })
            episode = []
    groups.sort(key=lambda x: (-x["accounts"], -len(x["posts"]), x["item"]))
    return groups[:max_groups], len(shared)
