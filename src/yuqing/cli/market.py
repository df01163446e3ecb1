"""``yuqing impact``, ``yuqing drawdown``, ``yuqing leadlag``: did opinion events move the share price?"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from yuqing.analyses import Result, get_analysis
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import UsageError, parse_day
from yuqing.store.base import Store


def _span(text: str, name: str) -> tuple[int, int]:
    try:
        a, b = text.split(":") if ":" in text else text.split("..")
        return int(a), int(b)
    except ValueError as exc:
        raise UsageError(f"{name}: {text!r} is not A:B (e.g. -1:1)") from exc


def parse_event(spec: str) -> tuple[date, str]:
    day, _, label = spec.partition(":")
    d = parse_day(day, "--event")
    assert d is not None
    return d, label or d.isoformat()


def events_from_store(store: Store, source: str, entity: str | None, match: list[str]) -> list[tuple[date, str]]:
    """Events from the events table (``timeline``/``store``) or trending bursts (``trending``)."""
    if source in ("timeline", "store"):
        sql = "SELECT date, label FROM events WHERE date IS NOT NULL"
        params: list[Any] = []
        if entity:
            sql += " AND (entity = ? OR description LIKE ?)"
            params += [entity, f"%{entity}%"]
        # one event per day: several articles reporting the same day give several rows
        by_day: dict[date, list[str]] = {}
        order = " ORDER BY date, CASE WHEN origin = 'manual' THEN 0 ELSE 1 END, label"
        for d, label in store.fetchall(sql + order, params):
            labels = by_day.setdefault(d, [])
            if str(label) not in labels:
                labels.append(str(label))
        return [(d, " / ".join(labels[:3]) + (" …" if len(labels) > 3 else "")) for d, labels in by_day.items()]
    if source == "trending":
        if not match:
            raise UsageError("--events-from trending needs --match TERM (the watched terms)")
        res = get_analysis("trending")(match=tuple(match)).run(store)
        bursts = res.data.get("bursts", [])
        return [(date.fromisoformat(str(b["start"])[:10]), f"trending burst {b['start']}") for b in bursts]
    raise UsageError(f"--events-from {source!r}: use timeline, store or trending")


def _chart(res: Result, path: Path | None, title: str) -> None:
    if path and res.chart:
        from yuqing.reports.charts import save_chart

        save_chart(path, res.chart, title, _draw(res) if path.suffix.lower() in (".png", ".svg") else None)
        console.print(f"chart written to {path}")


def _draw(res: Result) -> Any:
    opt = res.chart or {}

    def draw(ax: Any) -> None:
        xs = opt["xAxis"][0]["data"] if isinstance(opt.get("xAxis"), list) else opt["xAxis"]["data"]
        s = opt["series"][0]
        import pandas as pd

        ax.plot(pd.to_datetime(xs), s["data"], lw=1)
        for m in (s.get("markLine") or {}).get("data", []):
            ax.axvline(pd.to_datetime(m["xAxis"]), color="red", lw=0.8, ls="--")
            ax.annotate(m["name"], (pd.to_datetime(m["xAxis"]), ax.get_ylim()[1]), rotation=90, va="top", fontsize=7)

    return draw


def impact(
    ctx: typer.Context,
    symbol: str = typer.Argument(..., help="Price series symbol, e.g. 1810.HK"),
    index: str = typer.Option(..., "--index", help="Market index symbol for the market model, e.g. ^HSI"),
    event: list[str] = typer.Option([], "--event", help="DATE[:label], repeatable"),
    events_from: str = typer.Option(None, "--events-from", help="timeline|store (events table) or trending"),
    entity: str = typer.Option(None, "--entity", help="Only events about this entity (with --events-from)"),
    match: list[str] = typer.Option([], "--match", help="Watched terms for --events-from trending"),
    estimation: str = typer.Option("-250:-30", "--estimation", help="Estimation window in trading days"),
    window: list[str] = typer.Option([], "--window", help="Event window A:B (repeatable; default 0:0 -1:1 0:5)"),
    adjustment: str = typer.Option("none", "--adjustment", help="Price adjustment: none or qfq"),
    chart: Path = typer.Option(None, "--chart", help="Write the chart (.html, .png or .svg)"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Event study: abnormal returns (AR), CAR with t-statistics and p-values per event window."""
    store = get_ctx(ctx).store(read_only=True)
    events = [parse_event(e) for e in event]
    if events_from:
        events += events_from_store(store, events_from, entity, match)
    if not events:
        raise UsageError("no events: give --event DATE[:label] or --events-from")
    windows = tuple(_span(w, "--window") for w in window) or ((0, 0), (-1, 1), (0, 5))
    res = get_analysis("impact")(symbol=symbol, index=index, events=tuple(events), estimation=_span(estimation, "--estimation"),
                     windows=windows, adjustment=adjustment).run(store)
    emit(res.rows, fmt, data=res.data, title=f"event study {symbol} vs {index}")
    if fmt is Format.table:
        for ev in res.data["events"]:
            for w in ev["warnings"]:
                console.print(f"{ev['label']}: {w}")
            if ev["overlaps"]:
                console.print(f"{ev['label']}: overlaps with {', '.join(ev['overlaps'])}")
    _chart(res, chart, f"{symbol}: events and CAR")


def drawdown(
    ctx: typer.Context,
    symbol: str = typer.Argument(...),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until", help="The 'as of' day (last session on or before it)"),
    shares: float = typer.Option(None, "--shares", help="Shares outstanding, for market-value change"),
    adjustment: str = typer.Option("none", "--adjustment"),
    chart: Path = typer.Option(None, "--chart"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Change from the period high (close and intraday), max drawdown and market-value change."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("drawdown")(symbol=symbol, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                   shares=shares, adjustment=adjustment).run(store)
    emit(res.rows, fmt, data=res.data, title=f"drawdown {symbol}")
    _chart(res, chart, f"{symbol} close")


def leadlag(
    ctx: typer.Context,
    symbol: str = typer.Argument(...),
    series: str = typer.Option(..., "--series", help="Opinion series KIND:ARG, e.g. trending:雷军|小米"),
    index: str = typer.Option(None, "--index", help="Use market-model abnormal returns against this index"),
    maxlag: int = typer.Option(5, "--maxlag"),
    since: str = typer.Option(None, "--since"),
    until: str = typer.Option(None, "--until"),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Cross-correlation at lags 0..maxlag and Granger tests between an opinion series and returns."""
    store = get_ctx(ctx).store(read_only=True)
    res = get_analysis("leadlag")(symbol=symbol, series=series, index=index, maxlag=maxlag, since=parse_day(since, "--since"),
                  until=parse_day(until, "--until")).run(store)
    emit(res.rows, fmt, data=res.data, title=f"lead-lag {series} vs {symbol} (n={res.data['n']})")
    if fmt is Format.table:
        for c in res.data["caveats"]:
            console.print(f"caveat: {c}")


def register(app: typer.Typer) -> None:
    app.command()(impact)
    app.command()(drawdown)
    app.command()(leadlag)
