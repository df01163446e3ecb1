"""``yuqing schema``: the store's tables and columns, with what each column means."""

from __future__ import annotations

import typer

from yuqing.cli._output import Format, emit
from yuqing.store.schema import TABLES


def schema(
    table: str = typer.Argument(None, help="Only this table"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """List tables, their key and columns (provenance columns included)."""
    from yuqing.core.plugins import load_all

    load_all("store.extra")
    rows = []
    for t in sorted(TABLES.values(), key=lambda t: t.name):
        if table and t.name != table:
            continue
        for c in t.all_columns:
            rows.append({"table": t.name, "column": c.name, "type": c.type, "key": c.name in t.key, "doc": c.doc})
    emit(rows, fmt, title="schema")


def register(app: typer.Typer) -> None:
    app.command()(schema)
