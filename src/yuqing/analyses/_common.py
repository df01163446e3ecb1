"""Helpers shared by analyses: resolving an account by id or name, date bounds."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from yuqing.errors import NotFoundError, UsageError
from yuqing.store.base import Store


@dataclass(frozen=True)
class AccountRef:
    platform: str | None
    account_id: str | None
    name: str | None

    def label(self) -> str:
        who = self.name or self.account_id or "?"
        return f"{who} ({self.platform})" if self.platform else who


def resolve_account(store: Store, spec: str, platform: str | None = None) -> AccountRef:
    """Find an account by ``platform:id``, id or (screen) name in posts, accounts and follower snapshots.

    Raises :class:`NotFoundError` listing close matches when nothing matches.
    """
    if ":" in spec and platform is None:
        head, tail = spec.split(":", 1)
        if head and head.isalpha() and head.lower() == head:
            platform, spec = head, tail
    pf = " AND platform = ?" if platform else ""
    args: list[str] = [platform] if platform else []
    for table, name_col in (("posts", "account_name"), ("accounts", "name"), ("follower_snapshots", "account_name")):
        rows = store.fetchall(
            f"SELECT platform, account_id, {name_col}, count(*) AS n FROM {table} "
            f"WHERE (account_id = ? OR {name_col} = ?){pf} GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1",
            [spec, spec, *args],
        )
        if rows:
            p, aid, name, _ = rows[0]
            return AccountRef(p, aid, name)
    names: list[str] = []
    for table, name_col in (("posts", "account_name"), ("accounts", "name"), ("follower_snapshots", "account_name")):
        names += [
            str(r[0])
            for r in store.fetchall(
                f"SELECT DISTINCT {name_col} FROM {table} WHERE {name_col} IS NOT NULL LIMIT 200000"
            )
        ]
        names += [
            str(r[0]) for r in store.fetchall(f"SELECT DISTINCT account_id FROM {table} WHERE account_id IS NOT NULL LIMIT 200000")
        ]
    close = difflib.get_close_matches(spec, list(dict.fromkeys(names)), n=8, cutoff=0.5)
    raise NotFoundError("account", spec, close)


def parse_day(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from exc


def utc_bounds(since: date | None, until: date | None, offset_hours: float = 8.0) -> tuple[datetime | None, datetime | None]:
    """Local-day bounds [since 00:00, until+1 00:00) in a zone, as naive UTC datetimes."""
    lo = datetime.combine(since, time()) - timedelta(hours=offset_hours) if since else None
    hi = datetime.combine(until + timedelta(days=1), time()) - timedelta(hours=offset_hours) if until else None
    return lo, hi
