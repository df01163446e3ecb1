"""``cadence``: an account's posts per day, week or month, split by kind and by content class.

Counts are exact: every stored row written by the account in the range is counted once, in the period of its
local time (the row's ``tz``). Each period's figure has the references of the posts behind it as evidence.

JSON: ``{"account":{"platform","account_id","name"},"by","since","until","tz","total",
"by_kind":{"post","repost","comment"},"by_class":{"personal","product","news_repost","response","other"},
"periods":[{"period","total","post","repost","comment","personal","product","news_repost","response","other"}]}``.

Signals: none. Cadence counts; it has no model of what is unusual (there is always a busiest period), so it detects
nothing: unusual gaps are :mod:`~yuqing.analyses.silences`' and unusual volume :mod:`~yuqing.analyses.bursts`'.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pandas as pd

from yuqing.analyses._audience import (
    account_posts,
    all_periods,
    clip_local,
    kind_group,
    period_start,
    post_ref,
    resolve,
    tz_label,
)
from yuqing.analyses._registry import Analysis, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, iso, who
from yuqing.core import UsageError
from yuqing.nlp.content_class import CLASSES, ContentClassifier
from yuqing.store.base import Store

KINDS = ("post", "repost", "comment")
PERIODS = ("day", "week", "month")


def classify_posts(df: pd.DataFrame, classifier: ContentClassifier | None) -> list[str]:
    clf = classifier or ContentClassifier()
    return clf.predict(list(df["text"]), list(df["kind"]))


@register_analysis
class Cadence(Analysis):
    name = "cadence"
    description = "Posts per day/week/month by kind (post, repost, comment) and content class, in local time."
    title = "Posting cadence"
    order = 10
    subject_params: ClassVar[dict[str, str]] = {"account": "account", "platform": "platform"}
    required = ("account",)

    def __init__(
        self,
        account: str = "",
        by: str = "day",
        since: date | None = None,
        until: date | None = None,
        platform: str | None = None,
        classifier: ContentClassifier | None = None,
    ) -> None:
        self.account = account
        self.by = by
        self.since = since
        self.until = until
        self.platform = platform
        self.classifier = classifier

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        out: list[Finding] = []
        kinds = d.get("by_kind") or {}
        parts = ", ".join(f"{v} {k}s" for k, v in kinds.items() if v)
        out.append(Finding(f"{who(d)} wrote {d.get('total', 0)} items in the range ({parts or 'none'})."))
        periods = [p for p in d.get("periods", []) if isinstance(p, dict)]
        if periods:
            top = max(periods, key=lambda p: p.get("total", 0))
            out.append(Finding(f"The busiest {d.get('by', 'period')} began {top['period']} with {top['total']} items.",
                               evidence_key(res, iso(top["period"]))))
            zero = [p["period"] for p in periods if not p.get("total")]
            if zero:
                out.append(Finding(f"{len(zero)} of {len(periods)} {d.get('by', 'period')}s had no items "
                                   f"(first: {zero[0]}, last: {zero[-1]})."))
        classes = {k: v for k, v in (d.get("by_class") or {}).items() if v}
        if classes:
            out.append(Finding("By content class: " + ", ".join(f"{k} {v}" for k, v in classes.items()) + "."))
        return out

    def run(self, store: Store) -> Result:
        if self.by not in PERIODS:
            raise UsageError(f"--by {self.by!r}: use day, week or month")
        acc = resolve(store, self.account, self.platform)
        df = clip_local(account_posts(store, acc), self.since, self.until)
        head: dict[str, Any] = {
            "account": {"platform": acc.platform, "account_id": acc.account_id, "name": acc.name},
            "by": self.by, "since": self.since, "until": self.until,
            "tz": tz_label(float(df["offset_h"].mode().iloc[0])) if len(df) else None,
        }
        if df.empty:
            data = {**head, "total": 0, "by_kind": dict.fromkeys(KINDS, 0), "by_class": dict.fromkeys(CLASSES, 0),
                    "periods": []}
            return Result(self.name, self.get_params(), data, [], {}, None)
        df = df.assign(kgroup=[kind_group(k) for k in df["kind"]], cls=classify_posts(df, self.classifier),
                       period=period_start(df["local"], self.by))
        first = self.since or df["local"].iloc[0].date()
        last = self.until or df["local"].iloc[-1].date()
        periods: list[dict[str, Any]] = []
        evidence: dict[str, list[str]] = {}
        groups = dict(list(df.groupby("period", sort=True)))
        for p in all_periods(first, last, self.by):
            g = groups.get(p)
            row: dict[str, Any] = {"period": p.isoformat(), "total": 0 if g is None else len(g)}
            for k in KINDS:
                row[k] = 0 if g is None else int((g["kgroup"] == k).sum())
            for c in CLASSES:
                row[c] = 0 if g is None else int((g["cls"] == c).sum())
            periods.append(row)
            if g is not None:
                evidence[p.isoformat()] = [post_ref(a, b) for a, b in zip(g["platform"], g["post_id"], strict=True)]
        data = {
            **head,
            "total": len(df),
            "by_kind": {k: int((df["kgroup"] == k).sum()) for k in KINDS},
            "by_class": {c: int((df["cls"] == c).sum()) for c in CLASSES},
            "periods": periods,
        }
        return Result(self.name, self.get_params(), data, periods, evidence, self._chart(periods, acc.label()))

    def _chart(self, periods: list[dict[str, Any]], who: str) -> dict[str, Any]:
        if self.by == "day":
            days = [r["period"] for r in periods]
            years = sorted({d[:4] for d in days})
            return {
                "title": {"text": f"{who}: posts per day"},
                "tooltip": {"position": "top"},
                "visualMap": {"min": 0, "max": max(1, max(r["total"] for r in periods)), "calculable": True,
                              "orient": "horizontal", "left": "center", "bottom": 0},
                "calendar": [{"range": y, "top": 60 + 150 * i, "cellSize": ["auto", 14]} for i, y in enumerate(years)],
                "series": [{"type": "heatmap", "coordinateSystem": "calendar", "calendarIndex": i,
                            "data": [[r["period"], r["total"]] for r in periods if r["period"][:4] == y]}
                           for i, y in enumerate(years)],
            }
        x = [r["period"] for r in periods]
        return {
            "title": {"text": f"{who}: posts per {self.by} by content class"},
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 28},
            "xAxis": {"type": "category", "data": x},
            "yAxis": {"type": "value"},
            "series": [{"name": c, "type": "bar", "stack": "class", "data": [r[c] for r in periods]} for c in CLASSES],
        }
