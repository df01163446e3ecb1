"""How timeline entries read and chart: one-line labels with human numbers ("43.791 million"), the first day
of a normalised date, and the ECharts scatter of entries by date and number of sources."""

from __future__ import annotations

from datetime import date
from typing import Any


def human(v: float) -> str:
    """43791000 → "43.791 million", 5e11 → "500 billion", 117000 → "117,000"."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= scale:
            return f"{v / scale:,.4f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{v:,.3f}".rstrip("0").rstrip(".")


def _value_label(v: dict[str, Any], change: bool) -> str:
    unit = v["unit"] or ""
    sign = {"down": "down ", "up": "up "}.get(v.get("direction") or "", "") if change else ""
    approx = {">": "over ", "<": "under ", "~": "about "}.get(v.get("approx") or "", "")
    num = human(v["value"])
    body = f"{num}%" if unit == "%" else (f"{num} {unit}".strip())
    return f"{sign}{approx}{body}"


def label(e: dict[str, Any]) -> str:
    """One line for an entry: the event text, "ENTITY METRIC: v1 | v2" for figures, "SPEAKER: “…”" for quotes."""
    if e["type"] == "figure":
        vals = list(dict.fromkeys(_value_label(v, e["kind"] == "change") for v in e["values"]))
        return f"{e['text']}: {' | '.join(vals)}" + (" (sources disagree)" if e.get("conflict") else "")
    if e["type"] == "quote":
        return f"{e['speaker']}: “{e['text']}”"
    return str(e["text"])


def timeline_chart(entries: list[dict[str, Any]], entity: str) -> dict[str, Any]:
    pts = []
    for e in entries:
        x = chart_day(e["date"])
        if x is not None:
            pts.append(
                {"value": [x.isoformat(), len(e["sources"])], "name": label(e)[:160], "type": e["type"]}
            )
    return {
        "title": {"text": f"Timeline: {entity}"},
        "tooltip": {"trigger": "item", "formatter": "{b}"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": "sources", "minInterval": 1},
        "series": [
            {
                "name": t,
                "type": "scatter",
                "symbolSize": 14,
                "data": [{"value": p["value"], "name": p["name"]} for p in pts if p["type"] == t],
            }
            for t in ("event", "figure", "quote")
        ],
        "legend": {"data": ["event", "figure", "quote"]},
    }


def chart_day(d: str | None) -> date | None:
    """First day of a normalised date ("2025-03" → 2025-03-01, "2025-Q3" → 2025-07-01); None without a year."""
    if not d or d.startswith("--"):
        return None
    try:
        if "-Q" in d:
            return date(int(d[:4]), 3 * int(d[-1]) - 2, 1)
        if "-H" in d:
            return date(int(d[:4]), 6 * int(d[-1]) - 5, 1)
        if len(d) == 10:
            return date.fromisoformat(d)
        if len(d) == 7:
            return date(int(d[:4]), int(d[5:]), 1)
        return date(int(d[:4]), 1, 1)
    except ValueError:
        return None


__all__ = ["chart_day", "human", "label", "timeline_chart"]
