"""Evidence: the concrete post groups that tie a cluster's members together, as real post ids."""

from __future__ import annotations

from typing import Any

import pandas as pd


def evidence_groups(actions: pd.DataFrame, members: list[str], window: int, signal: str,
                    max_groups: int = 20, max_posts: int = 50) -> tuple[list[dict[str, Any]], int]:
    """Groups of posts by ``members`` on the same item in one episode (no gap over ``window`` seconds), each
    post within ``window`` seconds of a post by another member. Returns (the ``max_groups`` largest groups, the number of items two or more members acted on)."""
    df = actions[actions["account"].isin(members)]
    if df.empty:
        return [], 0
    n_acc = df.groupby("item")["account"].nunique()
    items = n_acc[n_acc >= 2]
    if items.empty:
        return [], 0
    n_items = len(items)
    top = items.sort_values(ascending=False, kind="stable").index[: max_groups * 3]
    df = df[df["item"].isin(top)].sort_values(["item", "t", "post_id"])
    groups: list[dict[str, Any]] = []
    for item, g in df.groupby("item", sort=False):
        ts = g["t"].to_numpy()
        acc = g["account"].to_numpy()
        keep = []
        for i in range(len(g)):
            j = i - 1
            ok = False
            while j >= 0 and ts[i] - ts[j] <= window:
                if acc[j] != acc[i]:
                    ok = True
                    break
                j -= 1
            j = i + 1
            while not ok and j < len(g) and ts[j] - ts[i] <= window:
                if acc[j] != acc[i]:
                    ok = True
                j += 1
            if ok:
                keep.append(i)
        if not keep:
            continue
        sub = g.iloc[keep]
        episode = (sub["t"].diff().fillna(0) > window).cumsum().to_numpy()
        for ep in sorted(set(episode.tolist())):
            part = sub[episode == ep]
            if part["account"].nunique() < 2:
                continue
            groups.append({
                "signal": signal,
                "item": str(item),
                "accounts": int(part["account"].nunique()),
                "posts": [
                    {"post_id": str(p), "account": str(a), "t": int(t)}
                    for p, a, t in zip(part["post_id"][:max_posts], part["account"][:max_posts],
                                       part["t"][:max_posts], strict=True)
                ],
            })
    groups.sort(key=lambda x: (-x["accounts"], -len(x["posts"]), x["item"]))
    return groups[:max_groups], n_items
