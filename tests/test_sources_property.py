"""Property tests over EVERY registered importer (``yuqing.sources.importers()``, so importers added later are
covered too): random records and mutated files never crash an importer, and the ingest accounting is exact.

All data here is generated (SYNTHETIC) or a mutation of the synthetic fixtures in tests/fixtures/.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yuqing.core import InputError, UsageError
from yuqing.sources import Importer, Rec, Reject, importers, ingest_file
from yuqing.store import Store, open_store
from yuqing.store.schema import TABLES

# more examples for a deeper local search: YUQING_FUZZ_EXAMPLES=2000 pytest ...
_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "25"))

pytestmark = pytest.mark.xdist_group("sources_property")

FX = Path(__file__).parent / "fixtures"
FIXTURES = sorted(p for p in FX.rglob("*") if p.is_file() and p.name != "README.md")
_counter = itertools.count()

# field names the importers look at (theirs and common ones), so random records reach the real code paths
KEYS = sorted({
    "id", "_id", "bid", "mid", "mblogid", "text", "content", "title", "desc", "created_at", "create_time", "time",
    "user_id", "user", "nick_name", "nickname", "screen_name", "comment_user", "reply_comment", "retweet",
    "retweet_id", "is_retweet", "note_id", "aweme_id", "comment_id", "parent_comment_id", "creator_hash",
    "liked_count", "comments_count", "comment_count", "shared_count", "share_count", "fans", "follows",
    "followers_count", "friends_count", "statuses_count", "attitudes_count", "reposts_count", "like_counts",
    "last_modify_ts", "crawl_time", "ip_location", "tag_list", "data", "includes", "author_id", "author",
    "conversation_id", "referenced_tweets", "public_metrics", "entities", "table", "row", "yuqing",
    "正文", "日期", "完整日期", "点赞数", "评论数", "转发数", "是否原创", "源微博id", "用户id", "昵称", "粉丝数",
    "微博正文", "用户昵称", "发布时间", "Date", "Open", "High", "Low", "Close", "Volume", "date", "close",
})
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True),
    st.sampled_from(["", "1.2万", "10万+", "3亿", "-", "赞", "0", "True", "False", "2026-03-28 20:00:00",
                     "2026-03-28T12:00:00.000Z", "Tue Mar 31 10:00:00 +0800 2025", "昨天 12:00", "5分钟前",
                     "1743163200", "1743163200000", "not a date", "发布于 北京", "\x00", "\ufeff", '"', "\n"]),
    st.text(max_size=12),
)
JSONV = st.recursive(VALUES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)), max_leaves=8)
RECORD = st.dictionaries(st.sampled_from(KEYS), JSONV, max_size=10)


def _options(name: str) -> dict[str, Any]:
    if name in ("csv_posts", "jsonl_posts"):
        return {"map": "post_id:id,text:text,created_at:created_at,likes:点赞数,account_id:user_id,kind:kind"}
    return {}


def _write(path: Path, records: list[dict[str, Any]], suffix: str) -> None:
    if suffix in (".csv", ".tsv"):
        keys = sorted({k for r in records for k in r})
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(keys)
        for r in records:
            w.writerow(["" if r.get(k) is None else r.get(k) for k in keys])
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif suffix == ".json":
        doc: Any = records if len(records) % 2 else {"user": records[0] if records else {}, "weibo": records}
        path.write_text(json.dumps(doc, default=str, ensure_ascii=False), encoding="utf-8")
    elif suffix in (".db", ".sqlite", ".sqlite3"):
        con = sqlite3.connect(path)
        for t in ("user", "weibo", "comments", "reposts"):
            cols = sorted({k.lower() for r in records for k in r if k.isidentifier()}) or ["id"]
            quoted = ", ".join('"' + c + '"' for c in cols)
            con.execute(f'CREATE TABLE "{t}" ({quoted})')
            for r in records:
                low = {k.lower(): v for k, v in r.items()}
                vals = [v if isinstance(v, str | float | type(None)) or (isinstance(v, int) and abs(v) < 2**63)
                        else str(v) for v in (low.get(c) for c in cols)]
                con.execute(f'INSERT INTO "{t}" VALUES ({", ".join("?" * len(cols))})', vals)
        con.commit()
        con.close()
    else:
        path.write_text("".join(json.dumps(r, default=str, ensure_ascii=False) + "\n" for r in records),
                        encoding="utf-8")


def _drain(cls: type[Importer], path: Path) -> list[Rec | Reject]:
    """Read with the importer directly: only Rec/Reject, or a clean whole-file InputError / UsageError."""
    out: list[Rec | Reject] = []
    try:
        for item in cls(**_options(cls.name)).read(path):
            assert isinstance(item, Rec | Reject), f"{cls.name} yielded {type(item).__name__}"
            if isinstance(item, Rec):
                assert item.table in TABLES, f"{cls.name}: unknown table {item.table}"
                assert isinstance(item.line, int) and isinstance(item.raw, str)
            else:
                assert item.reason, f"{cls.name}: reject without a reason"
            out.append(item)
    except (InputError, UsageError) as exc:
        assert str(exc)
        return []
    return out


def _bad_value(table: str, rec: Rec) -> bool:
    """Independent re-implementation of the pipeline's checks: a key missing or a value of the wrong type."""
    t = TABLES[table]
    if any(rec.row.get(k) in (None, "") for k in t.key):
        return True
    schema = t.arrow_schema()
    for c, v in rec.row.items():
        if c in schema.names:
            try:
                pa.array([v], type=schema.field(c).type)
            except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError):
                return True
    return False


