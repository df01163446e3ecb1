"""Date rules on synthetic sentences written for these tests (EN + ZH), resolved against a publication date."""

from __future__ import annotations

from datetime import date

import pytest

from yuqing.nlp.extract._dates import extract_dates
from yuqing.nlp.extract._pipeline import parse_header

PUB = date(2025, 11, 20)  # a Thursday


def _one(text: str, pub: date | None = PUB, lang: str | None = None) -> tuple[str, str, str | None]:
    ds = extract_dates(text, pub, lang)
    assert len(ds) == 1, [(d.text, d.value) for d in ds]
    return ds[0].value, ds[0].precision, ds[0].qualifier


@pytest.mark.parametrize(
    ("text", "value", "precision", "qualifier"),
    [
        ("On September 19th, the firm announced a recall.", "2025-09-19", "day", None),
        ("As of November 18th's close, the shares were flat.", "2025-11-18", "day", None),
        ("The plant opened on Nov. 3, 2021 near the river.", "2021-11-03", "day", None),
        ("Sales started on March 29th this year.", "2025-03-29", "day", None),
        ("A crash happened at the end of March.", "2025-03", "month", "end"),
        ("Prices rose in late March.", "2025-03", "month", "late"),
        ("The company was much smaller last year.", "2024", "year", None),
        ("Results for the third quarter beat forecasts.", "2025-Q3", "quarter", None),
        ("Orders in Q1 2024 were weak.", "2024-Q1", "quarter", None),
        ("He resigned last week.", "2025-11-10", "week", None),
        ("The board met yesterday.", "2025-11-19", "day", None),
        ("The deal closed on Monday.", "2025-11-17", "day", None),
        ("The brand was founded in 2010.", "2010", "year", None),
        ("It happened three months ago.", "2025-08", "month", None),
        ("In the first half of 2024, sales doubled.", "2024-H1", "half", None),
        ("He told reporters earlier this month that sales rose.", "2025-11", "month", "early"),
        ("Margins fell in H2 2023.", "2023-H2", "half", None),
    ],
)
def test_english_dates(text: str, value: str, precision: str, qualifier: str | None) -> None:
    assert _one(text) == (value, precision, qualifier)


def test_month_after_publication_goes_back_a_year_unless_future() -> None:
    pub = date(2025, 2, 10)
    assert _one("The car was unveiled on December 28th.", pub)[0] == "2024-12-28"
    assert _one("The car will be delivered on December 28th.", pub)[0] == "2025-12-28"


def test_names_are_not_months() -> None:
    # "Jun" in a name, "May" as a verb, "March" as a noun: none is a date
    text = "Lei Jun said the team may march on. Mr. Jun Wang agreed."
    assert extract_dates(text, PUB, "en") == []


def test_figures_are_not_years() -> None:
    assert extract_dates("The company sold 2025 units and 1999 cars.", PUB, "en") == []


def test_unknown_year_without_publication_date() -> None:
    assert _one("On November 16, he posted again.", None) == ("--11-16", "day", None)


@pytest.mark.parametrize(
    ("text", "value", "precision", "qualifier"),
    [
        ("2025年3月29日，公司发布新车。", "2025-03-29", "day", None),
        ("公司3月29日发布新车。", "2025-03-29", "day", None),
        ("今年3月29日，公司发布新车。", "2025-03-29", "day", None),
        ("去年公司交付了很多车。", "2024", "year", None),
        ("上周，公司股价下跌。", "2025-11-10", "week", None),
        ("公司第三季度营收增长。", "2025-Q3", "quarter", None),
        ("公司3月底召回部分车辆。", "2025-03", "month", "end"),
        ("昨天公司召开发布会。", "2025-11-19", "day", None),
        ("公司将在年底公布计划。", "2025", "year", "end"),
        ("今年上半年营收增长。", "2025-H1", "half", None),
        ("一季度交付量创新高。", "2025-Q1", "quarter", None),
    ],
)
def test_chinese_dates(text: str, value: str, precision: str, qualifier: str | None) -> None:
    assert _one(text, lang="zh") == (value, precision, qualifier)


def test_dates_keep_offsets() -> None:
    text = "Two things: on September 19th a recall; 上周 a drop."
    for d in extract_dates(text, PUB, "zh"):
        assert text[d.start : d.end] == d.text


def test_header_dates() -> None:
    assert parse_header("Title line\n\nSome Outlet 11/05/2025\n\nBody text here.")[1:3] == (
        date(2025, 5, 11),
        "day",
    )
    assert parse_header("Title line\n\nSome Outlet 11/05/2025\n", dayfirst=False)[1] == date(2025, 11, 5)
    assert parse_header("标题\n2025年9月19日\n正文。")[1] == date(2025, 9, 19)
    assert parse_header("Title\nBy Jane Doe | November 18, 2025\n\nBody text.")[1] == date(2025, 11, 18)
    assert parse_header("Title\nUpdated 18 November 2025 10:30\nBody.")[1] == date(2025, 11, 18)
    assert (
        parse_header("Launch set for September 9, 2025\n\nBody text.")[1] is None
    )  # the title is not a dateline
    title, pub, prec, _ = parse_header("Title line\n\nDeep News\nNov 16\n\nBody.")
    assert (title, pub, prec) == ("Title line", None, "none")
