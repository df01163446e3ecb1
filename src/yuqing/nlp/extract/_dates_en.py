"""English date rules: "September 19th", "Nov. 18, 2025", "the end of March", "late March", "March 29th this year",
"last year", "last week", "on Monday", "Q3 2024", "the third quarter", "in 2023", "11/05/2025" (the patterns, tried in
order, and their resolution; see :mod:`._dates`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from yuqing.nlp.extract._common import (
    DateMention,
    day_value,
    infer_year,
    mention_maker,
    month_value,
    rel_unit,
    rel_year,
    ymd,
)

MONTHS = {
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

EN_RULES: list[tuple[str, re.Pattern[str]]] = [
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


def resolve_en(
    kind: str, m: re.Match[str], pub: date | None, future: bool, dayfirst: bool
) -> DateMention | None:
    """The mention of match ``m`` of the English rule ``kind`` (``None``: not a date after all)."""
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    mk = mention_maker(m)
    if kind == "iso":
        return mk(day_value(year, int(g["m"]), int(g["day"])), "day")
    if kind == "slash":
        a, b = int(g["a"]), int(g["b"])
        d, mo = (a, b) if (dayfirst and b <= 12) or a > 12 else (b, a)
        return mk(day_value(year, mo, d), "day")
    if kind in ("md", "dm"):
        mo, d = MONTHS[g["mon"].rstrip(".").lower()], int(g["day"])
        if not 1 <= d <= 31:
            return None
        ry = rel_year(g.get("rely"), pub)
        y = year or ry or infer_year(mo, d, pub, future)
        return mk(day_value(y, mo, d), "day", rel=year is None)
    if kind in ("qual_month", "month_year", "month"):
        mo = MONTHS[g["mon"].rstrip(".").lower()]
        ry = rel_year(g.get("rely"), pub)
        y = year or ry or infer_year(mo, 1, pub, future)
        return mk(month_value(y, mo), "month", _qual(g.get("qual")), rel=year is None)
    if kind == "half":
        h = int(g["hn"]) if g.get("hn") else (1 if (g.get("ho") or "").lower() == "first" else 2)
        y = year or rel_year(g.get("rely"), pub) or (pub.year if pub else None)
        if y is None:
            return mk((f"--H{h}", None), "half", rel=True)
        return mk((f"{y:04d}-H{h}", date(y, 6 * h - 5, 1)), "half", rel=year is None)
    if kind in ("quarter", "year_q"):
        q = int(g["qn"]) if g.get("qn") else _ORD[g["qo"].lower()]
        ry = rel_year(g.get("rely"), pub)
        y = year or ry or (pub.year if pub else None)
        if y is None:
            return mk((f"--Q{q}", None), "quarter", rel=True)
        return mk((f"{y:04d}-Q{q}", date(y, 3 * q - 2, 1)), "quarter", rel=year is None)
    if kind == "rel_day":
        if pub is None:
            return None
        off = {"yesterday": -1, "today": 0, "tomorrow": 1}[g["rel"].lower()]
        return mk(day_value(*ymd(pub + timedelta(days=off))), "day", rel=True)
    if kind in ("rel", "earlier", "weekend"):
        return rel_unit(kind, g, pub, mk)
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
            return mk(day_value(*ymd(pub - timedelta(days=n))), "day", rel=True)
        if unit == "week":
            wk = pub - timedelta(days=7 * n + pub.weekday())
            return mk((wk.isoformat(), wk), "week", rel=True)
        if unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            return mk(month_value(y, mo + 1), "month", rel=True)
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
        return mk(day_value(*ymd(wday)), "day", rel=True)
    if kind == "year":
        return mk((f"{year:04d}", date(year, 1, 1)) if year else None, "year")
    return None
