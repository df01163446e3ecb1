"""PostgreSQL backend: server mode. Bulk loads are ``COPY``; duplicates are skipped by a unique index."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from yuqing.core import StoreError
from yuqing.store.base import Store
from yuqing.store.schema import Table


class PostgresStore(Store):
    dialect = "postgres"
    _param = "%s"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {_redact(url)}: {exc}".strip()) from exc
        self.con.execute("SET TIME ZONE 'UTC'")
        self._ibis: Any = None
        self._tx: Any = None

    def close(self) -> None:
        if self._ibis is not None:
            with suppress(Exception):
                self._ibis.disconnect()
        self.con.close()

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if "%s" not in sql else sql

    def execute(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> None:
        self.con.execute(self._sql(sql), list(params) or None)

    def fetchall(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.con.execute(self._sql(sql), list(params) or None).fetchall())

    def fetch_arrow(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> pa.Table:
        cur = self.con.execute(self._sql(sql), list(params) or None)
        names = [d.name for d in cur.description or []]
        rows = cur.fetchall()
        return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)})

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._tx is not None:
            yield
            return
        with self.con.transaction() as tx:
            self._tx = tx
            try:
                yield
            finally:
                self._tx = None

    def _copy_into(self, target: str, table: Table, data: pa.Table) -> None:
        data = data.select(table.column_names).cast(table.arrow_schema())
        buf = io.BytesIO()
        pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
        cols = ", ".join(table.column_names)
        with self.con.cursor() as cur, cur.copy(f"COPY {target} ({cols}) FROM STDIN WITH (FORMAT csv)") as cp:
            view = buf.getbuffer()
            step = 1 << 20
            for i in range(0, len(view), step):
                cp.write(view[i : i + step])

    def insert_new(self, table: Table, data: pa.Table) -> int:
        if data.num_rows == 0:
            return 0
        with self.transaction():
            tmp = f"_yq_batch_{table.name}"
            self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {tmp} (LIKE {table.name})")
            self.con.execute(f"TRUNCATE {tmp}")
            self._copy_into(tmp, table, data)
            key = ", ".join(table.key)
            order = f"{key}, src_line" if table.provenance else key
            cols = ", ".join(table.column_names)
            cur = self.con.execute(
                f"INSERT INTO {table.name} ({cols}) SELECT DISTINCT ON ({key}) {cols} FROM {tmp} "
                f"ORDER BY {order} ON CONFLICT DO NOTHING"
            )
            return int(cur.rowcount)

    def append(self, table: Table, data: pa.Table) -> None:
        if data.num_rows == 0:
            return
        with self.transaction():
            self._copy_into(table.name, table, data)

    def has_table(self, name: str) -> bool:
        rows = self.fetchall(
            "SELECT 1 FROM information_schema.tables WHERE table_name = %s AND table_schema = current_schema()",
            (name,),
        )
        return bool(rows)

    def ibis(self) -> Any:
        if self._ibis is None:
            import ibis

            self._ibis = ibis.connect(self.url)
        return self._ibis


def _redact(url: str) -> str:
    import re

    return re.sub(r"(://[^:/@]+):[^@]+@", r"\1:***@", url)
