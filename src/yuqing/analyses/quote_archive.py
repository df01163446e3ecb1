"""``quote_archive``: the statements stored for a speaker (posts, interview passages, quotes in articles).

JSON: ``{"speaker", "aliases", "count", "by_kind": {kind: n}, "statements": [{"record", "anchor", "kind", "date",
"platform", "lang", "text"}]}``.

Signals: none (an archive lists statements; it detects nothing).
"""

from __future__ import annotations

from typing import Any, ClassVar

from yuqing.analyses._registry import Analysis, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key
from yuqing.store.base import Store


@register_analysis
class QuoteArchive(Analysis):
    name = "quote_archive"
    description = "The statements stored for a speaker: posts, interview passages, quotes in articles."
    title = "Quotes archive"
    order = 100
    subject_params: ClassVar[dict[str, str]] = {"speaker": "account", "aliases": "aliases"}
    required = ()

    def __init__(self, speaker: str | None = None, aliases: tuple[str, ...] = (), max_posts: int = 20000) -> None:
        self.speaker = speaker
        self.aliases = aliases
        self.max_posts = max_posts

    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        kinds = ", ".join(f"{v} {k}" for k, v in (d.get("by_kind") or {}).items() if v)
        return [Finding(f"{d.get('count', 0)} statements by {d.get('speaker')} are stored ({kinds or 'none'}).",
                        evidence_key(res, "statements"))]

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
