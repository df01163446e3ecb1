"""Ingest throughput: yuqing's pipeline against a raw DuckDB ``read_json`` of the same file, in one process.

    nice .venv/bin/python bench/ingest.py               # 1,000,000 synthetic posts
    nice .venv/bin/python bench/ingest.py --rows 100000 # quick run
    nice .venv/bin/python bench/ingest.py --repeat 5    # 5 alternating runs of both; medians (noisy machines)

The file is SYNTHETIC (generated here: ``[synthetic]`` texts, made-up ids and users; no real data). It is
imported three ways into fresh DuckDB stores:

* ``yuqing``: ``ingest_file(store, f, "jsonl_posts", {"map": ...})`` -- validation (types, keys, times to UTC),
  de-duplication against the store, provenance (src_file, src_line, raw, import id) and the author
  ``accounts`` rows, in one transaction. This takes the importer's Arrow fast path for clean blocks.
* ``yuqing (record path)``: the same with ``-o fast=0``: every record goes through the per-record Python
  converter (the reference behaviour the fast path must match). Run on ``--slow-rows`` rows only (slow).
* ``baseline``: ``CREATE TABLE t AS SELECT * FROM read_json(f, format='newline_delimited')`` -- no
  validation, no provenance, no de-duplication.

* ``DuckDB extract`` (``--native``): DuckDB alone reads the lines (raw kept) and extracts the mapped fields
  with ``json_extract_string``, a ``strptime`` and casts -- no validation, provenance, accounts or
  de-duplication.
* ``DuckDB floor`` (``--native``): DuckDB alone doing only what no importer can skip: the same fields, the raw
  line, line numbers and the provenance columns into yuqing's own ``posts`` table, the de-duplication against the
  store and one ``accounts`` row per author, in one transaction (no validation). A lower bound on this machine.

``--workers N`` sets the threads that parse blocks in yuqing's import (default 2). Each timing runs until the store/connection is closed, so DuckDB's checkpoint on close counts on both sides.
Prints rows/s for each, the ratio yuqing / baseline and the CPU seconds of the yuqing import (all threads).
Writes only to a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from yuqing.sources import ingest_file  # noqa: E402
from yuqing.store import open_store  # noqa: E402

MAP = ("post_id:id,text:text,created_at:created_at,account_id:user_id,account_name:user_name,kind:kind,"
       "parent_id:parent_id,likes:likes,reposts:reposts,comments:comments,lang:lang")
KINDS = ("post", "post", "post", "repost", "comment")


def generate(path: Path, rows: int) -> None:
    """Write ``rows`` SYNTHETIC posts as JSON Lines (deterministic)."""
    with open(path, "wb") as fh:
        buf: list[bytes] = []
        for i in range(rows):
            kind = KINDS[i % len(KINDS)]
            rec = {
                "id": f"syn{i}",
                "text": f"[synthetic] post {i} about topic {i % 97} #tag{i % 13}#",
                "created_at": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}",
                "user_id": 10_000 + i % 5_000,
                "user_name": f"synthetic_user_{i % 5_000}",
                "kind": kind,
                "parent_id": f"syn{i // 2}" if kind != "post" else None,
                "likes": (i * 31) % 10_000,
                "reposts": (i * 17) % 1_000,
                "comments": (i * 13) % 500,
                "lang": "zh",
            }
            buf.append(orjson.dumps(rec))
            if len(buf) >= 10_000:
                fh.write(b"\n".join(buf) + b"\n")
                buf = []
        if buf:
            fh.write(b"\n".join(buf) + b"\n")


def head(src: Path, dst: Path, rows: int) -> None:
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        for n, line in enumerate(fi):
            if n >= rows:
                break
            fo.write(line)


def settle() -> None:
    """Write out what earlier steps left in the page cache (the generated file, the previous store) before a
    timing starts, so that the kernel's writeback of one run does not run during the next (untimed)."""
    os.sync()


def time_yuqing(db: Path, f: Path, rows: int, fast: bool, workers: int = 2) -> tuple[float, float]:
    """Seconds from the start of the import to the store closed (DuckDB's checkpoint on close is counted: a
    store left with partial row groups pays for them there), and the CPU seconds of this process (all its
    threads, DuckDB's included) over the same span: the work done, whatever the wait, to compare machines."""
    store = open_store(str(db))
    settle()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        rep = ingest_file(store, f, "jsonl_posts", {"map": MAP, "platform": "synthetic", "fast": "1" if fast else "0",
                                                   "workers": workers})
    finally:
        store.close()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert (rep.read, rep.stored, rep.quarantined) == (rows, rows, 0), rep.as_dict()
    assert count_rows(db, "posts") == rows
    return dt, cpu


