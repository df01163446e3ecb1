"""DuckDB's key-hash check in ``insert_new``: a batch of new, distinct keys goes in without the anti-join, and
what is stored is exactly what the exact de-duplication stores (store/_key_hashes.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuqing.store import Store, open_store
from yuqing.store._key_hashes import KeyHashes
from yuqing.store.duckdb_backend import DuckDBStore
from yuqing.store.schema import ACCOUNTS, PRICES, Table

_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "25"))


def _accounts(ids: list[str], first_line: int = 1, name: str = "n") -> pa.Table:
    n = len(ids)
    cols: dict[str, Any] = {f.name: pa.nulls(n, f.type) for f in ACCOUNTS.arrow_schema()}
    cols.update(platform=pa.array(["weibo"] * n), account_id=pa.array(ids),
                name=pa.array([f"{name}{i}" for i in range(n)]),
                src_file=pa.array(["f.jsonl"] * n), src_line=pa.array(range(first_line, first_line + n), pa.int64()),
                raw=pa.array([f"{{\"id\":\"{a}\"}}" for a in ids]))
    return pa.table(cols, schema=ACCOUNTS.arrow_schema())


def _stored(store: Store) -> list[tuple[Any, ...]]:
    return store.fetchall("SELECT account_id, name, src_line FROM accounts ORDER BY account_id, src_line")


class _Spy:
    """Counts the batches that took the exact path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.exact = 0
        real = DuckDBStore._insert_new_exact

        def exact(store: DuckDBStore, *a: Any) -> Any:
            self.exact += 1
            return real(store, *a)

        monkeypatch.setattr(DuckDBStore, "_insert_new_exact", exact)


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[DuckDBStore]:
    """A DuckDB store whose batches of 2 rows or more take the key-hash check."""
    s = open_store(str(tmp_path / "k.duckdb"))
    assert isinstance(s, DuckDBStore)
    monkeypatch.setattr(s, "insert_granule", 2)
    try:
        yield s
    finally:
        s.close()


