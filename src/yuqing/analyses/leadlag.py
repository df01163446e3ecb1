"""``leadlag``: does an opinion series lead share returns (or follow them)?

Cross-correlations of the opinion series x with returns r at lags 0..k in both directions
(x_{t−k} vs r_t: opinion leads; r_{t−k} vs x_t: returns lead), and Granger-causality F-tests
(statsmodels, ssr F test) in both directions. Caveats are part of the output.

JSON: ``{"symbol","series","returns":"raw|abnormal","n","crosscorr":[{"lag","opinion_leads":{"r","p","n"},
"returns_lead":{"r","p","n"}}],"granger":{"opinion_causes_returns":[{"lag","F","p"}],
"returns_cause_opinion":[...]},"caveats":[...]}``

Evidence (the records behind the compared figures):

* ``returns``: the price rows ``prices/<symbol>/<date>/<adjustment>`` of the symbol (and of the index, when one is
  given) on every compared session and the session before the first (the close its return starts from); with an
  index the market model behind the abnormal returns is fitted on every stored paired session, which is not listed;
* ``opinion``: the records the opinion series counts on the compared sessions (the days after the session before the
  first, to the last): ``trending/<platform>/<list_date>/<rank>/<title>`` for ``trending``/``trending-count``,
  ``posts/<platform>/<post_id>`` for ``posts``/``comments``/``match``, ``follower_snapshots/<platform>/<id>/<time>``
  for ``followers`` (with the snapshot the first day-over-day change starts from).

Signals: none. Lead-lag statistics describe the whole range, not a dated event.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from yuqing.analyses._eventstudy import fit_market_model
from yuqing.analyses._opinion_series import build_series, series_refs, to_sessions
from yuqing.analyses._prices import load_prices, paired_returns
from yuqing.analyses._registry import Analysis, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key
from yuqing.core import ref
from yuqing.store.base import Store

CAVEATS = [
    "Correlation at a lag is not causation; Granger causality only means past values help predict.",
    "p-values are per lag and uncorrected for testing several lags and both directions.",
    "Granger tests assume stationary series; returns are, raw counts and heat may not be (try differencing).",
    "Opinion on non-trading days is added to the next trading session.",
]


def _corr(x: np.ndarray, y: np.ndarray) -> dict[str, Any]:
    ok = ~(np.isnan(x) | np.isnan(y))
    n = int(ok.sum())
    if n < 4 or np.std(x[ok]) == 0 or np.std(y[ok]) == 0:
        return {"r": None, "p": None, "n": n}
    from scipy import stats

    r, p = stats.pearsonr(x[ok], y[ok])
    return {"r": float(r), "p": float(p), "n": n}


@register_analysis
class LeadLag(Analysis):
    name = "leadlag"
    description = "Cross-correlation (lags 0..k) and Granger tests between an opinion series and returns."
    title = "Opinion and returns: lead-lag"
    order = 140
    subject_params: ClassVar[dict[str, str]] = {"symbol": "symbol", "series": "series", "index": "index"}
    required = ("symbol", "series")

    def __init__(
        self,
        symbol: str = "",
        series: str = "",
        index: str | None = None,
        maxlag: int = 5,
        since: date | None = None,
        until: date | None = None,
        adjustment: str = "none",
    ) -> None:
        self.symbol = symbol
        self.series = series
        self.index = index
        self.maxlag = maxlag
        self.since = since
        self.until = until
        self.adjustment = adjustment

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        out = [Finding(f"{d.get('n')} days of {d.get('series')} and {d.get('symbol')} returns were compared "
                       f"({d.get('first')} to {d.get('last')}).", evidence_key(res, "opinion"))]
        for c in (d.get("crosscorr") or [])[:3]:
            o = c.get("opinion_leads") or {}
            if o.get("r") is not None:
                out.append(Finding(f"At lag {c['lag']} days, opinion leading returns: r = {o['r']:.2f} "
                                   f"(p = {o['p']:.2g}, n = {o['n']}).", evidence_key(res, "returns")))
        return out

    def run(self, store: Store) -> Result:
        if self.index:
            px = paired_returns(store, self.symbol, self.index, self.adjustment)
            model = fit_market_model(px["ret"].to_numpy()[1:], px["mret"].to_numpy()[1:])
            px["r"] = px["ret"] - model.expected(px["mret"].to_numpy())
        else:
            px = load_prices(store, self.symbol, self.adjustment)
            px["r"] = px["close"] / px["close"].shift(1) - 1
        days_all = list(px["date"])
        if self.since:
            px = px[px["date"] >= self.since]
        if self.until:
            px = px[px["date"] <= self.until]
        opinion = to_sessions(build_series(store, self.series), list(px["date"]))
        df = pd.DataFrame({"date": list(px["date"]), "r": px["r"].to_numpy()})
        df["x"] = df["date"].map(opinion).astype(float).fillna(0.0)
        if not opinion.empty:
            first, last = min(opinion.index), max(opinion.index)
            df = df[(df["date"] >= first) & (df["date"] <= last)]
        df = df.dropna(subset=["r"]).reset_index(drop=True)
        r = df["r"].to_numpy(dtype=float)
        x = df["x"].to_numpy(dtype=float)
        cc: list[dict[str, Any]] = []
        for k in range(self.maxlag + 1):
            lead = _corr(x[: len(x) - k], r[k:]) if k else _corr(x, r)
            lag = _corr(r[: len(r) - k], x[k:]) if k else _corr(r, x)
            cc.append({"lag": k, "opinion_leads": lead, "returns_lead": lag})
        granger: dict[str, list[dict[str, Any]]] = {"opinion_causes_returns": _granger(r, x, self.maxlag),
                   "returns_cause_opinion": _granger(x, r, self.maxlag)}
        data: dict[str, Any] = {"symbol": self.symbol, "series": self.series, "returns": "abnormal" if self.index else "raw",
                "n": len(df), "first": df["date"].min() if len(df) else None,
                "last": df["date"].max() if len(df) else None,
                "crosscorr": cc, "granger": granger, "caveats": CAVEATS}
        rows = []
        for c in cc:
            g1 = next((g for g in granger["opinion_causes_returns"] if g["lag"] == c["lag"]), {})
            g2 = next((g for g in granger["returns_cause_opinion"] if g["lag"] == c["lag"]), {})
            rows.append({"lag": c["lag"], "r(opinion→returns)": c["opinion_leads"]["r"],
                         "p": c["opinion_leads"]["p"], "r(returns→opinion)": c["returns_lead"]["r"],
                         "p ": c["returns_lead"]["p"], "granger p (opinion→returns)": g1.get("p"),
                         "granger p (returns→opinion)": g2.get("p")})
        chart = {"title": {"text": f"cross-correlation {self.series} vs {self.symbol}"},
                 "legend": {}, "tooltip": {"trigger": "axis"},
                 "xAxis": {"type": "category", "data": [c["lag"] for c in cc], "name": "lag (sessions)"},
                 "yAxis": {"type": "value"},
                 "series": [{"type": "bar", "name": "opinion leads", "data": [c["opinion_leads"]["r"] for c in cc]},
                            {"type": "bar", "name": "returns lead", "data": [c["returns_lead"]["r"] for c in cc]}]}
        evidence = self._evidence(store, days_all, list(px["date"]), list(df["date"])) if len(df) else {}
        return Result(self.name, self.get_params(), data, rows, evidence, chart)

    def _evidence(self, store: Store, days_all: list[date], sessions: list[date],
                  compared: list[date]) -> dict[str, list[str]]:
        first, last = compared[0], compared[-1]
        i = days_all.index(first)
        start = days_all[i - 1] if i > 0 else first  # the close the first return starts from
        syms = [(self.symbol, self.adjustment)]
        if self.index:  # as paired_returns reads it
            syms.append((self.index, "none" if self.adjustment == "qfq" else self.adjustment))
        evidence = {"returns": [ref("prices", sym, d.isoformat(), adj) for sym, adj in syms
                                for d in days_all if start <= d <= last]}
        # opinion on the days after the previous session counts towards a session (see to_sessions)
        j = sessions.index(first)
        opinion = series_refs(store, self.series, sessions[j - 1] if j > 0 else None, last)
        if opinion:
            evidence["opinion"] = opinion
        return evidence


def _granger(y: np.ndarray, x: np.ndarray, maxlag: int) -> list[dict[str, Any]]:
    """Does x Granger-cause y? ssr F-test per lag 1..maxlag (empty when too short or constant)."""
    if maxlag < 1 or len(y) < 3 * maxlag + 5 or np.std(x) == 0 or np.std(y) == 0:
        return []
    from statsmodels.tsa.stattools import grangercausalitytests

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = grangercausalitytests(np.column_stack([y, x]), maxlag=maxlag)
    return [{"lag": k, "F": float(v[0]["ssr_ftest"][0]), "p": float(v[0]["ssr_ftest"][1])} for k, v in res.items()]
