"""``drawdown``: change from the period high and market-value change, to check claims such as
"down over 30% from the year's high of HK$61.45" and "market value evaporated by over HK$500 billion".

JSON: ``{"symbol","since","until","as_of":{"date","close"},"high_close":{"date","close"},
"high_intraday":{"date","high"},"change_from_high_close","change_from_high_intraday",
"max_drawdown":{"peak_date","peak","trough_date","trough","change"},"shares","market_value":{...}|null}``.

Signals (:meth:`Drawdown.signals`), one line per kind:

* ``drawdown``: the maximum drawdown when the close fell at all; start = the peak's session, end = the trough's,
  magnitude = the change from peak to trough (a negative fraction: -0.2 is -20%); evidence ``max drawdown``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from yuqing.analyses._prices import as_float, load_prices
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, local_day, num, pct
from yuqing.core import ref
from yuqing.store.base import Store


@register_analysis
class Drawdown(Analysis):
    name = "drawdown"
    description = "Change from the period's high (close and intraday), maximum drawdown, market-value change."
    title = "Share price drawdown"
    order = 130
    subject_params: ClassVar[dict[str, str]] = {"symbol": "symbol"}
    required = ("symbol",)

    def __init__(
        self,
        symbol: str = "",
        since: date | None = None,
        until: date | None = None,
        shares: float | None = None,
        adjustment: str = "none",
    ) -> None:
        self.symbol = symbol
        self.since = since
        self.until = until
        self.shares = shares
        self.adjustment = adjustment

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        out: list[Finding] = []
        a, h = d.get("as_of") or {}, d.get("high_close") or {}
        if a and h:
            out.append(Finding(f"{d['symbol']} closed at {num(a['close'])} on {a['date']}, "
                               f"{pct(d['change_from_high_close'])} from its highest close {num(h['close'])} on "
                               f"{h['date']}.", evidence_key(res, "close as of")))
        m = d.get("max_drawdown") or {}
        if m:
            out.append(Finding(f"The largest fall was {pct(m['change'])}, from {num(m['peak'])} on {m['peak_date']} "
                               f"to {num(m['trough'])} on {m['trough_date']}.", evidence_key(res, "max drawdown")))
        mv = d.get("market_value") or {}
        if mv.get("change_from_high_close") is not None:
            out.append(Finding(f"At {d.get('shares'):,.0f} shares, market value changed by "
                               f"{mv['change_from_high_close']:,.0f} since the highest close."))
        return out

    def signals(self, res: Result) -> list[Detection]:
        m = res.data.get("max_drawdown") or {}
        if not m or not m["change"] < 0:
            return []
        peak, trough = local_day(m["peak_date"]), local_day(m["trough_date"])
        return [Detection(self.name, "drawdown", peak, trough, float(m["change"]),
                          f"{res.data.get('symbol')} fell {pct(m['change'])}, from {num(m['peak'])} on "
                          f"{peak.isoformat()} to {num(m['trough'])} on {trough.isoformat()}",
                          evidence_key(res, "max drawdown"))]

    def run(self, store: Store) -> Result:
        df = load_prices(store, self.symbol, self.adjustment)
        if self.since:
            df = df[df["date"] >= self.since]
        if self.until:
            df = df[df["date"] <= self.until]
        params = self.get_params()
        if df.empty:
            return Result(self.name, params, {"symbol": self.symbol, "since": self.since, "until": self.until,
                                              "as_of": None, "rows": 0}, [], {}, None)
        df = df.reset_index(drop=True)
        last = df.iloc[-1]
        hc = df.loc[df["close"].idxmax()]
        hi_col = df["high"].fillna(df["close"])
        hi = df.loc[hi_col.idxmax()]
        hi_val = float(hi_col.max())
        running_peak = df["close"].cummax()
        dd = df["close"] / running_peak - 1
        t_i = int(dd.idxmin())
        p_i = int(df["close"][: t_i + 1].idxmax())
        close = float(last["close"])
        data: dict[str, Any] = {
            "symbol": self.symbol,
            "since": self.since,
            "until": self.until,
            "as_of": {"date": last["date"], "close": close},
            "high_close": {"date": hc["date"], "close": float(hc["close"])},
            "high_intraday": {"date": hi["date"], "high": hi_val},
            "change_from_high_close": close / float(hc["close"]) - 1,
            "change_from_high_intraday": close / hi_val - 1,
            "max_drawdown": {"peak_date": df["date"][p_i], "peak": float(df["close"][p_i]),
                             "trough_date": df["date"][t_i], "trough": float(df["close"][t_i]),
                             "change": float(dd[t_i])},
            "shares": self.shares,
            "market_value": None,
        }
        if self.shares:
            data["market_value"] = {
                "at_high_close": float(hc["close"]) * self.shares,
                "as_of": close * self.shares,
                "change_from_high_close": (close - float(hc["close"])) * self.shares,
                "change_from_high_intraday": (close - hi_val) * self.shares,
            }
        rows = [
            {"figure": "close as of", "date": last["date"], "value": close},
            {"figure": "high (close)", "date": hc["date"], "value": float(hc["close"])},
            {"figure": "high (intraday)", "date": hi["date"], "value": hi_val},
            {"figure": "change from high close", "date": None, "value": data["change_from_high_close"]},
            {"figure": "change from intraday high", "date": None, "value": data["change_from_high_intraday"]},
            {"figure": "max drawdown", "date": df["date"][t_i], "value": float(dd[t_i])},
        ]
        if data["market_value"]:
            rows.append({"figure": "market value change from high close", "date": None,
                         "value": data["market_value"]["change_from_high_close"]})
        r: Callable[[date], str] = lambda d: ref("prices", self.symbol, d.isoformat(), self.adjustment)  # noqa: E731
        evidence = {
            "close as of": [r(last["date"])],
            "high (close)": [r(hc["date"])],
            "high (intraday)": [r(hi["date"])],
            "max drawdown": [r(df["date"][p_i]), r(df["date"][t_i])],
        }
        chart = {
            "title": {"text": f"{self.symbol} close"},
            "tooltip": {"trigger": "axis"},
            "xAxis": {"type": "category", "data": [d.isoformat() for d in df["date"]]},
            "yAxis": {"type": "value", "scale": True},
            "series": [{"type": "line", "data": [as_float(x) for x in df["close"]], "showSymbol": False,
                        "markPoint": {"data": [{"name": "high", "coord": [hc["date"].isoformat(), float(hc["close"])]},
                                               {"name": "as of", "coord": [last["date"].isoformat(), close]}]}}],
        }
        return Result(self.name, self.get_params(), data, rows, evidence, chart)


