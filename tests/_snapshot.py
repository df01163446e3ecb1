"""Behaviour snapshot: every analysis, and the report built from them, on the demo store and on real data.

Each analysis runs with fixed parameters on (a) the demo world after the demo's own pipeline (sentiment,
coordination run, news extraction) and (b) a store of real third-party data from ``../shared/data`` (Xiaomi and
HSI prices, the Weibo trending lists, the comments on one post, Lei Jun's follower log, the three news
articles), ingested with :func:`yuqing.sources.ingest_file`. The report is built for the same subjects.

Only sha256 digests of the canonical JSON are kept (the real data's text must not be committed), with row and
evidence counts beside them so a mismatch points somewhere. ``tests/data/behaviour_snapshot.json`` holds the
digests taken from the code before the architecture change; ``test_behaviour_snapshot.py`` recomputes and
compares them. Regenerate (only for an intended change, say which in the commit):
``.venv/bin/python -m tests._snapshot --write``; ``--dump DIR`` writes the full JSON documents for a diff.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YUQING_SHARED", ROOT.parent / "shared" / "data"))
GOLDEN = ROOT / "tests" / "data" / "behaviour_snapshot.json"

# parameters that hit the demo world (周明 / 火星科技 / DEMO.HK), one run per analysis
DEMO_PARAMS: dict[str, dict[str, Any]] = {
    "bursts": {"account": "周明", "by": "day"},
    "cadence": {"account": "周明", "by": "week", "since": date(2025, 3, 1), "until": date(2025, 5, 31)},
    "coordination": {},
    "drawdown": {"symbol": "DEMO.HK", "since": date(2025, 1, 1), "until": date(2025, 11, 30), "shares": 2.5e10},
    "followers": {"account": "周明", "window_days": 30},
    "impact": {"symbol": "DEMO.HK", "index": "DEMOIDX", "events": ((date(2025, 3, 29), "crash"),)},
    "incidents": {"account": "周明", "organisation": "火星科技", "symbol": "DEMO.HK", "index": "DEMOIDX",
                  "series": "trending:火星", "terms": ("周明", "火星")},
    "leadlag": {"symbol": "DEMO.HK", "series": "trending:火星", "index": "DEMOIDX"},
    "mood": {"target": "account:周明"},
    "quote_archive": {"speaker": "周明"},
    "quote_trace": {"claim": "安全不是一切的基础和前提", "speaker": "周明", "max_posts": 40},
    "silences": {"account": "周明"},
    "timeline": {"entity": "火星科技"},
    "trending": {"match": ("周明", "火星")},
}

REAL_FILES: list[tuple[str, dict[str, Any]]] = [
    ("market/1810.HK_yahoo_daily_2021-01-04_2026-03-26.csv", {}),
    ("market/HSI_yahoo_daily_2021-06-24_2026-06-23.csv", {}),
    ("weibo/hot_search/weibo_hot_search_daily_*.csv", {}),
    ("weibo/comments/weibo_comments_post5017599890950579_*.csv", {}),
    ("followers/leijun_followers_daily_weibo_douyin_2026-06-24_2026-08-22.json", {}),
    ("news/000_*.txt", {}),
    ("news/001_*.txt", {}),
    ("news/002_*.txt", {}),
]

REAL_PARAMS: dict[str, dict[str, Any]] = {
    "bursts": {"root": "5017599890950579", "by": "hour"},
    "coordination": {},
    "drawdown": {"symbol": "1810.HK", "since": date(2025, 1, 1), "until": date(2025, 11, 30)},
    "followers": {"account": "雷军", "window_days": 30},
    "impact": {"symbol": "1810.HK", "index": "^HSI",
               "events": ((date(2025, 3, 29), "SU7 crash"), (date(2025, 9, 19), "recall"),
                          (date(2025, 10, 13), "Chengdu crash"))},
    "incidents": {"account": "雷军", "organisation": "小米", "symbol": "1810.HK", "index": "^HSI",
                  "series": "trending:雷军|小米", "terms": ("雷军", "小米")},
    "leadlag": {"symbol": "1810.HK", "series": "trending:雷军|小米", "index": "^HSI"},
    "mood": {"target": "text:雷军"},
    "timeline": {"entity": "Xiaomi"},
    "trending": {"match": ("雷军", "小米")},
}


def canonical(obj: Any) -> bytes:
    from yuqing.cli._output import dumps_json

    return orjson.dumps(orjson.loads(dumps_json(obj)), option=orjson.OPT_SORT_KEYS)


def _digest(obj: Any) -> str:
    return hashlib.sha256(canonical(obj)).hexdigest()[:24]


def _result_doc(res: Any) -> dict[str, Any]:
    return {"data": res.data, "rows": res.rows, "evidence": res.evidence, "chart": res.chart}


def _run_all(store: Any, params: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    from yuqing.analyses import analyses
    from yuqing.core import YuqingError

    digests: dict[str, Any] = {}
    docs: dict[str, Any] = {}
    for name, cls in analyses().items():
        if name not in params:
            continue
        try:
            res = cls(**params[name]).run(store)
        except YuqingError as exc:
            doc: dict[str, Any] = {"error": f"{type(exc).__name__}: {exc}"}
            digests[name] = {"sha": _digest(doc), "error": True}
        else:
            doc = _result_doc(res)
            digests[name] = {"sha": _digest(doc), "rows": len(res.rows), "evidence": len(res.evidence)}
        docs[name] = doc
    return digests, docs


def _report(store: Any, subject: Any, overrides: dict[str, dict[str, Any]] | None) -> tuple[dict[str, Any], Any]:
    from yuqing.reports import build_report

    rep = build_report(store, subject, None, None, overrides=overrides)
    d = rep.as_dict()
    d.pop("generated_at", None)
    out: dict[str, Any] = {}
    for s in d["sections"]:
        out[s["analysis"]] = {"sha": _digest(s), "status": s["status"], "findings": len(s["findings"])}
    return out, d


def demo_snapshot(tmp: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    from yuqing.analyses import Subject
    from yuqing.demo import simulate
    from yuqing.demo.pipeline import COMPANY, INDEX, LEADER, SYMBOL, TERMS, run_demo
    from yuqing.store import open_store

    world = simulate(tmp / "data", seed=7)
    store = open_store(str(tmp / "demo.duckdb"))
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run_demo(store, world, tmp / "out")
        digests, docs = _run_all(store, DEMO_PARAMS)
        subject = Subject(LEADER, company=COMPANY, symbol=SYMBOL, index=INDEX, series="trending:火星", terms=TERMS)
        rep, rep_doc = _report(store, subject, {"quote_trace": {"claim": DEMO_PARAMS["quote_trace"]["claim"]}})
    finally:
        store.close()
    return {"analyses": digests, "report": rep}, {"analyses": docs, "report": rep_doc}


def real_snapshot(tmp: Path) -> tuple[dict[str, Any], dict[str, Any]] | None:
    import glob

    from yuqing.analyses import Subject
    from yuqing.sources import ingest_file
    from yuqing.store import open_store

    paths = []
    for rel, opts in REAL_FILES:
        found = sorted(glob.glob(str(SHARED / rel)))
        if not found:
            return None
        paths.append((found[0], opts))
    store = open_store(str(tmp / "real.duckdb"))
    try:
        for p, opts in paths:
            ingest_file(store, p, options=opts)
        digests, docs = _run_all(store, REAL_PARAMS)
        subject = Subject("雷军", company="小米", symbol="1810.HK", index="^HSI", series="trending:雷军|小米")
        rep, rep_doc = _report(store, subject, None)
    finally:
        store.close()
    return {"analyses": digests, "report": rep}, {"analyses": docs, "report": rep_doc}


def snapshot(tmp: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    (tmp / "demo").mkdir(parents=True, exist_ok=True)
    (tmp / "real").mkdir(parents=True, exist_ok=True)
    demo, demo_docs = demo_snapshot(tmp / "demo")
    real = real_snapshot(tmp / "real")
    digests: dict[str, Any] = {"demo": demo}
    docs: dict[str, Any] = {"demo": demo_docs}
    if real is not None:
        digests["real"], docs["real"] = real
    return digests, docs


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help=f"write the digests to {GOLDEN.relative_to(ROOT)}")
    ap.add_argument("--dump", type=Path, help="write the full JSON documents under this folder (not committed)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        digests, docs = snapshot(Path(tmp))
    text = orjson.dumps(digests, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2).decode() + "\n"
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for part, doc in docs.items():
            (args.dump / f"{part}.json").write_bytes(orjson.dumps(orjson.loads(canonical(doc)),
                                                                  option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2))
    if args.write:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    else:
        sys.stderr.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
