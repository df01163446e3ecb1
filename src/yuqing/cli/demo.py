"""``yuqing demo``: build the SYNTHETIC demo store and run the main job on it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import UsageError


def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("demo"), "--out", help="Folder for the generated files and the report."),
    seed: int = typer.Option(7, "--seed", help="Random seed of the simulator."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Generate a seeded synthetic world (fictional company 火星科技 and CEO 周明), ingest it, run the analyses
    and write the demo report. The store given by --db is rebuilt from scratch (only if it is a demo store)."""
    from yuqing.demo import simulate
    from yuqing.demo.pipeline import run_demo

    c = get_ctx(ctx)
    if "://" not in c.db and os.path.exists(c.db):
        _check_is_demo_store(c.db)
        os.remove(c.db)
        if os.path.exists(c.db + ".wal"):
            os.remove(c.db + ".wal")
    data_dir = out / "data"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    t0 = time.perf_counter()
    world = simulate(data_dir, seed=seed)
    console.print(f"simulated a synthetic world in {data_dir} ({len(world.files)} files)")
    store = c.store()
    summary = run_demo(store, world, out)
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    rows = [{"table": k, "rows": v} for k, v in summary["tables"].items()]
    emit(rows, fmt, data=summary, title=f"demo store {c.db} (SYNTHETIC data)")
    if fmt is Format.table:
        for line in summary["next"]:
            console.print(line, highlight=False, soft_wrap=True)


def _check_is_demo_store(path: str) -> None:
    import duckdb

    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        raise UsageError(f"{path} exists and cannot be opened ({exc}); choose another --db for the demo") from exc
    try:
        rows = con.execute("SELECT DISTINCT importer FROM imports").fetchall()
    except duckdb.Error:
        rows = []
    finally:
        con.close()
    if any(r[0] != "yuqing_jsonl" for r in rows):
        raise UsageError(f"{path} holds non-demo imports; `yuqing demo` only rebuilds demo stores. "
                         "Pass another --db (make demo uses demo/yuqing-demo.duckdb).")


def register(app: typer.Typer) -> None:
    app.command()(demo)
