"""Incidents against the analyses they fuse, on one store, in one process.

    nice .venv/bin/python bench/incidents.py                  # the demo world + 1,000,000 synthetic posts
    nice .venv/bin/python bench/incidents.py --rows 100000    # quick run
    nice .venv/bin/python bench/incidents.py --repeat 5       # 5 alternating runs of both; medians

The store is built with the product's own path: the SYNTHETIC demo world (``yuqing.demo``: ingest, sentiment
scoring, coordination run, news extraction, as ``make demo`` does) plus ``--rows`` SYNTHETIC background posts by
other accounts (made-up ids and ``[synthetic]`` texts, imported with ``ingest_file``, the function behind
``yuqing ingest``). Then, alternating:

* ``analyses``: every analysis that publishes detections, planned for the demo subject and run with its
  ``signals()`` -- the same list, parameters and calls as the fusion makes;
* ``incidents``: the ``incidents`` analysis for the same subject (those analyses, the merge, the dossiers and one
  event study per incident).

Prints both times, the ratio incidents / analyses (what the fusion costs beyond the analyses it fuses) and the
incidents found. Writes only to a temporary directory.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

from yuqing.analyses import Analysis, analyses, plan
from yuqing.analyses.incidents import Incidents
from yuqing.demo import simulate
from yuqing.demo.pipeline import COMPANY, INDEX, LEADER, SYMBOL, TERMS, run_demo
from yuqing.sources import ingest_file
from yuqing.store import Store, open_store

MAP = "post_id:id,text:text,created_at:created_at,account_id:user_id,account_name:user_name,kind:kind"


def background(path: Path, rows: int) -> None:
    """``rows`` SYNTHETIC posts by 5,000 made-up accounts over 2025 (deterministic)."""
    with open(path, "wb") as fh:
        for i in range(rows):
            fh.write(orjson.dumps({
                "id": f"bg{i}", "text": f"[synthetic] background post {i} about topic {i % 97}",
                "created_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00",
                "user_id": 50_000 + i % 5_000, "user_name": f"synthetic_bg_{i % 5_000}",
                "kind": ("post", "repost", "comment")[i % 3]}) + b"\n")


def build(tmp: Path, rows: int) -> Store:
    store = open_store(str(tmp / "bench.duckdb"))
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        run_demo(store, simulate(tmp / "demo", seed=7), tmp / "out")
    if rows:
        f = tmp / "background.jsonl"
        background(f, rows)
        rep = ingest_file(store, f, "jsonl_posts", {"map": MAP, "platform": "weibo"})
        assert rep.stored == rows, rep.as_dict()
    return store


def subject_params() -> dict[str, str | tuple[str, ...]]:
    return {"account": LEADER, "organisation": COMPANY, "symbol": SYMBOL, "index": INDEX,
            "series": "trending:火星", "terms": TERMS}


def time_analyses(store: Store) -> float:
    subject = Incidents(**subject_params()).subject()  # type: ignore[arg-type]
    t0 = time.process_time()
    for name, cls in analyses().items():
        if name == "incidents" or cls.signals is Analysis.signals:
            continue
        params, _ = plan(cls, subject, None, None, store)
        if params is None:
            continue
        a = cls(**params)
        a.signals(a.run(store))
    return time.process_time() - t0


def time_incidents(store: Store) -> tuple[float, int]:
    t0 = time.process_time()
    res = Incidents(**subject_params()).run(store)  # type: ignore[arg-type]
    return time.process_time() - t0, len(res.rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="synthetic background posts (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="alternating runs of both (default 3)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp), args.rows)
        posts = store.counts()["posts"]
        print(f"store: {posts:,} posts (demo world + {args.rows:,} background), built in "
              f"{time.perf_counter() - t0:.1f} s")
        try:
            base: list[float] = []
            fused: list[float] = []
            found = 0
            for i in range(args.repeat):
                base.append(time_analyses(store))
                dt, found = time_incidents(store)
                fused.append(dt)
                print(f"run {i + 1}: analyses {base[-1]:.2f} CPU-s, incidents {fused[-1]:.2f} CPU-s")
        finally:
            store.close()
    b, f = statistics.median(base), statistics.median(fused)
    print(f"analyses fused (median): {b:.2f} CPU-s")
    print(f"incidents (median): {f:.2f} CPU-s, {found} incidents")
    print(f"ratio incidents / analyses: {f / b:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
