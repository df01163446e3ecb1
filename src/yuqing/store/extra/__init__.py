"""Additional tables declared by feature areas (analysis results, scores, alert state, ...).

Each module here calls :func:`yuqing.store.schema.register_table` at import time. :meth:`Store.migrate`
imports every module of this package (and the entry-point group ``yuqing.tables``) before creating
tables, so the tables exist whichever command opens the store first. Keep these modules light: no heavy
imports, only :class:`~yuqing.store.schema.Table` declarations.
"""

from __future__ import annotations

__all__: list[str] = []  # the modules of this package are the API: import yuqing.store.extra.<area>
