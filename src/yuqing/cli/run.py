"""``yuqing run NAME --param k=v``: run any registered analysis (built-in or plugin) by name.

``yuqing run`` alone lists the registered analyses; ``yuqing run NAME --params`` lists one analysis's parameters
(name, type, default, whether required, which subject field fills it in a report). Values are converted by the
parameter's annotation (dates as YYYY-MM-DD, tuples as comma-separated values). ``--findings`` prints the
analysis's sentences, ``--signals`` its dated detections; the other options are those of the named commands.
``--subject NAME`` fills the parameters not given with ``--param`` from a stored subject, as the report does
(:func:`yuqing.analyses.plan` with the analysis's ``subject_params``; ``since``/``until`` come from ``--param``).
"""

from __future__ import annotations

import typing
from datetime import date
from pathlib import Path
from typing import Any

import typer

from yuqing.analyses import Analysis, convert, get_analysis, get_subject, ordered, plan
from yuqing.cli._app import get_ctx
from yuqing.cli._output import Format, emit
from yuqing.cli._results import finish
from yuqing.core import UsageError
from yuqing.store import Store


def parse_params(items: list[str]) -> dict[str, str]:
    """``["by=week", "account=周明"]`` → ``{"by": "week", "account": "周明"}`` (a repeated name is an error)."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep or not key:
            raise UsageError(f"--param {item!r}: use NAME=VALUE")
        if key in out:
            raise UsageError(f"--param {key} given twice")
        out[key] = value
    return out


def subject_analysis(cls: type[Analysis], raw: dict[str, str], subject_name: str, store: Store) -> Analysis:
    """``cls`` with the given parameters (converted), the others filled from the stored subject by
    :func:`yuqing.analyses.plan`; a usage error names what neither gives."""
    known = {p.name for p in cls.parameters()}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise UsageError(f"{cls.name}: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    hints = typing.get_type_hints(cls.__init__)
    overrides = {k: convert(v, hints.get(k, str), f"{cls.name}.{k}") for k, v in raw.items()}
    subject = get_subject(store, subject_name)
    since, until = overrides.get("since"), overrides.get("until")
    params, why = plan(cls, subject, since if isinstance(since, date) else None,
                       until if isinstance(until, date) else None, store, overrides)
    if params is None:
        raise UsageError(f"{cls.name} with subject {subject.name!r}: {why} (give --param NAME=...)")
    return cls(**params)


def _param_rows(cls: type[Analysis]) -> list[dict[str, Any]]:
    return [{"name": p.name, "type": p.annotation, "default": p.default, "required": p.required,
             "subject_field": p.subject_field} for p in cls.parameters()]


def run(
    ctx: typer.Context,
    name: str = typer.Argument(None, help="Registered analysis (omit to list them)"),
    param: list[str] = typer.Option([], "--param", "-p", help="NAME=VALUE (repeatable)"),
    subject_name: str = typer.Option(None, "--subject", help="Fill the parameters not given with --param from "
                                                             "this stored subject (yuqing subject add|load)"),
    params: bool = typer.Option(False, "--params", help="List the analysis's parameters and exit"),
    findings: bool = typer.Option(False, "--findings", help="Print the analysis's sentences (with evidence keys)"),
    signals: bool = typer.Option(False, "--signals", help="Print the analysis's dated detections"),
    evidence: bool = typer.Option(False, "--evidence", help="Include the record references behind each figure"),
    show_records: str = typer.Option(None, "--show-records", help="Print the stored records behind one figure"),
    chart: Path = typer.Option(None, "--chart", help="Write the chart: .html (ECharts, offline), .png or .svg"),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, json (stable) or csv"),
) -> None:
    """Run any registered analysis by name with --param NAME=VALUE."""
    if not name:
        emit([{"name": c.name, "title": c.section_title(), "description": c.description} for c in ordered()], fmt,
             title="registered analyses")
        return
    cls = get_analysis(name)
    if params:
        emit(_param_rows(cls), fmt, data={"analysis": cls.name, "parameters": _param_rows(cls)},
             title=f"parameters of {cls.name}")
        return
    raw = parse_params(param)
    if subject_name:
        store = get_ctx(ctx).store(read_only=True)
        analysis = subject_analysis(cls, raw, subject_name, store)
    else:
        missing = [p.name for p in cls.parameters() if p.required and not raw.get(p.name)]
        if missing:
            raise UsageError(f"{cls.name} needs " + " ".join(f"--param {m}=..." for m in missing))
        analysis = cls.from_strings(raw)
        store = get_ctx(ctx).store(read_only=True)
    res = analysis.run(store)
    if findings or signals:
        found = [{"text": f.text, "evidence": f.evidence} for f in analysis.findings(res)] if findings else []
        dets = [d.as_dict() for d in analysis.signals(res)] if signals else []
        rows = found + dets
        data: dict[str, Any] = {"analysis": cls.name, "params": res.params}
        if findings:
            data["findings"] = found
        if signals:
            data["signals"] = dets
        emit(rows, fmt, data=data, title=f"{cls.section_title()}: " + " and ".join(
            w for w, on in (("findings", findings), ("signals", signals)) if on))
        return
    finish(ctx, res, fmt, cls.section_title(), evidence, show_records, chart)


def register(app: typer.Typer) -> None:
    app.command("run")(run)
