"""``yuqing events list|add``: the dated events analyses line up against (manual, extracted, detected)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import orjson
import pyarrow as pa
import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, emit
from yuqing.core import parse_day
from yuqing.store.schema import EVENTS

events_app = typer.Typer(help="List and add dated events.", no_args_is_help=True)


@events_app.command("list")
def list_events(
    ctx: typer.Context,
    entity: str = typer.Option(None, "--entity"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Stored events, oldest first."""
    store = get_ctx(ctx).store(read_only=True)
    sql = "SELECT event_id, date, precision, label, description, entity, origin, evidence FROM events"
    params = []
    if entity:
        sql += " WHERE entity = ?"
        params.append(entity)
    cols = ["event_id", "date", "precision", "label", "description", "entity", "origin", "evidence"]
    rows = [dict(zip(cols, r, strict=True)) for r in store.fetchall(sql + " ORDER BY date, event_id", params)]
    for r in rows:
        r["evidence"] = orjson.loads(r["evidence"]) if r["evidence"] else []
    emit(rows, fmt, title="events")


@events_app.command("add")
def add_event(
    ctx: typer.Context,
    day: str = typer.Argument(..., help="YYYY-MM-DD"),
    label: str = typer.Argument(...),
    description: str = typer.Option("", "--description"),
    entity: str = typer.Option("", "--entity"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Add a manual event (stored with provenance: importer 'manual', the command line as raw record)."""
    d = parse_day(day, "DATE")
    assert d is not None
    eid = "manual-" + hashlib.sha1(f"{d}|{label}|{entity}".encode()).hexdigest()[:12]
    now = datetime.now(UTC).replace(tzinfo=None)
    raw = orjson.dumps({"date": d.isoformat(), "label": label, "description": description, "entity": entity}).decode()
    row = {"event_id": eid, "date": d, "precision": "day", "label": label, "description": description,
           "entity": entity, "origin": "manual", "evidence": None, "src_file": "<cli>", "src_line": 0,
           "importer": "manual", "importer_version": "1", "import_id": eid, "imported_at": now, "raw": raw}
    store = get_ctx(ctx).store()
    with store.transaction():
        n = store.insert_new(EVENTS, pa.Table.from_pylist([row], schema=EVENTS.arrow_schema()))
    emit([{"event_id": eid, "stored": n, "duplicate": 1 - n}], fmt, title="events add")


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="events")
