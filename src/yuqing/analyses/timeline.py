"""``timeline``: what all stored articles say about an entity, merged into one dated timeline.

Events reported by several outlets become one entry listing every source: two events merge when their dates
agree (equal, or one contains the other: "2025-03" and "2025-03-29") and their sentences share enough content
words or a figure value. Figures about the same entity, metric and date are grouped; differing values are
listed side by side with their sources (``conflict: true``), never averaged.

Reads ``news_extractions`` (written by ``yuqing extract --stored``); stored articles not extracted yet are
extracted in memory, so the timeline works right after ``yuqing ingest``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from typing import Any, ClassVar

from yuqing.analyses._common import parse_day
from yuqing.analyses._registry import Analysis, Result, ref, register_analysis
from yuqing.store.base import Store

_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]+|\d[\d,.]*|[\u4e00-\u9fff]")
_STOP = set(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "and",
        "or",
        "but",
        "with",
        "from",
        "as",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "said",
        "says",
        "about",
        "over",
        "after",
        "before",
        "into",
        "than",
        "also",
        "which",
        "who",
        "will",
        "would",
        "could",
        "can",
        "not",
        "no",
        "more",
        "most",
        "some",
    ]
)


def _tokens(text: str) -> set[str]:
    return {t.lower().replace(",", "") for t in _WORD.findall(text) if t.lower() not in _STOP}


def _dates_agree(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


@register_analysis
class Timeline(Analysis):
    name: ClassVar[str] = "timeline"
    description: ClassVar[str] = (
        "Dated events and figures about an entity from all stored articles; one entry per event with all its "
        "sources, conflicting figures side by side."
    )

    def __init__(
        self,
        *,
        entity: str,
        since: str | date | None = None,
        until: str | date | None = None,
        aliases: tuple[str, ...] = (),
        similarity: float = 0.25,
    ) -> None:
        self.entity = entity
        self.since = since
        self.until = until
        self.aliases = aliases
        self.similarity = similarity

    @classmethod
    def contract_params(cls) -> dict[str, Any]:
        return {"entity": "Huoxing Tech"}

    # -- data --------------------------------------------------------------------------------------
    def _names(self) -> list[str]:
        from yuqing.nlp.extract._entities import DEFAULT_KNOWN

        canon = DEFAULT_KNOWN.get(self.entity, (self.entity, ""))[0]
        names = {self.entity, canon, *self.aliases}
        names |= {a for a, (c, _) in DEFAULT_KNOWN.items() if c == canon}
        return sorted(n for n in names if n)

    def _items(self, store: Store) -> list[dict[str, Any]]:
        from yuqing.nlp.extract._store import stored_articles

        arts = {a["article_id"]: a for a in stored_articles(store)}
        items: list[dict[str, Any]] = []
        done: set[str] = set()
        if store.has_table("news_extractions"):
            t = store.table("news_extractions")
            expr = t.filter(t.item.isin(["event", "figure"])).select(
                "article_id",
                "item",
                "date",
                "precision",
                "start_date",
                "entity",
                "entities",
                "metric",
                "value",
                "unit",
                "text",
                "source",
                "span_start",
                "span_end",
            )
            for r in expr.to_pyarrow().to_pylist():
                r["entities"] = json.loads(r["entities"] or "[]")
                items.append(r)
                done.add(r["article_id"])
        missing = [a for aid, a in arts.items() if aid not in done and a.get("body")]
        if missing:
            from yuqing.nlp.extract._pipeline import extract_article
            from yuqing.nlp.extract._store import _start_of

            for a in missing:
                pub = a["published_at"].date() if a.get("published_at") else None
                ex = extract_article(a["body"], pub, a.get("lang") or None, article=a["article_id"])
                for e in ex.events:
                    items.append(
                        {
                            "article_id": a["article_id"],
                            "item": "event",
                            "date": e.date,
                            "precision": e.precision,
                            "start_date": e.start_date,
                            "entity": e.entities[0] if e.entities else None,
                            "entities": e.entities,
                            "metric": None,
                            "value": None,
                            "unit": None,
                            "text": e.text,
                            "source": e.source,
                            "span_start": e.start,
                            "span_end": e.end,
                        }
                    )
                for f in ex.figures:
                    items.append(
                        {
                            "article_id": a["article_id"],
                            "item": "figure",
                            "date": f.date,
                            "precision": f.date_precision,
                            "start_date": _start_of(f.date),
                            "entity": f.entity,
                            "entities": [f.entity] if f.entity else [],
                            "metric": f.metric,
                            "value": f.value,
                            "unit": f.unit,
                            "text": f.text,
                            "source": f.sentence,
                            "span_start": f.start,
                            "span_end": f.end,
                        }
                    )
        for it in items:
            a = arts.get(it["article_id"], {})
            it["outlet"] = a.get("outlet")
            it["title"] = a.get("title")
            it["published"] = a["published_at"].date().isoformat() if a.get("published_at") else None
        return items

    def _about(self, it: dict[str, Any], names: list[str]) -> bool:
        low = [n.lower() for n in names]
        if any(str(e).lower() in low for e in it["entities"]):
            return True
        src = (it.get("source") or "").lower()
        return any(n in src for n in low)

    # -- run ---------------------------------------------------------------------------------------
    def run(self, store: Store) -> Result:
        lo, hi = parse_day(self.since, "since"), parse_day(self.until, "until")
        names = self._names()
        items = [it for it in self._items(store) if self._about(it, names)]
        if lo or hi:
            items = [
                it
                for it in items
                if it["start_date"] is not None
                and (lo is None or it["start_date"] >= lo)
                and (hi is None or it["start_date"] <= hi)
            ]
        fig_vals: dict[tuple[str, str], set[str]] = defaultdict(set)
        for it in items:
            if it["item"] == "figure" and it["value"] is not None:
                fig_vals[(it["article_id"], it["source"] or "")].add(f"{it['value']:.6g}")
        events = self._merge_events([it for it in items if it["item"] == "event" and it["date"]], fig_vals)
        figures = self._group_figures([it for it in items if it["item"] == "figure"])
        entries = sorted(events + figures, key=lambda e: (e["date"] is None, _sort_key(e["date"]), e["type"]))
        evidence = {
            f"entry[{i}]": sorted({ref("articles", s["article"]) for s in e["sources"]})
            for i, e in enumerate(entries)
        }
        rows = [
            {
                "date": e["date"],
                "precision": e["precision"],
                "type": e["type"],
                "text": e["text"] if e["type"] == "event" else _fig_label(e),
                "sources": len(e["sources"]),
                "outlets": ", ".join(sorted({str(s["outlet"]) for s in e["sources"]})),
                "conflict": e.get("conflict", False),
            }
            for e in entries
        ]
        data = {
            "entity": self.entity,
            "names": names,
            "since": lo,
            "until": hi,
            "n_articles": len({it["article_id"] for it in items}),
            "entries": entries,
        }
        return Result(
            self.name,
            self.get_params(),
            data,
            rows,
            evidence,
            _chart(entries, self.entity) if entries else None,
        )

    def _merge_events(
        self, evs: list[dict[str, Any]], fig_vals: dict[tuple[str, str], set[str]]
    ) -> list[dict[str, Any]]:
        nums = [fig_vals.get((e["article_id"], e["source"] or ""), set()) for e in evs]
        toks = [_tokens(e["source"] or "") for e in evs]
        parent = list(range(len(evs)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i in range(len(evs)):
            for j in range(i + 1, len(evs)):
                if not _dates_agree(evs[i]["date"], evs[j]["date"]):
                    continue
                if (
                    evs[i]["article_id"] == evs[j]["article_id"]
                    and evs[i]["span_start"] == evs[j]["span_start"]
                ):
                    parent[find(j)] = find(i)
                    continue
                union = toks[i] | toks[j]
                jac = len(toks[i] & toks[j]) / len(union) if union else 0.0
                shared_num = bool(nums[i] & nums[j])
                if jac >= self.similarity or shared_num:
                    parent[find(j)] = find(i)
        by: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for i, e in enumerate(evs):
            by[find(i)].append(e)
        groups = list(by.values())
        out = []
        for g in groups:
            best = max(g, key=lambda e: (_prec_rank(e["precision"]), len(e["date"])))
            out.append(
                {
                    "type": "event",
                    "date": best["date"],
                    "precision": best["precision"],
                    "text": best["text"],
                    "entities": sorted({x for e in g for x in e["entities"]}),
                    "sources": _sources(g),
                }
            )
        return out

    def _group_figures(self, figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for f in figs:
            if f["value"] is None:
                continue
            family = "%" if f["unit"] in ("%", "pp") else "level"
            key = (str(f["entity"] or ""), str(f["metric"] or f["unit"] or ""), str(f["date"] or ""), family)
            by[key].append(f)
        out = []
        for (ent, metric, d, _family), g in by.items():
            values = [
                {
                    "value": f["value"],
                    "unit": f["unit"],
                    "text": f["text"],
                    "article": f["article_id"],
                    "outlet": f["outlet"],
                    "source": f["source"],
                }
                for f in g
            ]
            distinct = sorted({(v["value"], v["unit"]) for v in values}, key=lambda x: (x[0], str(x[1])))
            conflict = len({round(v, 6) for v, _ in distinct}) > 1 and len({a["article"] for a in values}) > 1
            out.append(
                {
                    "type": "figure",
                    "date": d or None,
                    "precision": g[0]["precision"],
                    "entity": ent or None,
                    "metric": metric or None,
                    "values": values,
                    "distinct_values": [list(x) for x in distinct],
                    "conflict": conflict,
                    "text": f"{ent} {metric}".strip(),
                    "sources": _sources(g),
                }
            )
        return out


def _sources(g: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for e in g:
        seen.setdefault(
            (e["article_id"], e["span_start"]),
            {
                "article": e["article_id"],
                "outlet": e["outlet"],
                "title": e["title"],
                "published": e["published"],
                "sentence": e["source"],
                "span": [e["span_start"], e["span_end"]],
            },
        )
    return list(seen.values())


def _prec_rank(p: str | None) -> int:
    return {"day": 4, "week": 3, "month": 2, "quarter": 1, "year": 0}.get(p or "", -1)


def _sort_key(d: str | None) -> str:
    return d.replace("-Q", "-0") if d else ""


def _fig_label(e: dict[str, Any]) -> str:
    vals = " | ".join(f"{v:,.4g} {u or ''}".strip() for v, u in e["distinct_values"])
    return f"{e['text']}: {vals}"


def _chart(entries: list[dict[str, Any]], entity: str) -> dict[str, Any]:
    dated = [e for e in entries if e["date"] and not e["date"].startswith("--")]
    pts = []
    for e in dated:
        d = e["date"]
        x = (
            d
            if len(d) == 10
            else (
                d + "-01"
                if len(d) == 7 and "Q" not in d
                else (f"{d[:4]}-{3 * int(d[-1]) - 2:02d}-01" if "Q" in d else d + "-01-01")
            )
        )
        label = e["text"] if e["type"] == "event" else _fig_label(e)
        pts.append({"value": [x, len(e["sources"])], "name": label[:120], "type": e["type"]})
    return {
        "title": {"text": f"Timeline: {entity}"},
        "tooltip": {"trigger": "item"},
        "xAxis": {"type": "time"},
        "yAxis": {"type": "value", "name": "sources", "minInterval": 1},
        "series": [
            {
                "name": t,
                "type": "scatter",
                "symbolSize": 14,
                "data": [{"value": p["value"], "name": p["name"]} for p in pts if p["type"] == t],
            }
            for t in ("event", "figure")
        ],
        "legend": {"data": ["event", "figure"]},
    }
