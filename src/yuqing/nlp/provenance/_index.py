"""Hybrid retrieval over statements: BM25 (rank-bm25; jieba words for Chinese, words for English) and cosine
similarity of multilingual sentence embeddings, fused by reciprocal rank. Each statement is indexed as a whole
and, when it has several sentences, sentence by sentence (a statement scores its best unit), so that a
fragment finds the long post it was cut from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from yuqing.nlp.provenance._embed import Embedder
from yuqing.nlp.provenance._text import sentences, tokens


@dataclass(frozen=True)
class Hit:
    """One retrieved statement: its position in the index and the evidence for it."""

    index: int
    bm25: float
    cosine: float
    z: float  # cosine in standard deviations above the archive's mean
    rank_bm25: int | None  # 1-based; None when BM25 shares no word
    rank_emb: int | None
    fused: float


class QuoteIndex:
    """Index texts for hybrid search; ``fit(texts)`` then ``search(query)``.

    ``embedder=None`` gives BM25 only; ``use_bm25=False`` embeddings only. ``k_rrf`` is the constant of
    reciprocal-rank fusion, ``split_sentences`` whether multi-sentence texts are also indexed per sentence.
    """

    def __init__(
        self,
        embedder: Embedder | None = None,
        *,
        use_bm25: bool = True,
        k_rrf: int = 60,
        split_sentences: bool = True,
    ) -> None:
        self.embedder = embedder
        self.use_bm25 = use_bm25
        self.k_rrf = k_rrf
        self.split_sentences = split_sentences

    def fit(self, texts: Sequence[str]) -> QuoteIndex:
        owners: list[int] = []
        unit_texts: list[str] = []
        for i, t in enumerate(texts):
            owners.append(i)
            unit_texts.append(t)
            if self.split_sentences:
                spans = sentences(t)
                if len(spans) > 1:
                    for s, e in spans:
                        owners.append(i)
                        unit_texts.append(t[s:e])
        self.n_ = len(texts)
        self.owners_ = np.asarray(owners, dtype=np.int64)
        self.bm25_ = None
        if self.use_bm25 and unit_texts:
            from rank_bm25 import BM25Okapi

            self.bm25_ = BM25Okapi([tokens(u) or ["\u0000"] for u in unit_texts])
        self.vectors_ = self.embedder.encode(unit_texts, "passage") if self.embedder is not None else None
        return self

    def _per_text(self, unit_scores: np.ndarray) -> np.ndarray:
        out = np.full(self.n_, -np.inf, dtype=np.float64)
        np.maximum.at(out, self.owners_, unit_scores)
        return out

    def bm25_scores(self, query: str) -> np.ndarray:
        if self.bm25_ is None or self.n_ == 0:
            return np.zeros(self.n_)
        q = tokens(query)
        if not q:
            return np.zeros(self.n_)
        return self._per_text(np.asarray(self.bm25_.get_scores(q), dtype=np.float64))

    def cosines(self, query: str, query_vector: np.ndarray | None = None) -> np.ndarray:
        if self.vectors_ is None or self.n_ == 0 or self.embedder is None:
            return np.zeros(self.n_)
        qv = query_vector if query_vector is not None else self.embedder.encode([query], "query")[0]
        return self._per_text(self.vectors_ @ qv)

    def encode_queries(self, queries: list[str]) -> list[np.ndarray | None]:
        """Query vectors in one batch (None per query without an embedder)."""
        if self.embedder is None or not queries:
            return [None] * len(queries)
        return list(self.embedder.encode(queries, "query"))

    def search(self, query: str, k: int = 10, query_vector: np.ndarray | None = None) -> list[Hit]:
        """The ``k`` best texts by fused rank (``k`` larger than the index: all of them)."""
        if self.n_ == 0:
            return []
        bm = self.bm25_scores(query)
        cos = self.cosines(query, query_vector)
        fused = np.zeros(self.n_)
        rank_b = np.full(self.n_, -1)
        rank_e = np.full(self.n_, -1)
        if self.bm25_ is not None:
            order = np.argsort(-bm, kind="stable")
            pos = np.empty(self.n_, dtype=np.int64)
            pos[order] = np.arange(1, self.n_ + 1)
            has = bm > 0
            rank_b = np.where(has, pos, -1)
            fused += np.where(has, 1.0 / (self.k_rrf + pos), 0.0)
        z = np.zeros(self.n_)
        if self.vectors_ is not None:
            order = np.argsort(-cos, kind="stable")
            pos = np.empty(self.n_, dtype=np.int64)
            pos[order] = np.arange(1, self.n_ + 1)
            rank_e = pos
            fused += 1.0 / (self.k_rrf + pos)
            sd = float(cos.std())
            z = (cos - float(cos.mean())) / sd if sd > 1e-9 else np.zeros(self.n_)
        top = np.argsort(-fused, kind="stable")[:k]
        return [
            Hit(
                int(i),
                float(bm[i]),
                float(cos[i]),
                float(z[i]),
                int(rank_b[i]) if rank_b[i] > 0 else None,
                int(rank_e[i]) if rank_e[i] > 0 else None,
                float(fused[i]),
            )
            for i in top
        ]
