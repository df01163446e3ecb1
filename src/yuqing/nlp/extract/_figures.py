"""Figures: numbers with their scale, unit or currency, approximation, direction, entity, metric and date.

"43.791 million" → 43_791_000; "HK$500 billion" → 5e11 HKD; "11.7万辆" → 117_000 辆; "RMB 700 million";
"down over 30%" → 30 % (direction down, approx ">"); "nearly three years" → 3 years (approx "~").
Years, dates, times and numbers glued to letters ("SU7") are not figures.

The rules of each language are in :mod:`._figures_en` / :mod:`._figures_zh`, chosen through
:func:`~yuqing.nlp.extract._lang.rules_for`; this module runs them and joins ranges ("15-22 mph").
"""

from __future__ import annotations

import re
from dataclasses import replace

from yuqing.nlp.extract._common import Figure, parse_num
from yuqing.nlp.extract._lang import rules_for

__all__ = ["Figure", "extract_figures"]


def extract_figures(
    text: str, lang: str | None = None, *, exclude: list[tuple[int, int]] | None = None
) -> list[Figure]:
    """Numbers in ``text`` with unit, approximation and direction (entity/metric/date are filled by the pipeline).

    ``exclude`` lists spans (dates found by :func:`~yuqing.nlp.extract._dates.extract_dates`) to skip.
    """
    out = rules_for(lang, text).figures(text, exclude or [])
    out.sort(key=lambda f: f.start)
    return _ranges(text, out)


_SCALED = re.compile(r"\d[ \t]*(?:hundred|thousand|million|billion|trillion|bn|mn|tn|[mkMBK]\b)|[万亿]")
_RANGE_SEP = re.compile(r"^[ \t]*(?P<sep>-|–|—|to|and|or)[ \t]*$")


def _ranges(text: str, figs: list[Figure]) -> list[Figure]:
    """Join "15-22 mph", "1 to 1.5 degrees", "between 5% and 6%" into one figure (``value`` the low end,
    ``high`` the high end). "from 208 to 193" stays two figures: a change, not a range."""
    out: list[Figure] = []
    i = 0
    while i < len(figs):
        f = figs[i]
        if i + 1 < len(figs):
            g = figs[i + 1]
            sep = _RANGE_SEP.match(text[f.end : g.start])
            left = text[max(0, f.start - 12) : f.start]
            ok = sep is not None and (f.unit is None or f.unit == g.unit) and f.kind in (g.kind, "count")
            if ok and sep is not None:
                w = sep.group("sep")
                if w in ("and", "or"):
                    ok = bool(re.search(r"\bbetween[ \t]+(?:\S+[ \t]+)?$", left, re.I))
                elif w == "to":
                    ok = not re.search(r"\bfrom[ \t]+$", left, re.I) and f.direction is None
            if ok:
                low = f.value
                raw = re.search(r"\d[\d,]*(?:\.\d+)?", g.text)
                if raw and _SCALED.search(g.text) and not _SCALED.search(f.text) and parse_num(raw.group()):
                    low = (
                        f.value * g.value / parse_num(raw.group())
                    )  # "1 to 2 thousand": the scale applies to both
                out.append(
                    replace(
                        f,
                        end=g.end,
                        text=text[f.start : g.end],
                        value=low,
                        unit=g.unit,
                        kind=g.kind,
                        high=g.value,
                    )
                )
                i += 2
                continue
        out.append(f)
        i += 1
    return out
