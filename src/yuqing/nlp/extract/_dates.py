"""Date expressions, normalised against the article's publication date, with their precision.

English: "September 19th", "Nov. 18, 2025", "the end of March", "late March", "March 29th this year",
"last year", "last week", "on Monday", "Q3 2024", "the third quarter", "in 2023", "11/05/2025".
Chinese: "2025年3月29日", "3月29日", "去年", "上周", "本月", "第三季度", "年底", "周一".
Month abbreviations only count when a day or year follows ("Lei Jun" is not June). A month or day without
a year takes the publication year, moved back a year when that would put it after publication, unless the
sentence speaks of the future ("will", "next", "upcoming"). Without a publication date the year stays unknown
and the value is written ``--MM-DD`` / ``--MM`` (ISO 8601 without year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from yuqing.nlp.extract._text import guess_lang

Precision = Literal["day", "week", "month", "quarter", "half", "year"]

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MON = r"(?P<mon>" + _FULL + r"|" + _ABBR + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<year>(?:19|20)\d{2})(?!\d)"
_REL_YEAR = r"(?:[ \t]+(?P<rely>this|last|next)[ \t]+year)?"
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUAL = (
    r"(?P<qual>early|mid|late|the end of|end of|the beginning of|the start of|the middle of|the first half of|"
    r"the second half of|the last week of|the first week of|the last days of|the first days of)"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned|expected to|is to|are to|upcoming|scheduled|next|"
    r"forthcoming|ahead of|due to)\b|将|计划|预计|即将|下周|明年",
    re.IGNORECASE,
)

_EN_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>[01]?\d)-(?P<day>[0-3]?\d)\b")),
    ("slash", re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>(?:19|20)\d{2})\b")),
    (
        "md",
        re.compile(r"\b" + _MON + r"[ \t]+" + _DAY + r"(?:[’']s)?(?:,?[ \t]+" + _YEAR + r")?" + _REL_YEAR),
    ),
    (
        "dm",
        re.compile(r"\b" + _DAY + r"(?:[ \t]+of)?[ \t]+" + _MON + r"(?:,?[ \t]+" + _YEAR + r")?" + _REL_YEAR),
    ),
    (
        "qual_month",
        re.compile(
            r"\b"
            + _QUAL
            + r"[ \t-]+"
            + _MON.replace("|" + _ABBR, "")
            + r"\b(?:,?[ \t]+"
            + _YEAR
            + r")?"
            + _REL_YEAR
        ),
    ),
    ("month_year", re.compile(r"\b" + _MON + r",?[ \t]+" + _YEAR)),
    (
        "month",
        re.compile(
            r"(?:(?<=\bin )|(?<=\bsince )|(?<=\bfrom )|(?<=\buntil )|(?<=\bby )|(?<=\bduring )|"
            r"(?<=\bof )|(?<=\bbefore )|(?<=\bafter )|(?<=\bthroughout )|(?<=\bthrough )|"
            r"(?<=\bthis )|(?<=\blast )|(?<=\bnext )|(?<=\bIn )|(?<=\bSince ))"
            r"(?P<mon>" + _FULL + r")\b" + _REL_YEAR
        ),
    ),
    (
        "quarter",
        re.compile(
            r"\b(?:(?:the[ \t]+)?(?P<qo>first|second|third|fourth|1st|2nd|3rd|4th)[ \t]+quarter"
            r"|Q(?P<qn>[1-4]))(?:[ \t]+of)?(?:,?[ \t]+(?:FY)?" + _YEAR + r")?" + _REL_YEAR
        ),
    ),
    ("year_q", re.compile(r"\b" + _YEAR + r"[ \t]*Q(?P<qn>[1-4])\b")),
    (
        "half",
        re.compile(
            r"\b(?:the[ \t]+)?(?P<ho>first|second)[ \t]+half[ \t]+(?:of[ \t]+)?(?:(?P<theyear>the[ \t]+year)|(?:FY)?"
            r"(?P<year>(?:19|20)\d{2})(?!\d)|(?P<rely>this|last|next)[ \t]+year)",
            re.IGNORECASE,
        ),
    ),
    ("half", re.compile(r"\bH(?P<hn>[12])[ \t]*(?:FY)?" + _YEAR)),
    ("half", re.compile(r"\b" + _YEAR + r"[ \t]*H(?P<hn>[12])\b")),
    ("rel_day", re.compile(r"\b(?P<rel>yesterday|today|tomorrow)\b", re.IGNORECASE)),
    (
        "earlier",
        re.compile(r"\b(?P<rel>earlier|later)[ \t]+this[ \t]+(?P<unit>week|month|year)\b", re.IGNORECASE),
    ),
    (
        "rel",
        re.compile(
            r"\b(?P<rel>last|this|next|past)[ \t]+(?P<unit>week|month|year|quarter|weekend)\b", re.IGNORECASE
        ),
    ),
    ("weekend", re.compile(r"\b(?:over|during)[ \t]+the[ \t]+(?P<unit>weekend)\b", re.IGNORECASE)),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)[ \t]+"
            r"(?P<unit>day|week|month|year)s?[ \t]+ago\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<rel>last|this|next|on)[ \t]+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
            r"Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "year",
        re.compile(
            r"(?<![\d$¥€£.,])\b" + _YEAR + r"\b(?![.,]\d)(?![ \t]*(?:%|percent|yuan|units|vehicles|"
            r"people|km|kilometers|million|billion|cars|posts|followers))"
        ),
    ),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression: ``value`` is the normalised ISO string ("2025-03-29", "2025-03", "2025-Q1", "2025",
    or "--11-16" when the year is unknown); ``start_date`` its first day (``None`` when the year is unknown);
    ``qualifier`` early | mid | late | end | start when the text narrows a month or year."""

    start: int
    end: int
    text: str
    value: str
    precision: Precision
    start_date: date | None
    qualifier: str | None = None
    relative: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.value,
            "precision": self.precision,
            "text": self.text,
            "qualifier": self.qualifier,
            "span": [self.start, self.end],
        }


