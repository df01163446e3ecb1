"""Formatting helpers for the sentences of :meth:`Analysis.findings` (figures only, never a guess)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from yuqing.analyses._registry import Result


def pct(x: float) -> str:
    """A signed percentage with one decimal: 0.123 -> '+12.3%'."""
    return f"{x * 100:+.1f}%"


def num(x: Any) -> str:
    """A price-like figure, readable: 2 decimals (thousands separated); other values unchanged."""
    return f"{x:,.2f}" if isinstance(x, float) else str(x)


def iso(v: Any) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def evidence_key(res: Result, key: str) -> str | None:
    """``key`` when the result has evidence under it, else None (a finding never points at nothing)."""
    return key if key in res.evidence else None


def who(d: dict[str, Any]) -> str:
    acc = d.get("account") or {}
    return str(acc.get("name") or acc.get("account_id") or "the account") if isinstance(acc, dict) else str(acc)


def local_day(v: date | datetime | str) -> date:
    """The day of a figure's date: a date, a datetime (its date) or either in ISO form."""
    if isinstance(v, datetime):
        return v.date()
    return v if isinstance(v, date) else datetime.fromisoformat(v).date()
