"""``impact``: market-model event study of opinion events against a share price.

JSON (``yuqing impact ... --format json``)::

    {"symbol", "index", "adjustment", "estimation_window": [-250, -30], "windows": [[0,0],[-1,1],[0,5]],
     "events": [{"date", "label", "session", "tau0_index", "model": {"alpha","beta","sigma","n","r2"},
                 "windows": [{"window": "[0,0]", "car", "se", "t", "p", "days"}],
                 "abnormal_returns": [{"tau","date","ret","market_ret","ar"}],
                 "overlaps": [labels], "warnings": [...]}],
     "caveats": [...]}

Signals (:meth:`EventStudy.signals`), one line per kind:

* ``abnormal_return``: each event window whose CAR has p < 0.05 (``SIGNIFICANCE``); start = the event's session
  (or the window's first session when the window starts after it), end = the window's last session, magnitude = the CAR (a signed fraction: -0.09 is -9%), t and p in the label; evidence
  ``<label> CAR[a,b]``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import numpy as np

from yuqing.analyses._eventstudy import car_stat, fit_market_model, map_to_session
from yuqing.analyses._prices import paired_returns
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, pct
from yuqing.core import UsageError, ref
from yuqing.store.base import Store

#: the p-value under which an event window's CAR is a detection
SIGNIFICANCE = 0.05

CAVEATS = [
    "Abnormal returns come from a market model fitted on the estimation window; a different index or window "
    "changes them.",
    "Events close together share days: overlapping windows are flagged and their CARs are not independent.",
    "A significant CAR shows the price moved unusually around the date, not that the opinion event caused it.",
]


@register_analysis
class EventStudy(Analysis):
    name = "impact"
    description = "Market-model event study: abnormal and cumulative abnormal returns around opinion events."
    title = "Market impact of events"
    order = 120
    subject_params: ClassVar[dict[str, str]] = {"symbol": "symbol", "index": "index", "events": "events"}
    required = ("symbol",)

    def __init__(
        self,
        symbol: str = "",
        index: str = "",
        events: tuple[tuple[date, str], ...] = (),
        estimation: tuple[int, int] = (-250, -30),
        windows: tuple[tuple[int, int], ...] = ((0, 0), (-1, 1), (0, 5)),
        adjustment: str = "none",
        min_estimation: int = 60,
    ) -> None:
        self.symbol = symbol
        self.index = index
        self.events = events
        self.estimation = estimation
        self.windows = windows
        self.adjustment = adjustment
        self.min_estimation = min_estimation

    def findings(self, res: Result) -> list[Finding]:
        out: list[Finding] = []
        for r in res.rows:
            sig = "significant" if (r.get("p") is not None and r["p"] < 0.05) else "not significant"
            out.append(Finding(
                f"Around '{r['event']}' ({r['date']}), the abnormal return over {r['window']} was {pct(r['car'])} "
                f"(t = {r['t']:.2f}, p = {r['p']:.2g}, {sig} at 5%).",
                evidence_key(res, f"{r['event']} CAR{r['window']}")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        out: list[Detection] = []
        for ev in res.data.get("events") or []:
            day = {a["tau"]: a["date"] for a in ev.get("abnormal_returns") or []}
            for w in ev.get("windows") or []:
                if w.get("p") is None or not w["p"] < SIGNIFICANCE:
                    continue
                a, b = (int(x) for x in w["window"].strip("[]").split(","))
                if a not in day or b not in day:
                    continue
                out.append(Detection(self.name, "abnormal_return", date.fromisoformat(day[max(a, 0)]),
                                     date.fromisoformat(day[b]), float(w["car"]),
                                     f"{res.data.get('symbol')} around '{ev['label']}' ({ev['date']}): CAR{w['window']} "
                                     f"{pct(w['car'])} (t = {w['t']:.2f}, p = {w['p']:.2g})",
                                     evidence_key(res, f"{ev['label']} CAR{w['window']}")))
        return out

    def run(self, store: Store) -> Result:
        if not self.symbol or not self.index:
            raise UsageError("impact needs a symbol and an index (e.g. 1810.HK --index ^HSI)")
        lo, hi = self.estimation
        if not lo < hi < 0:
            raise UsageError(f"estimation window {lo}..{hi} must be before the event (e.g. -250..-30)")
        df = paired_returns(store, self.symbol, self.index, self.adjustment)
        days = list(df["date"])
        ret = df["ret"].to_numpy(dtype=float)
        mret = df["mret"].to_numpy(dtype=float)
        events_out: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        spans: list[tuple[int, int, str]] = []
        for ev_date, label in sorted(self.events):
            out: dict[str, Any] = {"date": ev_date.isoformat(), "label": label, "warnings": [], "overlaps": []}
            events_out.append(out)
            i0 = map_to_session(ev_date, days)
            if i0 is None:
                out["warnings"].append("after the last stored trading session")
                continue
            out["session"] = days[i0].isoformat()
            out["tau0_index"] = i0
            if days[i0] != ev_date:
                out["warnings"].append(f"not a trading day: mapped to the next session {days[i0].isoformat()}")
            est = [i for i in range(i0 + lo, i0 + hi + 1) if 1 <= i < len(days)]
            est = [i for i in est if not (np.isnan(ret[i]) or np.isnan(mret[i]))]
            if len(est) < self.min_estimation:
                out["warnings"].append(f"only {len(est)} estimation days (< {self.min_estimation}): skipped")
                continue
            model = fit_market_model(ret[est], mret[est])
            out["model"] = {"alpha": model.alpha, "beta": model.beta, "sigma": model.sigma, "n": model.n,
                            "r2": model.r2, "estimation": [days[est[0]].isoformat(), days[est[-1]].isoformat()]}
            wmin = min(a for a, _ in self.windows)
            wmax = max(b for _, b in self.windows)
            ars = []
            for tau in range(wmin, wmax + 1):
                i = i0 + tau
                if 1 <= i < len(days):
                    ars.append({"tau": tau, "date": days[i].isoformat(), "ret": float(ret[i]),
                                "market_ret": float(mret[i]), "ar": float(ret[i] - model.expected(mret[i]))})
            out["abnormal_returns"] = ars
            out["windows"] = []
            for a, b in self.windows:
                idx = [i0 + t for t in range(a, b + 1) if 1 <= i0 + t < len(days)]
                if len(idx) < b - a + 1:
                    out["warnings"].append(f"window [{a},{b}] runs past the stored prices")
                    continue
                st = car_stat(model, ret[idx], mret[idx], a, b)
                w = {"window": f"[{a},{b}]", "car": st.car, "se": st.se, "t": st.t, "p": st.p, "days": st.days}
                out["windows"].append(w)
                rows.append({"event": label, "date": out["session"], **w})
                evidence[f"{label} CAR[{a},{b}]"] = [
                    ref("prices", s, days[i].isoformat(), self.adjustment) for s in (self.symbol, self.index)
                    for i in [idx[0] - 1, *idx]
                ]
            spans.append((i0 + wmin, i0 + wmax, label))
        for ev in events_out:
            if "tau0_index" not in ev:
                continue
            mine = ev["tau0_index"]
            for s, e, other in spans:
                if other != ev["label"] and s <= mine + max(b for _, b in self.windows) and mine + min(
                    a for a, _ in self.windows
                ) <= e:
                    ev["overlaps"].append(other)
        data = {
            "symbol": self.symbol, "index": self.index, "adjustment": self.adjustment,
            "estimation_window": list(self.estimation), "windows": [list(w) for w in self.windows],
            "events": events_out, "caveats": CAVEATS,
        }
        return Result(self.name, self.get_params(), data, rows, evidence, _chart(df, events_out, self.symbol))


def _chart(df: Any, events: list[dict[str, Any]], symbol: str) -> dict[str, Any]:
    marks = [{"xAxis": e["session"], "name": e["label"]} for e in events if e.get("session")]
    car_main = [
        (e["label"], next((w["car"] for w in e.get("windows", []) if w["window"] == "[-1,1]"), None))
        for e in events
    ]
    return {
        "title": [{"text": f"{symbol} close with events"}, {"text": "CAR[-1,1] per event", "top": "62%"}],
        "tooltip": {"trigger": "axis"},
        "grid": [{"top": 40, "height": "45%"}, {"top": "70%", "height": "22%"}],
        "xAxis": [{"type": "category", "data": [d.isoformat() for d in df["date"]], "gridIndex": 0},
                  {"type": "category", "data": [c[0] for c in car_main], "gridIndex": 1}],
        "yAxis": [{"type": "value", "scale": True, "gridIndex": 0}, {"type": "value", "gridIndex": 1}],
        "series": [
            {"type": "line", "name": symbol, "data": [round(float(x), 4) for x in df["close"]], "showSymbol": False,
             "markLine": {"symbol": "none", "label": {"formatter": "{b}"}, "data": marks}},
            {"type": "bar", "name": "CAR[-1,1]", "xAxisIndex": 1, "yAxisIndex": 1,
             "data": [None if c[1] is None else round(c[1], 5) for c in car_main]},
        ],
    }
