"""The extractors against the hand-written gold for the three real articles in ../shared/data/news/.

The gold (tests/data/news_gold.json) holds short keys and normalised values only, never the article text.
Thresholds are the scores reported in docs/news.md minus a tolerance of 0.1.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import shared
from yuqing.nlp.extract._pipeline import extract_article
from yuqing.nlp.extract._score import score_article, summarise

GOLD = Path(__file__).parent / "data" / "news_gold.json"
REPORTED = {  # docs/news.md, measured with bench/news.py
    "events": 1.0,
    "events+date": 1.0,
    "figures": 1.0,
    "figures+value": 1.0,
    "quotes": 1.0,
    "quotes+speaker": 1.0,
}
TOLERANCE = 0.1


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    total: Counter[str] = Counter()
    for name, g in gold["articles"].items():
        path = shared(f"news/{name}.txt")
        text = path.read_text(encoding="utf-8")
        total += score_article(extract_article(text, article=name), g, text)
    return summarise(total)


@pytest.mark.parametrize("field", sorted(REPORTED))
def test_gold_f1_reaches_reported(scores: dict[str, dict[str, float]], field: str) -> None:
    assert scores[field]["f1"] >= REPORTED[field] - TOLERANCE, scores[field]


def test_gold_has_no_long_passages() -> None:
    """Keys locate items; they must stay short (no article text in the repository)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for art in gold["articles"].values():
        for kind in ("events", "figures", "quotes"):
            for item in art[kind]:
                assert len(item["key"].split()) <= 6, item


def test_publication_dates_from_headers() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    for name, g in gold["articles"].items():
        text = shared(f"news/{name}.txt").read_text(encoding="utf-8")
        ex = extract_article(text, article=name)
        assert (ex.published.isoformat() if ex.published else None) == g["published"]


def test_scorer_counts_right_and_wrong_fields() -> None:
    """The scorer on a SYNTHETIC article: one right quote, one wrong speaker, one missed figure."""
    text = (
        "Title\n\n2025-09-20\n\nOn September 19th, Acme recalled 117,000 cars. "
        "“We will fix them,” Jane Doe said. “It is fine,” Bob Roe said."
    )
    ex = extract_article(text, article="syn")
    gold = {
        "events": [
            {"date": "2025-09-19", "precision": "day", "date_text": "September 19th", "key": "Acme recalled"}
        ],
        "figures": [
            {"value": 117000, "unit": "cars", "key": "117,000"},
            {"value": 5, "unit": "x", "key": "Title"},
        ],
        "quotes": [
            {"speaker": "Jane Doe", "kind": "direct", "key": "We will fix"},
            {"speaker": "Jane Doe", "kind": "direct", "key": "It is fine"},
        ],
    }
    s = summarise(score_article(ex, gold, text))
    assert s["events+date"]["f1"] == 1.0
    assert (s["figures"]["recall"], s["figures"]["precision"]) == (0.5, 1.0)
    assert (s["quotes"]["recall"], s["quotes+speaker"]["recall"]) == (1.0, 0.5)
