"""Helpers shared by the cadence, silences, followers, trending and bursts analyses.

Local time: every post row carries its source's UTC offset in ``tz`` ("+08:00" for Weibo); periods are counted in
that local zone. Rows without ``tz`` fall back to the account's most common offset, then to ``default_tz``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pandas as pd

from yuqing.core import AccountRef, ref, resolve_account
from yuqing.store.base import Store

_TZ = re.compile(r"^\s*(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?\s*$")


def tz_hours(tz: str | None, default: float = 8.0) -> float:
    """Hours east of UTC for an offset such as ``+08:00``, ``-0500`` or ``UTC+8``; ``default`` when unreadable."""
    if not tz:
        return default
    if tz.strip().upper() in ("Z", "UTC", "GMT", "+00:00"):
        return 0.0
    m = _TZ.match(tz)
    if not m:
        return default
    sign = -1.0 if m.group(1) == "-" else 1.0
    return sign * (int(m.group(2)) + int(m.group(3) or 0) / 60.0)


def tz_label(hours: float) -> str:
    sign = "-" if hours < 0 else "+"
    h = abs(hours)
    return f"{sign}{int(h):02d}:{round((h - int(h)) * 60):02d}"


POST_COLS = ["platform", "post_id", "kind", "account_id", "account_name", "created_at", "tz", "text", "parent_id",
             "root_id"]


def account_posts(store: Store, acc: AccountRef, default_tz: float = 8.0) -> pd.DataFrame:
    """All rows of ``posts`` written by the account, oldest first, with a ``local`` naive local-time column."""
    p = store.table("posts")
    cond = p.platform == acc.platform
    cond = cond & ((p.account_id == acc.account_id) if acc.account_id is not None else (p.account_name == acc.name))
    df = p.filter(cond).select(*POST_COLS).execute()
    return with_local(df, default_tz)


def with_local(df: pd.DataFrame, default_tz: float = 8.0) -> pd.DataFrame:
    """Add ``offset_h`` and ``local`` (created_at shifted by the row's offset); sort by time."""
    if df.empty:
        out = df.copy()
        out["offset_h"] = pd.Series(dtype=float)
        out["local"] = pd.Series(dtype="datetime64[us]")
        return out
    tzs = df["tz"].where(df["tz"].notna(), None)
    common = tzs.dropna().mode()
    fallback = tz_hours(str(common.iloc[0]), default_tz) if len(common) else default_tz
    offs = [tz_hours(t, fallback) if t else fallback for t in tzs]
    out = df.copy()
    out["created_at"] = pd.to_datetime(out["created_at"])
    out["offset_h"] = offs
    out["local"] = out["created_at"] + pd.to_timedelta(out["offset_h"], unit="h")
    out = out[out["created_at"].notna()]
    return out.sort_values(["created_at", "post_id"]).reset_index(drop=True)


def clip_local(df: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    """Rows whose local day is within [since, until]."""
    if df.empty:
        return df
    days = df["local"].dt.date
    keep = pd.Series(True, index=df.index)
    if since:
        keep &= days >= since
    if until:
        keep &= days <= until
    return df[keep].reset_index(drop=True)


def period_start(local: pd.Series, by: str) -> pd.Series:
    """The local calendar day, ISO week (Monday) or month a timestamp falls in, as ``datetime.date``."""
    d = local.dt.normalize()
    if by == "day":
        start = d
    elif by == "week":
        start = d - pd.to_timedelta(d.dt.weekday, unit="D")
    elif by == "month":
        start = d - pd.to_timedelta(d.dt.day - 1, unit="D")
    elif by == "hour":
        start = local.dt.floor("h")
        return start
    else:
        raise ValueError(f"unknown period {by!r}")
    return start.dt.date


def all_periods(first: date, last: date, by: str) -> list[date]:
    """Every period start from ``first``'s period to ``last``'s (so empty periods show as zeros)."""
    if by == "day":
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if by == "week":
        a = first - timedelta(days=first.weekday())
        b = last - timedelta(days=last.weekday())
        return [a + timedelta(weeks=i) for i in range((b - a).days // 7 + 1)]
    if by == "month":
        out: list[date] = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(date(y, m, 1))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    raise ValueError(f"unknown period {by!r}")


def post_ref(platform: Any, post_id: Any) -> str:
    return ref("posts", platform, post_id)


def resolve(store: Store, spec: str, platform: str | None = None) -> AccountRef:
    return resolve_account(store, spec, platform)


def kind_group(kind: Any) -> str:
    """post | repost | comment (anything else is reported as post)."""
    k = str(kind or "post").lower()
    return k if k in ("post", "repost", "comment") else "post"
