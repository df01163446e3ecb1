"""bursts analysis on SYNTHETIC streams and on the real Weibo comments (4,573 on one post, 1,400 on day one)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tests._audience_data import add_posts, load_comments, post
from tests.conftest import shared
from yuqing.analyses.bursts import Bursts
from yuqing.cli import get_app
from yuqing.core import UsageError
from yuqing.store import Store, open_store


def _stream(store: Store) -> None:
    """SYNTHETIC: comments under post R1, ~3 an hour for 10 days, ~40 an hour on day 4 from 10:00 to 14:59 local."""
    rng = np.random.default_rng(9)
    rows = []
    start = datetime(2025, 3, 1) - timedelta(hours=8)  # local midnight in UTC
    i = 0
    for h in range(240):
        n = rng.poisson(40 if 3 * 24 + 10 <= h < 3 * 24 + 15 else 3)
        for _ in range(n):
            at = start + timedelta(hours=h, minutes=float(rng.uniform(0, 59.9)))
            text = "小米汽车" if rng.random() < 0.3 else "评论"
            rows.append(post(f"c{i}", at, text, "comment", account=f"u{i % 97}", name=f"用户{i % 97}",
                             parent_id="R1", root_id="R1"))
            i += 1
    add_posts(store, rows)


def test_planted_hourly_burst(duck: Store) -> None:
    _stream(duck)
    res = Bursts(root="R1", by="hour").run(duck)
    d = res.data
    assert d["bins"] == 240 and d["total"] == sum(x["count"] for x in d["series"])
    (b,) = d["bursts"]
    assert b["start"] == datetime(2025, 3, 4, 10) and b["end"] == datetime(2025, 3, 4, 14)
    assert len(res.evidence[f"burst {b['start'].isoformat()}"]) == b["count"]
    day = Bursts(root="R1", by="day").run(duck).data
    assert [x["start"] for x in day["bursts"]] == [date(2025, 3, 4)]


def test_match_filter_and_exact_total(duck: Store) -> None:
    _stream(duck)
    d = Bursts(match="小米", by="day").run(duck).data
    n = duck.fetchall("SELECT count(*) FROM posts WHERE text LIKE '%小米%'")[0][0]
    assert d["total"] == n


def test_empty_and_bad_period(duck: Store) -> None:
    _stream(duck)
    d = Bursts(root="R1", since=date(2030, 1, 1)).run(duck).data
    assert d["total"] == 0 and d["bursts"] == [] and d["series"] == []
    with pytest.raises(UsageError):
        Bursts(root="R1", by="minute").run(duck)


def test_real_comments_day_one(duck: Store) -> None:
    path = shared("weibo/comments/weibo_comments_post5017599890950579_*.csv")
    assert load_comments(duck, path) == 4573
    d = Bursts(root="5017599890950579", by="day").run(duck).data
    assert d["total"] == 4573 and d["peak"] == {"bin": date(2024, 3, 30), "count": 1400}
    first = d["bursts"][0]
    assert first["start"] == date(2024, 3, 30) and first["count"] >= 1400 and first["level"] >= 1
    h = Bursts(root="5017599890950579", by="hour").run(duck).data
    top = max(h["bursts"], key=lambda b: b["weight"])
    assert top["start"] == datetime(2024, 3, 30, 12) and top["peak_count"] == h["peak"]["count"]


def test_cli_bursts(tmp_path: Path) -> None:
    db = str(tmp_path / "b.duckdb")
    s = open_store(db)
    _stream(s)
    s.close()
    r = CliRunner().invoke(get_app(), ["--db", db, "bursts", "--root", "R1", "--by", "hour", "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["bursts"][0]["start"] == "2025-03-04T10:00:00"
    r = CliRunner().invoke(get_app(), ["--db", db, "bursts", "--root", "R1", "--show-records", "burst", "-f", "csv"])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == d["bursts"][0]["count"] + 1