def count_rows(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    finally:
        con.close()
    return int(n[0]) if n else -1


FIELDS = ("id", "text", "created_at", "user_id", "user_name", "kind", "parent_id", "likes", "reposts", "comments",
          "lang")


def _lines(f: Path) -> str:
    """SQL reading the file's lines whole (one VARCHAR column ``line``) and the mapped fields ``v[1..11]``."""
    paths = ", ".join(f"'$.{k}'" for k in FIELDS)
    return (f"SELECT line, json_extract_string(line, [{paths}]) AS v FROM read_csv('{f}', "
            "columns={'line': 'VARCHAR'}, delim='\x01', quote='', escape='', header=false, auto_detect=false)")


def _timed_sql(db: Path, rows: int, table: str, statements: list[str], schema: bool = False) -> float:
    """Seconds for ``statements`` in one transaction until the database is closed (as for yuqing); ``schema``:
    on a yuqing store (its tables created first, untimed) instead of a bare DuckDB file."""
    store = open_store(str(db)) if schema else None
    con = store.con if store is not None else duckdb.connect(str(db))  # type: ignore[attr-defined]
    settle()
    try:
        t0 = time.perf_counter()
        con.execute("BEGIN")
        for sql in statements:
            con.execute(sql)
        con.execute("COMMIT")
    finally:
        con.close()
    dt = time.perf_counter() - t0
    assert count_rows(db, table) == rows
    return dt


def time_baseline(db: Path, f: Path, rows: int) -> float:
    """Seconds for ``CREATE TABLE AS ... read_json`` until the connection is closed (as for yuqing)."""
    return _timed_sql(db, rows, "t", [f"CREATE TABLE t AS SELECT * FROM read_json('{f}', format='newline_delimited')"])


def time_native_extract(db: Path, f: Path, rows: int) -> float:
    """DuckDB alone pulling the mapped fields out of the lines (raw line kept, no validation, provenance,
    accounts or de-duplication): what the engine itself costs for roughly the work yuqing's import does."""
    return _timed_sql(db, rows, "t", [f"""CREATE TABLE t AS
        SELECT v[1] AS post_id, v[2] AS text, strptime(v[3], '%Y-%m-%d %H:%M:%S') - INTERVAL 8 HOUR AS created_at,
               v[4] AS account_id, v[5] AS account_name, v[6] AS kind, v[7] AS parent_id,
               TRY_CAST(v[8] AS BIGINT) AS likes, TRY_CAST(v[9] AS BIGINT) AS reposts,
               TRY_CAST(v[10] AS BIGINT) AS comments, v[11] AS lang, line AS raw FROM ({_lines(f)})"""])


def time_native_floor(db: Path, f: Path, rows: int) -> float:
    """DuckDB alone doing the part of yuqing's import that no implementation can skip, and nothing else (no
    validation): the fields and the raw line into yuqing's own ``posts`` table with the provenance columns and
    line numbers, the de-duplication against the store, and one ``accounts`` row per author, in one
    transaction. A lower bound for any importer that stores into DuckDB on this machine."""
    posts = f"""INSERT INTO posts (platform, post_id, kind, account_id, account_name, created_at, tz, text, lang,
            parent_id, root_id, likes, reposts, comments, src_file, src_line, importer, importer_version, import_id,
            imported_at, raw)
        SELECT 'synthetic', v[1], coalesce(v[6], 'post'), v[4], v[5],
               strptime(v[3], '%Y-%m-%d %H:%M:%S') - INTERVAL 8 HOUR, '+08:00', v[2], v[11], v[7], v[7],
               TRY_CAST(v[8] AS BIGINT), TRY_CAST(v[9] AS BIGINT), TRY_CAST(v[10] AS BIGINT), '{f}', src_line,
               'jsonl_posts', '1', 'bench', now()::TIMESTAMP, line
        FROM (SELECT row_number() OVER () AS src_line, line, v FROM ({_lines(f)}))
        WHERE NOT EXISTS (SELECT 1 FROM posts t WHERE t.platform = 'synthetic' AND t.post_id = v[1])"""
    accounts = """INSERT INTO accounts (platform, account_id, name, src_file, src_line, importer, importer_version,
            import_id, imported_at, raw)
        SELECT platform, account_id, arg_min(account_name, src_line), any_value(src_file), min(src_line),
               any_value(importer), any_value(importer_version), any_value(import_id), any_value(imported_at),
               arg_min(raw, src_line)
        FROM posts p WHERE import_id = 'bench' AND account_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM accounts a WHERE a.platform = p.platform AND a.account_id = p.account_id)
        GROUP BY platform, account_id"""
    return _timed_sql(db, rows, "posts", [posts, accounts], schema=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--slow-rows", type=int, default=50_000, help="rows for the per-record path (0: skip)")
    ap.add_argument("--workers", type=int, default=2, help="threads parsing blocks in yuqing's import")
    ap.add_argument("--repeat", type=int, default=1, help="baseline and yuqing runs, alternating; medians printed")
    ap.add_argument("--native", action="store_true", help="also time DuckDB extracting the fields by itself")
    args = ap.parse_args()
    import pandas  # noqa: F401  # pyarrow imports it lazily; load it (seconds here, no .pyc) outside the timings
    with tempfile.TemporaryDirectory(prefix="yuqing-bench-ingest-") as tmp:
        d = Path(tmp)
        f = d / "synthetic_posts.jsonl"
        t0 = time.perf_counter()
        generate(f, args.rows)
        print(f"generated {args.rows:,} synthetic posts ({f.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        bases, yqs, cpus = [], [], []
        for rep in range(args.repeat):  # alternating, so that a slow spell of a shared machine hits both
            bases.append(time_baseline(d / f"base{rep}.duckdb", f, args.rows))
            wall, cpu = time_yuqing(d / f"yuqing{rep}.duckdb", f, args.rows, fast=True, workers=args.workers)
            yqs.append(wall)
            cpus.append(cpu)
            for db in (d / f"base{rep}.duckdb", d / f"yuqing{rep}.duckdb"):
                db.unlink()
            if args.repeat > 1:
                print(f"run {rep + 1}: baseline {args.rows / bases[-1]:,.0f} rows/s, yuqing {args.rows / yqs[-1]:,.0f} "
                      f"rows/s, ratio {bases[-1] / yqs[-1]:.3f}, yuqing CPU {cpus[-1]:.2f} s")
        base, yq = statistics.median(bases), statistics.median(yqs)
        med = f"median of {args.repeat} runs" if args.repeat > 1 else ""
        print(f"{'baseline read_json':<28} {args.rows:>10,} rows {base:8.2f} s {args.rows / base:>12,.0f} rows/s {med}")
        if args.native:
            nat = time_native_extract(d / "native.duckdb", f, args.rows)
            print(f"{'DuckDB extract, no checks':<28} {args.rows:>10,} rows {nat:8.2f} s {args.rows / nat:>12,.0f} rows/s")
            flo = time_native_floor(d / "floor.duckdb", f, args.rows)
            print(f"{'DuckDB floor (see doc)':<28} {args.rows:>10,} rows {flo:8.2f} s {args.rows / flo:>12,.0f} rows/s")
        print(f"{'yuqing ingest':<28} {args.rows:>10,} rows {yq:8.2f} s {args.rows / yq:>12,.0f} rows/s "
              f"({args.workers} parsing thread{'s' if args.workers != 1 else ''}) {med}")
        if args.repeat > 1:
            print(f"yuqing range over the runs: {args.rows / max(yqs):,.0f}-{args.rows / min(yqs):,.0f} rows/s")
        of_runs = " (median of the runs)" if args.repeat > 1 else ""
        cpu = statistics.median(cpus)
        print(f"yuqing CPU time (all threads, until closed): {cpu:.2f} s{of_runs} = "
              f"{cpu / args.rows * 1e6:.2f} CPU-s per 1M posts")
        ratio = statistics.median(b / y for b, y in zip(bases, yqs, strict=True))
        print(f"ratio yuqing / baseline (throughput): {ratio:.3f}{of_runs}")
        if args.slow_rows:
            n = min(args.slow_rows, args.rows)
            fs = d / "slow.jsonl"
            head(f, fs, n)
            slow = time_yuqing(d / "slow.duckdb", fs, n, fast=False)[0]
            fast_n = time_yuqing(d / "fast_n.duckdb", fs, n, fast=True)[0]
            print(f"{'yuqing record path':<28} {n:>10,} rows {slow:8.2f} s {n / slow:>12,.0f} rows/s")
            print(f"{'yuqing fast path (same rows)':<28} {n:>10,} rows {fast_n:8.2f} s {n / fast_n:>12,.0f} rows/s")
            print(f"ratio fast / record path (throughput): {slow / fast_n:.2f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
