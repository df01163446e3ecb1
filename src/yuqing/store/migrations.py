"""Numbered schema migrations. Append, never edit a released one.

Each migration is ``(version, name, fn)`` where ``fn(dialect)`` returns the SQL statements to run.
Tables added later through :func:`yuqing.store.schema.register_table` are created additively by
:meth:`Store.migrate` after the numbered migrations.
"""

from __future__ import annotations

from collections.abc import Callable

from yuqing.store.schema import DATA_TABLES, SYSTEM_TABLES


def _initial(dialect: str) -> list[str]:
    stmts: list[str] = []
    for t in DATA_TABLES + SYSTEM_TABLES:
        stmts.extend(t.ddl(dialect))  # type: ignore[arg-type]
    return stmts


MIGRATIONS: list[tuple[int, str, Callable[[str], list[str]]]] = [
    (1, "initial schema", _initial),
]