def _as_date(d: date | datetime | None) -> date | None:
    if isinstance(d, datetime):
        return d.date()
    return d


def _qual(q: str | None) -> str | None:
    if not q:
        return None
    q = q.lower()
    for key, val in (
        ("end", "end"),
        ("last", "end"),
        ("late", "late"),
        ("second half", "late"),
        ("early", "early"),
        ("beginning", "start"),
        ("start", "start"),
        ("first", "early"),
        ("mid", "mid"),
    ):
        if key in q:
            return val
    return None


def _month_value(y: int | None, m: int) -> tuple[str, date | None]:
    return (f"{y:04d}-{m:02d}", date(y, m, 1)) if y else (f"--{m:02d}", None)


def _day_value(y: int | None, m: int, d: int) -> tuple[str, date | None] | None:
    try:
        probe = date(y or 2000, m, d)
    except ValueError:
        return None
    return (probe.isoformat(), probe) if y else (f"--{m:02d}-{d:02d}", None)


def _infer_year(m: int, d: int, pub: date | None, future: bool) -> int | None:
    if pub is None:
        return None
    y = pub.year
    try:
        cand = date(y, m, min(d, 28))
    except ValueError:
        return y
    if future:
        return y if cand >= pub - timedelta(days=31) else y + 1
    return y - 1 if cand > pub + timedelta(days=7) else y


def _rel_year(word: str | None, pub: date | None) -> int | None:
    if not word or pub is None:
        return None
    return pub.year + {"this": 0, "last": -1, "next": 1, "今": 0, "去": -1, "前": -2, "明": 1}[word.lower()]


def extract_dates(
    text: str, published: date | datetime | None = None, lang: str | None = None, *, dayfirst: bool = True
) -> list[DateMention]:
    """Date mentions in ``text`` resolved against ``published``; non-overlapping, in text order.

    ``dayfirst`` decides ambiguous numeric dates such as 11/05/2025 (day first is the default outside the US).
    """
    pub = _as_date(published)
    lang = lang or guess_lang(text)
    if lang == "zh":
        from yuqing.nlp.extract._dates_zh import ZH_RULES
    rules = ZH_RULES + _EN_RULES if lang == "zh" else _EN_RULES
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pat in rules:
        for m in pat.finditer(text):
            if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                continue
            sent_start = max(text.rfind(".", 0, m.start()), text.rfind("。", 0, m.start()), 0)
            sent_end_candidates = [i for i in (text.find(".", m.end()), text.find("。", m.end())) if i >= 0]
            sentence = text[sent_start : min(sent_end_candidates) if sent_end_candidates else len(text)]
            dm = _resolve(kind, m, pub, bool(_FUTURE.search(sentence)), dayfirst)
            if dm is None:
                continue
            taken.append((m.start(), m.end()))
            out.append(dm)
    out.sort(key=lambda x: x.start)
    return out


