"""``bench/ingest.py`` keeps running (a small file; the figures themselves are not checked: they are timings)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ingest_bench_runs_and_prints_its_ratios() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest.py"), "--rows", "3000", "--slow-rows", "300", "--repeat", "2",
         "--native"],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout
    assert len(re.findall(r"^run \d: baseline [\d,]+ rows/s, yuqing [\d,]+ rows/s", out, re.M)) == 2
    for label in ("baseline read_json", "DuckDB extract, no checks", "DuckDB floor", "yuqing ingest",
                  "yuqing record path", "yuqing fast path (same rows)"):
        assert re.search(rf"^{re.escape(label)}.* [\d,]+ rows/s", out, re.M), label
    ratio = re.search(r"^ratio yuqing / baseline \(throughput\): ([\d.]+)", out, re.M)
    assert ratio and float(ratio.group(1)) > 0
    cpu = re.search(r"^yuqing CPU time \(all threads, until closed\): ([\d.]+) s \(median of the runs\) = ([\d.]+) CPU-s "
                    r"per 1M posts", out, re.M)
    assert cpu and float(cpu.group(1)) > 0 and float(cpu.group(2)) > float(cpu.group(1)), out
