"""yuqing's own JSON Lines format: one row of any table per line, used by the demo simulator and for
exchanging data between yuqing stores.

Fields read: ``table`` (a data table name: posts, accounts, follower_snapshots, trending, articles, prices,
metrics, events) and ``row`` (an object with that table's columns, see ``docs/schema.md``). Timestamps are
ISO 8601; a timestamp with an offset is converted to UTC and the offset kept in ``tz`` when the table has one;
a naive timestamp is taken as UTC. Dates are ``YYYY-MM-DD``. Lists (topics, mentions, urls) may be JSON arrays.
The first line may be ``{"yuqing": "native", "version": 1, ...}`` (a header, also used for sniffing).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import orjson

from yuqing.sources._base import Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, iter_json_lines
from yuqing.sources._parse import ParseError, json_list, parse_date
from yuqing.sources._rows import RowImporter, RowMapper
from yuqing.store.schema import DATA_TABLES

_TABLES = {t.name: t for t in DATA_TABLES}


def _offset(dt: datetime) -> str | None:
    off = dt.utcoffset()
    if off is None:
        return None
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@register_importer
class NativeJSONL(RowImporter):
    name = "yuqing_jsonl"
    version = "1"
    description = "yuqing's own JSON Lines: {\"table\": NAME, \"row\": {columns}} per line (demo, exchange)"
    fields = "table, row.{columns of that table}; optional header line {\"yuqing\": \"native\"}"
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) not in (".jsonl", ".ndjson", ".json"):
            return 0.0
        first = head.lstrip().split("\n", 1)[0]
        if '"yuqing"' in first and '"native"' in first:
            return 1.0
        if first.startswith('{"table"') and '"row"' in first:
            return 0.9
        return 0.0

    row_errors = (ParseError, ValueError, TypeError)

    def rows(self, path: Path) -> Iterator[tuple[int, str, Any] | Reject]:
        return iter_json_lines(path)

    def mapper(self, path: Path) -> RowMapper:
        return self._line

    def _line(self, line: int, raw: str, obj: Any) -> Iterator[Rec | Reject]:
        if isinstance(obj, dict) and obj.get("yuqing") == "native":
            return
        if not isinstance(obj, dict) or not isinstance(obj.get("row"), dict):
            yield Reject(line, raw, "expected an object with 'table' and 'row'")
            return
        table = _TABLES.get(str(obj.get("table")))
        if table is None:
            yield Reject(line, raw, f"unknown table {obj.get('table')!r}")
            return
        row = self._convert(table.name, obj["row"])
        yield Rec(table.name, row, line, raw)

    @staticmethod
    def _convert(table: str, src: dict[str, Any]) -> dict[str, Any]:
        t = _TABLES[table]
        types = {c.name: c.type for c in t.columns}
        out: dict[str, Any] = {}
        for k, v in src.items():
            if k not in types:
                raise ParseError(f"{table} has no column {k!r}")
            typ = types[k]
            if v is None:
                out[k] = None
            elif typ == "ts":
                dt = datetime.fromisoformat(str(v).replace("Z", "+00:00"))
                if dt.tzinfo is not None:
                    if "tz" in types and not src.get("tz"):
                        out["tz"] = _offset(dt)
                    dt = dt.astimezone(UTC).replace(tzinfo=None)
                out[k] = dt
            elif typ == "date":
                out[k] = parse_date(v, k)
            elif typ == "int":
                if isinstance(v, bool) or not isinstance(v, int | float | str):
                    raise ParseError(f"{k}: {v!r} is not an integer")
                out[k] = int(v)
            elif typ == "float":
                out[k] = float(v)
            elif typ == "bool":
                out[k] = bool(v)
            elif k in ("topics", "mentions", "urls"):
                out[k] = json_list(v)
            elif isinstance(v, dict | list):
                out[k] = orjson.dumps(v).decode()
            else:
                out[k] = str(v)
        return out
