"""Text featurisation by feature hashing: no vocabulary is stored, so no training sentence can be read back.

:class:`HashedNgrams` maps texts to a sparse matrix of hashed n-gram counts (char n-grams, optionally word
n-grams for space-separated languages) after a light normalisation (NFKC, URLs and @handles folded, long
character runs shortened). The weighting (sublinear tf, idf, L2 norm) lives in the model, see ``_linear.py``.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@[\w\-\u4e00-\u9fff]{1,30}")
_RUN = re.compile(r"(.)\1{3,}")
TARGET_SEP = "\u241e"  # separates a stance target from the text


def normalise(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower()
    t = _URL.sub(" http ", t)
    t = _HANDLE.sub("@u", t)
    return _RUN.sub(r"\1\1\1", t)


class HashedNgrams:
    """Hashed n-gram counts. ``char`` and ``word`` are inclusive n-gram ranges (``None`` disables one);
    ``char_wb`` uses sklearn's word-bounded char n-grams (better for English)."""

    def __init__(
        self,
        n_features: int = 2**20,
        char: tuple[int, int] | None = (1, 3),
        word: tuple[int, int] | None = None,
        char_wb: bool = False,
    ) -> None:
        self.n_features = n_features
        self.char = char
        self.word = word
        self.char_wb = char_wb

    def get_params(self) -> dict[str, Any]:
        return {
            "n_features": self.n_features,
            "char": list(self.char) if self.char else None,
            "word": list(self.word) if self.word else None,
            "char_wb": self.char_wb,
        }

    @classmethod
    def from_params(cls, p: dict[str, Any]) -> HashedNgrams:
        return cls(
            n_features=int(p["n_features"]),
            char=tuple(p["char"]) if p.get("char") else None,
            word=tuple(p["word"]) if p.get("word") else None,
            char_wb=bool(p.get("char_wb", False)),
        )

    def _vectorizers(self) -> list[HashingVectorizer]:
        out = []
        common: dict[str, Any] = {
            "n_features": self.n_features, "alternate_sign": False, "norm": None, "lowercase": False,
            "preprocessor": normalise, "dtype": np.float32,
        }
        if self.char:
            out.append(HashingVectorizer(analyzer="char_wb" if self.char_wb else "char", ngram_range=self.char,
                                         **common))
        if self.word:
            out.append(HashingVectorizer(analyzer="word", ngram_range=self.word,
                                         token_pattern=r"(?u)[#@]?\w+|[^\w\s]", **common))
        return out

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Counts of hashed n-grams. A text ``target\u241ebody`` (see ``stance_text``) gives the body's n-grams
        twice: once as they are and once moved to a target-specific place in the hashed space, so a linear model
        can learn both shared and per-target weights (feature conjunction with the target)."""
        vecs = self._vectorizers()
        if not vecs:
            raise ValueError("HashedNgrams needs char or word n-grams")
        docs = [t if isinstance(t, str) else "" for t in texts]
        targets: list[str] = []
        if any(TARGET_SEP in d for d in docs):
            split = [d.split(TARGET_SEP, 1) if TARGET_SEP in d else ["", d] for d in docs]
            targets, docs = [s[0] for s in split], [s[1] for s in split]
        m = vecs[0].transform(docs)
        for v in vecs[1:]:
            m = m + v.transform(docs)
        m = sp.csr_matrix(m, dtype=np.float32)
        if targets:
            m = m + self._conjoin(m, targets)
        return m

    def _conjoin(self, m: sp.csr_matrix, targets: list[str]) -> sp.csr_matrix:
        shift = np.array([zlib.crc32(normalise(t).encode()) % self.n_features if t else 0 for t in targets],
                         dtype=np.int64)
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        keep = shift[rows] != 0
        cols = (m.indices.astype(np.int64) + shift[rows]) % self.n_features
        out = sp.csr_matrix((m.data[keep], (rows[keep], cols[keep])), shape=m.shape, dtype=np.float32)
        return out
