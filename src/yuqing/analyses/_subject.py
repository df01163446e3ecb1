"""What an analysis is run about, and how a subject fills an analysis's parameters.

A :class:`Subject` names an account (the leader), the organisation it stands for, a share symbol, a market index,
an opinion series and trending terms. Each analysis declares in ``subject_params`` which of the
:data:`SUBJECT_FIELDS` fills which of its parameters; :func:`plan` applies that for a subject and a date range.
A parameter that is required and unknown makes the plan say what is missing; nothing is guessed.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date
from typing import Any

from yuqing.analyses._registry import Analysis
from yuqing.store.base import Store

SUBJECT_FIELDS: dict[str, str] = {
    "account": "the subject's account (its id or name; the entity when no account is given)",
    "account_target": "'account:' + the account, the target form of mood",
    "organisation": "the organisation (company) name; the entity when none is given",
    "symbol": "the share symbol",
    "index": "the market index symbol",
    "series": "an opinion series spec such as trending:TERM|TERM",
    "platform": "one platform to restrict to",
    "terms": "terms searched in trending lists (given ones, else entity, account and organisation names)",
    "events": "dated events stored in the range (day precision)",
}


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

    def field(self, name: str) -> Any:
        """The value of one of :data:`SUBJECT_FIELDS` (``events`` needs the store: see :func:`plan`)."""
        who = self.account or self.entity
        values: dict[str, Any] = {
            "account": who, "account_target": f"account:{who}", "organisation": self.company or self.entity,
            "symbol": self.symbol, "index": self.index, "series": self.series, "platform": self.platform,
            "terms": self.match_terms(),
        }
        return values.get(name)


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


def plan(
    cls: type[Analysis],
    subject: Subject,
    since: date | None,
    until: date | None,
    store: Store | None = None,
    overrides: dict[str, Any] | None = None,
) -> tuple[dict[str, Any] | None, str]:
    """Constructor arguments for ``cls`` from the subject and range, or (None, reason) when some are missing.

    ``since``/``until`` fill the parameters of those names; overrides win over everything.
    """
    sig = inspect.signature(cls.__init__)
    params: dict[str, Any] = {}
    missing: list[str] = []
    for name, p in sig.parameters.items():
        if name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        val: Any = None
        source = cls.subject_params.get(name)
        if overrides and name in overrides:
            val = overrides[name]
        elif name in ("since", "until"):
            val = since if name == "since" else until
        elif source == "events" and store is not None:
            val = stored_events(store, since, until)
            if not val:
                missing.append(f"{name} (no dated events stored in the range)")
                continue
        elif source is not None:
            val = subject.field(source)
        if val is None:
            if p.default is inspect.Parameter.empty or name in cls.required:
                missing.append(name)
            continue
        params[name] = val
    if missing:
        return None, "not configured: needs " + ", ".join(missing)
    return params, ""
