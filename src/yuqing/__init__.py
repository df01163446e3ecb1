"""yuqing (舆情): public-opinion intelligence about a company and its leader.

Public API: :func:`open_store`, :func:`ingest`, the analysis registry and the error tree.
"""

from __future__ import annotations

__version__ = "0.1.0"

from yuqing.core import InputError, NotFoundError, StoreError, StoreLockedError, YuqingError
from yuqing.store import open_store

__all__ = [
    "InputError",
    "NotFoundError",
    "StoreError",
    "StoreLockedError",
    "YuqingError",
    "__version__",
    "open_store",
]
