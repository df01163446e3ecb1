"""What the store holds, per kind of data: the report's data-coverage table.

One row per data table and the group that matters for it (posts per platform and kind, trending lists per
platform, prices per symbol, follower snapshots per platform and account, articles, metrics per series, events):
the number of rows and the first and last day. Read with one grouped query per table; nothing is sampled.
"""

from __future__ import annotations

from typing import Any

from yuqing.store.base import Store

_QUERIES: tuple[tuple[str, str, str], ...] = (
    ("posts", "platform || ' ' || kind", "SELECT platform || ' ' || kind, count(*), min(created_at), max(created_at) "
     "FROM posts GROUP BY 1 ORDER BY 1"),
    ("trending", "platform", "SELECT platform, count(*), min(list_date), max(list_date) FROM trending GROUP BY 1 "
     "ORDER BY 1"),
    ("prices", "symbol", "SELECT symbol || ' (' || adjustment || ')', count(*), min(date), max(date) FROM prices "
     "GROUP BY 1 ORDER BY 1"),
    ("follower_snapshots", "platform account", "SELECT platform || ' ' || coalesce(account_name, account_id), "
     "count(*), min(observed_at), max(observed_at) FROM follower_snapshots GROUP BY 1 ORDER BY 1"),
    ("articles", "language", "SELECT coalesce(lang, '?'), count(*), min(published_at), max(published_at) "
     "FROM articles GROUP BY 1 ORDER BY 1"),
    ("metrics", "series", "SELECT series, count(*), min(period_start), max(period_start) FROM metrics GROUP BY 1 "
     "ORDER BY 1"),
    ("events", "precision", "SELECT coalesce(precision, '?'), count(*), min(date), max(date) FROM events "
     "GROUP BY 1 ORDER BY 1"),
)


def _day(v: Any) -> str | None:
    if v is None:
        return None
    return str(v.date() if hasattr(v, "date") and callable(v.date) else v)[:10]


def data_coverage(store: Store) -> list[dict[str, Any]]:
    """Rows ``{"table", "group", "rows", "first", "last"}``; a table with no rows gets one row saying 0."""
    out: list[dict[str, Any]] = []
    for table, _, sql in _QUERIES:
        got = store.fetchall(sql)
        if not got:
            out.append({"table": table, "group": "", "rows": 0, "first": None, "last": None})
        for group, n, first, last in got:
            out.append({"table": table, "group": str(group), "rows": int(n), "first": _day(first), "last": _day(last)})
    return out
