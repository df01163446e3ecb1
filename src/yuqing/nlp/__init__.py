"""Language processing: sentiment models (:mod:`yuqing.nlp.sentiment`), news extraction
(:mod:`yuqing.nlp.extract`), quote provenance (:mod:`yuqing.nlp.provenance`), content classes and quote
distortion. Import the subpackages; this package itself exports nothing.
"""

from __future__ import annotations

__all__: list[str] = []
