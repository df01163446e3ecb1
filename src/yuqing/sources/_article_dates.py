"""Publication dates as news pages write them, with their precision; nothing is guessed silently.

``find_date`` reads one header line: ``Nov 16``, ``November 16, 2025``, ``16 November 2025``, ``2025-11-16``,
``2025年11月16日``, ``11/05/2025``. A month-day without a year is resolved only against ``year`` (an option or a
full date elsewhere in the header); a numeric ``a/b/yyyy`` whose day and month cannot be told apart is resolved
only with ``dayfirst`` (an option, or the site's country: see :func:`dayfirst_from_url`), else it keeps year
precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MON = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_ZH = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_NUM = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")
_MDY = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?![\d:])")
_DMY = re.compile(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON}(?:,?\s+(\d{{4}}))?\b")
#: Country-code domains whose sites write day-first numeric dates (most of the world outside the US).
_DAYFIRST_TLDS = {"vn", "uk", "au", "nz", "in", "sg", "my", "hk", "fr", "de", "it", "es", "ru", "br", "ie", "za",
                  "id", "ph", "pk", "nl", "be", "pt", "pl", "tr"}


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: ``year``/``month``/``day`` as far as known, and the text it came from."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    ambiguous_dm: bool = False  # numeric a/b/yyyy with both a and b <= 12

    def resolve(self, year: int | None = None, dayfirst: bool | None = None) -> tuple[datetime | None, str]:
        """The date at 00:00 and its precision (day | month | year | none)."""
        y = self.year or year
        if y is None:
            return None, "none"
        month, day = self.month, self.day
        if self.ambiguous_dm:
            if dayfirst is None:
                return datetime(y, 1, 1), "year"
            if dayfirst:
                month, day = day, month
        if month is None:
            return datetime(y, 1, 1), "year"
        if day is None:
            return datetime(y, month, 1), "month"
        try:
            return datetime(y, month, day), "day"
        except ValueError:
            return None, "none"


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def find_date(line: str) -> FoundDate | None:
    """The first date in ``line`` (see the module doc), or None."""
    for rx, kind in ((_ISO, "iso"), (_ZH, "iso"), (_NUM, "num"), (_MDY, "mdy"), (_DMY, "dmy")):
        m = rx.search(line)
        if m is None:
            continue
        g = m.groups()
        if kind == "iso":
            y, mo, d = int(g[0]), int(g[1]), int(g[2])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return FoundDate(m.group(0), m.start(), m.end(), y, mo, d)
        elif kind == "num":
            a, b, y = int(g[0]), int(g[1]), int(g[2])
            if a > 12 and b <= 12:
                return FoundDate(m.group(0), m.start(), m.end(), y, b, a)
            if b > 12 and a <= 12:
                return FoundDate(m.group(0), m.start(), m.end(), y, a, b)
            if a <= 12 and b <= 12:
                return FoundDate(m.group(0), m.start(), m.end(), y, a, b, ambiguous_dm=True)
        elif kind == "mdy":
            d = int(g[1])
            if 1 <= d <= 31:
                return FoundDate(m.group(0), m.start(), m.end(), int(g[2]) if g[2] else None, _month(g[0]), d)
        else:
            d = int(g[0])
            if 1 <= d <= 31:
                return FoundDate(m.group(0), m.start(), m.end(), int(g[2]) if g[2] else None, _month(g[1]), d)
    return None


def dayfirst_from_url(url: str | None) -> bool | None:
    """True for sites under a country domain that writes day-first dates (``znews.vn``); None when unknown."""
    if not url:
        return None
    m = re.match(r"^(?:https?://)?([^/\s]+)", url.strip())
    if not m:
        return None
    tld = m.group(1).rsplit(".", 1)[-1].lower()
    return True if tld in _DAYFIRST_TLDS else None
