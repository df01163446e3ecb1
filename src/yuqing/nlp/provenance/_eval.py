"""Evaluation of quote tracing on real statements with generated distortions (used by tests and bench/quotes.py).

Real statements: original Weibo posts of the CED rumour data set (an archive of "statements" by many users) and
the quotations attributed to Lei Jun in the three stored news articles. Cross-language cases pair those English
quotations with Chinese versions written by hand for this evaluation (:data:`HAND_TRANSLATIONS_ZH`, keyed by
the sha256 of the English quotation so that the English text itself is not in the repository).
"""

from __future__ import annotations

import gzip
import hashlib
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from yuqing.nlp.provenance._archive import Statement, quotes_in_text
from yuqing.nlp.provenance._text import lang_of, normalize
from yuqing.nlp.provenance._trace import QuoteTracer
from yuqing.nlp.quote_distort import Distorted, clean, make_cases

# Chinese renderings, written by hand for this evaluation, of short quotations attributed to Lei Jun in the news
# articles under shared/data/news (key: first 12 hex digits of sha256 of the normalised English quotation).
HAND_TRANSLATIONS_ZH: dict[str, str] = {
    "18656d144d4a": "一辆车的颜值是第一位的",
    "057647f2b9cc": "安全高于一切",
    "038aea2e378e": "安全是基础和前提",
    "6b49129adb37": "很多人在网上故意歪曲和抹黑",
    "06f1e85d3feb": "我真的很消沉，不得不取消了很多会议，不再出差，也暂停了社交媒体",
    "8096d54865ec": "这么多年我一直很忙，但这一次我真的需要停下来好好想一想",
    "f2b854bc5768": "我人生中最后一次创业",
    "c828ecd3d75d": "智能化是汽车的灵魂",
    "80c5453e3faf": "传统车企很难追上小米",
    "a8950bb1ddbc": "只有持续更新迭代智能系统，我们才能把最好最新的技术交给消费者",
    "cc563b220091": "汽车的生命周期很长，只有自研才能真正做到迭代升级",
    "d27d3a86625a": "我们在小米SU7上倾注了大量心血",
    "ff2a840fed95": "销售门店和接待能力不足，可能导致客户体验不够好",
}


def _key(text: str) -> str:
    return hashlib.sha256(normalize(text).encode()).hexdigest()[:12]


def statements_from_texts(texts: Sequence[str], prefix: str = "eval", lang: str | None = None) -> list[Statement]:
    return [Statement(f"{prefix}/{i}", "post", None, None, prefix, t, 0, len(t), lang or lang_of(t))
            for i, t in enumerate(texts)]


def ced_posts(path: Path, n: int, held_out: int, seed: int = 0, scan: int = 1500) -> tuple[list[str], list[str]]:
    """``n`` archive posts and ``held_out`` other posts (never in the archive), sampled with ``seed`` from the
    first ``scan`` source posts of the CED file; only posts of 12+ characters, duplicates dropped."""
    texts: list[str] = []
    seen: set[str] = set()
    with gzip.open(path, "rb") as fh:
        for i, line in enumerate(fh):
            if i >= scan:
                break
            text = str(orjson.loads(line).get("original", {}).get("text") or "").strip()
            key = clean(text)
            if len(key) >= 12 and key not in seen:
                seen.add(key)
                texts.append(text)
    rng = random.Random(seed)
    rng.shuffle(texts)
    return texts[:n], texts[n : n + held_out]


def news_quotes(folder: Path, names: Sequence[str] = ("Lei Jun",)) -> list[str]:
    out: list[str] = []
    for f in sorted(folder.glob("*.txt")):
        body = f.read_text(encoding="utf-8")
        out.extend(body[s:e] for s, e in quotes_in_text(body, names))
    return list(dict.fromkeys(out))


@dataclass
class CaseResult:
    kind: str
    verdict: str
    rank: int | None  # rank of the (first) source among the candidates, None when not in the top k
    all_in_top: bool


def run_cases(tracer: QuoteTracer, cases: Sequence[Distorted], k: int = 5) -> list[CaseResult]:
    """Trace each case; a candidate counts as the source when it is the source statement or has the same text
    (the same quotation recorded twice, by two articles or twice in one)."""
    same = [clean(normalize(s.text)).lower().rstrip(".!?。！？") for s in tracer.statements_]
    out: list[CaseResult] = []
    for c in cases:
        t = tracer.trace(c.text, k=k)
        ranked = [same[cand.hit.index] for cand in t.candidates]
        ranks = [ranked.index(same[s]) + 1 for s in c.sources if same[s] in ranked]
        out.append(CaseResult(c.kind, t.verdict, min(ranks) if ranks else None,
                              bool(c.sources) and len(ranks) == len(c.sources)))
    return out


def summarize(results: Sequence[CaseResult]) -> dict[str, Any]:
    """recall@1 and @5 of the origin (over cases that have one; merged: @5 needs both sources), verdict accuracy
    per class and overall, and the confusion counts."""
    with_src = [r for r in results if r.kind != "not_found"]
    by: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by[r.kind].append(r)
    per_class = {
        k: {"n": len(v), "verdict_accuracy": round(sum(r.verdict == k for r in v) / len(v), 3),
            "recall@1": round(sum(r.rank == 1 for r in v) / len(v), 3) if k != "not_found" else None,
            "recall@5": round(sum(r.all_in_top for r in v) / len(v), 3) if k != "not_found" else None,
            "verdicts": dict(Counter(r.verdict for r in v).most_common())}
        for k, v in sorted(by.items())
    }
    return {
        "n": len(results),
        "recall@1": round(sum(r.rank == 1 for r in with_src) / max(1, len(with_src)), 3),
        "recall@5": round(sum(r.all_in_top for r in with_src) / max(1, len(with_src)), 3),
        "verdict_accuracy": round(sum(r.verdict == r.kind for r in results) / max(1, len(results)), 3),
        "per_class": per_class,
    }


