"""trending: per-day figures and Kleinberg bursts on SYNTHETIC lists and on the real Weibo hot-search file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tests._audience_data import arrow, load_hot_search
from tests.conftest import shared
from yuqing.analyses.trending import Trending
from yuqing.cli import get_app
from yuqing.core import UsageError
from yuqing.store import Store, open_store
from yuqing.store.schema import TRENDING


def _lists(store: Store) -> None:
    """SYNTHETIC: 80 daily lists of 50 entries; '火星' appears 0-1 times a day except days 30-34 (6-9 times)."""
    rng = np.random.default_rng(2)
    rows = []
    for d in range(80):
        day = date(2025, 1, 1) + timedelta(days=d)
        hits = int(rng.integers(6, 10)) if 30 <= d < 35 else int(rng.random() < 0.4)
        for r in range(1, 51):
            title = f"火星科技新闻{r}" if r <= hits else f"别的话题{d}-{r}"
            rows.append({"platform": "weibo", "list_date": day, "tz": "+08:00", "rank": r, "title": title,
                         "heat": 1_000_000 - r * 1000})
    with store.transaction():
        store.insert_new(TRENDING, arrow(TRENDING, rows))


def test_synthetic_burst_and_daily_figures(duck: Store) -> None:
    _lists(duck)
    res = Trending(match=("火星",)).run(duck)
    d = res.data
    assert d["days_listed"] == 80 and d["total_entries"] == 4000
    assert [(b["start"], b["end"]) for b in d["bursts"]] == [(date(2025, 1, 31), date(2025, 2, 4))]
    day = next(r for r in d["days"] if r["date"] == date(2025, 2, 1))
    n = duck.fetchall("SELECT count(*), min(rank), sum(heat) FROM trending WHERE list_date = DATE '2025-02-01' "
                      "AND title LIKE '%火星%'")[0]
    assert (day["entries"], day["best_rank"], day["heat"]) == (n[0], n[1], n[2])
    assert len(res.evidence["2025-02-01"]) == n[0]
    assert d["matched_entries"] == sum(r["entries"] for r in d["days"])


def test_empty_range_and_no_terms(duck: Store) -> None:
    _lists(duck)
    d = Trending(match=("火星",), since=date(2030, 1, 1)).run(duck).data
    assert d["days"] == [] and d["bursts"] == [] and d["matched_entries"] == 0
    d = Trending(match=("火星",), since=date(2025, 1, 25), until=date(2025, 2, 6)).run(duck).data
    assert d["days_listed"] == 13 and d["bursts"][0]["start"] == date(2025, 1, 31) and not d["bursts"][0]["clipped"]
    d = Trending(match=("火星",), since=date(2025, 2, 2), until=date(2025, 2, 10)).run(duck).data
    assert d["bursts"][0]["clipped"] and d["bursts"][0]["start"] == date(2025, 2, 2)
    with pytest.raises(UsageError):
        Trending(match=()).run(duck)


def test_cli_trending(tmp_path: Path) -> None:
    db = str(tmp_path / "t.duckdb")
    s = open_store(db)
    _lists(s)
    s.close()
    r = CliRunner().invoke(get_app(), ["--db", db, "trending", "--match", "火星", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["bursts"][0]["start"] == "2025-01-31"
    r = CliRunner().invoke(get_app(), ["--db", db, "trending", "--match", "火星", "--days", "-f", "csv"])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 81
    out = tmp_path / "t.svg"
    r = CliRunner().invoke(get_app(), ["--db", db, "trending", "--match", "火星", "--chart", str(out)])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.fixture(scope="module")
def hot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = shared("weibo/hot_search/weibo_hot_search_daily_*.csv")
    s = open_store(str(tmp_path_factory.mktemp("hot") / "hot.duckdb"))
    load_hot_search(s, path)
    yield s
    s.close()


@pytest.mark.xdist_group("audience_hot_search")
def test_real_hot_search_su7_and_recall_bursts(hot: Store) -> None:
    d = Trending(match=("雷军", "小米")).run(hot).data
    assert d["days_listed"] == 621 and d["total_entries"] == 264_132
    bursts = d["bursts"]
    # the SU7 crash (2025-03-29) and the following days up to 2025-04-02
    su7 = [b for b in bursts if b["start"] <= date(2025, 3, 29) and b["end"] >= date(2025, 4, 2)]
    assert len(su7) == 1 and su7[0]["end"] <= date(2025, 4, 5)
    assert date(2025, 3, 29) <= su7[0]["peak_day"] <= date(2025, 4, 2) and su7[0]["best_rank"] == 1
    # the recall announced 2025-09-19
    assert any(b["start"] <= date(2025, 9, 19) <= b["end"] for b in bursts)
    # not a fixed threshold: ordinary days are in the base state
    states = [r["state"] for r in d["days"]]
    assert 0.5 < states.count(0) / len(states) < 1.0
    # exact against SQL
    n = hot.fetchall("SELECT count(*) FROM trending WHERE title LIKE '%雷军%' OR title LIKE '%小米%'")[0][0]
    assert d["matched_entries"] == n


@pytest.mark.xdist_group("audience_hot_search")
def test_real_hot_search_zoom_keeps_bursts(hot: Store) -> None:
    full = Trending(match=("雷军", "小米")).run(hot).data
    zoom = Trending(match=("雷军", "小米"), since=date(2025, 3, 26), until=date(2025, 4, 6)).run(hot).data
    assert [r["date"] for r in zoom["days"]] == [date(2025, 3, 26) + timedelta(days=i) for i in range(12)]
    (b,) = zoom["bursts"]
    su7 = next(x for x in full["bursts"] if x["start"] <= date(2025, 3, 29) <= x["end"])
    assert b["clipped"] and b["start"] == date(2025, 3, 26) and b["end"] == su7["end"]
    assert b["level"] == su7["level"] and b["peak_day"] == su7["peak_day"]
    alone = Trending(match=("雷军", "小米"), since=date(2025, 3, 26), until=date(2025, 4, 6), base="range").run(hot).data
    assert alone["base"] == "range" and alone["matched_entries"] == zoom["matched_entries"]
