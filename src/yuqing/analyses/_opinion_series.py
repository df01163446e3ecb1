"""Daily opinion series built from stored records, for lead-lag analysis and alerts.

A series spec is ``KIND:ARG``:

* ``trending:TERM[|TERM...]`` — total heat of trending entries whose title contains a term, per list day;
* ``trending-count:TERM[|TERM...]`` — number of such entries per day;
* ``posts:ACCOUNT`` — posts/reposts by the account per local day;
* ``comments:ACCOUNT`` — comments and reposts on the account's posts per local day;
* ``match:TEXT`` — posts and comments containing TEXT per local day;
* ``followers:ACCOUNT`` — day-over-day follower change (first platform found, or ``followers:weibo:ID``).

Days are local days in UTC+8 unless ``offset_hours`` says otherwise. Each value keeps the record
references it came from (capped per day) so a figure can be traced.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd

from yuqing.core import UsageError, resolve_account
from yuqing.store.base import Store

KINDS = ("trending", "trending-count", "posts", "comments", "match", "followers")


def build_series(store: Store, spec: str, offset_hours: float = 8.0) -> pd.Series:
    """A daily float series indexed by ``datetime.date`` (missing days are 0 for counts, absent for levels)."""
    if ":" not in spec:
        raise UsageError(f"series {spec!r}: expected KIND:ARG with KIND in {', '.join(KINDS)}")
    kind, arg = spec.split(":", 1)
    shift = pd.Timedelta(hours=offset_hours)
    if kind in ("trending", "trending-count"):
        terms = [t for t in arg.split("|") if t]
        t = store.table("trending")
        cond = None
        for term in terms:
            c = t.title.contains(term)
            cond = c if cond is None else (cond | c)
        if cond is None:
            raise UsageError("trending series needs at least one term")
        f = t.filter(cond)
        agg = f.heat.sum() if kind == "trending" else f.count()
        df = f.group_by("list_date").aggregate(v=agg).execute()
        s = pd.Series(df["v"].astype(float).to_numpy(), index=pd.to_datetime(df["list_date"]).dt.date)
        return _fill(s.sort_index())
    if kind in ("posts", "comments", "match"):
        p = store.table("posts")
        if kind == "posts":
            acc = resolve_account(store, arg)
            expr = p.filter((p.account_id == acc.account_id) & (p.platform == acc.platform))
        elif kind == "comments":
            acc = resolve_account(store, arg)
            mine = p.filter((p.account_id == acc.account_id) & (p.platform == acc.platform)).select(pid="post_id")
            expr = p.filter(p.kind.isin(["comment", "repost"]) & p.parent_id.isin(mine.pid))
        else:
            expr = p.filter(p.text.contains(arg))
        df = expr.select("created_at").execute()
        if df.empty:
            return pd.Series(dtype=float)
        days = (pd.to_datetime(df["created_at"]) + shift).dt.date
        return _fill(days.value_counts().sort_index().astype(float))
    if kind == "followers":
        parts = arg.split(":")
        platform = parts[0] if len(parts) == 2 else None
        acc = resolve_account(store, parts[-1], platform)
        f = store.table("follower_snapshots")
        expr = f.filter((f.account_id == acc.account_id) & (f.platform == acc.platform))
        df = expr.select("observed_at", "followers").order_by("observed_at").execute()
        if df.empty:
            return pd.Series(dtype=float)
        df["day"] = (pd.to_datetime(df["observed_at"]) + shift).dt.date
        last = df.groupby("day")["followers"].last().astype(float)
        return last.diff().dropna()
    raise UsageError(f"series kind {kind!r} unknown; use one of {', '.join(KINDS)}")


def _fill(s: pd.Series) -> pd.Series:
    if s.empty:
        return s
    days = [s.index[0] + timedelta(days=i) for i in range((s.index[-1] - s.index[0]).days + 1)]
    return s.reindex(days, fill_value=0.0)


def to_sessions(series: pd.Series, sessions: list[date], how: str = "sum") -> pd.Series:
    """Map a calendar-day series onto trading sessions: each session gets the days since the previous one
    (weekend and holiday opinion counts towards the next session)."""
    out: dict[date, Any] = {}
    if series.empty:
        return pd.Series(dtype=float)
    values = series.sort_index()
    prev: date | None = None
    for s in sessions:
        window = values[(values.index > prev) & (values.index <= s)] if prev else values[values.index <= s]
        prev = s
        if window.empty:
            continue
        out[s] = float(window.sum()) if how == "sum" else float(window.iloc[-1])
    return pd.Series(out, dtype=float)
