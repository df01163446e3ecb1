"""Store basics on both backends: migration, bulk insert with de-duplication, atomic transactions."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import pyarrow as pa
import pytest

from tests.conftest import shared
from yuqing.sources import ingest_file
from yuqing.store import Store
from yuqing.store.schema import PRICES


def _prices(rows: list[tuple[str, date, float]]) -> pa.Table:
    n = len(rows)
    return pa.table(
        {
            "symbol": [r[0] for r in rows],
            "date": [r[1] for r in rows],
            "close": [r[2] for r in rows],
            "adjustment": ["none"] * n,
            "src_file": ["f.csv"] * n,
            "src_line": list(range(1, n + 1)),
            "raw": ["x"] * n,
        }
    )


def _full(t: pa.Table) -> pa.Table:
    for f in PRICES.arrow_schema():
        if f.name not in t.column_names:
            t = t.append_column(f.name, pa.nulls(t.num_rows, f.type))
    return t


def test_migrate_creates_every_table(any_store: Store) -> None:
    counts = any_store.counts()
    for name in ("accounts", "posts", "follower_snapshots", "trending", "articles", "prices", "metrics",
                 "events", "quarantine", "imports"):
        assert counts[name] == 0
    assert any_store.migrate() == []  # idempotent


def test_insert_new_skips_duplicates_within_and_across_batches(any_store: Store) -> None:
    d = date(2025, 11, 18)
    with any_store.transaction():
        n = any_store.insert_new(PRICES, _full(_prices([("A", d, 1.0), ("A", d, 2.0), ("B", d, 3.0)])))
    assert n == 2
    with any_store.transaction():
        n2 = any_store.insert_new(PRICES, _full(_prices([("A", d, 9.0), ("C", d, 4.0)])))
    assert n2 == 1
    rows = any_store.fetchall("SELECT symbol, close FROM prices ORDER BY symbol")
    assert rows == [("A", 1.0), ("B", 3.0), ("C", 4.0)]  # first occurrence wins


_ORDER = "SELECT current_setting('preserve_insertion_order')"


class _NotingConnection:
    """A store's DuckDB connection that notes the order setting at each INSERT (and can fail it)."""

    def __init__(self, con: Any, fail: bool = False) -> None:
        self.con, self.fail = con, fail
        self.seen: list[bool] = []

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.startswith("INSERT INTO prices"):
            self.seen.append(self.con.execute(_ORDER).fetchone()[0])
            if self.fail:
                raise RuntimeError("simulated failure of the insert")
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


@pytest.mark.parametrize("fail", [False, True])
def test_duckdb_insert_lets_rows_go_in_any_order_only_while_it_runs(duck: Store, fail: bool) -> None:
    """A bulk insert lets DuckDB's threads write rows in any order (cheaper; no reader relies on the order of
    a table's rows) and leaves the connection's setting as it was, also when the insert fails."""
    real = duck.con  # type: ignore[attr-defined]
    noting = duck.con = _NotingConnection(real, fail)  # type: ignore[attr-defined]
    try:
        with duck.transaction():
            n = duck.insert_new(PRICES, _full(_prices([("A", date(2025, 11, 18), 1.0)])))
        assert not fail and n == 1
    except RuntimeError:
        assert fail
    finally:
        duck.con = real  # type: ignore[attr-defined]
    assert noting.seen == [False]
    assert duck.fetchall(_ORDER) == [(True,)]


def test_transaction_rolls_back_on_error(any_store: Store) -> None:
    d = date(2025, 1, 2)
    with pytest.raises(RuntimeError), any_store.transaction():
        any_store.insert_new(PRICES, _full(_prices([("X", d, 1.0)])))
        raise RuntimeError("boom")
    assert any_store.counts()["prices"] == 0


def test_real_prices_on_both_backends(any_store: Store) -> None:
    path = shared("market/1810.HK_yahoo_daily_*.csv")
    rep = ingest_file(any_store, path)
    assert rep.importer == "yahoo_csv"
    assert rep.read == rep.stored == 1285 and rep.quarantined == 0
    close = any_store.fetchall("SELECT close FROM prices WHERE symbol = '1810.HK' AND date = '2025-11-18'")
    assert close and round(close[0][0], 2) == 40.78
    again = ingest_file(any_store, path)
    assert (again.stored, again.duplicate) == (0, 1285)
    # the imports table names the file by its content (hashed in a thread of its own during the import)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert any_store.fetchall("SELECT DISTINCT sha256 FROM imports WHERE src_file = ?", [str(path)]) == [(digest,)]
    t = any_store.table("prices")
    assert int(t.filter(t.symbol == "1810.HK").count().execute()) == 1285
