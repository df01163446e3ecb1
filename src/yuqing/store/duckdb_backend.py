"""DuckDB backend: the embedded default store (one file, one writing process)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from yuqing.errors import StoreError, StoreLockedError
from yuqing.store.base import Store
from yuqing.store.schema import Table

_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<proc>.*?) \(PID (?P<pid>\d+)\)")


class DuckDBStore(Store):
    dialect = "duckdb"
    insert_granule = 122_880  # DuckDB's row group size

    def __init__(self, path: str, read_only: bool = False) -> None:
        self.url = path
        self.read_only = read_only
        if path != ":memory:":
            parent = os.path.dirname(os.path.abspath(path))
            if not read_only:
                os.makedirs(parent, exist_ok=True)
            elif not os.path.exists(path):
                raise StoreError(f"store {path!r} does not exist (run `yuqing ingest` or `make demo` first)")
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            raise _translate_lock(path, exc) from exc
        self.con.execute("SET TimeZone='UTC'").fetchall()
        self._ibis: Any = None
        self._depth = 0

    def close(self) -> None:
        self.con.close()

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None:
        self.con.execute(sql, list(params)).fetchall()

    def fetchall(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()

    def fetch_arrow(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> pa.Table:
        res = self.con.execute(sql, list(params))
        return res.to_arrow_table() if hasattr(res, "to_arrow_table") else res.fetch_arrow_table()  # type: ignore[attr-defined]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.con.execute("BEGIN TRANSACTION").fetchall()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.con.execute("ROLLBACK").fetchall()
            raise
        self._depth = 0
        self.con.execute("COMMIT").fetchall()

    def insert_new(self, table: Table, data: pa.Table) -> int:
        if data.num_rows == 0:
            return 0
        data = data.select(table.column_names).cast(table.arrow_schema())
        view = f"_yq_batch_{table.name}"
        self.con.register(view, data)
        # a table's rows have no order (every reader orders by its keys or src_line): letting DuckDB's threads
        # write them in any order costs ~10% less CPU on a bulk import (bench/ingest.py, docs/ingest.md)
        self.con.execute("SET preserve_insertion_order = false").fetchall()
        try:
            key = ", ".join(table.key)
            cond = " AND ".join(f"t.{k} = b.{k}" for k in table.key)
            cols = ", ".join(table.column_names)
            # a batch whose keys are all distinct (the usual case) needs no first-occurrence window
            distinct = self.con.execute(
                f"SELECT count(*) = count(DISTINCT ({key})) FROM {view}"
            ).fetchone() if table.provenance else None
            if distinct and distinct[0]:
                res = self.con.execute(
                    f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {view} b "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {cond})"
                )
                row = res.fetchone()
                return int(row[0]) if row else 0
            res = self.con.execute(
                f"""INSERT INTO {table.name} ({cols})
                SELECT {cols} FROM (
                    SELECT b.*, row_number() OVER (PARTITION BY {", ".join("b." + k for k in table.key)}
                                                   ORDER BY b.src_line) AS _yq_rn
                    FROM {view} b
                    WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {cond})
                ) WHERE _yq_rn = 1"""
                if table.provenance
                else f"INSERT INTO {table.name} ({cols}) SELECT DISTINCT ON ({key}) {cols} FROM {view} b "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {cond})"
            )
            row = res.fetchone()
            return int(row[0]) if row else 0
        finally:
            self.con.execute("RESET preserve_insertion_order").fetchall()
            self.con.unregister(view)

    def append(self, table: Table, data: pa.Table) -> None:
        if data.num_rows == 0:
            return
        data = data.select(table.column_names).cast(table.arrow_schema())
        view = f"_yq_append_{table.name}"
        self.con.register(view, data)
        try:
            cols = ", ".join(table.column_names)
            self.con.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {view}").fetchall()
        finally:
            self.con.unregister(view)

    def has_table(self, name: str) -> bool:
        rows = self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = 'main'", [name]
        ).fetchall()
        return bool(rows)

    def ibis(self) -> Any:
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis


def _translate_lock(path: str, exc: Exception) -> StoreError:
    msg = str(exc)
    if "lock" not in msg.lower():
        return StoreError(f"cannot open DuckDB store {path!r}: {msg}")
    m = _LOCK_RE.search(msg)
    who = f"process {m.group('pid')} ({m.group('proc').strip()})" if m else "another process"
    return StoreLockedError(
        f"the DuckDB store {path!r} is locked by {who}. DuckDB allows one writing process per file. "
        "Stop that process (for example a running `yuqing serve`), or let it do the work (the dashboard "
        "ingests on its schedule), or point --db at another file, or use PostgreSQL server mode "
        "(--db postgresql://...) for many concurrent clients."
    )
