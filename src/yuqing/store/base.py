"""The backend-neutral store interface.

A :class:`Store` owns one database connection. Writes happen inside :meth:`Store.transaction`, so an import
either fully lands or leaves the store as it was. Bulk writes take Arrow tables (DuckDB scans them in place,
PostgreSQL receives them through ``COPY``); nothing is inserted row by row. Reads for analyses go through
:meth:`Store.ibis`, so the same expressions run on DuckDB, PostgreSQL and PySpark.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import pyarrow as pa

from yuqing.store.migrations import MIGRATIONS
from yuqing.store.schema import TABLES, Table

Dialect = Literal["duckdb", "postgres"]


class Store(abc.ABC):
    """A yuqing store. Use :func:`yuqing.store.open_store` to get one."""

    dialect: Dialect
    url: str
    #: rows per storage unit that bulk inserts should come in multiples of (DuckDB's row group: an insert that
    #: ends in a partial group has it rewritten at the checkpoint); 0 where it does not matter
    insert_granule: int = 0

    # -- lifecycle ---------------------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abc.abstractmethod
    def close(self) -> None: ...

    # -- raw SQL (internal) -------------------------------------------------------------------------
    @abc.abstractmethod
    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None: ...

    @abc.abstractmethod
    def fetchall(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abc.abstractmethod
    def fetch_arrow(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> pa.Table: ...

    # -- transactions and bulk writes ----------------------------------------------------------------
    @abc.abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside lands together or not at all."""

    @abc.abstractmethod
    def insert_new(self, table: Table, data: pa.Table) -> int:
        """Insert the rows of ``data`` whose key is not stored yet (first occurrence wins).

        Returns the number of rows inserted; ``data.num_rows - result`` were duplicates.
        """

    @abc.abstractmethod
    def append(self, table: Table, data: pa.Table) -> None:
        """Insert all rows of ``data`` without key checks (system tables)."""

    # -- reads --------------------------------------------------------------------------------------
    @abc.abstractmethod
    def ibis(self) -> Any:
        """An Ibis backend bound to this store."""

    def table(self, name: str) -> Any:
        """The Ibis table expression for ``name``."""
        return self.ibis().table(name)

    def counts(self) -> dict[str, int]:
        """Row count of every table in the schema."""
        out: dict[str, int] = {}
        for name in sorted(TABLES):
            if self.has_table(name):
                out[name] = int(self.fetchall(f"SELECT count(*) FROM {name}")[0][0])
        return out

    @abc.abstractmethod
    def has_table(self, name: str) -> bool: ...

    # -- schema -------------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Bring the schema up to date; returns the names of migrations applied now."""
        from yuqing.core.plugins import load_all

        load_all("store.extra")
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER, name TEXT, applied_at TIMESTAMP)"
        )
        done = {int(r[0]) for r in self.fetchall("SELECT version FROM schema_migrations")}
        applied: list[str] = []
        with self.transaction():
            for version, name, fn in MIGRATIONS:
                if version in done:
                    continue
                for stmt in fn(self.dialect):
                    self.execute(stmt)
                self.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, now())".replace("?", self._param),
                    (version, name),
                )
                applied.append(name)
            # Tables registered by plugins/analyses after the last numbered migration are additive.
            for t in TABLES.values():
                for stmt in t.ddl(self.dialect):
                    self.execute(stmt)
        return applied

    _param: str = "?"
