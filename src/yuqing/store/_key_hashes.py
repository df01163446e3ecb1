"""Hashes of the keys a DuckDB table holds, kept for one transaction, so that a bulk insert can tell cheaply
that none of its keys is stored yet.

``insert_new``'s exact de-duplication (an anti-join against the table, and a first-occurrence window where a
batch repeats a key) scans every stored key on every insert: on an import of 1M posts in batches of 245,760
that was ~0.6 of ~8 CPU-s, and it grows with the table. Equal keys have equal hashes, so a batch whose key
hashes are all distinct, none of them among the hashes of the stored keys, holds only new keys, each once,
and can be appended as it is. Any match (a duplicate, or a rare collision of two different keys) sends the
batch through the exact path, which decides as before: the rows stored are the same either way.

The set is valid only while every write to the table goes through ``insert_new`` inside one transaction;
:class:`~yuqing.store.duckdb_backend.DuckDBStore` drops it at the transaction's end and on any other statement.
"""

from __future__ import annotations

import numpy as np

#: key column types whose equality is exact equality of the value (so equal keys hash equally); a float key
#: (-0.0 = 0.0) takes the exact path
HASHABLE_TYPES = frozenset({"str", "int", "bool", "ts", "date"})


class KeyHashes:
    """A set of 64-bit key hashes held as a few sorted runs (merged as they grow, so a check costs
    O(log n) binary searches per hash and adding costs amortised O(log n) copies per hash)."""

    def __init__(self, stored: np.ndarray) -> None:
        self._runs: list[np.ndarray] = []
        self.add(stored)

    def __len__(self) -> int:
        return sum(len(r) for r in self._runs)

    def fresh(self, hashes: np.ndarray) -> bool:
        """No two of ``hashes`` are equal and none of them is in the set."""
        h = np.sort(hashes)
        if len(h) > 1 and bool((h[1:] == h[:-1]).any()):
            return False
        for run in self._runs:
            pos = np.searchsorted(run, h)
            np.minimum(pos, len(run) - 1, out=pos)
            if bool((run[pos] == h).any()):
                return False
        return True

    def add(self, hashes: np.ndarray) -> None:
        if not len(hashes):
            return
        self._runs.append(np.sort(hashes))
        # keep each run at least twice the size of the next one: at most log2(n) runs
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            last = self._runs.pop()
            # two sorted runs: the stable sort (a merge sort) merges them in linear time
            self._runs[-1] = np.sort(np.concatenate((self._runs[-1], last)), kind="stable")


__all__ = ["HASHABLE_TYPES", "KeyHashes"]
