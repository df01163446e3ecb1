"""``yuqing incidents [--subject NAME | --account A]`` and ``yuqing incidents show ID``: the subject's incidents.

The ``incidents`` analysis (docs/incidents.md) runs with its parameters filled from the subject (a stored one with
``--subject``, the options given here overriding its fields). ``show ID`` prints one incident's dossier: its
detections per side of the story, what could not be computed and why, and the event study with the incident's
start as event date; ``--show-records`` lists the stored records behind one detection (its evidence key).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import typer

from yuqing.analyses import Result, Subject, get_analysis, plan
from yuqing.cli._app import get_ctx
from yuqing.cli._options import FMT, SINCE, UNTIL
from yuqing.cli._output import Format, console, emit
from yuqing.cli._results import records
from yuqing.cli.subject import subject_for
from yuqing.core import NotFoundError, UsageError, parse_day
from yuqing.store.base import Store

app = typer.Typer(help="Incidents about a subject: detections of every analysis joined, with their dossiers.",
                  invoke_without_command=True, no_args_is_help=False)

ENTITY = typer.Option(None, "--account", help="The subject's account (id or name), when no --subject is stored")
SUBJECT = typer.Option(None, "--subject", help="A stored subject (yuqing subject add|load)")
COMPANY = typer.Option(None, "--company", help="Organisation name (news timeline)")
SYMBOL = typer.Option(None, "--symbol", help="Share symbol, e.g. 1810.HK")
INDEX = typer.Option(None, "--index", help="Market index symbol, e.g. ^HSI")
SERIES = typer.Option(None, "--series", help="Opinion series for lead-lag, e.g. trending:小米")
MATCH = typer.Option(None, "--match", help="Terms for trending lists (repeatable)")


def _subject(store: Store, entity: str | None, subject_name: str | None, **flags: Any) -> Subject:
    return subject_for(store, entity, subject_name, missing="give --subject NAME or --account ACCOUNT", **flags)


def compute(store: Store, subject: Subject, since: date | None, until: date | None) -> Result:
    cls = get_analysis("incidents")
    params, why = plan(cls, subject, since, until, store)
    if params is None:
        raise UsageError(f"incidents: {why}")
    return cls(**params).run(store)


@app.callback()
def incidents(
    ctx: typer.Context,
    entity: str = ENTITY, subject_name: str = SUBJECT, company: str = COMPANY, symbol: str = SYMBOL,
    index: str = INDEX, series: str = SERIES, match: list[str] = MATCH, since: str = SINCE, until: str = UNTIL,
    fmt: Format = FMT,
) -> None:
    """List the subject's incidents, most severe first (JSON: see docs/incidents.md)."""
    if ctx.invoked_subcommand is not None:
        return
    store = get_ctx(ctx).store(read_only=True)
    subject = _subject(store, entity, subject_name, company=company, symbol=symbol, index=index, series=series,
                       platform=None, terms=list(match or ()))
    res = compute(store, subject, parse_day(since, "--since"), parse_day(until, "--until"))
    emit(res.rows, fmt, data=res.data, title=f"incidents about {subject.name} ({len(res.rows)})")


@app.command("show")
def show(
    ctx: typer.Context,
    incident: str = typer.Argument(..., help="Incident id (or a unique prefix) from `yuqing incidents`"),
    entity: str = ENTITY, subject_name: str = SUBJECT, company: str = COMPANY, symbol: str = SYMBOL,
    index: str = INDEX, series: str = SERIES, match: list[str] = MATCH, since: str = SINCE, until: str = UNTIL,
    show_records: str = typer.Option(None, "--show-records", help="Print the stored records behind one detection "
                                                                   "(its evidence key)"),
    fmt: Format = FMT,
) -> None:
    """One incident's dossier: detections per side of the story, what is missing and why, the event study."""
    store = get_ctx(ctx).store(read_only=True)
    subject = _subject(store, entity, subject_name, company=company, symbol=symbol, index=index, series=series,
                       platform=None, terms=list(match or ()))
    res = compute(store, subject, parse_day(since, "--since"), parse_day(until, "--until"))
    found = [i for i in res.data["incidents"] if str(i["id"]).startswith(incident)]
    if len(found) != 1:
        raise NotFoundError("incident", incident, [str(i["id"]) for i in res.data["incidents"]][:8])
    inc = found[0]
    if show_records:
        if show_records not in res.evidence or not show_records.startswith(inc["id"]):
            keys = [k for k in res.evidence if k.startswith(inc["id"])]
            raise NotFoundError("evidence key", show_records, keys[:8])
        recs = records(store, res.evidence[show_records])
        emit(recs, fmt, data={"key": show_records, "records": recs}, title=f"records behind {show_records}")
        return
    rows: list[dict[str, Any]] = []
    for dim, part in inc["parts"].items():
        for d in part["detections"]:
            rows.append({"side": dim, "kind": d["kind"], "start": d["start"], "end": d["end"],
                         "magnitude": d["magnitude"], "label": d["label"], "evidence": d["evidence"]})
        for m in part["missing"]:
            rows.append({"side": dim, "kind": "not computed", "label": f"{m['analysis']}: {m['reason']}"})
    for w in (inc.get("market") or {}).get("windows") or []:
        rows.append({"side": "market", "kind": f"CAR{w['window']}", "start": inc["market"]["event_date"],
                     "magnitude": w["car"], "label": f"p = {w['p']:.2g}" if w.get("p") is not None else "",
                     "evidence": w["evidence"]})
    emit(rows, fmt, data=inc, title=f"incident {inc['id']}: {inc['start']} to {inc['end']}, severity "
         f"{inc['severity']} of 6 ({', '.join(inc['dimensions'])})")
    if fmt is Format.table:
        console.print(f"likely trigger: {inc['trigger']['kind']}: {inc['trigger']['label']}", highlight=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="incidents")
