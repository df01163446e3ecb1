"""Quote tracing on SYNTHETIC statements written for these tests (a fictional CEO's posts): every verdict class,
the matched span, the changes, and the distortion generator."""

from __future__ import annotations

import random

import pytest

from yuqing.nlp.provenance import QuoteTracer, Statement, USEEmbedder, align
from yuqing.nlp.provenance._text import lang_of, numbers, sentences
from yuqing.nlp.quote_distort import alter_number, clean, make_cases, merge, negate, paraphrase, truncate

SYNTHETIC = [  # written for this test; not anyone's real words
    "安全是基础和前提，对于一辆车来说，颜值是第一位的。",
    "火星一号的售价是21.59万元，我们已经尽力了，希望大家理解。",
    "智能化是汽车的灵魂，传统车企很难追上我们。",
    "这段时间我真的很难受，取消了很多会议，也暂停了社交媒体。",
    "今天天气不错，祝大家周末愉快，我们下周发布会见！",
    "Only by continuously updating our smart systems can we deliver the best technology to consumers.",
    "We will never cut corners on battery safety, whatever the cost.",
]


def _statements(texts: list[str]) -> list[Statement]:
    return [Statement(f"posts/test/{i}", "post", "周明", None, "weibo", t, 0, len(t), lang_of(t))
            for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def lexical() -> QuoteTracer:
    return QuoteTracer(None).fit(_statements(SYNTHETIC))


@pytest.fixture(scope="module")
def semantic() -> QuoteTracer:
    return QuoteTracer(USEEmbedder()).fit(_statements(SYNTHETIC))


@pytest.mark.parametrize(
    ("claim", "verdict", "source"),
    [
        ("安全是基础和前提，对于一辆车来说，颜值是第一位的", "exact", 0),
        ("对于一辆车来说，颜值是第一位的", "truncated", 0),
        ("火星一号的售价是25.99万元，我们已经尽力了", "altered", 1),
        ("智能化不是汽车的灵魂，传统车企很难追上我们", "altered", 2),
        ("We will always cut corners on battery safety, whatever the cost", "altered", 6),
        ("颜值是第一位的，传统车企很难追上我们", "merged", None),
        ("这段时间我确实很难受，取消了许多会议，也暂停了社交媒体", "paraphrase", 3),
        ("我最喜欢的水果是苹果和香蕉", "not_found", None),
    ],
)
def test_lexical_verdicts(lexical: QuoteTracer, claim: str, verdict: str, source: int | None) -> None:
    t = lexical.trace(claim)
    assert t.verdict == verdict, t.to_json()
    if source is not None:
        assert t.candidates[0].hit.index == source
        assert t.sources[0].statement.ref == f"posts/test/{source}"


def test_truncation_names_the_cut_qualifier(lexical: QuoteTracer) -> None:
    t = lexical.trace("对于一辆车来说，颜值是第一位的")
    c = t.to_json()["candidates"][0]
    assert "qualifier" in c["reason"]
    assert c["omitted"]["before"].startswith("安全是基础和前提")
    assert c["marked"] == "安全是基础和前提，[[对于一辆车来说，颜值是第一位的]]。"
    assert c["passage"][c["match"]["start"] : c["match"]["end"]] == c["match"]["text"]


def test_merged_names_both_sources(lexical: QuoteTracer) -> None:
    t = lexical.trace("颜值是第一位的，传统车企很难追上我们")
    assert {c.statement.ref for c in t.sources} == {"posts/test/0", "posts/test/2"}


def test_altered_reports_the_change(lexical: QuoteTracer) -> None:
    t = lexical.trace("火星一号的售价是25.99万元，我们已经尽力了")
    ch = t.to_json()["candidates"][0]["changes"]
    assert {"kind": "number", "claim": "25.99", "original": "21.59"} in ch


def test_cross_language_both_directions(semantic: QuoteTracer) -> None:
    t = semantic.trace("Smart technology is the soul of a car; traditional carmakers will struggle to catch up with us")
    assert t.candidates[0].hit.index == 2 and t.verdict == "exact" and t.candidates[0].translated
    t = semantic.trace("只有不断更新我们的智能系统，才能把最好的技术交给消费者")
    assert t.candidates[0].hit.index == 5 and t.verdict == "exact"
    t = semantic.trace("For a car, appearance comes first")
    assert t.candidates[0].hit.index == 0 and t.verdict == "truncated"
    t = semantic.trace("The Mars One is priced at 259,900 yuan, we have done our best")  # 21.59万 = 215,900
    assert t.candidates[0].hit.index == 1 and t.verdict == "altered"
    t = semantic.trace("The Mars One is priced at 215,900 yuan, we have done our best")
    assert t.candidates[0].hit.index == 1 and t.verdict != "altered"


def test_semantic_paraphrase_needs_rank_and_lexical_evidence(semantic: QuoteTracer) -> None:
    assert semantic.trace("I like apples and bananas very much").verdict == "not_found"
    assert semantic.trace("我最喜欢的水果是苹果和香蕉").verdict == "not_found"


def test_empty_archive_and_empty_claim() -> None:
    tr = QuoteTracer(None).fit([])
    t = tr.trace("anything")
    assert t.verdict == "not_found" and t.candidates == []
    assert QuoteTracer(None).fit(_statements(SYNTHETIC)).trace("  ").verdict == "not_found"


def test_alignment_and_numbers() -> None:
    al = align("颜值是第一位的", SYNTHETIC[0])
    assert al.claim_cov == 1.0 and 0.3 < al.stmt_cov < 0.7
    assert numbers("售价21.59万元") == numbers("costs 215,900 yuan") == {"215900"}
    assert numbers("小米SU7") == set()
    text = "Safety first. Looks second。然后是价格！"
    assert [text[s:e] for s, e in sentences(text)] == ["Safety first.", "Looks second。", "然后是价格！"]


def test_distortions_are_deterministic_and_different() -> None:
    s = SYNTHETIC[1]
    for fn in (truncate, negate, alter_number, paraphrase):
        a, b = fn(s, random.Random(3)), fn(s, random.Random(3))
        assert a == b and a is not None and a != clean(s), fn.__name__
    assert numbers(alter_number(s, random.Random(1)) or "") != numbers(s)
    m = merge(SYNTHETIC[0], SYNTHETIC[2], random.Random(0))
    assert m is not None and align(m, SYNTHETIC[0]).claim_cov < 0.8 and align(m, SYNTHETIC[2]).claim_cov < 0.8
    cases = make_cases(SYNTHETIC[:4], SYNTHETIC[4:5], random.Random(0), per_kind=2)
    kinds = {c.kind for c in cases}
    assert {"exact", "truncated", "altered", "merged"} <= kinds
    assert all(c.sources == () for c in cases if c.kind == "not_found")
