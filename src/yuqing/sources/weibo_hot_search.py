"""Weibo hot-search (trending) lists: the daily CSV, the daily Markdown files, and the LBH523 "小米" subsets.

Data as published by LBH523/Weibo-Sentiment-Contagion-in-HK-Tech-Stocks (``data/weibo_hot_history/*.md``) and
the CSV derived from it. All times in these files are China Standard Time; rows keep ``tz = +08:00``.

Fields read
-----------
* ``weibo_hot_search_csv``: ``date`` (list day, CST), ``rank``, ``title``, ``category`` (``暂无`` = none, stored
  as null), ``hot_value`` (heat), ``last_updated`` (``2024-05-20 11:21 PM``, CST: the list capture time ->
  ``list_time``), ``display_time_unix`` (unix seconds the entry first appeared -> ``shown_at``).
* ``weibo_hot_search_md``: the heading ``# YYYY-MM-DD`` (else the file name) as the list day,
  ``**最后更新时间**：YYYY-MM-DD hh:mm AM|PM`` as ``list_time``, and numbered entries
  ``N. [title](url) `category` - heat`` (the category may be missing); ``display_time`` inside the entry URL gives ``shown_at``.
* ``weibo_hot_search_subset_csv``: LBH523's keyword subset ``rank, keyword, category, hot_value, date`` (same
  rows as the daily list, so re-importing both stores each entry once).
* ``weibo_hot_sentiment_csv``: LBH523's daily sentiment series ``date, raw_sentiment, topic_count, total_heat,
  sentiment_smooth`` -> ``metrics`` (one series per column, entity from ``--option entity=...``, default 小米,
  period ``day``). The scores are that repository's model output (Erlangshen-RoBERTa, EWMA 7), not yuqing's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from yuqing.sources._base import Importer, Rec, Reject, register_importer
from yuqing.sources._io import base_suffix, csv_columns_score, csv_header_score, iter_lines
from yuqing.sources._parse import CST_OFFSET, ParseError, parse_count, parse_date, parse_float, parse_time
from yuqing.sources._rows import RowImporter, RowMapper

PLATFORM = "weibo"
_NONE_CATEGORY = ("暂无", "")


def _category(value: str | None) -> str | None:
    s = (value or "").strip()
    return None if s in _NONE_CATEGORY else s


@lru_cache(maxsize=4096)
def _list_time(value: str) -> datetime | None:
    """Capture times repeat on every row of a day: parse each distinct text once."""
    return parse_time(value, field="last_updated")


def _rank(value: Any) -> int:
    r = parse_count(value, "rank")
    if r is None or r <= 0:
        raise ParseError(f"rank: {value!r} is not a positive rank")
    return r


def _list_date(row: dict[str, str]) -> date:
    d = parse_date(row.get("date"))
    if d is None:
        raise ParseError("date: empty")
    return d


def _trending(list_date: date, rank: int, title: str, **kw: Any) -> dict[str, Any]:
    if not title.strip():
        raise ParseError("title: empty")
    row = {"platform": PLATFORM, "list_date": list_date, "list_time": None, "tz": CST_OFFSET, "rank": rank,
           "title": title.strip(), "category": None, "heat": None, "shown_at": None}
    row.update(kw)
    return row


@register_importer
class WeiboHotSearchCSV(RowImporter):
    name = "weibo_hot_search_csv"
    version = "1"
    description = "Weibo hot-search daily lists CSV (date,rank,title,category,hot_value,last_updated,...)"
    fields = "date, rank, title, category, hot_value, last_updated (CST), display_time_unix"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.97, lambda h: h[:5] == ["date", "rank", "title", "category", "hot_value"])

    def mapper(self, path: Path) -> RowMapper:
        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            rec = _trending(
                _list_date(row), _rank(row.get("rank")), row.get("title") or "",
                category=_category(row.get("category")),
                heat=parse_count(row.get("hot_value"), "hot_value"),
                list_time=_list_time(row.get("last_updated") or ""),
                shown_at=parse_time(row.get("display_time_unix"), field="display_time_unix"),
            )
            yield Rec("trending", rec, line, raw)

        return convert


_MD_ENTRY = re.compile(r"^(\d+)\.\s+\[(.*)\]\((\S*)\)\s*(?:`([^`]*)`)?\s*-\s*(\S+)\s*$")
_MD_UPDATED = re.compile(r"^\*\*最后更新时间\*\*\s*[:：]\s*(.+?)\s*$")
_MD_HEADING = re.compile(r"^#\s+(\d{4}-\d{2}-\d{2})\s*$")
_DISPLAY_TIME = re.compile(r"display_time%3D(\d{9,11})")


@register_importer
class WeiboHotSearchMarkdown(Importer):
    name = "weibo_hot_search_md"
    version = "1"
    description = "Weibo hot-search daily list as Markdown (LBH523 weibo_hot_history/*.md)"
    fields = "# YYYY-MM-DD heading, **最后更新时间** line, entries 'N. [title](url) `category` - heat'"
    suffixes: ClassVar[tuple[str, ...]] = (".md",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        if base_suffix(path) not in (".md", ".markdown", ".txt"):
            return 0.0
        if "**最后更新时间**" in head and re.search(r"^\d+\.\s+\[", head, re.M):
            return 0.97
        return 0.0

    def read(self, path: Path) -> Iterator[Rec | Reject]:
        list_day: date | None = None
        m = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
        if m:
            list_day = date.fromisoformat(m.group(1))
        list_time = None
        for item in iter_lines(path):
            if isinstance(item, Reject):
                yield item
                continue
            line, text = item
            s = text.strip()
            if not s:
                continue
            if h := _MD_HEADING.match(s):
                list_day = date.fromisoformat(h.group(1))
                continue
            if u := _MD_UPDATED.match(s):
                try:
                    list_time = parse_time(u.group(1), field="最后更新时间")
                except ParseError as exc:
                    yield Reject(line, text, str(exc))
                continue
            if not re.match(r"^\d+\.\s", s):
                continue  # count line, comments, other prose
            e = _MD_ENTRY.match(s)
            if e is None:
                yield Reject(line, text, "numbered line is not an entry '[title](url) `category` - heat'")
                continue
            if list_day is None:
                yield Reject(line, text, "no list date (no '# YYYY-MM-DD' heading and none in the file name)")
                continue
            try:
                dt = _DISPLAY_TIME.search(e.group(3))
                rec = _trending(
                    list_day, _rank(e.group(1)), e.group(2),
                    category=_category(e.group(4)),
                    heat=parse_count(e.group(5), "heat"),
                    list_time=list_time,
                    shown_at=parse_time(int(dt.group(1))) if dt else None,
                )
            except ParseError as exc:
                yield Reject(line, text, str(exc))
                continue
            yield Rec("trending", rec, line, text)


@register_importer
class WeiboHotSearchSubsetCSV(RowImporter):
    name = "weibo_hot_search_subset_csv"
    version = "1"
    description = "LBH523 keyword subset of the hot-search lists (rank,keyword,category,hot_value,date)"
    fields = "rank, keyword (title), category, hot_value, date"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_header_score(path, head, 0.95, lambda h: h[:5] == ["rank", "keyword", "category", "hot_value", "date"])

    def mapper(self, path: Path) -> RowMapper:
        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            rec = _trending(_list_date(row), _rank(row.get("rank")), row.get("keyword") or "",
                            category=_category(row.get("category")),
                            heat=parse_count(row.get("hot_value"), "hot_value"))
            yield Rec("trending", rec, line, raw)

        return convert


_SENTIMENT_SERIES = {
    "raw_sentiment": ("weibo_hot_search_sentiment", "score -1..1"),
    "sentiment_smooth": ("weibo_hot_search_sentiment_ewma7", "score -1..1"),
    "topic_count": ("weibo_hot_search_topics", "entries"),
    "total_heat": ("weibo_hot_search_heat", "heat"),
}


@register_importer
class WeiboHotSentimentCSV(RowImporter):
    name = "weibo_hot_sentiment_csv"
    version = "1"
    description = "LBH523 daily hot-search sentiment series (date,raw_sentiment,topic_count,total_heat,...)"
    fields = "date, raw_sentiment, topic_count, total_heat, sentiment_smooth"
    suffixes: ClassVar[tuple[str, ...]] = (".csv",)

    @classmethod
    def sniff(cls, path: Path, head: str) -> float:
        return csv_columns_score(path, head, {"date", "raw_sentiment", "sentiment_smooth"}, 0.95)

    def mapper(self, path: Path) -> RowMapper:
        entity = str(self.options.get("entity") or "小米")

        def convert(line: int, raw: str, row: dict[str, str]) -> Iterator[Rec]:
            d = _list_date(row)
            values = [(col, parse_float(row.get(col), col)) for col in _SENTIMENT_SERIES if col in row]
            for col, value in values:
                if value is None:
                    continue
                series, unit = _SENTIMENT_SERIES[col]
                yield Rec("metrics", {"series": series, "entity": entity, "period_start": d, "period": "day",
                                      "value": value, "unit": unit}, line, raw)

        return convert
