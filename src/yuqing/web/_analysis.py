"""Any registered analysis by name, from query-string parameters: the generic page and the JSON API.

The query's parameters are the analysis's own, as text (converted by the annotations through
:meth:`~yuqing.analyses.Analysis.from_strings`; tuples comma-separated, dates ``YYYY-MM-DD``; an empty value is
"not given"). ``entity`` names a subject (``subject`` does too, and is the only name when the analysis has a
parameter called ``entity``); with a subject, or when the dashboard was started with one, the parameters not
given are filled by :func:`yuqing.analyses.plan` (``subject_params``), including those that cannot be written
as text (dated events from the store). A required parameter still unknown is a clear 400, naming it.

Results are cached per analysis and parameters until the next ingest (:meth:`AppState.cached`).
"""

from __future__ import annotations

import types
import typing
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson

from yuqing.analyses import Analysis, Detection, Finding, Result, Subject, get_analysis, plan
from yuqing.core import NotFoundError, UsageError, parse_day
from yuqing.reports.charts import display_option
from yuqing.web import _queries as q
from yuqing.web._state import AppState

SUBJECT = "subject"
ENTITY = "entity"
MAX_ROWS = 500
_SCALARS: tuple[Any, ...] = (str, int, float, bool, date, datetime, Any)


def textual(ann: Any) -> bool:
    """Whether a value of this annotation can be given as text (what ``from_strings`` converts)."""
    if ann in _SCALARS:
        return True
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if origin in (typing.Union, types.UnionType):
        return any(textual(a) for a in args if a is not type(None))
    if origin in (tuple, list):
        inner = args[0] if args else str
        return typing.get_origin(inner) in (None, typing.Union, types.UnionType) and textual(inner)
    return False


def to_text(v: Any) -> str:
    """A parameter value as the text ``from_strings`` reads back (None is empty)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date | datetime):
        return v.isoformat()
    if isinstance(v, tuple | list):
        return ",".join(to_text(x) for x in v)
    return str(v)


def subject_key(cls: type[Analysis]) -> str:
    """The query name of the subject for ``cls``: ``entity``, or ``subject`` when ``entity`` is a parameter."""
    return SUBJECT if any(p.name == ENTITY for p in cls.parameters()) else ENTITY


def _hints(cls: type[Analysis]) -> dict[str, Any]:
    return typing.get_type_hints(cls.__init__)


def _day(text: str | None) -> date | None:
    """The day a since/until value starts with, for the plan's range (a bad value is reported when converted)."""
    try:
        return parse_day(text[:10], "day") if text else None
    except UsageError:
        return None


@dataclass
class FieldView:
    """One parameter as the form shows it; ``source`` is given, subject or default."""

    name: str
    annotation: str
    required: bool
    default: str
    value: str
    as_text: bool
    source: str
    subject_field: str | None


@dataclass
class Prepared:
    """An analysis ready to run (``analysis``), or why it cannot (``needed``), with its form and links."""

    cls: type[Analysis]
    query: dict[str, str]
    subject: Subject | None
    subject_key: str
    fields: list[FieldView] = field(default_factory=list)
    analysis: Analysis | None = None
    needed: str = ""
    error: str = ""


@dataclass
class Run:
    analysis: Analysis
    result: Result
    findings: list[Finding]
    signals: list[Detection]


def prepare(state: AppState, name: str, query: Mapping[str, str], reserved: tuple[str, ...] = ()) -> Prepared:
    """The analysis ``name`` with the query's parameters, the rest filled from the subject (if any).

    Raises NotFoundError for an unknown analysis; unknown parameters and bad values are stated in ``error``, a
    missing required parameter in ``needed`` (:func:`execute` raises them as UsageError), so a page can show the
    form beside the message.
    """
    cls = get_analysis(name)
    skey = subject_key(cls)
    raw = {k: v for k, v in query.items() if k not in reserved and v.strip()}
    entity = raw.pop(SUBJECT, None)
    if skey == ENTITY:
        entity = raw.pop(ENTITY, None) or entity
    links = dict(raw)
    if entity:
        links[skey] = entity
    params = cls.parameters()
    known = {p.name for p in params}
    unknown = sorted(set(raw) - known)
    error = ""
    if unknown:
        error = (f"{cls.name}: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
                 f" (and {skey}=NAME for a subject)")
        raw = {k: v for k, v in raw.items() if k in known}
    subject = state.subject(entity) if entity else state.default_subject()
    planned: dict[str, Any] = {}
    needed = ""
    if subject is not None:
        with state.lock:
            got, why = plan(cls, subject, _day(raw.get("since")), _day(raw.get("until")), state.store, raw)
        if got is None:
            needed = (f"{cls.name} needs the parameter(s) {why.removeprefix('not configured: needs ')}, which the "
                      f"subject {subject.entity!r} does not provide: give them below or in the query")
        else:
            planned = {k: v for k, v in got.items() if k not in raw}
    else:
        missing = [p.name for p in params if p.required and p.name not in raw]
        if missing:
            needed = (f"{cls.name} needs the parameter(s) {', '.join(missing)}: give them below or in the query "
                      f"(?{missing[0]}=...), or name a subject (?{skey}=NAME) to fill them from it")
    hints = _hints(cls)
    prep = Prepared(cls, links, subject, skey, needed=needed, error=error)
    if not needed and not error:
        texts = {k: to_text(v) for k, v in planned.items() if textual(hints.get(k, str))}
        rest = {k: v for k, v in planned.items() if k not in texts}
        try:
            analysis = cls.from_strings({**texts, **raw})
        except UsageError as exc:
            prep.error = str(exc)
        else:
            if rest:  # what only the store or subject can give (dated events): constructor parameters as they are
                analysis = cls(**{**analysis.get_params(), **rest})
            prep.analysis = analysis
    current = prep.analysis.get_params() if prep.analysis is not None else {}
    for p in params:
        if p.name in current:
            value = to_text(current[p.name])
        else:
            value = raw.get(p.name) or to_text(planned.get(p.name, p.default))
        source = "given" if p.name in raw else "subject" if p.name in planned else "default"
        prep.fields.append(FieldView(p.name, p.annotation, p.required, to_text(p.default), value,
                                     textual(hints.get(p.name, str)), source, p.subject_field))
    return prep


