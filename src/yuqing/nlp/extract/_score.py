"""Scoring extractions against a hand-written gold file (``tests/data/news_gold.json`` format).

Gold items carry short keys that locate them in the article; predictions are matched one-to-one by position:
a quote when its span covers the key, an event when its sentence contains the key and its date expression is
the gold one, a figure when its span overlaps the key. Per field: precision, recall and F1 of detection and of
detection with the field right (date, speaker, value), plus accuracies on matched items (precision, kind,
unit, entity).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from yuqing.nlp.extract._entities import DEFAULT_KNOWN
from yuqing.nlp.extract._pipeline import ArticleExtraction


def _find(text: str, key: str, occurrence: int = 1) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(key, pos + 1)
        if pos < 0:
            raise ValueError(f"gold key {key!r} (occurrence {occurrence}) not in the article")
    return pos


def _norm_name(s: str | None) -> str:
    """Names compare case-insensitively, without an article, and through the gazetteer (雷军 = Lei Jun)."""
    s = (s or "").strip()
    s = DEFAULT_KNOWN.get(s, (s, ""))[0]
    return re.sub(r"^(?:the|a|an)\s+", "", s.lower())


def _norm_unit(s: str | None) -> str:
    u = (s or "").strip().lower()
    return u[:-1] if u.endswith("s") and len(u) > 3 else u


def score_article(ex: ArticleExtraction, gold: dict[str, Any], text: str) -> Counter[str]:
    """Counts (tp/pred/gold per field) for one article."""
    c: Counter[str] = Counter()
    # quotes
    used: set[int] = set()
    c["quotes.pred"] += len(ex.quotes)
    for g in gold["quotes"]:
        c["quotes.gold"] += 1
        pos = _find(text, g["key"], g.get("occurrence", 1))
        hit = next((i for i, q in enumerate(ex.quotes) if i not in used and q.start <= pos < q.end), None)
        if hit is None:
            continue
        used.add(hit)
        q = ex.quotes[hit]
        c["quotes.tp"] += 1
        c["quotes+speaker.tp"] += _norm_name(q.speaker) == _norm_name(g["speaker"])
        c["quotes.kind_ok"] += q.kind == g["kind"]
    # events
    used = set()
    c["events.pred"] += len(ex.events)
    for g in gold["events"]:
        c["events.gold"] += 1
        pos = _find(text, g["key"])
        hit = next(
            (
                i
                for i, e in enumerate(ex.events)
                if i not in used
                and e.start <= pos < e.end
                and (g["date_text"] in e.date_text or e.date_text in g["date_text"])
            ),
            None,
        )
        if hit is None:
            continue
        used.add(hit)
        e = ex.events[hit]
        c["events.tp"] += 1
        c["events+date.tp"] += e.date == g["date"] and e.precision == g["precision"]
        c["events.precision_ok"] += e.precision == g["precision"]
        want = {_norm_name(x) for x in g.get("entities", [])}
        c["events.entities_gold"] += len(want)
        c["events.entities_found"] += len(want & {_norm_name(x) for x in e.entities})
    # figures
    used = set()
    c["figures.pred"] += len(ex.figures)
    for g in gold["figures"]:
        c["figures.gold"] += 1
        pos = _find(text, g["key"])
        end = pos + len(g["key"])
        hit = next(
            (i for i, f in enumerate(ex.figures) if i not in used and f.start < end and pos < f.end), None
        )
        if hit is None:
            continue
        used.add(hit)
        f = ex.figures[hit]
        c["figures.tp"] += 1
        c["figures+value.tp"] += abs(f.value - g["value"]) <= 1e-6 * max(1.0, abs(g["value"]))
        c["figures.unit_ok"] += _norm_unit(f.unit) == _norm_unit(g["unit"])
        if "entity" in g:
            c["figures.entity_gold"] += 1
            c["figures.entity_ok"] += _norm_name(f.entity) == _norm_name(g["entity"])
        if "date" in g:
            c["figures.date_gold"] += 1
            c["figures.date_ok"] += f.date == g["date"]
    return c


def _prf(tp: int, pred: int, gold: int) -> dict[str, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "tp": tp,
        "pred": pred,
        "gold": gold,
    }


def summarise(c: Counter[str]) -> dict[str, Any]:
    """Per-field precision/recall/F1 and accuracies from summed counts."""
    out: dict[str, Any] = {}
    for item in ("events", "figures", "quotes"):
        out[item] = _prf(c[f"{item}.tp"], c[f"{item}.pred"], c[f"{item}.gold"])
    out["events+date"] = _prf(c["events+date.tp"], c["events.pred"], c["events.gold"])
    out["figures+value"] = _prf(c["figures+value.tp"], c["figures.pred"], c["figures.gold"])
    out["quotes+speaker"] = _prf(c["quotes+speaker.tp"], c["quotes.pred"], c["quotes.gold"])

    def acc(ok: str, n: str) -> float | None:
        return round(c[ok] / c[n], 3) if c[n] else None

    out["accuracy_on_matched"] = {
        "event precision": acc("events.precision_ok", "events.tp"),
        "event entities (recall)": acc("events.entities_found", "events.entities_gold"),
        "figure unit": acc("figures.unit_ok", "figures.tp"),
        "figure entity": acc("figures.entity_ok", "figures.entity_gold"),
        "figure date": acc("figures.date_ok", "figures.date_gold"),
        "quote kind": acc("quotes.kind_ok", "quotes.tp"),
    }
    return out
