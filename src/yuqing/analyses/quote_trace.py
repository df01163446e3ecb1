"""``quote_trace``: where a circulating claim came from in the speaker's archive, and how it differs.

JSON: ``{"claim", "lang", "speaker", "archive_size", "embedder", "verdict", "reason",
"sources": [record refs], "candidates": [{"rank", "record", "anchor", "kind", "speaker", "date", "platform",
"lang", "statement", "passage", "match": {"start", "end", "text"}, "marked", "similarity": {"semantic",
"semantic_z", "rank_semantic", "bm25", "lexical", "coverage_of_original"}, "verdict", "reason", "translated",
"changes": [{"kind", "claim", "original"}], "omitted": {"before", "after"}}]}``.

Signals (:meth:`QuoteTrace.signals`), one line per kind; dated by the origin statements' stored time (its day as
stored: UTC for posts, the archive keeps no zone), none when the verdict is another or the origin has no date:

* ``quote_altered``: verdict ``altered`` (a negation, number or antonym differs from the origin); start = end = the
  origin's day, magnitude = changed passages between claim and origin (``changes`` other than omissions), the
  reason in the label; evidence ``verdict``.
* ``quote_spliced``: verdict ``merged`` (the claim joins two statements); start/end = the earliest and latest
  origin's day, magnitude = number of origin statements; evidence ``verdict``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from yuqing.analyses._registry import Analysis, Detection, Result, register_analysis
from yuqing.analyses._sentences import evidence_key, local_day
from yuqing.store.base import Store

#: verdict -> signal kind (the other verdicts detect nothing)
SIGNAL_KINDS = {"altered": "quote_altered", "merged": "quote_spliced"}


@register_analysis
class QuoteTrace(Analysis):
    name = "quote_trace"
    description = "Find the origin of a circulating quote in the speaker's archive; verdict on how it differs."
    title = "Tracing a claimed quote"
    order = 110
    subject_params: ClassVar[dict[str, str]] = {"speaker": "account", "aliases": "aliases"}
    required = ("claim",)

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

    def signals(self, res: Result) -> list[Detection]:
        d = res.data
        kind = SIGNAL_KINDS.get(d.get("verdict") or "")
        if kind is None:
            return []
        sources = set(d.get("sources") or [])
        origins = [c for c in d.get("candidates") or []
                   if c["record"] + (f"#{c['anchor']}" if c.get("anchor") else "") in sources]
        days = sorted(local_day(c["date"]) for c in origins if c.get("date"))
        if not days:
            return []
        if kind == "quote_altered":
            magnitude = float(sum(1 for c in origins for ch in c.get("changes") or [] if ch["kind"] != "omission"))
        else:
            magnitude = float(len(origins))
        return [Detection(self.name, kind, days[0], days[-1], magnitude,
                          f"claim {d.get('claim')!r} by {d.get('speaker') or 'the speaker'}: {d['verdict']} "
                          f"({d.get('reason')})", evidence_key(res, "verdict"))]

    def run(self, store: Store) -> Result:
        from yuqing.core import UsageError
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


