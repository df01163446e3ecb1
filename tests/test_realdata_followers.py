"""Real follower logs (../shared/data/followers): digger-yu/lei's daily Weibo + Douyin log and profile snapshots."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import shared
from yuqing.sources import detect_format, ingest_file
from yuqing.store import Store

JSON = "followers/leijun_followers_daily_*.json"
CSV = "followers/leijun_followers_daily_*.csv"
PROFILES = "followers/leijun_weibo_profile_snapshots_from_docs.csv"
DOUYIN = "MS4wLjABAAAAompXkPoYOGsA152dqYoytKycjIZ_aCCxHwGmLX5IsDM"


@pytest.mark.parametrize(("rel", "name"), [(JSON, "lei_followers_json"), (CSV, "lei_followers_csv"),
                                           (PROFILES, "profile_snapshots_csv")])
def test_detects_real_file(rel: str, name: str) -> None:
    assert detect_format(shared(rel)).name == name


def test_follower_log_json_then_csv(any_store: Store) -> None:
    r = ingest_file(any_store, shared(JSON))
    # 60 days x 2 platforms; the Weibo count of 2026-07-30 is null upstream -> quarantined, named
    assert (r.read, r.stored, r.quarantined) == (120, 119, 1)
    # src_line is the physical line of the record's "date" key in the pretty-printed JSON
    assert any_store.fetchall("SELECT src_line, reason FROM quarantine") == [
        (186, "weibo: no follower count on 2026-07-30")]
    got = any_store.fetchall(
        "SELECT platform, account_id, account_name, followers, tz FROM follower_snapshots "
        "WHERE observed_at = ? ORDER BY platform", [datetime(2026, 6, 23, 16)])  # 2026-06-24 00:00 CST
    assert got == [("douyin", DOUYIN, "雷军", 42479000, "+08:00"), ("weibo", "1749127163", "雷军", 27310748, "+08:00")]
    # the known upstream glitch is kept as logged: Douyin 42,479,000 -> 36,190,396 the next day
    (nxt,) = any_store.fetchall("SELECT followers FROM follower_snapshots WHERE platform = 'douyin' "
                                "AND observed_at = ?", [datetime(2026, 6, 24, 16)])[0]
    assert nxt == 36190396
    # the flattened CSV takes its ids from the JSON next to it: every row is a duplicate
    c = ingest_file(any_store, shared(CSV))
    assert (c.read, c.stored, c.duplicate, c.quarantined) == (120, 0, 119, 1)


def test_follower_csv_ids_from_options(duck: Store, tmp_path: Path) -> None:
    p = tmp_path / "followers.csv"
    p.write_text("date,weibo_followers,douyin_followers\n2026-01-01,100,\n", encoding="utf-8")  # synthetic
    r = ingest_file(duck, p, options={"weibo_uid": "u1", "name": "合成"})
    assert (r.stored, r.quarantined) == (1, 1)
    assert duck.fetchall("SELECT account_id, account_name, followers FROM follower_snapshots") == [("u1", "合成", 100)]


def test_profile_snapshots(duck: Store) -> None:
    r = ingest_file(duck, shared(PROFILES))
    assert (r.read, r.stored, r.quarantined) == (2, 1, 1)
    assert duck.fetchall("SELECT account_id, observed_at, followers, tz FROM follower_snapshots") == [
        ("1749127163", datetime(2022, 10, 27, 9, 38, 5), 22756103, "+00:00")]
    assert duck.fetchall("SELECT following, posts_count FROM accounts") == [(1373, 14923)]
    (reason,) = duck.fetchall("SELECT reason FROM quarantine")[0]
    assert "approximate" in reason and "rounded display value" in reason


def test_profile_snapshots_keep_approximate(duck: Store) -> None:
    r = ingest_file(duck, shared(PROFILES), options={"approximate": "keep"})
    assert (r.stored, r.quarantined) == (2, 0)
    assert duck.fetchall("SELECT followers FROM follower_snapshots WHERE observed_at = ?",
                         [datetime(2025, 6, 5)]) == [(26712000,)]
