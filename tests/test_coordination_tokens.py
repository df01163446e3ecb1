"""The vectorised (compiled) token scan gives exactly the token sets of the one-text reference (SYNTHETIC)."""

from __future__ import annotations

import os

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yuqing.analyses._coord._text import TemplateFamilies
from yuqing.analyses._coord._tokens import token_hash, token_hashes, tokens

_EXAMPLES = int(os.environ.get("YUQING_FUZZ_EXAMPLES", "60"))
CHARS = list("ab Zé0123٣ @/:.-_'\n\t\u3000中文字词某米的\uf900\ue000ñßİ😀\x00")
ALPHABET = st.sampled_from([*CHARS, "http://x.y/z", "//@", "RT @u: ", "www.a.b ", "Https://A.b"])
TEXT = st.lists(ALPHABET, max_size=30).map("".join)


def _reference(texts: list[str | None]) -> list[set[int]]:
    return [{token_hash(t) for t in tokens(x)} for x in texts]


def _scanned(texts: list[str | None], chunk: int) -> list[list[int]]:
    tid, h = token_hashes(texts, chunk=chunk)
    assert (np.diff(tid) >= 0).all()
    return [h[tid == i].tolist() for i in range(len(texts))]


@settings(max_examples=_EXAMPLES, deadline=None)
@given(st.lists(st.one_of(st.none(), TEXT), max_size=12), st.integers(1, 5))
def test_scan_equals_reference(texts: list[str | None], chunk: int) -> None:
    for ref, got in zip(_reference(texts), _scanned(texts, chunk), strict=True):
        assert set(got) == ref
        assert len(got) == len(set(got))  # distinct, per text


def test_known_token_sets() -> None:
    assert tokens("Hello world, don't 123 https://t.co/x 中文abc 字 @张三 你好") == {
        "hello", "world", "don", "t", "0", "<url>", "中文", "abc", "字", "你好"}
    assert tokens("哈哈哈哈哈") == {"哈哈"}
    assert tokens("RT @someone: text") == set() and tokens(None) == set()
    assert tokens("某米SU7 真好//@别人: 原文") == {"某米", "su", "0", "真好"}


def test_identical_texts_share_a_family_and_signatures_are_deterministic() -> None:
    texts = ["完全 相同 的 一条 文案 内容 这里"] * 3 + ["另外一条 完全 不同 的 句子 没有 关系 呢"]
    fam = TemplateFamilies().fit_predict(texts)
    assert fam[0] == fam[1] == fam[2] >= 0 and fam[3] == -1
    k1, s1 = TemplateFamilies(seed=3).signatures(texts)
    k2, s2 = TemplateFamilies(seed=3).signatures(texts)
    assert (k1 == k2).all() and (s1 == s2).all() and (s1[0] == s1[1]).all() and not (s1[0] == s1[3]).all()


@settings(max_examples=_EXAMPLES, deadline=None)
@given(st.lists(st.sets(st.integers(0, 30), min_size=1, max_size=12), min_size=2, max_size=8))
def test_exact_jaccard_kernel(sets: list[set[int]]) -> None:
    from yuqing.analyses._coord._kernels import jaccard

    h = np.concatenate([np.sort(np.array(sorted(x), dtype=np.uint64)) for x in sets])
    bounds = np.concatenate(([0], np.cumsum([len(x) for x in sets]))).astype(np.int64)
    s, d = np.triu_indices(len(sets), 1)
    got = jaccard(h, bounds, s.astype(np.int64), d.astype(np.int64))
    want = [len(sets[a] & sets[b]) / len(sets[a] | sets[b]) for a, b in zip(s, d, strict=True)]
    assert np.allclose(got, want)


def test_similar_pairs_are_exactly_similar() -> None:
    texts = [f"某米SU7真的太坑了刹车失灵售后还不管大家千万别买 转给{who}" for who in ("张三", "李四", "王五", "赵六",
                                                                            "孙七", "周八")]
    texts += ["今天 天气 不错 我们 一起 去 公园 散步 然后 吃饭", "今天 天气 不错 我们 一起 去 公园 跑步 然后 喝茶"]
    fam = TemplateFamilies()
    keep, inv, h, bounds = fam._sets(texts)
    s, d = fam._similar_pairs(fam._minhash(h, bounds), h, bounds)
    sets = [tokens(texts[keep[list(inv).index(u)]]) for u in range(len(bounds) - 1)]
    assert len(s) >= 5  # the six fillings are near-identical, not identical
    for a, b in zip(s.tolist(), d.tolist(), strict=True):
        assert len(sets[a] & sets[b]) / len(sets[a] | sets[b]) >= 0.8
    labels = fam.fit_predict(texts)
    assert len({int(x) for x in labels[:6]}) == 1 and labels[0] >= 0
