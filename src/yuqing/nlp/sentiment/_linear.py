"""A linear text classifier over hashed n-grams, small enough to ship inside the package.

Training (:meth:`HashedLinearModel.fit`): hashed n-gram counts → drop features seen in fewer than ``min_df``
training texts → sublinear tf × smoothed idf → L2 norm → one-vs-rest linear SVM (liblinear). Scores are a
softmax of the margins with a temperature fitted on the training margins (so they sum to 1 and rank classes;
they are not calibrated probabilities). The saved artefact holds only hashed-feature indices, int8 weights,
idf and metadata: no vocabulary and no training text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from yuqing.core import UsageError
from yuqing.nlp.sentiment._features import HashedNgrams

FORMAT = "yuqing-hashed-linear/1"


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def _int8(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``(rows, classes)`` as int8 and one scale per class (the largest weight maps to ±127)."""
    scale = np.abs(coef).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q: np.ndarray = np.round(coef / scale).clip(-127, 127).astype(np.int8)
    return q, scale


class HashedLinearModel:
    """Hashed n-grams + TF-IDF weighting + linear SVM. Constructor only stores parameters."""

    def __init__(
        self,
        features: HashedNgrams | None = None,
        C: float = 0.3,
        min_df: int = 2,
        loss: str = "svm",
        balanced: bool = False,
        embedder: str | None = None,
        embed_weight: float = 1.0,
        lexicon: str | None = None,
        lexicon_weight: float = 1.0,
    ) -> None:
        self.features = features
        self.C = C
        self.min_df = min_df
        self.loss = loss
        self.balanced = balanced
        self.embedder = embedder
        self.embed_weight = embed_weight
        self.lexicon = lexicon
        self.lexicon_weight = lexicon_weight

    # -- fitted state (set by fit / load) --
    classes_: list[str]
    rows_: np.ndarray  # sorted feature indices with a weight
    idf_rows_: np.ndarray  # idf for rows_
    idf_default_: float  # idf of every other feature (never seen in training)
    coef_: np.ndarray  # (len(rows_), n_classes) float32
    dense_coef_: np.ndarray | None  # (embedding dim + lexicon features, n_classes) when either is used
    intercept_: np.ndarray
    temperature_: float
    meta_: dict[str, Any]

    def _feat(self) -> HashedNgrams:
        return self.features if self.features is not None else HashedNgrams()

    def _dense(self, texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray | None:
        """The dense features: the embedder's vectors × ``embed_weight`` (``embeddings`` may pass them
        precomputed), then the lexicon's scores × ``lexicon_weight``; ``None`` when the model uses neither."""
        parts: list[np.ndarray] = []
        if self.embedder is not None:
            if embeddings is None:
                from yuqing.nlp.sentiment._embed import embed

                embeddings = embed(self.embedder, list(texts))
            parts.append(np.asarray(embeddings, dtype=np.float32) * self.embed_weight)
        if self.lexicon is not None:
            from yuqing.nlp.sentiment._lexicon import lexicon_features

            parts.append(lexicon_features(self.lexicon, texts) * np.float32(self.lexicon_weight))
        if not parts:
            return None
        out: np.ndarray = parts[0] if len(parts) == 1 else np.hstack(parts)
        return out

    def fit(self, texts: Sequence[str], labels: Sequence[str],
            embeddings: np.ndarray | None = None) -> HashedLinearModel:
        """Fit on ``texts``; with an ``embedder``, ``embeddings`` may pass the texts' vectors precomputed."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.svm import LinearSVC

        if self.loss not in ("svm", "lr"):
            raise UsageError(f"loss must be 'svm' or 'lr', not {self.loss!r}")
        if len(texts) != len(labels):
            raise UsageError("texts and labels differ in length")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise UsageError(f"training needs at least two labels, found {classes}")
        counts = self._feat().transform(texts)
        n = counts.shape[0]
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        rows = np.flatnonzero(df >= self.min_df)
        if rows.size == 0:
            rows = np.flatnonzero(df >= 1)
        idf = np.log((1.0 + n) / (1.0 + df[rows])) + 1.0
        self.rows_ = rows.astype(np.int64)
        self.idf_rows_ = idf.astype(np.float32)
        self.idf_default_ = float(np.log(1.0 + n) + 1.0)
        X = self._weight(counts)[:, self.rows_]
        E = self._dense(texts, embeddings)
        if E is not None:
            X = sp.hstack([X, sp.csr_matrix(E)], format="csr")
        y = np.array([classes.index(lab) for lab in labels])
        cw = "balanced" if self.balanced else None
        clf: Any = (LinearSVC(C=self.C, class_weight=cw) if self.loss == "svm"
                    else LogisticRegression(C=self.C, class_weight=cw, max_iter=1000))
        clf.fit(X, y)
        coef = clf.coef_.T.astype(np.float32)
        inter = clf.intercept_.astype(np.float32)
        if len(classes) == 2:  # liblinear returns one column for binary problems
            coef = np.hstack([-coef / 2, coef / 2])
            inter = np.array([-inter[0] / 2, inter[0] / 2], dtype=np.float32)
        self.classes_ = classes
        k = self.rows_.size
        self.coef_, self.intercept_ = self._quantise(coef[:k]), inter
        self.dense_coef_ = self._dense_quantised(coef[k:]) if E is not None else None
        margins = self._margins(X[:, :k], E)
        self.temperature_ = _fit_temperature(margins, y)
        self.meta_ = {"n_train": n, "labels": {c: int((y == i).sum()) for i, c in enumerate(classes)}}
        return self

    @staticmethod
    def _quantise(coef: np.ndarray) -> np.ndarray:
        """``coef`` as it is stored: int8 with one scale per class (:func:`_int8`), back as float32."""
        q, scale = _int8(coef)
        out: np.ndarray = (q * scale).astype(np.float32)
        return out

    def _n_lexicon(self) -> int:
        from yuqing.nlp.sentiment._lexicon import LEXICONS

        return LEXICONS.get(self.lexicon, 0) if self.lexicon else 0

    def _dense_quantised(self, coef: np.ndarray) -> np.ndarray:
        """Embedding weights as int8 with a scale per class; the few lexicon weights stay float32 (their
        scale differs from the embedding's), exactly as :meth:`save` writes them."""
        k = coef.shape[0] - self._n_lexicon()
        parts = [self._quantise(coef[:k])] if k else []
        out: np.ndarray = np.vstack([*parts, coef[k:].astype(np.float32)])
        return out

    def _weight(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear tf × idf, L2-normalised rows, over the full hashed space."""
        X = counts.copy()
        X.data = np.log1p(X.data)
        idf = np.full(X.shape[1], self.idf_default_, dtype=np.float32)
        idf[self.rows_] = self.idf_rows_
        X = X @ sp.diags(idf)
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ X, dtype=np.float32)

    def _margins(self, X: sp.csr_matrix, E: np.ndarray | None) -> np.ndarray:
        out: np.ndarray = np.asarray(X @ self.coef_) + self.intercept_
        if E is not None and self.dense_coef_ is not None:
            out = out + E @ self.dense_coef_
        return out

    def _lookup(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(idf of every hashed bucket, bucket -> weight row (unkept buckets -> a zero row), weights + zero row),
        built once per fitted model for fast scoring."""
        cache = getattr(self, "_lut_cache", None)
        if cache is None or cache[2].shape[0] != self.rows_.size + 1:
            n = self._feat().n_features
            idf = np.full(n, self.idf_default_, dtype=np.float32)
            idf[self.rows_] = self.idf_rows_
            lut = np.full(n, self.rows_.size, dtype=np.int32)
            lut[self.rows_] = np.arange(self.rows_.size, dtype=np.int32)
            coef = np.vstack([self.coef_, np.zeros((1, self.coef_.shape[1]), dtype=np.float32)])
            cache = (idf, lut, coef)
            self._lut_cache = cache
        return cache

    def decision_function(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """Margins per class: the same weighting as :meth:`_weight` (sublinear tf × idf, L2 norm over all
        buckets) computed on the non-zeros only."""
        if not texts:
            return np.zeros((0, len(self.classes_)), dtype=np.float32)
        idf, lut, coef = self._lookup()
        counts = self._feat().transform(texts)
        data = np.log1p(counts.data) * idf[counts.indices]
        sq = np.zeros(counts.shape[0], dtype=np.float64)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        np.add.at(sq, rows, data.astype(np.float64) ** 2)
        norms = np.sqrt(sq)
        norms[norms == 0] = 1.0
        X = sp.csr_matrix(((data / norms[rows]).astype(np.float32), lut[counts.indices], counts.indptr),
                          shape=(counts.shape[0], coef.shape[0]))
        out: np.ndarray = np.asarray(X @ coef) + self.intercept_
        E = self._dense(texts, embeddings)
        if E is not None and self.dense_coef_ is not None:
            out = out + E @ self.dense_coef_
        return out

    def predict_scores(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        return _softmax(self.decision_function(texts, embeddings) / self.temperature_)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        if not texts:
            return []
        return [self.classes_[i] for i in self.decision_function(texts, embeddings).argmax(axis=1)]

    # -- persistence --
    def save(self, path: str | Path, **meta: Any) -> Path:
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        q, scale = _int8(self.coef_)
        header = {
            "format": FORMAT, "classes": self.classes_, "features": self._feat().get_params(), "C": self.C,
            "min_df": self.min_df, "loss": self.loss, "balanced": self.balanced, "embedder": self.embedder,
            "embed_weight": self.embed_weight, "lexicon": self.lexicon, "lexicon_weight": self.lexicon_weight,
            "idf_default": self.idf_default_, "temperature": self.temperature_,
            **self.meta_, **meta,
        }
        arrays: dict[str, np.ndarray] = {
            "header": np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), dtype=np.uint8),
            "row_delta": np.diff(self.rows_, prepend=0).astype(np.uint32), "coef_q": q,
            "scale": scale.astype(np.float32), "intercept": self.intercept_.astype(np.float32),
            "idf_q": np.round(self.idf_rows_ * 16).clip(0, 255).astype(np.uint8),
        }
        dense = getattr(self, "dense_coef_", None)
        if dense is not None:
            k = dense.shape[0] - self._n_lexicon()
            if k:
                dq, dscale = _int8(dense[:k])
                arrays["dense_q"], arrays["dense_scale"] = dq, dscale.astype(np.float32)
            if k < dense.shape[0]:
                arrays["lexicon_coef"] = dense[k:].astype(np.float32)
        with open(p, "wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
        return p

    @classmethod
    def load(cls, path: str | Path) -> HashedLinearModel:
        p = Path(path)
        try:
            z = np.load(p)
            header = json.loads(bytes(z["header"]).decode())
        except (OSError, ValueError, KeyError) as exc:
            raise UsageError(f"{p}: not a yuqing model file ({exc})") from exc
        if header.get("format") != FORMAT:
            raise UsageError(f"{p}: unknown model format {header.get('format')!r}")
        m = cls(HashedNgrams.from_params(header["features"]), C=header["C"], min_df=header["min_df"],
                loss=header.get("loss", "svm"), balanced=bool(header.get("balanced", False)),
                embedder=header.get("embedder"), embed_weight=float(header.get("embed_weight", 1.0)),
                lexicon=header.get("lexicon"), lexicon_weight=float(header.get("lexicon_weight", 1.0)))
        m.classes_ = list(header["classes"])
        m.rows_ = np.cumsum(z["row_delta"].astype(np.int64))
        m.idf_rows_ = z["idf_q"].astype(np.float32) / 16.0
        m.idf_default_ = float(header["idf_default"])
        m.coef_ = z["coef_q"].astype(np.float32) * z["scale"]
        m.intercept_ = z["intercept"]
        dense = [z["dense_q"].astype(np.float32) * z["dense_scale"]] if "dense_q" in z.files else []
        if "lexicon_coef" in z.files:
            dense.append(z["lexicon_coef"].astype(np.float32))
        m.dense_coef_ = np.vstack(dense) if dense else None
        m.temperature_ = float(header["temperature"])
        m.meta_ = {k: v for k, v in header.items() if k not in ("format", "features", "classes")}
        return m


def _fit_temperature(margins: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature minimising training log-loss over a small grid."""
    best, best_t = np.inf, 1.0
    for t in np.geomspace(0.05, 5.0, 40):
        p = _softmax(margins / t)
        nll = -float(np.mean(np.log(p[np.arange(len(y)), y] + 1e-12)))
        if nll < best:
            best, best_t = nll, float(t)
    return best_t
