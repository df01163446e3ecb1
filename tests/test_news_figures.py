"""Figure rules and their context (entity, metric, date) on synthetic sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from yuqing.nlp.extract._figures import Figure, extract_figures
from yuqing.nlp.extract._pipeline import extract_article


def _fig(text: str, lang: str | None = None) -> Figure:
    fs = extract_figures(text, lang)
    assert len(fs) == 1, [(f.text, f.value) for f in fs]
    return fs[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("The count fell to 43.791 million.", 43_791_000, None, "count"),
        ("It lost HK$500 billion in value.", 5e11, "HKD", "money"),
        ("The fund holds RMB 700 million.", 7e8, "CNY", "money"),
        ("The price was HK$40.78 per share.", 40.78, "HKD/share", "money"),
        ("They recalled 117,000 Acme Z3 vehicles.", 117_000, "vehicles", "count"),
        ("It costs $3.5bn to build.", 3.5e9, "USD", "money"),
        ("Margins widened 1.5 percentage points.", 1.5, "pp", "percent"),
        ("The car reached 116 km/h on the road.", 116, "km/h", "quantity"),
        ("It took nearly three years of preparation.", 3, "years", "quantity"),
    ],
)
def test_english_values(text: str, value: float, unit: str | None, kind: str) -> None:
    f = _fig(text, "en")
    expected: tuple[object, ...] = (pytest.approx(value), unit, kind)
    assert (f.value, f.unit, f.kind) == expected
    assert text[f.start : f.end] == f.text


def test_direction_and_approximation() -> None:
    f = _fig("The shares are down over 30% this year.", "en")
    assert (f.value, f.unit, f.direction, f.approx, f.change) == (30, "%", "down", ">", True)
    f = _fig("Followers dropped to about 43 million.", "en")
    assert (f.direction, f.approx, f.change) == ("down", "~", False)  # a level reached, not the change


def test_not_figures() -> None:
    # model names, ordinals, years and a lone number word are not figures
    assert extract_figures("The SU7 and the YU7 launched in 2024, the 3rd model.", "en") == []
    assert extract_figures("Two of them agreed.", "en") == []


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("公司宣布召回11.7万辆汽车。", 117_000, "辆"),
        ("股价下跌4.5%。", 4.5, "%"),
        ("市值蒸发约5000亿港元。", 5e11, "HKD"),
        ("营收达到1131亿元。", 1.131e11, "CNY"),
        ("公司拨备7亿元人民币。", 7e8, "CNY"),
    ],
)
def test_chinese_values(text: str, value: float, unit: str) -> None:
    f = _fig(text, "zh")
    expected: tuple[object, ...] = (pytest.approx(value), unit)
    assert (f.value, f.unit) == expected


def test_chinese_direction() -> None:
    f = _fig("粉丝流失超74万。", "zh")
    assert (f.value, f.direction, f.approx) == (740_000, "down", ">")
    assert extract_figures("每一位车主都很重要。", "zh") == []


SYN_EN = (
    "Acme shares slide after recall\n\n"
    "On September 19th, Acme Motors announced the recall of nearly 117,000 Acme Z3 vehicles. "
    "As of November 18th's close, Acme Group's stock price was HK$40.78 per share, down over 30% from the "
    "year's high. Jane Doe's Douyin account has lost over 740,000 followers. "
    "Acme delivered more than 40,000 vehicles in October, up 12% from September. "
    "Revenue for the third quarter rose 22.3% year on year to RMB 113.1 billion."
)


def test_figure_context_english() -> None:
    ex = extract_article(SYN_EN, date(2025, 11, 20), "en")
    by = {f.text: f for f in ex.figures}
    assert (by["117,000"].metric, by["117,000"].date, by["117,000"].approx) == ("recall", "2025-09-19", "~")
    assert (by["HK$40.78"].metric, by["HK$40.78"].entity, by["HK$40.78"].date) == (
        "stock price",
        "Acme Group",
        "2025-11-18",
    )
    assert by["30%"].metric == "stock price" and by["30%"].direction == "down"
    assert by["740,000"].entity == "Jane Doe"  # the account's owner, not the platform
    assert (by["40,000"].metric, by["40,000"].date) == ("deliveries", "2025-10")
    assert (by["12%"].metric, by["12%"].date) == ("deliveries", "2025-10")  # September is the baseline
    assert by["22.3%"].metric == "revenue" and by["RMB 113.1 billion"].metric == "revenue"
    assert by["RMB 113.1 billion"].date == "2025-Q3"


def test_figure_context_chinese() -> None:
    text = "2025年9月19日，星辰汽车宣布召回11.7万辆汽车。上周，星辰集团股价下跌4.5%，市值蒸发约500亿港元。"
    ex = extract_article(text, date(2025, 9, 26), "zh")
    by = {f.text: f for f in ex.figures}
    assert (by["11.7万辆"].metric, by["11.7万辆"].date) == ("召回", "2025-09-19")
    assert (by["4.5%"].metric, by["4.5%"].date, by["4.5%"].direction) == ("股价", "2025-09-15", "down")
    assert by["500亿港元"].metric == "市值" and by["500亿港元"].value == pytest.approx(5e10)


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("It can charge at up to 120kW on a fast charger.", 120, None, "kW"),
        ("The base phone has just 64GB of storage.", 64, None, "GB"),
        ("The album sold 4.3M copies.", 4.3e6, None, "copies"),
        ("Shares rose to RM23.50 at the close.", 23.5, None, "MYR"),
        ("He drove at 15-22 miles per hour.", 15, 22, "miles"),
        ("Prices should rise between 5% and 6% next year.", 5, 6, "%"),
        ("There are 1 to 2 thousand people waiting.", 1000, 2000, "people"),
    ],
)
def test_glued_units_currencies_and_ranges(text: str, value: float, high: float | None, unit: str) -> None:
    f = _fig(text, "en")
    expected: tuple[object, ...] = (
        pytest.approx(value),
        high if high is None else pytest.approx(high),
        unit,
    )
    assert (f.value, f.high, f.unit) == expected


def test_from_to_is_a_change_not_a_range() -> None:
    fs = extract_figures("His weight dropped from 208 pounds to 193 pounds.", "en")
    assert [(f.value, f.high) for f in fs] == [(208, None), (193, None)]


def test_model_numbers_are_not_figures() -> None:
    assert extract_figures("The new iPhone 11 and the Boeing 787 were shown.", "en") == []


def test_stock_sentences_name_the_company() -> None:
    text = "Acme Motors shares closed at HK$38.50 on Wednesday. The stock has fallen about 30% since June."
    ex = extract_article(text, date(2025, 10, 16), "en")
    f = next(f for f in ex.figures if f.text == "30%")
    assert (f.entity, f.direction, f.approx) == ("Acme Motors", "down", "~")


def test_pronoun_and_long_organisation_entities() -> None:
    text = (
        "Jane Doe runs Acme Motors. In March, she shared 33 posts. "
        "In April, the Ministry of Industry and Information Technology summoned 60 companies."
    )
    ex = extract_article(text, date(2025, 5, 11), "en")
    by = {f.text: f for f in ex.figures}
    assert by["33"].entity == "Jane Doe"
    assert by["60"].entity == "Ministry of Industry and Information Technology"
