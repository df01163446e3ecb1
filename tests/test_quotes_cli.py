"""``yuqing quotes trace`` and ``yuqing quotes archive`` on a store built from SYNTHETIC posts and an article
written for these tests (fictional CEO 周明 / Zhou Ming of 火星科技); JSON shape, evidence, errors, empty ranges,
and the embedding cache table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from yuqing.analyses.quote_archive import QuoteArchive
from yuqing.analyses.quote_trace import QuoteTrace
from yuqing.cli import get_app
from yuqing.core import NotFoundError, UsageError
from yuqing.sources import ingest_file
from yuqing.store import Store, open_store

POSTS = [  # synthetic
    ("p1", "2025-03-01T09:00:00+08:00", "安全是基础和前提，对于一辆车来说，颜值是第一位的。"),
    ("p2", "2025-03-05T20:00:00+08:00", "火星一号的售价是21.59万元，我们已经尽力了，希望大家理解。"),
    ("p3", "2025-04-02T12:00:00+08:00", "智能化是汽车的灵魂，传统车企很难追上我们。"),
]
ARTICLE = {  # synthetic
    "article_id": "syn-q1",
    "title": "Huoxing battery plans (synthetic)",
    "outlet": "Outlet Q",
    "published_at": "2025-04-10T10:00:00+08:00",
    "lang": "en",
    "body": "Huoxing CEO Zhou Ming spoke on Thursday.\n"
    'Zhou Ming said: "We will never cut corners on battery safety, whatever the cost."\n'
    "Analysts were not convinced.",
}


def _write(tmp: Path) -> Path:
    p = tmp / "quotes.jsonl"
    lines = [orjson.dumps({"yuqing": "native", "version": 1, "synthetic": True})]
    for pid, ts, text in POSTS:
        row: dict[str, Any] = {"platform": "weibo", "post_id": pid, "account_id": "u1", "account_name": "周明",
                               "created_at": ts, "text": text, "kind": "post"}
        lines.append(orjson.dumps({"table": "posts", "row": row}))
    lines.append(orjson.dumps({"table": "articles", "row": ARTICLE}))
    p.write_bytes(b"\n".join(lines) + b"\n")
    return p


@pytest.fixture
def qstore(duck: Store, tmp_path: Path) -> Store:
    ingest_file(duck, _write(tmp_path))
    return duck


def test_trace_json_shape_and_evidence(qstore: Store) -> None:
    res = QuoteTrace(claim="对于一辆车来说，颜值是第一位的", speaker="周明", aliases=("Zhou Ming",),
                     embedder="none").run(qstore)
    d = res.data
    assert d["verdict"] == "truncated" and d["sources"] == ["posts/weibo/p1"]
    c = d["candidates"][0]
    assert {"rank", "record", "anchor", "kind", "speaker", "date", "platform", "lang", "statement", "passage",
            "match", "marked", "similarity", "verdict", "reason", "translated", "changes", "omitted"} <= set(c)
    assert c["marked"] == "安全是基础和前提，[[对于一辆车来说，颜值是第一位的]]。"
    assert str(c["date"]).startswith("2025-03-01 01:00")  # naive UTC
    assert res.evidence["verdict"] == ["posts/weibo/p1"]
    assert d["archive_size"] == 4  # three posts and one quotation in the article


def test_trace_finds_quote_in_article_with_anchor(qstore: Store) -> None:
    res = QuoteTrace(claim="We will always cut corners on battery safety", speaker="周明", aliases=("Zhou Ming",),
                     embedder="none").run(qstore)
    c = res.data["candidates"][0]
    assert res.data["verdict"] == "altered" and c["record"] == "articles/syn-q1" and c["kind"] == "quote"
    assert c["anchor"] and c["passage"].startswith("Zhou Ming said:")
    assert res.data["sources"] == [f"articles/syn-q1#{c['anchor']}"]


def test_trace_cross_language_caches_embeddings(qstore: Store) -> None:
    res = QuoteTrace(claim="Smart technology is the soul of a car", speaker="周明", embedder="use").run(qstore)
    assert res.data["candidates"][0]["record"] == "posts/weibo/p3" and res.data["candidates"][0]["translated"]
    n = qstore.fetchall("SELECT count(*) FROM quote_embeddings")[0][0]
    assert n >= len(POSTS)
    QuoteTrace(claim="Smart technology is the soul of a car", speaker="周明", embedder="use").run(qstore)
    assert qstore.fetchall("SELECT count(*) FROM quote_embeddings")[0][0] == n  # served from the cache


def test_archive_lists_statements_with_dates(qstore: Store) -> None:
    d = QuoteArchive(speaker="周明", aliases=("Zhou Ming",)).run(qstore).data
    assert d["count"] == 4 and d["by_kind"] == {"post": 3, "quote": 1}
    assert [s["record"] for s in d["statements"]] == ["posts/weibo/p1", "posts/weibo/p2", "posts/weibo/p3",
                                                      "articles/syn-q1"]


def test_errors_and_empty(qstore: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        QuoteTrace(claim="  ", speaker="周明").run(qstore)
    with pytest.raises(NotFoundError):
        QuoteTrace(claim="anything", speaker="无此人").run(qstore)
    with pytest.raises(UsageError):
        QuoteTrace(claim="anything", speaker="周明", embedder="bert").run(qstore)
    empty = open_store(str(tmp_path / "empty.duckdb"))
    try:
        d = QuoteTrace(claim="anything", embedder="none").run(empty).data
        assert d["verdict"] == "not_found" and d["candidates"] == [] and d["archive_size"] == 0
        assert QuoteArchive().run(empty).data["statements"] == []
    finally:
        empty.close()


def test_cli_trace_and_archive(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()
    r = runner.invoke(get_app(), ["--db", db, "ingest", str(_write(tmp_path))])
    assert r.exit_code == 0, r.output
    r = runner.invoke(get_app(), ["--db", db, "quotes", "trace", "火星一号的售价是25.99万元", "--speaker", "周明",
                                  "--embedder", "none", "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["verdict"] == "altered" and {"kind": "number", "claim": "25.99", "original": "21.59"} in d[
        "candidates"][0]["changes"]
    r = runner.invoke(get_app(), ["--db", db, "quotes", "archive", "周明", "-f", "csv"])
    assert r.exit_code == 0 and r.stdout.count("posts/weibo/") == 3
    r = runner.invoke(get_app(), ["--db", db, "quotes", "trace", "x", "--speaker", "无此人"])
    assert r.exit_code != 0 and "无此人" in r.output
