"""The bottom layer: errors, days and time ranges, record references, account resolution, plugin discovery.

Nothing here imports another yuqing package; every other package may import this one.
Plugin discovery lives in :mod:`yuqing.core.plugins`.
"""

from __future__ import annotations

from yuqing.core.accounts import AccountRef, Queryable, creator_hash, resolve_account
from yuqing.core.dates import parse_day, utc_bounds
from yuqing.core.errors import (
    InputError,
    NotFoundError,
    StoreError,
    StoreLockedError,
    UnknownFormatError,
    UsageError,
    YuqingError,
)
from yuqing.core.refs import ref, ref_table, split_ref

__all__ = [
    "AccountRef",
    "InputError",
    "NotFoundError",
    "Queryable",
    "StoreError",
    "StoreLockedError",
    "UnknownFormatError",
    "UsageError",
    "YuqingError",
    "creator_hash",
    "parse_day",
    "ref",
    "ref_table",
    "resolve_account",
    "split_ref",
    "utc_bounds",
]