def test_new_distinct_keys_skip_the_exact_path(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    with small.transaction():
        assert small.insert_new(ACCOUNTS, _accounts(["a", "b", "c"])) == 3
        assert small.insert_new(ACCOUNTS, _accounts(["d", "e"], 4)) == 2
    assert spy.exact == 0
    assert [r[0] for r in _stored(small)] == ["a", "b", "c", "d", "e"]


def test_a_key_seen_before_takes_the_exact_path(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    with small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b"]))
    spy = _Spy(monkeypatch)
    with small.transaction():
        # stored by an earlier transaction: the hashes are loaded from the table
        assert small.insert_new(ACCOUNTS, _accounts(["b", "c"], 10, "x")) == 1
        # stored earlier in this transaction, and a repeat inside the batch: the first line wins
        assert small.insert_new(ACCOUNTS, _accounts(["c", "d", "d"], 20, "y")) == 1
    assert spy.exact == 2
    assert _stored(small) == [("a", "n0", 1), ("b", "n1", 2), ("c", "x1", 11), ("d", "y1", 21)]


@pytest.mark.parametrize("how", ["append", "execute"])
def test_keys_written_around_insert_new_are_not_missed(small: DuckDBStore, how: str) -> None:
    """A write that bypasses insert_new drops the held hashes, so the next batch is checked against the table."""
    with small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b"]))
        if how == "append":
            small.append(ACCOUNTS, _accounts(["c"], 5))
        else:
            small.execute("INSERT INTO accounts (platform, account_id, src_line) VALUES ('weibo', 'c', 5)")
        assert small.insert_new(ACCOUNTS, _accounts(["c", "d"], 7)) == 1
    assert [r[0] for r in _stored(small)] == ["a", "b", "c", "d"]


def test_hashes_end_with_the_transaction(small: DuckDBStore) -> None:
    with pytest.raises(RuntimeError), small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b"]))
        raise RuntimeError("roll back")
    assert small._key_hashes == {}
    with small.transaction():
        assert small.insert_new(ACCOUNTS, _accounts(["a", "b"])) == 2  # the rolled-back keys are not held
    assert small._key_hashes == {}


def test_colliding_hashes_fall_back_to_the_exact_path(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two different keys with one hash: the exact path stores both."""
    monkeypatch.setattr(DuckDBStore, "_key_hash_query",
                        lambda self, table, source: np.zeros(len(self.fetchall(f"SELECT 1 FROM {source}")),
                                                             dtype=np.uint64))
    spy = _Spy(monkeypatch)
    with small.transaction():
        assert small.insert_new(ACCOUNTS, _accounts(["a", "b"])) == 2
        assert small.insert_new(ACCOUNTS, _accounts(["c", "d"], 3)) == 2
    assert spy.exact == 2
    assert [r[0] for r in _stored(small)] == ["a", "b", "c", "d"]


def test_no_hash_check_under_a_collation(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under NOCASE, 'A' equals 'a' but hashes differently: the exact path decides."""
    small.execute("SET default_collation = 'nocase'")
    spy = _Spy(monkeypatch)
    with small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b"]))
        assert small.insert_new(ACCOUNTS, _accounts(["A", "c"], 3)) == 1
    assert spy.exact == 2


def test_float_keys_and_small_batches_take_the_exact_path(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = _Spy(monkeypatch)
    d = date(2025, 11, 18)
    prices = pa.table({"symbol": ["A", "B"], "date": [d, d], "close": [1.0, 2.0], "adjustment": ["none"] * 2,
                       "src_file": ["p.csv"] * 2, "src_line": [1, 2], "raw": ["x", "y"]})
    prices = pa.table({f.name: prices.column(f.name) if f.name in prices.column_names else pa.nulls(2, f.type)
                       for f in PRICES.arrow_schema()})
    monkeypatch.setattr(small, "insert_granule", 3)
    with small.transaction():
        small.insert_new(PRICES, prices)  # 2 rows < 3: no hashes loaded for a small import
        small.insert_new(ACCOUNTS, _accounts(["a"]))
    assert spy.exact == 2
    assert small._key_hashes == {}


@settings(max_examples=_EXAMPLES, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefgh"), min_size=0, max_size=6), min_size=1, max_size=6),
       st.sets(st.sampled_from("abcdefgh"), max_size=4), st.integers(1, 4))
def test_same_rows_as_the_exact_path(batches: list[list[str]], before: set[str], granule: int) -> None:
    """Any sequence of batches (with keys stored before, repeated across and within batches) stores the
    same rows and counts as a store whose every batch takes the exact path."""
    import tempfile

    results = []
    for check in (True, False):
        with tempfile.TemporaryDirectory() as d:
            s = open_store(os.path.join(d, "p.duckdb"))
            assert isinstance(s, DuckDBStore)
            s.insert_granule = granule
            if not check:
                s._held_key_hashes = lambda *a: None  # type: ignore[method-assign]
            try:
                if before:
                    with s.transaction():
                        s.insert_new(ACCOUNTS, _accounts(sorted(before), 1000, "old"))
                counts = []
                with s.transaction():
                    line = 1
                    for ids in batches:
                        counts.append(s.insert_new(ACCOUNTS, _accounts(ids, line)))
                        line += len(ids)
                results.append((counts, _stored(s)))
            finally:
                s.close()
    assert results[0] == results[1]


@settings(max_examples=_EXAMPLES, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=30), max_size=12), st.lists(st.integers(0, 40), max_size=30))
def test_key_hashes_behave_as_a_set(adds: list[list[int]], probe: list[int]) -> None:
    kh = KeyHashes(np.array([], dtype=np.uint64))
    ref: set[int] = set()
    for a in adds:
        kh.add(np.array(a, dtype=np.uint64))
        ref.update(a)
    assert len(kh) == sum(len(a) for a in adds)
    expect = len(set(probe)) == len(probe) and not (set(probe) & ref)
    assert kh.fresh(np.array(probe, dtype=np.uint64)) == expect
    assert len(kh._runs) <= max(1, int(np.log2(max(len(kh), 1))) + 1)


def test_a_table_over_the_limit_takes_the_exact_path(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """No more hashes are held than ``key_hash_limit``; past it the table is checked exactly, without
    reading its keys again for every batch."""
    monkeypatch.setattr(small, "key_hash_limit", 5)
    with small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b"]))
    loads: list[str] = []
    real = DuckDBStore._key_hash_query

    def counted(self: DuckDBStore, table: Table, source: str) -> np.ndarray:
        loads.append(source)
        return real(self, table, source)

    monkeypatch.setattr(DuckDBStore, "_key_hash_query", counted)
    spy = _Spy(monkeypatch)
    with small.transaction():
        assert small.insert_new(ACCOUNTS, _accounts(["c", "d", "e"], 10)) == 3  # 2 stored + 3: at the limit
        assert small.insert_new(ACCOUNTS, _accounts(["f", "a"], 20)) == 1  # 7 > 5: off from here on
        assert small.insert_new(ACCOUNTS, _accounts(["g", "h"], 30)) == 2
    assert spy.exact == 2
    assert loads.count("accounts") == 1  # the table's keys were read once
    assert [r[0] for r in _stored(small)] == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_a_larger_table_is_read_at_the_second_large_batch(small: DuckDBStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """One large batch into a table holding more keys takes the exact path (reading the keys would cost as
    much); the second large batch of the transaction reads them, its own rows included."""
    with small.transaction():
        small.insert_new(ACCOUNTS, _accounts(["a", "b", "c", "d"]))
    spy = _Spy(monkeypatch)
    with small.transaction():
        assert small.insert_new(ACCOUNTS, _accounts(["e", "f"], 10)) == 2   # 4 stored > 2 brought: exact path
        assert small.insert_new(ACCOUNTS, _accounts(["g", "e"], 20)) == 1   # hashes read, "e" among them
        assert small.insert_new(ACCOUNTS, _accounts(["h", "i"], 30)) == 2   # new and distinct: no exact path
    assert spy.exact == 2
    assert [r[0] for r in _stored(small)] == list("abcdefghi")
