"""News extraction: dated events, figures and attributed quotes from English and Chinese articles.

Public API::

    extract_quotes(text, published=None, lang=None) -> list[Quote]
"""

from __future__ import annotations

from yuqing.nlp.extract._entities import DEFAULT_KNOWN, EntityIndex
from yuqing.nlp.extract._lang import entity_index
from yuqing.nlp.extract._pipeline import extract_article as extract_article
from yuqing.nlp.extract._quotes import Quote, extract_quotes
from yuqing.nlp.extract._store import extraction_rows as extraction_rows
from yuqing.nlp.extract._store import save_extraction as save_extraction
from yuqing.nlp.extract._store import stored_articles as stored_articles

__all__ = ["DEFAULT_KNOWN", "EntityIndex", "Quote", "entity_index", "extract_quotes"]
