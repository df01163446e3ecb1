"""One article in, dated events, figures and quotes out (:func:`extract_article`)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from yuqing.nlp._text import Span, guess_lang
from yuqing.nlp.extract._dates import DateMention, extract_dates
from yuqing.nlp.extract._dates_en import MONTHS
from yuqing.nlp.extract._enrich import enrich_figures, names_in, sentence_of
from yuqing.nlp.extract._entities import EntityIndex
from yuqing.nlp.extract._figures import Figure, extract_figures
from yuqing.nlp.extract._lang import entity_index, rules_for
from yuqing.nlp.extract._quotes import Quote, extract_quotes


@dataclass(frozen=True)
class Event:
    """A dated statement: ``date``/``precision`` from :class:`DateMention`, ``text`` a short description
    (the sentence, cut to ~30 words), ``entities`` the names in the sentence, ``source`` the sentence."""

    date: str
    precision: str
    text: str
    entities: list[str]
    source: str
    start: int
    end: int
    date_text: str
    start_date: _dt.date | None = None
    qualifier: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "text": self.text,
            "entities": self.entities,
            "source": self.source,
            "date_text": self.date_text,
            "qualifier": self.qualifier,
            "span": [self.start, self.end],
        }


@dataclass
class ArticleExtraction:
    """Everything extracted from one article (``to_dict`` is the ``yuqing extract`` JSON document)."""

    article: str
    title: str | None
    published: date | None
    published_precision: str
    lang: str
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "published_precision": self.published_precision,
            "lang": self.lang,
            "events": [e.to_dict() for e in self.events],
            "figures": [f.to_dict() for f in self.figures],
            "quotes": [q.to_dict() for q in self.quotes],
        }


_HEADER_DATE = re.compile(
    r"(?<!\d)(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|(?<!\d)(?P<iy>(?:19|20)\d{2})[-/.年](?P<im>[01]?\d)[-/.月](?P<id>[0-3]?\d)日?"
    r"|^\s*(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>[0-3]?\d)(?:,\s*(?P<y2>\d{4}))?\s*$"
)


def parse_header(text: str, *, dayfirst: bool = True) -> tuple[str | None, date | None, str, int]:
    """(title, publication date, precision, header end offset) from the first lines of a plain-text article.

    The title is the first non-empty line; the date is the first date-only line (or a dateline such as
    "Zing News 11/05/2025") among the next few lines. Precision is ``day``, or ``none`` when the line has no
    year ("Nov 16"): such an article's dates keep an unknown year unless a date is passed in.
    """
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*", text)][:40]
    title = next((ln.strip() for _, ln in lines if ln.strip()), None)
    nonempty = [(o, ln) for o, ln in lines if ln.strip()][:8]
    for off, ln in nonempty:
        if len(ln) > 60 or len(ln.split()) > 8 or re.search(r"[。！？]|[.!?]\s*$", ln):
            continue
        m = _HEADER_DATE.search(ln)
        end = off + len(ln)
        if not m:
            if ln.strip() == title:
                continue
            # a dateline in other words: "By Jane Doe | November 18, 2025", "Updated 18 November 2025 10:30"
            found = [
                d for d in extract_dates(ln, None, dayfirst=dayfirst) if d.precision == "day" and d.start_date
            ]
            if found and found[0].start_date is not None:
                return title, found[0].start_date, "day", end
            continue
        g = m.groupdict()
        try:
            if g["y"]:
                a, b = int(g["a"]), int(g["b"])
                d, mo = (a, b) if (dayfirst and b <= 12) or a > 12 else (b, a)
                return title, date(int(g["y"]), mo, d), "day", end
            if g["iy"]:
                return title, date(int(g["iy"]), int(g["im"]), int(g["id"])), "day", end
            if g["mon"]:
                mo = MONTHS[g["mon"].lower()]
                if g["y2"]:
                    return title, date(int(g["y2"]), mo, int(g["d"])), "day", end
                return title, None, "none", end
        except ValueError:
            continue
    return title, None, "none", 0


def _short(sentence: str, n_words: int = 30) -> str:
    words = sentence.split()
    return sentence if len(words) <= n_words else " ".join(words[:n_words]) + " …"


def extract_article(
    text: str,
    published: date | datetime | None = None,
    lang: str | None = None,
    *,
    article: str = "",
    known: Mapping[str, tuple[str, str]] | None = None,
    dayfirst: bool = True,
) -> ArticleExtraction:
    """Events, figures and quotes of one article. ``published`` overrides the date found in its header."""
    lang = lang or guess_lang(text)
    title, hdr_date, hdr_prec, hdr_end = parse_header(text, dayfirst=dayfirst)
    pub = published.date() if isinstance(published, datetime) else published
    prec = "day" if pub else hdr_prec
    pub = pub or hdr_date
    ix = entity_index(text, lang, known)
    sents = rules_for(lang).sentences(text)
    all_dates = extract_dates(text, pub, lang, dayfirst=dayfirst)
    dates = [d for d in all_dates if d.start >= hdr_end]
    all_date_spans = [(d.start, d.end) for d in all_dates]
    figures = [
        f
        for f in extract_figures(text, lang, exclude=all_date_spans)
        if f.start >= hdr_end and _informative(f)
    ]
    quotes = extract_quotes(text, pub, lang, known=known, index=ix)
    out = ArticleExtraction(article, title, pub, prec, lang)
    out.events = [_event(d, sents, ix) for d in dates if sentence_of(sents, d.start) is not None]
    out.figures = enrich_figures(text, figures, dates, sents, ix, lang)
    out.quotes = quotes
    return out


def _informative(f: Figure) -> bool:
    """Drop bare small numbers (list numbering, "Level 2", "(0)"): no unit, no scale, no direction."""
    return (
        f.unit is not None
        or f.value >= 1000
        or f.direction is not None
        or not f.text.replace(",", "").isdigit()
    )


def _event(d: DateMention, sents: list[Span], ix: EntityIndex) -> Event:
    s = sentence_of(sents, d.start)
    assert s is not None
    names = names_in(ix, s)
    pron = re.search(r"\b(?:[Hh]e|[Ss]he)\b|他|她", s.text)
    if pron and not any(m.type == "person" and m.start >= s.start and m.end <= s.end for m in ix.mentions):
        who = ix.resolve(pron.group(), s.start + pron.start())
        if who != pron.group():
            names.insert(0, who)
    return Event(
        d.value, d.precision, _short(s.text), names, s.text, s.start, s.end, d.text, d.start_date, d.qualifier
    )


def stable_key(*parts: object) -> str:
    """A short stable id for stored extraction rows."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
