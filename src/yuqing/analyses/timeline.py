"""``timeline``: what all stored articles say about an entity, merged into one dated timeline.

* Events reported by several outlets become one entry listing every source: two events merge when their
  dates agree (equal, or one contains the other: "2025-03" and "2025-03-29") and their sentences share enough
  content words (Jaccard ≥ ``similarity``) or a figure value (which also links an English and a Chinese report).
* Figures about the same entity, metric (English and Chinese metric words are mapped to one name: 股价 = share
  price), date and kind (level or change) are grouped; differing values are listed side by side with their
  sources (``conflict: true``), never averaged.
* Quotes whose speaker is the entity, one entry per statement (the same words in several outlets merge),
  dated by the article's publication day.

Reads ``news_extractions`` (written by ``yuqing extract --stored``); stored articles not extracted yet are
extracted in memory, so the timeline works right after ``yuqing ingest``.

Signals (:meth:`Timeline.signals`), one line per kind; each dated entry is one, dated by its normalised date and
precision (a day; a week from the given day, a weekend from its Saturday; a month, quarter, half or year as a whole), entries without a date or
without a year (``--11-16``) are none; magnitude = number of sources (articles' sentences) behind the entry;
evidence ``entry[<i>]``:

* ``news_event``: an event entry (what the outlets say happened);
* ``news_figure``: a figure entry (a level or change of a metric, dated by the figure's own date);
* ``news_quote``: a quote entry (a statement of the entity, dated by the first article's publication day).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any, ClassVar

from yuqing.analyses import _timeline_merge as tm
from yuqing.analyses._registry import Analysis, Detection, Finding, Result, register_analysis
from yuqing.analyses._sentences import evidence_key
from yuqing.analyses._timeline_render import label, timeline_chart
from yuqing.core import parse_day, ref
from yuqing.store.base import Store


@register_analysis
class Timeline(Analysis):
    name: ClassVar[str] = "timeline"
    description: ClassVar[str] = (
        "Dated events, figures and quotes about an entity from all stored articles; one entry per event with all "
        "its sources, conflicting figures side by side."
    )
    title = "News timeline"
    order = 80
    subject_params: ClassVar[dict[str, str]] = {"entity": "organisation", "aliases": "organisation_aliases"}
    required = ("entity",)

    def __init__(
        self,
        *,
        entity: str,
        since: str | date | None = None,
        until: str | date | None = None,
        aliases: tuple[str, ...] = (),
        similarity: float = 0.25,
        quotes: bool = True,
    ) -> None:
        self.entity = entity
        self.since = since
        self.until = until
        self.aliases = aliases
        self.similarity = similarity
        self.quotes = quotes

    # -- data --------------------------------------------------------------------------------------
    def _names(self) -> list[str]:
        from yuqing.nlp.extract import DEFAULT_KNOWN

        canon = DEFAULT_KNOWN.get(self.entity, (self.entity, ""))[0]
        names = {self.entity, canon, *self.aliases}
        names |= {a for a, (c, _) in DEFAULT_KNOWN.items() if c == canon}
        return sorted(n for n in names if n)

    def _items(self, store: Store) -> list[dict[str, Any]]:
        from yuqing.nlp.extract import extraction_rows, stored_articles

        arts = {a["article_id"]: a for a in stored_articles(store)}
        rows: list[dict[str, Any]] = []
        if store.has_table("news_extractions"):
            rows = store.table("news_extractions").to_pyarrow().to_pylist()
        for r in rows:
            r["stored"] = True
        done = {r["article_id"] for r in rows}
        missing = [a for aid, a in arts.items() if aid not in done and a.get("body")]
        if missing:
            from yuqing.nlp.extract import extract_article

            for a in missing:
                ex = extract_article(
                    a["body"], a["published"], a.get("lang") or None, article=a["article_id"]
                )
                rows.extend({**r, "stored": False} for r in extraction_rows(ex))
        for it in rows:
            it["entities"] = json.loads(it["entities"] or "[]")
            it["payload"] = json.loads(it["payload"] or "{}")
            a = arts.get(it["article_id"], {})
            it["outlet"] = a.get("outlet")
            it["title"] = a.get("title")
            pub = a.get("published")
            it["published"] = pub.isoformat() if pub else None
            if it["item"] == "quote":
                it["start_date"] = pub
        return rows

    def _about(self, it: dict[str, Any], low: list[str]) -> bool:
        if it["item"] == "quote":
            return str(it["entity"] or "").lower() in low
        if any(str(e).lower() in low for e in it["entities"]):
            return True
        src = (it.get("source") or "").lower()
        return any(n in src for n in low)

    # -- run ---------------------------------------------------------------------------------------
    def findings(self, res: Result) -> list[Finding]:
        d = res.data
        entries = d.get("entries") or []
        out = [Finding(f"{d.get('n_articles', 0)} stored articles about {d.get('entity')} give {len(entries)} dated "
                       "entries.")]
        for i, e in enumerate(entries[:12]):
            srcs = e.get("sources") or []
            outlets = ", ".join(sorted({str(s.get("outlet")) for s in srcs if s.get("outlet")}))
            flag = " Sources disagree on the figures." if e.get("conflict") else ""
            out.append(Finding(f"{e.get('date')}: {e.get('text')} ({len(srcs)} source(s): {outlets}).{flag}",
                               evidence_key(res, f"entry[{i}]")))
        return out

    def signals(self, res: Result) -> list[Detection]:
        out: list[Detection] = []
        for i, e in enumerate(res.data.get("entries") or []):
            span = tm.date_span(e.get("date"), e.get("precision"))
            if span is None:
                continue
            n = len(e.get("sources") or [])
            out.append(Detection(self.name, f"news_{e['type']}", span[0], span[1], float(n),
                                 f"{e['date']} ({e.get('precision') or 'undated'}): {label(e)} ({n} source(s))"
                                 + (" — sources disagree" if e.get("conflict") else ""),
                                 evidence_key(res, f"entry[{i}]")))
        return out

    def run(self, store: Store) -> Result:
        lo, hi = parse_day(self.since, "since"), parse_day(self.until, "until")
        names = self._names()
        low = [n.lower() for n in names]
        items = [it for it in self._items(store) if self._about(it, low)]
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
        entries = self._merge_events([it for it in items if it["item"] == "event" and it["date"]], fig_vals)
        entries += self._group_figures([it for it in items if it["item"] == "figure"], low)
        if self.quotes:
            entries += self._merge_quotes([it for it in items if it["item"] == "quote"])
        entries.sort(key=lambda e: (e["date"] is None, tm.sort_key(e["date"]), _TYPE_ORDER[e["type"]]))
        evidence = {
            f"entry[{i}]": sorted(
                {ref("articles", s["article"]) for s in e["sources"]}
                | {
                    ref("news_extractions", s["article"], e["type"], s["idx"])
                    for s in e["sources"]
                    if s["stored"]
                }
            )
            for i, e in enumerate(entries)
        }
        rows = [
            {
                "date": e["date"],
                "precision": e["precision"],
                "type": e["type"],
                "text": label(e),
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
        chart = timeline_chart(entries, self.entity) if entries else None
        return Result(self.name, self.get_params(), data, rows, evidence, chart)

    def _merge_events(
        self, evs: list[dict[str, Any]], fig_vals: dict[tuple[str, str], set[str]]
    ) -> list[dict[str, Any]]:
        nums = [fig_vals.get((e["article_id"], e["source"] or ""), set()) for e in evs]
        toks = [
            tm.tokens(e["source"] or "", " ".join([str(e["payload"].get("date_text") or ""), *e["entities"]]))
            for e in evs
        ]

        def same(i: int, j: int) -> bool:
            a, b = evs[i], evs[j]
            if not tm.dates_agree(a["date"], b["date"]):
                return False
            if a["article_id"] == b["article_id"]:
                return bool(a["span_start"] == b["span_start"])
            return tm.jaccard(toks[i], toks[j]) >= self.similarity or bool(nums[i] & nums[j])

        out = []
        for g in tm.groups(len(evs), same, tm.date_pairs([e["date"] for e in evs])):
            grp = [evs[i] for i in g]
            best = max(grp, key=lambda e: (tm.prec_rank(e["precision"]), len(e["date"])))
            out.append(
                {
                    "type": "event",
                    "date": best["date"],
                    "precision": best["precision"],
                    "text": best["text"],
                    "entities": sorted({x for e in grp for x in e["entities"]}),
                    "sources": tm.sources(grp),
                }
            )
        return out

    def _group_figures(self, figs: list[dict[str, Any]], low: list[str]) -> list[dict[str, Any]]:
        by: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for f in figs:
            if f["value"] is None:
                continue
            ent = self.entity if str(f["entity"] or "").lower() in low else str(f["entity"] or "")
            change = bool(f["payload"].get("change"))
            family = ("change " if change else "") + ("%" if f["unit"] in ("%", "pp") else "level")
            metric = tm.norm_metric(f["metric"]) or tm.norm_metric(f["unit"]) or ""
            by[(ent, metric, str(f["date"] or ""), family)].append(f)
        out = []
        for (ent, metric, d, family), g in by.items():
            values = [
                {
                    "value": f["value"],
                    "unit": f["unit"],
                    "direction": f["payload"].get("direction"),
                    "approx": f["payload"].get("approx"),
                    "text": f["text"],
                    "article": f["article_id"],
                    "outlet": f["outlet"],
                    "source": f["source"],
                }
                for f in g
            ]
            distinct = sorted({round(v["value"], 6) for v in values})
            out.append(
                {
                    "type": "figure",
                    "date": d or None,
                    "precision": g[0]["precision"],
                    "entity": ent or None,
                    "metric": metric or None,
                    "kind": "change" if family.startswith("change") else "level",
                    "values": values,
                    "distinct_values": distinct,
                    "conflict": len(distinct) > 1 and len({v["article"] for v in values}) > 1,
                    "text": f"{ent} {metric}".strip(),
                    "sources": tm.sources(g),
                }
            )
        return out

    def _merge_quotes(self, qs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        toks = [tm.tokens(q["text"] or "") for q in qs]

        def same(i: int, j: int) -> bool:
            return tm.jaccard(toks[i], toks[j]) >= 0.6

        out = []
        for g in tm.groups(len(qs), same, tm.word_pairs(toks)):
            grp = [qs[i] for i in g]
            first = min(grp, key=lambda q: (q["published"] or "9999", q["article_id"]))
            out.append(
                {
                    "type": "quote",
                    "date": first["published"],
                    "precision": "day" if first["published"] else None,
                    "speaker": self.entity,
                    "speaker_as_written": sorted({q["entity"] for q in grp}),
                    "kind": first["kind"],
                    "text": first["text"],
                    "sources": tm.sources(grp),
                }
            )
        return out


_TYPE_ORDER = {"event": 0, "figure": 1, "quote": 2}
