"""``bursts``: volume bursts on any post/comment stream, per hour or day, with Kleinberg's burst automaton.

The stream is chosen by ``account`` (posts written by an account), ``root`` (a post and every comment/repost
whose parent or root it is), ``match`` (posts whose text contains a term) or ``terms`` (posts whose text contains
any of several terms, e.g. a subject's names); they combine with AND. Counts per
local hour/day (the rows' ``tz``) feed the Poisson burst automaton of :mod:`yuqing.analyses._burst`: the base state
expects the stream's mean count per bin, level i expects ``s**i`` times it. ``gamma`` defaults to 1.5 (not
Kleinberg's 1): on flat Poisson(5) streams of 300 bins gamma=1 reported a spurious 3-bin burst in 3 of 20 seeds,
1.5 in none (tests/test_audience_burst.py).

JSON: ``{"stream":{"account","root","match"},"by","since","until","total","bins","first","last","mean_per_bin",
"peak":{"bin","count"},"bursts":[{"start","end","bins","level","weight","count","share","peak_bin","peak_count"}],
"series":[{"bin","count","state"}]}`` (``stream`` also has ``"terms"`` when terms are given).

Signals (:meth:`Bursts.signals`), one line per kind:

* ``burst``: each burst of the automaton; start/end = local days of its first and last bin, magnitude = items in the
  burst (``count``), level and peak in the label; evidence ``burst <start>``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar

import pandas as pd

from yuqing.analyses._audience import POST_COLS, clip_local, period_start, post_ref, resolve, with_local
from yuqing.analyses._burst import kleinberg_poisson
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, iso, local_day, pct
from yuqing.core import UsageError
from yuqing.store.base import Store


@register_analysis
class Bursts(Analysis):
    name = "bursts"
    description = "Volume bursts on a post/comment stream (account, root post or text match), Kleinberg automaton."
    title = "Bursts of attention"
    order = 70
    subject_params: ClassVar[dict[str, str]] = {"account": "account", "platform": "platform"}
    required = ()  # account, root or match: any one selects the stream

    def __init__(
        self,
        account: str | None = None,
        root: str | None = None,
        match: str | None = None,
        terms: tuple[str, ...] = (),
        by: str = "hour",
        since: date | None = None,
        until: date | None = None,
        platform: str | None = None,
        s: float = 3.0,
        gamma: float = 1.5,
        levels: int = 3,
    ) -> None:
        self.account = account
        self.root = root
        self.match = match
        self.terms = terms
        self.by = by
        self.since = since
        self.until = until
        self.platform = platform
        self.s = s
        self.gamma = gamma
        self.levels = levels

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        out = [Finding(f"{d.get('total', 0)} items over {d.get('bins', 0)} {d.get('by')}s "
                       f"(mean {d.get('mean_per_bin')} per {d.get('by')}).")]
        for b in d.get("bursts") or []:
            out.append(Finding(f"Burst (level {b['level']}) from {b['start']} to {b['end']}: {b['count']} items "
                               f"({pct(b['share']).lstrip('+')} of all), peak {b['peak_count']} on {b['peak_bin']}.",
                               evidence_key(res, f"burst {iso(b['start'])}")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        by = res.data.get("by")
        return [Detection(self.name, "burst", local_day(b["start"]), local_day(b["end"]), float(b["count"]),
                          f"level {b['level']} burst: {b['count']} items in {b['bins']} {by}(s), "
                          f"peak {b['peak_count']} on {iso(b['peak_bin'])}",
                          evidence_key(res, f"burst {iso(b['start'])}"))
                for b in res.data.get("bursts") or []]

    def run(self, store: Store) -> Result:
        if self.by not in ("hour", "day"):
            raise UsageError(f"--by {self.by!r}: use hour or day")
        p = store.table("posts")
        cond = None

        def add(c: Any) -> None:
            nonlocal cond
            cond = c if cond is None else (cond & c)

        if self.platform:
            add(p.platform == self.platform)
        if self.account:
            acc = resolve(store, self.account, self.platform)
            add((p.platform == acc.platform) & ((p.account_id == acc.account_id) if acc.account_id is not None
                                                else (p.account_name == acc.name)))
        if self.root:
            add((p.root_id == self.root) | (p.parent_id == self.root) | (p.post_id == self.root))
        if self.match:
            add(p.text.contains(self.match))
        if self.terms:
            any_term = None
            for t in self.terms:
                any_term = p.text.contains(t) if any_term is None else (any_term | p.text.contains(t))
            add(any_term)
        expr = p if cond is None else p.filter(cond)
        df = clip_local(with_local(expr.select(*POST_COLS).execute()), self.since, self.until)
        stream: dict[str, Any] = {"account": self.account, "root": self.root, "match": self.match}
        if self.terms:
            stream["terms"] = list(self.terms)
        head: dict[str, Any] = {"stream": stream, "by": self.by, "since": self.since, "until": self.until}
        if df.empty:
            data = {**head, "total": 0, "bins": 0, "first": None, "last": None, "mean_per_bin": 0.0, "peak": None,
                    "bursts": [], "series": []}
            return Result(self.name, self.get_params(), data, [], {}, None)
        df = df.assign(bin=period_start(df["local"], self.by))
        freq = "h" if self.by == "hour" else "D"
        lo = pd.Timestamp(df["bin"].min())
        hi = pd.Timestamp(df["bin"].max())
        if self.since and self.by == "day":
            lo = min(lo, pd.Timestamp(self.since))
        if self.until and self.by == "day":
            hi = max(hi, pd.Timestamp(self.until))
        bins = pd.date_range(lo, hi, freq=freq)
        key = [pd.Timestamp(b) for b in df["bin"]]
        counts = pd.Series(1, index=key).groupby(level=0).sum().reindex(bins, fill_value=0)
        states, bursts = kleinberg_poisson(counts.to_numpy(), s=self.s, gamma=self.gamma, levels=self.levels)
        fmt: Callable[[pd.Timestamp], datetime | date] = (
            (lambda ts: ts.to_pydatetime()) if self.by == "hour" else (lambda ts: ts.date()))
        series: list[dict[str, Any]] = [{"bin": fmt(b), "count": int(c), "state": int(st)} for b, c, st in zip(bins, counts, states, strict=True)]
        evidence: dict[str, list[str]] = {}
        out: list[dict[str, Any]] = []
        tkey = pd.Series(key, index=df.index)
        for b in bursts:
            seg = series[b.start : b.end + 1]
            n = sum(x["count"] for x in seg)
            peak = max(seg, key=lambda x: x["count"])
            item = {"start": seg[0]["bin"], "end": seg[-1]["bin"], "bins": len(seg), "level": b.level,
                    "weight": round(b.weight, 2), "count": n, "share": round(n / len(df), 4),
                    "peak_bin": peak["bin"], "peak_count": peak["count"]}
            out.append(item)
            inside = df[(tkey >= bins[b.start]) & (tkey <= bins[b.end])]
            evidence[f"burst {_iso(item['start'])}"] = [post_ref(a, c) for a, c in zip(inside["platform"], inside["post_id"], strict=True)]
        pk = max(series, key=lambda x: x["count"])
        data = {**head, "total": len(df), "bins": len(series), "first": df["local"].iloc[0].to_pydatetime(),
                "last": df["local"].iloc[-1].to_pydatetime(), "mean_per_bin": round(len(df) / len(series), 4),
                "peak": {"bin": pk["bin"], "count": pk["count"]}, "bursts": out, "series": series}
        rows = [{k: v for k, v in b.items()} for b in out]
        return Result(self.name, self.get_params(), data, rows, evidence, self._chart(series, out))

    def _chart(self, series: list[dict[str, Any]], bursts: list[dict[str, Any]]) -> dict[str, Any]:
        who = self.account or self.root or self.match or " | ".join(self.terms) or "all posts"
        return {
            "title": {"text": f"{who}: posts per {self.by} (bursts shaded)"},
            "tooltip": {"trigger": "axis"},
            "dataZoom": [{"type": "inside"}, {"type": "slider"}],
            "xAxis": {"type": "category", "data": [_iso(x["bin"]) for x in series]},
            "yAxis": {"type": "value"},
            "series": [{"name": "count", "type": "bar", "data": [x["count"] for x in series],
                        "markArea": {"itemStyle": {"color": "rgba(200,0,0,0.15)"},
                                     "data": [[{"name": f"burst L{b['level']}", "xAxis": _iso(b["start"])},
                                               {"xAxis": _iso(b["end"])}] for b in bursts]}}],
        }


def _iso(v: date | datetime) -> str:
    return v.isoformat()


