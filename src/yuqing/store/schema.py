"""The store's tables, declared once and rendered to DuckDB or PostgreSQL DDL and to Arrow schemas.

Conventions
-----------
* Every timestamp column holds **UTC** as a naive ``TIMESTAMP``; the source's own offset is kept in the
  ``tz`` column (``"+08:00"`` for Weibo), so local wall-clock time can always be recovered.
* Every data table carries the provenance columns :data:`PROVENANCE`: the source file, the 1-based line or
  record number inside it, the importer's name and version, the import batch id and time, and the raw
  record exactly as read. A figure computed from a table can therefore always be traced to its records.
* ``key`` names the natural key. Re-importing a record whose key is already stored stores nothing.
* Lists (topics, mentions, urls) are stored as JSON text so that the same DDL works on every backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

ColType = Literal["str", "int", "float", "bool", "ts", "date"]

_ARROW: dict[str, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "ts": pa.timestamp("us"),
    "date": pa.date32(),
}
_DUCKDB: dict[str, str] = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "ts": "TIMESTAMP",
    "date": "DATE",
}
_POSTGRES: dict[str, str] = {
    "str": "TEXT",
    "int": "BIGINT",
    "float": "DOUBLE PRECISION",
    "bool": "BOOLEAN",
    "ts": "TIMESTAMP",
    "date": "DATE",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColType
    doc: str = ""
    #: DuckDB only: a compression forced on the column (a physical storage choice, not part of the logical
    #: schema; stores created before it was set keep DuckDB's own choice)
    duckdb_compression: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str = ""
    provenance: bool = True
    indexes: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + (PROVENANCE if self.provenance else ())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.all_columns]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, _ARROW[c.type]) for c in self.all_columns])

    def ddl(self, dialect: Literal["duckdb", "postgres"]) -> list[str]:
        types = _DUCKDB if dialect == "duckdb" else _POSTGRES
        cols = ",\n  ".join(
            f"{c.name} {types[c.type]}"
            + (f" USING COMPRESSION {c.duckdb_compression}" if dialect == "duckdb" and c.duckdb_compression else "")
            for c in self.all_columns
        )
        stmts = [f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"]
        if dialect == "postgres" and self.key:
            stmts.append(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {self.name}_key ON {self.name} ({', '.join(self.key)})"
            )
        if dialect == "postgres":
            for idx in self.indexes:
                stmts.append(
                    f"CREATE INDEX IF NOT EXISTS {self.name}_{'_'.join(idx)} ON {self.name} ({', '.join(idx)})"
                )
        return stmts


PROVENANCE: tuple[Column, ...] = (
    Column("src_file", "str", "path of the file the record was read from"),
    Column("src_line", "int", "1-based line (text formats) or record number (JSON arrays, SQLite rows)"),
    Column("importer", "str", "name of the importer that read it"),
    Column("importer_version", "str", "version of that importer"),
    Column("import_id", "str", "id of the import batch (see table imports)"),
    Column("imported_at", "ts", "UTC time of the import"),
    # zstd: DuckDB's default (dictionary + FSST) costs ~2.7 CPU-s per 1M JSON posts on insert and stores them in
    # 58 MB more than zstd does (bench/ingest.py, docs/ingest.md); raw is read rarely, so the cheaper one wins
    Column("raw", "str", "the raw record exactly as read (a CSV line, a JSON object, ...)", duckdb_compression="zstd"),
)

ACCOUNTS = Table(
    "accounts",
    (
        Column("platform", "str", "weibo, douyin, xhs, twitter, ..."),
        Column("account_id", "str", "the platform's user id (or a stable hash when the source has none)"),
        Column("name", "str", "screen name / nickname"),
        Column("description", "str"),
        Column("followers", "int", "follower count at crawl time"),
        Column("following", "int"),
        Column("posts_count", "int"),
        Column("verified", "bool"),
        Column("location", "str"),
        Column("created_at", "ts", "account creation time, UTC"),
        Column("observed_at", "ts", "when the crawler saw the profile, UTC"),
        Column("extra", "str", "JSON object of other source fields"),
    ),
    key=("platform", "account_id"),
    doc="Accounts (users, creators) seen in any source.",
)

POSTS = Table(
    "posts",
    (
        Column("platform", "str"),
        Column("post_id", "str", "the platform's id; a stable hash of the raw record when the source has none"),
        Column("kind", "str", "post | repost | comment"),
        Column("account_id", "str", "author's id (may be null when the source only has a name)"),
        Column("account_name", "str", "author's screen name as shown in the source"),
        Column("created_at", "ts", "UTC"),
        Column("tz", "str", "the source's UTC offset, e.g. +08:00"),
        Column("text", "str"),
        Column("lang", "str", "language code when known (zh, en, ...)"),
        Column("parent_id", "str", "for a repost/comment: the post it replies to or reposts"),
        Column("root_id", "str", "the original post at the root of the cascade"),
        Column("likes", "int"),
        Column("reposts", "int"),
        Column("comments", "int"),
        Column("topics", "str", "JSON list of hashtags/topics"),
        Column("mentions", "str", "JSON list of @mentioned names"),
        Column("urls", "str", "JSON list of links"),
        Column("location", "str", "IP location / region shown by the platform"),
        Column("extra", "str", "JSON object of other source fields"),
    ),
    key=("platform", "post_id"),
    doc="Posts, reposts and comments in one table (kind, parent_id, root_id).",
    indexes=(("account_id", "created_at"), ("root_id",)),
)

FOLLOWER_SNAPSHOTS = Table(
    "follower_snapshots",
    (
        Column("platform", "str"),
        Column("account_id", "str"),
        Column("account_name", "str"),
        Column("observed_at", "ts", "UTC (a date-only source is taken at 00:00 of its zone)"),
        Column("tz", "str"),
        Column("followers", "int"),
    ),
    key=("platform", "account_id", "observed_at"),
    doc="Follower counts of an account over time.",
)

TRENDING = Table(
    "trending",
    (
        Column("platform", "str", "weibo, douyin, ..."),
        Column("list_date", "date", "the day of the list in the platform's zone"),
        Column("list_time", "ts", "UTC time the list was captured"),
        Column("tz", "str"),
        Column("rank", "int"),
        Column("title", "str"),
        Column("category", "str"),
        Column("heat", "int", "the platform's heat value"),
        Column("shown_at", "ts", "UTC time the entry first appeared, when the source gives it"),
    ),
    key=("platform", "list_date", "rank", "title"),
    doc="Trending (hot-search) list entries.",
)

ARTICLES = Table(
    "articles",
    (
        Column("article_id", "str", "sha256 of the normalised body (first 16 hex digits)"),
        Column("title", "str"),
        Column("outlet", "str", "publisher / source name"),
        Column("url", "str"),
        Column("published_at", "ts", "UTC; null when no date could be found"),
        Column("published_precision", "str", "day | month | year | none"),
        Column("lang", "str"),
        Column("body", "str"),
    ),
    key=("article_id",),
    doc="News articles, one per file.",
)

PRICES = Table(
    "prices",
    (
        Column("symbol", "str", "e.g. 1810.HK, ^HSI"),
        Column("date", "date", "trading day in the exchange's zone"),
        Column("open", "float"),
        Column("high", "float"),
        Column("low", "float"),
        Column("close", "float"),
        Column("adj_close", "float"),
        Column("volume", "float"),
        Column("currency", "str"),
        Column("adjustment", "str", "none | qfq (forward-adjusted) | ..."),
    ),
    key=("symbol", "date", "adjustment"),
    doc="Daily price series.",
)

METRICS = Table(
    "metrics",
    (
        Column("series", "str", "e.g. ev_retail_sales"),
        Column("entity", "str", "e.g. Xiaomi SU7"),
        Column("period_start", "date"),
        Column("period", "str", "day | week | month | quarter | year"),
        Column("value", "float"),
        Column("unit", "str"),
    ),
    key=("series", "entity", "period_start", "period"),
    doc="Generic numeric series (monthly deliveries, sales, ...).",
)

EVENTS = Table(
    "events",
    (
        Column("event_id", "str"),
        Column("date", "date"),
        Column("precision", "str", "day | month | quarter | year"),
        Column("label", "str"),
        Column("description", "str"),
        Column("entity", "str"),
        Column("origin", "str", "manual | extract | trending | ..."),
        Column("evidence", "str", "JSON list of record references"),
    ),
    key=("event_id",),
    doc="Dated events (manual, extracted from news, detected in trending lists).",
)

DATA_TABLES: tuple[Table, ...] = (
    ACCOUNTS,
    POSTS,
    FOLLOWER_SNAPSHOTS,
    TRENDING,
    ARTICLES,
    PRICES,
    METRICS,
    EVENTS,
)

QUARANTINE = Table(
    "quarantine",
    (
        Column("import_id", "str"),
        Column("src_file", "str"),
        Column("src_line", "int"),
        Column("importer", "str"),
        Column("reason", "str"),
        Column("raw", "str"),
        Column("imported_at", "ts"),
    ),
    key=("src_file", "src_line", "importer", "reason"),
    provenance=False,
    doc="Rejected records with their raw text, file, line and reason. Never silently dropped.",
)

IMPORTS = Table(
    "imports",
    (
        Column("import_id", "str"),
        Column("src_file", "str"),
        Column("sha256", "str"),
        Column("importer", "str"),
        Column("importer_version", "str"),
        Column("started_at", "ts"),
        Column("finished_at", "ts"),
        Column("n_read", "int"),
        Column("n_stored", "int"),
        Column("n_duplicate", "int"),
        Column("n_quarantined", "int"),
    ),
    key=("import_id",),
    provenance=False,
    doc="One row per imported file: what was read, stored, found duplicate and quarantined.",
)

SYSTEM_TABLES: tuple[Table, ...] = (QUARANTINE, IMPORTS)

TABLES: dict[str, Table] = {t.name: t for t in DATA_TABLES + SYSTEM_TABLES}


def register_table(table: Table) -> Table:
    """Add a table (e.g. analysis results) to the schema. Call at import time of the defining module."""
    TABLES[table.name] = table
    return table
