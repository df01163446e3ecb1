"""Coordination benchmark: QUT coordination-network-toolkit vs yuqing on the same real slice, same run.

Positives: IRA accounts (ira_tweets.csv.zst); negatives: ordinary Weibo users of CED cascades shifted into
the slice's window keeping every gap (semi-synthetic). Prints the time ratio of the similar-text network
(toolkit: Jaccard >= threshold on word sets within the window; yuqing: MinHash template families + the Ibis
co-action join) and, for every method, account precision/recall of "coordinated" and cluster purity/NMI vs
the IRA roles (CED users count as the class "organic").

    nice .venv/bin/python bench/coordination.py --tweets 100000
    nice .venv/bin/python bench/coordination.py --tweets 50000 --slices 3 --skip-toolkit
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _coord_data import ced_rows, ira_roles, ira_rows, read_ira, to_arrow

from yuqing.analyses._coord._network import Cluster, build_clusters
from yuqing.analyses._coord._signals import CoLink, CoShare, Signal, SimilarText, SyncTiming
from yuqing.analyses._coord._text import TemplateFamilies
from yuqing.analyses.coordination import Coordination
from yuqing.store import open_store
from yuqing.store.base import Store
from yuqing.store.schema import POSTS


def score(clusters: list[list[str]], active_ira: set[str], roles: dict[str, str]) -> dict[str, Any]:
    """Account precision/recall (IRA = positive) and purity/NMI of clusters vs roles ("organic" for CED)."""
    from sklearn.metrics import normalized_mutual_info_score

    flagged = [m for c in clusters for m in c]
    pos = [m for m in flagged if m.startswith("twitter:")]
    true, pred = [], []
    hit = 0
    for k, c in enumerate(clusters):
        labels = [roles.get(m.split(":", 1)[1], "unknown") if m.startswith("twitter:") else "organic" for m in c]
        hit += Counter(labels).most_common(1)[0][1]
        true += labels
        pred += [k] * len(c)
    return {
        "flagged": len(flagged), "ira_flagged": len(pos), "active_ira": len(active_ira),
        "precision": round(len(pos) / len(flagged), 4) if flagged else None,
        "recall": round(len(set(pos) & active_ira) / len(active_ira), 4) if active_ira else None,
        "purity": round(hit / len(flagged), 4) if flagged else None,
        "nmi": round(float(normalized_mutual_info_score(true, pred)), 4) if flagged else None,
        "clusters": len(clusters),
    }


def run_yuqing(store: Store, signals: list[Signal], window: int,
               min_score: float = 0.0) -> tuple[float, list[list[str]], dict[str, Any], list[list[str]]]:
    """(seconds, clusters, pairs per signal, the clusters with score >= ``min_score``: same run, filtered)."""
    t0 = time.perf_counter()
    res = Coordination(window=window, detectors=signals, offset_hours=0).run(store)
    dt = time.perf_counter() - t0
    clusters = [[f"{a['platform']}:{a['account_id']}" for a in c["accounts"]] for c in res.data["clusters"]]
    strong = [m for m, c in zip(clusters, res.data["clusters"], strict=True) if c["score"] >= min_score]
    return dt, clusters, res.data["signals"], strong


def time_network(store: Store, signal: Signal, window: int) -> tuple[float, int]:
    """Seconds to build one signal's account network from the store (actions + co-action pairs), and its pairs;
    the same stage the toolkit's ``compute_co_similar_tweet`` times."""
    c = Coordination(window=window, detectors=[signal], offset_hours=0)
    t0 = time.perf_counter()
    tab = signal.pairs(signal.actions(c.posts(store)), window)
    return time.perf_counter() - t0, tab.num_rows


