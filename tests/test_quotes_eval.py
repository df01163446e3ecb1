"""Quote tracing on REAL statements (skipped when ../shared/data is absent): CED Weibo posts and the Lei Jun
quotations of the news articles, distorted at test time by yuqing's generator and the hand-made edits of
``_eval.HAND_CASES``. Small samples (the full figures are in docs/quotes.md, from bench/quotes.py); nothing
derived from the data is written."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import shared
from yuqing.nlp.provenance import QuoteTracer, USEEmbedder
from yuqing.nlp.provenance._eval import (
    ced_cases,
    ced_posts,
    cross_language_cases,
    hand_cases,
    news_quotes,
    run_cases,
    statements_from_texts,
    summarize,
)
from yuqing.nlp.quote_distort import make_cases

pytestmark = pytest.mark.xdist_group("quotes_real")


@pytest.fixture(scope="module")
def ced() -> Path:
    return shared("weibo/ced_rumor/ced_microblogs_with_reposts.jsonl.gz")


@pytest.fixture(scope="module")
def news() -> Path:
    return shared("news/000_*.txt").parent


def test_ced_generated_cases_lexical(ced: Path) -> None:
    sts, cases = ced_cases(ced, 300, 6, seed=0)
    assert {c.kind for c in cases} == {"exact", "truncated", "merged", "altered", "paraphrase", "not_found"}
    s = summarize(run_cases(QuoteTracer(None).fit(sts), cases))
    assert s["recall@1"] >= 0.9 and s["recall@5"] >= 0.95, s
    for kind in ("exact", "truncated", "altered", "merged", "not_found"):
        assert s["per_class"][kind]["verdict_accuracy"] >= 0.6, (kind, s["per_class"][kind])


def test_news_quotes_hand_and_generated(news: Path, ced: Path) -> None:
    quotes = news_quotes(news)
    assert len(quotes) >= 10
    _, filler = ced_posts(ced, 0, 100, seed=1)
    sts = statements_from_texts(quotes + filler, "news")
    tracer = QuoteTracer(None).fit(sts)
    hand = hand_cases(quotes)
    assert len(hand) >= 12
    res = run_cases(tracer, hand)
    by_kind = {k: [r for r in res if r.kind == k] for k in ("exact", "truncated", "merged", "altered", "not_found")}
    for kind, rs in by_kind.items():  # lexical evidence decides these; paraphrases need the embeddings
        assert rs and all(r.verdict == kind for r in rs), (kind, [(r.verdict, r.rank) for r in rs])
    gen = make_cases(quotes, [], random.Random(0), per_kind=5)
    s = summarize(run_cases(tracer, gen))
    assert s["recall@1"] >= 0.9 and s["verdict_accuracy"] >= 0.8, s


def test_cross_language_both_directions_real(news: Path, ced: Path) -> None:
    _, filler = ced_posts(ced, 0, 40, seed=1)
    setups = cross_language_cases(news, filler)
    emb = USEEmbedder()
    for direction, (sts, cases) in setups.items():
        assert len(cases) >= 10
        s = summarize(run_cases(QuoteTracer(emb).fit(sts), cases))
        assert s["recall@5"] >= 0.7, (direction, s)
