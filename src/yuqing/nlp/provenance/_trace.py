"""Tracing a circulating claim to the speaker's statements: retrieve candidates, align them, give a verdict."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from yuqing.nlp.provenance._align import STOPWORDS, Alignment, align
from yuqing.nlp.provenance._archive import Statement, passage_of
from yuqing.nlp.provenance._embed import Embedder
from yuqing.nlp.provenance._index import Hit, QuoteIndex
from yuqing.nlp.provenance._text import clauses, lang_of, normalize, units
from yuqing.nlp.provenance._verdict import (
    VerdictParams,
    accept_semantic,
    lexical_verdict,
    number_conflict,
    shared_anchors,
)

_CLAUSE_RE = re.compile(r"[^，,。！？!?；;：:\n—]+")


@dataclass
class Candidate:
    statement: Statement
    hit: Hit
    alignment: Alignment
    verdict: str
    reason: str
    translated: bool = False
    span: tuple[int, int] | None = None  # matched chars of the statement text

    def to_json(self, rank: int) -> dict[str, Any]:
        st = self.statement
        passage, ps, pe = passage_of(st)
        ms, me = (ps + self.span[0], ps + self.span[1]) if self.span else (ps, pe)
        return {
            "rank": rank,
            "record": st.ref,
            "anchor": st.anchor,
            "kind": st.kind,
            "speaker": st.speaker,
            "date": st.date,
            "platform": st.platform,
            "lang": st.lang,
            "statement": st.text,
            "passage": passage,
            "match": {"start": ms, "end": me, "text": passage[ms:me]},
            "marked": passage[:ms] + "[[" + passage[ms:me] + "]]" + passage[me:],
            "similarity": {
                "semantic": round(self.hit.cosine, 4),
                "semantic_z": round(self.hit.z, 2),
                "rank_semantic": self.hit.rank_emb,
                "bm25": round(self.hit.bm25, 3),
                "lexical": round(self.alignment.claim_cov, 4),
                "coverage_of_original": round(self.alignment.stmt_cov, 4),
            },
            "verdict": self.verdict,
            "reason": self.reason,
            "translated": self.translated,
            "changes": [{"kind": c.kind, "claim": c.claim, "original": c.original} for c in self.alignment.changes],
            "omitted": {"before": self.alignment.omitted_before, "after": self.alignment.omitted_after},
        }


@dataclass
class Trace:
    claim: str
    lang: str
    verdict: str
    reason: str
    candidates: list[Candidate] = field(default_factory=list)
    sources: list[Candidate] = field(default_factory=list)  # the statements the verdict rests on

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "lang": self.lang,
            "verdict": self.verdict,
            "reason": self.reason,
            "sources": [c.statement.ref + (f"#{c.statement.anchor}" if c.statement.anchor else "")
                        for c in self.sources],
            "candidates": [c.to_json(i + 1) for i, c in enumerate(self.candidates)],
        }


class QuoteTracer:
    """Find where a claim came from among ``statements``; ``fit`` then ``trace``.

    ``embedder`` gives the multilingual embeddings (None: lexical only), ``params`` the verdict thresholds,
    ``pool`` how many fused candidates are aligned.
    """

    def __init__(self, embedder: Embedder | None = None, params: VerdictParams | None = None, pool: int = 20) -> None:
        self.embedder = embedder
        self.params = params
        self.pool = pool

    def fit(self, statements: Sequence[Statement]) -> QuoteTracer:
        self.statements_ = list(statements)
        self.index_ = QuoteIndex(self.embedder).fit([s.text for s in self.statements_])
        return self

    def trace(self, claim: str, k: int = 5) -> Trace:
        p = self.params or VerdictParams()
        claim = normalize(claim)
        lang = lang_of(claim)
        if not claim or not self.statements_:
            return Trace(claim, lang, "not_found", "empty claim" if not claim else "the archive is empty")
        parts = clauses(claim)
        parts = parts if len(parts) > 1 else []
        vecs = self.index_.encode_queries([claim, *parts])
        ranked = self.index_.search(claim, self.index_.n_, vecs[0])
        hits = {h.index: h for h in ranked[: self.pool]}
        by_index = {h.index: h for h in ranked}
        # the best by each signal alone: another language has no BM25 rank, so fusion alone can bury it
        for h in ranked:
            if (h.rank_emb is not None and h.rank_emb <= 5) or (h.rank_bm25 is not None and h.rank_bm25 <= 5):
                hits.setdefault(h.index, h)
        for part, vec in zip(parts, vecs[1:], strict=True):
            for h in self.index_.search(part, 3, vec):
                hits.setdefault(h.index, by_index[h.index])
        cands = [self._judge(claim, lang, h, p) for h in hits.values()]
        cands.sort(key=_rank_key, reverse=True)
        best = cands[0]
        merged = self._merged(claim, cands, p)
        if merged is not None and best.alignment.claim_cov < p.whole_min:
            a, b = merged
            rest = [c for c in cands if c is not a and c is not b]
            return Trace(claim, lang, "merged",
                         f"spliced: {a.alignment.claim_cov:.0%} of the claim from {a.statement.ref}, "
                         f"{b.alignment.claim_cov:.0%} from {b.statement.ref}", [a, b, *rest][:k], [a, b])
        if best.verdict == "not_found":
            return Trace(claim, lang, "not_found", "no statement with lexical or clear semantic evidence",
                         cands[:k], [])
        return Trace(claim, lang, best.verdict, best.reason, cands[:k], [best])

    def _judge(self, claim: str, lang: str, hit: Hit, p: VerdictParams) -> Candidate:
        st = self.statements_[hit.index]
        text = st.text
        al = align(claim, text)
        if st.lang == lang and al.claim_cov >= p.lexical_min:
            v, why = lexical_verdict(al, text, p)
            return Candidate(st, hit, al, v, why, span=al.span)
        if not accept_semantic(hit, claim, text, self.index_.n_, p, al):
            return Candidate(st, hit, al, "not_found", "weak evidence", span=None)
        if st.lang == lang:
            return Candidate(st, hit, al, "paraphrase",
                             f"reworded: semantic rank {hit.rank_emb}, z {hit.z:.1f}", span=al.span)
        conflict = number_conflict(claim, text)
        if conflict:
            return Candidate(st, hit, al, "altered",
                             f"translated; numbers {sorted(conflict[0])} not in the original {sorted(conflict[1])}",
                             translated=True, span=None)
        span, gain, share = self._best_part(claim, text)
        if span is not None and gain >= p.truncation_gain and share <= p.truncation_share:
            return Candidate(st, hit, al, "truncated",
                             f"translated; matches a part ({share:.0%}) of the statement, context cut",
                             translated=True, span=span)
        anchors = shared_anchors(claim, text)
        return Candidate(st, hit, al, "exact",
                         "translated; matches the whole statement" + (f" (shared {sorted(anchors)})" if anchors else ""),
                         translated=True, span=None)

    def _best_part(self, claim: str, text: str) -> tuple[tuple[int, int] | None, float, float]:
        """Cross-lingual: the run of clauses of ``text`` closest to the claim, its gain over the whole, its share."""
        if self.embedder is None:
            return None, 0.0, 1.0
        spans = [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(text) if m.group(0).strip()][:12]
        if len(spans) < 2:
            return None, 0.0, 1.0
        windows = [(spans[i][0], spans[j][1]) for i in range(len(spans)) for j in range(i, len(spans))
                   if not (i == 0 and j == len(spans) - 1)]
        vecs = self.embedder.encode([claim, text] + [text[a:b] for a, b in windows], "query")
        sims = vecs[2:] @ vecs[0]
        whole = float(vecs[1] @ vecs[0])
        i = int(np.argmax(sims))
        a, b = windows[i]
        return (a, b), float(sims[i]) - whole, (b - a) / max(1, len(text))

    def _merged(self, claim: str, cands: list[Candidate], p: VerdictParams) -> tuple[Candidate, Candidate] | None:
        """Two statements that together cover the claim (its function words may be glue), each adding a part."""
        content = [u.norm not in STOPWORDS for u in units(claim)]
        lex = sorted((c for c in cands if c.alignment.claim_cov >= p.merged_part and not c.translated),
                     key=lambda c: c.alignment.claim_cov, reverse=True)[:20]
        best: tuple[float, Candidate, Candidate] | None = None
        for i, a in enumerate(lex):
            for b in lex[i + 1 :]:
                if a.statement.ref == b.statement.ref and a.statement.anchor == b.statement.anchor:
                    continue
                ma, mb = a.alignment.claim_mask, b.alignment.claim_mask
                if len(ma) != len(mb) or not ma:
                    continue
                n_content = sum(content) if len(content) == len(ma) and any(content) else 0
                union = (sum((x or y) for x, y, c in zip(ma, mb, content, strict=True) if c) / n_content if n_content
                         else sum(x or y for x, y in zip(ma, mb, strict=True)) / len(ma))
                add_a = sum(x and not y for x, y in zip(ma, mb, strict=True)) / len(ma)
                add_b = sum(y and not x for x, y in zip(ma, mb, strict=True)) / len(ma)
                if union >= p.merged_union and min(add_a, add_b) >= p.merged_part and (best is None or union > best[0]):
                    best = (union, a, b)
        return None if best is None else (best[1], best[2])


def _rank_key(c: Candidate) -> tuple[float, ...]:
    lexical = c.alignment.claim_cov if c.verdict != "not_found" and not c.translated else 0.0
    accepted = 1.0 if c.verdict != "not_found" else 0.0
    return (accepted, round(lexical, 2), c.alignment.stmt_cov if lexical else 0.0, c.hit.fused)


__all__ = ["Candidate", "QuoteTracer", "Trace"]
