"""Score yuqing's news extractors on public gold sets, against reference figures and a naive baseline.

    .venv/bin/python bench/news.py [--polnear-split test] [--limit N]

* PolNeAR (Newell et al., LREC 2018) test split: direct quotations = attribution relations whose Content span
  holds a quotation mark. One annotation file per article (the first in name order when an article was
  annotated several times). A predicted direct quote matches a gold content when their character spans
  overlap (one-to-one, greedy); "exact" compares the spans with quotation marks, punctuation and spaces
  trimmed. Speaker is right when the predicted speaker mention overlaps the gold Source span, or the resolved
  speaker shares a word with the Source text. Reference (measured on this machine, README of shared/):
  textacy direct_quotations content F1 0.715, content+speaker 0.652.
* NewsQuant (CQE evaluation set): value-level P/R/F1 like the CQE paper (each gold quantity matched once by
  numeric value), value+unit (loose unit match) and value+change (= ~ > < up down). Reference (published):
  CQE 86.2 value F1 (92.0 in the paper), quantulum3 73.1, recognizers-text 68.3.
* The three seed articles against tests/data/news_gold.json (hand-written; development data).

Each section also runs a naive baseline in the same process and prints the ratio yuqing / baseline.
Reads ../shared/data only; writes nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
POLNEAR = SHARED / "reference" / "polnear" / "data"
NEWSQUANT = SHARED / "reference" / "newsquant_cqe" / "formatted_test_set_NewsQuant.json"


# -- PolNeAR -------------------------------------------------------------------------------------------
def _spans(s: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in s.split(";"))]


def read_polnear(split: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """[(article text, [{content: (s, e), source: (s, e) | None, source_text}])] of direct quotations."""
    texts = {p.stem: p for p in (POLNEAR / split / "text").glob("*.txt")}
    chosen: dict[str, Path] = {}
    for ann in sorted((POLNEAR / split / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in texts and stem not in chosen:
            chosen[stem] = ann
    out = []
    for stem, ann in sorted(chosen.items()):
        text = texts[stem].read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
        gold = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T") and line.count("\t") >= 2:
                tid, rest, txt = line.split("\t")[:3]
                typ, sp = rest.split(" ", 1)
                spans[tid] = (typ, _spans(sp), txt)
            elif line.startswith("E"):
                parts = dict(p.split(":") for p in line.split("\t")[1].split())
                c = spans.get(parts.get("Content", ""))
                if not c or not re.search(r"[“”\"]", c[2]):
                    continue
                s = spans.get(parts.get("Source", ""))
                gold.append(
                    {
                        "content": (c[1][0][0], c[1][-1][1]),
                        "source": (s[1][0][0], s[1][-1][1]) if s else None,
                        "source_text": s[2] if s else "",
                    }
                )
        out.append((text, gold))
    return out


_TRIM = " \t\n\xa0“”\"‘’'.,;:!?—-"


def _exact(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return text[a[0] : a[1]].strip(_TRIM) == text[b[0] : b[1]].strip(_TRIM)


def score_quotes(data: list[tuple[str, list[dict[str, Any]]]], extractor: Any) -> dict[str, Any]:
    c: Counter[str] = Counter()
    t0 = time.perf_counter()
    for text, gold in data:
        preds = [q for q in extractor(text) if q["kind"] == "direct" or re.search(r"[“”\"]", q["text"])]
        c["pred"] += len(preds)
        c["gold"] += len(gold)
        used: set[int] = set()
        for g in gold:
            gs, ge = g["content"]
            hit = next(
                (i for i, p in enumerate(preds) if i not in used and p["start"] < ge and gs < p["end"]), None
            )
            if hit is None:
                continue
            used.add(hit)
            p = preds[hit]
            c["tp"] += 1
            c["tp_exact"] += _exact(text, (p["start"], p["end"]), (gs, ge))
            ok = False
            if g["source"] and p.get("spk_start") is not None:
                ss, se = g["source"]
                ok = p["spk_start"] < se and ss < p["spk_start"] + len(p.get("spk_mention") or "x")
            if not ok and p.get("speaker") and g["source_text"]:
                ok = bool(
                    set(re.findall(r"\w+", p["speaker"].lower()))
                    & set(re.findall(r"\w+", g["source_text"].lower()))
                    - {"the", "a", "of", "he", "she", "they", "it", "and"}
                )
            c["tp_speaker"] += ok
    secs = time.perf_counter() - t0

    def prf(tp: int) -> dict[str, float]:
        p, r = tp / c["pred"] if c["pred"] else 0.0, tp / c["gold"] if c["gold"] else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}

    return {
        "articles": len(data),
        "gold": c["gold"],
        "pred": c["pred"],
        "content_overlap": prf(c["tp"]),
        "content_exact": prf(c["tp_exact"]),
        "content+speaker": prf(c["tp_speaker"]),
        "seconds": round(secs, 2),
    }


def yuqing_quotes(text: str) -> list[dict[str, Any]]:
    from yuqing.nlp.extract import extract_quotes

    return [
        {
            "start": q.start,
            "end": q.end,
            "kind": q.kind,
            "text": q.text,
            "speaker": q.speaker,
            "spk_start": q.speaker_start,
            "spk_mention": q.speaker_mention,
        }
        for q in extract_quotes(text, lang="en")
    ]


def naive_quotes(text: str) -> list[dict[str, Any]]:
    """Baseline: every “…” / "…" span of 3+ words; speaker = the nearest capitalised name before it."""
    out = []
    for m in re.finditer(r"“([^”]+)”|\"([^\"\n]+)\"", text):
        g = 1 if m.group(1) is not None else 2
        if len(m.group(g).split()) < 3:
            continue
        names = list(
            re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*", text[max(0, m.start() - 200) : m.start()])
        )
        spk = names[-1] if names else None
        out.append(
            {
                "start": m.start(g),
                "end": m.end(g),
                "kind": "direct",
                "text": m.group(g),
                "speaker": spk.group() if spk else None,
                "spk_start": max(0, m.start() - 200) + spk.start() if spk else None,
                "spk_mention": spk.group() if spk else None,
            }
        )
    return out


# -- NewsQuant -----------------------------------------------------------------------------------------
_UNIT_MAP = {
    "USD": "dollar",
    "%": "percent",
    "pp": "percentage point",
    "CNY": "yuan",
    "HKD": "hong kong dollar",
    "EUR": "euro",
    "GBP": "pound",
    "JPY": "yen",
}


def _unit_ok(ours: str | None, gold: dict[str, Any]) -> bool:
    g = {str(gold.get("unit", "")).lower(), str(gold.get("normalized_unit", "")).lower()} - {"", "-"}
    if not g:
        return not ours
    o = _UNIT_MAP.get(ours or "", ours or "").lower().split("/")[0]
    if not o:
        return False
    o1 = o.rstrip("s")
    return any(o1 and (o1 in x or x.rstrip("s") in o) for x in g)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _gold_value(v: str) -> tuple[float | None, float | None]:
    """A gold value: "43.5" → (43.5, None); a range "7-9" / "2.0-0.0" → (7, 9); unparseable → (None, None)."""
    try:
        return float(v), None
    except ValueError:
        pass
    m = re.fullmatch(r"(-?[\d.]+(?:[eE][-+]?\d+)?)-(-?[\d.]+(?:[eE][-+]?\d+)?)", v.strip())
    if m:
        try:
            return float(m.group(1)), float(m.group(2))
        except ValueError:
            return None, None
    return None, None


def _change(f: Any) -> str:
    if f.direction:
        return str(f.direction)
    return f.approx or "="


def score_newsquant(extract: Any) -> dict[str, Any]:
    data = json.loads(NEWSQUANT.read_text(encoding="utf-8"))
    c: Counter[str] = Counter()
    t0 = time.perf_counter()
    for row in data:
        preds = extract(row["text"])
        gold = row["quantities"]
        c["pred"] += len(preds)
        c["gold"] += len(gold)
        used: set[int] = set()
        for g in gold:
            gv, gh = _gold_value(str(g["value"]))
            if gv is None:
                continue
            hit = next(
                (
                    i
                    for i, p in enumerate(preds)
                    if i not in used
                    and _close(p.value, gv)
                    and (gh is None or (getattr(p, "high", None) is not None and _close(p.high, gh)))
                ),
                None,
            )
            if hit is None:
                continue
            used.add(hit)
            c["tp"] += 1
            c["tp_unit"] += _unit_ok(preds[hit].unit, g)
            c["tp_change"] += _change(preds[hit]) == g["change"]
    secs = time.perf_counter() - t0

    def prf(tp: int) -> dict[str, float]:
        p, r = tp / c["pred"] if c["pred"] else 0.0, tp / c["gold"] if c["gold"] else 0.0
        return {
            "p": round(100 * p, 1),
            "r": round(100 * r, 1),
            "f1": round(200 * p * r / (p + r), 1) if p + r else 0.0,
        }

    return {
        "sentences": len(data),
        "gold": c["gold"],
        "pred": c["pred"],
        "value": prf(c["tp"]),
        "value+unit": prf(c["tp_unit"]),
        "value+change": prf(c["tp_change"]),
        "seconds": round(secs, 2),
    }


def yuqing_figures(text: str) -> list[Any]:
    from yuqing.nlp.extract._dates import extract_dates
    from yuqing.nlp.extract._figures import extract_figures

    dates = [(d.start, d.end) for d in extract_dates(text, None, "en")]
    return extract_figures(text, "en", exclude=dates)


def naive_figures(text: str) -> list[Any]:
    """Baseline: every digit group is a value (commas removed), no scale, unit or change."""
    from yuqing.nlp.extract._figures import Figure

    return [
        Figure(m.start(), m.end(), m.group(), float(m.group().replace(",", "")), None, "count")
        for m in re.finditer(r"\d+(?:,\d{3})*(?:\.\d+)?", text)
    ]


# -- seed articles -------------------------------------------------------------------------------------
def score_seed() -> dict[str, Any]:
    from yuqing.nlp.extract._pipeline import extract_article
    from yuqing.nlp.extract._score import score_article, summarise

    gold = json.loads((ROOT / "tests" / "data" / "news_gold.json").read_text(encoding="utf-8"))
    tot: Counter[str] = Counter()
    for name, g in gold["articles"].items():
        text = (SHARED / "news" / f"{name}.txt").read_text(encoding="utf-8")
        tot += score_article(extract_article(text, article=name), g, text)
    return summarise(tot)


# -- speed -----------------------------------------------------------------------------------------------
def speed(data: list[tuple[str, list[dict[str, Any]]]]) -> dict[str, Any]:
    """Full-article extraction (events + figures + quotes) per article vs the naive quote regex (baseline in
    the same process), and the timeline merge on many synthetic items vs an all-pairs merge."""
    from yuqing.nlp.extract._pipeline import extract_article

    texts = [t for t, _ in data]
    t0 = time.perf_counter()
    for t in texts:
        extract_article(t, lang="en")
    full = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        naive_quotes(t)
    base = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    return {
        "articles": len(texts),
        "chars": chars,
        "extract_seconds": round(full, 3),
        "ms_per_article": round(1000 * full / max(1, len(texts)), 1),
        "naive_quote_regex_seconds": round(base, 4),
        "ratio_vs_naive": round(full / max(base, 1e-9), 1),
        "timeline_merge": _merge_speed(),
    }


def _merge_speed(n: int = 4000) -> dict[str, Any]:
    """Timeline event merging on ``n`` SYNTHETIC events (dates over two years): indexed candidate pairs vs
    all pairs, same union-find and the same test per pair."""
    import random

    from yuqing.analyses import timeline as tl

    rnd = random.Random(0)
    dates: list[str] = []
    toks: list[set[str]] = []
    for i in range(n):
        d = f"2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        dates.append(d if i % 5 else d[:7])
        toks.append({f"w{rnd.randint(0, 300)}" for _ in range(8)})

    def same(i: int, j: int) -> bool:
        return tl._dates_agree(dates[i], dates[j]) and tl._jaccard(toks[i], toks[j]) >= 0.25

    t0 = time.perf_counter()
    g1 = tl._groups(n, same, tl._date_pairs(dates))
    fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    g2 = tl._groups(n, same, ((i, j) for i in range(n) for j in range(i + 1, n)))
    slow = time.perf_counter() - t0
    same_groups = sorted(map(sorted, g1)) == sorted(map(sorted, g2))
    return {
        "events": n,
        "indexed_seconds": round(fast, 3),
        "all_pairs_seconds": round(slow, 3),
        "speedup": round(slow / max(fast, 1e-9), 1),
        "same_groups": same_groups,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear-split", default="test")
    ap.add_argument("--limit", type=int, default=0, help="first N PolNeAR articles only (0 = all)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not POLNEAR.exists():
        print("shared data not found: ../shared/data/reference", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    from yuqing.nlp.extract import extract_quotes  # noqa: F401  (import time measured)

    import_s = time.perf_counter() - t0
    data = read_polnear(args.polnear_split)
    if args.limit:
        data = data[: args.limit]
    res: dict[str, Any] = {"import_seconds": round(import_s, 2)}
    res["polnear"] = {
        "yuqing": score_quotes(data, yuqing_quotes),
        "naive": score_quotes(data, naive_quotes),
        "reference": {"textacy content F1": 0.715, "textacy content+speaker F1": 0.652},
    }
    res["newsquant"] = {
        "yuqing": score_newsquant(yuqing_figures),
        "naive": score_newsquant(naive_figures),
        "reference": {"CQE value F1": 86.2, "quantulum3": 73.1, "recognizers-text": 68.3},
    }
    res["seed_articles"] = score_seed()
    res["speed"] = speed(data)
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    pq, nq = res["polnear"]["yuqing"], res["polnear"]["naive"]
    print(f"PolNeAR {args.polnear_split}: {pq['articles']} articles, {pq['gold']} gold direct quotes")
    for k in ("content_overlap", "content_exact", "content+speaker"):
        ratio = pq[k]["f1"] / nq[k]["f1"] if nq[k]["f1"] else float("nan")
        print(
            f"  {k:16s} yuqing P {pq[k]['p']:.3f} R {pq[k]['r']:.3f} F1 {pq[k]['f1']:.3f} | naive F1 "
            f"{nq[k]['f1']:.3f} | ratio {ratio:.2f}"
        )
    print(
        f"  time: yuqing {pq['seconds']} s, naive {nq['seconds']} s (ratio {pq['seconds'] / max(nq['seconds'], 1e-9):.0f}x)"
        "; reference textacy F1 content 0.715, content+speaker 0.652"
    )
    yq, nv = res["newsquant"]["yuqing"], res["newsquant"]["naive"]
    print(f"NewsQuant: {yq['sentences']} sentences, {yq['gold']} gold quantities")
    for k in ("value", "value+unit", "value+change"):
        ratio = yq[k]["f1"] / nv[k]["f1"] if nv[k]["f1"] else float("nan")
        print(
            f"  {k:13s} yuqing P {yq[k]['p']:.1f} R {yq[k]['r']:.1f} F1 {yq[k]['f1']:.1f} | naive F1 {nv[k]['f1']:.1f}"
            f" | ratio {ratio:.2f}"
        )
    print("  reference value F1: CQE 86.2, quantulum3 73.1, recognizers-text 68.3")
    sp = res["speed"]
    print(
        f"Speed: extract_article {sp['ms_per_article']} ms/article ({sp['articles']} PolNeAR articles, "
        f"{sp['chars']} chars; {sp['ratio_vs_naive']}x the naive quote regex); import {res['import_seconds']} s"
    )
    tm = sp["timeline_merge"]
    print(
        f"  timeline merge of {tm['events']} synthetic events: indexed {tm['indexed_seconds']} s, all pairs "
        f"{tm['all_pairs_seconds']} s (speedup {tm['speedup']}x, same groups: {tm['same_groups']})"
    )
    print("Seed articles (development data, hand-written gold):")
    for k, v in res["seed_articles"].items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
