"""Storage: schema, DuckDB and PostgreSQL backends, migrations."""

from __future__ import annotations

import os

from yuqing.store.base import Store
from yuqing.store.schema import TABLES, Column, Table, register_table

DEFAULT_DB = "yuqing.duckdb"

__all__ = ["DEFAULT_DB", "TABLES", "Column", "Store", "Table", "default_url", "open_store", "register_table"]


def default_url() -> str:
    """``$YUQING_DB`` if set, else ``yuqing.duckdb`` in the working directory."""
    return os.environ.get("YUQING_DB") or DEFAULT_DB


def open_store(url: str | None = None, *, read_only: bool = False, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url``.

    ``postgresql://...`` or ``postgres://...`` selects PostgreSQL; anything else is a DuckDB file path
    (``:memory:`` for a throwaway in-memory store).
    """
    url = url or default_url()
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from yuqing.store.postgres_backend import PostgresStore

        store = PostgresStore(url)
    else:
        from yuqing.store.duckdb_backend import DuckDBStore

        store = DuckDBStore(url, read_only=read_only)
    if migrate and not read_only:
        store.migrate()
    return store