def ced_cases(path: Path, n: int, per_kind: int, seed: int = 0) -> tuple[list[Statement], list[Distorted]]:
    archive, held = ced_posts(path, n, per_kind * 4, seed)
    held = novel(archive, held)
    sts = statements_from_texts(archive, "ced")
    return sts, make_cases(archive, held, random.Random(seed), per_kind)


def novel(archive: Sequence[str], candidates: Sequence[str], max_cov: float = 0.5) -> list[str]:
    """The ``candidates`` that are not near-copies of an archive text (the same story reposted by someone else
    would be a fair paraphrase, not a not_found case): none of the 5 best BM25 matches aligns with half of it."""
    from yuqing.nlp.provenance._align import align
    from yuqing.nlp.provenance._index import QuoteIndex

    ix = QuoteIndex(None, split_sentences=False).fit(list(archive))
    out = []
    for c in candidates:
        cc = clean(c)
        if all(align(cc, archive[h.index]).claim_cov < max_cov for h in ix.search(cc, 5)):
            out.append(c)
    return out


def cross_language_cases(news_dir: Path, filler: Sequence[str]) -> dict[str, tuple[list[Statement], list[Distorted]]]:
    """Two set-ups with the hand translations: English quotation in the archive found from the Chinese version
    (``zh->en``), and the Chinese version in the archive found from the English quotation (``en->zh``); the
    ``filler`` statements (Chinese posts) make up the rest of each archive."""
    quotes = [q for q in news_quotes(news_dir) if _key(q) in HAND_TRANSLATIONS_ZH]
    zh = [HAND_TRANSLATIONS_ZH[_key(q)] for q in quotes]
    out: dict[str, tuple[list[Statement], list[Distorted]]] = {}
    arch = list(quotes) + list(filler)
    out["zh->en"] = (statements_from_texts(arch, "x"), [Distorted("exact", z, (i,)) for i, z in enumerate(zh)])
    arch = list(zh) + list(filler)
    out["en->zh"] = (statements_from_texts(arch, "x"), [Distorted("exact", q, (i,)) for i, q in enumerate(quotes)])
    return out


# Hand-made cases on the Lei Jun quotations of shared/data/news: (expected verdict, source keys, claim). A claim
# is either written here in our own words, or an edit applied at run time to the source quotation(s), so that the
# third-party text is not in the repository: "replace:OLD=>NEW", "after:SEP" (the part after SEP), "before:SEP",
# "join:SEP" (two quotations spliced with SEP), "copy:" (the quotation itself).
HAND_CASES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("paraphrase", ("18656d144d4a",), "For a car, appearance is the first priority"),
    ("paraphrase", ("6b49129adb37",), "Lots of people on the internet twist things and smear us"),
    ("paraphrase", ("80c5453e3faf",), "Legacy automakers will struggle to catch up with Xiaomi"),
    ("altered", ("038aea2e378e",), "replace: is => is not "),
    ("altered", ("c828ecd3d75d",), "replace: is => is not "),
    ("altered", ("057647f2b9cc",), "replace:above=>below"),
    ("truncated", ("8096d54865ec",), "after:, but "),
    ("truncated", ("06f1e85d3feb",), "before:. "),
    ("truncated", ("a8950bb1ddbc",), "after:can "),
    ("merged", ("18656d144d4a", "c828ecd3d75d"), "join:, and "),
    ("merged", ("057647f2b9cc", "f2b854bc5768"), "join:; this is "),
    ("exact", ("d27d3a86625a",), "copy:"),
    ("exact", ("c828ecd3d75d",), "copy:"),
    ("not_found", (), "I will step down as chief executive next year"),
    ("not_found", (), "Our phones will be cheaper than anyone else's this autumn"),
    ("not_found", (), "Xiaomi will stop making cars"),
)


def _apply(spec: str, sources: Sequence[str]) -> str | None:
    op, _, arg = spec.partition(":")
    if op not in ("replace", "after", "before", "join", "copy"):
        return spec
    src = normalize(sources[0]) if sources else ""
    if op == "copy":
        return src
    if op == "replace":
        old, new = arg.split("=>")
        return src.replace(old, new, 1) if old in src else None
    if op == "after":
        i = src.find(arg)
        return src[i + len(arg) :] if i >= 0 else None
    if op == "before":
        i = src.find(arg)
        return src[:i] if i >= 0 else None
    return arg.join(normalize(s).rstrip(".!") for s in sources) if len(sources) == 2 else None


def hand_cases(quotes: Sequence[str]) -> list[Distorted]:
    """:data:`HAND_CASES` against ``quotes`` (indices into it); cases whose source is missing are left out."""
    at = {_key(q): i for i, q in enumerate(quotes)}
    out: list[Distorted] = []
    for kind, keys, spec in HAND_CASES:
        if not all(k in at for k in keys):
            continue
        idx = tuple(at[k] for k in keys)
        claim = _apply(spec, [quotes[i] for i in idx])
        if claim and claim.strip():
            out.append(Distorted(kind, claim.strip(), idx, "hand"))
    return out
