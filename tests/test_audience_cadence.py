"""cadence on SYNTHETIC posts: exact counts against SQL, local-time periods, empty ranges, unknown accounts, CLI."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tests._audience_data import add_posts, post
from yuqing.analyses.cadence import Cadence
from yuqing.cli import get_app
from yuqing.core import NotFoundError, UsageError
from yuqing.nlp.content_class import CLASSES
from yuqing.store import Store, open_store

TEXTS = {
    "personal": "今天陪女儿去爬山，开心",
    "product": "新品发布会明天开售，欢迎预约试驾",
    "news_repost": "【快讯】新华社报道，近日某地发生地震",
    "response": "关于网传的不实信息，我们严正声明：纯属造谣",
}


def _stream(n: int = 400, seed: int = 1) -> list[dict[str, object]]:
    """SYNTHETIC: ``n`` posts of account A1 over ~60 days, random kinds and texts, plus posts of another account."""
    rng = np.random.default_rng(seed)
    start = datetime(2025, 3, 1)
    rows = []
    for i in range(n):
        at = start + timedelta(minutes=int(rng.integers(0, 60 * 24 * 60)))
        kind = str(rng.choice(["post", "post", "repost", "comment"]))
        text = TEXTS[str(rng.choice(list(TEXTS)))]
        rows.append(post(f"p{i}", at, text, kind))
    rows += [post(f"o{i}", start + timedelta(days=i), "其他账号", account="B2", name="别的账号") for i in range(30)]
    return rows


def test_counts_are_exact_against_sql(any_store: Store) -> None:
    add_posts(any_store, _stream())
    res = Cadence(account="A1", by="day").run(any_store)
    d = res.data
    # the same figure straight from SQL: local day = created_at + 8 h
    sql = any_store.fetchall(
        "SELECT CAST(created_at + INTERVAL '8 hours' AS DATE) AS d, kind, count(*) FROM posts "
        "WHERE account_id = ? GROUP BY 1, 2", ["A1"])
    want: dict[tuple[str, str], int] = {(str(r[0]), str(r[1])): int(r[2]) for r in sql}
    got = {(p["period"], k): p[k] for p in d["periods"] for k in ("post", "repost", "comment") if p[k]}
    assert got == want
    assert d["total"] == sum(want.values()) == 400
    assert sum(d["by_class"].values()) == 400
    assert sum(d["by_kind"].values()) == 400
    for p in d["periods"]:
        assert p["total"] == p["post"] + p["repost"] + p["comment"] == sum(p[c] for c in CLASSES)
        # evidence lists exactly the posts of the period
        assert len(res.evidence.get(p["period"], [])) == p["total"]
    # consecutive days, no holes
    days = [date.fromisoformat(p["period"]) for p in d["periods"]]
    assert all((b - a).days == 1 for a, b in itertools.pairwise(days))


def test_week_and_month_totals_match_and_periods_are_local(duck: Store) -> None:
    add_posts(duck, _stream())
    # 2025-03-31 17:30 UTC is 2025-04-01 01:30 in +08:00: an April post, in the week of Monday 31 March
    add_posts(duck, [post("edge", datetime(2025, 3, 31, 17, 30), TEXTS["personal"])])
    day = Cadence(account="合成账号", by="day").run(duck).data
    week = Cadence(account="合成账号", by="week").run(duck).data
    month = Cadence(account="合成账号", by="month").run(duck).data
    assert day["total"] == week["total"] == month["total"] == 401
    assert all(date.fromisoformat(p["period"]).weekday() == 0 for p in week["periods"])
    n_april = duck.fetchall(
        "SELECT count(*) FROM posts WHERE account_id = 'A1' AND created_at >= TIMESTAMP '2025-03-31 16:00:00' "
        "AND created_at < TIMESTAMP '2025-04-30 16:00:00'")[0][0]
    april = next(p for p in month["periods"] if p["period"] == "2025-04-01")
    assert april["total"] == n_april
    assert day["tz"] == "+08:00"


def test_since_until_and_empty_range(duck: Store) -> None:
    add_posts(duck, _stream())
    res = Cadence(account="A1", by="day", since=date(2025, 3, 10), until=date(2025, 3, 16)).run(duck)
    assert [p["period"] for p in res.data["periods"]] == [f"2025-03-{d}" for d in range(10, 17)]
    empty = Cadence(account="A1", by="week", since=date(2030, 1, 1), until=date(2030, 2, 1)).run(duck)
    assert empty.data["total"] == 0 and empty.data["periods"] == [] and empty.rows == []
    assert empty.data["by_class"] == dict.fromkeys(CLASSES, 0)


def test_classes_follow_the_classifier(duck: Store) -> None:
    at = datetime(2025, 3, 1, 4)
    add_posts(duck, [post(f"c{i}", at + timedelta(hours=i), t) for i, t in enumerate(TEXTS.values())])
    d = Cadence(account="A1", by="month").run(duck).data
    assert d["by_class"] == {"personal": 1, "product": 1, "news_repost": 1, "response": 1, "other": 0}


def test_unknown_account_lists_close_matches_and_bad_period(duck: Store) -> None:
    add_posts(duck, _stream(20))
    with pytest.raises(NotFoundError) as e:
        Cadence(account="合成帐号").run(duck)
    assert "合成账号" in e.value.close
    with pytest.raises(UsageError):
        Cadence(account="A1", by="year").run(duck)


def test_cli_json_csv_show_records_and_chart(tmp_path: Path) -> None:
    db = str(tmp_path / "c.duckdb")
    s = open_store(db)
    add_posts(s, _stream(60))
    s.close()
    run = CliRunner()
    app = get_app()
    r = run.invoke(app, ["--db", db, "cadence", "A1", "--by", "week", "-f", "json", "--evidence"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["total"] == 60 and set(d["evidence"]) == {p["period"] for p in d["periods"] if p["total"]}
    r = run.invoke(app, ["--db", db, "cadence", "A1", "--by", "month", "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("period,total,post,repost,comment")
    first = next(p for p in d["periods"] if p["total"])
    r = run.invoke(app, ["--db", db, "cadence", "A1", "--by", "week", "--show-records", first["period"], "-f", "json"])
    assert r.exit_code == 0, r.output
    recs = json.loads(r.stdout)["records"]
    assert len(recs) == first["total"] and all(x["src_file"] == "synthetic" for x in recs)
    out = tmp_path / "cal.html"
    r = run.invoke(app, ["--db", db, "cadence", "A1", "--by", "day", "--chart", str(out), "-f", "json"])
    assert r.exit_code == 0 and "echarts" in out.read_text(encoding="utf-8").lower()
    r = run.invoke(app, ["--db", db, "cadence", "nobody-here"])
    assert r.exit_code == 4 and "unknown account" in r.output
