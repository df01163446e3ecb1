"""Builders for the audience tests: SYNTHETIC rows (clearly labelled) and loaders for the real shared files.

The real-data loaders read ../shared/data at test time only; nothing derived from it is written to the repository.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterator
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


def _cst(text: str, fmt: str) -> datetime:
    return datetime.strptime(text, fmt) - timedelta(hours=8)


def load_comments(store: Store, path: Path) -> int:
    """The real comments CSV (username,content,likecount,date "2024/3/30 12:22" CST) on Weibo post 5017599890950579
    into ``posts`` as comments of that post (ids are file line numbers: the file has no comment ids)."""
    root = "5017599890950579"
    rows = []
    with open(path, encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh), start=2):
            rows.append({"platform": "weibo", "post_id": f"{root}-c{i}", "kind": "comment", "account_name": r["username"],
                         "created_at": _cst(r["date"], "%Y/%m/%d %H:%M"), "tz": "+08:00", "text": r["content"],
                         "parent_id": root, "root_id": root, "likes": int(r["likecount"] or 0), "src_line": i, "raw": ""})
    with store.transaction():
        return store.insert_new(POSTS, arrow(POSTS, rows, str(path)))


def iter_ced(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, cascade) of the real CED JSON Lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            yield i, json.loads(line)


def load_ced(store: Store, path: Path, files: set[str] | None = None, limit: int | None = None) -> int:
    """CED cascades into ``posts``: the source post (kind post, id = the mid in the file name) and its reposts/comments
    (kind repost, root_id = the source). Repost dates without a year ("01月01日 18:46") are skipped."""
    rows: list[dict[str, Any]] = []
    n = 0
    for i, d in iter_ced(path):
        if files is not None and d["file"] not in files:
            continue
        n += 1
        if limit is not None and n > limit:
            break
        _, mid, uid = d["file"].removesuffix(".json").split("_")
        o = d["original"]
        rows.append({"platform": "weibo", "post_id": mid, "kind": "post", "account_id": uid,
                     "created_at": datetime(1970, 1, 1) + timedelta(seconds=int(o["time"])), "tz": "+08:00",
                     "text": o["text"], "src_line": i, "raw": ""})
        for rp in d["reposts"]:
            if not re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", rp.get("date") or ""):
                continue
            rows.append({"platform": "weibo", "post_id": rp["mid"], "kind": "repost", "account_id": rp["uid"],
                         "created_at": _cst(rp["date"], "%Y-%m-%d %H:%M:%S"), "tz": "+08:00", "text": rp["text"],
                         "parent_id": rp["parent"] or mid, "root_id": mid, "src_line": i, "raw": ""})
    with store.transaction():
        return store.insert_new(POSTS, arrow(POSTS, rows, str(path)))


def load_ira(store: Store, path: Path, authors: set[str]) -> int:
    """The real IRA tweets (zstd CSV) of ``authors`` into ``posts`` (publish_date read as UTC, tz "+00:00")."""
    import zstandard

    rows: list[dict[str, Any]] = []
    with open(path, "rb") as raw:
        reader = zstandard.ZstdDecompressor(max_window_size=2**27).stream_reader(raw)
        text = io.TextIOWrapper(reader, encoding="utf-8", newline="")
        for i, r in enumerate(csv.DictReader(text), start=2):
            if r["author_id"] not in authors:
                continue
            kind = "repost" if r["retweet"] == "1" else "post"
            rows.append({"platform": "twitter", "post_id": f"ira-{i}", "kind": kind, "account_id": r["author_id"],
                         "account_name": r["author_id"], "created_at": datetime.fromisoformat(r["publish_date"]),
                         "tz": "+00:00", "text": r["content"], "lang": None, "src_line": i, "raw": ""})
    with store.transaction():
        return store.insert_new(POSTS, arrow(POSTS, rows, str(path)))
