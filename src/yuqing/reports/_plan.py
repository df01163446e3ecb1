"""Which analyses a report shows, and with which parameters.

A report is about a :class:`Subject` (an account, the company it stands for, a share symbol, ...). Every
registered analysis becomes a section; its constructor's parameters are filled from the subject and the date
range by name (``account``, ``entity``, ``symbol``, ``index``, ``series``, ``platform``, ``since``, ``until``,
``events``). A section whose required parameter is unknown says so ("not configured"); one whose analysis
raises a clear error or returns nothing says "no data" with the reason. Nothing is guessed.
"""

from __future__ import annotations

import inspect
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from yuqing.analyses._registry import Analysis, Result, analyses
from yuqing.errors import YuqingError
from yuqing.store.base import Store

log = logging.getLogger(__name__)

# Sections in reading order; analyses not listed follow, alphabetically.
SECTION_ORDER = (
    "cadence", "silences", "followers", "mood", "sentiment", "trending", "bursts", "timeline",
    "coordination", "quote_archive", "quote_trace", "impact", "drawdown", "leadlag",
)
TITLES = {
    "cadence": "Posting cadence", "silences": "Silences and returns", "followers": "Followers",
    "mood": "Mood of the comments", "sentiment": "Sentiment", "trending": "Trending lists",
    "bursts": "Bursts of attention", "timeline": "News timeline", "coordination": "Coordinated accounts",
    "quote_archive": "Quotes archive", "quote_trace": "Tracing a claimed quote",
    "impact": "Market impact of events", "drawdown": "Share price drawdown",
    "leadlag": "Opinion and returns: lead-lag",
}
# parameters that must be known (a non-empty value) for the analysis to mean anything
_NEEDED = ("account", "entity", "symbol", "series", "target", "claim")


@dataclass(frozen=True)
class Subject:
    """What the report is about. ``entity`` is the name given on the command line (an account by default)."""

    entity: str
    account: str | None = None
    company: str | None = None
    symbol: str | None = None
    index: str | None = None
    series: str | None = None
    platform: str | None = None
    terms: tuple[str, ...] = ()

    def match_terms(self) -> tuple[str, ...]:
        """Terms searched in trending lists: the given ones, else the entity and company names."""
        return self.terms or tuple(dict.fromkeys(t for t in (self.entity, self.account, self.company) if t))

    def value(self, param: str) -> Any:
        return {
            "account": self.account or self.entity,
            "entity": self.company or self.entity,
            "symbol": self.symbol,
            "index": self.index,
            "series": self.series,
            "platform": self.platform,
            "target": f"account:{self.account or self.entity}",
            "speaker": self.account or self.entity,
        }.get(param)


@dataclass
class Section:
    name: str
    title: str
    description: str
    status: str  # ok | no_data | not_configured | error
    reason: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None


def ordered_names(names: list[str] | None = None) -> list[str]:
    regs = list(analyses()) if names is None else names
    first = [n for n in SECTION_ORDER if n in regs]
    return first + sorted(n for n in regs if n not in first)


def stored_events(store: Store, since: date | None, until: date | None) -> tuple[tuple[date, str], ...]:
    """Dated events of the ``events`` table within the range (day precision), for event studies."""
    sql = "SELECT date, label FROM events WHERE date IS NOT NULL AND (precision IS NULL OR precision = 'day')"
    args: list[Any] = []
    if since:
        sql += " AND date >= ?"
        args.append(since)
    if until:
        sql += " AND date <= ?"
        args.append(until)
    rows = store.fetchall(sql + " ORDER BY date, label", args)
    return tuple((r[0], str(r[1] or "event")) for r in rows)


def plan_params(
    cls: type[Analysis],
    subject: Subject,
    since: date | None,
    until: date | None,
    store: Store | None = None,
    overrides: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """Constructor arguments for ``cls`` from the subject, or (None, reason) when a needed one is unknown."""
    sig = inspect.signature(cls.__init__)
    params: dict[str, Any] = {}
    missing: list[str] = []
    for name, p in sig.parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        val: Any = None
        if overrides and name in overrides:
            val = overrides[name]
        elif name == "since":
            val = since
        elif name == "until":
            val = until
        elif name == "match":
            if "tuple" not in str(p.annotation):  # a single-term filter (e.g. bursts) narrows; leave it unset
                continue
            val = subject.match_terms()
        elif name == "events" and store is not None:
            val = stored_events(store, since, until)
            if not val:
                missing.append("events (no dated events stored in the range)")
                continue
        else:
            val = subject.value(name)
        if val is None:
            if p.default is inspect.Parameter.empty or (name in _NEEDED and p.default in ("", None)):
                missing.append(name)
            continue
        params[name] = val
    if missing:
        return None, "not configured: needs " + ", ".join(missing)
    return params, ""


def run_section(
    store: Store,
    name: str,
    subject: Subject,
    since: date | None,
    until: date | None,
    overrides: dict[str, Any] | None = None,
) -> Section:
    cls = analyses()[name]
    title = TITLES.get(name, name.replace("_", " ").capitalize())
    sec = Section(name, title, cls.description, "ok")
    params, why = plan_params(cls, subject, since, until, store, overrides)
    if params is None:
        sec.status, sec.reason = "not_configured", why
        return sec
    sec.params = params
    try:
        res = cls(**params).run(store)
    except YuqingError as exc:
        sec.status, sec.reason = "no_data", str(exc)
        return sec
    except Exception as exc:  # an analysis bug must not take the whole report down; it is shown as an error
        log.exception("analysis %s failed", name)
        sec.status, sec.reason = "error", f"{type(exc).__name__}: {exc}"
        return sec
    sec.result = res
    if res.empty:
        sec.status, sec.reason = "no_data", "no records in the range"
    return sec


def run_sections(
    store: Store,
    subject: Subject,
    since: date | None,
    until: date | None,
    names: list[str] | None = None,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Section]:
    """Run every (or the named) registered analysis for the subject and range, in reading order."""
    return [run_section(store, n, subject, since, until, (overrides or {}).get(n)) for n in ordered_names(names)]
