"""Quote provenance: find what a speaker really said and how a circulating version differs.

>>> from yuqing.nlp.provenance import QuoteTracer, USEEmbedder, load_archive
>>> tracer = QuoteTracer(USEEmbedder()).fit(load_archive(store, "雷军", aliases=["Lei Jun"]))
>>> tracer.trace("For a car, appearance is the first priority").to_json()

Verdicts: exact, truncated, merged, altered, paraphrase, not_found (see :mod:`._verdict` and docs/quotes.md).
"""

from yuqing.nlp.provenance._align import Alignment, Change, align
from yuqing.nlp.provenance._archive import Statement, load_archive, quotes_in_text
from yuqing.nlp.provenance._embed import CachedEmbedder, E5Embedder, Embedder, USEEmbedder, get_embedder
from yuqing.nlp.provenance._index import Hit, QuoteIndex
from yuqing.nlp.provenance._trace import Candidate, QuoteTracer, Trace
from yuqing.nlp.provenance._verdict import VERDICTS, VerdictParams

__all__ = [
    "VERDICTS",
    "Alignment",
    "CachedEmbedder",
    "Candidate",
    "Change",
    "E5Embedder",
    "Embedder",
    "Hit",
    "QuoteIndex",
    "QuoteTracer",
    "Statement",
    "Trace",
    "USEEmbedder",
    "VerdictParams",
    "align",
    "get_embedder",
    "load_archive",
    "quotes_in_text",
]
