"""Quote provenance analyses: ``quote_trace`` (where a circulating claim came from, and how it differs) and
``quote_archive`` (the statements stored for a speaker).

``quote_trace`` JSON: ``{"claim", "lang", "speaker", "archive_size", "embedder", "verdict", "reason",
"sources": [record refs], "candidates": [{"rank", "record", "anchor", "kind", "speaker", "date", "platform",
"lang", "statement", "passage", "match": {"start", "end", "text"}, "marked", "similarity": {"semantic",
"semantic_z", "rank_semantic", "bm25", "lexical", "coverage_of_original"}, "verdict", "reason", "translated",
"changes": [{"kind", "claim", "original"}], "omitted": {"before", "after"}}]}``.

``quote_archive`` JSON: ``{"speaker", "aliases", "count", "by_kind": {kind: n}, "statements": [{"record",
"anchor", "kind", "date", "platform", "lang", "text"}]}``.
"""

from __future__ import annotations

from typing import Any

from yuqing.analyses._registry import Analysis, Result, register_analysis
from yuqing.store.base import Store


@register_analysis
class QuoteTrace(Analysis):
    name = "quote_trace"
    description = "Find the origin of a circulating quote in the speaker's archive; verdict on how it differs."

    def __init__(
        self,
        claim: str = "",
        speaker: str | None = None,
        aliases: tuple[str, ...] = (),
        k: int = 5,
        embedder: str = "use",
        max_posts: int = 20000,
    ) -> None:
        self.claim = claim
        self.speaker = speaker
        self.aliases = aliases
        self.k = k
        self.embedder = embedder
        self.max_posts = max_posts

    @classmethod
    def contract_params(cls) -> dict[str, Any]:
        return {"claim": "安全是基础和前提", "speaker": "周明", "max_posts": 40}

    def run(self, store: Store) -> Result:
        from yuqing.errors import UsageError
        from yuqing.nlp.provenance import CachedEmbedder, QuoteTracer, get_embedder, load_archive

        if not self.claim.strip():
            raise UsageError("quote_trace: the claim is empty")
        statements = load_archive(store, self.speaker, self.aliases, max_posts=self.max_posts)
        inner = get_embedder(self.embedder)
        emb = CachedEmbedder(inner, store) if inner is not None else None
        tracer = QuoteTracer(emb).fit(statements)
        trace = tracer.trace(self.claim, k=self.k)
        data: dict[str, Any] = {"claim": trace.claim, "lang": trace.lang, "speaker": self.speaker,
                                "archive_size": len(statements), "embedder": emb.name if emb else "none"}
        data.update(trace.to_json())
        rows = [
            {"rank": c["rank"], "verdict": c["verdict"], "record": c["record"], "date": c["date"],
             "platform": c["platform"], "semantic": c["similarity"]["semantic"],
             "lexical": c["similarity"]["lexical"], "match": c["marked"]}
            for c in data["candidates"]
        ]
        evidence = {"verdict": list(data["sources"]),
                    "candidates": [c["record"] + (f"#{c['anchor']}" if c["anchor"] else "") for c in data["candidates"]]}
        return Result(self.name, self.get_params(), data, rows, evidence, None)


@register_analysis
class QuoteArchive(Analysis):
    name = "quote_archive"
    description = "The statements stored for a speaker: posts, interview passages, quotes in articles."

    def __init__(self, speaker: str | None = None, aliases: tuple[str, ...] = (), max_posts: int = 20000) -> None:
        self.speaker = speaker
        self.aliases = aliases
        self.max_posts = max_posts

    @classmethod
    def contract_params(cls) -> dict[str, Any]:
        return {"speaker": "周明"}

    def run(self, store: Store) -> Result:
        from yuqing.nlp.provenance import load_archive

        statements = load_archive(store, self.speaker, self.aliases, max_posts=self.max_posts)
        statements.sort(key=lambda s: (s.date is None, s.date or 0, s.ref, s.start))
        items: list[dict[str, Any]] = [{"record": s.ref, "anchor": s.anchor, "kind": s.kind, "date": s.date, "platform": s.platform,
                  "lang": s.lang, "text": s.text} for s in statements]
        by_kind: dict[str, int] = {}
        for s in statements:
            by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
        data = {"speaker": self.speaker, "aliases": list(self.aliases), "count": len(items), "by_kind": by_kind,
                "statements": items}
        evidence = {"statements": [s.ref + (f"#{s.anchor}" if s.anchor else "") for s in statements]}
        return Result(self.name, self.get_params(), data, items, evidence, None)
