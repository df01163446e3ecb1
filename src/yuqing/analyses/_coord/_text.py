"""Template families of near-identical texts: token sets, MinHash signatures, LSH banding, components.

Copywriting software fills slots (names, numbers, links, @mentions) in a fixed template. Slots are masked
(digits become ``0``, links ``<url>``, mentions are dropped, the ``//@`` repost chain of Weibo is cut), the
rest is turned into a token set (Latin words; Chinese character bigrams) and two texts are *similar* when
the Jaccard similarity of their token sets, estimated by MinHash, reaches ``threshold``. A *family* is a
connected component of the similarity graph, so a template whose fillings differ a little more than the
threshold still lands in one family through its intermediate variants.

Everything is deterministic for a given input order and ``seed`` (no use of Python's salted ``hash``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_MENTION = re.compile(r"@[\w\-\u4e00-\u9fff]+")
_CHAIN = re.compile(r"//\s*@")
_RETWEET = re.compile(r"^\s*rt\s+@", re.I)
_DIGITS = re.compile(r"\d+")
_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[^\W\d_]+(?:'[^\W\d_]+)?|0|<url>")
_SHIFT = np.uint64(32)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads small token ids over 64 bits."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def tokens(text: str | None) -> set[str]:
    """The token set of a text after masking template slots (empty for pure retweets)."""
    if not text or _RETWEET.match(text):
        return set()
    m = _CHAIN.search(text)
    if m:
        text = text[: m.start()]
    text = _URL.sub(" <url> ", text.lower())
    text = _MENTION.sub(" ", text)
    text = _DIGITS.sub("0", text)
    out: set[str] = set()
    for run in _TOKENS.findall(text):
        c = run[0]
        if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff":
            if len(run) == 1:
                out.add(run)
            else:
                out.update(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.add(run)
    return out


class TemplateFamilies:
    """Group texts into families of near-identical (templated) texts.

    Parameters are stored unchanged; :meth:`fit_predict` returns one family id per text (``-1``: the text
    is too short or has no similar text). ``bands * rows`` MinHash permutations are used; a pair is a
    candidate when one band agrees, and is kept when the estimated Jaccard reaches ``threshold``.
    """

    def __init__(self, threshold: float = 0.8, min_tokens: int = 5, bands: int = 32, rows: int = 4,
                 seed: int = 0, chunk: int = 200_000) -> None:
        self.threshold = threshold
        self.min_tokens = min_tokens
        self.bands = bands
        self.rows = rows
        self.seed = seed
        self.chunk = chunk

    def signatures(self, texts: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
        """(indices of texts with enough tokens, their MinHash signatures as uint64[n, bands*rows])."""
        vocab: dict[str, int] = {}
        keep: list[int] = []
        ids: list[int] = []
        indptr: list[int] = [0]
        for i, t in enumerate(texts):
            toks = tokens(t)
            if len(toks) < self.min_tokens:
                continue
            keep.append(i)
            for tok in toks:
                ids.append(vocab.setdefault(tok, len(vocab)))
            indptr.append(len(ids))
        k = self.bands * self.rows
        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 1 << 63, size=k, dtype=np.uint64) | np.uint64(1)
        b = rng.integers(0, 1 << 63, size=k, dtype=np.uint64)
        idx = _mix(np.asarray(ids, dtype=np.uint64) + np.uint64(self.seed))
        ptr = np.asarray(indptr, dtype=np.int64)
        sig = np.empty((len(keep), k), dtype=np.uint64)
        for lo in range(0, len(keep), self.chunk):
            hi = min(lo + self.chunk, len(keep))
            seg = idx[ptr[lo] : ptr[hi]]
            starts = ptr[lo:hi] - ptr[lo]
            with np.errstate(over="ignore"):
                for j in range(k):  # multiply-shift hashing of the mixed token ids (wrapping uint64)
                    hv = (a[j] * seg + b[j]) >> _SHIFT
                    sig[lo:hi, j] = np.minimum.reduceat(hv, starts)
        return np.asarray(keep, dtype=np.int64), sig

    def fit_predict(self, texts: Sequence[str | None]) -> np.ndarray:
        n = len(texts)
        labels = np.full(n, -1, dtype=np.int64)
        keep, sig = self.signatures(texts)
        m = len(keep)
        if m < 2:
            return labels
        mult = np.random.default_rng(self.seed + 1).integers(1, 1 << 62, size=self.rows, dtype=np.uint64) | 1
        src: list[np.ndarray] = []
        dst: list[np.ndarray] = []
        with np.errstate(over="ignore"):
            for band in range(self.bands):
                block = sig[:, band * self.rows : (band + 1) * self.rows]
                key = (block * mult).sum(axis=1)
                order = np.argsort(key, kind="stable")
                ks = key[order]
                new = np.empty(m, dtype=bool)
                new[0] = True
                new[1:] = ks[1:] != ks[:-1]
                rep = order[np.maximum.accumulate(np.where(new, np.arange(m), 0))]
                cand = ~new
                s, d = rep[cand], order[cand]
                if len(s):
                    agree = (sig[s] == sig[d]).mean(axis=1)
                    ok = agree >= self.threshold
                    src.append(s[ok])
                    dst.append(d[ok])
        if not src or not sum(len(x) for x in src):
            return labels
        s_all, d_all = np.concatenate(src), np.concatenate(dst)
        g = coo_matrix((np.ones(len(s_all), dtype=np.int8), (s_all, d_all)), shape=(m, m))
        _, comp = connected_components(g, directed=False)
        sizes = np.bincount(comp)
        fam = np.where(sizes[comp] > 1, comp, -1)
        labels[keep] = fam
        return labels
