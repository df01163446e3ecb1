"""Timeline merging and the extract/timeline commands, on SYNTHETIC articles written for these tests
(fictional company "Acme Motors" / 艾克米汽车 and its CEO Jane Doe)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner, Result

from yuqing.analyses.timeline import Timeline
from yuqing.cli import get_app
from yuqing.sources import ingest_file
from yuqing.store import Store, open_store

ARTICLES = [
    {
        "article_id": "syn-a1",
        "title": "Acme recalls Z3 cars (synthetic)",
        "outlet": "Outlet A",
        "published_at": "2025-09-20T10:00:00+08:00",
        "lang": "en",
        "body": "On September 19th, Acme Motors announced the recall of nearly 117,000 Z3 vehicles. "
        "Acme Motors' share price was HK$40.78 on September 19th. "
        '"We will fix every car without charge," Jane Doe said.',
    },
    {
        "article_id": "syn-a2",
        "title": "Z3 recall (synthetic)",
        "outlet": "Outlet B",
        "published_at": "2025-09-21T10:00:00+08:00",
        "lang": "en",
        "body": "Acme Motors recalled 117,000 Z3 cars on September 19th, citing a software fault. "
        "Acme Motors' share price was HK$41.10 on September 19th. "
        'Jane Doe, the CEO of Acme Motors, said: "We will fix every car without charge."',
    },
    {
        "article_id": "syn-a3",
        "title": "艾克米汽车召回Z3（合成）",
        "outlet": "Outlet C",
        "published_at": "2025-09-22T10:00:00+08:00",
        "lang": "zh",
        "body": "9月19日，艾克米汽车宣布召回11.7万辆Z3汽车。",
    },
    {
        "article_id": "syn-a4",
        "title": "Other news (synthetic)",
        "outlet": "Outlet D",
        "published_at": "2024-05-02T10:00:00+08:00",
        "lang": "en",
        "body": "On April 30th, Borealis Foods opened a plant. Its revenue was $12 million last year.",
    },
]


def _write(tmp: Path) -> Path:
    p = tmp / "articles.jsonl"
    lines = [orjson.dumps({"yuqing": "native", "version": 1, "synthetic": True})]
    lines += [
        orjson.dumps({"table": "articles", "row": {**a, "published_precision": "day"}}) for a in ARTICLES
    ]
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


@pytest.fixture
def news_store(any_store: Store, tmp_path: Path) -> Store:
    ingest_file(any_store, _write(tmp_path))
    return any_store


def test_same_event_from_three_outlets_is_one_entry(news_store: Store) -> None:
    res = Timeline(entity="Acme Motors", aliases=("艾克米汽车",)).run(news_store)
    events = [e for e in res.data["entries"] if e["type"] == "event" and e["date"] == "2025-09-19"]
    # two events that day: the recall (three outlets, one in Chinese) and the share price (two outlets)
    assert len(events) == 2
    recall = next(e for e in events if "recall" in e["text"])
    assert sorted(s["article"] for s in recall["sources"]) == ["syn-a1", "syn-a2", "syn-a3"]
    price = next(e for e in events if "share price" in e["text"])
    assert sorted(s["article"] for s in price["sources"]) == ["syn-a1", "syn-a2"]
    events = [recall]
    assert not any("Borealis" in str(e) for e in res.data["entries"])
    i = res.data["entries"].index(events[0])
    assert "articles/syn-a3" in res.evidence[f"entry[{i}]"]
    # not extracted with --stored yet: evidence cites only the articles, never rows that do not exist
    assert all(r.startswith("articles/") for refs in res.evidence.values() for r in refs)


def test_conflicting_figures_side_by_side_not_averaged(news_store: Store) -> None:
    res = Timeline(entity="Acme Motors").run(news_store)
    prices = [e for e in res.data["entries"] if e["type"] == "figure" and e["metric"] == "share price"]
    assert len(prices) == 1
    p = prices[0]
    assert p["conflict"] is True and p["distinct_values"] == [40.78, 41.1]
    assert {v["article"] for v in p["values"]} == {"syn-a1", "syn-a2"}
    recall = [e for e in res.data["entries"] if e["type"] == "figure" and e["metric"] == "recall"]
    assert recall and recall[0]["conflict"] is False  # 117,000 both times


def test_quotes_merge_across_outlets_and_date_bounds(news_store: Store) -> None:
    res = Timeline(entity="Jane Doe").run(news_store)
    quotes = [e for e in res.data["entries"] if e["type"] == "quote"]
    assert len(quotes) == 1 and len(quotes[0]["sources"]) == 2 and quotes[0]["date"] == "2025-09-20"
    late = Timeline(entity="Acme Motors", since="2025-10-01").run(news_store)
    assert late.data["entries"] == [] and late.rows == []


def test_empty_store_gives_empty_timeline(any_store: Store) -> None:
    res = Timeline(entity="Nobody").run(any_store)
    assert res.data["entries"] == [] and res.chart is None


runner = CliRunner()


def _cli(*args: str) -> Result:
    return runner.invoke(get_app(), list(args))


def test_extract_file_json_shape(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Acme news (synthetic)\n\n2025-09-20\n\n" + ARTICLES[0]["body"], encoding="utf-8")
    r = _cli("extract", str(f), "-f", "json")
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["published"] == "2025-09-20"
    assert {"date", "precision", "text", "entities", "source"} <= set(doc["events"][0])
    assert {"entity", "metric", "value", "unit", "date", "source"} <= set(doc["figures"][0])
    assert {"speaker", "text", "source", "kind"} <= set(doc["quotes"][0])
    assert doc["quotes"][0]["speaker"] == "Jane Doe"


def test_extract_stored_saves_once_and_timeline_chart(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    assert _cli("--db", db, "ingest", str(_write(tmp_path))).exit_code == 0
    for _ in range(2):  # a second run replaces, never duplicates
        r = _cli("--db", db, "extract", "--stored", "-f", "json")
        assert r.exit_code == 0, r.output
    docs = json.loads(r.stdout)
    assert len(docs) == 4
    s = open_store(db)
    try:
        n_items = sum(len(d["events"]) + len(d["figures"]) + len(d["quotes"]) for d in docs)
        assert s.fetchall("SELECT count(*) FROM news_extractions")[0][0] == n_items
        ev = s.fetchall("SELECT evidence FROM events WHERE origin = 'extract'")
        want = sum(
            1 for d in docs for e in d["events"] if e["precision"] == "day" and not e["date"].startswith("--")
        )
        assert len(ev) == want > 0
        assert all(json.loads(e[0])[0].startswith("articles/") for e in ev)
    finally:
        s.close()
    out = tmp_path / "tl.html"
    r = _cli("--db", db, "timeline", "Acme Motors", "--chart", str(out), "--evidence", "-f", "json")
    assert r.exit_code == 0, r.output
    tl = json.loads(r.stdout)
    refs = {x for v in tl["evidence"].values() for x in v}
    assert any(x.startswith("news_extractions/syn-a1/") for x in refs)
    assert out.exists() and "echarts" in out.read_text(encoding="utf-8").lower()
    r = _cli("--db", db, "extract", "syn-a9")
    assert r.exit_code != 0 and "syn-a" in r.output