def _resolve(
    kind: str, m: re.Match[str], pub: date | None, future: bool, dayfirst: bool
) -> DateMention | None:
    g = m.groupdict()
    text, s, e = m.group(), m.start(), m.end()
    year = int(g["year"]) if g.get("year") else None

    def mk(
        val: tuple[str, date | None] | None, prec: Precision, qual: str | None = None, rel: bool = False
    ) -> DateMention | None:
        if val is None:
            return None
        return DateMention(s, e, text, val[0], prec, val[1], qual, rel)

    if kind == "iso":
        return mk(_day_value(year, int(g["m"]), int(g["day"])), "day")
    if kind == "slash":
        a, b = int(g["a"]), int(g["b"])
        d, mo = (a, b) if (dayfirst and b <= 12) or a > 12 else (b, a)
        return mk(_day_value(year, mo, d), "day")
    if kind in ("md", "dm"):
        mo, d = _MONTHS[g["mon"].rstrip(".").lower()], int(g["day"])
        if not 1 <= d <= 31:
            return None
        ry = _rel_year(g.get("rely"), pub)
        y = year or ry or _infer_year(mo, d, pub, future)
        return mk(_day_value(y, mo, d), "day", rel=year is None)
    if kind in ("qual_month", "month_year", "month"):
        mo = _MONTHS[g["mon"].rstrip(".").lower()]
        ry = _rel_year(g.get("rely"), pub)
        y = year or ry or _infer_year(mo, 1, pub, future)
        return mk(_month_value(y, mo), "month", _qual(g.get("qual")), rel=year is None)
    if kind == "half":
        h = int(g["hn"]) if g.get("hn") else (1 if (g.get("ho") or "").lower() == "first" else 2)
        y = year or _rel_year(g.get("rely"), pub) or (pub.year if pub else None)
        if y is None:
            return mk((f"--H{h}", None), "half", rel=True)
        return mk((f"{y:04d}-H{h}", date(y, 6 * h - 5, 1)), "half", rel=year is None)
    if kind in ("quarter", "year_q"):
        q = int(g["qn"]) if g.get("qn") else _ORD[g["qo"].lower()]
        ry = _rel_year(g.get("rely"), pub)
        y = year or ry or (pub.year if pub else None)
        if y is None:
            return mk((f"--Q{q}", None), "quarter", rel=True)
        return mk((f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1)), "quarter", rel=year is None)
    if kind == "rel_day":
        if pub is None:
            return None
        off = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["rel"].lower()]
        return mk(_day_value(*_ymd(pub + timedelta(days=off))), "day", rel=True)
    if kind in ("rel", "earlier", "weekend"):
        return _rel_unit(kind, g, pub, mk)
    if kind == "ago":
        if pub is None:
            return None
        n = {
            "a": 1,
            "an": 1,
            "one": 1,
            "two": 2,
            "three": 3,
            "four": 4,
            "five": 5,
            "six": 6,
            "seven": 7,
            "eight": 8,
            "nine": 9,
            "ten": 10,
        }.get(g["n"].lower()) or int(g["n"])
        unit = g["unit"].lower()
        if unit == "day":
            return mk(_day_value(*_ymd(pub - timedelta(days=n))), "day", rel=True)
        if unit == "week":
            wk = pub - timedelta(days=7 * n + pub.weekday())
            return mk((wk.isoformat(), wk), "week", rel=True)
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return mk(_month_value(y, mo + 1), "month", rel=True)
        return mk((f"{pub.year - n:04d}", date(pub.year - n, 1, 1)), "year", rel=True)
    if kind == "weekday":
        # a bare weekday ("Monday") is only taken with "on/last/this/next"
        if pub is None or g.get("rel") is None:
            return None
        wd = _WEEKDAYS.index(g["wd"].lower())
        rel = (g.get("rel") or "on").lower()
        delta = (pub.weekday() - wd) % 7
        if rel == "next" or (future and rel in ("on", "this")):
            wday = pub + timedelta(days=(wd - pub.weekday()) % 7 or 7)
        else:
            wday = pub - timedelta(days=delta or (7 if rel == "last" else 0))
        return mk(_day_value(*_ymd(wday)), "day", rel=True)
    if kind == "year":
        return mk((f"{year:04d}", date(year, 1, 1)) if year else None, "year")
    from yuqing.nlp.extract._dates_zh import resolve_zh

    return resolve_zh(kind, g, pub, future, mk)


def _ymd(d: date) -> tuple[int, int, int]:
    return d.year, d.month, d.day


def _rel_unit(kind: str, g: dict[str, str | None], pub: date | None, mk: object) -> DateMention | None:
    assert callable(mk)
    if pub is None:
        return None
    unit = (g.get("unit") or "").lower()
    rel = (g.get("rel") or "this").lower()
    off = {"last": -1, "past": -1, "this": 0, "next": 1, "earlier": 0, "later": 0}[rel]
    qual = {"earlier": "early", "later": "late"}.get(rel)
    if unit in ("week", "weekend"):
        wk = pub - timedelta(days=pub.weekday()) + timedelta(weeks=off)
        if unit == "weekend" or kind == "weekend":
            sat = wk + timedelta(days=5)
            if kind == "weekend" and sat > pub:
                sat -= timedelta(weeks=1)
            return mk((sat.isoformat(), sat), "week", "weekend", True)  # type: ignore[no-any-return]
        return mk((wk.isoformat(), wk), "week", qual, True)  # type: ignore[no-any-return]
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 + off, 12)
        return mk(_month_value(y, mo + 1), "month", qual, True)  # type: ignore[no-any-return]
    if unit == "quarter":
        q0 = (pub.month - 1) // 3 + off
        y, q = pub.year + q0 // 4, q0 % 4 + 1
        return mk((f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1)), "quarter", qual, True)  # type: ignore[no-any-return]
    y = pub.year + off
    return mk((f"{y:04d}", date(y, 1, 1)), "year", qual, True)  # type: ignore[no-any-return]
