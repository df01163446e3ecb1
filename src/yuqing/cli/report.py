"""``yuqing report ENTITY`` (or ``--subject NAME``): the situation report as a standalone HTML file (and PDF)."""

from __future__ import annotations

from pathlib import Path

import typer

from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, console, emit
from yuqing.core import parse_day


def report(
    ctx: typer.Context,
    entity: str = typer.Argument(None, help="The account (id, platform:id or name) the report is about; "
                                            "optional with --subject (then it overrides the subject's entity)."),
    subject_name: str = typer.Option(None, "--subject", help="A stored subject (yuqing subject add|load); the "
                                                             "options given here override its fields."),
    since: str = typer.Option(None, "--since", help="First local day, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="Last local day, YYYY-MM-DD."),
    out: Path = typer.Option(Path("report.html"), "--out", "-o", help="HTML file to write."),
    pdf: Path = typer.Option(None, "--pdf", help="Also print the report to this PDF (headless Chromium)."),
    company: str = typer.Option(None, "--company", help="Entity name for news (timeline); default ENTITY."),
    symbol: str = typer.Option(None, "--symbol", help="Share symbol for market sections, e.g. 1810.HK."),
    index: str = typer.Option(None, "--index", help="Market index symbol, e.g. ^HSI."),
    series: str = typer.Option(None, "--series", help="Opinion series for lead-lag, e.g. trending:小米."),
    match: list[str] = typer.Option(None, "--match", help="Terms for trending lists (repeatable)."),
    platform: str = typer.Option(None, "--platform"),
    only: list[str] = typer.Option(None, "--only", help="Only these analyses (repeatable)."),
    claim: str = typer.Option(None, "--claim", help="A claimed quote to trace to its origin (quote_trace)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Write a situation report: a section per available analysis, a sentence per finding built from the
    computed figures, charts, and an appendix with the records behind every figure. Sections without data say so."""
    from yuqing.cli.subject import subject_for
    from yuqing.reports import write_report

    store = get_ctx(ctx).store(read_only=True)
    subject = subject_for(store, entity, subject_name, company=company, symbol=symbol, index=index, series=series,
                          platform=platform, terms=list(match or ()))
    entity = subject.entity
    rep = write_report(store, entity, parse_day(since, "--since"), parse_day(until, "--until"), out,
                       pdf, subject=subject, names=list(only) if only else None,
                       overrides={"quote_trace": {"claim": claim}} if claim else None)
    data = {**rep.as_dict(), "html": str(out), "pdf": str(pdf) if pdf else None}
    rows = [{"section": s["analysis"], "status": s["status"], "findings": len(s["findings"]),
             "reason": s["reason"]} for s in data["sections"]]
    emit(rows, fmt, data=data, title=f"report on {entity}")
    if fmt is Format.table:
        console.print(f"wrote {out}" + (f" and {pdf}" if pdf else ""))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
