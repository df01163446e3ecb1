"""followers: Hampel glitches on SYNTHETIC series and on the real Lei Jun follower log (../shared/data/followers)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from tests._audience_data import arrow, load_follower_log
from tests.conftest import shared
from yuqing.analyses.followers import Followers, hampel
from yuqing.cli import get_app
from yuqing.store import Store, open_store
from yuqing.store.schema import FOLLOWER_SNAPSHOTS


def _series(store: Store) -> list[int]:
    """SYNTHETIC: 60 daily douyin counts losing 25,000 a day (a real, steady loss), with a x100 glitch on day 20,
    a one-day -6.3M drop on day 40 and a permanent +2M step from day 50 (real: must not be flagged)."""
    rng = np.random.default_rng(0)
    vals = [int(44_000_000 - 25_000 * i + rng.integers(-3000, 3000)) for i in range(60)]
    vals[20] *= 100
    vals[40] -= 6_300_000
    for i in range(50, 60):
        vals[i] += 2_000_000
    rows = [{"platform": "douyin", "account_id": "dy1", "account_name": "合成老板",
             "observed_at": datetime(2025, 3, 1, 4) + timedelta(days=i), "tz": "+08:00", "followers": v}
            for i, v in enumerate(vals)]
    with store.transaction():
        store.insert_new(FOLLOWER_SNAPSHOTS, arrow(FOLLOWER_SNAPSHOTS, rows))
    return vals


def test_glitches_flagged_and_excluded(duck: Store) -> None:
    vals = _series(duck)
    res = Followers(account="合成老板", window_days=30).run(duck)
    (p,) = res.data["platforms"]
    gl = {g["date"]: g for g in p["glitches"]}
    assert set(gl) == {date(2025, 3, 21), date(2025, 4, 10)}
    assert gl[date(2025, 3, 21)]["type"] == "x100" and gl[date(2025, 4, 10)]["type"] == "drop"
    assert gl[date(2025, 3, 21)]["record"] == "follower_snapshots/douyin/dy1/2025-03-21T04:00:00"
    # the change over the last 30 days uses clean snapshots only, and is exact
    ch = p["change"]
    assert ch["to"]["date"] == date(2025, 4, 29) and ch["from"]["date"] == date(2025, 3, 30)
    assert ch["change"] == vals[59] - vals[29]
    # the worst 30-day window is a real loss, not the glitch
    w = p["worst_window"]
    assert -30 * 25_000 - 10_000 < w["change"] < -20 * 25_000
    assert res.evidence["douyin glitch 2025-03-21"] == [gl[date(2025, 3, 21)]["record"]]
    series = {s["date"]: s for s in p["series"]}
    assert series[date(2025, 3, 21)]["glitch"] and not series[date(2025, 3, 22)]["glitch"]


def test_hampel_leaves_steady_trends_and_steps_alone() -> None:
    x = np.linspace(40e6, 39e6, 50)
    x[25:] += 3e6
    bad, med = hampel(x)
    assert not bad.any()
    assert np.isfinite(med).all()


def test_empty_and_until(duck: Store) -> None:
    _series(duck)
    d = Followers(account="dy1", until=date(2025, 2, 1)).run(duck).data
    assert d["platforms"][0]["points"] == 0 and d["platforms"][0]["change"] is None


def test_real_leijun_log_douyin_glitch(duck: Store) -> None:
    path = shared("followers/leijun_followers_daily_weibo_douyin_*.csv")
    load_follower_log(duck, path)
    res = Followers(account="雷军", window_days=30).run(duck)
    by = {p["platform"]: p for p in res.data["platforms"]}
    dy, wb = by["douyin"], by["weibo"]
    assert dy["points"] == 60 and wb["points"] == 59  # weibo has no count on 2026-07-30
    # the first Douyin count (42,479,000) is 6.29M above every later one: the glitch behind the "-6.3M one-day drop"
    assert [(g["date"], g["followers"]) for g in dy["glitches"]] == [(date(2026, 6, 24), 42_479_000)]
    assert dy["glitches"][0]["record"].startswith("follower_snapshots/douyin/")
    assert wb["glitches"] == []
    assert dy["change"]["change"] == 35_900_957 - 36_033_695  # 2026-07-23 -> 2026-08-22
    assert dy["worst_window"]["change"] < 0


def test_cli_followers_json_and_records(tmp_path: Path) -> None:
    db = str(tmp_path / "f.duckdb")
    s = open_store(db)
    _series(s)
    s.close()
    run = CliRunner()
    r = run.invoke(get_app(), ["--db", db, "followers", "合成老板", "--window", "4w", "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["window_days"] == 28 and len(d["platforms"][0]["glitches"]) == 2
    r = run.invoke(get_app(), ["--db", db, "followers", "合成老板", "--show-records", "douyin glitch", "-f", "json"])
    assert r.exit_code == 0, r.output
    recs = json.loads(r.stdout)["records"]
    assert sorted(x["followers"] for x in recs)[-1] > 1e9
    r = run.invoke(get_app(), ["--db", db, "followers", "合成老板", "--window", "soon"])
    assert r.exit_code != 0 and "--window" in r.output
    png = tmp_path / "f.png"
    r = run.invoke(get_app(), ["--db", db, "followers", "合成老板", "--chart", str(png)])
    assert r.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"


def test_real_leijun_log_through_yuqing_ingest(duck: Store) -> None:
    """The same figures when the log comes in through ``yuqing ingest`` (the lei_followers_json importer)."""
    from yuqing.sources import ingest_file
    from yuqing.sources._base import importers

    # a built-in importer: its absence is a regression, not a reason to skip
    assert "lei_followers_json" in importers(), f"built-in importer lei_followers_json missing: {sorted(importers())}"
    ingest_file(duck, shared("followers/leijun_followers_daily_weibo_douyin_*.json"))
    by = {p["platform"]: p for p in Followers(account="雷军", window_days=30).run(duck).data["platforms"]}
    assert [(g["date"], g["followers"]) for g in by["douyin"]["glitches"]] == [(date(2026, 6, 24), 42_479_000)]
    assert by["douyin"]["change"]["change"] == -132_738 and by["weibo"]["change"]["change"] == 6_524
