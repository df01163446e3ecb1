"""Date expressions, normalised against the article's publication date, with their precision.

English: "September 19th", "Nov. 18, 2025", "the end of March", "late March", "March 29th this year",
"last year", "last week", "on Monday", "Q3 2024", "the third quarter", "in 2023", "11/05/2025".
Chinese: "2025年3月29日", "3月29日", "去年", "上周", "本月", "第三季度", "年底", "周一".
Month abbreviations only count when a day or year follows ("Lei Jun" is not June). A month or day without
a year takes the publication year, moved back a year when that would put it after publication, unless the
sentence speaks of the future ("will", "next", "upcoming"). Without a publication date the year stays unknown
and the value is written ``--MM-DD`` / ``--MM`` (ISO 8601 without year).

The rules of each language are in :mod:`._dates_en` / :mod:`._dates_zh`, chosen through
:func:`~yuqing.nlp.extract._lang.rules_for`; this module runs them over a text.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from yuqing.nlp.extract._common import DateMention, Precision
from yuqing.nlp.extract._lang import rules_for

__all__ = ["DateMention", "Precision", "extract_dates"]

_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned|expected to|is to|are to|upcoming|scheduled|next|"
    r"forthcoming|ahead of|due to)\b|将|计划|预计|即将|下周|明年",
    re.IGNORECASE,
)


def _as_date(d: date | datetime | None) -> date | None:
    if isinstance(d, datetime):
        return d.date()
    return d


def extract_dates(
    text: str, published: date | datetime | None = None, lang: str | None = None, *, dayfirst: bool = True
) -> list[DateMention]:
    """Date mentions in ``text`` resolved against ``published``; non-overlapping, in text order.

    ``dayfirst`` decides ambiguous numeric dates such as 11/05/2025 (day first is the default outside the US).
    """
    pub = _as_date(published)
    rules = rules_for(lang, text)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pat in rules.date_rules:
        for m in pat.finditer(text):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            sent_start = max(text.rfind(".", 0, m.start()), text.rfind("。", 0, m.start()), 0)
            sent_end_candidates = [i for i in (text.find(".", m.end()), text.find("。", m.end())) if i >= 0]
            sentence = text[sent_start : min(sent_end_candidates) if sent_end_candidates else len(text)]
            dm = rules.resolve_date(kind, m, pub, bool(_FUTURE.search(sentence)), dayfirst)
            if dm is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(dm)
    out.sort(key=lambda x: x.start)
    return out