def _check_accounting(store: Store, cls: type[Importer], path: Path, items: list[Rec | Reject]) -> None:
    try:
        rep = ingest_file(store, path, cls.name, _options(cls.name))
    except (InputError, UsageError):
        return
    assert rep.read == rep.stored + rep.duplicate + rep.quarantined
    primary_ok = sum(1 for i in items if isinstance(i, Rec) and i.primary and not _bad_value(i.table, i))
    expected_q = sum(1 for i in items if isinstance(i, Reject) or _bad_value(i.table, i))
    assert rep.stored + rep.duplicate == primary_ok, (cls.name, rep.as_dict())
    assert rep.quarantined == expected_q, (cls.name, rep.as_dict())
    q = store.fetchall("SELECT src_file, src_line, raw, reason FROM quarantine WHERE import_id = ?", [rep.import_id])
    assert len(q) == rep.quarantined
    assert all(f == str(path) and line >= 0 and raw is not None and reason for f, line, raw, reason in q)
    stored_rows = sum(v["stored"] for v in rep.tables.values())
    in_db = sum(store.fetchall(f"SELECT count(*) FROM {t} WHERE import_id = ?", [rep.import_id])[0][0]
                for t in {k.split(" ")[0] for k in rep.tables})
    assert in_db == stored_rows
    again = ingest_file(store, path, cls.name, _options(cls.name))
    assert again.stored == 0 and sum(v["stored"] for v in again.tables.values()) == 0


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = open_store(str(tmp_path_factory.mktemp("prop") / "p.duckdb"))
    yield s
    s.close()


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(records=st.lists(RECORD, min_size=1, max_size=5), pick=st.integers(0, 10_000))
def test_random_records_every_importer(tmp_path_factory: pytest.TempPathFactory, store: Store,
                                       records: list[dict[str, Any]], pick: int) -> None:
    regs = list(importers().values())
    d = tmp_path_factory.mktemp("rand")
    for i, cls in enumerate(regs):
        suffix = (cls.suffixes or (".jsonl",))[0]
        path = d / f"r{next(_counter)}{suffix}"
        _write(path, records, suffix)
        items = _drain(cls, path)
        if i == pick % len(regs):
            _check_accounting(store, cls, path, items)


MUTATIONS = ("truncate", "insert", "dup_line", "drop_line", "garbage_line", "flip")


def _mutate(data: bytes, how: str, pos: int, junk: bytes) -> bytes:
    if not data:
        return junk
    p = pos % len(data)
    lines = data.split(b"\n")
    li = pos % len(lines)
    if how == "truncate":
        return data[:p]
    if how == "insert":
        return data[:p] + junk + data[p:]
    if how == "dup_line":
        return b"\n".join(lines[: li + 1] + lines[li:])
    if how == "drop_line":
        return b"\n".join(lines[:li] + lines[li + 1:])
    if how == "garbage_line":
        return b"\n".join([*lines[:li], junk, *lines[li + 1:]])
    return data[:p] + bytes([data[p] ^ 0xFF]) + data[p + 1:]


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(fx=st.sampled_from(FIXTURES), how=st.sampled_from(MUTATIONS), pos=st.integers(0, 1 << 20),
       junk=st.binary(max_size=40), pick=st.integers(0, 10_000))
def test_mutated_files_every_importer(tmp_path_factory: pytest.TempPathFactory, store: Store, fx: Path, how: str,
                                      pos: int, junk: bytes, pick: int) -> None:
    d = tmp_path_factory.mktemp("mut")
    path = d / f"m{next(_counter)}_{fx.name}"
    path.write_bytes(_mutate(fx.read_bytes(), how, pos, junk))
    regs = list(importers().values())
    for i, cls in enumerate(regs):
        items = _drain(cls, path)
        if i == pick % len(regs):
            _check_accounting(store, cls, path, items)
