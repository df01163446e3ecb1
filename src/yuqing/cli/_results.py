"""Printing an analysis result on the command line: rows, JSON, evidence, the records behind a figure, charts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from yuqing.analyses import Result
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import NotFoundError
from yuqing.reports import resolve_refs
from yuqing.store.base import Store


def records(store: Store, refs: list[str]) -> list[dict[str, Any]]:
    """The stored rows behind record references, with their provenance: posts, follower snapshots and trending
    entries with their own columns, any other table through :func:`yuqing.reports.resolve_refs`; a reference
    whose record is not stored is listed with ``found: false``."""
    out: list[dict[str, Any]] = []
    for r in refs:
        table, _, rest = r.partition("/")
        if table == "posts":
            platform, _, pid = rest.partition("/")
            rows = store.fetchall(
                "SELECT platform, post_id, kind, account_name, created_at, tz, text, src_file, src_line FROM posts "
                "WHERE platform = ? AND post_id = ?", [platform, pid])
            cols = ["platform", "post_id", "kind", "account_name", "created_at", "tz", "text", "src_file", "src_line"]
        elif table == "follower_snapshots":
            platform, aid, obs = rest.split("/", 2)
            rows = store.fetchall(
                "SELECT platform, account_id, observed_at, followers, src_file, src_line FROM follower_snapshots "
                "WHERE platform = ? AND account_id = ? AND CAST(observed_at AS VARCHAR) = ?",
                [platform, aid, obs.replace("T", " ")])
            cols = ["platform", "account_id", "observed_at", "followers", "src_file", "src_line"]
        elif table == "trending":
            platform, day, rank, title = rest.split("/", 3)
            rows = store.fetchall(
                "SELECT platform, list_date, rank, title, heat, src_file, src_line FROM trending "
                "WHERE platform = ? AND CAST(list_date AS VARCHAR) = ? AND rank = ? AND title = ?",
                [platform, day, int(rank), title])
            cols = ["platform", "list_date", "rank", "title", "heat", "src_file", "src_line"]
        else:  # prices, articles, events, ...: the generic resolver of the report and the dashboard
            out += [{"ref": e.ref, "table": e.table, "found": e.found, "time": e.time, "author": e.author,
                     "excerpt": e.excerpt, "src_file": e.src_file, "src_line": e.src_line}
                    for e in resolve_refs(store, [r])]
            continue
        if not rows:  # never dropped silently: the reference is listed as not found
            out.append({"ref": r, "found": False})
        for row in rows:
            d = dict(zip(cols, row, strict=True))
            if isinstance(d.get("text"), str) and len(d["text"]) > 80:
                d["text"] = d["text"][:80] + "…"
            d["ref"] = r
            out.append(d)
    return out


def finish(ctx: typer.Context, res: Result, fmt: Format, title: str, evidence: bool, show: str | None,
            chart: Path | None, rows: list[dict[str, Any]] | None = None) -> None:
    store = get_ctx(ctx).store(read_only=True)
    if show:
        keys = [k for k in res.evidence if k == show] or [k for k in res.evidence if k.startswith(show)]
        if not keys:
            import difflib

            raise NotFoundError("figure", show, difflib.get_close_matches(show, list(res.evidence), n=8, cutoff=0.3)
                                or list(res.evidence)[:8])
        refs = [r for k in keys for r in res.evidence[k]]
        recs = records(store, refs)
        emit(recs, fmt, data={"figure": keys, "records": recs}, title=f"records behind {', '.join(keys)}")
    else:
        data = dict(res.data)
        if evidence:
            data["evidence"] = res.evidence
        emit(res.rows if rows is None else rows, fmt, data=data, title=title)
        if evidence and fmt is Format.table:
            emit([{"figure": k, "records": len(v), "refs": " ".join(v[:5]) + (" …" if len(v) > 5 else "")}
                  for k, v in res.evidence.items()], fmt, title="evidence")
    if chart:
        if not res.chart:
            console.print("no chart: the result is empty")
            return
        from yuqing.cli._audience_draw import draw_option
        from yuqing.reports.charts import save_chart

        static = chart.suffix.lower() in (".png", ".svg")
        save_chart(chart, res.chart, title, draw_option(res.chart) if static else None)
        console.print(f"chart written to {chart}")
