"""The Arrow fast path of ``jsonl_posts`` stores exactly what the per-record path stores (SYNTHETIC data).

Every comparison ingests the same file twice into fresh stores, once with ``-o fast=0`` (the per-record
reference) and once with the fast path, and compares every table row for row (all columns but the import id
and time), the quarantine included.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yuqing.sources import _ingest, ingest_file
from yuqing.sources._mapped_arrow import PY_SPACES, supported
from yuqing.sources.mapped import parse_mapping
from yuqing.store import Store, open_store

# more examples for a deeper local search: YUQING_FUZZ_EXAMPLES=2000 pytest ...
_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "25"))

pytestmark = pytest.mark.xdist_group("sources_fastpath")

MAP = ("post_id:id,text:text,created_at:created_at,account_id:uid,account_name:uname,kind:kind,parent_id:pid,"
       "root_id:rid,likes:likes,reposts:reposts,comments:comments,lang:lang")
TABLES = ("posts", "accounts", "follower_snapshots", "quarantine")


_STORES: dict[str, Store] = {}
_N = iter(range(1 << 30))


def _store(fast: str) -> Store:
    """One in-memory store per path, shared by all tests here; each ingest uses its own platform name."""
    if fast not in _STORES:
        _STORES[fast] = open_store(":memory:")
    return _STORES[fast]


def _dump(store: Store, import_id: str) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for t in TABLES:
        cols = [c for (c,) in store.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [t])
            if c not in ("import_id", "imported_at")]
        out[t] = sorted(store.fetchall(f"SELECT {', '.join(cols)} FROM {t} WHERE import_id = ?", [import_id]),
                        key=repr)
    return out


def _both(tmp: Path, f: Path, **opts: Any) -> tuple[dict[str, Any], dict[str, Any], Any, Any]:
    platform = f"synthetic{next(_N)}"
    res = []
    for fast in ("0", "1"):
        s = _store(fast)
        r = ingest_file(s, f, "jsonl_posts", {"map": MAP, "platform": platform, "fast": fast, **opts})
        res.append((_dump(s, r.import_id), r))
    (slow, rs), (fast_, rf) = res
    return slow, fast_, rs, rf


def _rec(i: int, **kw: Any) -> dict[str, Any]:
    base = {"id": f"syn{i}", "text": f"[synthetic] {i}", "created_at": f"2026-03-{1 + i % 28:02d} 10:{i % 60:02d}:00",
            "uid": 100 + i % 7, "uname": f"user{i % 7}", "kind": ("post", "repost", "comment")[i % 3],
            "pid": None if i % 3 == 0 else f"syn{i // 3}", "likes": i, "reposts": 2 * i, "comments": 0, "lang": "zh"}
    base.update(kw)
    return base


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_clean_file_takes_the_fast_path_and_matches(tmp_path: Path) -> None:
    f = _write(tmp_path / "a.jsonl", [json.dumps(_rec(i), ensure_ascii=False) for i in range(300)]
               + [json.dumps(_rec(5))])  # a duplicate post
    slow, fast, rs, rf = _both(tmp_path, f, block_bytes=4096)
    assert slow == fast
    assert rs.as_dict() | {"import_id": None} == rf.as_dict() | {"import_id": None}
    assert (rf.read, rf.stored, rf.duplicate, rf.quarantined) == (301, 300, 1, 0)
    assert len(fast["accounts"]) == 7


def test_fast_path_is_really_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from yuqing.sources import mapped

    f = _write(tmp_path / "b.jsonl", [json.dumps(_rec(i)) for i in range(50)])
    monkeypatch.setattr(mapped, "guarded", lambda *a: pytest.fail("per-record path used"))
    s = open_store(str(tmp_path / "b.duckdb"))
    try:
        r = ingest_file(s, f, "jsonl_posts", {"map": MAP, "platform": "synthetic"})
        assert r.stored == 50
        assert s.fetchall("SELECT created_at, tz, raw FROM posts WHERE post_id = 'syn1'") == [
            (__import__("datetime").datetime(2026, 3, 2, 2, 1), "+08:00", json.dumps(_rec(1)))]
    finally:
        s.close()


def test_supported_mappings() -> None:
    assert supported(parse_mapping(MAP), {})
    assert not supported(parse_mapping(MAP), {"fast": "0"})
    assert not supported(parse_mapping("text:t"), {})  # hash ids need the per-record path
    assert not supported(parse_mapping("post_id:id,text:t,topics:tags"), {})
    assert not supported(parse_mapping("post_id:id,text:user.text"), {})


def test_py_spaces_are_exactly_what_python_strips() -> None:
    assert set(PY_SPACES) == {chr(i) for i in range(0x110000) if chr(i).isspace()}


def test_gzip_truncated_mid_file_matches(tmp_path: Path) -> None:
    data = gzip.compress("".join(json.dumps(_rec(i)) + "\n" for i in range(1500)).encode())
    f = tmp_path / "t.jsonl.gz"
    f.write_bytes(data[: len(data) * 2 // 3])
    slow, fast, rs, rf = _both(tmp_path, f, block_bytes=32768)
    assert slow == fast
    assert rf.quarantined >= 1 and rf.read == rs.read


@pytest.mark.parametrize("lines", [['{"id": "x1"} {"id": "x2"}', ""], ['{"id": "x1"} {"id": "x2"}', " "],
                                   ["", '{"id": "x1"} {"id": "x2"}']])
def test_two_documents_on_a_line_next_to_a_blank_line_match(tmp_path: Path, lines: list[str]) -> None:
    """Found by CI: a trailing empty line hid the extra row of a two-document line from the row-count check."""
    slow, fast, _, rf = _both(tmp_path, _write(tmp_path / "two.jsonl", lines), block_bytes=1 << 20)
    assert slow == fast
    assert rf.quarantined == 1 and rf.stored == 0


ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 2**65), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", " ", "\u3000", "\x1c", " x", "123.0", "a b", "2026-02-30 10:00:00", "2026-03-28T12:00:00Z",
                     "2026-03-28 24:00:00", "2026-03-28 10:00", "0999-01-01 00:00:00", "9999-12-31 23:59:59",
                     "Repost", "reply", "POST", "weird", "1.2万", "null"]),
    st.text(max_size=6), st.lists(st.integers(), max_size=2), st.dictionaries(st.sampled_from("ab"), st.integers()))
FIELDS = ("id", "text", "created_at", "uid", "uname", "kind", "pid", "rid", "likes", "reposts", "comments", "lang",
          "other")
LINE = st.one_of(
    st.integers(0, 10_000).map(lambda i: json.dumps(_rec(i))),
    st.tuples(st.integers(0, 50), st.dictionaries(st.sampled_from(FIELDS), ODD, max_size=3)).map(
        lambda t: json.dumps(_rec(t[0], **t[1]), ensure_ascii=bool(t[0] % 2))),
    st.sampled_from(["", "  ", "{broken", "[1, 2]", '{"id": "x1"} {"id": "x2"}', '{"id": "d", "id": "e", "text": "t"}',
                     '{"id": "nan", "likes": NaN, "text": "t"}']),
)
ENDING = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(LINE, min_size=1, max_size=40), crlf=st.lists(st.booleans(), max_size=40),
       bad_byte=st.booleans(), block=st.sampled_from([64, 700, 1 << 20]), group=st.sampled_from([1, 3, 10**6]),
       workers=st.sampled_from([1, 2]), granule=st.sampled_from([0, 2, 5]))
def test_random_files_fast_equals_record_path(tmp_path_factory: pytest.TempPathFactory, lines: list[str],
                                              crlf: list[bool], bad_byte: bool, block: int, group: int,
                                              workers: int, granule: int) -> None:
    """``group``: rows of consecutive Blocks inserted together; ``workers``: threads parsing blocks;
    ``granule``: the store's row group size (rows beyond a multiple of it wait for the next insert)."""
    d = tmp_path_factory.mktemp("fp")
    data = b"".join(line.encode() + (b"\r\n" if i < len(crlf) and crlf[i] else b"\n") for i, line in enumerate(lines))
    if bad_byte:
        data = data[: len(data) // 2] + b"\xff" + data[len(data) // 2:]
    f = d / "r.jsonl"
    f.write_bytes(data)
    saved, _ingest.BLOCK_GROUP_ROWS = _ingest.BLOCK_GROUP_ROWS, group
    _store("1").insert_granule = granule
    try:
        slow, fast, rs, rf = _both(d, f, block_bytes=block, workers=workers)
    finally:
        _ingest.BLOCK_GROUP_ROWS = saved
        del _store("1").insert_granule
    assert slow == fast
    for k in ("read", "stored", "duplicate", "quarantined", "tables"):
        assert getattr(rs, k) == getattr(rf, k), k


@pytest.mark.parametrize(("group", "granule"), [(1, 0), (2, 0), (10**6, 0), (4, 3), (7, 2)])
def test_grouped_blocks_keep_first_occurrence_across_blocks_and_fallbacks(tmp_path: Path, group: int, granule: int,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Duplicated ids in later blocks and a block that needs the record path between fast ones: the first line
    of each id is stored, whatever the grouping of the inserts."""
    lines = [json.dumps(_rec(i)) for i in range(40)]
    lines[25] = json.dumps(_rec(25, likes="1.2万"))  # this block falls back to the per-record path
    lines += [json.dumps(_rec(i, text="[synthetic] later copy")) for i in (3, 25, 39)]
    monkeypatch.setattr(_ingest, "BLOCK_GROUP_ROWS", group)
    monkeypatch.setattr(_store("1"), "insert_granule", granule, raising=False)
    slow, fast, _rs, rf = _both(tmp_path, _write(tmp_path / "dups.jsonl", lines), block_bytes=600)
    assert slow == fast
    assert (rf.read, rf.stored, rf.duplicate) == (43, 40, 3)
    texts = {r[1]: r[7] for r in fast["posts"]}
    assert texts["syn3"] == "[synthetic] 3" and texts["syn39"] == "[synthetic] 39"


@pytest.mark.parametrize(("block_bytes", "whole"), [(1 << 20, False), (1 << 22, True)])
def test_grouped_blocks_are_written_as_whole_duckdb_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               block_bytes: int, whole: bool) -> None:
    """Grouped blocks are inserted in multiples of DuckDB's row group (122,880 rows; the rest waits for the
    next insert), as one contiguous table or, when the blocks were read as whole row groups of lines (4 MB
    blocks of these short lines), as they are: as committed (before any checkpoint) every row group but the
    last is full, none is left partial for the checkpoint to rewrite (docs/ingest.md)."""
    n = 300_000
    f = tmp_path / "many.jsonl"
    f.write_bytes(b"".join(b'{"id":"s%d","uid":%d}\n' % (i, i % 50) for i in range(n)))
    monkeypatch.setattr(_ingest, "BLOCK_GROUP_ROWS", 130_000)  # three inserts, each leaving rows for the next
    seen: list[bool] = []  # for the posts inserts (the author rows are few; theirs are copied together)
    real = _ingest._whole_units

    def spy(data: Any, granule: int) -> bool:
        if "post_id" in data.column_names:
            seen.append(real(data, granule))
        return real(data, granule)

    monkeypatch.setattr(_ingest, "_whole_units", spy)
    s = open_store(str(tmp_path / "rg.duckdb"))
    try:
        r = ingest_file(s, f, "jsonl_posts", {"map": "post_id:id,text:t,account_id:uid", "platform": "synthetic",
                                              "block_bytes": block_bytes})
        assert seen and set(seen) == {whole}
        assert (r.stored, r.tables["accounts (secondary)"]) == (n, {"stored": 50, "duplicate": n - 50})
        sizes = s.fetchall("SELECT row_group_id, max(count) FROM pragma_storage_info('posts') GROUP BY ALL ORDER BY 1")
        assert [c for _, c in sizes] == [122_880, 122_880, n - 2 * 122_880]
        assert s.fetchall("SELECT count(*), count(DISTINCT post_id), min(src_line), max(src_line) FROM posts") \
            == [(n, n, 1, n)]
    finally:
        s.close()


def test_raw_records_are_stored_with_zstd(tmp_path: Path) -> None:
    """``raw`` uses DuckDB's zstd compression (cheaper to write and smaller than its default for JSON lines)."""
    f = _write(tmp_path / "z.jsonl", [json.dumps(_rec(i)) for i in range(2000)])
    s = open_store(str(tmp_path / "z.duckdb"))
    try:
        ingest_file(s, f, "jsonl_posts", {"map": MAP, "platform": "synthetic"})
        s.execute("CHECKPOINT")
        comp = s.fetchall("SELECT DISTINCT compression FROM pragma_storage_info('posts') "
                          "WHERE column_name = 'raw' AND segment_type = 'VARCHAR'")
        assert comp == [("ZSTD",)]
        assert s.fetchall("SELECT raw FROM posts WHERE src_line = 7") == [(json.dumps(_rec(6)),)]
    finally:
        s.close()


def test_posts_without_authors_report_no_accounts_line(tmp_path: Path) -> None:
    """No author anywhere: both paths report only ``posts`` (the fast path once added an empty accounts line)."""
    f = _write(tmp_path / "anon.jsonl", [json.dumps({"id": f"syn{i}", "text": "[synthetic]"}) for i in range(3)])
    slow, fast, rs, rf = _both(tmp_path, f)
    assert slow == fast
    assert rs.tables == rf.tables == {"posts": {"stored": 3, "duplicate": 0}}


def test_ingest_prefers_jemalloc_unless_a_pool_was_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrow's pool becomes jemalloc for an import (fewer page faults than mimalloc's eager release), but a pool
    named in ``ARROW_DEFAULT_MEMORY_POOL`` is left alone."""
    import pyarrow as pa

    try:
        jemalloc = pa.jemalloc_memory_pool()
    except NotImplementedError:
        pytest.skip("this pyarrow has no jemalloc")
    saved = pa.default_memory_pool()
    try:
        pa.set_memory_pool(pa.system_memory_pool())
        monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
        _ingest._prefer_jemalloc()
        assert pa.default_memory_pool().backend_name == "system"
        monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
        _ingest._prefer_jemalloc()
        assert pa.default_memory_pool().backend_name == jemalloc.backend_name == "jemalloc"
    finally:
        pa.set_memory_pool(saved)
