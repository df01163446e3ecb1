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

from yuqing.core import UsageError, ref, resolve_account
from yuqing.store.base import Store

KINDS = ("trending", "trending-count", "posts", "comments", "match", "followers")


def select_records(store: Store, spec: str) -> tuple[str, Any]:
    """The kind of ``spec`` and the Ibis expression of the records its series counts (trending entries, posts or
    follower snapshots): the one selection behind both :func:`build_series` and :func:`series_refs`."""
    if ":" not in spec:
        raise UsageError(f"series {spec!r}: expected KIND:ARG with KIND in {', '.join(KINDS)}")
    kind, arg = spec.split(":", 1)
    if kind in ("trending", "trending-count"):
        t = store.table("trending")
        cond = None
        for term in (t_ for t_ in arg.split("|") if t_):
            c = t.title.contains(term)
            cond = c if cond is None else (cond | c)
        if cond is None:
            raise UsageError("trending series needs at least one term")
        return kind, t.filter(cond)
    if kind in ("posts", "comments", "match"):
        p = store.table("posts")
        if kind == "match":
            return kind, p.filter(p.text.contains(arg))
        acc = resolve_account(store, arg)
        mine = p.filter((p.account_id == acc.account_id) & (p.platform == acc.platform))
        if kind == "posts":
            return kind, mine
        return kind, p.filter(p.kind.isin(["comment", "repost"]) & p.parent_id.isin(mine.select(pid="post_id").pid))
    if kind == "followers":
        parts = arg.split(":")
        acc = resolve_account(store, parts[-1], parts[0] if len(parts) == 2 else None)
        f = store.table("follower_snapshots")
        return kind, f.filter((f.account_id == acc.account_id) & (f.platform == acc.platform))
    raise UsageError(f"series kind {kind!r} unknown; use one of {', '.join(KINDS)}")


def build_series(store: Store, spec: str, offset_hours: float = 8.0) -> pd.Series:
    """A daily float series indexed by ``datetime.date`` (missing days are 0 for counts, absent for levels)."""
    kind, expr = select_records(store, spec)
    shift = pd.Timedelta(hours=offset_hours)
    if kind in ("trending", "trending-count"):
        agg = expr.heat.sum() if kind == "trending" else expr.count()
        df = expr.group_by("list_date").aggregate(v=agg).execute()
        s = pd.Series(df["v"].astype(float).to_numpy(), index=pd.to_datetime(df["list_date"]).dt.date)
        return _fill(s.sort_index())
    if kind in ("posts", "comments", "match"):
        df = expr.select("created_at").execute()
        if df.empty:
            return pd.Series(dtype=float)
        days = (pd.to_datetime(df["created_at"]) + shift).dt.date
        return _fill(days.value_counts().sort_index().astype(float))
    df = expr.select("observed_at", "followers").order_by("observed_at").execute()
    if df.empty:
        return pd.Series(dtype=float)
    df["day"] = (pd.to_datetime(df["observed_at"]) + shift).dt.date
    last = df.groupby("day")["followers"].last().astype(float)
    return last.diff().dropna()


def series_refs(store: Store, spec: str, after: date | None, until: date, offset_hours: float = 8.0) -> list[str]:
    """References of the records :func:`build_series` counts for ``spec`` on the local days in
    (``after``, ``until``] (``after`` None: from the start)."""
    kind, expr = select_records(store, spec)
    shift = pd.Timedelta(hours=offset_hours)

    def keep(days: pd.Series) -> pd.Series:
        return (days <= until) & (days > after) if after is not None else days <= until

    if kind in ("trending", "trending-count"):
        df = expr.select("platform", "list_date", "rank", "title").execute()
        df["list_date"] = pd.to_datetime(df["list_date"]).dt.date
        df = df[keep(df["list_date"])].sort_values(["list_date", "platform", "rank"])
        return [ref("trending", p, d.isoformat(), int(r), ti)
                for p, d, r, ti in zip(df["platform"], df["list_date"], df["rank"], df["title"], strict=True)]
    if kind in ("posts", "comments", "match"):
        df = expr.select("platform", "post_id", "created_at").execute()
        if df.empty:
            return []
        df = df[keep((pd.to_datetime(df["created_at"]) + shift).dt.date)].sort_values(["created_at", "post_id"])
        return [ref("posts", a, b) for a, b in zip(df["platform"], df["post_id"], strict=True)]
    df = expr.select("platform", "account_id", "observed_at").order_by("observed_at").execute()
    if df.empty:
        return []
    days = (pd.to_datetime(df["observed_at"]) + shift).dt.date
    # a day's value is its last snapshot minus the last one of the previous observed day
    last_of_day = ~days.duplicated(keep="last")
    inside = keep(days)
    before = days[~inside & (days <= until)]
    base = (days == before.max()) & last_of_day if len(before) else pd.Series(False, index=days.index)
    sel = df[(inside & last_of_day) | base]
    return [ref("follower_snapshots", a, b, pd.Timestamp(o).isoformat())
            for a, b, o in zip(sel["platform"], sel["account_id"], sel["observed_at"], strict=True)]


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
