"""Resolve record references (``posts/weibo/123``, ``prices/DEMO.HK/2025-03-31/none``) to the stored records.

A reference is a table name followed by the values of the table's key (see :func:`yuqing.core.ref`).
:func:`resolve_refs` fetches them in batches and returns, for each, what a reader needs to check a figure:
id, time, author/source, a text excerpt and the source file and line it was imported from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from yuqing.core import ref_table
from yuqing.core import split_ref as _split_ref
from yuqing.store.base import Store
from yuqing.store.schema import TABLES

_TIME = ("created_at", "observed_at", "list_time", "published_at", "date", "start_date", "first_at", "computed_at")
_AUTHOR = ("account_name", "name", "outlet", "symbol", "platform")
_TEXT = ("text", "title", "description", "label", "body")
_BATCH = 200


@dataclass(frozen=True)
class EvidenceRecord:
    ref: str
    table: str
    found: bool
    time: str = ""
    author: str = ""
    excerpt: str = ""
    src_file: str = ""
    src_line: int | None = None
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def source(self) -> str:
        if not self.src_file:
            return ""
        return f"{self.src_file}:{self.src_line}" if self.src_line is not None else self.src_file


def split_ref(ref: str) -> tuple[str, list[str]]:
    """(table, key values) of a reference; raises ValueError for an unknown table or a wrong key length."""
    return _split_ref(ref, _table_key)


def _table_key(table: str) -> tuple[str, ...] | None:
    t = TABLES.get(table)
    return None if t is None else tuple(t.key)


def _excerpt(text: Any, n: int) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _first(row: dict[str, Any], cols: tuple[str, ...]) -> Any:
    for c in cols:
        if row.get(c) not in (None, ""):
            return row[c]
    return None


def typed_key(table: str, key: list[str]) -> tuple[Any, ...]:
    """The key values of a reference converted to the column types (ISO dates/times, ints); ValueError if bad."""
    types = {c.name: c.type for c in TABLES[table].all_columns}
    out: list[Any] = []
    for col, v in zip(TABLES[table].key, key, strict=True):
        ty = types[col]
        if ty == "ts":
            out.append(datetime.fromisoformat(v).replace(tzinfo=None))
        elif ty == "date":
            out.append(date.fromisoformat(v))
        elif ty == "int":
            out.append(int(v))
        elif ty == "float":
            out.append(float(v))
        else:
            out.append(v)
    return tuple(out)


def resolve_refs(store: Store, refs: list[str], excerpt: int = 160) -> list[EvidenceRecord]:
    """The records behind ``refs``, in the same order; a reference not found is returned with found=False."""
    by_table: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    for r in dict.fromkeys(refs):
        try:
            table, key = split_ref(r)
            by_table.setdefault(table, []).append((r, typed_key(table, key)))
        except ValueError:
            continue
    found: dict[str, EvidenceRecord] = {}
    for table, items in by_table.items():
        t = TABLES[table]
        cols = [c for c in t.column_names if c != "raw"]
        for i in range(0, len(items), _BATCH):
            chunk = items[i : i + _BATCH]
            wanted: dict[tuple[Any, ...], list[str]] = {}
            for r, tkey in chunk:
                wanted.setdefault(tkey, []).append(r)
            where = " OR ".join("(" + " AND ".join(f"{k} = ?" for k in t.key) + ")" for _ in wanted)
            args = [v for tkey in wanted for v in tkey]
            sql = f"SELECT {', '.join(cols)} FROM {table} WHERE {where}"
            for row in store.fetchall(sql, args):
                d = dict(zip(cols, row, strict=True))
                tm = _first(d, _TIME)
                for r in wanted.get(tuple(d[k] for k in t.key), []):
                    found[r] = EvidenceRecord(
                        ref=r, table=table, found=True,
                        time="" if tm is None else str(tm),
                        author=str(_first(d, _AUTHOR) or ""),
                        excerpt=_excerpt(_first(d, _TEXT) or "", excerpt),
                        src_file=str(d.get("src_file") or ""),
                        src_line=d.get("src_line"),
                        fields=tuple((k, "" if v is None else str(v)) for k, v in d.items()),
                    )
    return [found.get(r) or EvidenceRecord(r, ref_table(r), False) for r in refs]
