"""Attributed quotes: who said what, direct (in quotation marks) or reported ("X said that ...").

English rules look for a speech verb next to a quotation: ``“…,” he explained`` / ``“…” said Lei`` /
``Lei responded, “…”`` / ``Lei Jun emphasized that “…”``; an unattributed quotation right after an attributed
one continues it. Reported speech is ``SPEAKER [adverb] VERB [that] CLAUSE`` and ``according to SPEAKER, CLAUSE``.
Chinese rules: ``X表示：“…”``, ``“…”，X说``, ``据X称，…``. Speakers are resolved to the named person by
:class:`~yuqing.nlp.extract._entities.EntityIndex` ("he" / "Lei" / "the CEO" → "Lei Jun").

The rules of each language are in :mod:`._quotes_en` / :mod:`._quotes_zh`, chosen through
:func:`~yuqing.nlp.extract._lang.rules_for`; this module runs them and merges direct and reported quotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from yuqing.nlp.extract._common import Quote, QuoteKind
from yuqing.nlp.extract._entities import EntityIndex
from yuqing.nlp.extract._lang import entity_index, rules_for

__all__ = ["Quote", "QuoteKind", "extract_quotes"]


def extract_quotes(
    text: str,
    published: date | datetime | None = None,
    lang: str | None = None,
    *,
    known: Mapping[str, tuple[str, str]] | None = None,
    reported: bool = True,
    index: EntityIndex | None = None,
) -> list[Quote]:
    """Attributed quotes in ``text`` (English or Chinese), in text order.

    ``published`` is accepted for a uniform extractor signature (quotes do not need it). ``known`` is the
    alias gazetteer (see :data:`~yuqing.nlp.extract._entities.DEFAULT_KNOWN`); ``reported=False`` keeps direct
    quotes only. Quotations with no speech verb nearby (scare quotes, titles) are not returned, except a
    quotation that directly continues an attributed one.
    """
    del published
    rules = rules_for(lang, text)
    ix = index or entity_index(text, rules.lang, known)
    direct = rules.direct_quotes(text, ix)
    out = list(direct)
    if reported:
        covered = [(q.start, q.end) for q in direct]
        rep = rules.reported_quotes(text, ix)
        for q in rep:
            inside = [c for c in covered if c[0] >= q.start and c[1] <= q.end]
            share = sum(c[1] - c[0] for c in inside) / max(1, q.end - q.start)
            if share < 0.5 and not any(c[0] <= q.start < c[1] for c in covered):
                out.append(q)
                # a partial quotation inside this reported statement is part of it, not a second quote
                out = [
                    d
                    for d in out
                    if not (
                        d.kind == "direct" and d.cue is None and q.start <= d.start and d.end <= q.end + 1
                    )
                ]
    out.sort(key=lambda q: q.start)
    return out
