"""Account resolution: find an account by ``platform:id``, id or (screen) name.

Typed against :class:`Queryable` (anything with the store's ``fetchall``), so this module needs no store.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

from yuqing.core.errors import NotFoundError

__all__ = ["AccountRef", "Queryable", "creator_hash", "resolve_account"]


class Queryable(Protocol):
    """The one store method account resolution needs."""

    def fetchall(self, sql: str, params: tuple[Any, ...] | list[Any] = ...) -> list[tuple[Any, ...]]: ...


@dataclass(frozen=True)
class AccountRef:
    platform: str | None
    account_id: str | None
    name: str | None

    def label(self) -> str:
        who = self.name or self.account_id or "?"
        return f"{who} ({self.platform})" if self.platform else who


def creator_hash(account_id: str) -> str:
    """The first 16 hex digits of the sha256 of an account id: what MediaCrawler's 2026 exports store as
    ``creator_hash`` instead of the user id."""
    return hashlib.sha256(account_id.encode("utf-8")).hexdigest()[:16]


_TABLES = (("posts", "account_name"), ("accounts", "name"), ("follower_snapshots", "account_name"))


def resolve_account(store: Queryable, spec: str, platform: str | None = None) -> AccountRef:
    """Find an account by ``platform:id``, id or (screen) name in posts, accounts and follower snapshots; an id
    also matches an account stored under its :func:`creator_hash`.

    Raises :class:`NotFoundError` listing close matches when nothing matches.
    """
    if ":" in spec and platform is None:
        head, tail = spec.split(":", 1)
        if head and head.isalpha() and head.lower() == head:
            platform, spec = head, tail
    pf = " AND platform = ?" if platform else ""
    args: list[str] = [platform] if platform else []
    for table, name_col in _TABLES:
        rows = store.fetchall(
            f"SELECT platform, account_id, {name_col}, count(*) AS n FROM {table} "
            f"WHERE (account_id = ? OR {name_col} = ?){pf} GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1",
            [spec, spec, *args],
        )
        if rows:
            p, aid, name, _ = rows[0]
            return AccountRef(p, aid, name)
    hashed = creator_hash(spec)  # MediaCrawler's 2026 exports store this instead of the user id
    for table, name_col in _TABLES:
        rows = store.fetchall(
            f"SELECT platform, account_id, {name_col}, count(*) AS n FROM {table} "
            f"WHERE account_id = ?{pf} GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 1", [hashed, *args])
        if rows:
            p, aid, name, _ = rows[0]
            return AccountRef(p, aid, name)
    names: list[str] = []
    for table, name_col in _TABLES:
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
