"""Output for every command: ``--format table|json|csv``.

``json`` is the stable, documented interface (other tools and checks read it): UTF-8, keys in the order
the command builds them, dates as ISO 8601 strings, one JSON document per invocation.
"""

from __future__ import annotations

import csv
import enum
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import orjson
from rich.console import Console
from rich.table import Table as RichTable

console = Console(stderr=True)
stdout_console = Console(width=None if sys.stdout.isatty() else 200)


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _default(o: Any) -> Any:
    if isinstance(o, datetime | date):
        return o.isoformat()
    if hasattr(o, "item"):  # numpy scalars
        return o.item()
    if hasattr(o, "tolist"):
        return o.tolist()
    if isinstance(o, set | frozenset):
        return sorted(o)
    return str(o)


def dumps_json(data: Any) -> str:
    return orjson.dumps(data, default=_default, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e6 else f"{v:,.0f}"
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, list | dict):
        return orjson.dumps(v, default=_default).decode()
    return str(v)


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: Format | str,
    *,
    data: Any = None,
    title: str | None = None,
    columns: Iterable[str] | None = None,
) -> None:
    """Print ``rows`` as a table or CSV, or ``data`` (default: ``rows``) as JSON."""
    fmt = Format(fmt)
    if fmt is Format.json:
        sys.stdout.write(dumps_json(rows if data is None else data) + "\n")
        return
    cols = list(columns) if columns is not None else _columns(rows)
    if fmt is Format.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return
    t = RichTable(title=title, show_lines=False)
    for c in cols:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[_cell(r.get(c)) for c in cols])
    if not rows:
        stdout_console.print(f"[dim]{title + ': ' if title else ''}no rows[/dim]")
        return
    stdout_console.print(t)


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    return cols
