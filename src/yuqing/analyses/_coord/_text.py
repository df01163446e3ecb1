"""Template families of near-identical texts: token sets, MinHash signatures, LSH banding, components.

Copywriting software fills slots (names, numbers, links, @mentions) in a fixed template. Slots are masked
(digits become ``0``, links ``<url>``, mentions are dropped, the ``//@`` repost chain of Weibo is cut), the
rest is turned into a token set (Latin words; Chinese character bigrams) and two texts are *similar* when
the Jaccard similarity of their token sets reaches ``threshold`` (MinHash LSH finds the candidates, the
sets themselves decide). A *family* is a
connected component of the similarity graph, so a template whose fillings differ a little more than the
threshold still lands in one family through its intermediate variants.

Everything is deterministic for a given input order and ``seed`` (no use of Python's salted ``hash``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from yuqing.analyses._coord._tokens import mix64, token_hashes, tokens


class TemplateFamilies:
    """Group texts into families of near-identical (templated) texts.

    Parameters are stored unchanged; :meth:`fit_predict` returns one family id per text (``-1``: the text
    is too short or has no similar text). ``bands * rows`` MinHash permutations are used; a pair is a
    candidate when one band agrees, and is kept when its exact Jaccard similarity reaches ``threshold``.
    """

    def __init__(self, threshold: float = 0.8, min_tokens: int = 5, bands: int = 16, rows: int = 4,
                 seed: int = 0) -> None:
        self.threshold = threshold
        self.min_tokens = min_tokens
        self.bands = bands
        self.rows = rows
        self.seed = seed

    def _sets(self, texts: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(texts kept, their distinct-set index, token hashes and CSR bounds of the distinct sets)."""
        tid, h = token_hashes(texts)
        n_tok = np.bincount(tid, minlength=len(texts))
        keep = np.flatnonzero(n_tok >= max(1, self.min_tokens))
        if not len(keep):
            return keep, keep, np.empty(0, np.uint64), np.zeros(1, np.int64)
        ok = np.zeros(len(texts), dtype=bool)
        ok[keep] = True
        h = h[ok[tid]]
        n_tok = n_tok[keep]
        starts = np.concatenate(([0], np.cumsum(n_tok)[:-1])).astype(np.int64)
        with np.errstate(over="ignore"):  # an order-free 64-bit fingerprint of each token set
            fp = np.add.reduceat(mix64(h ^ np.uint64(0x9E3779B97F4A7C15)), starts) + n_tok.astype(np.uint64)
        _, first, inv = np.unique(fp, return_index=True, return_inverse=True)
        lens = n_tok[first]
        bounds = np.concatenate(([0], np.cumsum(lens))).astype(np.int64)
        take = np.repeat(starts[first] - bounds[:-1], lens) + np.arange(int(bounds[-1]))
        return keep, inv.ravel(), h[take], bounds

    def _minhash(self, h: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """uint32[sets, bands*rows]: per set the minimum of each multiply-shift hash over its tokens."""
        from yuqing.analyses._coord._kernels import minhash

        k = self.bands * self.rows
        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 1 << 63, size=k, dtype=np.uint64) | np.uint64(1)
        b = rng.integers(0, 1 << 63, size=k, dtype=np.uint64)
        return np.asarray(minhash(mix64(h ^ np.uint64(self.seed)), bounds, a, b))

    def signatures(self, texts: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
        """(indices of texts with enough tokens, their MinHash signatures as uint32[n, bands*rows])."""
        keep, inv, h, bounds = self._sets(texts)
        return keep, self._minhash(h, bounds)[inv] if len(keep) else np.empty((0, self.bands * self.rows), np.uint32)

    def _similar_pairs(self, sig: np.ndarray, h: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs of distinct sets whose exact Jaccard similarity reaches ``threshold``: LSH candidates (each
        set of a band bucket paired with the bucket's first set), de-duplicated over bands, verified once on
        the token sets themselves."""
        from yuqing.analyses._coord._kernels import band_keys, jaccard

        m = len(sig)
        keys = band_keys(sig, self.rows)
        cand: list[np.ndarray] = []
        for band in range(len(keys)):
            order = np.argsort(keys[band])
            ks = keys[band][order]
            new = np.empty(m, dtype=bool)
            new[0] = True
            new[1:] = ks[1:] != ks[:-1]
            rep = order[np.maximum.accumulate(np.where(new, np.arange(m), 0))]
            s, d = rep[~new], order[~new]
            cand.append(np.minimum(s, d).astype(np.int64) * m + np.maximum(s, d))
        pairs = np.sort(np.concatenate(cand)) if cand else np.empty(0, np.int64)
        pairs = pairs[np.append(True, pairs[1:] != pairs[:-1])] if len(pairs) else pairs
        s, d = pairs // m, pairs % m
        ok = jaccard(h, bounds, s, d) >= self.threshold
        return s[ok], d[ok]

    def fit_predict(self, texts: Sequence[str | None]) -> np.ndarray:
        """One family id per text; ``-1`` for texts too short or with no similar text."""
        labels = np.full(len(texts), -1, dtype=np.int64)
        keep, inv, h, bounds = self._sets(texts)
        if len(keep) < 2:
            return labels
        m = len(bounds) - 1
        s, d = self._similar_pairs(self._minhash(h, bounds), h, bounds) if m > 1 else (np.empty(0, np.int64),) * 2
        g = coo_matrix((np.ones(len(s), dtype=np.int8), (s, d)), shape=(m, m))
        _, comp = connected_components(g, directed=False)
        sizes = np.bincount(comp[inv], minlength=m)  # texts per family, identical texts included
        labels[keep] = np.where(sizes[comp[inv]] > 1, comp[inv], -1)
        return labels


__all__ = ["TemplateFamilies", "tokens"]
