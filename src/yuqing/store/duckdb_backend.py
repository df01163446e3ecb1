"""DuckDB backend: the embedded default store (one file, one writing process)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from yuqing.core import StoreError, StoreLockedError
from yuqing.store._key_hashes import HASHABLE_TYPES, KeyHashes
from yuqing.store.base import Store
from yuqing.store.schema import _DUCKDB, Table

_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<proc>.*?) \(PID (?P<pid>\d+)\)")


class DuckDBStore(Store):
    dialect = "duckdb"
    insert_granule = 122_880  # DuckDB's row group size
    #: the most key hashes held per table in a transaction (8 bytes each); a larger table takes the exact path
    key_hash_limit = 50_000_000

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
        # per table, the hashes of its keys while a transaction runs (see _key_hashes); any write that does
        # not go through insert_new could add keys unseen, so every other statement drops them
        self._key_hashes: dict[str, KeyHashes] = {}
        self._key_hashes_off: set[str] = set()  # tables over key_hash_limit in this transaction
        self._key_hashes_later: set[str] = set()  # tables whose hashes wait for a second large batch

    def _drop_key_hashes(self) -> None:
        self._key_hashes.clear()
        self._key_hashes_off.clear()
        self._key_hashes_later.clear()

    def close(self) -> None:
        self._drop_key_hashes()
        self.con.close()

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None:
        self._drop_key_hashes()
        self.con.execute(sql, list(params)).fetchall()

    def fetchall(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        self._drop_key_hashes()
        return self.con.execute(sql, list(params)).fetchall()

    def fetch_arrow(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> pa.Table:
        self._drop_key_hashes()
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
        self._drop_key_hashes()
        self.con.execute("BEGIN TRANSACTION").fetchall()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._drop_key_hashes()
            self.con.execute("ROLLBACK").fetchall()
            raise
        self._depth = 0
        self._drop_key_hashes()
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
            known = self._held_key_hashes(table, data.num_rows)
            hashes = self._key_hash_query(table, view) if known is not None else None
            cols = ", ".join(table.column_names)
            if known is not None and hashes is not None and known.fresh(hashes):
                # every key new and distinct (see _key_hashes): the rows go in as they are
                row = self.con.execute(f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {view}").fetchone()
            else:
                row = self._insert_new_exact(table, view, cols)
            if known is not None and hashes is not None:
                known.add(hashes)  # the batch's keys are all stored now (new ones inserted, the others were)
                if len(known) <= self.key_hash_limit:
                    self._key_hashes[table.name] = known
                else:
                    self._key_hashes_off.add(table.name)
            return int(row[0]) if row else 0
        finally:
            self.con.execute("RESET preserve_insertion_order").fetchall()
            self.con.unregister(view)

    def _held_key_hashes(self, table: Table, n: int) -> KeyHashes | None:
        """The hashes of ``table``'s keys for the key-hash check, taken out of the store's hold (insert_new puts
        them back with the batch's keys added), or None for the exact path: outside a transaction, for a key of
        other types, under a collation, past ``key_hash_limit``, for a batch smaller than a row group while
        none are held (a small import saves nothing by them), and at the first large batch into a table
        holding more keys than it brings (reading them costs about one anti-join, which pays only if a second
        large batch follows)."""
        known = self._key_hashes.pop(table.name, None)
        if not self._depth or not table.key or table.name in self._key_hashes_off:
            return None
        if any(_key_types(table)[k] not in HASHABLE_TYPES for k in table.key):
            return None
        if known is None and n < self.insert_granule:
            return None
        collation = self.con.execute("SELECT current_setting('default_collation')").fetchall()
        if collation and collation[0][0]:  # keys equal under a collation need not hash equally
            return None
        if known is not None:
            return known
        row = self.con.execute(f"SELECT count(*) FROM {table.name}").fetchone()
        stored = int(row[0]) if row else 0
        if stored + n > self.key_hash_limit:
            self._key_hashes_off.add(table.name)
            return None
        if stored > n and table.name not in self._key_hashes_later:
            self._key_hashes_later.add(table.name)
            return None
        return KeyHashes(self._key_hash_query(table, table.name))

    def _key_hash_query(self, table: Table, source: str) -> np.ndarray:
        types = _key_types(table)
        # cast to the declared types on both sides, so a key hashes the same in a batch and in the table
        expr = ", ".join(f"CAST({k} AS {_DUCKDB[types[k]]})" for k in table.key)
        res = self.con.execute(f"SELECT hash({expr}) AS h FROM {source}").fetchnumpy()
        return np.ascontiguousarray(res["h"], dtype=np.uint64)

    def _insert_new_exact(self, table: Table, view: str, cols: str) -> tuple[Any, ...] | None:
        """The rows of ``view`` whose key is not stored, the first of each key (by ``src_line``) only."""
        key = ", ".join(table.key)
        cond = " AND ".join(f"t.{k} = b.{k}" for k in table.key)
        # a batch whose keys are all distinct (the usual case) needs no first-occurrence window
        distinct = self.con.execute(
            f"SELECT count(*) = count(DISTINCT ({key})) FROM {view}"
        ).fetchone() if table.provenance else None
        if distinct and distinct[0]:
            return self.con.execute(
                f"INSERT INTO {table.name} ({cols}) SELECT {cols} FROM {view} b "
                f"WHERE NOT EXISTS (SELECT 1 FROM {table.name} t WHERE {cond})"
            ).fetchone()
        return self.con.execute(
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
        ).fetchone()

    def append(self, table: Table, data: pa.Table) -> None:
        if data.num_rows == 0:
            return
        self._key_hashes.pop(table.name, None)  # keys stored without insert_new: its hashes no longer tell
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
        self._drop_key_hashes()
        if self._ibis is None:
            import ibis

            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis


def _key_types(table: Table) -> dict[str, str]:
    return {c.name: c.type for c in table.all_columns if c.name in table.key}


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
