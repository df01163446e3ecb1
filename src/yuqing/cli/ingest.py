"""``yuqing ingest``, ``yuqing formats``, ``yuqing quarantine``, ``yuqing status``."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import UnknownFormatError, UsageError
from yuqing.sources import importers, ingest_file

OUTPUT_FORMATS = {f.value for f in Format}


def _parse_options(options: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for o in options:
        if "=" not in o:
            raise UsageError(f"--option takes KEY=VALUE, got {o!r}")
        k, v = o.split("=", 1)
        out[k.strip()] = v
    return out


def ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(
        ..., help="Files or folders to import (folders: every file inside, recursively, that an importer "
        "recognises; others are listed as skipped); '-' reads standard input (needs --format)."
    ),
    fmt: list[str] = typer.Option(
        [],
        "--format",
        "-f",
        help="An importer name to force (see `yuqing formats`) and/or the output format table|json|csv. "
        "May be given twice: --format weibo_crawler_csv --format json.",
    ),
    option: list[str] = typer.Option([], "--option", "-o", help="Importer option KEY=VALUE (repeatable)."),
) -> None:
    """Import crawler/API exports into the store. Prints read/stored/duplicate/quarantined per file."""
    out_fmt = next((f for f in fmt if f in OUTPUT_FORMATS), "table")
    names = [f for f in fmt if f not in OUTPUT_FORMATS]
    if len(names) > 1:
        raise UsageError(f"--format names more than one importer: {', '.join(names)}")
    importer = names[0] if names else None
    opts = _parse_options(option)
    store = get_ctx(ctx).store()
    reports = []
    skipped: list[str] = []
    tmpdir = None
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} rows"),
            TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
        ) as progress:
            for raw_path, in_folder in _expand(paths):
                path = raw_path
                if raw_path == "-":
                    if importer is None:
                        raise UsageError("reading standard input needs --format NAME")
                    tmpdir = tmpdir or tempfile.mkdtemp(prefix="yuqing-stdin-")
                    path = str(Path(tmpdir) / "stdin")
                    with open(path, "wb") as fh:
                        shutil.copyfileobj(sys.stdin.buffer, fh)
                task = progress.add_task(Path(path).name, total=None)

                def advance(n: int, t: Any = task) -> None:
                    progress.advance(t, n)

                try:
                    rep = ingest_file(store, path, importer, opts, progress=advance)
                except UnknownFormatError:
                    if not in_folder:
                        raise
                    skipped.append(path)
                    continue
                finally:
                    progress.remove_task(task)
                reports.append(rep)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)
    rows = [{k: v for k, v in r.as_dict().items() if k not in ("tables", "error")} for r in reports]
    total = {k: sum(int(r[k]) for r in rows) for k in ("read", "stored", "duplicate", "quarantined")}
    data = {"files": [r.as_dict() for r in reports], "total": total, "skipped": skipped}
    emit(rows, out_fmt, data=data, title="ingest")
    for path in skipped:
        console.print(f"skipped {path}: no importer recognises it (force one with --format NAME)")
    if total["read"] == 0:
        console.print("nothing could be read")
        raise typer.Exit(1)
    if total["quarantined"] and out_fmt == "table":
        console.print(f"{total['quarantined']} record(s) quarantined: see `yuqing quarantine`")


def _expand(paths: list[str]) -> list[tuple[str, bool]]:
    """Paths as given, folders replaced by their files (recursive, sorted, hidden files skipped)."""
    out: list[tuple[str, bool]] = []
    for raw in paths:
        p = Path(raw)
        if raw != "-" and p.is_dir():
            files = sorted(
                f for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            out += [(str(f), True) for f in files]
        else:
            out.append((raw, False))
    return out


def formats(fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """List the importers: name, description and the fields each reads."""
    rows = [
        {"name": n, "version": c.version, "description": c.description, "fields": c.fields}
        for n, c in importers().items()
    ]
    emit(rows, fmt, title="importers")


def quarantine(
    ctx: typer.Context,
    file: str = typer.Option(None, "--file", help="Only records from this source file."),
    limit: int = typer.Option(50, "--limit", help="At most this many rows (0 = all)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """List quarantined (rejected) records with file, line, reason and raw text."""
    store = get_ctx(ctx).store(read_only=True)
    sql = "SELECT src_file, src_line, importer, reason, raw, import_id, imported_at FROM quarantine"
    params: list[Any] = []
    if file:
        sql += " WHERE src_file = ?"
        params.append(file)
    sql += " ORDER BY imported_at, src_file, src_line"
    if limit:
        sql += f" LIMIT {int(limit)}"
    cols = ["src_file", "src_line", "importer", "reason", "raw", "import_id", "imported_at"]
    rows = [dict(zip(cols, r, strict=True)) for r in store.fetchall(sql, params)]
    emit(rows, fmt, title="quarantine")


def status(ctx: typer.Context, fmt: Format = typer.Option(Format.table, "--format", "-f")) -> None:
    """Row counts per table (and the store in use)."""
    c = get_ctx(ctx)
    store = c.store(read_only=True)
    counts = store.counts()
    rows = [{"table": k, "rows": v} for k, v in counts.items()]
    emit(rows, fmt, data={"store": _redact(c.db), "backend": store.dialect, "tables": counts}, title="store")


def _redact(url: str) -> str:
    from yuqing.store.postgres_backend import _redact as r

    return r(url)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(formats)
    app.command()(quarantine)
    app.command()(status)
