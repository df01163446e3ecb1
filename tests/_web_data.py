"""SYNTHETIC store for the report, dashboard and alert tests (no real data; every text is made up).

A leader account ``L1`` ("合成领袖") posts about 3 times a day from 2025-01-01 for 60 days with a planted
10-day silence (2025-01-31 .. 2025-02-09); two posts carry hostile HTML/script payloads; each post gets a few
comments; followers drop 20% in the last week; DEMO.HK prices fall 15% after the silence.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tests._audience_data import arrow
from yuqing.store import Store
from yuqing.store.schema import ACCOUNTS, FOLLOWER_SNAPSHOTS, POSTS, PRICES

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE2 = '</script><script>window.__pwned=3</script>'
LEADER = ("weibo", "L1", "合成领袖")
START = date(2025, 1, 1)
DAYS = 60
SILENCE = (date(2025, 1, 31), date(2025, 2, 9))


def build(store: Store) -> dict[str, Any]:
    """Fill ``store`` with the synthetic world; returns what was planted."""
    posts: list[dict[str, Any]] = []
    n = 0
    for d in range(DAYS):
        day = START + timedelta(days=d)
        if SILENCE[0] <= day <= SILENCE[1]:
            continue
        for h in (1, 5, 11):  # 09:00, 13:00, 19:00 Beijing time
            n += 1
            pid = f"p{n:04d}"
            text = f"合成帖子 {n}: 新品发布与日常"
            if n == 5:
                text = HOSTILE
            if n == 9:
                text = HOSTILE2
            at = datetime(day.year, day.month, day.day, h, (n * 7) % 60)
            posts.append({"platform": "weibo", "post_id": pid, "kind": "post", "account_id": "L1",
                          "account_name": "合成领袖", "created_at": at, "tz": "+08:00", "text": text,
                          "likes": 10 + n, "reposts": n % 5, "comments": 2})
            for c in range(2):
                posts.append({"platform": "weibo", "post_id": f"{pid}-c{c}", "kind": "comment",
                              "account_id": f"U{(n + c) % 17}", "account_name": f"合成网友{(n + c) % 17}",
                              "created_at": at + timedelta(minutes=5 + c), "tz": "+08:00",
                              "text": HOSTILE if (n == 5 and c == 0) else f"合成评论 {c} 支持",
                              "parent_id": pid, "root_id": pid})
    follows = []
    for d in range(DAYS):
        day = START + timedelta(days=d)
        f = 1_000_000 + 1000 * d if d < DAYS - 7 else int(1_053_000 * 0.8)
        follows.append({"platform": "weibo", "account_id": "L1", "account_name": "合成领袖",
                        "observed_at": datetime(day.year, day.month, day.day) - timedelta(hours=8), "tz": "+08:00",
                        "followers": f})
    prices = []
    close = 50.0
    for d in range(DAYS):
        day = START + timedelta(days=d)
        if day.weekday() >= 5:
            continue
        if day == date(2025, 2, 10):
            close *= 0.85
        close *= 1.001
        for sym, px in (("DEMO.HK", close), ("DEMOIDX", 20000.0 + d)):
            prices.append({"symbol": sym, "date": day, "open": px, "high": px * 1.01, "low": px * 0.99, "close": px,
                           "adj_close": px, "volume": 1e6, "currency": "HKD", "adjustment": "none"})
    accounts = [{"platform": "weibo", "account_id": "L1", "name": "合成领袖", "description": HOSTILE,
                 "followers": 1_000_000, "observed_at": datetime(2025, 3, 1)}]
    with store.transaction():
        store.insert_new(POSTS, arrow(POSTS, posts, "synthetic/posts.jsonl"))
        store.insert_new(FOLLOWER_SNAPSHOTS, arrow(FOLLOWER_SNAPSHOTS, follows, "synthetic/followers.jsonl"))
        store.insert_new(PRICES, arrow(PRICES, prices, "synthetic/prices.csv"))
        store.insert_new(ACCOUNTS, arrow(ACCOUNTS, accounts, "synthetic/accounts.jsonl"))
    return {"posts": n, "silence": SILENCE}
