"""How the timeline groups what articles say: word overlap, agreeing dates, metric names, date spans.

Pure functions over the extraction rows; :mod:`yuqing.analyses.timeline` applies them.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from yuqing.analyses._timeline_render import chart_day

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+|\d[\d,.]*|[\u4e00-\u9fff]")
_STOP = frozenset(
    re.findall(
        r"\w+",
        "the a an of to in on at by for and or but with from as is was were are be been has have had that this "
        "these those it its his her their he she they we i you said says about over after before into than also "
        "which who will would could can not no more most some",
    )
)
#: metric words of both languages mapped to one name, so that reports in English and Chinese group together
METRIC_NAMES = {
    "股价": "share price", "stock price": "share price", "stock": "share price", "shares": "share price", "price": "share price",
    "市值": "market value", "market cap": "market value", "market capitalization": "market value",
    "market capitalisation": "market value", "营收": "revenue", "收入": "revenue", "revenues": "revenue",
    "turnover": "revenue", "净利润": "net profit", "net income": "net profit", "利润": "profit",
    "销量": "sales", "销售": "sales", "交付": "deliveries", "交付量": "deliveries", "召回": "recall",
    "粉丝": "followers", "粉丝数": "followers", "follower count": "followers", "fans": "followers",
    "收盘": "share price", "收盘价": "share price", "订单": "orders", "大定": "orders", "定单": "orders", "出货量": "shipments",
}  # fmt: skip


_MONTHS = {m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept")}


def _stem(t: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if len(t) > len(suf) + 3 and t.endswith(suf):
            return t[: -len(suf)]
    return t


def tokens(text: str, drop: str = "") -> set[str]:
    """Content words (crudely stemmed) and numbers of ``text``, without those of ``drop`` (the date
    expression and the entity names, which are already the merge criteria) and month names."""
    gone = _MONTHS | ({_stem(t.lower()) for t in _WORD.findall(drop)} if drop else set())
    out = {_stem(t.lower().replace(",", "")) for t in _WORD.findall(text) if t.lower() not in _STOP}
    return {t for t in out if t not in gone and not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", t)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def dates_agree(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


def norm_metric(metric: str | None) -> str | None:
    if not metric:
        return None
    m = metric.strip().lower()
    return METRIC_NAMES.get(m, METRIC_NAMES.get(metric.strip(), m))


def groups(n: int, same: Any, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the ``same`` relation over candidate ``pairs`` (union-find), in first-member
    order."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        if find(i) != find(j) and same(i, j):
            parent[find(j)] = find(i)
    by: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        by[find(i)].append(i)
    return list(by.values())


def date_pairs(dates: list[str]) -> Iterator[tuple[int, int]]:
    """Pairs of indices whose dates agree (equal or nested), found through an index by date string rather
    than by comparing all pairs."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(dates):
        by[d].append(i)
    keys = sorted(by)
    for d, idx in by.items():
        cands = {d} | {k for k in keys if k.startswith(d + "-")}
        for c in cands:
            for i in idx:
                for j in by[c]:
                    if i < j or (c != d and i != j):
                        yield (i, j) if i < j else (j, i)


def word_pairs(toks: list[set[str]]) -> Iterator[tuple[int, int]]:
    """Pairs of indices sharing at least one word (an inverted index instead of all pairs)."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(toks):
        for w in t:
            by[w].append(i)
    seen: set[tuple[int, int]] = set()
    for idx in by.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                p = (idx[a], idx[b])
                if p not in seen:
                    seen.add(p)
                    yield p


def sources(g: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for e in g:
        seen.setdefault(
            (e["article_id"], e["span_start"]),
            {
                "article": e["article_id"],
                "idx": e["idx"],
                "stored": e["stored"],
                "outlet": e["outlet"],
                "title": e["title"],
                "published": e["published"],
                "sentence": e["source"],
                "span": [e["span_start"], e["span_end"]],
            },
        )
    return list(seen.values())


def date_span(d: str | None, precision: str | None) -> tuple[date, date] | None:
    """First and last day of a normalised date ("2025-03-29", "2025-03", "2025-Q3", "2025-H1", "2025"); a
    ``week`` date is the week from that day (a Saturday: the weekend). None without a date or without a year ("--11-16")."""
    first = chart_day(d)
    if first is None or d is None:
        return None
    if len(d) == 10:
        if precision != "week":
            return first, first
        return first, first + timedelta(days=1 if first.weekday() == 5 else 6)  # a weekend starts on Saturday
    months = 3 if "-Q" in d else 6 if "-H" in d else 1 if len(d) == 7 else 12
    m = first.month - 1 + months
    return first, date(first.year + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def prec_rank(p: str | None) -> int:
    return {"day": 5, "week": 4, "month": 3, "quarter": 2, "half": 1, "year": 0}.get(p or "", -1)


def sort_key(d: str | None) -> str:
    if not d:
        return ""
    return d.replace("-Q", "-0").replace("-H1", "-01").replace("-H2", "-07")