def _frozen(params: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, repr(v)) for k, v in params.items()))


def execute(state: AppState, prep: Prepared) -> Run:
    """Run the prepared analysis (cached per name and parameters until the next ingest)."""
    analysis = prep.analysis
    if analysis is None:
        raise UsageError(prep.error or prep.needed)

    def make() -> Run:
        res = analysis.run(state.store)
        if res.empty:
            return Run(analysis, res, [], [])
        return Run(analysis, res, analysis.findings(res), analysis.signals(res))

    with state.lock:
        run: Run = state.cached(("analysis", prep.cls.name, _frozen(analysis.get_params())), make)
    return run


def evidence_refs(run: Run, key: str) -> list[str]:
    ev = run.result.evidence
    if key not in ev:
        raise NotFoundError("evidence", f"{run.result.analysis}: {key}", list(ev)[:8])
    return list(ev[key])


def as_json(run: Run) -> dict[str, Any]:
    """The API document of a run: the result, its findings and its dated detections (plain JSON)."""
    res = run.result
    return q.jsonable_dict({
        "analysis": res.analysis, "params": res.params, "data": res.data, "rows": res.rows,
        "evidence": res.evidence, "chart": res.chart,
        "findings": [{"text": f.text, "evidence": f.evidence} for f in run.findings],
        "signals": [d.as_dict() for d in run.signals],
    })


def describe(cls: type[Analysis]) -> dict[str, Any]:
    """A registered analysis as ``/api/analyses`` lists it."""
    hints = _hints(cls)
    return {
        "name": cls.name, "title": cls.section_title(), "order": cls.order, "description": cls.description,
        "parameters": [{"name": p.name, "annotation": p.annotation, "default": q.jsonable(p.default),
                        "required": p.required, "subject_field": p.subject_field,
                        "as_text": textual(hints.get(p.name, str))} for p in cls.parameters()],
    }


# ------------------------------------------------------------------------------------------------- links
def href(name: str, query: Mapping[str, str] | None = None, suffix: str = "") -> str:
    """``/analysis/{name}{suffix}?query`` (empty values left out)."""
    qs = urllib.parse.urlencode({k: v for k, v in (query or {}).items() if v})
    return f"/analysis/{q.quote(name)}{suffix}" + (f"?{qs}" if qs else "")


def section_href(name: str, params: Mapping[str, Any], entity: str | None) -> str:
    """The generic page of a report section: its parameters (those that differ from the defaults) and subject."""
    cls = get_analysis(name)
    hints = _hints(cls)
    defaults = {p.name: p.default for p in cls.parameters()}
    query = {k: to_text(v) for k, v in params.items()
             if v is not None and textual(hints.get(k, str)) and not (k in defaults and v == defaults[k])}
    if entity:
        query[subject_key(cls)] = entity
    return href(cls.name, query)


def evidence_href(prep: Prepared, key: str) -> str:
    return href(prep.cls.name, {**prep.query, "key": key}, "/evidence")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, dict | list | tuple):
        return orjson.dumps(v, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
    return str(v)


def _chart(option: dict[str, Any] | None) -> dict[str, Any] | None:
    if not option:
        return None
    return display_option(option)


def page_context(prep: Prepared, run: Run | None, error: str = "") -> dict[str, Any]:
    """What ``analysis.html.j2`` shows: the form, and for a run its findings, chart, signals, rows, evidence."""
    cls = prep.cls
    ctx: dict[str, Any] = {
        "name": cls.name, "title": cls.section_title(), "description": cls.description, "fields": prep.fields,
        "action": href(cls.name), "subject": prep.subject, "subject_key": prep.subject_key,
        "entity": prep.query.get(prep.subject_key, ""), "needed": prep.needed, "error": error or prep.error,
        "run": run,
    }
    if run is None:
        return ctx
    res = run.result
    ev = res.evidence
    cols: list[str] = []
    for r in res.rows:
        cols += [c for c in r if c not in cols]
    ctx.update(
        findings=[{"text": f.text, "key": f.evidence if f.evidence in ev else None,
                   "n": len(ev.get(f.evidence, [])) if f.evidence else 0,
                   "href": evidence_href(prep, f.evidence) if f.evidence in ev else ""} for f in run.findings],
        chart=_chart(res.chart), columns=cols, n_rows=len(res.rows),
        rows=[[_cell(r.get(c)) for c in cols] for r in res.rows[:MAX_ROWS]],
        signals=[{**d.as_dict(), "href": evidence_href(prep, d.evidence) if d.evidence in ev else ""}
                 for d in run.signals],
        evidence=[{"key": k, "n": len(v), "href": evidence_href(prep, k)} for k, v in ev.items()],
    )
    return ctx
