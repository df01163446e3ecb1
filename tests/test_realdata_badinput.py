"""Bad input in the real-data formats (SYNTHETIC files): each bad record is quarantined with its line and reason,
the good ones are stored, and empty files give empty results."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from yuqing.sources import ingest_file
from yuqing.store import Store

HOT = "date,rank,title,category,hot_value,last_updated,display_time_unix\n"
IRA = "author_id,content,region,language,publish_date,harvested_date,following,followers,updates,post_type,retweet\n"


def _reasons(store: Store) -> list[tuple[int, str]]:
    return [(int(n), str(r)) for n, r in store.fetchall("SELECT src_line, reason FROM quarantine ORDER BY src_line")]


def test_hot_search_bad_rows(duck: Store, tmp_path: Path) -> None:
    p = tmp_path / "hot.csv"
    p.write_text(HOT + "2025-04-01,1,合成标题,暂无,100,2025-04-01 11:28 PM,1743521301\n"
                 "2025-04-01,x,坏排名,社会,100,,\n"
                 "2025-13-01,2,坏日期,社会,100,,\n"
                 "2025-04-01,3,坏热度,社会,很多,,\n", encoding="utf-8")
    r = ingest_file(duck, p)
    assert (r.read, r.stored, r.quarantined) == (4, 1, 3)
    got = _reasons(duck)
    assert [n for n, _ in got] == [3, 4, 5]
    assert "rank" in got[0][1] and "date" in got[1][1] and "hot_value" in got[2][1]


def test_hot_search_empty_file(duck: Store, tmp_path: Path) -> None:
    p = tmp_path / "hot.csv"
    p.write_text(HOT, encoding="utf-8")
    r = ingest_file(duck, p)
    assert (r.read, r.stored, r.quarantined) == (0, 0, 0)


def test_ced_bad_lines(duck: Store, tmp_path: Path) -> None:
    p = tmp_path / "ced.jsonl.gz"
    good = {"file": "1_AbCdEfGhI_123.json", "label": "rumor",
            "original": {"text": "合成", "time": 1347334462, "user": "empty", "likes": 0, "reposts": 1, "comments": 0},
            "reposts": [{"mid": "AbCdEfGhJ", "uid": "9", "parent": "", "text": "", "date": "2012-09-16 15:05:11"},
                        {"mid": "AbCdEfGhK", "uid": "9", "parent": "", "text": "", "date": "昨天"}]}
    bad_name = {**good, "file": "nonsense.json", "reposts": []}
    with gzip.open(p, "wt", encoding="utf-8") as w:
        w.write(json.dumps(good, ensure_ascii=False) + "\n")
        w.write(json.dumps(bad_name) + "\n")
        w.write("{broken\n")
    r = ingest_file(duck, p, fmt="ced_jsonl")
    assert (r.stored, r.quarantined) == (2, 3)
    reasons = _reasons(duck)
    assert reasons[0][0] == 1 and "AbCdEfGhK" in reasons[0][1]
    assert reasons[1] == (2, "source post: file 'nonsense.json' is not '<n>_<mid>_<uid>.json'")
    assert reasons[2][0] == 3 and "broken JSON" in reasons[2][1]
    assert duck.fetchall("SELECT parent_id, root_id FROM posts WHERE kind = 'repost'") == [("AbCdEfGhI", "AbCdEfGhI")]


@pytest.mark.parametrize("when", ["2017-13-01 00:00:00", "yesterday"])
def test_ira_bad_date(duck: Store, tmp_path: Path, when: str) -> None:
    p = tmp_path / "ira.csv"
    p.write_text(IRA + "synthetic_a,hello,Unknown,English,2017-09-07 19:52:00,,0,0,1,,0\n"
                 f"synthetic_a,hello,Unknown,English,{when},,0,0,1,,0\n", encoding="utf-8")
    r = ingest_file(duck, p)
    assert (r.stored, r.quarantined) == (1, 1)
    assert _reasons(duck) == [(3, f"publish_date: {when!r} is not a date/time")]


def test_followers_bad_values(duck: Store, tmp_path: Path) -> None:
    p = tmp_path / "log.json"
    p.write_text(json.dumps({"weibo_uid": "u1", "records": [{"date": "2026-01-01", "weibo": 5},
                                                             {"date": "bad", "weibo": 6},
                                                             {"date": "2026-01-03", "weibo": "many"}]}),
                 encoding="utf-8")
    r = ingest_file(duck, p)
    assert (r.stored, r.quarantined) == (1, 2)
    assert [n for n, _ in _reasons(duck)] == [2, 3]
