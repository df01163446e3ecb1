"""The demo's main job: ingest the simulated files, run the enrichment steps, write the charts and the report.

Steps run in order and each reports what it did (counts, seconds). A step that fails stops the job with its
error: the demo must show the whole system working, not hide a broken part.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from yuqing.demo.simulate import DemoWorld
from yuqing.sources import ingest_file
from yuqing.store.base import Store

console = Console(stderr=True)  # progress on stderr, like the CLI's messages

LEADER = "周明"
COMPANY = "火星科技"
SYMBOL = "DEMO.HK"
INDEX = "DEMOIDX"
TERMS = ("周明", "火星")
CLAIM = "安全不是一切的基础和前提"  # a circulating, altered version of what the leader posted; traced in the report

Step = Callable[[Store, Path], dict[str, Any]]


def _sentiment(store: Store, out: Path) -> dict[str, Any]:
    from yuqing.nlp.sentiment import PostScorer

    res = PostScorer(task="polarity").run(store)
    return {"selected": res["selected"], "scored": res["scored"], "models": res["models"]}


def _coordination(store: Store, out: Path) -> dict[str, Any]:
    from yuqing.analyses import save_run
    from yuqing.analyses.coordination import Coordination

    res = Coordination().run(store)
    save_run(store, res.data)
    clusters = res.data.get("clusters", [])
    return {"run_id": res.data.get("run_id"), "clusters": len(clusters),
            "top_cluster": clusters[0]["cluster_id"] if clusters else None,
            "accounts": sum(len(c.get("accounts", [])) for c in clusters)}


def _news(store: Store, out: Path) -> dict[str, Any]:
    from yuqing.nlp.extract import extract_article, save_extraction, stored_articles

    totals: dict[str, int] = {}
    arts = stored_articles(store)
    for a in arts:
        ex = extract_article(a["body"] or "", a["published"], a.get("lang") or None, article=a["article_id"])
        for k, v in save_extraction(store, ex).items():
            totals[k] = totals.get(k, 0) + v
    return {"articles": len(arts), **totals}


def _charts(store: Store, out: Path) -> dict[str, Any]:
    """One standalone HTML chart per analysis that has one (the report embeds the same charts)."""
    from yuqing.reports import run_sections
    from yuqing.reports.charts import echarts_html

    written = []
    for sec in run_sections(store, _subject(), None, None):
        if sec.result is not None and sec.result.chart:
            path = out / "charts" / f"{sec.name}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(echarts_html(sec.result.chart, f"{sec.title} (SYNTHETIC demo data)"), encoding="utf-8")
            written.append(str(path))
    return {"charts": len(written)}


def _report(store: Store, out: Path) -> dict[str, Any]:
    from yuqing.reports import write_report

    rep = write_report(store, LEADER, None, None, out / "report.html", None, subject=_subject(),
                       overrides={"quote_trace": {"claim": CLAIM}})
    d = rep.as_dict()
    status: dict[str, int] = {}
    for s in d["sections"]:
        status[s["status"]] = status.get(s["status"], 0) + 1
    return {"report": str(out / "report.html"), "sections": status,
            "findings": sum(len(s["findings"]) for s in d["sections"])}


def _subject() -> Any:
    from yuqing.analyses import Subject

    return Subject(LEADER, company=COMPANY, symbol=SYMBOL, index=INDEX, series="trending:火星", terms=TERMS)


def _store_subject(store: Store, out: Path) -> dict[str, Any]:
    """Store the demo's subject, so that ``--subject 周明`` works on the demo store."""
    from yuqing.analyses import save_subjects

    return {"subjects": save_subjects(store, [_subject()])}


STEPS: list[tuple[str, Step]] = [
    ("subject", _store_subject),
    ("sentiment", _sentiment),
    ("coordination", _coordination),
    ("news", _news),
    ("charts", _charts),
    ("report", _report),
]


def run_demo(store: Store, world: DemoWorld, out: Path) -> dict[str, Any]:
    imports = []
    for f in world.files:
        rep = ingest_file(store, f)
        imports.append(rep.as_dict())
        console.print(f"ingested {f.name}: read {rep.read:,}, stored {rep.stored:,}, quarantined {rep.quarantined}")
    steps: list[dict[str, Any]] = []
    for name, fn in STEPS:
        t0 = time.perf_counter()
        with console.status(f"{name}…"):
            res = fn(store, out)
        steps.append({"step": name, "seconds": round(time.perf_counter() - t0, 1), **res})
        console.print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in res.items()), highlight=False, soft_wrap=True)
    db = store.url
    top = next((s.get("top_cluster") for s in steps if s["step"] == "coordination"), None) or "CLUSTER_ID"
    return {
        "synthetic": True,
        "planted": world.planted,
        "imports": [{k: i[k] for k in ("path", "read", "stored", "duplicate", "quarantined")} for i in imports],
        "steps": steps,
        "tables": store.counts(),
        "next": [
            "This store holds SYNTHETIC data about a fictional company (火星科技, CEO 周明, DEMO.HK). Next:",
            f"  open {out / 'report.html'}   # the situation report, evidence appendix included",
            f"  .venv/bin/yuqing --db {db} serve --entity {LEADER} --company {COMPANY} --symbol {SYMBOL} "
            f"--index {INDEX}   # the dashboard at http://127.0.0.1:8000",
            f"  .venv/bin/yuqing --db {db} incidents --subject {LEADER}   # the incidents, most severe first",
            f"  .venv/bin/yuqing --db {db} cadence {LEADER} --by week",
            f"  .venv/bin/yuqing --db {db} coordination show {top}   # the planted ring's evidence",
            f"  .venv/bin/yuqing --db {db} quotes trace '{CLAIM}' --speaker {LEADER}",
            f"  .venv/bin/yuqing --db {db} impact {SYMBOL} --index {INDEX} --events-from store",
            f"  (planted for checking: {_planted_line(world.planted)})",
        ],
    }


def _planted_line(planted: dict[str, Any]) -> str:
    ring = planted.get("campaign_accounts") or []
    return (f"silence {'..'.join(planted.get('silence', []))}, campaign ring of {len(ring)} accounts, "
            f"events {', '.join(planted.get('events', []))}")

