"""The language rules behind one protocol: :class:`LanguageRules`, implemented by :data:`ENGLISH` and
:data:`CHINESE`, chosen by :func:`rules_for`.

The pipeline steps (:func:`~yuqing.nlp.extract._dates.extract_dates`,
:func:`~yuqing.nlp.extract._figures.extract_figures`, :func:`~yuqing.nlp.extract._quotes.extract_quotes`,
:func:`entity_index`, :func:`~yuqing.nlp.extract._pipeline.extract_article`) are the same for every language;
what differs is what they call here. The rule modules (``_dates_en``/``_dates_zh``, ``_figures_en``/``_figures_zh``,
``_quotes_en``/``_quotes_zh``) import only the neutral :mod:`._common` (and :mod:`._entities`), never each other:
this module is the one place that knows both languages. Chinese articles quote English dates and figures too, so
the Chinese rules run the English date and figure rules after their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from yuqing.nlp._text import Span, guess_lang, sentences
from yuqing.nlp.extract._common import DateMention, Figure, Quote
from yuqing.nlp.extract._dates_en import EN_RULES, resolve_en
from yuqing.nlp.extract._dates_zh import ZH_KINDS, ZH_RULES, resolve_zh
from yuqing.nlp.extract._entities import DEFAULT_KNOWN, EntityIndex, en_mentions, zh_mentions
from yuqing.nlp.extract._figures_en import en_figures
from yuqing.nlp.extract._figures_zh import zh_figures
from yuqing.nlp.extract._quotes_en import en_direct, en_reported
from yuqing.nlp.extract._quotes_zh import zh_direct, zh_reported

#: a date rule: the kind (which the language's resolver knows) and its pattern
DateRule = tuple[str, re.Pattern[str]]


class LanguageRules(Protocol):
    """What the extraction pipeline asks of one language."""

    @property
    def lang(self) -> str:
        """The language code ("en", "zh")."""
        ...

    @property
    def date_rules(self) -> Sequence[DateRule]:
        """The date patterns, tried in this order (an earlier match wins an overlap)."""
        ...

    def resolve_date(
        self, kind: str, m: re.Match[str], pub: date | None, future: bool, dayfirst: bool
    ) -> DateMention | None:
        """The mention of match ``m`` of rule ``kind`` against the publication date (``None``: not a date)."""
        ...

    def sentences(self, text: str) -> list[Span]:
        """Sentence spans of ``text``."""
        ...

    def mentions(self, text: str, known: Mapping[str, tuple[str, str]]) -> EntityIndex:
        """The entity mentions of ``text`` with the gazetteer ``known``."""
        ...

    def figures(self, text: str, exclude: list[tuple[int, int]]) -> list[Figure]:
        """The figures of ``text`` outside the spans ``exclude`` (ranges are joined by the pipeline)."""
        ...

    def direct_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        """Quotations in quotation marks with their speaker."""
        ...

    def reported_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        """Reported speech with its speaker."""
        ...


class EnglishRules:
    """English (and any other language without rules of its own)."""

    lang = "en"
    date_rules: Sequence[DateRule] = tuple(EN_RULES)

    def resolve_date(
        self, kind: str, m: re.Match[str], pub: date | None, future: bool, dayfirst: bool
    ) -> DateMention | None:
        return resolve_en(kind, m, pub, future, dayfirst)

    def sentences(self, text: str) -> list[Span]:
        return sentences(text, "en")

    def mentions(self, text: str, known: Mapping[str, tuple[str, str]]) -> EntityIndex:
        return en_mentions(text, known)

    def figures(self, text: str, exclude: list[tuple[int, int]]) -> list[Figure]:
        return _add_disjoint([], en_figures(text, exclude))

    def direct_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        return en_direct(text, ix)

    def reported_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        return en_reported(text, ix)


class ChineseRules:
    """Chinese: its own rules, then (for dates and figures) the English ones where the Chinese found nothing."""

    lang = "zh"
    date_rules: Sequence[DateRule] = (*ZH_RULES, *EN_RULES)

    def resolve_date(
        self, kind: str, m: re.Match[str], pub: date | None, future: bool, dayfirst: bool
    ) -> DateMention | None:
        if kind in ZH_KINDS:
            return resolve_zh(kind, m, pub, future)
        return resolve_en(kind, m, pub, future, dayfirst)

    def sentences(self, text: str) -> list[Span]:
        return sentences(text, "zh")

    def mentions(self, text: str, known: Mapping[str, tuple[str, str]]) -> EntityIndex:
        return zh_mentions(text, known)

    def figures(self, text: str, exclude: list[tuple[int, int]]) -> list[Figure]:
        return _add_disjoint(zh_figures(text, exclude), en_figures(text, exclude))

    def direct_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        return zh_direct(text, ix)

    def reported_quotes(self, text: str, ix: EntityIndex) -> list[Quote]:
        return zh_reported(text, ix)


def _add_disjoint(out: list[Figure], figs: list[Figure]) -> list[Figure]:
    """``out`` with each of ``figs`` that overlaps none of the figures already in it (those of ``figs`` added
    before it included), in order."""
    out.extend(f for f in figs if not any(f.start < o.end and o.start < f.end for o in out))
    return out


ENGLISH: LanguageRules = EnglishRules()
CHINESE: LanguageRules = ChineseRules()


def rules_for(lang: str | None, text: str = "") -> LanguageRules:
    """The rules for ``lang``: :data:`CHINESE` for ``"zh"``, :data:`ENGLISH` for anything else; without a
    ``lang``, the one :func:`~yuqing.nlp._text.guess_lang` gives for ``text``."""
    return CHINESE if (lang or guess_lang(text)) == "zh" else ENGLISH


def entity_index(
    text: str, lang: str | None = None, known: Mapping[str, tuple[str, str]] | None = None
) -> EntityIndex:
    """Entity mentions of ``text`` (``known`` defaults to :data:`~yuqing.nlp.extract._entities.DEFAULT_KNOWN`)."""
    return rules_for(lang, text).mentions(text, DEFAULT_KNOWN if known is None else known)
