"""Real Weibo data (../shared/data/weibo): hot-search lists (CSV, Markdown, LBH523 subsets) and the comments CSV.

Large files are sampled into tmp files at test time; nothing derived from the data is written to the repository.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tests.conftest import shared
from yuqing.sources import detect_format, ingest_file
from yuqing.store import Store

HOT = "weibo/hot_search/weibo_hot_search_daily_*.csv"
DAYS = ("2025-03-31", "2025-04-01", "2025-04-02")


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        (HOT, "weibo_hot_search_csv"),
        ("weibo/hot_search/raw_md/2025-04-01.md", "weibo_hot_search_md"),
        ("weibo/hot_search/xiaomi_keyword_hot_searches_lbh523.csv", "weibo_hot_search_subset_csv"),
        ("weibo/hot_search/xiaomi_hot_search_sentiment_lbh523.csv", "weibo_hot_sentiment_csv"),
        ("weibo/comments/weibo_comments_post*.csv", "weibo_comments_csv"),
    ],
)
def test_detects_real_file(rel: str, name: str) -> None:
    assert detect_format(shared(rel)).name == name


def _hot_sample(tmp_path: Path) -> Path:
    """Header + the rows of three days of the real daily CSV (a tmp file, deleted with tmp_path)."""
    src = shared(HOT)
    out = tmp_path / "hot_sample.csv"
    with open(src, encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as w:
        w.write(next(fh))
        for line in fh:
            if line.startswith(DAYS):
                w.write(line)
    return out


def test_hot_search_csv_and_markdown_agree(duck: Store, tmp_path: Path) -> None:
    sample = _hot_sample(tmp_path)
    r = ingest_file(duck, sample)
    assert r.importer == "weibo_hot_search_csv"
    assert r.quarantined == 0 and r.stored == r.read > 1000
    row = duck.fetchall(
        "SELECT rank, heat, category, tz, list_time, shown_at FROM trending "
        "WHERE platform = 'weibo' AND list_date = ? AND title = ?", [date(2025, 4, 1), "雷军回应"])
    # rank 1 with heat 18,905,925; list captured 2025-04-01 11:28 PM CST; entry shown at unix 1743521301
    assert row == [(1, 18905925, None, "+08:00", datetime(2025, 4, 1, 15, 28), datetime(2025, 4, 1, 15, 28, 21))]
    again = ingest_file(duck, sample)
    assert (again.stored, again.duplicate) == (0, r.read)
    # the verbatim Markdown list of the same day holds the same 426 entries: all duplicates of the CSV rows
    md = ingest_file(duck, shared("weibo/hot_search/raw_md/2025-04-01.md"))
    assert (md.read, md.stored, md.duplicate, md.quarantined) == (426, 0, 426, 0)


def test_hot_search_markdown_alone(duck: Store) -> None:
    r = ingest_file(duck, shared("weibo/hot_search/raw_md/2025-04-04.md"))
    assert r.quarantined == 0 and r.stored == r.read
    # an entry written without a category (`256. [金善禹 发型](...)  - 137703`) is read with a null category
    assert duck.fetchall("SELECT title, category, heat FROM trending WHERE rank = 256") == [("金善禹 发型", None, 137703)]
    (n,) = duck.fetchall("SELECT count(*) FROM trending WHERE list_date = ?", [date(2025, 4, 4)])[0]
    assert n == r.stored


def test_hot_search_lbh523_subsets(duck: Store) -> None:
    sub = ingest_file(duck, shared("weibo/hot_search/xiaomi_keyword_hot_searches_lbh523.csv"))
    assert (sub.read, sub.stored, sub.quarantined) == (840, 840, 0)
    sent = ingest_file(duck, shared("weibo/hot_search/xiaomi_hot_search_sentiment_lbh523.csv"))
    assert sent.quarantined == 0
    rows = dict(duck.fetchall("SELECT series, count(*) FROM metrics GROUP BY series"))
    assert rows["weibo_hot_search_sentiment"] == 334
    assert rows["weibo_hot_search_sentiment_ewma7"] == 334
    (v,) = duck.fetchall("SELECT value FROM metrics WHERE series = 'weibo_hot_search_sentiment_ewma7' "
                         "AND entity = '小米' AND period_start = ?", [date(2024, 5, 22)])[0]
    assert v == pytest.approx(-0.3867)


def test_comments_csv(any_store: Store) -> None:
    path = shared("weibo/comments/weibo_comments_post*.csv")
    r = ingest_file(any_store, path)
    assert (r.read, r.stored, r.quarantined) == (4573, 4573, 0)
    rows = any_store.fetchall(
        "SELECT count(*), count(DISTINCT parent_id), min(parent_id), min(root_id), min(kind), max(kind), "
        "sum(CASE WHEN created_at < ? THEN 1 ELSE 0 END) FROM posts", [datetime(2024, 3, 30, 16)])
    # day one (2024-03-30 CST) ends at 16:00 UTC
    assert rows == [(4573, 1, "5017599890950579", "5017599890950579", "comment", "comment", 1400)]
    first = any_store.fetchall("SELECT account_name, likes, created_at, tz, src_line FROM posts "
                               "ORDER BY src_line LIMIT 1")
    assert first == [("SupremeWow", 3025, datetime(2024, 3, 30, 4, 22), "+08:00", 2)]
    again = ingest_file(any_store, path)
    assert (again.stored, again.duplicate) == (0, 4573)


def test_comments_need_a_post_id(duck: Store, tmp_path: Path) -> None:
    from yuqing.core import InputError

    p = tmp_path / "comments.csv"
    p.write_text("username,content,likecount,date\nsynthetic,合成,1,2024/3/30 12:22\n", encoding="utf-8")
    with pytest.raises(InputError, match="post_id"):
        ingest_file(duck, p, fmt="weibo_comments_csv")
    r = ingest_file(duck, p, fmt="weibo_comments_csv", options={"post_id": "42"})
    assert r.stored == 1
    assert duck.fetchall("SELECT parent_id, root_id FROM posts") == [("42", "42")]
