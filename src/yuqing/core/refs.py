"""Record references: ``posts/weibo/5017599890950579`` is the table name, then the values of its key.

:func:`ref` builds one; :func:`split_ref` parses one given the key columns of each table (the store's
schema knows them; :func:`yuqing.reports.split_ref` passes its tables).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["ref", "ref_table", "split_ref"]


def ref(table: str, *key: Any) -> str:
    """A record reference, e.g. ``posts/weibo/5017599890950579`` (table, then the key values)."""
    return "/".join([table, *(str(k) for k in key)])


def ref_table(ref: str) -> str:
    """The table a reference points into (the part before the first ``/``)."""
    return ref.partition("/")[0]


def split_ref(
    ref: str, keys: Mapping[str, Sequence[str]] | Callable[[str], Sequence[str] | None]
) -> tuple[str, list[str]]:
    """(table, key values) of a reference; ValueError for an unknown table or a wrong key length.

    ``keys`` gives the key columns of a table (a mapping, or a function returning None for an unknown
    table). A ``#anchor`` after the key points inside the record and is dropped. The last key value may
    contain ``/``.
    """
    table, _, rest = ref.partition("#")[0].partition("/")
    key = keys(table) if callable(keys) else keys.get(table)
    if key is None or not rest:
        raise ValueError(f"{ref!r}: not a record reference (table/key...)")
    parts = rest.split("/", len(key) - 1) if key else []
    if len(parts) != len(key):
        raise ValueError(f"{ref!r}: {table} is keyed by {', '.join(key)}")
    return table, parts
