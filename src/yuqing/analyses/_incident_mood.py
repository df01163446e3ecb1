"""The audience's mood around an incident: before, during and after, from the mood analysis's daily figures.

Each window pools the mood result's days (volume-weighted share negative): the ``days`` before the incident's
start, the incident's own days, and the ``days`` after its end. The most-liked negative items of the incident's
days (what the mood analysis keeps as evidence per day) are listed as the incident's evidence.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from yuqing.analyses._registry import Result


def _pool(periods: dict[str, dict[str, Any]], lo: date, hi: date) -> dict[str, Any]:
    days = [periods[d] for d in sorted(periods) if lo.isoformat() <= d <= hi.isoformat()]
    vol = sum(int(p.get("volume") or 0) for p in days)
    neg = sum(float(p.get("share_negative") or 0) * int(p.get("volume") or 0) for p in days)
    return {"from": lo.isoformat(), "to": hi.isoformat(), "days_with_items": len(days), "volume": vol,
            "share_negative": round(neg / vol, 4) if vol else None}


def mood_windows(mood: Result, start: date, end: date, days: int = 7) -> tuple[dict[str, Any], list[str]] | None:
    """``({"before", "during", "after"}, refs of the most-liked negative items during)``; None unless daily."""
    if mood.data.get("by") != "day":
        return None
    periods = {str(p["period"])[:10]: p for p in mood.data.get("periods") or [] if p.get("period")}
    windows = {
        "before": _pool(periods, start - timedelta(days=days), start - timedelta(days=1)),
        "during": _pool(periods, start, end),
        "after": _pool(periods, end + timedelta(days=1), end + timedelta(days=days)),
    }
    refs: list[str] = []
    d = start
    while d <= end:
        refs += [r for r in mood.evidence.get(f"{d.isoformat()}:negative", []) if r not in refs]
        d += timedelta(days=1)
    return windows, refs
