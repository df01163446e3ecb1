"""Compiled (numba) inner loops of the template-family search: token scanning, MinHash signatures, LSH band
keys and exact Jaccard verification.

Both are plain loops over flat arrays, compiled once and cached on disk (``cache=True``); the Python
reference for the token rules is :func:`yuqing.analyses._coord._tokens.tokens` (a tested contract).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit, prange

_P = np.uint64(1_000_003)
_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)


@njit(cache=True, nogil=True)
def _mix(x: Any) -> Any:
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@njit(cache=True, nogil=True)
def _close(h: Any, tid: Any, start: int, end: int, text: int) -> int:
    """Sort and de-duplicate the hashes of one text in place; returns the new end."""
    if end - start > 1:
        h[start:end] = np.sort(h[start:end])
    k = start
    for i in range(start, end):
        if i == start or h[i] != h[k - 1]:
            h[k] = h[i]
            tid[k] = text
            k += 1
    return k


@njit(cache=True, nogil=True)
def scan_tokens(cp: Any, cls: Any) -> tuple[Any, Any]:
    """(text index, token hash) of the distinct tokens of NUL-separated texts, by text then hash.

    ``cls`` per code point: 0 other, 1 Chinese (bigrams; a lone character is a unigram), 2 letter (a run is
    a word), 3 decimal digit (a run is the token ``0``), 4 the link token (one token per character).
    """
    h = np.empty(np.count_nonzero(cls), dtype=np.uint64)  # at most one token starts at a classified point
    tid = np.empty(len(h), dtype=np.int64)
    n = len(cp)
    k = 0
    text = 0
    start = 0
    i = 0
    while i < n:
        c = cls[i]
        if cp[i] == 0:
            k = _close(h, tid, start, k, text)
            text += 1
            start = k
            i += 1
        elif c == 1:
            j = i
            while j < n and cls[j] == 1:
                j += 1
            if j - i == 1:
                h[k] = _mix(np.uint64(cp[i]))
                k += 1
            for q in range(i, j - 1):
                h[k] = _mix(np.uint64(cp[q]) + np.uint64(cp[q + 1]) * _P)
                k += 1
            i = j
        elif c == 2:
            poly = np.uint64(0)
            power = np.uint64(1)
            while i < n and cls[i] == 2:
                poly += np.uint64(cp[i]) * power
                power *= _P
                i += 1
            h[k] = _mix(poly)
            k += 1
        elif c == 3:
            while i < n and cls[i] == 3:
                i += 1
            h[k] = _mix(np.uint64(48))  # a digit run is the token "0"
            k += 1
        else:
            if c == 4:
                h[k] = _mix(np.uint64(cp[i]))
                k += 1
            i += 1
    k = _close(h, tid, start, k, text)
    return tid[:k], h[:k]


@njit(cache=True, parallel=True)
def minhash(x: Any, bounds: Any, a: Any, b: Any) -> Any:
    """uint32[sets, len(a)]: per set (tokens ``x[bounds[i]:bounds[i+1]]``) the minimum over its tokens of
    the multiply-shift hash ``(a[j] * x + b[j]) mod 2**64 >> 32``."""
    m = len(bounds) - 1
    k = len(a)
    sig = np.empty((m, k), dtype=np.uint32)
    for i in prange(m):
        best = np.full(k, _ALL)
        for t in range(bounds[i], bounds[i + 1]):
            xv = x[t]
            for j in range(k):  # the inner loop runs over the permutations: contiguous, vectorised
                v = (a[j] * xv + b[j]) >> np.uint64(32)
                if v < best[j]:
                    best[j] = v
        for j in range(k):
            sig[i, j] = np.uint32(best[j])
    return sig


@njit(cache=True, parallel=True)
def band_keys(sig: Any, rows: int) -> Any:
    """uint64[bands, sets]: one hash per band of ``rows`` consecutive signature values."""
    m, k = sig.shape
    bands = k // rows
    out = np.empty((bands, m), dtype=np.uint64)
    for i in prange(m):
        for band in range(bands):
            key = np.uint64(band)
            for r in range(band * rows, (band + 1) * rows):
                key = _mix(key ^ np.uint64(sig[i, r]))
            out[band, i] = key
    return out


@njit(cache=True, parallel=True)
def jaccard(h: Any, bounds: Any, s: Any, d: Any) -> Any:
    """float64[pairs]: exact Jaccard similarity of sets ``s[p]`` and ``d[p]``, whose token hashes are sorted
    runs ``h[bounds[i]:bounds[i+1]]`` (a merge of the two runs)."""
    n = len(s)
    out = np.empty(n, dtype=np.float64)
    for p in prange(n):
        i, i_end = bounds[s[p]], bounds[s[p] + 1]
        j, j_end = bounds[d[p]], bounds[d[p] + 1]
        union = (i_end - i) + (j_end - j)
        common = 0
        while i < i_end and j < j_end:
            if h[i] == h[j]:
                common += 1
                i += 1
                j += 1
            elif h[i] < h[j]:
                i += 1
            else:
                j += 1
        out[p] = common / (union - common) if union > common else 1.0
    return out


def warm() -> None:
    """Compile (or load from the on-disk cache) every kernel once; ``make`` runs this at set-up."""
    cp = np.array([ord(c) for c in "中文ab1"], dtype=np.uint32)
    scan_tokens(cp, np.array([1, 1, 2, 2, 3], dtype=np.int8))
    x = np.arange(4, dtype=np.uint64)
    sig = minhash(x, np.array([0, 2, 4], dtype=np.int64), x + np.uint64(1), x)
    band_keys(sig, 2)
    jaccard(x, np.array([0, 2, 4], dtype=np.int64), np.array([0], dtype=np.int64), np.array([1], dtype=np.int64))


if __name__ == "__main__":
    warm()
