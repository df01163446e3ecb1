"""Real cascades and coordination data, sampled: CED rumour cascades (Weibo) and IRA tweets + accounts.

Samples are written to tmp files at test time (first N lines); nothing derived from the data is committed.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared
from yuqing.sources import detect_format, ingest_file
from yuqing.sources.ced import resolve_no_year
from yuqing.store import Store

CED = "weibo/ced_rumor/ced_microblogs_with_reposts.jsonl.gz"
IRA = "coordination/ira_tweets.csv.zst"
AUTHORS = "coordination/ira_authors.csv"


@pytest.mark.parametrize(("rel", "name"), [(CED, "ced_jsonl"), (IRA, "ira_tweets_csv"), (AUTHORS, "ira_authors_csv")])
def test_detects_real_file(rel: str, name: str) -> None:
    assert detect_format(shared(rel)).name == name


def _ced_sample(tmp_path: Path, lines: set[int] | int) -> tuple[Path, list[dict[str, Any]]]:
    out = tmp_path / "ced_sample.jsonl.gz"
    kept = []
    last = lines if isinstance(lines, int) else max(lines)
    with gzip.open(shared(CED), "rb") as fh, gzip.open(out, "wb", compresslevel=1) as w:
        for i, line in enumerate(fh, start=1):
            if isinstance(lines, int) or i in lines:
                w.write(line)
                kept.append(json.loads(line))
            if i >= last:
                break
    return out, kept


def test_ced_sample_cascades(duck: Store, tmp_path: Path) -> None:
    path, cascades = _ced_sample(tmp_path, 5)
    n_reposts = sum(len(c["reposts"]) for c in cascades)
    r = ingest_file(duck, path)
    assert r.read == 5 + n_reposts
    assert r.stored + r.duplicate + r.quarantined == r.read
    counts = dict(duck.fetchall("SELECT kind, count(*) FROM posts GROUP BY kind"))
    assert counts["post"] == 5 and counts["repost"] == r.stored - 5
    sources = {str(c["file"]).split("_")[1] for c in cascades}
    assert {row[0] for row in duck.fetchall("SELECT DISTINCT root_id FROM posts WHERE kind = 'repost'")} <= sources
    # every repost's parent is stored (the source post or another repost of the same cascade)
    orphans = duck.fetchall("SELECT count(*) FROM posts p WHERE kind = 'repost' AND NOT EXISTS "
                            "(SELECT 1 FROM posts q WHERE q.post_id = p.parent_id)")
    assert orphans == [(0,)]
    # first cascade: source post of 2012-09-11 (unix 1347334462), label kept, author from the file name
    first = cascades[0]
    mid, uid = str(first["file"]).split("_")[1], str(first["file"]).split("_")[2].removesuffix(".json")
    row = duck.fetchall("SELECT account_id, created_at, extra, tz FROM posts WHERE post_id = ?", [mid])[0]
    assert row[0] == uid and row[1] == datetime(2012, 9, 11, 3, 34, 22) and row[3] == "+08:00"
    assert json.loads(row[2])["label"] == first["label"]
    (followers,) = duck.fetchall("SELECT followers FROM accounts WHERE account_id = ?", [uid])[0]
    assert followers == first["original"]["user"]["followers"]
    # a repost date "2012-09-16 15:05:11" is CST
    rp = first["reposts"][0]
    assert duck.fetchall("SELECT created_at, root_id FROM posts WHERE post_id = ?", [rp["mid"]]) == [
        (datetime.fromisoformat(rp["date"]) - (datetime(2000, 1, 1, 8) - datetime(2000, 1, 1)), mid)]
    again = ingest_file(duck, path)
    assert again.stored == 0 and again.duplicate == r.stored + r.duplicate


def test_ced_dates_without_year(duck: Store, tmp_path: Path) -> None:
    # line 2445: one repost dated "04月16日 19:54" (no year) in a cascade of 2013-11; line 2684: "09月16日 13:48"
    # in a cascade of 2012. Their mids carry their times: 2016-04-16 19:54:42 and 2016-09-16 13:48:55 CST.
    path, _ = _ced_sample(tmp_path, {2445, 2684})
    r = ingest_file(duck, path)
    assert r.quarantined == 0
    placed = duck.fetchall("SELECT created_at, extra FROM posts WHERE extra LIKE '%date_raw%' ORDER BY created_at")
    assert [(t, json.loads(e)) for t, e in placed] == [
        (datetime(2016, 4, 16, 11, 54, 42), {"date_raw": "04月16日 19:54", "time_from": "mid"}),
        (datetime(2016, 9, 16, 5, 48, 55), {"date_raw": "09月16日 13:48", "time_from": "mid"}),
    ]
    strict = ingest_file(duck, path, options={"undated": "quarantine"})
    assert strict.quarantined == 2
    reasons = [row[0] for row in duck.fetchall("SELECT reason FROM quarantine")]
    assert all("has no year" in x for x in reasons)


def test_mid_times() -> None:
    assert resolve_no_year("04月16日 19:54", "DrglRl66B") == (datetime(2016, 4, 16, 11, 54, 42), "")
    t, why = resolve_no_year("04月17日 19:54", "DrglRl66B")
    assert t is None and "does not match" in why
    t, why = resolve_no_year("04月16日 19:54", "Dr-l")
    assert t is None and "cannot be decoded" in why


def _ira_sample(tmp_path: Path, n: int) -> tuple[Path, list[dict[str, str]]]:
    import zstandard

    out = tmp_path / "ira_sample.csv"
    with open(shared(IRA), "rb") as raw, open(out, "w", encoding="utf-8", newline="") as w:
        text = io.TextIOWrapper(zstandard.ZstdDecompressor(max_window_size=2**27).stream_reader(raw),
                                encoding="utf-8", newline="")
        header = text.readline()
        w.write(header)
        for _ in range(n):
            w.write(text.readline())
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return out, rows


def test_ira_sample_and_authors(any_store: Store, tmp_path: Path) -> None:
    path, rows = _ira_sample(tmp_path, 3000)
    a = ingest_file(any_store, shared(AUTHORS))
    assert (a.read, a.stored, a.quarantined) == (1856, 1856, 0)
    r = ingest_file(any_store, path)
    # identical tweets by one author in one minute stay separate tweets (occurrence in the id)
    assert (r.read, r.stored, r.duplicate, r.quarantined) == (3000, 3000, 0, 0)
    kinds = dict(any_store.fetchall("SELECT kind, count(*) FROM posts GROUP BY kind"))
    assert kinds.get("repost", 0) == sum(x["retweet"] == "1" for x in rows)
    assert kinds.get("post", 0) == sum(x["retweet"] != "1" for x in rows)
    first = rows[0]
    got = any_store.fetchall("SELECT account_id, created_at, tz, text FROM posts WHERE src_line = 2")
    assert got == [(first["author_id"], datetime.fromisoformat(first["publish_date"]), "+00:00", first["content"])]
    (extra,) = any_store.fetchall("SELECT extra FROM accounts WHERE account_id = ?", [first["author_id"]])[0]
    assert json.loads(extra)["account_category"] == "RightTroll"
    again = ingest_file(any_store, path)
    assert (again.stored, again.duplicate) == (0, 3000)
