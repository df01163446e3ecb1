"""News article importers: the three real articles in ../shared/data/news and SYNTHETIC HTML/Markdown fixtures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import shared
from yuqing.sources import detect_format, ingest_file
from yuqing.sources._article_dates import find_date
from yuqing.store import Store

FX = Path(__file__).parent / "fixtures" / "real_formats"
COLS = "title, outlet, url, published_at, published_precision, lang"


def _article(store: Store) -> tuple[object, ...]:
    rows = store.fetchall(f"SELECT {COLS} FROM articles")
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("name", ["000_*.txt", "001_*.txt", "002_*.txt"])
def test_detects_real_articles(name: str) -> None:
    assert detect_format(shared(f"news/{name}")).name == "article_txt"


def test_real_article_month_day_without_year_is_not_guessed(duck: Store) -> None:
    path = shared("news/000_*.txt")
    r = ingest_file(duck, path)
    assert (r.read, r.stored, r.quarantined) == (1, 1, 0)
    # "Nov 16" with no year: the body mentions 2023 and 2024, which are not the publication year
    assert _article(duck) == ("Lei Jun Fires Back on Weibo Over Xiaomi Car Safety Concerns", "Deep News", None,
                              None, "none", "en")
    body = duck.fetchall("SELECT body FROM articles")[0][0]
    assert body.startswith("Amid growing online skepticism") and "Deep News" not in body[:200]
    assert ingest_file(duck, path).duplicate == 1


def test_real_article_year_option(duck: Store) -> None:
    ingest_file(duck, shared("news/000_*.txt"), options={"year": "2025"})
    assert _article(duck)[3:5] == (datetime(2025, 11, 16), "day")


def test_real_article_banner_glued_outlet_dayfirst_url(duck: Store) -> None:
    ingest_file(duck, shared("news/001_*.txt"))
    title, outlet, url, published, precision, lang = _article(duck)
    assert (title, outlet, lang) == ("Why Xiaomi CEO Disappeared From Social Media", "Zing News", "en")
    assert str(url).startswith("https://znews.vn/")
    # "11/05/2025" is ambiguous; the site is under .vn (day-first) -> 11 May 2025
    assert (published, precision) == (datetime(2025, 5, 11), "day")


def test_real_article_ambiguous_date_without_hint(duck: Store) -> None:
    ingest_file(duck, shared("news/001_*.txt"), options={"url": "https://example.com/a"})
    assert _article(duck)[3:5] == (datetime(2025, 1, 1), "year")


def test_real_article_without_date_or_outlet(duck: Store) -> None:
    ingest_file(duck, shared("news/002_*.txt"))
    title, outlet, url, published, precision, _ = _article(duck)
    assert str(title).startswith("Lei Jun Addresses Xiaomi")
    assert (outlet, url, published, precision) == (None, None, None, "none")


def test_html_fixture(any_store: Store) -> None:
    path = FX / "article.html"
    assert detect_format(path).name == "article_html"
    r = ingest_file(any_store, path)
    assert (r.stored, r.quarantined) == (1, 0)
    assert _article(any_store) == ("Mars Tech CEO Zhou Ming announces new phone", "Synthetic Daily",
                                   "https://news.example.com/2025/03/28/mars-tech-phone",
                                   datetime(2025, 3, 28, 2, 30), "day", "en")
    body = any_store.fetchall("SELECT body FROM articles")[0][0]
    assert "10,000 units" in body and "Home | Business" not in body


def test_markdown_fixtures(duck: Store) -> None:
    assert detect_format(FX / "article.md").name == "article_md"
    ingest_file(duck, FX / "article.md")
    ingest_file(duck, FX / "article_noyear.md")
    rows = duck.fetchall(f"SELECT {COLS} FROM articles ORDER BY title")
    assert rows == [
        ("Zhou Ming answers critics", "Synthetic Wire", None, None, "none", "en"),
        ("火星科技发布新车", "合成日报", "https://news.example.cn/a/1", datetime(2025, 4, 2), "day", "zh"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nov 16", (None, 11, 16)),
        ("November 16, 2025", (2025, 11, 16)),
        ("16 November 2025", (2025, 11, 16)),
        ("2025年11月16日", (2025, 11, 16)),
        ("2025-11-16", (2025, 11, 16)),
        ("13/05/2025", (2025, 5, 13)),
        ("05/13/2025", (2025, 5, 13)),
        ("Lei Jun said", None),
    ],
)
def test_find_date(text: str, expected: tuple[int | None, int, int] | None) -> None:
    d = find_date(text)
    assert (None if d is None else (d.year, d.month, d.day)) == expected
