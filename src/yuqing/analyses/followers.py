"""``followers``: follower series per platform, change over a window, data glitches flagged and excluded.

Glitch detection is a Hampel filter on log10(followers): each snapshot is compared with the median of its
neighbours (``half_window`` on each side, truncated at the ends of the series). It is a glitch when it deviates
from that median by more than ``n_sigma`` robust standard deviations (1.4826 x MAD of the window) *and* by more
than ``min_rel`` relative change. A one-day −6.3M Douyin drop and counts 100x too large are both caught; a steady
real loss is not (the median follows it). Glitches whose ratio to the median is within 15% of 100 or 1/100 are
typed ``x100`` / ``/100``, others ``spike`` / ``drop``. Changes are computed on the cleaned series.

JSON: ``{"account","window_days","until","platforms":[{"platform","account_id","points","first","last",
"glitches":[{"date","followers","expected","ratio","type","record"}],
"change":{"from":{"date","followers","record"},"to":{...},"change","pct"}|null,
"worst_window":{"from":{...},"to":{...},"change","pct"}|null,"series":[{"date","followers","glitch"}]}]}``.

Signals (:meth:`Followers.signals`), one line per kind:

* ``follower_drop``: per platform, the worst window when it lost followers; start/end = its first and last snapshot
  day, magnitude = followers lost (a positive number, ``-change``), the relative change in the label; evidence
  ``<platform> worst window``. Glitches are data errors, not signals.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from yuqing.analyses._audience import resolve, tz_hours
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, local_day, pct
from yuqing.core import ref
from yuqing.store.base import Store


def hampel(values: np.ndarray, half_window: int = 3, n_sigma: float = 3.0, min_rel: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """(is_outlier, median of neighbours) for a positive series, on the log scale."""
    n = len(values)
    out = np.zeros(n, dtype=bool)
    med = np.full(n, np.nan)
    lv = np.log10(np.maximum(values.astype(float), 1.0))
    for i in range(n):
        lo, hi = max(0, i - half_window), min(n, i + half_window + 1)
        nb = np.concatenate([lv[lo:i], lv[i + 1 : hi]])
        if len(nb) < 2:
            continue
        m = float(np.median(nb))
        mad = 1.4826 * float(np.median(np.abs(nb - m)))
        med[i] = 10**m
        dev = abs(lv[i] - m)
        out[i] = dev > n_sigma * mad and abs(10**dev - 1) > min_rel
    return out, med




def _kind(ratio: float) -> str:
    if abs(ratio / 100 - 1) < 0.15:
        return "x100"
    if abs(ratio * 100 - 1) < 0.15:
        return "/100"
    return "spike" if ratio > 1 else "drop"


@register_analysis
class Followers(Analysis):
    name = "followers"
    description = "Follower series per platform, change over a window, glitches flagged (Hampel filter) and excluded."
    title = "Followers"
    order = 30
    subject_params: ClassVar[dict[str, str]] = {"account": "account", "platform": "platform"}
    required = ("account",)

    def __init__(
        self,
        account: str = "",
        window_days: int = 30,
        until: date | None = None,
        platform: str | None = None,
        half_window: int = 3,
        n_sigma: float = 3.0,
        min_rel: float = 0.01,
    ) -> None:
        self.account = account
        self.window_days = window_days
        self.until = until
        self.platform = platform
        self.half_window = half_window
        self.n_sigma = n_sigma
        self.min_rel = min_rel

    def findings(self, res: Result) -> list[Finding]:
        out: list[Finding] = []
        for p in res.data.get("platforms") or []:
            pf = p.get("platform")
            ch = p.get("change")
            if ch:
                out.append(Finding(f"On {pf}, followers went from {ch['from']['followers']:,} ({ch['from']['date']}) to "
                                   f"{ch['to']['followers']:,} ({ch['to']['date']}): {ch['change']:+,} "
                                   f"({pct(ch['pct'])}).", evidence_key(res, f"{pf} change")))
            w = p.get("worst_window")
            if w and w.get("change", 0) < 0:
                out.append(Finding(f"The worst {res.data.get('window_days')}-day window on {pf} lost "
                                   f"{-w['change']:,} followers ({pct(w['pct'])}), {w['from']['date']} to "
                                   f"{w['to']['date']}.", evidence_key(res, f"{pf} worst window")))
            for g in p.get("glitches") or []:
                out.append(Finding(f"On {pf}, the count of {g['followers']:,} on {g['date']} is a data glitch "
                                   f"({g['type']}, {g['ratio']}x the neighbouring median {g['expected']:,}) and was "
                                   "excluded.", evidence_key(res, f"{pf} glitch {g['date']}")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        out: list[Detection] = []
        for p in res.data.get("platforms") or []:
            w = p.get("worst_window")
            if not w or w.get("change", 0) >= 0:
                continue
            pf = p.get("platform")
            out.append(Detection(self.name, "follower_drop", local_day(w["from"]["date"]), local_day(w["to"]["date"]),
                                 float(-w["change"]), f"{pf}: lost {-w['change']:,} followers ({pct(w['pct'])}) "
                                 f"from {w['from']['followers']:,}", evidence_key(res, f"{pf} worst window")))
        return out

    def run(self, store: Store) -> Result:
        acc = resolve(store, self.account, self.platform)
        f = store.table("follower_snapshots")
        cond = f.account_id == acc.account_id
        if acc.name:
            cond = cond | (f.account_name == acc.name)
        if self.platform:
            cond = cond & (f.platform == self.platform)
        df = f.filter(cond).select("platform", "account_id", "observed_at", "tz", "followers").execute()
        df = df[df["followers"].notna() & df["observed_at"].notna()]
        plats: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        for (platform, aid), g in df.groupby(["platform", "account_id"], sort=True):
            p = self._platform(str(platform), str(aid), g.sort_values("observed_at").reset_index(drop=True), evidence)
            plats.append(p)
            ch, worst = p["change"], p["worst_window"]
            rows.append({"platform": platform, "account_id": aid, "points": p["points"], "glitches": len(p["glitches"]),
                         "from": ch["from"]["date"] if ch else None, "to": ch["to"]["date"] if ch else None,
                         "change": ch["change"] if ch else None, "pct": ch["pct"] if ch else None,
                         "worst_from": worst["from"]["date"] if worst else None,
                         "worst_to": worst["to"]["date"] if worst else None,
                         "worst_change": worst["change"] if worst else None})
        data = {"account": {"platform": acc.platform, "account_id": acc.account_id, "name": acc.name},
                "window_days": self.window_days, "until": self.until, "platforms": plats}
        return Result(self.name, self.get_params(), data, rows, evidence, self._chart(plats, acc.label()) if plats else None)

    def _platform(self, platform: str, aid: str, g: pd.DataFrame, evidence: dict[str, list[str]]) -> dict[str, Any]:
        obs = pd.to_datetime(g["observed_at"])
        local = obs + pd.to_timedelta([tz_hours(t, 8.0) for t in g["tz"]], unit="h")
        g = g.assign(day=local.dt.date, obs=obs)
        if self.until:
            g = g[g["day"] <= self.until].reset_index(drop=True)
        recs = [ref("follower_snapshots", platform, aid, o.isoformat()) for o in g["obs"]]
        vals = g["followers"].to_numpy(dtype=float)
        bad, med = hampel(vals, self.half_window, self.n_sigma, self.min_rel) if len(vals) else (np.array([], bool), np.array([]))
        glitches = []
        for i in np.flatnonzero(bad):
            ratio = float(vals[i] / med[i])
            glitches.append({"date": g["day"].iloc[i], "followers": int(vals[i]), "expected": round(med[i]),
                             "ratio": round(ratio, 4), "type": _kind(ratio), "record": recs[i]})
            evidence[f"{platform} glitch {g['day'].iloc[i].isoformat()}"] = [recs[i]]
        good = [i for i in range(len(vals)) if not bad[i]]

        def point(i: int) -> dict[str, Any]:
            return {"date": g["day"].iloc[i], "followers": int(vals[i]), "record": recs[i]}

        change = worst = None
        if good:
            end = good[-1]
            start_day = g["day"].iloc[end] - timedelta(days=self.window_days)
            before = [i for i in good if g["day"].iloc[i] <= start_day]
            a = before[-1] if before else good[0]
            if a != end:
                change = {"from": point(a), "to": point(end), "change": int(vals[end] - vals[a]),
                          "pct": round(float(vals[end] / vals[a] - 1), 6)}
                evidence[f"{platform} change"] = [recs[a], recs[end]]
            worst = self._worst(g, vals, good, point)
            if worst:
                evidence[f"{platform} worst window"] = [worst["from"]["record"], worst["to"]["record"]]
        return {
            "platform": platform, "account_id": aid, "points": len(vals),
            "first": point(0) if len(vals) else None, "last": point(len(vals) - 1) if len(vals) else None,
            "glitches": glitches, "change": change, "worst_window": worst,
            "series": [{"date": g["day"].iloc[i], "followers": int(vals[i]), "glitch": bool(bad[i])} for i in range(len(vals))],
        }

    def _worst(self, g: pd.DataFrame, vals: np.ndarray, good: list[int], point: Any) -> dict[str, Any] | None:
        """The largest loss between two clean snapshots at most ``window_days`` apart."""
        best: tuple[float, int, int] | None = None
        days = [g["day"].iloc[i] for i in good]
        j0 = 0
        for jj, j in enumerate(good):
            while days[jj] - days[j0] > timedelta(days=self.window_days):
                j0 += 1
            for ii in range(j0, jj):
                d = vals[j] - vals[good[ii]]
                if best is None or d < best[0]:
                    best = (float(d), good[ii], j)
        if best is None:
            return None
        _, a, b = best
        return {"from": point(a), "to": point(b), "change": int(vals[b] - vals[a]), "pct": round(float(vals[b] / vals[a] - 1), 6)}

    @staticmethod
    def _chart(plats: list[dict[str, Any]], who: str) -> dict[str, Any]:
        days = sorted({s["date"] for p in plats for s in p["series"]})
        x = [d.isoformat() for d in days]
        series = []
        for i, p in enumerate(plats):
            by = {s["date"]: s for s in p["series"]}
            series.append({
                "name": p["platform"], "type": "line", "yAxisIndex": min(i, 1), "showSymbol": False, "connectNulls": True,
                "data": [None if (d not in by or by[d]["glitch"]) else by[d]["followers"] for d in days],
                "markPoint": {"data": [{"name": f"glitch {gl['type']}", "coord": [gl["date"].isoformat(), gl["expected"]],
                                        "value": gl["followers"]} for gl in p["glitches"]]},
            })
        return {
            "title": {"text": f"{who}: followers (glitches marked, excluded)"},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 28},
            "xAxis": {"type": "category", "data": x},
            "yAxis": [{"type": "value", "scale": True}, {"type": "value", "scale": True}],
            "series": series,
        }
