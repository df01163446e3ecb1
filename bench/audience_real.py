"""Audience analyses on the real data: builds a DuckDB store from ../shared/data and prints the figures yuqing gives.

Imports the Weibo hot-search lists, the Lei Jun follower log and the 4,573 comments with yuqing's own importers
(``ingest_file``, as ``yuqing ingest`` does), and loads the five largest CED cascades and a few IRA account
timelines with the subset loaders in tests/_audience_data.py (the ``ced`` and ``ira`` importers read whole files:
5 and 12 minutes here, docs/importers-real.md), then runs trending, followers, bursts and silences and prints their key figures, and the time of each analysis as
a ratio to a baseline computed in the same process (a plain pandas pass over the same rows: group-by counts for
trending/bursts, consecutive differences for silences).

    nice .venv/bin/python bench/audience_real.py --db /tmp/audience-real.duckdb
    .venv/bin/yuqing --db /tmp/audience-real.duckdb trending --match 雷军 --match 小米

Nothing derived from the data is written outside the given store.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._audience_data import iter_ced, load_ced, load_ira  # noqa: E402

from yuqing.analyses.bursts import Bursts  # noqa: E402
from yuqing.analyses.followers import Followers  # noqa: E402
from yuqing.analyses.silences import Silences  # noqa: E402
from yuqing.analyses.trending import Trending  # noqa: E402
from yuqing.sources import ingest_file  # noqa: E402
from yuqing.store import open_store  # noqa: E402
from yuqing.store.base import Store  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
IRA = ("TodayNYCity", "AntonHayHay", "mrclydepratt", "BatonRougeVoice", "Jenn_Abrams")
COMMENTS_ROOT = "5017599890950579"


def _one(pattern: str) -> Path:
    found = sorted(DATA.glob(pattern))
    if not found:
        raise SystemExit(f"missing real data {pattern} under {DATA}")
    return found[0]


def build(store: Store) -> list[str]:
    """Load everything once (skipped when the store already has rows); returns the CED cascade roots loaded."""
    ced = _one("weibo/ced_rumor/ced_microblogs_with_reposts.jsonl.gz")
    sizes = sorted(((len(d["reposts"]), d["file"]) for _, d in iter_ced(ced)), reverse=True)[:5]
    roots = [f.split("_")[1] for _, f in sizes]
    if store.fetchall("SELECT count(*) FROM posts")[0][0]:
        return roots
    t = time.perf_counter()
    for what, pattern in (("hot-search rows", "weibo/hot_search/weibo_hot_search_daily_*.csv"),
                          ("follower snapshots", "followers/leijun_followers_daily_*.csv"),
                          ("comments", "weibo/comments/weibo_comments_post*.csv")):
        rep = ingest_file(store, _one(pattern))
        print(f"{what} ({rep.importer}): read {rep.read}, stored {rep.stored}, quarantined {rep.quarantined}")
    print("CED rows (5 largest cascades)", load_ced(store, ced, files={f for _, f in sizes}))
    print("IRA tweets", load_ira(store, _one("coordination/ira_tweets.csv.zst"), set(IRA)))
    print(f"loaded in {time.perf_counter() - t:.1f} s")
    return roots


def timed(fn: Callable[[], Any], base: Callable[[], Any]) -> tuple[Any, float, float]:
    t0 = time.perf_counter()
    base()
    t1 = time.perf_counter()
    out = fn()
    t2 = time.perf_counter()
    return out, t2 - t1, (t2 - t1) / max(t1 - t0, 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/audience-real.duckdb")
    args = ap.parse_args()
    store = open_store(args.db)
    roots = build(store)

    def count_base(sql: str) -> Callable[[], Any]:
        return lambda: pd.DataFrame(store.fetchall(sql)).groupby(0).size()

    tr, sec, ratio = timed(lambda: Trending(match=("雷军", "小米")).run(store).data,
                           count_base("SELECT list_date, title FROM trending"))
    print(f"\ntrending 雷军|小米: {tr['matched_entries']} of {tr['total_entries']} entries on {tr['days_listed']} days "
          f"({sec:.2f} s, {ratio:.1f}x a plain read of the table)")
    for b in tr["bursts"]:
        print(f"  burst {b['start']}..{b['end']} level {b['level']} entries {b['entries']} best rank {b['best_rank']} "
              f"peak {b['peak_day']} weight {b['weight']}")

    fo = Followers(account="雷军", window_days=30).run(store).data
    print("\nfollowers of 雷军, 30-day window")
    for p in fo["platforms"]:
        ch, w = p["change"], p["worst_window"]
        print(f"  {p['platform']}: {p['points']} points, glitches {[(str(g['date']), g['followers'], g['type']) for g in p['glitches']]}")
        print(f"    last 30 days {ch['from']['date']}..{ch['to']['date']}: {ch['change']:+,} ({ch['pct']:+.3%}); "
              f"worst 30-day window {w['from']['date']}..{w['to']['date']}: {w['change']:+,}")

    for by in ("day", "hour"):
        bu, sec, ratio = timed(lambda by=by: Bursts(root=COMMENTS_ROOT, by=by).run(store).data,
                               count_base(f"SELECT created_at FROM posts WHERE root_id = '{COMMENTS_ROOT}'"))
        top = sorted(bu["bursts"], key=lambda b: -b["weight"])[:3]
        print(f"\ncomments on {COMMENTS_ROOT} per {by}: {bu['total']} in {bu['bins']} bins, peak {bu['peak']} "
              f"({sec:.2f} s, {ratio:.1f}x a plain read)")
        for b in top:
            print(f"  burst {b['start']}..{b['end']} level {b['level']} count {b['count']} weight {b['weight']}")
    print("\nCED cascades (5 largest), bursts per hour")
    for r in roots:
        bu = Bursts(root=r, by="hour").run(store).data
        b = max(bu["bursts"], key=lambda x: x["weight"]) if bu["bursts"] else None
        print(f"  {r}: {bu['total']} rows over {bu['bins']} hours, peak {bu['peak']['count']} at {bu['peak']['bin']}; "
              f"{len(bu['bursts'])} bursts" + (f", strongest {b['start']}..{b['end']} ({b['count']} rows)" if b else ""))

    print("\nIRA silences (active-hour Poisson model, alpha 0.01 Bonferroni)")
    for a in IRA:
        si, sec, ratio = timed(lambda a=a: Silences(account=a).run(store).data,
                               lambda a=a: pd.Series([r[0] for r in store.fetchall(
                                   f"SELECT created_at FROM posts WHERE account_id = '{a}' ORDER BY created_at")]
                               ).diff().max())
        longest = max(si["silences"], key=lambda s: s["days"]) if si["silences"] else None
        print(f"  {a}: {si['posts']} posts, {si['model']['n_gaps']} gaps judged, {len(si['silences'])} silences"
              + (f"; longest {longest['start']}..{longest['end']} ({longest['days']} d, {longest['expected_posts']} "
                 f"posts expected, p_adj {longest['p_adjusted']:.2g})" if longest else "")
              + f" ({sec:.2f} s, {ratio:.0f}x the max-gap baseline)")
    store.close()


if __name__ == "__main__":
    main()
