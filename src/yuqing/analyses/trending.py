"""``trending``: appearances of watched terms in trending (hot-search) lists, per day, and their bursts.

An entry matches when its title contains any ``--match`` term. Per list day: matching entries, best (smallest)
rank, total heat. Bursts come from Kleinberg's batched burst automaton (:mod:`yuqing.analyses._burst`): in day t,
``r[t]`` of the ``d[t]`` entries of that day's list match; the base state expects the overall share of matching
entries, level i expects ``s**i`` times it. No count threshold: the stream's own base rate sets it.

``--since/--until`` select the days shown; the base rate comes from every list day (``base="all"``, so zooming in
does not move the bursts; bursts cut by the range say ``"clipped": true``) or from the range only (``base="range"``).

JSON: ``{"match","platform","since","until","base","days_listed","total_entries","matched_entries",
"days":[{"date","entries","best_rank","heat","listed","state"}],
"bursts":[{"start","end","days","level","weight","entries","best_rank","heat","peak_day","peak_heat","clipped"}]}``.

Signals (:meth:`Trending.signals`), one line per kind:

* ``trending_burst``: each burst of matching entries; start/end = its first and last list day, magnitude = matching
  entries in the burst (``entries``; heat is not comparable across platforms), best rank and peak heat in the label;
  evidence ``burst <start>``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import pandas as pd

from yuqing.analyses._burst import kleinberg_binomial
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, iso, local_day
from yuqing.core import UsageError, ref
from yuqing.store.base import Store


@register_analysis
class Trending(Analysis):
    name = "trending"
    description = "Watched terms in trending lists: per-day count, best rank, total heat, Kleinberg bursts."
    title = "Trending lists"
    order = 60
    subject_params: ClassVar[dict[str, str]] = {"match": "terms", "platform": "platform"}
    required = ()

    def __init__(
        self,
        match: tuple[str, ...] = (),
        since: date | None = None,
        until: date | None = None,
        platform: str | None = None,
        s: float = 3.0,
        gamma: float = 1.0,
        levels: int = 3,
        base: str = "all",
    ) -> None:
        self.match = match
        self.since = since
        self.until = until
        self.platform = platform
        self.s = s
        self.gamma = gamma
        self.levels = levels
        self.base = base

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        terms = ", ".join(d.get("match") or [])
        out = [Finding(f"{d.get('matched_entries', 0)} of {d.get('total_entries', 0)} trending entries on "
                       f"{d.get('days_listed', 0)} list days matched {terms}.")]
        for b in d.get("bursts") or []:
            out.append(Finding(f"Burst (level {b['level']}) from {b['start']} to {b['end']}: {b['entries']} entries, "
                               f"best rank {b['best_rank']}, peak heat {b['peak_heat']} on {b['peak_day']}.",
                               evidence_key(res, iso(b.get("peak_day")))))
        return out

    def signals(self, res: Result) -> list[Detection]:
        terms = ", ".join(res.data.get("match") or [])
        out: list[Detection] = []
        for b in res.data.get("bursts") or []:
            start, end = local_day(b["start"]), local_day(b["end"])
            clipped = " (cut by the range)" if b.get("clipped") else ""
            out.append(Detection(self.name, "trending_burst", start, end, float(b["entries"]),
                                 f"level {b['level']} trending burst of {terms}: {b['entries']} entries over "
                                 f"{b['days']} day(s), best rank {b['best_rank']}, peak heat {b['peak_heat']} on "
                                 f"{iso(b['peak_day'])}{clipped}", evidence_key(res, f"burst {start.isoformat()}")))
        return out

    def run(self, store: Store) -> Result:
        terms = [t for t in self.match if t]
        if not terms:
            raise UsageError("trending needs at least one --match TERM")
        t = store.table("trending")
        base = t
        if self.platform:
            base = base.filter(base.platform == self.platform)
        if self.base not in ("all", "range"):
            raise UsageError(f"base {self.base!r}: use all or range")
        # the automaton's base rate comes from every list day (base="all": zooming in does not move the bursts)
        # or from the selected range only (base="range")
        if self.base == "range" and self.since:
            base = base.filter(base.list_date >= self.since)
        if self.base == "range" and self.until:
            base = base.filter(base.list_date <= self.until)
        totals = base.group_by("list_date").aggregate(n=base.count()).execute()
        cond = None
        for term in terms:
            c = base.title.contains(term)
            cond = c if cond is None else (cond | c)
        hits = base.filter(cond).select("platform", "list_date", "rank", "title", "heat").execute()
        params = self.get_params()
        head: dict[str, Any] = {"match": terms, "platform": self.platform, "since": self.since, "until": self.until,
                                "base": self.base}
        totals["list_date"] = pd.to_datetime(totals["list_date"]).dt.date
        in_range = totals["list_date"].map(self._in_range) if len(totals) else totals["list_date"]
        if totals.empty or not bool(in_range.any()):
            data = {**head, "days_listed": 0, "total_entries": 0, "matched_entries": 0, "days": [], "bursts": []}
            return Result(self.name, params, data, [], {}, None)
        hits["list_date"] = pd.to_datetime(hits["list_date"]).dt.date
        tot = dict(zip(totals["list_date"], totals["n"].astype(int), strict=True))
        first, last = min(tot), max(tot)
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        by_day = dict(list(hits.groupby("list_date")))
        evidence: dict[str, list[str]] = {}
        rows: list[dict[str, Any]] = []
        for d in days:
            g = by_day.get(d)
            n = 0 if g is None else len(g)
            rows.append({"date": d, "entries": n, "best_rank": None if g is None else int(g["rank"].min()),
                         "heat": 0 if g is None else int(g["heat"].fillna(0).sum()), "listed": tot.get(d, 0)})
            if g is not None and self._in_range(d):
                evidence[d.isoformat()] = [ref("trending", p, d.isoformat(), int(r), ti)
                                           for p, r, ti in zip(g["platform"], g["rank"], g["title"], strict=True)]
        states, bursts = kleinberg_binomial([r["entries"] for r in rows], [r["listed"] for r in rows],
                                            s=self.s, gamma=self.gamma, levels=self.levels)
        for r, st in zip(rows, states, strict=True):
            r["state"] = int(st)
        out_b: list[dict[str, Any]] = []
        for b in bursts:
            seg = [r for r in rows[b.start : b.end + 1] if self._in_range(r["date"])]
            if not seg:
                continue
            peak = max(seg, key=lambda r: (r["heat"], r["entries"]))
            ranks = [r["best_rank"] for r in seg if r["best_rank"] is not None]
            item = {"start": seg[0]["date"], "end": seg[-1]["date"], "days": len(seg), "level": b.level,
                    "weight": round(b.weight, 2), "entries": sum(r["entries"] for r in seg),
                    "best_rank": min(ranks) if ranks else None, "heat": sum(r["heat"] for r in seg),
                    "peak_day": peak["date"], "peak_heat": peak["heat"], "clipped": len(seg) < b.end - b.start + 1}
            out_b.append(item)
            evidence[f"burst {item['start'].isoformat()}"] = [x for r in seg for x in evidence.get(r["date"].isoformat(), [])]
        rows = [r for r in rows if self._in_range(r["date"])]
        while rows and not rows[0]["listed"]:
            rows.pop(0)
        while rows and not rows[-1]["listed"]:
            rows.pop()
        data = {**head, "days_listed": sum(1 for r in rows if r["listed"]), "total_entries": sum(r["listed"] for r in rows),
                "matched_entries": sum(r["entries"] for r in rows), "days": rows, "bursts": out_b}
        return Result(self.name, params, data, rows, evidence, self._chart(rows, out_b, terms))

    def _in_range(self, d: date) -> bool:
        return (self.since is None or d >= self.since) and (self.until is None or d <= self.until)

    @staticmethod
    def _chart(rows: list[dict[str, Any]], bursts: list[dict[str, Any]], terms: list[str]) -> dict[str, Any]:
        x = [r["date"].isoformat() for r in rows]
        return {
            "title": {"text": f"trending: {' | '.join(terms)} (bursts shaded)"},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 28},
            "dataZoom": [{"type": "inside"}, {"type": "slider"}],
            "xAxis": {"type": "category", "data": x},
            "yAxis": [{"type": "value", "name": "heat"}, {"type": "value", "name": "best rank", "inverse": True, "min": 1}],
            "series": [
                {"name": "heat", "type": "bar", "data": [r["heat"] for r in rows],
                 "markArea": {"itemStyle": {"color": "rgba(255,120,0,0.18)"},
                              "data": [[{"name": f"burst L{b['level']}", "xAxis": b["start"].isoformat()},
                                        {"xAxis": b["end"].isoformat()}] for b in bursts]}},
                {"name": "best rank", "type": "scatter", "yAxisIndex": 1, "symbolSize": 5,
                 "data": [r["best_rank"] for r in rows]},
                {"name": "entries", "type": "line", "showSymbol": False, "data": [r["entries"] for r in rows]},
            ],
        }


