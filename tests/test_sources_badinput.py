"""Bad input through the whole pipeline (SYNTHETIC data): bad dates, missing ids, broken JSON lines, GB18030,
truncated files, an importer failing mid-file (atomic rollback) and re-imports, on both backends."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from yuqing.core import InputError
from yuqing.sources import Importer, Rec, Reject, ingest_file
from yuqing.store import Store

HEADER = "id,bid,user_id,用户昵称,微博正文,转发数,评论数,点赞数,发布时间,retweet_id\n"


def _row(i: int, when: str = "2026-03-28 20:00", pid: str | None = None) -> str:
    return f"{pid if pid is not None else 5500000000000000 + i},b{i},100{i},合成用户{i},[合成数据] 第{i}条,0,0,{i},{when},\n"


def _counts(store: Store) -> dict[str, int]:
    return {t: store.fetchall(f"SELECT count(*) FROM {t}")[0][0]
            for t in ("posts", "accounts", "quarantine", "imports", "follower_snapshots")}


def _quarantine(store: Store) -> list[tuple[int, str, str]]:
    return [(r[0], r[1], r[2]) for r in store.fetchall("SELECT src_line, reason, raw FROM quarantine ORDER BY 1")]


def test_bad_dates_and_missing_ids_are_quarantined(any_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "search.csv"
    f.write_text(HEADER + _row(1) + _row(2, when="不是日期") + _row(3, pid="") + _row(4, when="2026-13-45 99:00"),
                 encoding="utf-8")
    r = ingest_file(any_store, f)
    assert r.importer == "weibo_search_csv"
    assert (r.read, r.stored, r.duplicate, r.quarantined) == (4, 1, 0, 3)
    q = _quarantine(any_store)
    assert [line for line, _, _ in q] == [3, 4, 5]
    assert "发布时间" in q[0][1] and "不是日期" in q[0][1]
    assert "missing post_id" in q[1][1]
    assert q[0][2] == _row(2, when="不是日期").rstrip("\n")  # the raw line, exactly
    assert any_store.fetchall("SELECT src_file FROM quarantine") == [(str(f),)] * 3


def test_broken_json_lines_are_quarantined_with_their_line(any_store: Store, tmp_path: Path) -> None:
    good = '{"_id": "1", "mblogid": "A", "created_at": "2026-03-28 20:00:00", "content": "[合成数据]", "user": {}}'
    f = tmp_path / "tweet_spider.jsonl"
    f.write_text("\n".join([good, '{"_id": "2", "mblogid": ', "", "[1, 2]", good.replace('"1"', '"3"'),
                            '{"_id": "4", "mblogid": "B", "created_at": "2026-02-30 00:00:00"}']) + "\n",
                 encoding="utf-8")
    r = ingest_file(any_store, f)
    assert r.importer == "weibospider"
    assert (r.read, r.stored, r.quarantined) == (5, 2, 3)
    q = _quarantine(any_store)
    assert [line for line, _, _ in q] == [2, 4, 6]
    assert q[0][1].startswith("broken JSON") and q[0][2] == '{"_id": "2", "mblogid": '
    assert "expected a JSON object" in q[1][1]


def test_gb18030_csv_is_read_and_a_stray_bad_line_quarantined(duck: Store, tmp_path: Path) -> None:
    f = tmp_path / "gbk.csv"
    body = (HEADER + _row(1) + _row(2)).encode("gb18030") + b"\xff\xfe\xff broken\n" + _row(3).encode("gb18030")
    f.write_bytes(body)
    r = ingest_file(duck, f)
    assert r.importer == "weibo_search_csv"
    assert (r.read, r.stored, r.quarantined) == (4, 3, 1)
    assert sorted(n for (n,) in duck.fetchall("SELECT account_name FROM posts")) == ["合成用户1", "合成用户2", "合成用户3"]
    (line, reason, _raw), = _quarantine(duck)
    assert line == 4 and "gb18030" in reason


def test_truncated_gzip_keeps_what_was_read_and_quarantines_the_rest(duck: Store, tmp_path: Path) -> None:
    rows = "".join(_row(i) for i in range(1, 2001))
    data = gzip.compress((HEADER + rows).encode("utf-8"))
    f = tmp_path / "cut.csv.gz"
    f.write_bytes(data[: len(data) // 2])
    r = ingest_file(duck, f)
    assert r.importer == "weibo_search_csv"
    assert r.quarantined >= 1 and 0 < r.stored < 2000
    assert any("truncated or corrupt" in reason for _, reason, _ in _quarantine(duck))
    assert r.read == r.stored + r.duplicate + r.quarantined


def test_csv_ending_in_an_open_quote(duck: Store, tmp_path: Path) -> None:
    f = tmp_path / "open.csv"
    f.write_text(HEADER + _row(1) + '5500000000000009,b9,1009,合成,"[合成数据] 没有结束的引号\n还在引号里', encoding="utf-8")
    r = ingest_file(duck, f)
    assert (r.read, r.stored, r.quarantined) == (2, 1, 1)
    (line, reason, raw), = _quarantine(duck)
    assert line == 3 and "quoted field" in reason and raw.endswith("还在引号里")


class _Exploding(Importer):
    """SYNTHETIC importer: yields good rows, a reject, then fails with an unexpected error mid-file."""

    name = "exploding_test"
    suffixes: ClassVar[tuple[str, ...]] = (".txt",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        for i in range(1, 6):
            yield Rec("posts", {"platform": "test", "post_id": str(i), "kind": "post", "text": "x"}, i, "x")
        yield Reject(6, "bad", "synthetic reject")
        raise RuntimeError("disk on fire")


def test_failed_import_leaves_the_store_as_it_was(any_store: Store, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "ok.csv"
    f.write_text(HEADER + _row(1), encoding="utf-8")
    ingest_file(any_store, f)
    before = _counts(any_store)
    import yuqing.sources._ingest as ing
    from yuqing.sources._base import get_importer as real  # what ``_ingest`` imports and calls

    monkeypatch.setattr(ing, "get_importer", lambda name: _Exploding if name == "exploding_test" else real(name))
    bad = tmp_path / "boom.txt"
    bad.write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ingest_file(any_store, bad, "exploding_test")
    assert exc.value.path == str(bad) and exc.value.line == 7 and "disk on fire" in exc.value.reason
    assert _counts(any_store) == before
    # the store is still usable afterwards
    g = tmp_path / "ok2.csv"
    g.write_text(HEADER + _row(2), encoding="utf-8")
    assert ingest_file(any_store, g).stored == 1


def test_reimport_stores_nothing_twice(any_store: Store, tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(HEADER + "".join(_row(i) for i in range(1, 6)) + _row(6, when="bad"), encoding="utf-8")
    first = ingest_file(any_store, f)
    assert (first.stored, first.duplicate, first.quarantined) == (5, 0, 1)
    n = _counts(any_store)
    second = ingest_file(any_store, f)
    assert (second.read, second.stored, second.duplicate, second.quarantined) == (6, 0, 5, 1)
    after = _counts(any_store)
    assert after["posts"] == n["posts"] and after["accounts"] == n["accounts"]
    assert after["imports"] == n["imports"] + 1  # every import is recorded, with its own accounting
    rows: list[Any] = any_store.fetchall("SELECT n_read, n_stored, n_duplicate, n_quarantined FROM imports "
                                         "ORDER BY started_at")
    assert [tuple(r) for r in rows] == [(6, 5, 0, 1), (6, 0, 5, 1)]


def test_empty_and_header_only_files(duck: Store, tmp_path: Path) -> None:
    f = tmp_path / "h.csv"
    f.write_text(HEADER, encoding="utf-8")
    r = ingest_file(duck, f, "weibo_search_csv")
    assert (r.read, r.stored, r.quarantined) == (0, 0, 0)
    e = tmp_path / "e.jsonl"
    e.write_text("", encoding="utf-8")
    for fmt in ("weibospider", "twarc2_jsonl", "mediacrawler"):
        assert ingest_file(duck, e, fmt).read == 0


def test_unreadable_whole_files_are_input_errors(duck: Store, tmp_path: Path) -> None:
    db = tmp_path / "weibodata.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
    with pytest.raises(InputError, match="SQLite"):
        ingest_file(duck, db, "weibo_crawler_sqlite")
    js = tmp_path / "1.json"
    js.write_text('{"user": {"id": "1"}, "weibo": [{"id": ', encoding="utf-8")
    with pytest.raises(InputError, match="broken JSON document") as exc:
        ingest_file(duck, js, "weibo_crawler_json")
    assert exc.value.line == 1
    assert _counts(duck)["imports"] == 0
