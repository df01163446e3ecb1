"""CLI and store side of the sentiment feature, on SYNTHETIC texts and stores (no real data needed):
``yuqing nlp classify`` keeps input order, ``yuqing nlp train`` works on a tiny synthetic set, bad training files
give a clear error, ``yuqing sentiment`` is idempotent and ``yuqing mood`` aggregates with evidence."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from yuqing.analyses.mood import Mood
from yuqing.cli import get_app
from yuqing.nlp.sentiment import load_model
from yuqing.nlp.sentiment._api import scores_to_records
from yuqing.store import Store, open_store
from yuqing.store.schema import POSTS

runner = CliRunner()

# SYNTHETIC texts written for these tests
POS_ZH = ["这款手机太好用了，非常喜欢", "服务很好，开心", "好棒的车，赞一个", "质量不错，满意"]
NEG_ZH = ["太失望了，质量很差", "垃圾产品，气死我了", "难过，又坏了", "太差劲了，再也不买"]


def cli(*args: str, input: str | None = None) -> Any:
    res = runner.invoke(get_app(), list(args), input=input, env={"COLUMNS": "400"})
    return res


def test_classify_keeps_input_order(tmp_path: Path) -> None:
    lines = [*POS_ZH, "", *NEG_ZH, *reversed(POS_ZH)]
    f = tmp_path / "in.txt"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cli("nlp", "classify", "zh-polarity", str(f), "--batch", "3")
    assert res.exit_code == 0, res.output
    got = [json.loads(x) for x in res.output.splitlines()]
    assert len(got) == len(lines)
    model, _ = load_model("zh-polarity")
    for text, rec in zip(lines, got, strict=True):  # each line scored alone gives the same record
        assert rec == scores_to_records(model, [text])[0]
    assert set(got[0]["scores"]) == {"negative", "neutral", "positive"}
    # stdin works the same
    res2 = cli("nlp", "classify", "zh-polarity", "-", input="\n".join(lines) + "\n")
    assert [json.loads(x) for x in res2.output.splitlines()] == got


def test_classify_stance_needs_target(tmp_path: Path) -> None:
    f = tmp_path / "s.txt"
    f.write_text("支持开放二胎\n", encoding="utf-8")
    bad = cli("nlp", "classify", "zh-stance", str(f))
    assert bad.exit_code != 0 and "s.txt:1: zh-stance needs" in bad.output
    ok = cli("nlp", "classify", "zh-stance", str(f), "--target", "开放二胎")
    assert ok.exit_code == 0 and set(json.loads(ok.output)["scores"]) == {"FAVOR", "AGAINST", "NONE"}


def test_train_tiny_synthetic_set(tmp_path: Path) -> None:
    data = tmp_path / "synthetic.csv"
    rows = ["text,label"] + [f"{t},positive" for t in POS_ZH * 3] + [f"{t},negative" for t in NEG_ZH * 3]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    res = cli("nlp", "train", "zh-polarity", "--data", str(data), "--out", str(tmp_path / "m"), "-f", "json")
    assert res.exit_code == 0, res.output
    info = json.loads(res.output)
    assert info["n_train"] == 24 and info["labels"] == {"negative": 12, "positive": 12}
    model_file = tmp_path / "m" / "zh-polarity.npz"
    probe = tmp_path / "probe.txt"
    probe.write_text("\n".join([POS_ZH[0], NEG_ZH[0]]) + "\n", encoding="utf-8")
    out = cli("nlp", "classify", "zh-polarity", str(probe), "--model", str(model_file))
    labels = [json.loads(x)["label"] for x in out.output.splitlines()]
    assert labels == ["positive", "negative"]


def test_train_bad_file_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好", "label": "positive"}\n{"text": "坏"}\n', encoding="utf-8")
    res = cli("nlp", "train", "zh-polarity", "--data", str(bad), "--out", str(tmp_path))
    assert res.exit_code != 0
    assert "bad.jsonl:2: missing 'text' or 'label'" in res.output
    res = cli("nlp", "train", "zh-polarty", "--out", str(tmp_path))
    assert res.exit_code != 0 and "zh-polarity" in res.output


def _posts(store: Store) -> None:
    """A SYNTHETIC root post with comments over two local days."""
    base = datetime(2026, 3, 1, 2, 0)
    rows: list[dict[str, Any]] = [{"platform": "weibo", "post_id": "R1", "kind": "post", "account_id": "L1",
                                   "account_name": "合成领袖", "created_at": base, "text": "新车发布了", "likes": 9}]
    texts = POS_ZH + NEG_ZH + ["great car, love it", "terrible, worst launch"]
    for i, t in enumerate(texts):
        rows.append({"platform": "weibo", "post_id": f"C{i}", "kind": "comment", "account_id": f"u{i}",
                     "account_name": f"用户{i}", "created_at": base + timedelta(hours=20 * (i % 2)), "text": t,
                     "parent_id": "R1", "root_id": "R1", "likes": i})
    full = []
    for i, r in enumerate(rows, 1):
        d = dict.fromkeys(POSTS.column_names)
        d.update({"src_file": "synthetic", "src_line": i, "importer": "test", "importer_version": "1",
                  "import_id": "t", "imported_at": base, "raw": "synthetic", **r})
        full.append(d)
    with store.transaction():
        store.insert_new(POSTS, pa.Table.from_pylist(full, schema=POSTS.arrow_schema()))


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "s.duckdb")
    store = open_store(path)
    _posts(store)
    store.close()
    return path


def test_sentiment_is_idempotent_and_mood_aggregates(db: str) -> None:
    first = cli("--db", db, "sentiment", "-f", "json")
    assert first.exit_code == 0, first.output
    d1 = json.loads(first.output)
    assert d1["selected"] == 11 and d1["scored"]["en-polarity"] == 2 and d1["scored"]["zh-polarity"] == 9
    again = json.loads(cli("--db", db, "sentiment", "-f", "json").output)
    assert again["selected"] == 0
    store = open_store(db)
    try:
        assert store.fetchall("SELECT count(*) FROM post_sentiment")[0][0] == 11
        res = Mood(target="post:R1").run(store)
        assert res.data["scored_now"] == 0  # everything came from post_sentiment
        assert [r["volume"] for r in res.rows] == [5, 5] and res.data["volume"] == 10
        labels = dict(store.fetchall("SELECT post_id, label FROM post_sentiment"))
        neg = [f"C{i}" for i in range(10) if labels[f"C{i}"] == "negative"]
        assert res.data["share_negative"] == round(len(neg) / 10, 4)
        most_liked_neg = max(neg, key=lambda p: int(p[1:]))  # likes = index
        assert res.evidence["top:negative"][0] == f"posts/weibo/{most_liked_neg}"
        by_account = Mood(target="合成领袖").run(store)
        assert by_account.data["kind"] == "account" and by_account.data["volume"] == 10
        text = Mood(target="text:质量", weight="likes").run(store)
        assert text.data["volume"] == 2 and "weighted_mean" in text.rows[0]
    finally:
        store.close()
    out = cli("--db", db, "mood", "R1", "--by", "month", "-f", "json")
    assert out.exit_code == 0, out.output
    assert [(p["period"], p["volume"]) for p in json.loads(out.output)["periods"]] == [("2026-03-01", 10)]


def test_mood_empty_and_errors(db: str) -> None:
    store = open_store(db)
    try:
        res = Mood(target="text:没有这个词").run(store)
        assert res.rows == [] and res.data["volume"] == 0 and res.data["mean"] is None
    finally:
        store.close()
    bad = cli("--db", db, "mood", "R1", "--by", "year")
    assert bad.exit_code != 0 and "day, week or month" in bad.output


def test_mood_targets_on_every_backend(any_store: Store) -> None:
    """post / account / text targets select the same texts on DuckDB and PostgreSQL (SYNTHETIC posts)."""
    _posts(any_store)
    assert Mood(target="post:R1").run(any_store).data["volume"] == 10
    acc = Mood(target="account:合成领袖").run(any_store)
    assert acc.data["kind"] == "account" and acc.data["volume"] == 10
    own = Mood(target="L1", scope="own").run(any_store)
    assert own.data["kind"] == "account" and own.data["volume"] == 1
    assert Mood(target="text:太").run(any_store).data["volume"] == 3