def run_toolkit(rows: list[dict[str, Any]], window: int, threshold: float, workdir: Path,
                tag: str = "") -> tuple[float, float, list[list[str]]]:
    """Toolkit similar-text network (its CLI defaults: min document size 1); (load s, network s, clusters)."""
    import sqlite3

    from coordination_network_toolkit.compute_networks import compute_co_similar_tweet
    from coordination_network_toolkit.preprocess import preprocess_data
    from coordination_network_toolkit.similarity import get_similarity_fn_from_min_size

    db = str(workdir / f"toolkit{tag}.db")
    msgs = (
        (r["post_id"], f"{r['platform']}:{r['account_id']}", r["account_id"],
         r["parent_id"] if r["kind"] == "repost" else None, r["parent_id"] if r["kind"] == "comment" else None,
         r["text"] or "", int((r["created_at"] - datetime(1970, 1, 1)).total_seconds()), [])
        for r in rows
    )
    t0 = time.perf_counter()
    preprocess_data(db, msgs)
    t1 = time.perf_counter()
    compute_co_similar_tweet(db, window, n_threads=2, similarity_threshold=threshold, min_edge_weight=1,
                             similarity_function=get_similarity_fn_from_min_size(1))
    t2 = time.perf_counter()
    con = sqlite3.connect(db)
    edges = con.execute("SELECT user_1, user_2, weight FROM co_similar_tweet_network WHERE user_1 < user_2").fetchall()
    con.close()
    tab = pa.table({"a": [e[0] for e in edges], "b": [e[1] for e in edges], "occasions": [int(e[2]) for e in edges],
                    "events": [int(e[2]) for e in edges], "first_t": [0] * len(edges), "last_t": [0] * len(edges)})
    cl: list[Cluster] = build_clusters({"text": (1.0, tab)}, min_size=2)
    return t1 - t0, t2 - t1, [c.members for c in cl]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tweets", type=int, default=100_000, help="IRA tweets per slice")
    ap.add_argument("--ced", type=int, default=None, help="CED posts per slice (default: = --tweets)")
    ap.add_argument("--start", default="2016-09-01", help="first slice starts at this UTC day")
    ap.add_argument("--slices", type=int, default=1, help="consecutive slices of --tweets tweets")
    ap.add_argument("--by-month", action="store_true",
                    help="slice by calendar month instead (up to --slices months, each with all its IRA tweets "
                         "and as many CED posts unless --ced is given); ends with a table per month")
    ap.add_argument("--window", type=int, default=60)
    ap.add_argument("--threshold", type=float, default=0.8)
    ap.add_argument("--skip-toolkit", action="store_true")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time each similar-text network this many times (the toolkit on a fresh database each "
                         "time) and compare the fastest of each")
    ap.add_argument("--min-score", type=float, default=2.0,
                    help="also score the all-signals clusters with at least this score (`--min-score` of the CLI)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    ira = read_ira()
    roles = ira_roles()
    print(f"read {len(ira):,} IRA tweets in {time.perf_counter() - t0:.1f}s", flush=True)
    ira = ira[ira["t"] >= datetime.fromisoformat(args.start)].reset_index(drop=True)
    slices: list[pd.DataFrame] = []
    if args.by_month:
        month = ira["t"].dt.to_period("M")
        slices = [g for _, g in ira.groupby(month, sort=True)][: args.slices]
    else:
        slices = [ira.iloc[k * args.tweets : (k + 1) * args.tweets] for k in range(args.slices)]
    summary: list[tuple[str, dict[str, tuple[float | None, dict[str, Any]]]]] = []
    for k, sl in enumerate(slices):
        if sl.empty:
            break
        lo = sl["t"].iloc[0].to_pydatetime()
        hi = sl["t"].iloc[-1].to_pydatetime() + timedelta(seconds=1)
        if args.by_month:
            lo = lo.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            hi = (lo + timedelta(days=32)).replace(day=1)
        rows = ira_rows(sl)
        ced, skipped = ced_rows(lo, hi, args.ced or (len(sl) if args.by_month else args.tweets), seed=k)
        rows += ced
        active = {f"twitter:{a}" for a in sl["author_id"].unique()}
        print(f"\nslice {k + 1}: {lo} .. {hi} UTC: {len(sl):,} IRA tweets ({len(active)} accounts) + "
              f"{len(ced):,} CED posts ({len({r['account_id'] for r in ced}):,} users; semi-synthetic shift; "
              f"{skipped} CED rows without a usable date)", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(str(Path(tmp) / "bench.duckdb"))
            with store.transaction():
                store.insert_new(POSTS, to_arrow(rows))
            store.table("posts").count().execute()  # warm-up: Ibis backend import is not part of the timing
            TemplateFamilies().fit_predict(["warm up the compiled kernels once"] * 2)  # numba import + cache load
            results: dict[str, tuple[float | None, dict[str, Any]]] = {}
            same_def = [SimilarText(threshold=args.threshold, kinds=("post", "comment"), min_items=1)]
            dt, cl, _, _ = run_yuqing(store, same_def, args.window)
            results["yuqing text (min_items=1)"] = (dt, score(cl, active, roles))
            nets = [time_network(store, same_def[0], args.window) for _ in range(args.repeat)]
            net_s, net_pairs = min(nets)
            results["yuqing text (min_items=1)"][1].update(network_s=round(net_s, 2), network_pairs=net_pairs,
                                                            network_runs=[round(t, 2) for t, _ in nets])
            dt, cl, _, _ = run_yuqing(store, [SimilarText(threshold=args.threshold, kinds=("post", "comment"))],
                                   args.window)
            results["yuqing text (min_items=2)"] = (dt, score(cl, active, roles))
            full = [SimilarText(threshold=args.threshold, kinds=("post", "comment")), CoShare("repost"),
                    CoShare("comment"), CoLink("urls"), CoLink("topics"), SyncTiming()]
            dt, cl, sig, strong = run_yuqing(store, full, args.window, min_score=args.min_score)
            results["yuqing all signals"] = (dt, score(cl, active, roles))
            results[f"yuqing all signals, score >= {args.min_score:g}"] = (None, score(strong, active, roles))
            print("  yuqing all signals, pairs per signal:", sig)
            if not args.skip_toolkit:
                runs = [run_toolkit(rows, args.window, args.threshold, Path(tmp), str(r)) for r in range(args.repeat)]
                load_s, net_s, cl = min(runs, key=lambda r: r[1])  # each run on a fresh toolkit database
                results["toolkit similar text"] = (net_s, score(cl, active, roles))
                results["toolkit similar text"][1]["load_s"] = round(load_s, 1)
                results["toolkit similar text"][1]["network_runs"] = [round(r[1], 2) for r in runs]
            store.close()
        for name, (dt_, sc) in results.items():
            print(f"  {name:28s} {'' if dt_ is None else f'{dt_:8.1f}s'}  {sc}")
        summary.append((f"{lo:%Y-%m-%d}..{hi:%Y-%m-%d} ({len(sl):,} IRA / {len(active)} acc., {len(ced):,} CED)",
                        results))
        if not args.skip_toolkit:
            ours = results["yuqing text (min_items=1)"][0] or 1e-9
            net = results["yuqing text (min_items=1)"][1]["network_s"] or 1e-9
            theirs = results["toolkit similar text"][0] or 0.0
            print(f"  similar-text network time ratio toolkit/yuqing: {theirs / net:.1f}x network to network "
                  f"(toolkit {theirs:.1f}s without its {results['toolkit similar text'][1]['load_s']}s load; "
                  f"yuqing {net:.1f}s from the store); {theirs / ours:.1f}x against yuqing's whole analysis "
                  f"run ({ours:.1f}s: network, clusters, evidence)")
    if len(summary) > 1:
        print_summary(summary)


def print_summary(summary: list[tuple[str, dict[str, tuple[float | None, dict[str, Any]]]]]) -> None:
    """One markdown row per slice: precision / recall per method, and the pooled account-level figures."""
    names = [n for n in summary[0][1] if n.startswith("yuqing all") or n.endswith("(min_items=1)")
             or n.startswith("toolkit")]
    print("\n| slice | " + " | ".join(f"{n} P / R" for n in names) + " |")
    print("|---|" + "---|" * len(names))
    pooled = {n: [0, 0, 0] for n in names}  # flagged, IRA flagged, active IRA
    for label, res in summary:
        cells = []
        for n in names:
            sc = res[n][1] if n in res else {}
            cells.append(f"{sc.get('precision')} / {sc.get('recall')}")
            for i, key in enumerate(("flagged", "ira_flagged", "active_ira")):
                pooled[n][i] += int(sc.get(key) or 0)
        print(f"| {label} | " + " | ".join(cells) + " |")
    cells = [f"{p[1] / p[0]:.4f} / {p[1] / p[2]:.4f}" if p[0] and p[2] else "-" for p in pooled.values()]
    print("| pooled over slices | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
