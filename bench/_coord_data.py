"""Real evaluation data for coordination detection, read straight from ../shared/data (never copied).

* IRA tweets (positives): every account is an Internet Research Agency account; ``ira_authors.csv`` gives its
  role (account_category). Retweets carry no ids: the retweeted text identifies the original, so a retweet's
  ``parent_id`` is a hash of its text. Post ids are ``ira:<record number in the file>``.
* CED Weibo cascades (negatives): ordinary users reposting/commenting. An entry with its own text is stored as
  kind ``comment`` (it says something), one without as ``repost``. CED and IRA overlap only in 2015, so each
  cascade is shifted into the IRA slice's window keeping every gap between its posts: **semi-synthetic**.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from yuqing.store.schema import POSTS

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
IRA = SHARED / "coordination" / "ira_tweets.csv.zst"
IRA_AUTHORS = SHARED / "coordination" / "ira_authors.csv"
CED = SHARED / "weibo" / "ced_rumor" / "ced_microblogs_with_reposts.jsonl.gz"
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"#(\w+)")
_CHAIN = re.compile(r"//\s*@")
_T0 = datetime(2026, 1, 1)


def read_ira() -> pd.DataFrame:
    """All IRA tweets: author, content, t (naive UTC), retweet (0/1), rec (1-based record number)."""
    import zstandard

    with IRA.open("rb") as fh:
        reader = zstandard.ZstdDecompressor(max_window_size=2**27).stream_reader(fh)
        df = pd.read_csv(io.TextIOWrapper(reader, encoding="utf-8"), usecols=["author_id", "content",
                         "publish_date", "retweet"], dtype={"author_id": str, "content": str, "retweet": str},
                         keep_default_na=False)
    df["rec"] = range(1, len(df) + 1)
    df["t"] = pd.to_datetime(df["publish_date"], format="%Y-%m-%d %H:%M:%S", errors="coerce")
    return df.dropna(subset=["t"]).sort_values(["t", "rec"], kind="stable").reset_index(drop=True)


def ira_roles() -> dict[str, str]:
    roles = pd.read_csv(IRA_AUTHORS, dtype=str)
    return dict(zip(roles["author_id"], roles["account_category"], strict=True))


def _row(platform: str, pid: str, kind: str, acc: str, t: datetime, text: str, parent: str | None,
         root: str | None, src: str, line: int) -> dict[str, Any]:
    own = _CHAIN.split(text, maxsplit=1)[0]  # links/hashtags of the author's own words, not of the repost chain
    return {"platform": platform, "post_id": pid, "kind": kind, "account_id": acc, "account_name": acc,
            "created_at": t, "tz": "+00:00" if platform == "twitter" else "+08:00", "text": text,
            "lang": None, "parent_id": parent, "root_id": root,
            "urls": json.dumps(_URL.findall(own)), "topics": json.dumps([m.lower() for m in _TAG.findall(own)]),
            "src_file": src, "src_line": line, "importer": "bench-coordination", "importer_version": "1",
            "import_id": "bench", "imported_at": _T0, "raw": None}


def ira_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for acc, text, t, rt, rec in zip(df["author_id"], df["content"], df["t"], df["retweet"], df["rec"],
                                     strict=True):
        parent = "rt:" + hashlib.sha1(text.encode()).hexdigest()[:16] if rt == "1" else None
        out.append(_row("twitter", f"ira:{rec}", "repost" if rt == "1" else "post", acc, t.to_pydatetime(),
                        text, parent, parent, str(IRA), int(rec)))
    return out


def _ced_time(s: str) -> datetime | None:
    try:
        return datetime.strptime(s, "%Y-%m-%d %H:%M:%S") - timedelta(hours=8)  # CST -> UTC
    except ValueError:
        return None  # e.g. "01月01日 18:46" without a year: cannot be placed


def _orig_time(v: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(v), UTC).replace(tzinfo=None)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.strptime(str(v), "%a %b %d %H:%M:%S %z %Y").astimezone(UTC).replace(tzinfo=None)
    except ValueError:
        return None


@functools.cache
def _cascades() -> tuple[tuple[int, dict[str, Any]], ...]:
    """Every CED cascade with its line number (read once per process)."""
    with gzip.open(CED, "rt", encoding="utf-8") as fh:
        return tuple((line_no, json.loads(line)) for line_no, line in enumerate(fh, 1))


def ced_rows(lo: datetime, hi: datetime, target: int, seed: int = 0) -> tuple[list[dict[str, Any]], int]:
    """CED cascades shifted into [lo, hi) (semi-synthetic) until about ``target`` posts; (rows, skipped)."""
    cascades = list(_cascades())
    rnd = random.Random(seed)
    rnd.shuffle(cascades)
    span = (hi - lo).total_seconds()
    rows: list[dict[str, Any]] = []
    skipped = 0
    for line_no, c in cascades:
        if len(rows) >= target:
            break
        o = c["original"]
        omid = c["file"].split("_")[1] if "_" in c["file"] else c["file"]
        start = _orig_time(o.get("time"))
        if start is None:
            skipped += len(c["reposts"])
            continue
        shift = lo + timedelta(seconds=rnd.uniform(0, span)) - start
        for r in c["reposts"]:
            t = _ced_time(r.get("date", ""))
            if t is None or not r.get("uid"):
                skipped += 1
                continue
            t = t + shift
            if not lo <= t < hi:
                continue
            text = r.get("text") or ""
            kind = "comment" if text.strip() else "repost"
            rows.append(_row("weibo", f"ced:{r['mid']}", kind, str(r["uid"]), t, text, r.get("parent") or omid,
                             omid, str(CED), line_no))
    return rows, skipped


def to_arrow(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=POSTS.arrow_schema())
