"""Builders for the audience tests: SYNTHETIC rows (clearly labelled) and loaders for the real shared files.

The real-data loaders read ../shared/data at test time only; nothing derived from it is written to the repository.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from yuqing.store import Store
from yuqing.store.schema import FOLLOWER_SNAPSHOTS, POSTS, TRENDING, Table


def arrow(table: Table, rows: list[dict[str, Any]], src: str = "synthetic") -> pa.Table:
    """Rows (missing columns null) as an Arrow table of ``table``'s schema, with provenance filled in."""
    now = datetime(2026, 1, 1)
    full = []
    for i, r in enumerate(rows, start=1):
        d = dict.fromkeys(table.column_names)
        d.update({"src_file": src, "src_line": i, "importer": "test", "importer_version": "1",
                  "import_id": "test", "imported_at": now, "raw": "synthetic"})
        d.update(r)
        full.append(d)
    return pa.Table.from_pylist(full, schema=table.arrow_schema())


def add_posts(store: Store, rows: list[dict[str, Any]]) -> int:
    with store.transaction():
        return store.insert_new(POSTS, arrow(POSTS, rows))


def post(pid: str, at_utc: datetime, text: str = "synthetic", kind: str = "post", account: str = "A1",
         name: str = "合成账号", tz: str | None = "+08:00", **kw: Any) -> dict[str, Any]:
    return {"platform": "weibo", "post_id": pid, "kind": kind, "account_id": account, "account_name": name,
            "created_at": at_utc, "tz": tz, "text": text, **kw}


def load_hot_search(store: Store, path: Path) -> int:
    """The real hot-search CSV (date,rank,title,category,hot_value,...) into ``trending`` (times CST)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            d = date.fromisoformat(r["date"])
            rows.append({"platform": "weibo", "list_date": d, "tz": "+08:00", "rank": int(r["rank"]),
                         "title": r["title"], "category": r["category"] or None,
                         "heat": int(float(r["hot_value"])) if r["hot_value"] else None,
                         "src_file": str(path), "src_line": i, "raw": ""})
    with store.transaction():
        return store.insert_new(TRENDING, arrow(TRENDING, rows, str(path)))


def load_follower_log(store: Store, path: Path) -> int:
    """The real follower log CSV (date,weibo_followers,douyin_followers) into ``follower_snapshots``."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            day = date.fromisoformat(r["date"])
            obs = datetime(day.year, day.month, day.day) - timedelta(hours=8)
            for platform, col, aid in (("weibo", "weibo_followers", "1749127163"), ("douyin", "douyin_followers", "leijun-douyin")):
                if r[col]:
                    rows.append({"platform": platform, "account_id": aid, "account_name": "雷军", "observed_at": obs,
                                 "tz": "+08:00", "followers": int(r[col]), "src_file": str(path), "src_line": i, "raw": ""})
    with store.transaction():
        return store.insert_new(FOLLOWER_SNAPSHOTS, arrow(FOLLOWER_SNAPSHOTS, rows, str(path)))
